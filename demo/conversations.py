"""The demo's conversation: Region Stockholm asks about a booking in its 2025 report, an
officer answers, and the region sends the voucher as a PDF (November 2026). The region's
representative has read the answer; the last message waits unread in the officers' inbox."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import translation

from accounts.models import User
from conversations.models import Message
from conversations.services import message_send, messages_mark_read
from core import clock
from core.pdf import PdfDocument
from grants.models import Case, Grant

from .history import at

REGION = "01"

QUESTION = (
    "Hej! Vi har upptäckt att en faktura på 12 000 kr för handledning bokades två gånger i "
    "vår redovisning för 2025. Hur vill ni att vi rättar det?"
)
ANSWER = (
    "Hej! Tack för att ni hör av er. Skicka gärna underlaget för bokningen här i ärendet, "
    "så bedömer vi om redovisningen behöver kompletteras."
)
FOLLOW_UP = "Här kommer verifikationen med rättelsen. Hör av er om ni behöver något mer."


def voucher_pdf() -> ContentFile:
    """A correcting voucher, as a region would send it (example data)."""
    with translation.override("sv"):
        content = (
            PdfDocument(
                title="Verifikation – rättelse av dubbelbokning",
                header_lines=["Region Stockholm", "Exempel – demodata"],
            )
            .paragraph(
                "Fakturan för handledning (12 000 kr) bokades två gånger på projektet för "
                "statsbidraget 2025. Den andra bokningen är återförd."
            )
            .facts([("Belopp", "12 000 kr"), ("Bokföringsdag", "2026-11-16")])
            .render()
        )
    return ContentFile(content, name="verifikation-rattelse.pdf")


def record_conversation(grant: Grant, officer: User, representative: User) -> None:
    """Idempotent: the conversation is written once."""
    case = Case.objects.select_related("grant", "region").get(
        grant=grant, region__county_code=REGION
    )
    if Message.objects.filter(case=case).exists():
        return
    day = dt.date(2026, 11, 16)
    with clock.at(at(day, 9, 40)):
        question = message_send(case=case, body=QUESTION, actor=representative)
    with clock.at(at(day, 13, 10)):
        messages_mark_read(messages=[question], user=officer)
    with clock.at(at(day, 13, 15)):
        answer = message_send(case=case, body=ANSWER, actor=officer)
    next_day = day + dt.timedelta(days=1)
    with clock.at(at(next_day, 8, 5)):
        messages_mark_read(messages=[answer], user=representative)
    with clock.at(at(next_day, 8, 30)):
        message_send(case=case, body=FOLLOW_UP, files=[voucher_pdf()], actor=representative)
