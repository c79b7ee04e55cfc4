"""Markdown → PDF: text, pages, outline, contents, links, fonts, determinism."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from importlib.resources import files

import pytest
from pypdf import PdfReader

from briefing.render import Meta, Style, pdf_page_count, render

SPECIMEN = files("briefing.render").joinpath("specimen.md").read_text(encoding="utf-8")
META = Meta(
    title="Specimen", subject="Tests", date="2025-03-01", created=datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
)
STYLE = Style(header="{title} | {date}", footer="Page {page} of {pages}")


@pytest.fixture(scope="module")
def specimen_bytes() -> bytes:
    return render(SPECIMEN, "pdf", STYLE, META)


@pytest.fixture(scope="module")
def reader(specimen_bytes: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(specimen_bytes))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def test_text_of_every_section_is_there(reader: PdfReader) -> None:
    text = _text(reader)
    for expected in (
        "Summary",
        "Key figures",
        "Chronology",
        "Sources",
        "$4 billion",
        "comprehensive partnership",
    ):
        assert expected in text


def test_contents_page_lists_headings_and_pagebreak_splits_pages(reader: PdfReader) -> None:
    first = reader.pages[0].extract_text()
    assert "Contents" in first
    assert "Summary" in first and "Early period" in first
    # Contents page, then Summary + Key figures, then (after the pagebreak) Chronology + Sources.
    assert len(reader.pages) == 3
    assert "Chronology" in reader.pages[2].extract_text()


def test_outline_bookmarks_for_every_heading(reader: PdfReader) -> None:
    assert _outline_titles(reader) == [
        "Specimen brief: every Markdown convention the renderer knows",
        "Summary",
        "Key figures",
        "Chronology",
        "Early period",
        "Sources",
    ]


def test_bookmarks_without_contents() -> None:
    reader = PdfReader(io.BytesIO(render("# T\n\n## One\n\ntext\n\n## Two", "pdf", Style(), META)))
    assert _outline_titles(reader) == ["T", "One", "Two"]


def test_header_footer_with_page_x_of_y(reader: PdfReader) -> None:
    assert "Page 2 of 3" in reader.pages[1].extract_text()
    assert "2025-03-01" in reader.pages[0].extract_text()


def test_citation_marks_link_to_their_source_page(reader: PdfReader) -> None:
    page_of = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    summary_page = reader.pages[1]
    targets = [
        page_of[annot.get_object()["/Dest"][0].idnum]
        for annot in summary_page["/Annots"]
        if "/Dest" in annot.get_object()
    ]
    assert targets and set(targets) == {2}  # every citation jumps to the sources list on page 3
    uris = [
        annot.get_object()["/A"]["/URI"] for annot in summary_page["/Annots"] if "/A" in annot.get_object()
    ]
    assert uris == ["https://example.org/treaty"]


def test_cyrillic_and_greek_extract_exactly() -> None:
    line = "Москва и Тегеран подписали договор; Αθήνα και Θεσσαλονίκη"
    reader = PdfReader(io.BytesIO(render(line, "pdf", Style(), META)))
    assert reader.pages[0].extract_text().strip() == line


def test_arabic_script_uses_the_arabic_font() -> None:
    data = render("Name: تهران", "pdf", Style(), META)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"].values()
    }
    assert any("NotoSansArabic" in name for name in fonts)


def test_metadata_and_determinism(specimen_bytes: bytes, reader: PdfReader) -> None:
    assert reader.metadata.title == "Specimen"
    assert reader.metadata["/CreationDate"] == "D:20250301120000+00'00'"
    assert render(SPECIMEN, "pdf", STYLE, META) == specimen_bytes


def test_page_count_helper_matches_pypdf(specimen_bytes: bytes, reader: PdfReader) -> None:
    assert pdf_page_count(specimen_bytes) == len(reader.pages) == 3


def test_letter_landscape_page_size() -> None:
    data = render("# T", "pdf", Style(page_size="Letter", orientation="landscape"), META)
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)


def test_long_table_repeats_header_and_spans_pages() -> None:
    rows = "\n".join(f"| row {n} | {n * 7} |" for n in range(120))
    data = render(f"| Name | Value |\n|---|--:|\n{rows}", "pdf", Style(), META)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 1
    assert all(page.extract_text().lstrip().startswith("Name") for page in reader.pages)


def test_unknown_font_family_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="Comic"):
        render("x", "pdf", Style(font_family="Comic"), META)


@pytest.mark.parametrize("fillers", [40, 41, 42])
def test_heading_is_never_the_last_line_of_a_page(fillers: int) -> None:
    body = "\n\n".join(f"Filler paragraph {n}." for n in range(fillers))
    data = render(f"{body}\n\n## The heading\n\nFollowing text.", "pdf", Style(), META)
    pages = PdfReader(io.BytesIO(data)).pages
    assert [page.extract_text().strip().splitlines()[-1] for page in pages][-1] == "Following text."
    assert all(page.extract_text().strip().splitlines()[-1] != "The heading" for page in pages)


def test_empty_contents_and_missing_anchor_do_not_break_the_pdf() -> None:
    data = render("<!-- toc -->\n\nText citing [9](#nowhere).", "pdf", Style(), META)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert reader.pages[0].extract_text().strip() == "Text citing [9]."


def test_heading_before_long_table_does_not_leave_the_page_empty() -> None:
    rows = "\n".join(f"| row {n} | value |" for n in range(60))
    filler = "\n\n".join(f"Filler paragraph {n}." for n in range(10))
    data = render(f"{filler}\n\n## The table\n\n| Name | Value |\n|---|---|\n{rows}", "pdf", Style(), META)
    first_page = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "The table" in first_page and "row 0" in first_page


@pytest.mark.parametrize("fillers", [39, 40, 41])
def test_heading_stays_with_the_first_item_of_a_list(fillers: int) -> None:
    body = "\n\n".join(f"Filler paragraph {n}." for n in range(fillers))
    data = render(f"{body}\n\n## The heading\n\n1. one\n2. two", "pdf", Style(), META)
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = page.extract_text().strip().splitlines()
        assert lines[-1] != "The heading"


def test_escaped_markup_and_control_characters_come_out_literal() -> None:
    markdown = "a &lt;script&gt; b \\*\\*c\\*\\* \\| d &amp; e\x0c\n\n<script>alert(1)</script>"
    text = PdfReader(io.BytesIO(render(markdown, "pdf", Style(), META))).pages[0].extract_text()
    assert text.strip() == "a <script> b **c** | d & e"


@pytest.mark.parametrize(
    ("style", "field"),
    [
        (Style(page_size="A5"), "page size"),
        (Style(orientation="sideways"), "orientation"),
        (Style(accent_color="blue"), "accent_color"),
        (Style(body_pt=0), "body_pt"),
        (Style(margins_mm=(150, 10, 150, 10)), "margins_mm"),
    ],
)
def test_unrenderable_style_is_a_value_error_naming_the_field(style: Style, field: str) -> None:
    for fmt in ("pdf", "docx"):
        with pytest.raises(ValueError, match=field):
            render("x", fmt, style, META)


def test_header_parts_and_title_with_separator() -> None:
    meta = Meta(title="A | B", date="2025-03-01", created=META.created)
    style = Style(header="{title} | {date}", footer="{page}/{pages}")
    text = PdfReader(io.BytesIO(render("x", "pdf", style, meta))).pages[0].extract_text()
    assert "A | B" in text and "2025-03-01" in text and "1/1" in text


ODD_MARKDOWN = [
    "### Subsection before any section\n\n#### deeper\n\n## Section",
    '1.\n\n* \n\n| x |\n|---|\n<a id=""></a>',
    "<!-- toc -->\n<!-- pagebreak -->\n<!-- pagebreak -->\n<!-- small -->",
    "| " + " | ".join(["c"] * 12) + " |\n|" + "---|" * 12 + "\n| " + " | ".join(["word" * 20] * 12) + " |",
    "<a id='q\"uote'></a>[q](#q\"uote) [bad](#) [](#x) ![img](a.png) &#0; \x00",
    "> quote\n\n```\ncode <b>\n```\n\n---\n\n東京 😀",
    "| a | b |\n|---|---|\n| a row taller than a page | " + "word " * 3000 + " |",
]


@pytest.mark.parametrize("markdown", ODD_MARKDOWN)
def test_odd_markdown_renders_in_both_formats(markdown: str) -> None:
    style = Style(header="{title} | {page} of {pages}", numbered_headings=True)
    assert pdf_page_count(render(markdown, "pdf", style, META)) >= 1
    assert render(markdown, "docx", style, META).startswith(b"PK")
