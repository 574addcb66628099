"""Printable PDF documents in Swedish, built with ReportLab.

A document is a list of blocks (headings, paragraphs, fact tables). The output is
reproducible: the same content gives the same bytes (ReportLab's invariant mode), so a
regenerated document can be compared with the one that was issued.
"""

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

# Helvetica has no U+2212; amounts in documents use the ASCII minus.
_PDF_SAFE = str.maketrans({"\u2212": "-", "\u202f": "\u00a0"})


def pdf_text(text: str) -> str:
    return escape(str(text).translate(_PDF_SAFE)).replace("\n", "<br/>")


@dataclass
class PdfDocument:
    title: str
    subject: str = ""
    header_lines: list[str] = field(default_factory=list)
    blocks: list = field(default_factory=list)

    def heading(self, text: str) -> "PdfDocument":
        self.blocks.append(("heading", text))
        return self

    def paragraph(self, text: str) -> "PdfDocument":
        self.blocks.append(("paragraph", text))
        return self

    def facts(self, rows: list[tuple[str, str]]) -> "PdfDocument":
        self.blocks.append(("facts", rows))
        return self

    def table(
        self, header: list[str], rows: list[list[str]], numeric_columns: set[int] | None = None
    ) -> "PdfDocument":
        self.blocks.append(("table", (header, rows, numeric_columns or set())))
        return self

    def render(self) -> bytes:
        styles = getSampleStyleSheet()
        body = ParagraphStyle(
            "body", parent=styles["BodyText"], fontName="Helvetica", fontSize=10, leading=14
        )
        small = ParagraphStyle(
            "small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#333333")
        )
        title = ParagraphStyle(
            "title",
            parent=styles["Title"],
            fontName="Helvetica-Bold",
            fontSize=16,
            alignment=TA_LEFT,
        )
        heading = ParagraphStyle(
            "h2", parent=styles["Heading2"], fontName="Helvetica-Bold", fontSize=12
        )
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=22 * mm,
            rightMargin=22 * mm,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
            title=self.title,
            author="Socialstyrelsen",
            subject=self.subject,
            creator="Statsbidrag",
            invariant=1,
            lang="sv-SE",
        )
        story: list = [Paragraph("Socialstyrelsen", heading)]
        for line in self.header_lines:
            story.append(Paragraph(pdf_text(line), small))
        story += [Spacer(1, 6 * mm), Paragraph(pdf_text(self.title), title)]
        for kind, content in self.blocks:
            if kind == "heading":
                story.append(Paragraph(pdf_text(content), heading))
            elif kind == "paragraph":
                story.append(Paragraph(pdf_text(content), body))
                story.append(Spacer(1, 2 * mm))
            elif kind == "facts":
                data = [
                    [Paragraph(f"<b>{pdf_text(k)}</b>", body), Paragraph(pdf_text(v), body)]
                    for k, v in content
                ]
                fact_table = Table(data, colWidths=[55 * mm, None], hAlign="LEFT")
                fact_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
                story += [fact_table, Spacer(1, 3 * mm)]
            elif kind == "table":
                header, rows, numeric = content
                data = [[Paragraph(f"<b>{pdf_text(h)}</b>", small) for h in header]]
                data += [[Paragraph(pdf_text(cell), small) for cell in row] for row in rows]
                grid = Table(data, repeatRows=1, hAlign="LEFT")
                style = [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
                style += [("ALIGN", (col, 0), (col, -1), "RIGHT") for col in numeric]
                grid.setStyle(TableStyle(style))
                story += [grid, Spacer(1, 3 * mm)]
        doc.build(story)
        return buffer.getvalue()
