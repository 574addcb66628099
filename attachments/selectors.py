"""Reads of a case's files, shaped for its pages and its dossier."""

from dataclasses import dataclass

from grants.models import Case

from . import scanning
from .models import CaseAttachment, ScanState


@dataclass(frozen=True)
class CaseFile:
    link: CaseAttachment
    scan: str

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
        .select_related("attachment", "added_by")
        .order_by("added_at", "pk")
    )
    states = scanning.latest_states([link.attachment_id for link in links])
    return [CaseFile(link, states[link.attachment_id]) for link in links]
