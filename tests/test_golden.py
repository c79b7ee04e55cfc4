"""Golden tests: a fixed extracts file through assemble, compose and render, compared semantically.

The extracts are frozen, so these tests pin templates and rendering, not extraction. After an
intended change, regenerate with `BRIEFING_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`
and review the diff.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader

from briefing.io import read_extracts
from briefing.pipeline import render_brief
from briefing.templates import find

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1"


def _structure(files: dict[str, bytes]) -> dict[str, object]:
    """What a reader sees of the rendered files: pages, headings, tables, the words of the text."""
    pdf = PdfReader(io.BytesIO(files["pdf"]))
    docx = DocxDocument(io.BytesIO(files["docx"]))
    pdf_words = " ".join(page.extract_text() for page in pdf.pages).split()
    return {
        "pdf_pages": len(pdf.pages),
        "pdf_outline": [item.title for item in pdf.outline if not isinstance(item, list)],
        "docx_headings": [
            f"{p.style.name}: {p.text}"
            for p in docx.paragraphs
            if p.style.name.startswith(("Heading", "Title"))
        ],
        "docx_tables": [len(t.rows) for t in docx.tables],
        "pdf_word_count": len(pdf_words),
    }


@pytest.mark.parametrize("template", ["one-page", "report", "talking-points"])
def test_golden_brief(template: str) -> None:
    extracts = read_extracts(GOLDEN / "extracts.json")
    built = render_brief(extracts, find(template), ["md", "pdf", "docx", "json"])
    observed = {"markdown": built.markdown, "structure": _structure(built.files)}
    md_file = GOLDEN / f"{template}.md"
    structure_file = GOLDEN / f"{template}.structure.json"
    if UPDATE:
        md_file.write_text(observed["markdown"], encoding="utf-8")
        structure_file.write_text(json.dumps(observed["structure"], indent=2, ensure_ascii=False) + "\n")
        pytest.skip("golden files rewritten: review the diff")
    assert observed["markdown"] == md_file.read_text(encoding="utf-8")
    expected = json.loads(structure_file.read_text(encoding="utf-8"))
    structure = observed["structure"]
    assert structure["pdf_pages"] == expected["pdf_pages"]
    assert structure["pdf_outline"] == expected["pdf_outline"]
    assert structure["docx_headings"] == expected["docx_headings"]
    assert structure["docx_tables"] == expected["docx_tables"]
    # Text extraction from PDF varies a little with line breaking; the words must not.
    assert abs(structure["pdf_word_count"] - expected["pdf_word_count"]) <= 0.02 * expected["pdf_word_count"]
