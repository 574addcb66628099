"""The ombud application: a person asks to become their region's ombud (region admin) with a
document that proves the mandate; an officer approves it, asks for completion or rejects it.
One ombud per organisation number: an approved application replaces the old ombud
(docs/ombud.md)."""
