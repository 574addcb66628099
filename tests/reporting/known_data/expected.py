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
# Norrbotten: paid, no report by the deadline, a recovery claim of all of it; then a late
# report (645 937 kr not used), approved: the recovery claim gave way, it owes what it kept.
NO_REPORT = history.NO_REPORT
NO_REPORT_UNUSED_KR = history.NO_REPORT_UNUSED_KRONOR

PAID_KR = {
    code: kronor - (500_000 if code in REQUISITIONED_LESS else 0)
    for code, kronor in ALLOCATED_KR.items()
    if code != LAPSED
}
UNUSED_KR = {**history.UNUSED_KRONOR, NO_REPORT: history.NO_REPORT_UNUSED_KRONOR}
# Dalarna: a recovery claim on part of its approved use (not used for the purpose), unpaid.
RECOVERY_KR = {history.RECOVERY_CLAIMED: history.RECOVERY_KRONOR}
# As reported (a recovery claim does not change what the region reported as used).
USED_KR = {code: paid - UNUSED_KR.get(code, 0) for code, paid in PAID_KR.items()}
CLAIMED_KR = {
    code: UNUSED_KR.get(code, 0) + RECOVERY_KR.get(code, 0) for code in {*UNUSED_KR, *RECOVERY_KR}
}
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
# The costs as recorded, one of them then corrected to what its invoice says.
CORRECTED_TEXT, _DAY, CORRECTED_COST_KR, _REASON = history.ADMINISTRATION_COST_CORRECTION
ADMINISTRATION_RECORDED_KR = {
    text: kronor for _day, kronor, _type, text in history.ADMINISTRATION_COSTS
}
ADMINISTRATION_KR = (
    sum(ADMINISTRATION_RECORDED_KR.values())
    - ADMINISTRATION_RECORDED_KR[CORRECTED_TEXT]
    + CORRECTED_COST_KR
)
TO_REPAY_KAMMARKOLLEGIET_KR = (
    AGENCY_RECEIVED_KR - TOTAL_PAID_KR + TOTAL_REPAID_KR - ADMINISTRATION_KR
)
# What is owed, part by part: the regions' money never requisitioned (Blekinge's whole
# allocation and the 500 000 kr three regions left), what the regions repaid, and the
# administration money not used.
LAPSED_KR = ALLOCATED_KR[LAPSED] + 500_000 * len(REQUISITIONED_LESS)
UNUSED_ADMINISTRATION_KR = 4_000_000 - ADMINISTRATION_KR
# The agency repaid exactly that on 2026-05-29.
AGENCY_REPAID_KR = TO_REPAY_KAMMARKOLLEGIET_KR
