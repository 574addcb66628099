"""Reads of a case's files, shaped for its pages and its dossier."""

from dataclasses import dataclass
from datetime import datetime

from grants.models import Case

from . import scanning
from .models import CaseAttachment, ScanState


@dataclass(frozen=True)
class CaseFile:
    link: CaseAttachment
    scan: str

    @property
    def withdrawn_at(self) -> datetime | None:
        """When the region took the file back from its submission, or None."""
        withdrawal = getattr(self.link, "withdrawal", None)  # select_related: no query
        return withdrawal.withdrawn_at if withdrawal is not None else None

    @property
    def servable(self) -> bool:
        return scanning.servable(self.scan)

    @property
    def scan_label(self) -> str:
        return str(ScanState(self.scan).label)


def case_files(case: Case) -> list[CaseFile]:
    """Every file of the case, oldest first, with its scan state: two queries."""
    links = list(
        CaseAttachment.objects.filter(case=case)
        .select_related("attachment", "added_by", "withdrawal")
        .order_by("added_at", "pk")
    )
    states = scanning.latest_states([link.attachment_id for link in links])
    return [CaseFile(link, states[link.attachment_id]) for link in links]
