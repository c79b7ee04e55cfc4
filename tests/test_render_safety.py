"""Text from sources comes out literal in both formats: never formatting, a broken table or a live link."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

from briefing.model import Challenge, DocumentInfo, Event, Extracts, Figure, SourceRef, SummaryItem
from briefing.pipeline import render_brief
from briefing.templates import find

HOSTILE = "Talks **stalled** | again <script>alert(1)</script> see [x](javascript:alert(1)) # 1. end"


def _extracts() -> Extracts:
    text = HOSTILE
    ref = SourceRef(doc="a", start=0, end=len(text), quote=text)
    return Extracts(
        corpus="hostile",
        title="A | B <b>relations</b>",
        documents=[
            DocumentInfo(id="a", file="a.txt", title="Doc **A** | [y](javascript:x)", published="2020")
        ],
        summary=[SummaryItem(text=text, sources=[ref], salience=1)],
        events=[Event(date="2020-03", precision="month", text=text, sources=[ref], salience=1)],
        figures=[Figure(value=2e9, unit="USD", surface="$2 billion", label=text, sources=[ref], salience=1)],
        challenges=[Challenge(theme="Trust | *x*", text=text, sources=[ref], salience=1)],
    )


@pytest.fixture(scope="module", params=["one-page", "report", "talking-points"])
def files(request: pytest.FixtureRequest) -> dict[str, bytes]:
    return render_brief(_extracts(), find(request.param), ["pdf", "docx"]).files


def test_docx_shows_the_text_literally_with_no_live_link(files: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(files["docx"]))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    joined = "\n".join(texts)
    assert "**stalled**" in joined and "| again <script>alert(1)</script>" in joined
    assert "[x](javascript:alert(1))" in joined
    links = [link.address for p in document.paragraphs for link in p.hyperlinks if link.address]
    assert not any("javascript" in address for address in links)
    # "**stalled**" was not turned into a bold run of its own.
    assert not any(run.text.strip() == "stalled" for p in document.paragraphs for run in p.runs)
    # A "|" in a cell stays in its cell: every row has as many cells as the header.
    for table in document.tables:
        assert len({len(row.cells) for row in table.rows}) == 1


def test_pdf_shows_the_text_literally_with_no_live_link(files: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(files["pdf"]))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "**stalled**" in text
    assert "<script>alert(1)</script>" in text.replace("\u00a0", " ")
    assert "javascript:alert(1)" in text
    targets = [
        str(annot.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for annot in page.get("/Annots") or []
    ]
    assert not any("javascript" in target for target in targets)
