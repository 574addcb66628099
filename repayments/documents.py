"""The recovery claim decision (beslut om återkrav) as a printable PDF in Swedish.

The decision names the one condition of the government's decision the claim rests on and the
facts behind it (not every condition of the grant), the amount, the due date, how to pay
(the agency's bankgiro and the claim's OCR number), whether late-payment interest runs after
the due date, and what the grant says about appealing.
"""

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core import formats
from core.money import format_kronor
from core.pdf import PdfDocument
from grants.models import Deadline, DeadlineKind, Grant
from reports.models import ReportVersion
from requisitions.models import Disbursement

from .models import Claim, ClaimGround


def payment_reference(claim: Claim) -> str:
    return f"{claim.case.grant.decision.diarienummer} OCR {claim.ocr}"


def _deadline(grant: Grant, kind: str) -> dt.date | None:
    deadline = Deadline.objects.filter(grant=grant, kind=kind).first()
    return deadline.effective_date if deadline else None


def ground_condition(claim: Claim) -> str:
    """The condition of the government's decision this claim rests on, and only that one."""
    grant = claim.case.grant
    repay_by = _deadline(grant, DeadlineKind.REPAYMENT)
    repay = (
        _(
            "funds that have not been used for the intended purpose are to be repaid to "
            "Socialstyrelsen by %(date)s"
        )
        % {"date": formats.day(repay_by)}
        if repay_by
        else _(
            "funds that have not been used for the intended purpose are to be repaid to "
            "Socialstyrelsen"
        )
    )
    if claim.ground == ClaimGround.NO_REPORT:
        report_by = _deadline(grant, DeadlineKind.REPORT)
        text = _(
            "The government's decision says that the regions are to report on their use of the "
            "funds by the date Socialstyrelsen decides, and that %(repay)s."
        ) % {"repay": repay}
        if report_by:
            text += " " + _("Socialstyrelsen set the date for the report to %(date)s.") % {
                "date": formats.day(report_by)
            }
        return (
            text
            + " "
            + _("Funds that have not been reported as used for the purpose are to be repaid.")
        )
    if claim.ground == ClaimGround.NOT_USED_FOR_PURPOSE:
        return _(
            "The government's decision says that the funds are to be used for the purpose it "
            "states, and that %(repay)s."
        ) % {"repay": repay}
    return _("The government's decision says that %(repay)s.") % {"repay": repay}


def ground_facts(claim: Claim, on: dt.date) -> str:
    """What happened in the case that the ground rests on, from the case's own records."""
    case = claim.case
    payments = list(
        Disbursement.objects.filter(payment_decision__requisition__case=case).values_list(
            "payment_date", "amount"
        )
    )
    paid = sum(amount for _day, amount in payments)
    text = _("Socialstyrelsen paid %(amount)s to the region.") % {"amount": format_kronor(paid)}
    if len(payments) == 1:
        text = _("Socialstyrelsen paid %(amount)s to the region on %(date)s.") % {
            "amount": format_kronor(paid),
            "date": formats.day(payments[0][0]),
        }
    version = (
        ReportVersion.objects.filter(report__case=case).order_by("-number").first()
        if claim.ground != ClaimGround.NO_REPORT
        else None
    )
    if version is None:
        return (
            text
            + " "
            + _("No report from the region had been received on %(date)s.")
            % {"date": formats.day(on)}
        )
    return (
        text
        + " "
        + _(
            "In its report (version %(number)s, received %(date)s) the region states that it "
            "used %(used)s and that %(unused)s was not used."
        )
        % {
            "number": version.number,
            "date": formats.day(version.submitted_at),
            "used": format_kronor(version.amount_used),
            "unused": format_kronor(version.amount_unused),
        }
    )


def interest_paragraph(grant: Grant, due_date: dt.date) -> str | None:
    """What the decision says about late-payment interest, when the grant charges it."""
    if not grant.late_interest_applies:
        return None
    return _(
        "If the amount has not been paid by the due date, the region is to pay interest on "
        "late payment (dröjsmålsränta) under section 6 of the Interest Act (räntelagen, "
        "1975:635) from %(date)s until the day the payment is received. The interest rate is "
        "the Riksbank's reference rate for each calendar half-year (section 9 of the Interest "
        "Act) plus eight percentage points."
    ) % {"date": formats.day(due_date + dt.timedelta(days=1))}


def recovery_claim_pdf(*, claim: Claim, decided_at: dt.datetime) -> bytes:
    with translation.override("sv"):
        case = claim.case
        grant = case.grant
        decision = grant.decision
        on = formats.stockholm(decided_at).date()
        pdf = PdfDocument(title=_("Decision on recovery of a state grant"), subject=decision.title)
        pdf.header_lines = [
            _("Date: %(date)s") % {"date": formats.day_iso(on)},
            _("The government's decision: %(ref)s") % {"ref": decision.diarienummer},
            _("Case: grant %(year)s, %(region)s")
            % {"year": grant.year, "region": case.region.name},
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
                (_("To be paid by"), formats.day_iso(claim.due_date)),
                (_("To bankgiro"), settings.AGENCY_BANKGIRO),
                (_("OCR number"), claim.ocr),
                (_("Payment reference"), payment_reference(claim)),
                (_("Ground"), claim.get_ground_display()),
            ]
        )
        pdf.heading(_("The condition the decision rests on"))
        pdf.paragraph(ground_condition(claim))
        pdf.heading(_("The facts"))
        pdf.paragraph(ground_facts(claim, on))
        pdf.heading(_("Reasons"))
        pdf.paragraph(claim.reason)
        pdf.heading(_("How to pay"))
        pdf.paragraph(
            _(
                "Pay %(amount)s to Socialstyrelsen's bankgiro %(bankgiro)s so that it has arrived "
                "by %(date)s. State the payment reference %(reference)s (the decision's reference "
                "number and the OCR number %(ocr)s), so that the payment is matched to this claim."
            )
            % {
                "amount": format_kronor(claim.amount),
                "bankgiro": settings.AGENCY_BANKGIRO,
                "date": formats.day(claim.due_date),
                "ocr": claim.ocr,
                "reference": payment_reference(claim),
            }
        )
        interest = interest_paragraph(grant, claim.due_date)
        if interest:
            pdf.heading(_("Late-payment interest"))
            pdf.paragraph(interest)
        if grant.recovery_appeal_text:
            pdf.heading(_("How to appeal"))
            pdf.paragraph(grant.recovery_appeal_text)
        pdf.heading(_("Decision maker"))
        pdf.paragraph(
            _(
                "This decision was made by %(name)s, officer, on %(date)s. It was decided digitally and has no signature."
            )
            % {
                "name": claim.decided_by.get_full_name() if claim.decided_by else "",
                "date": formats.day(on),
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
        on = formats.stockholm(decided_at).date()
        withdrawn = after == 0
        title = (
            _("Decision to withdraw a recovery claim")
            if withdrawn
            else _("Decision to reduce a recovery claim")
        )
        pdf = PdfDocument(title=title, subject=decision.title)
        pdf.header_lines = [
            _("Date: %(date)s") % {"date": formats.day_iso(on)},
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
                "date": formats.day(claim.created_at),
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
                (_("To be paid by"), formats.day_iso(claim.due_date)),
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
            % {"name": getattr(actor, "get_full_name", lambda: "")(), "date": formats.day(on)}
        )
        return pdf.render()
