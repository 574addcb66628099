"""What the accessibility walk visits: every page a user can reach, per role, with real objects
behind every URL argument, and how a page is checked with axe-core.

The pages come from the URL configuration (tests/urlwalk.py): each route is either visited by
at least one role below or excluded with a reason, so a new page cannot be forgotten."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enrolment import enrolment_link_issue
from accounts.models import RegionMembership, User
from accounts.roles import AUDITED_APPS
from accounts.services import user_ensure
from grants.models import DeadlineKind, Grant
from ombud.models import OmbudApplication
from regions.models import PopulationDataset
from regions.services import population_import_upload
from reminders.models import ReminderRule
from repayments.models import BankImport, Claim, Repayment
from repayments.services import bank_import_upload
from requisitions.models import Requisition
from tests import factories
from tests.browser.reflow import reflow_problems
from tests.regions.scb_files import FIGURES_2024, as_csv, scb_rows
from tests.support.demo import load_demo

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# The demo's region (Stockholm, county 01) requisitioned, was paid, reported and was approved;
# its users are the region roles below. Other regions show the other states of a case.
REGION = "01"
COMPLETION_REQUESTED = "14"  # demo/history.py: report sent back for completion, then resent
NO_REPORT = (
    "25"  # no report by the deadline: a recovery claim of the whole amount (then a late report)
)
REFUSED_THEN_RESUBMITTED = "07"  # first requisition refused (wrong account), second approved

DEMO_USERS = {
    "region_admin": f"ombud-{REGION}@regioner.test",
    "submitter": f"representant-{REGION}@regioner.test",
    "preparer": f"uppgift-{REGION}@regioner.test",
    "officer": "handlaggare@socialstyrelsen.test",
    "auditor": "revisor@socialstyrelsen.test",
}

ACCOUNT_ROUTES = (
    "accounts:account",
    "accounts:password_change",
    "accounts:reauthenticate",
    "portal:calendar",
)
# Changing one's second factor (the officer has an authenticator: the demo's).
SECOND_FACTOR_ROUTES = (
    "accounts:two_factor_enrol",
    "accounts:recovery_codes",
    "accounts:two_factor_remove",
)
REGION_CASE_ROUTES = (
    "regions:home",
    "regions:grants",
    "regions:case",
    "requisitions:form",
    "requisitions:receipt",
    "reports:form",
    "reports:version",
    "repayments:region",
    "conversations:region",
    "attachments:region_case",
)
STAFF_ROUTES = (
    "portal:inbox",
    "portal:inbox_section",
    "grants:list",
    "grants:detail",
    "grants:allocation",
    "requisitions:queue",
    "requisitions:review",
    "requisitions:payment_files",
    "reports:queue",
    "reports:review",
    "repayments:case",
    "repayments:list",
    "repayments:reference_rates",
    "repayments:bank_import",
    "repayments:bank_import_preview",
    "reminders:announcements",
    "reminders:log",
    "reporting:overview",
    "reporting:overview_progress",
    "reporting:kammarkollegiet",
    "reporting:ministry",
    "reporting:audit_trail",
    "portal:auditor_home",
    "reporting:search",
    "ombud:review_list",
    "ombud:review",
    "conversations:officer",
    "attachments:staff_case",
)
OFFICER_ONLY_ROUTES = (
    "portal:inbox_mine",
    "portal:inbox_mine_section",
    "grants:register",
    "grants:conditions_edit",
    "grants:recovery_terms",
    "grants:mark_decided",
    "grants:deadline_edit",
    "population:list",
    "population:import",
    "population:dataset",
    "requisitions:late",
    "reminders:rule_add",
    "reminders:rule_edit",
    "repayments:claim",
    "repayments:claim_change",
    "repayments:resolve",
)


def _signature(county_code: str):
    """A signature of the region's requisition (signatures/)."""
    from tests.support.signatures import signature_for

    requisition = (
        Requisition.objects.filter(
            case__region__county_code=county_code, submitted_at__isnull=False
        )
        .select_related("submitted_by")
        .first()
    )
    return signature_for(requisition, requisition.submitted_by)


# Route names each role opens in the browser. Anonymous and "unverified" (password given,
# second factor not yet: a new officer without an authenticator, following an enrolment
# link) see the pages before a full login.
ROLE_ROUTES: dict[str, tuple[str, ...]] = {
    "anonymous": (
        "core:accessibility",
        "accounts:login",
        "accounts:password_reset",
        "accounts:activate",
    ),
    "unverified": ("accounts:two_factor", "accounts:two_factor_enrol_link"),
    "region_admin": (
        "core:home",
        "regions:mine",
        "regions:home",
        "regions:grants",
        "regions:case",
        "accounts:region_users",
        "accounts:region_membership",
        *ACCOUNT_ROUTES,
    ),
    # Stockholm's representative has applied to become its ombud (demo/ombud.py).
    "submitter": (*REGION_CASE_ROUTES, "ombud:mine", "ombud:apply", "ombud:application"),
    "preparer": REGION_CASE_ROUTES,
    "officer": STAFF_ROUTES
    + OFFICER_ONLY_ROUTES
    + ACCOUNT_ROUTES
    + SECOND_FACTOR_ROUTES
    + ("signatures:check",),
    # A signature's check page (signatures/), for a signature the walk's data adds.
    "auditor": (*STAFF_ROUTES, "signatures:check"),
    "superuser": ("core:home",),
}

# GET-able routes no role opens, and why.
EXCLUDED: dict[str, str] = {
    "accounts:logout": "POST only (logging out is a form button)",
    "accounts:oidc_login": "not a page: sends the browser to the e-ID provider (test_eid.py)",
    "accounts:oidc_callback": "not a page: the e-ID provider's answer, a redirect (test_eid.py)",
    "accounts:oidc_bind": "POST only (a button on the account page, test_eid.py)",
    "requisitions:approve": "POST only (a button on the review page)",
    "requisitions:refuse": "POST only (a form on the review page)",
    "requisitions:release": "POST only (a form on the review page)",
    "reports:approve": "POST only (a button on the report review page)",
    "reports:complete": "POST only (a form on the report review page)",
    "repayments:reopen": "POST only (a form on the officer's case page)",
    "repayments:close": "POST only (a form on the officer's case page)",
    "repayments:assign": "POST only (a form on the officer's case page)",
    "core:health": "not a page: plain text 'ok' for the load balancer's health check",
    "admin_login": "not a page: sends everyone to the service's login page (visited)",
    "reports:newest_queue": "not a page: the menu's Reports, sends staff to the newest "
    "decided round's report queue (visited)",
    "set_language": "POST only (the language switcher form); a GET only redirects",
    "records:document": "file download (PDF)",
    "ombud:document": "file download (the mandate document, PDF)",
    "conversations:region_file": "file download (a file sent with a message, PDF)",
    "conversations:officer_file": "file download (a file sent with a message, PDF)",
    "attachments:region_download": "file download (a case's attached file)",
    "attachments:region_withdraw": "POST only (a button on the region's files page)",
    "attachments:staff_download": "file download (a case's attached file)",
    "ombud:approve": "POST only (a button on the application's review page)",
    "ombud:request_completion": "POST only (a form on the application's review page)",
    "ombud:reject": "POST only (a form on the application's review page)",
    "reporting:open_allocation_json": "file download (JSON open data)",
    "reporting:open_allocation_csv": "file download (CSV open data)",
    "reporting:kammarkollegiet_pdf": "file download (PDF)",
    "reporting:kammarkollegiet_xlsx": "file download (XLSX)",
    "reporting:ministry_pdf": "file download (PDF)",
    "reporting:ministry_xlsx": "file download (XLSX)",
    "reporting:ministry_csv": "file download (CSV)",
    "reporting:queue_export_csv": "file download (CSV)",
    "reporting:queue_export_xlsx": "file download (XLSX)",
    "reporting:report_queue_export_csv": "file download (CSV)",
    "reporting:report_queue_export_xlsx": "file download (XLSX)",
    "reporting:dossier": "file download (ZIP of the case's documents)",
    "portal:calendar_feed": "not a page: the iCalendar feed a calendar application fetches "
    "(tests/browser/test_calendar.py opens it after making the address)",
}


@dataclass
class Site:
    """The demo history plus the few objects it lacks, looked up once."""

    users: dict[str, User]
    kwargs: dict[str, dict] = field(default_factory=dict)
    # More URLs per role: a second look at pages whose content depends on the case's state.
    extra: dict[str, list[str]] = field(default_factory=dict)

    def url(self, route: str) -> str:
        return reverse(route, kwargs=self.kwargs.get(route, {}))


def build_site() -> Site:
    """Load the demo (its 2025 history and planned 2026 round) and add an unconfirmed
    population file, an unconfirmed bank file and the users the demo does not have."""
    load_demo()
    users = {role: User.objects.get(email=email) for role, email in DEMO_USERS.items()}
    officer = users["officer"]
    users["superuser"] = factories.UserFactory(
        email="admin@socialstyrelsen.test", is_superuser=True, is_staff=True
    )
    users["unverified"] = factories.officer(email="ny-handlaggare@socialstyrelsen.test")
    enrolment_link = enrolment_link_issue(user=users["unverified"], actor=None)
    users["new"] = user_ensure(email="inbjuden@regioner.test", full_name="Inbjuden Person")

    population_import = population_import_upload(
        filename="BE0101N1.csv", content=as_csv(scb_rows(FIGURES_2024)), actor=officer
    )
    bank_import = BankImport.objects.filter(confirmed_at__isnull=False).first()
    pending_bank_import = bank_import_upload(
        filename="bankgiro-2026-04.csv",
        content="Bokföringsdag;Belopp;Referens;Avsändare;Transaktions-id\n"
        "2026-04-02;1 000,00;Okänd betalning;Okänd avsändare AB;BG9200\n",
        actor=officer,
    )
    assert bank_import is not None
    region_case = {"county_code": REGION, "year": 2025}
    staff_case = {"year": 2025, "county_code": REGION}
    membership = RegionMembership.objects.get(user=users["submitter"])
    # The demo's bank file has a payment from an unknown sender, left for an officer.
    unmatched = Repayment.objects.filter(claim__isnull=True).first()
    assert unmatched is not None
    new = users["new"]
    pending = OmbudApplication.objects.get(status="submitted", region__county_code=REGION)
    approved = OmbudApplication.objects.filter(status="approved").order_by("pk").first()
    assert approved is not None
    kwargs = {
        "ombud:application": {"pk": pending.pk},
        "ombud:review": {"pk": pending.pk},
        "accounts:activate": {
            "uidb64": urlsafe_base64_encode(force_bytes(new.pk)),
            "token": default_token_generator.make_token(new),
        },
        "accounts:two_factor_enrol_link": {"key": enrolment_link.rstrip("/").rsplit("/", 1)[-1]},
        "accounts:two_factor_remove": {
            "pk": TOTPDevice.objects.get(user=officer, confirmed=True).pk
        },
        "accounts:region_users": {"county_code": REGION},
        "accounts:region_membership": {"county_code": REGION, "pk": membership.pk},
        "regions:home": {"county_code": REGION},
        "regions:grants": {"county_code": REGION},
        "regions:case": region_case,
        "requisitions:form": region_case,
        "requisitions:receipt": region_case,
        "reports:form": region_case,
        "reports:version": {**region_case, "number": 1},
        "repayments:region": region_case,
        "conversations:region": region_case,
        "conversations:officer": staff_case,
        "attachments:region_case": region_case,
        "attachments:staff_case": staff_case,
        "grants:detail": {"year": 2025},
        "grants:conditions_edit": {"year": 2025},
        "grants:recovery_terms": {"year": 2025},
        "grants:mark_decided": {"year": Grant.objects.get(year=2026).year},  # the planned round
        "grants:allocation": {"year": 2025},
        "grants:deadline_edit": {"year": 2025, "kind": DeadlineKind.REPORT.value},
        "population:import": {"pk": population_import.pk},
        "population:dataset": {"pk": PopulationDataset.objects.order_by("pk").first().pk},
        "requisitions:review": {
            "pk": Requisition.objects.filter(case__region__county_code=REGION).first().pk
        },
        "requisitions:late": staff_case,
        "reports:queue": {"year": 2025},
        "reports:review": {"year": 2025, "county_code": COMPLETION_REQUESTED},
        "repayments:case": staff_case,
        # The demo's reports waiting for review: a section of the inbox on its own page.
        "portal:inbox_section": {"section": "reports"},
        "portal:inbox_mine_section": {"section": "reports"},
        "repayments:claim": {"year": 2025, "county_code": NO_REPORT},
        "repayments:claim_change": {
            "year": 2025,
            "county_code": NO_REPORT,
            "pk": Claim.objects.get(
                case__grant__year=2025, case__region__county_code=NO_REPORT, kind="recovery"
            ).pk,
        },
        "repayments:resolve": {"pk": unmatched.pk},
        "repayments:bank_import_preview": {"pk": pending_bank_import.pk},
        "reminders:announcements": {"year": 2025},
        "reminders:log": {"year": 2025},
        "reminders:rule_add": {"year": 2025},
        "reminders:rule_edit": {"year": 2025, "pk": ReminderRule.objects.order_by("pk").first().pk},
        "reporting:overview": {"year": 2025},
        "reporting:overview_progress": {"year": 2025},
        "reporting:kammarkollegiet": {"year": 2025},
        "reporting:ministry": {"year": 2025},
        "signatures:check": {"pk": _signature(REGION).pk},
    }
    extra = {
        "officer": [
            reverse("repayments:bank_import_preview", kwargs={"pk": bank_import.pk}),
            reverse(
                "requisitions:review",
                kwargs={
                    "pk": Requisition.objects.filter(
                        case__region__county_code=REFUSED_THEN_RESUBMITTED
                    )
                    .order_by("pk")
                    .first()
                    .pk
                },
            ),
            reverse("repayments:case", kwargs={"year": 2025, "county_code": NO_REPORT}),
            reverse("regions:home", kwargs={"county_code": REGION}),
            reverse("reporting:search") + "?q=Stockholm",
            reverse("ombud:review", kwargs={"pk": approved.pk}),
        ],
    }
    return Site(users=users, kwargs=kwargs, extra=extra)


def role_urls(role: str, site: Site) -> list[str]:
    urls = [site.url(route) for route in ROLE_ROUTES[role]]
    urls += site.extra.get(role, [])
    if role == "auditor":
        urls += admin_urls(app_label for app_label in AUDITED_APPS)
    if role == "superuser":
        audited = set(AUDITED_APPS)
        urls += admin_urls(
            {model._meta.app_label for model in admin.site._registry} - audited, index=False
        )
    return urls


def admin_urls(app_labels: Iterable[str], *, index: bool = True) -> list[str]:
    """The admin's index, each app's index, each model's list and its first object."""
    labels = set(app_labels)
    urls = [reverse("admin:index")] if index else []
    for app_label in sorted(labels):
        models = [model for model in admin.site._registry if model._meta.app_label == app_label]
        if not models:
            continue
        urls.append(reverse("admin:app_list", kwargs={"app_label": app_label}))
        for model in sorted(models, key=lambda model: model._meta.model_name):
            opts = model._meta
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            obj = model._default_manager.order_by("pk").first()
            if obj is not None:
                urls.append(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
                )
    return urls


def axe_violations(axe, page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA findings on the page, one readable line each."""
    results = axe.run(page, options=AXE_OPTIONS)
    lines = []
    for violation in results.response["violations"]:
        targets = "; ".join(
            " ".join(str(part) for part in node["target"]) for node in violation["nodes"]
        )
        lines.append(f"  {violation['id']}: {violation['help']}\n    at {targets}")
    return lines


@dataclass
class Findings:
    """What a walk found: axe-core's violations at the desktop width, and what does not
    reflow at 320 px (tests/browser/reflow.py), one entry per page."""

    axe: list[str] = field(default_factory=list)
    reflow: list[str] = field(default_factory=list)

    def __iadd__(self, other: "Findings") -> "Findings":
        self.axe += other.axe
        self.reflow += other.reflow
        return self


def check_page(axe, page, label: str) -> Findings:
    """Run axe on the open page, then narrow the window to 320 px and check the reflow."""
    findings = Findings()
    found = axe_violations(axe, page)
    if found:
        findings.axe.append(f"{label}:\n" + "\n".join(found))
    narrow = reflow_problems(page)
    if narrow:
        findings.reflow.append(f"{label}:\n" + "\n".join(f"  {line}" for line in narrow))
    return findings


def check_pages(axe, page, urls: Iterable[str]) -> Findings:
    """Open each URL once and check it. A page that does not open with 200 is a problem as
    much as a violation is."""
    findings = Findings()
    for url in urls:
        response = page.goto(url)
        status = response.status if response else None
        if status != 200:
            findings.axe.append(f"{url}: HTTP {status} (ended at {page.url})")
            continue
        findings += check_page(axe, page, url)
    return findings
