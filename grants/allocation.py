"""Dividing an amount between regions in proportion to population, exactly, in integers.

The method is the largest-remainder (Hamilton) method, which reproduces the government's
2025 table to the krona:

1. Each region gets the floor of its exact share ``total * population / sum(populations)``.
2. The units left over (fewer than the number of regions) go one each to the regions with
   the largest remainders.
3. Ties in the remainder are broken by larger population first, then by the smaller key
   (county code). The result therefore depends only on the data, never on input order,
   and a region with a larger population never gets less than one with a smaller.

Everything is integer arithmetic; no float is involved. The unit is whatever ``total`` is
in: the grant divides whole kronor, as the decision does.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import TypeVar

K = TypeVar("K", bound=str)


def largest_remainder(total: int, weights: Mapping[K, int]) -> dict[K, int]:
    """Split ``total`` units between ``weights`` by the largest-remainder method."""
    if total < 0:
        raise ValueError("total must not be negative")
    if not weights:
        raise ValueError("nothing to divide between")
    if any(weight <= 0 for weight in weights.values()):
        raise ValueError("every weight must be positive")
    weight_sum = sum(weights.values())
    shares: dict[K, int] = {}
    remainders: dict[K, int] = {}
    for key, weight in weights.items():
        shares[key], remainders[key] = divmod(total * weight, weight_sum)
    left_over = total - sum(shares.values())
    ranking = sorted(weights, key=lambda key: (-remainders[key], -weights[key], key))
    for key in ranking[:left_over]:
        shares[key] += 1
    return shares


def share_percent(weight: int, weight_sum: int) -> Decimal:
    """The exact share in percent as a Decimal (rounded for display, not here)."""
    return Decimal(weight * 100) / Decimal(weight_sum)
