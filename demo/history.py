"""A plausible 2025 history, recorded through the same services users go through.

Most regions requisition in October and November 2025 and are decided and paid within a
week. Kronoberg's first requisition is refused (wrong account) and it sends a new one.
Jämtland Härjedalen's requisition arrived late for a reason outside its control and an
officer registers it as an exception; Blekinge's arrived late and is refused.
"""

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.models import RegionRole, User
from core import clock
from core.checkdigits import luhn_check_digit, normalize_bankgiro
from core.workdays import next_banking_day
from grants.models import Case, Deadline, DeadlineKind, Grant
from requisitions import services as requisition_services
from requisitions.models import AccountType, Disbursement, Requisition
from requisitions.services import RequisitionData

STOCKHOLM = ZoneInfo("Europe/Stockholm")
REFUSED_THEN_RESUBMITTED = "07"
LATE_EXCEPTED = "23"
LATE_REFUSED = "10"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM)


def demo_bankgiro(county_code: str, variant: int = 0) -> str:
    body = f"5{variant}{county_code}123"
    return normalize_bankgiro(body + str(luhn_check_digit(body)))


def requisition_data(case: Case, submitter: User, *, amount: int, bankgiro: str) -> RequisitionData:
    return RequisitionData(
        amount=amount,
        account_type=AccountType.BANKGIRO,
        account_number=bankgiro,
        organisation_number_confirmed=True,
        region_reference=f"RS 2025/{int(case.region.county_code) * 37 % 900 + 100}",
        contact_name=submitter.full_name,
        contact_email=submitter.email,
        contact_phone=f"0{int(case.region.county_code) + 10}-123 45 {case.region.county_code}",
        signatory_name=f"Ekonomidirektör {case.region.short_name}",
        signatory_title="Ekonomidirektör",
        attested=True,
    )


def record_requisition_history(
    grant: Grant, officers: tuple[User, User], submitters: dict[str, User]
) -> None:
    decider, releaser = officers
    cases = list(
        Case.objects.filter(grant=grant)
        .select_related("region", "grant__decision")
        .order_by("region__county_code")
    )
    payment_dates: set[dt.date] = set()
    for index, case in enumerate(cases):
        code = case.region.county_code
        submitter = submitters[code]
        allocation = requisition_services.allocation_amount_for(case)
        submitted_on = dt.date(2025, 10, 1) + dt.timedelta(days=2 * index)
        if code == LATE_REFUSED:
            with clock.at(at(dt.date(2025, 12, 5), 9, 30)):
                requisition = requisition_services.requisition_register_late(
                    case=case,
                    data=requisition_data(
                        case, submitter, amount=allocation, bankgiro=demo_bankgiro(code)
                    ),
                    reason="Rekvisitionen kom in med post 2025-12-05. Registreras för att kunna avslås med beslut.",
                    actor=decider,
                )
            with clock.at(at(dt.date(2025, 12, 8), 11)):
                requisition_services.requisition_refuse(
                    requisition=requisition,
                    reason="Rekvisitionen kom in efter sista dag för rekvisition, 1 december 2025. Rätten till medlen har förfallit.",
                    actor=decider,
                )
            continue
        if code == LATE_EXCEPTED:
            with clock.at(at(dt.date(2025, 12, 3), 14, 10)):
                requisition = requisition_services.requisition_register_late(
                    case=case,
                    data=requisition_data(
                        case, submitter, amount=allocation, bankgiro=demo_bankgiro(code)
                    ),
                    reason=(
                        "Regionen skickade rekvisitionen med e-post 2025-11-28 (kvitto finns), men den fastnade "
                        "i Socialstyrelsens skräppostfilter. Den kom alltså in i tid och registreras som undantag."
                    ),
                    actor=decider,
                )
            decided_on = dt.date(2025, 12, 4)
        else:
            if code == REFUSED_THEN_RESUBMITTED:
                with clock.at(at(submitted_on, 10)):
                    first = requisition_services.requisition_submit(
                        case=case,
                        data=requisition_data(
                            case, submitter, amount=allocation, bankgiro=demo_bankgiro(code, 9)
                        ),
                        version=0,
                        actor=submitter,
                    )
                with clock.at(at(submitted_on + dt.timedelta(days=2), 15)):
                    requisition_services.requisition_refuse(
                        requisition=first,
                        reason="Det angivna bankgironumret tillhör inte regionen. Skicka en ny rekvisition med regionens bankgironummer.",
                        actor=decider,
                    )
                submitted_on += dt.timedelta(days=5)
            # The region's own reference and the amount: a few regions requisition less than all.
            amount = allocation if index % 6 else allocation - 50_000_000
            with clock.at(at(submitted_on, 10, 15)):
                requisition = requisition_services.requisition_submit(
                    case=case,
                    data=requisition_data(
                        case, submitter, amount=amount, bankgiro=demo_bankgiro(code)
                    ),
                    version=0,
                    actor=submitter,
                )
            decided_on = submitted_on + dt.timedelta(days=3)
        with clock.at(at(decided_on, 9)):
            requisition_services.requisition_approve(requisition=requisition, actor=decider)
        paid_on = next_banking_day(decided_on + dt.timedelta(days=1))
        with clock.at(at(paid_on, 8)):
            requisition_services.payment_release(
                requisition=requisition, payment_date=paid_on, actor=releaser
            )
        payment_dates.add(paid_on)
    for day in sorted(payment_dates):
        with clock.at(at(day, 16)):
            requisition_services.payment_file_create(payment_date=day, actor=releaser)


def history_exists(grant: Grant) -> bool:
    return (
        Requisition.objects.filter(case__grant=grant).exists()
        or Disbursement.objects.filter(payment_decision__requisition__case__grant=grant).exists()
    )


REGION_ROLES = (
    ("representant", RegionRole.SUBMITTER, "Representant"),
    ("uppgift", RegionRole.PREPARER, "Uppgiftssamordnare"),
)


# --- What recovery decisions say, and the reference rates for interest -------------------

EXAMPLE_APPEAL_TEXT = (
    "Exempeltext (demodata). Beslutet kan överklagas hos Förvaltningsrätten i Stockholm. "
    "Överklagandet ska vara skriftligt och skickas till Socialstyrelsen, som sedan skickar det "
    "vidare till domstolen. Det ska ha kommit in till Socialstyrelsen inom tre veckor från den "
    "dag regionen fick del av beslutet. Ange vilket beslut som överklagas (diarienummer och "
    "OCR-nummer), hur regionen vill att beslutet ändras och varför."
)
# The Riksbank's reference rate per half-year (räntelagen 9 §), in hundredths of a percent.
# 2026-07-01 is demo data: an assumed rate, not the Riksbank's.
REFERENCE_RATES = [
    (dt.date(2025, 1, 1), 250, "Sveriges riksbank, referensränta för första halvåret 2025"),
    (dt.date(2025, 7, 1), 200, "Sveriges riksbank, referensränta för andra halvåret 2025"),
    (dt.date(2026, 1, 1), 175, "Sveriges riksbank, referensränta för första halvåret 2026"),
    (dt.date(2026, 7, 1), 175, "Demodata: antagen referensränta för andra halvåret 2026"),
]


def record_recovery_terms(grant: Grant, officer: User) -> None:
    """The 2025 grant's recovery decisions can be appealed and carry late-payment interest;
    the reference rates of 2025 and 2026 are entered. Set before any recovery claim, as an
    officer would; a second run changes nothing."""
    from grants.services import grant_recovery_terms_set
    from repayments.interest import reference_rate_set

    if not grant.recovery_appeal_text:
        with clock.at(at(dt.date(2025, 5, 20), 10)):
            grant_recovery_terms_set(
                grant=grant,
                appeal_text=EXAMPLE_APPEAL_TEXT,
                late_interest_applies=True,
                actor=officer,
            )
    for starts_on, rate_bp, source in REFERENCE_RATES:
        entered_on = max(starts_on + dt.timedelta(days=1), dt.date(2025, 5, 20))
        with clock.at(at(entered_on, 10, 30)):
            reference_rate_set(
                starts_on=starts_on, rate_bp=rate_bp, source=source, reason="", actor=officer
            )


# --- Reports, repayments and claims (2026) ---------------------------------------------

UNUSED_KRONOR = {"03": 250_000, "05": 400_000, "12": 1_200_000, "18": 80_000, "22": 150_000}
PARTLY_REPAID = "05"
OVERPAID = "18"
NOT_YET_REPAID = "22"
COMPLETION_REQUESTED = "14"
FIRST_VERSION_UNUSED_KRONOR = 75_000
NO_REPORT = "25"  # no report by the deadline: a recovery claim of all of it, then a late report
NO_REPORT_UNUSED_KRONOR = 645_937
# Dalarna's approved report is reviewed again in May: 150 000 kr went to premises rent, which
# is not the grant's purpose. Its case is reopened and a recovery claim decided, not yet paid:
# it runs late-payment interest from the day after its due date.
RECOVERY_CLAIMED = "20"  # Dalarna (it also reported late, LATE_REPORT)
RECOVERY_KRONOR = 150_000
LATE_REPORT = "20"
AWAITING_REVIEW = "24"

PURPOSE_TEXTS = {
    "stepped_care": "Stegvis vårdmodell införd på alla vårdcentraler, med gemensam bedömningsmall.",
    "talking_therapy": "Fler psykologer och kuratorer; väntetiden till samtalsstöd kortades från 8 till 3 veckor.",
    "competence": "Utbildning i KBT-baserade metoder för 140 medarbetare och tvärprofessionella team.",
    "prevention": "Suicidpreventiva insatser och utbildning i första hjälpen till psykisk hälsa.",
    "collaboration": "Gemensamma rutiner med specialistpsykiatrin och kommunernas hälso- och sjukvård.",
    "sick_leave": "Rehabkoordinatorer på vårdcentralerna i samverkan med arbetsgivare och Försäkringskassan.",
}


# The period each report covers: most regions account for the whole period of use (2025);
# every fourth began its work in the second half of the year and reports from 1 July.
SECOND_HALF_FROM = dt.date(2025, 7, 1)


def _report_data(used: int, index: int):
    from reports.services import PurposeData, ReportData

    codes = list(PURPOSE_TEXTS)[index % 3 : index % 3 + 3]
    share = used // (len(codes) + 1)
    return ReportData(
        amount_used=used,
        period_from=SECOND_HALF_FROM if index % 4 == 3 else dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 31),
        bookkeeping="Medlen bokförs på ett eget projektnummer och följs upp månadsvis av ekonomiavdelningen.",
        certifier_name="Eva Ekonomichef",
        certifier_title="Ekonomichef",
        certified=True,
        target_groups=("children", "adults") if index % 2 else ("adults", "older"),
        gender_equality="Uppföljningen redovisas per kön och insatserna har anpassats efter skillnader i behov.",
        child_rights="Barn och unga har egna mottagningstider och barnets bästa har bedömts vid prioriteringar.",
        disability="Lokaler och information har tillgänglighetsanpassats; tolk och lättläst information erbjuds.",
        purposes={
            code: PurposeData(amount=share, description=PURPOSE_TEXTS[code]) for code in codes
        },
    )


def _demo_file(case: Case, part: str, name: str, title: str, actor: User, text: str) -> None:
    """A file attached to a case through the service, as a region would (example data)."""
    from django.core.files.base import ContentFile

    from attachments.cases import case_attachments_add
    from core.pdf import PdfDocument

    content = PdfDocument(title=title).paragraph(text).render()
    case_attachments_add(
        case=case,
        part=part,
        files=[ContentFile(content, name=name)],
        description=title,
        actor=actor,
    )


def record_report_history(
    grant: Grant, officers: tuple[User, User], submitters: dict[str, User]
) -> None:
    from repayments import services as repayment_services
    from repayments.models import ClaimGround
    from reports import services as report_services
    from reports.models import Report

    decider, _releaser = officers
    cases = {
        case.region.county_code: case
        for case in Case.objects.filter(grant=grant).select_related("region", "grant__decision")
    }
    paid = {code: case for code, case in cases.items() if repayment_services.disbursed_amount(case)}
    for index, (code, case) in enumerate(sorted(paid.items())):
        if code == NO_REPORT:
            continue
        submitter = submitters[code]
        received = repayment_services.disbursed_amount(case)
        used = received - UNUSED_KRONOR.get(code, 0) * 100
        submitted_on = (
            dt.date(2026, 3, 5)
            if code == LATE_REPORT
            else dt.date(2026, 1, 12) + dt.timedelta(days=2 * index)
        )
        data = _report_data(used, index)
        if code == COMPLETION_REQUESTED:
            data = _report_data(used, index)
            # The first version also left 75 000 kr as not used; the completed one accounts for
            # it (the claim for it is adjusted to nothing, and the adjustment is kept).
            first = dataclasses.replace(
                _report_data(used - FIRST_VERSION_UNUSED_KRONOR * 100, index),
                bookkeeping="Se bilaga.",
            )
            with clock.at(at(submitted_on, 12, 40)):
                _demo_file(
                    case, "report", "styrelsens-beslut.pdf", "Styrelsens beslut", submitter,
                    "Regionstyrelsen godkände redovisningen av statsbidraget den 8 januari 2026.",
                )  # fmt: skip
            with clock.at(at(submitted_on, 13)):
                report_services.report_submit(case=case, data=first, version=0, actor=submitter)
            with clock.at(at(submitted_on + dt.timedelta(days=6), 10)):
                report_services.report_request_completion(
                    report=Report.objects.get(case=case),
                    message="Beskriv hur statsbidraget hålls isär från andra medel i regionens bokföring. "
                    "Bifoga gärna regionens rutin för det som en fil under Bilagor i ärendet.",
                    actor=decider,
                )
            submitted_on += dt.timedelta(days=12)
            with clock.at(at(submitted_on, 9, 10)):
                _demo_file(
                    case, "completion_answer", "rutin-statsbidrag.pdf", "Rutin för bokföring av statsbidrag",
                    submitter,
                    "Statsbidraget bokförs på ett eget projektnummer och stäms av mot huvudboken varje månad.",
                )  # fmt: skip
            version = Report.objects.get(case=case).version
            with clock.at(at(submitted_on, 9, 30)):
                report_services.report_submit(
                    case=case, data=data, version=version, actor=submitter
                )
        else:
            with clock.at(at(submitted_on, 14, 5)):
                report_services.report_submit(case=case, data=data, version=0, actor=submitter)
        if code == AWAITING_REVIEW:
            continue
        with clock.at(at(max(submitted_on + dt.timedelta(days=10), dt.date(2026, 3, 2)), 11)):
            report_services.report_approve(report=Report.objects.get(case=case), actor=decider)
    # Norrbotten did not report by the deadline: a recovery claim of the whole amount.
    case = paid[NO_REPORT]
    with clock.at(at(dt.date(2026, 3, 16), 10)):
        repayment_services.recovery_claim_decide(
            case=case,
            amount=repayment_services.disbursed_amount(case),
            ground=ClaimGround.NO_REPORT,
            due_date=dt.date(2026, 4, 15),
            reason="Regionen har inte lämnat någon redovisning trots påminnelser. Enligt beslutets villkor ska "
            "medel som inte har redovisats som använda för ändamålet återbetalas.",
            actor=decider,
        )
        _demo_file(
            case, "decision", "paminnelser-norrbotten.pdf", "Underlag: påminnelserna om redovisningen",
            decider,
            "Påminnelser om redovisningen skickades den 13 och den 26 februari 2026 till regionens kontaktpersoner.",
        )  # fmt: skip
    # Blekinge's right lapsed: nothing was paid.
    with clock.at(at(dt.date(2026, 3, 20), 9)):
        repayment_services.case_close_lapsed(
            case=cases[LATE_REFUSED],
            reason="Rekvisitionen kom in efter sista dag och avslogs. Ingenting betalades ut.",
            actor=decider,
        )
    _record_repayments(grant, officers)
    # Then Norrbotten reports, late: 645 937 kr was not used. The claim for the missing report
    # gives way to the region's own (one debt per case), and when the report is approved it
    # is reduced to nothing: Norrbotten owes exactly what it kept.
    case = paid[NO_REPORT]
    received = repayment_services.disbursed_amount(case)
    with clock.at(at(dt.date(2026, 4, 8), 15, 20)):
        report_services.report_submit(
            case=case,
            data=_report_data(received - NO_REPORT_UNUSED_KRONOR * 100, len(paid)),
            version=0,
            actor=submitters[NO_REPORT],
        )
    with clock.at(at(dt.date(2026, 4, 14), 10)):
        report_services.report_approve(report=Report.objects.get(case=case), actor=decider)
    case = paid[RECOVERY_CLAIMED]
    with clock.at(at(dt.date(2026, 5, 4), 9, 15)):
        repayment_services.case_reopen(
            case=case,
            reason="Uppföljningen av redovisningen visar att en kostnad kan ligga utanför ändamålet.",
            actor=decider,
        )
    with clock.at(at(dt.date(2026, 5, 4), 10)):
        repayment_services.recovery_claim_decide(
            case=case,
            amount=RECOVERY_KRONOR * 100,
            ground=ClaimGround.NOT_USED_FOR_PURPOSE,
            due_date=dt.date(2026, 6, 3),
            reason="150 000 kr av de redovisade kostnaderna avser lokalhyra för en vårdcentral, som "
            "inte är en insats för att stärka primärvårdens arbete med psykisk ohälsa.",
            actor=decider,
        )


def _record_repayments(grant: Grant, officers: tuple[User, User]) -> None:
    from repayments import services as repayment_services
    from repayments.models import Claim, ClaimKind

    _decider, releaser = officers
    claims = {
        claim.case.region.county_code: claim
        for claim in Claim.objects.filter(
            case__grant=grant, kind=ClaimKind.REPORTED
        ).select_related("case__region")
    }
    reference = grant.decision.diarienummer
    lines = ["Bokföringsdag;Belopp;Referens;Avsändare;Transaktions-id"]
    serial = 9000
    for code, claim in sorted(claims.items()):
        if code == NOT_YET_REPAID:
            continue
        amount = claim.amount
        if code == PARTLY_REPAID:
            amount //= 2
        if code == OVERPAID:
            amount += 100_000
        serial += 1
        kronor, ore = divmod(amount, 100)
        lines.append(
            f"2026-03-2{serial % 5};{kronor},{ore:02d};{reference} OCR {claim.ocr};{claim.case.region.name};BG{serial}"
        )
    lines.append("2026-03-24;12 500,00;Återbetalning statsbidrag;Okänd avsändare AB;BG9100")
    lines.append(lines[1])  # the bank listed one transaction twice
    with clock.at(at(dt.date(2026, 3, 27), 10)):
        bank_import = repayment_services.bank_import_upload(
            filename="bankgiro-2026-03.csv", content="\n".join(lines) + "\n", actor=releaser
        )
    with clock.at(at(dt.date(2026, 3, 27), 10, 5)):
        repayment_services.bank_import_confirm(bank_import=bank_import, actor=releaser)


def report_history_exists(grant: Grant) -> bool:
    from reports.models import Report

    return Report.objects.filter(case__grant=grant).exists()


# --- Informing the regions and reminding them ----------------------------------------


def record_information_history(grant: Grant, officers: tuple[User, User]) -> None:
    """The announcement that opened the requisition, and the reminders of spring 2026."""
    from reminders.models import Announcement
    from reminders.services import announcement_publish
    from reminders.sweep import sweep

    if Announcement.objects.filter(grant=grant).exists():
        return
    decider, _releaser = officers
    with clock.at(at(dt.date(2025, 9, 15), 9)):
        announcement_publish(
            grant=grant,
            title="Rekvisitionen av statsbidraget är öppen",
            body=(
                "Regionerna kan nu rekvirera sin tilldelning av statsbidraget för att stärka och utveckla "
                "primärvårdens arbete med psykisk ohälsa. Rekvisitionen ska ha kommit in till Socialstyrelsen "
                "senast den 1 december 2025. Redovisningen ska ha kommit in senast den 27 februari 2026."
            ),
            attachments=[],
            actor=decider,
            shown_until=dt.date(2025, 12, 1),  # true only until the requisition closes
        )
    # The sweeps of two spring mornings: repayments due within a week, and a day late.
    for day in (dt.date(2026, 3, 24), dt.date(2026, 4, 1)):
        with clock.at(at(day, 7)):
            sweep(day)


# --- The agency's own money and its report (2025–2026) ---------------------------------

AGENCY_REQUISITION_REFERENCE = "Exempel: KK-2025-0528"
ADMINISTRATION_COSTS = [
    # (date, kronor, cost type, description). The administration money is for the budget
    # year, like the regions' money: every cost is dated in 2025 (issue 14).
    (dt.date(2025, 6, 30), 420_000, "staff", "Handläggning av uppdraget, april–juni 2025"),
    (
        dt.date(2025, 9, 15),
        85_000,
        "knowledge_support",
        "Informationsmaterial och webbinarium för regionerna om statsbidraget",
    ),
    (dt.date(2025, 10, 20), 38_500, "travel", "Dialogmöten med SKR och regionerna"),
    (
        dt.date(2025, 12, 31),
        610_000,
        "staff",
        "Handläggning av rekvisitioner och utbetalningar, juli–december 2025",
    ),
    (
        dt.date(2025, 12, 10),
        240_000,
        "consultants",
        "Stöd i analysen av regionernas redovisningar (avtal och förskott, december 2025)",
    ),
    (
        dt.date(2025, 12, 19),
        355_000,
        "follow_up",
        "Uppföljningsmodell för insatserna och redovisningen till Regeringskansliet",
    ),
]
EXAMPLE_ASSESSMENT = (
    "Exempeltext (demodata). Socialstyrelsen bedömer att statsbidraget i huvudsak har använts "
    "för det avsedda ändamålet. Tjugo av 21 regioner rekvirerade medel; en regions rätt till "
    "medlen förföll eftersom rekvisitionen kom in för sent. Regionerna har framför allt använt "
    "medlen till stegvisa vårdmodeller, bättre tillgång till samtalsstöd och kompetens- och "
    "bemanningsinsatser i primärvården.\n\n"
    "En region har inte lämnat någon redovisning och har fått ett beslut om återkrav av hela "
    "beloppet. Socialstyrelsen följer upp återbetalningarna och återbetalar outnyttjade medel "
    "till Kammarkollegiet."
)


# A cost recorded with two digits swapped, corrected when the invoice was checked.
ADMINISTRATION_COST_CORRECTION = (
    "Dialogmöten med SKR och regionerna",
    dt.date(2025, 11, 14),
    35_800,
    "Beloppet registrerades som 38 500 kr, men fakturan från konferensanläggningen lyder på "
    "35 800 kr (siffrorna omkastade).",
)
AGENCY_REPAYMENT_DAY = dt.date(2026, 5, 29)  # the Friday before the deadline (a Sunday)
AGENCY_REPAYMENT_REFERENCE = "Exempel: KK-2026-0529"


def record_agency_corrections_and_repayment(grant: Grant, officer: User) -> None:
    """The corrected cost, and the agency's repayment to Kammarkollegiet of exactly what the
    economic report says is owed: what the regions never requisitioned, what they repaid and
    the unused administration money."""
    from reporting import services as reporting_services
    from reporting.kammarkollegiet import economic_report
    from reporting.models import AdministrationCost

    description, day, kronor, reason = ADMINISTRATION_COST_CORRECTION
    with clock.at(at(day, 11)):
        reporting_services.administration_cost_correct(
            cost=AdministrationCost.objects.get(grant=grant, description=description),
            amount=kronor * 100,
            reason=reason,
            actor=officer,
        )
    with clock.at(at(AGENCY_REPAYMENT_DAY, 10)):
        reporting_services.agency_repayment_record(
            grant=grant,
            repaid_on=AGENCY_REPAYMENT_DAY,
            amount=economic_report(grant).to_repay,
            reference=AGENCY_REPAYMENT_REFERENCE,
            actor=officer,
        )


def agency_history_exists(grant: Grant) -> bool:
    from reporting.models import AgencyRequisition

    return AgencyRequisition.objects.filter(grant=grant).exists()


def record_agency_history(grant: Grant, officer: User) -> None:
    """The agency's requisition from Kammarkollegiet, its administration costs (one of them
    corrected), its repayment and an example assessment for the report to the ministry."""
    from reporting import services as reporting_services

    with clock.at(at(dt.date(2025, 5, 28), 10)):
        reporting_services.agency_requisition_record(
            grant=grant,
            requisitioned_on=dt.date(2025, 5, 28),
            amount=500_000_000 * 100,
            reference=AGENCY_REQUISITION_REFERENCE,
            actor=officer,
        )
    for day, kronor, cost_type, description in ADMINISTRATION_COSTS:
        with clock.at(at(day, 15)):
            reporting_services.administration_cost_record(
                grant=grant,
                incurred_on=day,
                amount=kronor * 100,
                description=description,
                cost_type=cost_type,
                actor=officer,
            )
    record_agency_corrections_and_repayment(grant, officer)
    with clock.at(at(dt.date(2026, 6, 10), 14)):
        reporting_services.ministry_assessment_set(
            grant=grant, text=EXAMPLE_ASSESSMENT, actor=officer
        )


# The agency's own steps after its requisition (which its record marks done): the repayment
# and economic report to Kammarkollegiet, and the report on the mission to the ministry.
AGENCY_STEPS_DONE = (
    (
        DeadlineKind.AGENCY_REPAYMENT,
        AGENCY_REPAYMENT_DAY,
        "Återbetalningen och den ekonomiska redovisningen skickades till Kammarkollegiet.",
    ),
    (
        DeadlineKind.MINISTRY_REPORT,
        dt.date(2026, 6, 24),
        "Redovisningen av uppdraget lämnades till Regeringskansliet (Socialdepartementet).",
    ),
)


def record_agency_steps_done(grant: Grant, officer: User) -> None:
    """Mark the agency's steps above done on the day they were done (once)."""
    from reminders.services import agency_step_done_record

    for kind, day, note in AGENCY_STEPS_DONE:
        deadline = Deadline.objects.filter(grant=grant, kind=kind).first()
        if deadline is None:
            continue
        with clock.at(at(day, 16)), transaction.atomic():
            agency_step_done_record(deadline=deadline, done_on=day, note=note, actor=officer)


# The cases that needed following up in spring 2026, each with the officer who follows it:
# Västra Götaland's report sent back for completion, Norrbotten's missing report, and
# Kronoberg's refused-then-resubmitted requisition. The officers' inbox shows them as "mine".
ASSIGNMENTS = {COMPLETION_REQUESTED: 0, NO_REPORT: 0, REFUSED_THEN_RESUBMITTED: 1}


def record_case_assignments(grant: Grant, officers: tuple[User, User]) -> None:
    """Assign the cases above (once: a case already assigned is left as it is)."""
    from grants.services import case_assign

    cases = Case.objects.filter(
        grant=grant, region__county_code__in=ASSIGNMENTS, assigned_to__isnull=True
    ).select_related("region")
    if not cases:
        return
    with clock.at(at(dt.date(2026, 3, 2), 9)):
        for case in cases:
            officer = officers[ASSIGNMENTS[case.region.county_code]]
            case_assign(case=case, officer=officer, actor=officers[0])
