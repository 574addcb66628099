"""Reads for the regions' reference data and population figures."""

from django.db.models import Count, QuerySet, Sum

from .models import PopulationDataset, PopulationImport

# --- Population figures ------------------------------------------------------------------


def population_datasets_for_listing() -> QuerySet[PopulationDataset]:
    """Every dataset with its number of figures and total population (two queries)."""
    return (
        PopulationDataset.objects.annotate(
            figure_count=Count("figures"), total_population=Sum("figures__population")
        )
        .prefetch_related("grants")
        .order_by("-reference_date", "name")
    )


def population_imports() -> QuerySet[PopulationImport]:
    return PopulationImport.objects.select_related("uploaded_by", "dataset").defer("content")
