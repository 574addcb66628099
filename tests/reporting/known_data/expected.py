"""What the demo's 2025 history must add up to, worked out from the decision's table and the
story the demo tells (README.md, demo/history.py), not from the code under test."""

from demo import history
from grants.decision_file import DATA_DIR, read_decision_file

KR = 100  # öre per krona

ALLOCATED_KR = {
    row.county_code: row.kronor
    for row in read_decision_file(DATA_DIR / "decision_2025.toml").allocation
}
# Every sixth region in county-code order requisitioned 500 000 kr less than its allocation.
REQUISITIONED_LESS = {"01", "08", "17"}
LAPSED = history.LATE_REFUSED  # Blekinge: refused, nothing paid
NO_REPORT = history.NO_REPORT  # Norrbotten: paid, never reported, recovery claim of all of it

PAID_KR = {
    code: kronor - (500_000 if code in REQUISITIONED_LESS else 0)
    for code, kronor in ALLOCATED_KR.items()
    if code != LAPSED
}
UNUSED_KR = history.UNUSED_KRONOR
USED_KR = {
    code: 0 if code == NO_REPORT else paid - UNUSED_KR.get(code, 0)
    for code, paid in PAID_KR.items()
}
CLAIMED_KR = {**UNUSED_KR, NO_REPORT: PAID_KR[NO_REPORT]}
REPAID_KR = {
    "03": UNUSED_KR["03"],
    "12": UNUSED_KR["12"],
    history.PARTLY_REPAID: UNUSED_KR[history.PARTLY_REPAID] // 2,
}
OUTSTANDING_KR = {
    code: claimed - REPAID_KR.get(code, 0)
    for code, claimed in CLAIMED_KR.items()
    if claimed - REPAID_KR.get(code, 0)
}

TOTAL_ALLOCATED_KR = 496_000_000
TOTAL_PAID_KR = sum(PAID_KR.values())
TOTAL_USED_KR = sum(USED_KR.values())
TOTAL_CLAIMED_KR = sum(CLAIMED_KR.values())
TOTAL_REPAID_KR = sum(REPAID_KR.values())

AGENCY_RECEIVED_KR = 500_000_000
ADMINISTRATION_KR = sum(kronor for _day, kronor, _type, _text in history.ADMINISTRATION_COSTS)
TO_REPAY_KAMMARKOLLEGIET_KR = (
    AGENCY_RECEIVED_KR - TOTAL_PAID_KR + TOTAL_REPAID_KR - ADMINISTRATION_KR
)
