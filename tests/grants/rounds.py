"""Building a new round (2026) the way an officer does, for the tests of grants and rounds."""

import datetime as dt

from grants import services
from grants.models import DecisionStatus, Grant

PLANNED_DEADLINES = {
    "agency_requisition": dt.date(2026, 6, 2),
    "requisition": dt.date(2026, 12, 1),
    "report": dt.date(2027, 2, 26),
    "repayment": dt.date(2027, 3, 31),
    "agency_repayment": dt.date(2027, 5, 31),
    "ministry_report": dt.date(2027, 6, 30),
}


def register_form(**overrides) -> dict[str, str]:
    """The registration form as an officer fills it in for the planned 2026 round."""
    data = {
        "status": "planned",
        "year": "2026",
        "diarienummer": "",
        "decided_on": "",
        "title": "Statsbidrag till regionerna för primärvårdens arbete med psykisk ohälsa 2026",
        "ministry": "Socialdepartementet",
        "appropriation": "Utgiftsområde 9, anslag 1:8 Bidrag till psykiatri, anslagspost 3",
        "total_amount": "400 000 000",
        "regions_amount": "400 000 000",
        "administration_amount": "0",
        "conditions": "Planerad omgång: 400 miljoner kronor per år 2026 och 2027.",
    }
    for kind, day in PLANNED_DEADLINES.items():
        data[f"deadline_{kind}_date"] = day.isoformat()
    data.update(overrides)
    return data


def register_2026(*, grant_2025: Grant, officer, status: str = DecisionStatus.PLANNED, **extra):
    """The 2026 round through the service: 400 000 000 kr on the 2024 figures."""
    fields = {
        "year": 2026,
        "status": status,
        "diarienummer": "S2026/00400" if status == DecisionStatus.DECIDED else "",
        "decided_on": dt.date(2026, 3, 12) if status == DecisionStatus.DECIDED else None,
        "title": "Statsbidrag 2026",
        "ministry": "Socialdepartementet",
        "appropriation": "Utgiftsområde 9, anslag 1:8",
        "total_amount": 400_000_000_00,
        "regions_amount": 400_000_000_00,
        "administration_amount": 0,
        "conditions": "Planerad omgång.",
        "population_dataset": grant_2025.population_dataset,
        "deadlines": tuple(
            services.DeadlineInput(kind=kind, due_date=day)
            for kind, day in PLANNED_DEADLINES.items()
        ),
    }
    fields.update(extra)
    return services.decision_register(data=services.DecisionInput(**fields), actor=officer)
