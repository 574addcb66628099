"""The decisions the agency issues about a requisition, as printable PDFs in Swedish.

Official documents are always in Swedish, whatever language the officer uses on screen.
"""

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from core import formats
from core.money import format_kronor
from core.pdf import PdfDocument
from grants.models import DeadlineKind, Grant
from grants.selectors import deadline_of

from .models import Requisition


def _received(requisition: Requisition) -> str:
    if requisition.submitted_at is None:
        return "–"
    return formats.moment_iso(requisition.submitted_at)


def _deadline_text(grant: Grant, kind: str, dated: str, not_set: str) -> str:
    """``dated`` with the grant's deadline of ``kind`` as a date, or ``not_set``."""
    deadline = deadline_of(grant, kind)
    if deadline is None:
        return not_set
    return dated % {"date": formats.day(deadline.effective_date)}


def report_deadline_text(grant: Grant) -> str:
    """What the region is told about its report: the date, or plainly that it is not set."""
    return _deadline_text(
        grant,
        DeadlineKind.REPORT,
        _("The region reports how the funds were used by %(date)s."),
        _(
            "The date by which the region reports how the funds were used is not set yet. "
            "Socialstyrelsen sets it and tells the region."
        ),
    )


def repayment_deadline_text(grant: Grant) -> str:
    """What the region is told about money it does not use: repaid by the grant's repayment
    deadline, or plainly that the date is not set yet."""
    return _deadline_text(
        grant,
        DeadlineKind.REPAYMENT,
        _("Money not used for the purpose is to be repaid to Socialstyrelsen by %(date)s."),
        _(
            "Money not used for the purpose is to be repaid to Socialstyrelsen by the date "
            "Socialstyrelsen sets and tells the region."
        ),
    )


def _signature(requisition: Requisition) -> str:
    from signatures.services import signature_of, signature_text

    return signature_text(signature_of(requisition))


def _account(requisition: Requisition) -> str:
    return f"{requisition.get_account_type_display()} {requisition.account_number}"


def _header(requisition: Requisition, on: dt.date) -> list[str]:
    decision = requisition.case.grant.decision
    return [
        _("Date: %(date)s") % {"date": formats.day_iso(on)},
        _("The government's decision: %(ref)s") % {"ref": decision.diarienummer},
        _("Case: grant %(year)s, %(region)s")
        % {"year": requisition.case.grant.year, "region": requisition.case.region.name},
    ]


def payment_decision_pdf(
    *, requisition: Requisition, decided_by: Any, decided_at: dt.datetime
) -> bytes:
    with translation.override("sv"):
        case = requisition.case
        decision = case.grant.decision
        on = formats.stockholm(decided_at).date()
        pdf = PdfDocument(title=_("Decision on payment of a state grant"), subject=decision.title)
        pdf.header_lines = _header(requisition, on)
        pdf.heading(_("Decision"))
        pdf.paragraph(
            _(
                "Socialstyrelsen decides to pay %(amount)s to %(region)s (organisation number "
                "%(orgnr)s) in accordance with the government's decision %(ref)s, %(title)s."
            )
            % {
                "amount": format_kronor(requisition.amount),
                "region": case.region.name,
                "orgnr": requisition.organisation_number,
                "ref": decision.diarienummer,
                "title": decision.title,
            }
        )
        pdf.facts(
            [
                (_("Recipient"), f"{case.region.name}, {requisition.organisation_number}"),
                (_("Amount"), format_kronor(requisition.amount)),
                (_("Allocation"), format_kronor(requisition.allocation_amount)),
                (_("Paid to"), _account(requisition)),
                (_("Requisition received"), _received(requisition)),
                (_("The requisition's signature"), _signature(requisition)),
                (_("The region's reference"), requisition.region_reference or "–"),
                (_("Appropriation"), decision.appropriation),
            ]
        )
        pdf.heading(_("Report"))
        pdf.paragraph(report_deadline_text(case.grant))
        pdf.heading(_("Conditions"))
        pdf.paragraph(decision.conditions)
        if decision.agency_conditions:
            pdf.heading(_("Further conditions set by Socialstyrelsen"))
            pdf.paragraph(decision.agency_conditions)
        pdf.paragraph(
            _("The funds are paid once.")
            + " "
            + repayment_deadline_text(case.grant)
            + " "
            + _("Reports, requisitions and repayments are to cite the reference number %(ref)s.")
            % {"ref": decision.diarienummer}
        )
        pdf.heading(_("Decision maker"))
        pdf.paragraph(
            _(
                "This decision was made by %(name)s, officer, on %(date)s. It was decided digitally and has no signature."
            )
            % {"name": decided_by.get_full_name(), "date": formats.day(on)}
        )
        return pdf.render()


def refusal_pdf(*, requisition: Requisition) -> bytes:
    with translation.override("sv"):
        case = requisition.case
        decision = case.grant.decision
        if requisition.refused_at is None or requisition.refused_by is None:
            raise ValueError("the requisition is not refused")
        on = formats.stockholm(requisition.refused_at).date()
        pdf = PdfDocument(title=_("Decision to refuse a requisition"), subject=decision.title)
        pdf.header_lines = _header(requisition, on)
        pdf.heading(_("Decision"))
        pdf.paragraph(
            _(
                "Socialstyrelsen refuses the requisition of %(amount)s from %(region)s under the government's decision %(ref)s."
            )
            % {
                "amount": format_kronor(requisition.amount),
                "region": case.region.name,
                "ref": decision.diarienummer,
            }
        )
        pdf.heading(_("Reason"))
        pdf.paragraph(requisition.refusal_reason)
        pdf.facts([(_("Requisition received"), _received(requisition))])
        pdf.heading(_("Decision maker"))
        pdf.paragraph(
            _(
                "This decision was made by %(name)s, officer, on %(date)s. It was decided digitally and has no signature."
            )
            % {"name": requisition.refused_by.get_full_name(), "date": formats.day(on)}
        )
        return pdf.render()
