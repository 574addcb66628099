"""The allocation as open data: the same rows for JSON and CSV.

Keys: county_code, region, population, share_percent (one decimal, as in the decision),
amount_sek (whole kronor). The CSV is for spreadsheets in Swedish: semicolon-separated,
decimal comma, UTF-8 with a byte-order mark so Excel shows å, ä and ö.
"""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from core.money import ore_to_whole_kronor
from grants.models import Grant
from grants.selectors import allocation_summary

FIELDS = ["county_code", "region", "population", "share_percent", "amount_sek"]


def allocation_records(grant: Grant) -> list[dict[str, Any]]:
    summary = allocation_summary(grant)
    return [
        {
            "county_code": row.county_code,
            "region": row.region_name,
            "population": row.population,
            "share_percent": row.share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            "amount_sek": ore_to_whole_kronor(row.amount),
        }
        for row in summary.rows
    ]


def allocation_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({**record, "share_percent": str(record["share_percent"]).replace(".", ",")})
    return buffer.getvalue()
