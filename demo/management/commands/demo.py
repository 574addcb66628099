"""`python manage.py demo`: the 2025 decision with its history, the planned 2026 round and demo users (idempotent)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RegionRole, User
from accounts.roles import StaffRole
from accounts.services import membership_set, staff_role_grant, user_ensure
from core.commands import OperatorCommand
from grants import selectors as grant_selectors
from grants import services as grant_services
from grants.decision_file import DATA_DIR, read_decision_file
from grants.models import Deadline, DeadlineKind, DecisionStatus, Grant
from regions.models import Region

from ...conversations import REGION as CONVERSATION_REGION
from ...conversations import record_conversation
from ...history import (
    REGION_ROLES,
    agency_history_exists,
    history_exists,
    record_agency_history,
    record_agency_steps_done,
    record_case_assignments,
    record_information_history,
    record_recovery_terms,
    record_report_history,
    record_requisition_history,
    report_history_exists,
)
from ...ombud import APPROVED_REGION as OMBUD_APPROVED_REGION
from ...ombud import record_ombud_applications

# The 2026 round: announced in the 2025 decision ("Regeringen beräknar att 400 miljoner kronor
# per år kommer att avsättas för ändamålet under 2026 respektive 2027"), not yet decided.
ROUND_2026_TITLE = (
    "Uppdrag till Socialstyrelsen att under 2026 betala ut statsbidrag till regionerna för att "
    "stärka och utveckla primärvårdens arbete med psykisk ohälsa"
)
ROUND_2026_CONDITIONS = """Planerad omgång, ännu inte beslutad.

Regeringen beräknar i beslutet för 2025 att 400 miljoner kronor per år kommer att avsättas för ändamålet under 2026 respektive 2027, under förutsättning att riksdagen anvisat medel för det aktuella anslaget.

Hur beloppet fördelas mellan regionerna och Socialstyrelsens administration och uppföljning är ännu inte beslutat: hela beloppet är tills vidare upptaget som medel till regionerna. Villkoren skrivs in när regeringens beslut har kommit."""

# Example values: the source document prints neither. Shown as examples in the interface.
EXAMPLE_DIARIENUMMER = "S2025/01234"
EXAMPLE_DECIDED_ON = dt.date(2025, 5, 15)
EXAMPLE_REPORT_DATE = dt.date(2026, 2, 27)
DEMO_PASSWORD = "Statsbidrag-demo-2025"  # noqa: S105 - printed for local demo use only
# The demo staff's authenticator key (hex), printed so that `make run` works without a phone.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"

STAFF = [
    ("handlaggare@socialstyrelsen.test", "Hanna Handläggare", StaffRole.OFFICER),
    ("handlaggare2@socialstyrelsen.test", "Olle Granskare", StaffRole.OFFICER),
    ("revisor@socialstyrelsen.test", "Rut Revisor", StaffRole.AUDITOR),
]


def region_user_email(prefix: str, region: Region) -> str:
    return f"{prefix}-{region.county_code}@regioner.test"


class Command(OperatorCommand):
    _password_hash: str | None = None
    help = (
        "Load the 2025 decision (example reference number) with its history, the planned 2026 "
        "round and demo users. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (DEMO_ALLOWED is off)."
            )
        with transaction.atomic():
            grant = self._grant_2025()
            users = self._users()
            record_ombud_applications(
                User.objects.get(email=STAFF[0][0]),
                {
                    user.email: user
                    for user in User.objects.filter(email__endswith="@regioner.test")
                },
            )
            record_recovery_terms(grant, User.objects.get(email=STAFF[0][0]))
            if not history_exists(grant):
                officers = (
                    User.objects.get(email=STAFF[0][0]),
                    User.objects.get(email=STAFF[1][0]),
                )
                submitters = {
                    region.county_code: User.objects.get(
                        email=region_user_email("representant", region)
                    )
                    for region in Region.objects.all()
                }
                record_requisition_history(grant, officers, submitters)
                self.stdout.write("Recorded the 2025 history: requisitions, decisions, payments.")
            if not report_history_exists(grant):
                officers = (
                    User.objects.get(email=STAFF[0][0]),
                    User.objects.get(email=STAFF[1][0]),
                )
                submitters = {
                    region.county_code: User.objects.get(
                        email=region_user_email("representant", region)
                    )
                    for region in Region.objects.all()
                }
                record_report_history(grant, officers, submitters)
                self.stdout.write("Recorded the 2026 history: reports, claims, repayments.")
            record_information_history(
                grant, (User.objects.get(email=STAFF[0][0]), User.objects.get(email=STAFF[1][0]))
            )
            record_case_assignments(
                grant, (User.objects.get(email=STAFF[0][0]), User.objects.get(email=STAFF[1][0]))
            )
            self._round_2026(grant)
            if not agency_history_exists(grant):
                record_agency_history(grant, User.objects.get(email=STAFF[0][0]))
                self.stdout.write(
                    "Recorded the agency's requisition from Kammarkollegiet, its "
                    "administration costs (one corrected), its repayment to Kammarkollegiet "
                    "and an example assessment."
                )
            record_agency_steps_done(grant, User.objects.get(email=STAFF[0][0]))
            record_conversation(
                grant,
                User.objects.get(email=STAFF[0][0]),
                User.objects.get(email=f"representant-{CONVERSATION_REGION}@regioner.test"),
            )
        self._print_login(grant, users)

    def _grant_2025(self) -> Grant:
        grant = Grant.objects.filter(year=2025).first()
        if grant is None:
            grant = grant_services.decision_load(
                data=read_decision_file(DATA_DIR / "decision_2025.toml"),
                diarienummer=EXAMPLE_DIARIENUMMER,
                decided_on=EXAMPLE_DECIDED_ON,
                diarienummer_is_example=True,
                decided_on_is_example=True,
            )
            self.stdout.write(
                f"Loaded the 2025 decision with example reference {EXAMPLE_DIARIENUMMER}."
            )
        if not Deadline.objects.filter(grant=grant, kind=DeadlineKind.REPORT).exists():
            grant_services.deadline_set(
                grant=grant,
                kind=DeadlineKind.REPORT,
                due_date=EXAMPLE_REPORT_DATE,
                source_text="Exempel: datum som Socialstyrelsen har bestämt (demodata).",
            )
        return grant

    def _round_2026(self, grant_2025: Grant) -> None:
        """The planned 2026 round: 400 000 000 kr on the 2024 figures, no allocation adopted."""
        if Grant.objects.filter(year=2026).exists():
            return
        officer = User.objects.get(email=STAFF[0][0])
        decision = grant_2025.decision
        grant_services.decision_register(
            data=grant_services.DecisionInput(
                year=2026,
                status=DecisionStatus.PLANNED,
                diarienummer="",
                decided_on=None,
                title=ROUND_2026_TITLE,
                ministry=decision.ministry,
                appropriation=decision.appropriation,
                total_amount=400_000_000_00,
                regions_amount=400_000_000_00,
                administration_amount=0,
                conditions=ROUND_2026_CONDITIONS,
                population_dataset=grant_2025.population_dataset,
                use_from=dt.date(2026, 1, 1),
                use_to=dt.date(2026, 12, 31),
                deadlines=tuple(
                    grant_services.DeadlineInput(
                        kind=row.kind,
                        due_date=row.due_date,
                        moves_to_next_working_day=row.moves_to_next_working_day,
                        source_text="Förslag: 2025 års datum flyttat ett år (demodata).",
                    )
                    for row in grant_selectors.deadline_suggestions(grant_2025)
                    if row.due_date is not None
                ),
            ),
            actor=officer,
        )
        self.stdout.write("Registered the planned 2026 round (400 000 000 kr, not yet decided).")

    def _users(self) -> list[tuple[str, str]]:
        created: list[tuple[str, str]] = []
        for email, name, role in STAFF:
            user = self._user(email, name)
            staff_role_grant(user=user, role=role)
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                TOTPDevice.objects.create(user=user, name="Demo", key=DEMO_TOTP_KEY, confirmed=True)
            created.append((email, role.value))
        for region in Region.objects.order_by("county_code"):
            user = self._user(region_user_email("ombud", region), f"Ombud {region.short_name}")
            # Gotland's ombud is appointed through an approved ombud application (demo/ombud.py).
            if region.county_code != OMBUD_APPROVED_REGION:
                membership_set(user=user, region=region, role=RegionRole.ADMIN)
            created.append((user.email, region.name))
            for prefix, region_role, title in REGION_ROLES:
                user = self._user(region_user_email(prefix, region), f"{title} {region.short_name}")
                membership_set(user=user, region=region, role=region_role)
        return created

    def _user(self, email: str, name: str) -> User:
        user = user_ensure(email=email, full_name=name)
        if not user.has_usable_password():
            # One hash for every demo user: hashing is deliberately slow.
            if self._password_hash is None:
                self._password_hash = make_password(DEMO_PASSWORD)
            user.password = self._password_hash
            user.save(update_fields=["password"])
        return user

    def _print_login(self, grant: Grant, users: list[tuple[str, str]]) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(
            f"Log in at {settings.SITE_URL}/konto/logga-in/ with password {DEMO_PASSWORD}"
        )
        for email, role in users[:3]:
            self.stdout.write(f"  {email:40} {role}")  # the role's code: officer, auditor
        codes = " ".join(
            Region.objects.order_by("county_code").values_list("county_code", flat=True)
        )
        self.stdout.write(
            "  ombud-NN@regioner.test                   region admin for county code NN"
        )
        self.stdout.write("  representant-NN@regioner.test            submitter for county code NN")
        self.stdout.write("  uppgift-NN@regioner.test                 preparer for county code NN")
        self.stdout.write(f"  where NN is one of the regions' county codes: {codes}")
        self.stdout.write(f"The 2025 grant: {settings.SITE_URL}/bidrag/{grant.year}/")
        self.stdout.write(f"The planned 2026 round: {settings.SITE_URL}/bidrag/2026/")
        self.stdout.write("")
        self.stdout.write(
            "Staff (officers, auditor) log in with a second factor. Add this key to an authenticator app,"
        )
        self.stdout.write(f"  {demo_secret()}")
        self.stdout.write("or print the current code with: .venv/bin/python manage.py demo_code")


def demo_secret() -> str:
    import base64

    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii")
