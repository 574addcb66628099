"""Small valid PDFs for the tests, made with the project's own PDF code."""

from django.core.files.uploadedfile import SimpleUploadedFile

from core.pdf import PdfDocument


def pdf_bytes(text: str = "Bevis om behörighet") -> bytes:
    return PdfDocument(title="Behörighet").paragraph(text).render()


def pdf_upload(
    name: str = "behorighet.pdf", text: str = "Bevis om behörighet"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")
