"""The recovery claim decision (beslut om återkrav) as a printable PDF in Swedish."""

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.money import format_kronor
from core.pdf import PdfDocument

from .models import Claim


def payment_reference(claim: Claim) -> str:
    return f"{claim.case.grant.decision.diarienummer} OCR {claim.ocr}"


def recovery_claim_pdf(*, claim: Claim, decided_at: dt.datetime) -> bytes:
    with translation.override("sv"):
        case = claim.case
        decision = case.grant.decision
        on = timezone.localtime(decided_at).date()
        pdf = PdfDocument(title=_("Decision on recovery of a state grant"), subject=decision.title)
        pdf.header_lines = [
            _("Date: %(date)s") % {"date": on.isoformat()},
            _("The government's decision: %(ref)s") % {"ref": decision.diarienummer},
            _("Case: grant %(year)s, %(region)s")
            % {"year": case.grant.year, "region": case.region.name},
        ]
        pdf.heading(_("Decision"))
        pdf.paragraph(
            _(
                "Socialstyrelsen decides that %(region)s (organisation number %(orgnr)s) shall repay "
                "%(amount)s of the state grant paid under the government's decision %(ref)s."
            )
            % {
                "region": case.region.name,
                "orgnr": case.region.organisation_number,
                "amount": format_kronor(claim.amount),
                "ref": decision.diarienummer,
            }
        )
        pdf.facts(
            [
                (_("Amount to repay"), format_kronor(claim.amount)),
                (_("To be paid by"), claim.due_date.isoformat()),
                (_("To bankgiro"), settings.AGENCY_BANKGIRO),
                (_("Payment reference"), payment_reference(claim)),
                (_("Ground"), claim.get_ground_display()),
            ]
        )
        pdf.heading(_("Reasons"))
        pdf.paragraph(claim.reason)
        pdf.heading(_("The condition the decision rests on"))
        pdf.paragraph(
            _(
                "The government's decision says: funds that have not been used for the purpose are to "
                "be repaid to Socialstyrelsen. Reports, requisitions and repayments are to cite the "
                "decision's reference number."
            )
        )
        pdf.paragraph(decision.conditions)
        pdf.paragraph(
            _(
                "State the payment reference %(reference)s when you pay, so that the payment is matched to this claim."
            )
            % {"reference": payment_reference(claim)}
        )
        pdf.heading(_("Decision maker"))
        pdf.paragraph(
            _(
                "This decision was made by %(name)s, officer, on %(date)s. It was decided digitally and has no signature."
            )
            % {
                "name": claim.decided_by.get_full_name() if claim.decided_by else "",
                "date": on.isoformat(),
            }
        )
        return pdf.render()


def claim_change_pdf(
    *, claim: Claim, before: int, after: int, reason: str, actor: object, decided_at: dt.datetime
) -> bytes:
    """The decision to reduce or withdraw a recovery claim. The first decision stays on
    record; this one names it and says what the claim asks from now on."""
    with translation.override("sv"):
        case = claim.case
        decision = case.grant.decision
        on = timezone.localtime(decided_at).date()
        withdrawn = after == 0
        title = (
            _("Decision to withdraw a recovery claim")
            if withdrawn
            else _("Decision to reduce a recovery claim")
        )
        pdf = PdfDocument(title=title, subject=decision.title)
        pdf.header_lines = [
            _("Date: %(date)s") % {"date": on.isoformat()},
            _("The government's decision: %(ref)s") % {"ref": decision.diarienummer},
            _("Case: grant %(year)s, %(region)s")
            % {"year": case.grant.year, "region": case.region.name},
        ]
        pdf.heading(_("Decision"))
        if withdrawn:
            text = _(
                "Socialstyrelsen withdraws its recovery claim of %(decided)s, decided on %(date)s "
                "(payment reference %(reference)s). %(region)s does not have to pay it."
            )
        else:
            text = _(
                "Socialstyrelsen reduces its recovery claim decided on %(date)s (payment reference "
                "%(reference)s) from %(before)s to %(after)s. %(region)s is to repay %(after)s "
                "instead."
            )
        pdf.paragraph(
            text
            % {
                "decided": format_kronor(claim.initial_amount),
                "date": timezone.localtime(claim.created_at).date().isoformat(),
                "reference": payment_reference(claim),
                "region": case.region.name,
                "before": format_kronor(before),
                "after": format_kronor(after),
            }
        )
        pdf.facts(
            [
                (_("The claim asked"), format_kronor(before)),
                (_("The claim asks from now on"), format_kronor(after)),
                (_("To be paid by"), claim.due_date.isoformat()),
                (_("To bankgiro"), settings.AGENCY_BANKGIRO),
                (_("Payment reference"), payment_reference(claim)),
            ]
        )
        pdf.heading(_("Reasons"))
        pdf.paragraph(reason)
        pdf.paragraph(
            _(
                "The first decision stays on record. What the region has already paid on the "
                "case counts against what it owes; anything paid beyond that is paid back."
            )
        )
        pdf.heading(_("Decision maker"))
        pdf.paragraph(
            _(
                "This decision was made by %(name)s, officer, on %(date)s. It was decided digitally and has no signature."
            )
            % {"name": getattr(actor, "get_full_name", lambda: "")(), "date": on.isoformat()}
        )
        return pdf.render()
