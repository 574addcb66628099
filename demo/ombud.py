"""The demo's ombud applications: Region Gotland's ombud was appointed through an approved
application (February 2025), and Region Stockholm's representative has applied to take over
as ombud (November 2026), waiting in the officers' inbox. The mandate documents are small
PDFs made with the project's own PDF code."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import translation

from accounts import permissions
from accounts.models import RegionRole, User
from core import clock
from core.pdf import PdfDocument
from ombud.models import OmbudApplication
from ombud.services import ombud_application_approve, ombud_application_submit
from regions.models import Region

from .history import at

APPROVED_REGION = "09"
PENDING_REGION = "01"


def mandate_pdf(*, region: Region, name: str, position: str, signed_by: str) -> ContentFile:
    """A certificate of the person's mandate, as a region would send it (example data)."""
    with translation.override("sv"):
        content = (
            PdfDocument(
                title="Bevis om behörighet att företräda regionen",
                subject=f"{region.name} ({region.organisation_number})",
                header_lines=[region.name, "Exempel – demodata"],
            )
            .paragraph(
                f"Härmed intygas att {name}, {position.lower()}, enligt regionens "
                "delegationsordning har rätt att företräda regionen i ärenden om statsbidrag "
                "hos Socialstyrelsen och att vara regionens ombud i Socialstyrelsens e-tjänst."
            )
            .facts(
                [
                    ("Organisation", f"{region.name} ({region.organisation_number})"),
                    ("Ombud", name),
                    ("Befattning", position),
                    ("Intygas av", signed_by),
                ]
            )
            .render()
        )
    slug = region.short_name.lower().replace(" ", "-")
    return ContentFile(content, name=f"behorighet-{slug}.pdf")


def record_ombud_applications(officer: User, users_by_email: dict[str, User]) -> None:
    """Idempotent: each application is made once."""
    gotland = Region.objects.get(county_code=APPROVED_REGION)
    stockholm = Region.objects.get(county_code=PENDING_REGION)
    ombud = users_by_email[f"ombud-{APPROVED_REGION}@regioner.test"]
    already_ombud = permissions.region_role(ombud, gotland) == RegionRole.ADMIN
    if (
        not already_ombud
        and not OmbudApplication.objects.filter(applicant=ombud, region=gotland).exists()
    ):
        with clock.at(at(dt.date(2025, 2, 3), 9, 30)):
            application = ombud_application_submit(
                region=gotland,
                full_name=ombud.full_name,
                phone="0498-26 90 00",
                position="Ekonomichef",
                file=mandate_pdf(
                    region=gotland,
                    name=ombud.full_name,
                    position="Ekonomichef",
                    signed_by="Regionsekreterare (exempel)",
                ),
                actor=ombud,
            )
        with clock.at(at(dt.date(2025, 2, 5), 14, 0)):
            ombud_application_approve(application=application, actor=officer)
    representative = users_by_email[f"representant-{PENDING_REGION}@regioner.test"]
    if not OmbudApplication.objects.filter(applicant=representative, region=stockholm).exists():
        with clock.at(at(dt.date(2026, 11, 20), 10, 15)):
            ombud_application_submit(
                region=stockholm,
                full_name=representative.full_name,
                phone="08-123 456 78",
                position="Controller",
                file=mandate_pdf(
                    region=stockholm,
                    name=representative.full_name,
                    position="Controller",
                    signed_by="Regiondirektör (exempel)",
                ),
                actor=representative,
            )
