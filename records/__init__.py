"""The case record: an append-only, hash-chained audit trail of every change of status or
money (who, when, what, before and after). Nothing here is ever changed or deleted."""
