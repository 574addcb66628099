"""Comparing the two ways the ledger is computed: in Python from the records
(repayments.ledger.ledgers) and summed by PostgreSQL (ledgers_summed, the overview's)."""

import dataclasses
from typing import Any

from repayments.ledger import CaseLedger


def ledger_figures(ledger: CaseLedger) -> dict[str, Any]:
    """Every figure and problem of a case's ledger but the interest (which ledgers_summed
    does not compute)."""
    figures = dataclasses.asdict(ledger)
    for name in ("case", "interest", "interest_problems"):
        figures.pop(name)
    return figures | {
        name: getattr(ledger, name)
        for name in ("claimed", "outstanding", "to_refund", "lapsed", "accepted_used")
    }
