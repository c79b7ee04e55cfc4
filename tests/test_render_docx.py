"""Markdown → DOCX: Word's built-in styles, real tables, links, fields, determinism."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime
from importlib.resources import files

import docx
import pytest
from docx.oxml.ns import qn

from briefing.render import Meta, Style, office, pdf_page_count, render

SPECIMEN = files("briefing.render").joinpath("specimen.md").read_text(encoding="utf-8")
META = Meta(
    title="Specimen", subject="Tests", date="2025-03-01", created=datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
)
STYLE = Style(header="{title} | {date}", footer="Page {page} of {pages}")


@pytest.fixture(scope="module")
def specimen_bytes() -> bytes:
    return render(SPECIMEN, "docx", STYLE, META)


@pytest.fixture(scope="module")
def document(specimen_bytes: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(specimen_bytes))


def _styled(document: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def test_title_and_headings_use_word_builtin_styles(document: docx.document.Document) -> None:
    assert _styled(document, "Title") == ["Specimen brief: every Markdown convention the renderer knows"]
    assert _styled(document, "Heading 1") == ["Summary", "Key figures", "Chronology", "Sources"]
    assert _styled(document, "Heading 2") == ["Early period"]


def test_lists_use_list_styles(document: docx.document.Document) -> None:
    assert len(_styled(document, "List Bullet")) == 3
    numbered = _styled(document, "List Number")
    assert numbered[0] == "1992: first arms agreements\u00a0[3]"
    assert len(numbered) == 5


def test_table_has_repeated_header_row_and_content(document: docx.document.Document) -> None:
    (table,) = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["Figure", "Value", "Year"]
    assert table.rows[1].cells[1].text == "$4 billion"
    assert table.style.name == "Medium List 1 Accent 1"
    header_props = table.rows[0]._tr.trPr
    assert header_props is not None and header_props.find(qn("w:tblHeader")) is not None


def test_external_and_internal_hyperlinks(document: docx.document.Document) -> None:
    links = [link for p in document.paragraphs for link in p.hyperlinks]
    external = [link for link in links if link.address]
    internal = [link for link in links if link.fragment]
    assert [(link.text, link.address) for link in external][:1] == [
        ("the published text", "https://example.org/treaty")
    ]
    assert ("[1]", "src_1") in [(link.text, link.fragment) for link in internal]
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert {"src_1", "src_2", "src_3"} <= bookmarks


def test_small_note_uses_note_size(document: docx.document.Document) -> None:
    note = next(p for p in document.paragraphs if p.text.startswith("Figures as reported"))
    assert all(run.font.size is not None and run.font.size.pt == STYLE.note_pt for run in note.runs)


def test_toc_field_and_page_number_fields(specimen_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(specimen_bytes)) as package:
        body = package.read("word/document.xml").decode()
        footers = "".join(package.read(n).decode() for n in package.namelist() if "footer" in n)
        headers = "".join(package.read(n).decode() for n in package.namelist() if "header" in n)
    assert 'TOC \\o "1-2" \\h' in body
    assert "Right-click to update the table of contents." in body
    assert " PAGE " in footers and " NUMPAGES " in footers
    assert "Specimen" in headers and "2025-03-01" in headers


def test_core_properties_come_from_meta(document: docx.document.Document) -> None:
    props = document.core_properties
    assert (props.title, props.subject, props.author) == ("Specimen", "Tests", "briefing")
    assert props.created == datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    assert props.modified == datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_two_renders_are_byte_identical(specimen_bytes: bytes) -> None:
    assert render(SPECIMEN, "docx", STYLE, META) == specimen_bytes


def test_page_setup_letter_landscape() -> None:
    style = Style(page_size="Letter", orientation="landscape", margins_mm=(10, 12, 14, 16))
    section = docx.Document(io.BytesIO(render("# T\n\nx", "docx", style, META))).sections[0]
    assert round(section.page_width.mm, 1) == 279.4 and round(section.page_height.mm, 1) == 215.9
    assert round(section.left_margin.mm) == 16 and round(section.top_margin.mm) == 10


def test_numbered_headings() -> None:
    document = docx.Document(
        io.BytesIO(render("# T\n\n## A\n\n### B", "docx", Style(numbered_headings=True), META))
    )
    assert _styled(document, "Heading 1") == ["1. A"]
    assert _styled(document, "Heading 2") == ["1.1 B"]


def test_unknown_format_raises_value_error() -> None:
    with pytest.raises(ValueError, match="odt"):
        render("# T", "odt", STYLE, META)


def test_headings_keep_with_next(document: docx.document.Document) -> None:
    for name in ("Title", "Heading 1", "Heading 2"):
        assert document.styles[name].paragraph_format.keep_with_next is True


def test_fonts_are_the_bundled_family(document: docx.document.Document) -> None:
    assert document.styles["Normal"].font.name == "Noto Sans"
    assert document.styles["Heading 1"].font.name == "Noto Sans"


def test_escaped_markup_and_control_characters_come_out_literal() -> None:
    markdown = "a &lt;script&gt; b \\*\\*c\\*\\* \\| d &amp; e\x0c\n\n<script>alert(1)</script>"
    document = docx.Document(io.BytesIO(render(markdown, "docx", Style(), META)))
    assert [p.text for p in document.paragraphs] == ["a <script> b **c** | d & e"]


@pytest.mark.skipif(
    office.soffice() is None and os.environ.get("BRIEFING_REQUIRE_OFFICE") != "1",
    reason="LibreOffice is not installed",
)
def test_docx_lays_out_on_as_many_pages_as_the_pdf(specimen_bytes: bytes) -> None:
    pdf_pages = pdf_page_count(render(SPECIMEN, "pdf", STYLE, META))
    assert office.docx_page_count(specimen_bytes) == pdf_pages == 3
