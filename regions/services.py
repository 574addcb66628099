"""Writes for population figures: an uploaded file is kept for preview; only an officer's
confirmation turns it into a population dataset. One transaction and audit event each."""

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from core import clock, formats
from records.models import AuditAction
from records.services import audit_record

from . import population_import as population_file
from .models import (
    PopulationDataset,
    PopulationFigure,
    PopulationImport,
    PopulationImportStatus,
    Region,
)

SCB = "Statistiska centralbyrån (SCB)"


def known_regions() -> dict[str, str]:
    """{county code: region name} for matching a file's county codes."""
    return dict(Region.objects.order_by("county_code").values_list("county_code", "name"))


def population_import_read(
    population_import: PopulationImport, *, column: int | None = None
) -> population_file.PopulationTable:
    """What the stored file says (read again each time; the file never changes)."""
    return population_file.read(
        bytes(population_import.content),
        population_import.filename,
        known=known_regions(),
        column=column,
    )


@transaction.atomic
def population_import_upload(*, filename: str, content: bytes, actor: Any) -> PopulationImport:
    """Keep an uploaded file for preview. Refused (nothing kept) if it is not a CSV or XLSX
    table of counties at all; kept, with its problems shown, if it is one with errors."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    table = population_file.read(content, filename, known=known_regions())
    upload = PopulationImport.objects.create(
        filename=filename[:200],
        file_format=table.file_format,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.POPULATION_UPLOADED,
        target=upload,
        data={
            "filename": upload.filename,
            "format": upload.file_format,
            "bytes": len(content),
            "sha256": upload.sha256,
            "problems": len(table.problems),
        },
    )
    return upload


@transaction.atomic
def population_import_confirm(
    *,
    population_import: PopulationImport,
    name: str,
    source: str,
    reference_date: dt.date,
    column: int | None = None,
    actor: Any,
) -> PopulationDataset:
    """Store the figures previewed as a population dataset, one figure per region.

    Refused while the file has problems, if it is already confirmed, or if figures from the
    same source on the same date are already stored."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    upload = PopulationImport.objects.select_for_update().get(pk=population_import.pk)
    if upload.status != PopulationImportStatus.UPLOADED:
        raise ValidationError(_("These figures have already been stored."))
    table = population_import_read(upload, column=column)
    if not table.is_valid:
        raise ValidationError(
            _("The file has errors. Correct the file and upload it again; nothing is stored.")
        )
    name, source = name.strip(), source.strip()
    errors = {}
    if not name:
        errors["name"] = _("This field is required.")
    if not source:
        errors["source"] = _("This field is required.")
    if PopulationDataset.objects.filter(source=source, reference_date=reference_date).exists():
        errors["reference_date"] = _(
            "Population figures from %(source)s on %(date)s are already stored."
        ) % {"source": source, "date": formats.day_iso(reference_date)}
    if errors:
        raise ValidationError(errors)
    regions = {region.county_code: region for region in Region.objects.all()}
    dataset = PopulationDataset.objects.create(
        name=name, source=source, reference_date=reference_date
    )
    PopulationFigure.objects.bulk_create(
        PopulationFigure(dataset=dataset, region=regions[code], population=population)
        for code, population in sorted(table.figures.items())
    )
    upload.status = PopulationImportStatus.CONFIRMED
    upload.dataset = dataset
    upload.column_label = table.column.label[:200]
    upload.confirmed_at = clock.now()
    upload.confirmed_by = actor
    upload.save(update_fields=["status", "dataset", "column_label", "confirmed_at", "confirmed_by"])
    audit_record(
        actor=actor,
        action=AuditAction.POPULATION_IMPORTED,
        target=dataset,
        data={
            "import": upload.pk,
            "filename": upload.filename,
            "sha256": upload.sha256,
            "column": table.column.label,
            "source": source,
            "reference_date": reference_date.isoformat(),
            "total": table.total,
            "figures": dict(sorted(table.figures.items())),
        },
    )
    return dataset
