"""The allocation: the decision's table reproduced exactly, and the method's properties."""

import random

from hypothesis import given
from hypothesis import strategies as st

from grants.allocation import largest_remainder
from grants.models import Allocation, AllocationTableStatus
from grants.selectors import allocation_summary

TOTAL_2025 = 496_000_000


def test_the_decisions_21_rows_are_reproduced_to_the_krona(decision_2025_data):
    printed = {row.county_code: row.kronor for row in decision_2025_data.allocation}
    populations = {row.county_code: row.population for row in decision_2025_data.allocation}

    computed = largest_remainder(TOTAL_2025, populations)

    assert len(computed) == 21
    assert computed == printed
    assert sum(computed.values()) == TOTAL_2025


def test_plain_rounding_would_not_add_up(decision_2025_data):
    # Why the method matters: rounding each share gives one krona too many.
    populations = {row.county_code: row.population for row in decision_2025_data.allocation}
    total_population = sum(populations.values())
    rounded = sum(
        (2 * TOTAL_2025 * p + total_population) // (2 * total_population)
        for p in populations.values()
    )
    assert rounded == TOTAL_2025 + 1


def test_loading_the_decision_stores_the_adopted_allocation_in_ore(grant_2025, decision_2025_data):
    printed = {row.county_code: row.kronor * 100 for row in decision_2025_data.allocation}
    stored = dict(
        Allocation.objects.filter(
            table__grant=grant_2025, table__status=AllocationTableStatus.ADOPTED
        ).values_list("region__county_code", "amount")
    )
    assert stored == printed
    summary = allocation_summary(grant_2025)
    assert summary.total_amount == 49_600_000_000
    assert summary.reconciles
    assert summary.differing_rows == []
    assert summary.published_total == summary.total_amount


populations = st.dictionaries(
    keys=st.from_regex(r"[0-9]{2}", fullmatch=True),
    values=st.integers(min_value=1, max_value=10_000_000),
    min_size=1,
    max_size=30,
)
totals = st.integers(min_value=0, max_value=10**12)


@given(total=totals, weights=populations)
def test_parts_sum_exactly_to_the_total(total, weights):
    assert sum(largest_remainder(total, weights).values()) == total


@given(total=totals, weights=populations)
def test_each_part_is_within_one_unit_of_the_exact_share(total, weights):
    weight_sum = sum(weights.values())
    for key, part in largest_remainder(total, weights).items():
        # |part - total*w/sum| < 1, in integers
        assert abs(part * weight_sum - total * weights[key]) < weight_sum


@given(total=totals, weights=populations)
def test_a_larger_population_never_gets_less(total, weights):
    result = largest_remainder(total, weights)
    for a in weights:
        for b in weights:
            if weights[a] > weights[b]:
                assert result[a] >= result[b]


@given(total=totals, weights=populations, seed=st.integers())
def test_the_result_does_not_depend_on_input_order(total, weights, seed):
    items = list(weights.items())
    random.Random(seed).shuffle(items)
    assert largest_remainder(total, dict(items)) == largest_remainder(total, weights)


def test_ties_go_to_the_larger_population_then_the_smaller_county_code():
    # 3 units between weights whose exact shares all have the same remainder.
    assert largest_remainder(2, {"02": 1, "01": 1, "03": 1}) == {"01": 1, "02": 1, "03": 0}
    assert largest_remainder(1, {"01": 2, "02": 2, "03": 2}) == {"01": 1, "02": 0, "03": 0}


def test_an_equal_remainder_goes_to_the_larger_population():
    # Exact shares 0.5 and 1.5: both remainders are one half.
    assert largest_remainder(2, {"01": 1, "02": 3}) == {"01": 0, "02": 2}
