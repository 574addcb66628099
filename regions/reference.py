"""The 21 regions as reference data (regions/data/regions.csv, from DOMAIN.md)."""

import csv
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "regions.csv"


def load_regions(region_model: Any, *, using: str = "default") -> int:
    """Create or update the regions; returns how many there are. Used by the data migration
    (on the database it migrates: ``using``)."""
    with open(DATA, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        region_model.objects.using(using).update_or_create(
            county_code=row["county_code"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "organisation_number": row["organisation_number"],
                "organisation_number_confirmed": row["organisation_number_confirmed"] == "true",
            },
        )
    return len(rows)
