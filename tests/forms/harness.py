"""Every form of the project, where it is posted, by whom, and on what data.

``TARGETS`` maps each form class (by dotted name) to the real views that receive it. A
target's ``build`` puts the database and the clock in the state the view needs (through the
services, as the other tests do) and returns a :class:`Scene`: the URL, the user and the
valid values the hostile ones are mixed with."""

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RegionMembership, RegionRole
from grants.models import Case, Deadline, DeadlineKind, DecisionStatus, Grant
from repayments.models import Claim, ClaimGround, Repayment
from reporting.models import CostType
from reporting.overview import Step, StepState
from reports.models import Purpose, TargetGroup
from requisitions.models import AccountType
from tests import factories

STOCKHOLM_TZ = ZoneInfo("Europe/Stockholm")


@dataclass
class Scene:
    url: str
    user: Any = None
    # "verified": a full login (password and second factor); "password": the password only
    # (the second step still to come); None: not logged in.
    login: str | None = "verified"
    objects: dict[str, Any] = field(default_factory=dict)
    # Put in the session after logging in (a new authenticator's key, as its page does).
    session: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    name: str
    build: Callable[[Any], Scene]
    fields: dict[str, tuple[str, tuple[str, ...]]]
    valid: Callable[[Scene], dict[str, Any]]
    method: str = "post"
    prefix: str = ""
    # Sent with every example (which button was pressed, which of a page's forms).
    constant: dict[str, Any] = field(default_factory=dict)
    # Rows a refused attempt stores by design (each failed login is kept).
    stored_when_refused: tuple[str, ...] = ()
    # A success that answers 200 instead of a redirect.
    success: Callable[[Any], bool] | None = None
    # Objects an accepted post changes rather than creates: they must still be valid.
    changed: Callable[[Scene], list[Any]] | None = None
    # Whether a refused post leaves the ``changed`` objects as they were (a wrong code
    # counts against the device by design).
    unchanged_when_refused: bool = True
    # What the view may answer besides the form (200) and a success (302).
    also_answers: tuple[int, ...] = ()


def f(kind: str, *choices: str) -> tuple[str, tuple[str, ...]]:
    return (kind, tuple(str(c) for c in choices))


TEXT = f("text")
AMOUNT = f("amount")
DATE = f("date")
BOOL = f("bool", "on")
LOGIN_ATTEMPTS = ("accounts.loginattempt",)
# The acts behind a confirmation step (core.confirm) act only when confirmed.
CONFIRMED = {"confirm": "1"}


def totp_code(device: TOTPDevice) -> str:
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    )


def at(request: Any, *args: int) -> None:
    request.getfixturevalue("time_machine").move_to(
        dt.datetime(*args, tzinfo=STOCKHOLM_TZ), tick=True
    )


# --- accounts -----------------------------------------------------------------------------


def _login(request: Any) -> Scene:
    user = factories.UserFactory(email="sara@regionstockholm.test")
    return Scene("/konto/logga-in/", login=None, objects={"user": user})


def _two_factor(request: Any) -> Scene:
    officer = request.getfixturevalue("officer")
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    return Scene("/konto/tvafaktor/", officer, login="password", objects={"device": device})


def _new_key() -> dict[str, Any]:
    from accounts.two_factor import NEW_KEY_SESSION_KEY

    return {NEW_KEY_SESSION_KEY: secrets.token_hex(20)}


def key_code(scene: Scene) -> str:
    """The code the authenticator being set up (its key in the session) shows now."""
    from accounts.two_factor import NEW_KEY_SESSION_KEY

    return f"{TOTP(bytes.fromhex(scene.session[NEW_KEY_SESSION_KEY])).token():06d}"


def _two_factor_enrol(request: Any) -> Scene:
    """A region user's first authenticator, from the account page."""
    user = factories.region_user(request.getfixturevalue("stockholm"), RegionRole.ADMIN)
    return Scene("/konto/tvafaktor/aktivera/", user, session=_new_key())


def _two_factor_enrol_link(request: Any) -> Scene:
    """A new officer, password given, following an administrator's enrolment link."""
    from accounts.enrolment import enrolment_link_issue

    officer = request.getfixturevalue("officer")
    link = enrolment_link_issue(user=officer, actor=None)
    path = link.removeprefix(settings.SITE_URL)
    return Scene(path, officer, login="password", session=_new_key())


def _authenticator_add(request: Any) -> Scene:
    officer = request.getfixturevalue("officer")
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    return Scene(
        "/konto/tvafaktor/aktivera/", officer, objects={"device": device}, session=_new_key()
    )


def _recovery_codes(request: Any) -> Scene:
    officer = request.getfixturevalue("officer")
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    return Scene("/konto/tvafaktor/aterstallningskoder/", officer, objects={"device": device})


def _authenticator_remove(request: Any) -> Scene:
    officer = request.getfixturevalue("officer")
    kept = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    removed = TOTPDevice.objects.create(user=officer, name="old phone", confirmed=True)
    return Scene(
        f"/konto/tvafaktor/{removed.pk}/ta-bort/",
        officer,
        objects={"device": kept, "removed": removed},
    )


def _reauthenticate(request: Any) -> Scene:
    officer = request.getfixturevalue("officer")
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    return Scene("/konto/bekrafta/", officer, objects={"device": device})


def _region_users(request: Any) -> Scene:
    admin = factories.region_user(request.getfixturevalue("stockholm"), RegionRole.ADMIN)
    return Scene("/region/01/anvandare/", admin)


def _region_membership(request: Any) -> Scene:
    stockholm = request.getfixturevalue("stockholm")
    admin = factories.region_user(stockholm, RegionRole.ADMIN)
    member = factories.region_user(stockholm, RegionRole.PREPARER)
    membership = RegionMembership.objects.get(user=member, region=stockholm)
    return Scene(
        f"/region/01/anvandare/{membership.pk}/", admin, objects={"membership": membership}
    )


def _password_reset(request: Any) -> Scene:
    user = factories.UserFactory(email="sara@regionstockholm.test")
    return Scene("/konto/glomt-losenord/", login=None, objects={"user": user})


# --- ombud applications -------------------------------------------------------------------


def _ombud_apply(request: Any) -> Scene:
    stockholm = request.getfixturevalue("stockholm")
    representative = factories.region_user(stockholm, RegionRole.SUBMITTER)
    return Scene("/ombudsansokan/ny/", representative, objects={"region": stockholm})


def _ombud_application(request: Any) -> Any:
    from ombud.services import ombud_application_submit
    from tests.support.pdfs import pdf_upload

    stockholm = request.getfixturevalue("stockholm")
    factories.region_user(stockholm, RegionRole.ADMIN)
    applicant = factories.region_user(stockholm, RegionRole.SUBMITTER)
    return ombud_application_submit(
        region=stockholm,
        full_name="Anna Sökande",
        phone="08-123 456 78",
        position="Ekonomichef",
        file=pdf_upload(),
        actor=applicant,
    )


def _ombud_completion(request: Any) -> Scene:
    from ombud.services import ombud_application_request_completion

    application = _ombud_application(request)
    ombud_application_request_completion(
        application=application,
        message="Intyget saknar underskrift.",
        actor=request.getfixturevalue("officer"),
    )
    return Scene(
        f"/ombudsansokan/{application.pk}/",
        application.applicant,
        objects={"application": application},
    )


def _ombud_decision(action: str) -> Callable[[Any], Scene]:
    def build(request: Any) -> Scene:
        application = _ombud_application(request)
        return Scene(
            f"/handlaggare/ombudsansokningar/{application.pk}/{action}/",
            request.getfixturevalue("officer"),
            objects={"application": application},
        )

    return build


def _pdf() -> Any:
    from tests.support.pdfs import pdf_upload

    return pdf_upload()


# --- messages on a case -------------------------------------------------------------------


def _conversation(side: str) -> Callable[[Any], Scene]:
    """The case's conversation: the region's page as its preparer, the officers' page as an
    officer."""

    def build(request: Any) -> Scene:
        request.getfixturevalue("grant_2025")
        if side == "region":
            stockholm = request.getfixturevalue("stockholm")
            user = factories.region_user(stockholm, RegionRole.PREPARER)
            return Scene("/region/01/bidrag/2025/meddelanden/", user)
        return Scene(
            "/handlaggare/bidrag/2025/region/01/meddelanden/", request.getfixturevalue("officer")
        )

    return build


# --- regions (population figures) ---------------------------------------------------------


def scb_file() -> bytes:
    from tests.regions.scb_files import FIGURES_2025, as_csv, scb_rows

    return as_csv(scb_rows(FIGURES_2025, years=("2025",)))


def _population_list(request: Any) -> Scene:
    request.getfixturevalue("regions")
    return Scene("/bidrag/befolkning/", request.getfixturevalue("officer"))


def _population_import(request: Any) -> Scene:
    from regions.services import population_import_upload

    request.getfixturevalue("regions")
    officer = request.getfixturevalue("officer")
    upload = population_import_upload(filename="BE0101N1.csv", content=scb_file(), actor=officer)
    return Scene(f"/bidrag/befolkning/fil/{upload.pk}/", officer)


# --- grants -------------------------------------------------------------------------------


def _grant_2025(path: str) -> Callable[[Any], Scene]:
    def build(request: Any) -> Scene:
        grant = request.getfixturevalue("grant_2025")
        return Scene(path, request.getfixturevalue("officer"), objects={"grant": grant})

    return build


def _agency_entries(request: Any) -> Scene:
    """The 2025 grant with the agency's requisition and one administration cost recorded."""
    from reporting import services

    grant = request.getfixturevalue("grant_2025")
    officer = request.getfixturevalue("officer")
    requisition = services.agency_requisition_record(
        grant=grant,
        requisitioned_on=dt.date(2025, 5, 28),
        amount=500_000_000_00,
        reference="KK 2025/17",
        actor=officer,
    )
    cost = services.administration_cost_record(
        grant=grant,
        incurred_on=dt.date(2025, 9, 1),
        amount=100_000_00,
        description="Handläggning",
        cost_type=CostType.STAFF,
        actor=officer,
    )
    return Scene(
        "/bidrag/2025/kammarkollegiet/",
        officer,
        objects={"grant": grant, "requisition": requisition, "cost": cost},
    )


def _round_2026(status: str, path: str) -> Callable[[Any], Scene]:
    def build(request: Any) -> Scene:
        from tests.grants.rounds import register_2026

        grant_2025 = request.getfixturevalue("grant_2025")
        officer = request.getfixturevalue("officer")
        grant = register_2026(grant_2025=grant_2025, officer=officer, status=status)
        return Scene(path, officer, objects={"grant": grant})

    return build


def _decision_valid(scene: Scene) -> dict[str, Any]:
    from tests.grants.rounds import register_form

    grant: Grant = scene.objects["grant"]
    return {**register_form(), "population_dataset": str(grant.population_dataset_id)}


DECISION_FIELDS = {
    "status": f("choice", *DecisionStatus.values),
    "year": f("int"),
    "diarienummer": TEXT,
    "decided_on": DATE,
    "title": TEXT,
    "ministry": TEXT,
    "appropriation": TEXT,
    "total_amount": AMOUNT,
    "regions_amount": AMOUNT,
    "administration_amount": AMOUNT,
    "conditions": TEXT,
    "use_from": DATE,
    "use_to": DATE,
    "population_dataset": f("int"),
    **{
        name: spec
        for kind in DeadlineKind.values
        for name, spec in (
            (f"deadline_{kind}_date", DATE),
            (f"deadline_{kind}_moves", BOOL),
            (f"deadline_{kind}_source", TEXT),
        )
    },
}

# --- requisitions -------------------------------------------------------------------------


def _requisition_form(request: Any) -> Scene:
    request.getfixturevalue("before_deadline")
    request.getfixturevalue("case")
    return Scene("/region/01/bidrag/2025/rekvisition/", request.getfixturevalue("submitter"))


def _late_requisition(request: Any) -> Scene:
    request.getfixturevalue("case")
    at(request, 2025, 12, 3, 9)
    return Scene(
        "/handlaggare/bidrag/2025/region/01/sen-rekvisition/", request.getfixturevalue("officer")
    )


def _submitted(request: Any, *, approve: bool) -> tuple[Any, Any]:
    from requisitions.services import requisition_approve, requisition_submit
    from tests.requisitions.conftest import valid_data

    request.getfixturevalue("before_deadline")
    case = request.getfixturevalue("case")
    officer = request.getfixturevalue("officer")
    requisition = requisition_submit(
        case=case, data=valid_data(), version=0, actor=request.getfixturevalue("submitter")
    )
    if approve:
        requisition_approve(requisition=requisition, actor=officer)
    return requisition, officer


def _refuse(request: Any) -> Scene:
    requisition, officer = _submitted(request, approve=False)
    return Scene(
        f"/handlaggare/rekvisitioner/{requisition.pk}/avslag/",
        officer,
        objects={"requisition": requisition},
    )


def _release(request: Any) -> Scene:
    requisition, _officer = _submitted(request, approve=True)
    return Scene(
        f"/handlaggare/rekvisitioner/{requisition.pk}/utbetalning/",
        request.getfixturevalue("second_officer"),
    )


def _payment_files(request: Any) -> Scene:
    request.getfixturevalue("paid_case")
    return Scene("/handlaggare/utbetalningsfiler/", request.getfixturevalue("officer"))


def requisition_fields(*, late: bool) -> dict[str, tuple[str, tuple[str, ...]]]:
    fields = {
        "amount": AMOUNT,
        "account_type": f("choice", *AccountType.values),
        "account_number": TEXT,
        "organisation_number_confirmed": BOOL,
        "region_reference": TEXT,
        "contact_name": TEXT,
        "contact_email": f("email"),
        "contact_phone": TEXT,
        "signatory_name": TEXT,
        "signatory_title": TEXT,
        "attested": BOOL,
    }
    if late:
        fields["reason"] = TEXT
    else:
        fields["version"] = f("int")
        fields["action"] = f("choice", "submit", "draft")
    return fields


def _requisition_valid(scene: Scene) -> dict[str, Any]:
    from tests.requisitions.conftest import form_post

    return form_post()


def _late_valid(scene: Scene) -> dict[str, Any]:
    from tests.requisitions.conftest import form_post

    data = form_post(reason="Regionens brev kom fram den 2 december.")
    del data["version"], data["action"]
    return data


# --- reports ------------------------------------------------------------------------------


def _report_form(request: Any) -> Scene:
    request.getfixturevalue("paid_case")
    return Scene("/region/01/bidrag/2025/redovisning/", request.getfixturevalue("region_submitter"))


REPORT_FIELDS = {
    "version": f("int"),
    "action": f("choice", "submit", "draft"),
    "amount_used": AMOUNT,
    "period_from": DATE,
    "period_to": DATE,
    "bookkeeping": TEXT,
    "certifier_name": TEXT,
    "certifier_title": TEXT,
    "certified": BOOL,
    "target_groups": f("multichoice", *TargetGroup.values),
    "gender_equality": TEXT,
    "child_rights": TEXT,
    "disability": TEXT,
    **{
        name: spec
        for code in Purpose.values
        for name, spec in (
            (f"{code}_selected", BOOL),
            (f"{code}_amount", AMOUNT),
            (f"{code}_description", TEXT),
        )
    },
}


def _report_valid(scene: Scene) -> dict[str, Any]:
    from tests.reports.helpers import report_post

    return report_post()


def _completion(request: Any) -> Scene:
    request.getfixturevalue("reported_case")
    return Scene(
        "/handlaggare/bidrag/2025/region/01/redovisning/komplettering/",
        request.getfixturevalue("officer"),
    )


# --- repayments ---------------------------------------------------------------------------


def _claim_page(request: Any) -> Scene:
    request.getfixturevalue("paid_case")
    return Scene("/handlaggare/bidrag/2025/region/01/aterkrav/", request.getfixturevalue("officer"))


def _claim_change(request: Any) -> Scene:
    from repayments.services import recovery_claim_decide

    case = request.getfixturevalue("reported_case")
    officer = request.getfixturevalue("officer")
    claim = recovery_claim_decide(
        case=case,
        amount=10_000_000,
        ground=ClaimGround.NOT_USED_FOR_PURPOSE,
        due_date=dt.date(2026, 4, 30),
        reason="En kostnad hör inte till ändamålet.",
        actor=officer,
    )
    return Scene(
        f"/handlaggare/bidrag/2025/region/01/aterkrav/{claim.pk}/andra/",
        officer,
        objects={"claim": claim},
    )


def _repayments(request: Any) -> Scene:
    claim = request.getfixturevalue("reported_claim")
    return Scene(
        "/handlaggare/aterbetalningar/",
        request.getfixturevalue("officer"),
        objects={"claim": claim},
    )


def _resolve(request: Any) -> Scene:
    from repayments.services import repayment_register

    claim = request.getfixturevalue("reported_claim")
    officer = request.getfixturevalue("officer")
    repayment = repayment_register(
        received_on=dt.date(2026, 2, 2),
        amount=10_000_00,
        reference="Återbetalning utan OCR",
        payer="Region Stockholm",
        actor=officer,
    )
    return Scene(
        f"/handlaggare/aterbetalningar/{repayment.pk}/",
        officer,
        objects={"claim": claim, "repayment": repayment},
    )


def _bank_import(request: Any) -> Scene:
    request.getfixturevalue("approved_case")
    claim = request.getfixturevalue("reported_claim")
    return Scene(
        "/handlaggare/aterbetalningar/bankfil/",
        request.getfixturevalue("officer"),
        objects={"claim": claim},
    )


def _bank_valid(scene: Scene) -> dict[str, Any]:
    ocr = scene.objects["claim"].ocr
    text = (
        "Bokföringsdag;Belopp;Referens;Avsändare;Transaktions-id\n"
        f"2026-02-02;300 000,00;S2025/01234 OCR {ocr};Region Stockholm;T1\n"
        "2026-02-02;4 711,00;Återbetalning;Någon AB;T3\n"
    )
    return {"file": SimpleUploadedFile("bank.csv", text.encode(), content_type="text/csv")}


def _close_lapsed(request: Any) -> Scene:
    request.getfixturevalue("grant_2025")
    at(request, 2025, 12, 3, 9)
    case = Case.objects.get(grant__year=2025, region__county_code="03")
    return Scene(
        "/handlaggare/bidrag/2025/region/03/avsluta/",
        request.getfixturevalue("officer"),
        objects={"case": case},
    )


def _reopen(request: Any) -> Scene:
    from repayments.services import case_close_lapsed

    grant = request.getfixturevalue("grant_2025")
    officer = request.getfixturevalue("officer")
    at(request, 2025, 12, 3, 9)
    case = Case.objects.get(grant=grant, region=request.getfixturevalue("uppsala"))
    case_close_lapsed(case=case, reason="Ingen rekvisition kom in.", actor=officer)
    return Scene("/handlaggare/bidrag/2025/region/03/ateroppna/", officer, objects={"case": case})


def _assign(request: Any) -> Scene:
    request.getfixturevalue("grant_2025")
    colleague = factories.officer(full_name="Kollega Karlsson")
    case = Case.objects.get(grant__year=2025, region__county_code="03")
    return Scene(
        "/handlaggare/bidrag/2025/region/03/tilldela/",
        request.getfixturevalue("officer"),
        objects={"case": case, "colleague": colleague},
    )


# --- reminders ----------------------------------------------------------------------------


def _reminder_log(request: Any) -> Scene:
    grant = request.getfixturevalue("grant_2025")
    deadline = Deadline.objects.get(grant=grant, kind=DeadlineKind.AGENCY_REQUISITION)
    return Scene(
        "/bidrag/2025/paminnelser/",
        request.getfixturevalue("officer"),
        objects={"deadline": deadline},
    )


def _reminder_rule(pk: bool) -> Callable[[Any], Scene]:
    def build(request: Any) -> Scene:
        from reminders.models import ReminderRule

        request.getfixturevalue("grant_2025")
        rule = ReminderRule.objects.order_by("pk").first()
        path = (
            f"/bidrag/2025/paminnelser/regler/{rule.pk}/"
            if pk
            else "/bidrag/2025/paminnelser/regler/ny/"
        )
        return Scene(path, request.getfixturevalue("officer"), objects={"rule": rule})

    return build


REMINDER_RULE_FIELDS = {
    "kind": f("choice", "requisition", "report", "repayment", "recovery_claim", "ministry_report"),
    "direction": f("choice", "before", "after"),
    "days": f("int"),
    "audience": f("choice", "regions", "officers"),
    "is_active": BOOL,
}


def _reminder_rule_valid(scene: Scene) -> dict[str, Any]:
    return {
        "kind": "report",
        "direction": "before",
        "days": "21",
        "audience": "officers",
        "is_active": "on",
    }


def _announcement_valid(scene: Scene) -> dict[str, Any]:
    return {
        "title": "Ny vägledning",
        "body": "Vägledningen för redovisningen finns nu som bilaga.",
        "attachments": [
            SimpleUploadedFile("vagledning.txt", "Läs noga.".encode(), content_type="text/plain")
        ],
    }


# --- the table ----------------------------------------------------------------------------

# A form class that no view uses by itself: the subclasses that are used carry its fields.
ABSTRACT = {
    "grants.forms._DecisionAmountsMixin": (
        "grants.forms.DecisionForm",
        "grants.forms.MarkDecidedForm",
    )
}

TARGETS: dict[str, list[Target]] = {
    "accounts.forms.LoginForm": [
        Target(
            "login",
            _login,
            {"username": f("email"), "password": TEXT, "next": TEXT},
            lambda s: {"username": s.objects["user"].email, "password": factories.PASSWORD},
            stored_when_refused=LOGIN_ATTEMPTS,
        )
    ],
    "accounts.forms.CodeForm": [
        Target(
            "two-factor",
            _two_factor,
            {"code": f("int"), "next": TEXT},
            lambda s: {"code": totp_code(s.objects["device"]), "next": "/"},
            stored_when_refused=LOGIN_ATTEMPTS,
            changed=lambda s: [s.objects["device"]],
            unchanged_when_refused=False,
        ),
        Target(
            "two-factor-enrol",
            _two_factor_enrol,
            {"code": f("int"), "next": TEXT},
            lambda s: {"code": key_code(s), "next": "/"},
            success=lambda response: "codes" in (response.context or {}),
        ),
        Target(
            "two-factor-enrol-link",
            _two_factor_enrol_link,
            {"code": f("int"), "next": TEXT},
            lambda s: {"code": key_code(s), "next": "/"},
            success=lambda response: "codes" in (response.context or {}),
        ),
    ],
    "accounts.forms.AuthenticatorAddForm": [
        Target(
            "authenticator-add",
            _authenticator_add,
            {"code": f("int"), "current_code": f("int")},
            lambda s: {"code": key_code(s), "current_code": totp_code(s.objects["device"])},
            changed=lambda s: [s.objects["device"]],
            unchanged_when_refused=False,  # a wrong code counts against the authenticator
        )
    ],
    "accounts.forms.FreshCodeForm": [
        Target(
            "recovery-codes",
            _recovery_codes,
            {"code": f("int")},
            lambda s: {"code": totp_code(s.objects["device"])},
            success=lambda response: "codes" in (response.context or {}),
            changed=lambda s: [s.objects["device"]],
            unchanged_when_refused=False,
        ),
        Target(
            "authenticator-remove",
            _authenticator_remove,
            {"code": f("int")},
            lambda s: {"code": totp_code(s.objects["device"])},
            changed=lambda s: [s.objects["device"]],
            unchanged_when_refused=False,
        ),
    ],
    "accounts.forms.ReauthenticateForm": [
        Target(
            "reauthenticate",
            _reauthenticate,
            {"password": TEXT, "code": f("int"), "next": TEXT},
            lambda s: {
                "password": factories.PASSWORD,
                "code": totp_code(s.objects["device"]),
                "next": "/",
            },
            stored_when_refused=LOGIN_ATTEMPTS,
        )
    ],
    "accounts.forms.InviteForm": [
        Target(
            "region-invite",
            _region_users,
            {"email": f("email"), "full_name": TEXT, "role": f("choice", *RegionRole.values)},
            lambda s: {
                "email": "ny.person@regionstockholm.test",
                "full_name": "Ny Person",
                "role": RegionRole.PREPARER,
            },
        )
    ],
    "accounts.forms.MembershipForm": [
        Target(
            "region-membership",
            _region_membership,
            {"role": f("choice", *RegionRole.values), "is_active": BOOL},
            lambda s: {"role": RegionRole.SUBMITTER, "is_active": "on"},
            changed=lambda s: [RegionMembership.objects.get(pk=s.objects["membership"].pk)],
        )
    ],
    "accounts.forms.PasswordResetRequestForm": [
        Target(
            "password-reset",
            _password_reset,
            {"email": f("email")},
            lambda s: {"email": s.objects["user"].email},
            success=lambda response: bool((response.context or {}).get("sent")),
        )
    ],
    "conversations.forms.MessageForm": [
        Target(
            f"message-{side}",
            _conversation(side),
            {"body": TEXT, "attachments": f("files")},
            lambda s: {"body": "Vi har en fråga om redovisningen.", "attachments": [_pdf()]},
        )
        for side in ("region", "officer")
    ],
    "ombud.forms.OmbudApplicationForm": [
        Target(
            "ombud-apply",
            _ombud_apply,
            {
                "region": f("int"),
                "full_name": TEXT,
                "position": TEXT,
                "phone": TEXT,
                "document": f("file"),
            },
            lambda s: {
                "region": str(s.objects["region"].pk),
                "full_name": "Anna Sökande",
                "position": "Ekonomichef",
                "phone": "08-123 456 78",
                "document": _pdf(),
            },
        )
    ],
    "ombud.forms.CompletionForm": [
        Target(
            "ombud-complete",
            _ombud_completion,
            {"document": f("file"), "note": TEXT},
            lambda s: {"document": _pdf(), "note": "Nu med underskrift."},
            changed=lambda s: [s.objects["application"]],
        )
    ],
    "ombud.forms.CompletionRequestForm": [
        Target(
            "ombud-request-completion",
            _ombud_decision("komplettering"),
            {"message": TEXT},
            lambda s: {"message": "Intyget saknar underskrift."},
            prefix="completion-",
            constant=CONFIRMED,
            changed=lambda s: [s.objects["application"]],
        )
    ],
    "ombud.forms.RejectForm": [
        Target(
            "ombud-reject",
            _ombud_decision("avsla"),
            {"message": TEXT},
            lambda s: {"message": "Intyget gäller en annan person."},
            prefix="reject-",
            constant=CONFIRMED,
            changed=lambda s: [s.objects["application"]],
        )
    ],
    "regions.forms.PopulationFileForm": [
        Target(
            "population-upload",
            _population_list,
            {"file": f("file")},
            lambda s: {"file": SimpleUploadedFile("BE0101N1.csv", scb_file())},
        )
    ],
    "regions.forms.ColumnForm": [
        Target(
            "population-column",
            _population_import,
            {"column": f("int")},
            lambda s: {"column": "0"},
            method="get",
        )
    ],
    "regions.forms.PopulationConfirmForm": [
        Target(
            "population-confirm",
            _population_import,
            {"name": TEXT, "source": TEXT, "reference_date": DATE, "column": f("int")},
            lambda s: {
                "name": "Folkmängd per region 1 november 2025",
                "source": "Statistiska centralbyrån (SCB)",
                "reference_date": "2025-11-01",
            },
        )
    ],
    "grants.forms.DeadlineForm": [
        Target(
            "deadline",
            _grant_2025("/bidrag/2025/tidsfrister/report/"),
            {
                "due_date": DATE,
                "moves_to_next_working_day": BOOL,
                "source_text": TEXT,
                "checked_date": DATE,
            },
            lambda s: {"due_date": "2026-02-27", "source_text": "Socialstyrelsens beslut."},
            changed=lambda s: list(Deadline.objects.filter(grant=s.objects["grant"])),
        )
    ],
    "grants.forms.AgencyConditionsForm": [
        Target(
            "agency-conditions",
            _grant_2025("/bidrag/2025/villkor/"),
            {"agency_conditions": TEXT},
            lambda s: {"agency_conditions": "Regionerna ska följa upp insatserna."},
            changed=lambda s: [Grant.objects.get(pk=s.objects["grant"].pk).decision],
        )
    ],
    "grants.forms.RecoveryTermsForm": [
        Target(
            "recovery-terms",
            _grant_2025("/bidrag/2025/aterkrav/"),
            {"appeal_text": TEXT, "late_interest_applies": BOOL},
            lambda s: {
                "appeal_text": "Beslutet kan överklagas hos Förvaltningsrätten i Stockholm.",
                "late_interest_applies": "on",
            },
            changed=lambda s: [Grant.objects.get(pk=s.objects["grant"].pk)],
        )
    ],
    "grants.forms.DecisionForm": [
        Target(
            "decision-register",
            _grant_2025("/bidrag/nytt-beslut/"),
            DECISION_FIELDS,
            _decision_valid,
        )
    ],
    "grants.forms.MarkDecidedForm": [
        Target(
            "decision-mark-decided",
            _round_2026(DecisionStatus.PLANNED, "/bidrag/2026/beslutat/"),
            {
                "diarienummer": TEXT,
                "decided_on": DATE,
                "total_amount": AMOUNT,
                "regions_amount": AMOUNT,
                "administration_amount": AMOUNT,
                "conditions": TEXT,
            },
            lambda s: {
                "diarienummer": "S2026/00400",
                "decided_on": "2026-03-12",
                "total_amount": "400 000 000",
                "regions_amount": "400 000 000",
                "administration_amount": "0",
                "conditions": "Beslutad omgång.",
            },
            changed=lambda s: [Grant.objects.get(pk=s.objects["grant"].pk).decision],
        )
    ],
    "grants.forms.PreviewForm": [
        Target(
            "allocation-preview",
            _grant_2025("/bidrag/2025/fordelning/"),
            {"amount": AMOUNT, "population_dataset": f("int")},
            lambda s: {
                "amount": "400 000 000",
                "population_dataset": str(s.objects["grant"].population_dataset_id),
            },
            method="get",
        )
    ],
    "grants.forms.AdoptForm": [
        Target(
            "allocation-adopt",
            _round_2026(DecisionStatus.DECIDED, "/bidrag/2026/fordelning/"),
            {"population_dataset": f("int"), "previewed_amount": f("int"), "reason": TEXT},
            lambda s: {
                "population_dataset": str(s.objects["grant"].population_dataset_id),
                "previewed_amount": str(s.objects["grant"].decision.regions_amount),
            },
            constant=CONFIRMED,
        )
    ],
    "requisitions.forms.RequisitionForm": [
        Target("requisition", _requisition_form, requisition_fields(late=False), _requisition_valid)
    ],
    "requisitions.forms.LateRequisitionForm": [
        Target("requisition-late", _late_requisition, requisition_fields(late=True), _late_valid)
    ],
    "requisitions.forms.RefuseForm": [
        Target(
            "requisition-refuse",
            _refuse,
            {"reason": TEXT},
            lambda s: {"reason": "Kontonumret tillhör inte regionen."},
            constant=CONFIRMED,
            changed=lambda s: [s.objects["requisition"]],
        )
    ],
    "requisitions.forms.ReleaseForm": [
        Target(
            "payment-release",
            _release,
            {"payment_date": DATE},
            lambda s: {"payment_date": "2025-11-24"},
            constant=CONFIRMED,
        )
    ],
    "requisitions.forms.PaymentFileForm": [
        Target(
            "payment-file",
            _payment_files,
            {"payment_date": DATE},
            lambda s: {"payment_date": "2025-11-04"},
            constant=CONFIRMED,
        )
    ],
    "reports.forms.ReportForm": [Target("report", _report_form, REPORT_FIELDS, _report_valid)],
    "reports.forms.CompletionRequestForm": [
        Target(
            "report-completion",
            _completion,
            {"message": TEXT},
            lambda s: {"message": "Beskriv insatserna för barn och unga."},
        )
    ],
    "repayments.forms.RecoveryClaimForm": [
        Target(
            "recovery-claim",
            _claim_page,
            {
                "amount": AMOUNT,
                "ground": f("choice", *ClaimGround.values),
                "due_date": DATE,
                "reason": TEXT,
            },
            lambda s: {
                "amount": "800 812",
                "ground": ClaimGround.NO_REPORT,
                "due_date": "2026-03-31",
                "reason": "Ingen redovisning har kommit in.",
            },
            constant=CONFIRMED,
        )
    ],
    "repayments.forms.ClaimChangeForm": [
        Target(
            "recovery-claim-change",
            _claim_change,
            {"amount": AMOUNT, "reason": TEXT},
            lambda s: {"amount": "40 000", "reason": "Delar av kostnaden godtas."},
            constant=CONFIRMED,
            changed=lambda s: [Claim.objects.get(pk=s.objects["claim"].pk)],
        )
    ],
    "repayments.interest_forms.ReferenceRateForm": [
        Target(
            "reference-rate",
            _grant_2025("/handlaggare/referensranta/"),
            {"starts_on": DATE, "rate": AMOUNT, "source": TEXT, "reason": TEXT},
            lambda s: {"starts_on": "2026-01-01", "rate": "1,75", "source": "Riksbanken"},
        )
    ],
    "repayments.forms.RepaymentForm": [
        Target(
            "repayment-register",
            _repayments,
            {"received_on": DATE, "amount": AMOUNT, "reference": TEXT, "payer": TEXT},
            lambda s: {
                "received_on": "2026-02-02",
                "amount": "800 812",
                "reference": f"S2025/01234 OCR {s.objects['claim'].ocr}",
                "payer": "Region Stockholm",
            },
            constant=CONFIRMED,
        )
    ],
    "repayments.forms.ResolveForm": [
        Target(
            "repayment-resolve",
            _resolve,
            {"action": f("choice", "book", "return"), "claim": f("int"), "note": TEXT},
            lambda s: {
                "action": "book",
                "claim": str(s.objects["claim"].pk),
                "note": "Regionens återbetalning utan OCR-nummer.",
            },
            constant=CONFIRMED,
            changed=lambda s: [Repayment.objects.get(pk=s.objects["repayment"].pk)],
        )
    ],
    "repayments.forms.BankFileForm": [
        Target("bank-import", _bank_import, {"file": f("file")}, _bank_valid)
    ],
    "repayments.forms.ReasonForm": [
        Target(
            "case-close",
            _close_lapsed,
            {"reason": TEXT},
            lambda s: {"reason": "Ingen rekvisition kom in före tidsfristen."},
            changed=lambda s: [s.objects["case"]],
        ),
        Target(
            "case-reopen",
            _reopen,
            {"reason": TEXT},
            lambda s: {"reason": "Regionen visade att rekvisitionen kom in i tid."},
            changed=lambda s: [s.objects["case"]],
        ),
    ],
    "grants.forms.CaseAssignForm": [
        Target(
            "case-assign",
            _assign,
            {"officer": f("int")},
            lambda s: {"officer": str(s.objects["colleague"].pk)},
            changed=lambda s: [s.objects["case"]],
        )
    ],
    "reminders.forms.AnnouncementForm": [
        Target(
            "announcement",
            _grant_2025("/bidrag/2025/meddelanden/"),
            {"title": TEXT, "body": TEXT, "shown_until": DATE, "attachments": f("files")},
            _announcement_valid,
        )
    ],
    "reminders.forms.AgencyStepDoneForm": [
        Target(
            "agency-step-done",
            _reminder_log,
            {"deadline": f("int"), "done_on": DATE, "note": TEXT},
            lambda s: {
                "deadline": str(s.objects["deadline"].pk),
                "done_on": "2025-06-02",
                "note": "Rekvisitionen skickad.",
            },
            also_answers=(404,),  # a deadline field that names no deadline of the grant
        )
    ],
    "reminders.forms.ReminderRuleForm": [
        Target(
            "reminder-rule-add",
            _reminder_rule(pk=False),
            REMINDER_RULE_FIELDS,
            _reminder_rule_valid,
        ),
        Target(
            "reminder-rule-change",
            _reminder_rule(pk=True),
            REMINDER_RULE_FIELDS,
            _reminder_rule_valid,
            changed=lambda s: [s.objects["rule"]],
        ),
    ],
    "reporting.forms.AgencyRequisitionForm": [
        Target(
            "kammarkollegiet-requisition",
            _grant_2025("/bidrag/2025/kammarkollegiet/"),
            {"date": DATE, "amount": AMOUNT, "reference": TEXT},
            lambda s: {"date": "2025-06-02", "amount": "500 000 000", "reference": "KK 2025/17"},
            prefix="requisition-",
            constant={"form": "requisition"},
        )
    ],
    "reporting.forms.AdministrationCostForm": [
        Target(
            "kammarkollegiet-cost",
            _grant_2025("/bidrag/2025/kammarkollegiet/"),
            {
                "date": DATE,
                "amount": AMOUNT,
                "cost_type": f("choice", *CostType.values),
                "description": TEXT,
            },
            lambda s: {
                "date": "2025-09-01",
                "amount": "125 000,50",
                "cost_type": CostType.STAFF,
                "description": "Handläggning",
            },
            prefix="cost-",
            constant={"form": "cost"},
        )
    ],
    "reporting.forms.AgencyRepaymentForm": [
        Target(
            "kammarkollegiet-repayment",
            _agency_entries,
            {"date": DATE, "amount": AMOUNT, "reference": TEXT},
            lambda s: {"date": "2025-12-15", "amount": "12 000 000", "reference": "KK 2025/99"},
            prefix="repayment-",
            constant={"form": "repayment"},
        )
    ],
    "reporting.forms.CorrectionForm": [
        Target(
            "kammarkollegiet-requisition-correction",
            _agency_entries,
            {"entry": f("int"), "amount": AMOUNT, "reason": TEXT},
            lambda s: {
                "entry": str(s.objects["requisition"].pk),
                "amount": "499 000 000",
                "reason": "Beloppet skrevs fel.",
            },
            prefix="requisition-correction-",
            constant={"form": "requisition-correction"},
        ),
        Target(
            "kammarkollegiet-cost-correction",
            _agency_entries,
            {"entry": f("int"), "amount": AMOUNT, "reason": TEXT},
            lambda s: {
                "entry": str(s.objects["cost"].pk),
                "amount": "90 000",
                "reason": "Fakturan lyder på ett lägre belopp.",
            },
            prefix="cost-correction-",
            constant={"form": "cost-correction"},
        ),
    ],
    "reporting.forms.AssessmentForm": [
        Target(
            "ministry-assessment",
            _grant_2025("/bidrag/2025/regeringsrapport/"),
            {"assessment": TEXT},
            lambda s: {"assessment": "Regionerna har använt bidraget väl."},
        )
    ],
    "reporting.forms.OverviewFilterForm": [
        Target(
            "overview-filter",
            _grant_2025("/bidrag/2025/oversikt/"),
            {
                "steg": f("choice", *Step.values),
                "status": f("choice", *StepState.values, "problems"),
                "per": DATE,
                "sort": f("choice", "region", "-allocated", "disbursed"),
            },
            lambda s: {"steg": Step.REPORT, "status": StepState.OVERDUE, "per": "2025-12-31"},
            method="get",
        )
    ],
}

__all__ = ["ABSTRACT", "TARGETS", "Scene", "Target"]
