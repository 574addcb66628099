"""The report form as a browser posts it."""

from reports.models import Purpose


def report_post(**overrides) -> dict:
    values = {
        "version": "0",
        "action": "submit",
        "amount_used": "115 000 000",
        "period_from": "2025-01-01",
        "period_to": "2025-12-31",
        "bookkeeping": "Eget projektnummer i huvudboken.",
        "certifier_name": "Eva Ekonomichef",
        "certifier_title": "Ekonomichef",
        "certified": "on",
        "target_groups": ["children", "adults"],
        "gender_equality": "Uppföljning per kön.",
        "child_rights": "Barnets bästa har prövats.",
        "disability": "Tillgängliga lokaler.",
        "stepped_care_selected": "on",
        "stepped_care_amount": "60 000 000",
        "stepped_care_description": "Stegvis vård på alla vårdcentraler.",
        "talking_therapy_selected": "on",
        "talking_therapy_amount": "",
        "talking_therapy_description": "Fler psykologer.",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


ALL_PURPOSES = Purpose.values
