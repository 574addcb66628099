"""The regions and the population figures allocations are computed from."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import clock, formats

from .validators import validate_organisation_number


class Region(models.Model):
    """One of Sweden's 21 regions. Matched on county code, never on name."""

    county_code = models.CharField(_("county code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=60, help_text=_("As in the decision's table, e.g. Stockholm.")
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_organisation_number],
        help_text=_("NNNNNN-NNNN, validated by its check digit."),
    )
    organisation_number_confirmed = models.BooleanField(
        _("organisation number confirmed"),
        default=False,
        help_text=_("Set when an officer has confirmed the number against an official source."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["county_code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(county_code__regex=r"^[0-9]{2}$"),
                name="region_county_code_2_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(organisation_number__regex=r"^[0-9]{6}-[0-9]{4}$"),
                name="region_organisation_number_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PopulationDataset(models.Model):
    """A set of population figures per region from a named source on a reference date."""

    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=200)
    reference_date = models.DateField(_("reference date"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)

    class Meta:
        verbose_name = _("population dataset")
        verbose_name_plural = _("population datasets")
        ordering = ["-reference_date", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference_date"], name="population_dataset_source_date_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.source}, {self.reference_date:%Y-%m-%d})"


class PopulationFigure(models.Model):
    dataset = models.ForeignKey(
        PopulationDataset,
        on_delete=models.PROTECT,
        related_name="figures",
        verbose_name=_("population dataset"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="population_figures",
        verbose_name=_("region"),
    )
    population = models.PositiveBigIntegerField(_("population"))

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["dataset", "region__county_code"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "region"], name="population_one_per_region"),
            models.CheckConstraint(
                condition=models.Q(population__gt=0), name="population_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.population}"


class PopulationImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class PopulationImport(models.Model):
    """A file of population figures as uploaded, kept unchanged and previewed. Nothing
    becomes a :class:`PopulationDataset` until an officer confirms it."""

    filename = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=10)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), default=clock.now)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PopulationImportStatus.choices,
        default=PopulationImportStatus.UPLOADED,
    )
    column_label = models.CharField(_("column read"), max_length=200, blank=True)
    dataset = models.OneToOneField(
        PopulationDataset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="population_import",
        verbose_name=_("population dataset"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        verbose_name = _("population import")
        verbose_name_plural = _("population imports")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PopulationImportStatus.values),
                name="population_import_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=PopulationImportStatus.UPLOADED, dataset__isnull=True)
                    | models.Q(
                        status=PopulationImportStatus.CONFIRMED,
                        dataset__isnull=False,
                        confirmed_at__isnull=False,
                    )
                ),
                name="population_import_confirmed_has_dataset",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({formats.moment_iso(self.uploaded_at)})"
