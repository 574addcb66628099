"""The header's search: the cases (a region in a grant) that a text names.

A case is found by its region (name, short name or county code), the decision's
diarienummer, an OCR reference of one of its claims, an amount in kronor as typed
("800 812", "800 812,00 kr") that it requisitioned, was allocated, was decided or owes,
a person (the requisition's contact or signatory, or a user of the region) or an e-mail
address (the requisition's contact, a user of the region). A fixed number of queries.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import RegionMembership
from core.money import AmountError, parse_amount
from grants.models import Case

MIN_LENGTH = 2
MAX_LENGTH = 100
MAX_RESULTS = 100

REASONS = {
    "region": _("Region"),
    "diarienummer": _("Reference number"),
    "ocr": _("OCR reference"),
    "amount": _("Amount"),
    "person": _("Person"),
    "email": _("E-mail"),
}


@dataclass
class Hit:
    case: Case
    reasons: list[str] = field(default_factory=list)

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[reason]) for reason in self.reasons]


def clean_query(text: object) -> str:
    """The text to search for: stripped, at most MAX_LENGTH characters, no control
    characters; "" for anything too short to search with."""
    if not isinstance(text, str):
        return ""
    cleaned = "".join(ch for ch in text if ch.isprintable()).strip()[:MAX_LENGTH]
    return cleaned if len(cleaned) >= MIN_LENGTH else ""


def _amount(text: str) -> int | None:
    try:
        ore = parse_amount(text)
    except AmountError:
        return None
    return ore if ore > 0 else None


def search_cases(text: str) -> list[Hit]:
    """The cases ``text`` names, newest grant first, then by region; each with why."""
    query = clean_query(text)
    if not query:
        return []
    digits = "".join(ch for ch in query if ch.isdigit())
    conditions: dict[str, Q] = {
        "region": Q(region__name__icontains=query)
        | Q(region__short_name__icontains=query)
        | Q(region__county_code=query),
        "person": Q(requisitions__contact_name__icontains=query)
        | Q(requisitions__signatory_name__icontains=query),
        "email": Q(requisitions__contact_email__icontains=query),
    }
    # A reference number is long: "2025" or "S2025/0" is a fair part of one, "01" is not.
    if len(query) >= 4:
        conditions["diarienummer"] = Q(grant__decision__diarienummer__icontains=query) | Q(
            requisitions__diarienummer__icontains=query
        )
    if len(digits) >= 4 and digits == query.replace(" ", ""):
        conditions["ocr"] = Q(claims__ocr__contains=digits)
    ore = _amount(query)
    if ore is not None:
        conditions["amount"] = (
            Q(requisitions__amount=ore)
            | Q(requisitions__allocation_amount=ore)
            | Q(requisitions__payment_decision__amount=ore)
            | Q(claims__amount=ore)
            | Q(claims__initial_amount=ore)
        )
    # People and addresses of the region's users find every case of their region.
    member_regions: dict[str, set[int]] = {"person": set(), "email": set()}
    memberships = RegionMembership.objects.filter(
        Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
    ).select_related("user")
    lowered = query.casefold()
    for membership in memberships:
        user = membership.user
        if lowered in user.email.casefold():
            member_regions["email"].add(membership.region_id)
        if lowered in user.full_name.casefold():
            member_regions["person"].add(membership.region_id)
    for reason, region_ids in member_regions.items():
        if region_ids:
            conditions[reason] |= Q(region_id__in=region_ids)

    hits: dict[int, Hit] = {}
    cases = Case.objects.select_related("grant__decision", "region").order_by(
        "-grant__year", "region__name"
    )
    for reason, condition in conditions.items():
        for case in cases.filter(condition).distinct()[:MAX_RESULTS]:
            hits.setdefault(case.pk, Hit(case)).reasons.append(reason)
    ordered = sorted(hits.values(), key=lambda hit: (-hit.case.grant.year, hit.case.region.name))
    return ordered[:MAX_RESULTS]
