"""The agency's documents about a report: completion request and approval, in Swedish."""

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from core import formats
from core.money import format_kronor
from core.pdf import PdfDocument

from .models import Report, ReportVersion


def _header(report: Report, on: dt.date) -> list[str]:
    case = report.case
    return [
        _("Date: %(date)s") % {"date": formats.day_iso(on)},
        _("The government's decision: %(ref)s") % {"ref": case.grant.decision.diarienummer},
        _("Case: grant %(year)s, %(region)s")
        % {"year": case.grant.year, "region": case.region.name},
    ]


def _signature(pdf: PdfDocument, actor: Any, on: dt.date) -> None:
    pdf.heading(_("Decision maker"))
    pdf.paragraph(
        _(
            "This decision was made by %(name)s, officer, on %(date)s. It was decided digitally and has no signature."
        )
        % {"name": actor.get_full_name(), "date": formats.day(on)}
    )


def _version_facts(version: ReportVersion) -> list[tuple[str, str]]:
    period = (
        f"{formats.day_iso(version.period_from)}–{formats.day_iso(version.period_to)}"
        if version.period_from and version.period_to
        else _("not stated")
    )
    return [
        (_("Report received"), formats.moment_iso(version.submitted_at)),
        (_("Version"), str(version.number)),
        (_("Period covered"), period),
        (_("Amount received"), format_kronor(version.amount_received)),
        (_("Amount used"), format_kronor(version.amount_used)),
        (_("Amount not used"), format_kronor(version.amount_unused)),
        (_("The report's signature"), _version_signature(version)),
    ]


def _version_signature(version: ReportVersion) -> str:
    from signatures.services import signature_of, signature_text

    return signature_text(signature_of(version))


def completion_request_pdf(
    *, report: Report, version: ReportVersion, message: str, actor: Any, at: dt.datetime
) -> bytes:
    with translation.override("sv"):
        on = formats.stockholm(at).date()
        pdf = PdfDocument(
            title=_("Request to complete a report"), subject=report.case.grant.decision.title
        )
        pdf.header_lines = _header(report, on)
        pdf.paragraph(
            _(
                "Socialstyrelsen asks %(region)s to complete its report on the state grant under the government's decision %(ref)s."
            )
            % {"region": report.case.region.name, "ref": report.case.grant.decision.diarienummer}
        )
        pdf.facts(_version_facts(version))
        pdf.heading(_("What needs to be completed"))
        pdf.paragraph(message)
        pdf.paragraph(_("Complete the report in the grant service and submit it again."))
        _signature(pdf, actor, on)
        return pdf.render()


def approval_pdf(*, report: Report, version: ReportVersion, actor: Any, at: dt.datetime) -> bytes:
    with translation.override("sv"):
        on = formats.stockholm(at).date()
        pdf = PdfDocument(
            title=_("Decision to approve a report"), subject=report.case.grant.decision.title
        )
        pdf.header_lines = _header(report, on)
        pdf.heading(_("Decision"))
        pdf.paragraph(
            _(
                "Socialstyrelsen approves the report from %(region)s on the state grant under the government's decision %(ref)s."
            )
            % {"region": report.case.region.name, "ref": report.case.grant.decision.diarienummer}
        )
        pdf.facts(_version_facts(version))
        if version.amount_unused:
            pdf.paragraph(
                _(
                    "The amount not used, %(amount)s, is to be repaid to Socialstyrelsen as shown in the grant service."
                )
                % {"amount": format_kronor(version.amount_unused)}
            )
        _signature(pdf, actor, on)
        return pdf.render()
