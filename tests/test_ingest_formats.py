"""Reading each input format: HTML, PDF, DOCX, Markdown and text in each encoding."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from briefing.ingest import READERS, load_corpus
from briefing.model import Corpus


def load_one(tmp_path: Path, name: str, content: bytes | None = None) -> tuple[Corpus, list[str]]:
    """A corpus of one file (written from `content` unless already there) and its warnings."""
    if content is not None:
        (tmp_path / name).write_bytes(content)
    warnings: list[str] = []
    return load_corpus(tmp_path, warn=warnings.append), warnings


# --- PDF -----------------------------------------------------------------------------------------


def test_a_two_column_pdf_reads_in_order_without_headers_and_with_footnotes_apart(tmp_path: Path) -> None:
    make_pdf(tmp_path / "paper.pdf")
    corpus, warnings = load_one(tmp_path, "paper.pdf")
    document = corpus.documents[0]
    paragraphs = [document.text[s:e] for s, e in document.paragraphs]
    assert paragraphs[0] == "INTRODUCTION"
    assert paragraphs[1].startswith("The Caspian littoral states have argued")
    assert paragraphs[-2:][0] == "CONCLUSION"
    # Columns in reading order; the sentence cut by the page break is whole.
    text = document.text
    assert (
        text.index("Aktau") < text.index("Trade between the two largest states") < text.index("Energy swaps")
    )
    assert "the southern ports remained underused because of sanctions and the lack of insurance" in text
    # The hyphenated line end is rejoined; superscript marks are gone.
    assert "the division of the seabed to later bilateral agreements" in text
    assert "every energy project in the basin. Pipelines" in text
    assert "customs data. Most of it" in text
    # Running header, author line and page numbers are gone.
    assert "Journal of Basin Studies, Vol. 7" not in text and "Maria Example" not in text
    assert not any(re.fullmatch(r"\d+", p) for p in paragraphs)
    info = document.info
    assert info.format == "pdf"
    assert info.footnotes == {
        "1": 'John Doe, "The Caspian Question", Journal of Basin Studies, vol. 4, 2017, p. 12.',
        "2": "Ibid., p. 15.",
        "3": 'Richard Roe, "Gas Swaps Explained", https://example.org/swaps. Accessed on May 3, 2019. '
        "The swap figures are the ministry's own estimates.",
    }
    assert (info.title, info.author) == (PDF_TITLE, "Maria Example")
    assert {"title", "author", "published"} <= set(info.inferred)
    assert any("creation date" in w for w in warnings)


def test_a_one_column_pdf_gives_the_same_text(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    make_pdf(tmp_path / "a" / "paper.pdf")
    make_pdf(tmp_path / "b" / "paper.pdf", two_columns=False)
    two = load_corpus(tmp_path / "a").documents[0]
    one = load_corpus(tmp_path / "b").documents[0]
    assert one.text == two.text and one.info.footnotes == two.info.footnotes


def test_footnotes_in_body_size_type_are_found_under_their_separator_rule(tmp_path: Path) -> None:
    make_pdf(tmp_path / "paper.pdf", note_size=10)
    document = load_one(tmp_path, "paper.pdf")[0].documents[0]
    assert list(document.info.footnotes) == ["1", "2", "3"]
    assert "Ibid" not in document.text and "Accessed" not in document.text


def test_encrypted_damaged_and_scanned_pdfs_are_skipped_with_a_reason(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    locked = canvas.Canvas(str(tmp_path / "locked.pdf"), encrypt="secret", invariant=1)
    locked.drawString(72, 720, "A secret text about trade between Iran and Russia.")
    locked.save()
    scanned = canvas.Canvas(str(tmp_path / "scanned.pdf"), invariant=1)
    scanned.rect(72, 72, 400, 600, fill=1)  # an image of a page: no text layer
    scanned.save()
    good = make_pdf(tmp_path / "good.pdf").read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(good[: len(good) // 3])
    (tmp_path / "ok.txt").write_text("Trade grew in 2019, officials said.")
    warnings: list[str] = []
    corpus = load_corpus(tmp_path, warn=warnings.append)
    assert "good" in [d.id for d in corpus.documents]
    skipped = {w.split(":")[0]: w for w in warnings if "skipped" in w}
    assert "encrypted" in skipped["locked.pdf"]
    assert "scanned" in skipped["scanned.pdf"]
    assert "truncated.pdf" in skipped


# --- HTML ----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Iran and Russia sign gas deal | World News Daily</title>
<meta property="og:title" content="Iran and Russia sign gas deal">
<meta property="og:site_name" content="World News Daily">
<meta property="article:published_time" content="2019-04-05T08:30:00+00:00">
<meta name="author" content="Jane Q. Reporter">
<link rel="canonical" href="https://example.org/news/iran-russia-gas">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="share">Share on Facebook | Share on Twitter</div></header>
<main><article>
<h1>Iran and Russia sign gas deal</h1>
<p class="byline">By Jane Q. Reporter</p>
<p>Iran and Russia signed a $2 billion gas agreement on Friday, officials in Tehran said. The deal
covers joint exploration in the Caspian Sea &amp; a pipeline study.</p>
<figure><img src="a.jpg"><figcaption>Photo: Reuters/John Smith</figcaption></figure>
<h2>Trade ambitions</h2>
<p>Bilateral trade reached $3.1 billion in 2018, up 10 percent from the previous year, according to
customs data.</p>
<p>Analysts cautioned that sanctions could delay the project for years. &ldquo;Payments remain the
hardest part,&rdquo; one banker said.</p>
<table><tr><th>Year</th><th>Trade</th></tr><tr><td>2017</td><td>$2.8 billion</td></tr>
<tr><td>2018</td><td>$3.1 billion</td></tr></table>
<p>Subscribe to our newsletter for daily updates.</p>
</article>
<aside class="related"><h3>Related articles</h3><ul><li><a href="/x">Oil prices rise</a></li></ul></aside>
<section id="comments" class="comments"><h3>3 Comments</h3>
<div class="comment"><p>This deal is fake news and will never happen, mark my words everyone.</p></div>
<form><p>Leave a Reply</p><p>Your email address will not be published.</p></form></section>
</main>
<footer><p>© 2019 World News Daily. All rights reserved.</p><p><a href="/privacy">Privacy</a></p></footer>
</body></html>
"""


def test_an_html_page_gives_the_article_and_its_meta_tags(tmp_path: Path) -> None:
    corpus, warnings = load_one(tmp_path, "gas-deal.html", PAGE.encode())
    document = corpus.documents[0]
    paragraphs = [document.text[s:e] for s, e in document.paragraphs]
    assert paragraphs[0].startswith("Iran and Russia signed a $2 billion gas agreement on Friday")
    assert "Caspian Sea & a pipeline study." in paragraphs[0]
    assert "Trade ambitions" in paragraphs
    assert "“Payments remain the hardest part,” one banker said." in document.text
    assert "2018 | $3.1 billion" in paragraphs
    for furniture in [
        "Home",
        "Share on",
        "Photo:",
        "Related",
        "Comments",
        "fake news",
        "Leave a Reply",
        "email address",
        "All rights reserved",
        "Subscribe",
        "By Jane",
    ]:
        assert furniture not in document.text, furniture
    info = document.info
    assert (info.title, info.author, info.publisher) == (
        "Iran and Russia sign gas deal",
        "Jane Q. Reporter",
        "World News Daily",
    )
    assert (info.published, info.published_inferred) == ("2019-04-05", True)
    assert info.url == "https://example.org/news/iran-russia-gas"
    assert info.format == "html" and warnings == []


def test_the_manifest_wins_over_html_meta_tags(tmp_path: Path) -> None:
    (tmp_path / "gas-deal.htm").write_text(PAGE, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(
        "documents:\n  - file: gas-deal.htm\n    title: Gas deal\n    published: 2019-04\n"
    )
    info = load_corpus(tmp_path).documents[0].info
    assert (info.title, info.published, info.published_inferred) == ("Gas deal", "2019-04", False)
    assert info.author == "Jane Q. Reporter" and set(info.inferred) == {"author", "publisher", "url"}


# --- DOCX ----------------------------------------------------------------------------------------


def test_a_docx_gives_headings_paragraphs_tables_and_core_properties(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.core_properties.title = "Iran–Russia trade in 2019"
    word.core_properties.author = "Sam Analyst"
    word.core_properties.created = dt.datetime(2019, 11, 2, 9, 0)
    word.add_heading("Iran–Russia trade in 2019", level=0)
    word.add_paragraph("By Sam Analyst")
    word.add_heading("Overview", level=1)
    word.add_paragraph("Trade between Iran and Russia reached $2.2 billion in 2019, a modest rise.")
    table = word.add_table(rows=3, cols=2)
    for r, row in enumerate([("Year", "Trade"), ("2018", "$1.7 billion"), ("2019", "$2.2 billion")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    word.add_paragraph("Officials expect the free-trade agreement to lift the figure further.")
    word.save(tmp_path / "trade.docx")
    corpus, warnings = load_one(tmp_path, "trade.docx")
    document = corpus.documents[0]
    assert [document.text[s:e] for s, e in document.paragraphs] == [
        "Overview",
        "Trade between Iran and Russia reached $2.2 billion in 2019, a modest rise.",
        "Year | Trade",
        "2018 | $1.7 billion",
        "2019 | $2.2 billion",
        "Officials expect the free-trade agreement to lift the figure further.",
    ]
    info = document.info
    assert (info.title, info.author, info.published) == (
        "Iran–Russia trade in 2019",
        "Sam Analyst",
        "2019-11-02",
    )
    assert info.published_inferred and info.format == "docx"
    assert any("creation date" in w for w in warnings)


def test_docx_footnotes_are_set_aside_by_number(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph("Trade rose sharply in 2019, officials said.")
    word.save(tmp_path / "notes.docx")
    add_footnotes(tmp_path / "notes.docx", ["Customs data, 2020.", "Ibid."])
    corpus, _ = load_one(tmp_path, "notes.docx")
    document = corpus.documents[0]
    assert document.text == "Trade rose sharply in 2019, officials said."
    assert document.info.footnotes == {"1": "Customs data, 2020.", "2": "Ibid."}


# --- text and Markdown -----------------------------------------------------------------------------

SAMPLE = (
    "Iran’s “trade” with Russia – café – grew by 5 percent in 2019, officials said.\n\nA second paragraph.\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252"])
def test_text_in_each_encoding_reads_the_same(tmp_path: Path, encoding: str) -> None:
    data = SAMPLE.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    corpus, _ = load_one(tmp_path, "note.txt", data)
    assert corpus.documents[0].text == SAMPLE.strip()


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    text = "Le président a dit à Moscou: «ça va». La coopération économique a progressé en 2019.\n"
    corpus, warnings = load_one(tmp_path, "fr.txt", text.encode("latin-1"))
    assert corpus.documents[0].text == text.strip()
    assert any("decoded as cp1252" in w for w in warnings)


def test_text_is_normalised_to_nfc_and_hard_wraps_are_joined(tmp_path: Path) -> None:
    raw = (
        "The Cafe\u0301 talks\u00a0 ended with an agree-\nment on oil swaps and a plan\nfor later.\r\n\r\nNo."
    )
    corpus, _ = load_one(tmp_path, "wrap.txt", raw.encode())
    assert (
        corpus.documents[0].text
        == "The Café talks ended with an agreement on oil swaps and a plan for later.\n\nNo."
    )


def test_markdown_front_matter_is_metadata_and_markup_is_removed(tmp_path: Path) -> None:
    md = (
        "---\ntitle: Gas swaps\nauthor: [A. One, B. Two]\ndate: 2020-02-03\nsource: Basin Review\n---\n"
        "# Gas swaps\n\nSwaps are **central** to the [relationship](https://x.org) and _growing_.\n\n"
        "- First item of a list\n- Second item of a list\n\n> A quoted sentence.\n"
    )
    corpus, warnings = load_one(tmp_path, "swaps.md", md.encode())
    document = corpus.documents[0]
    assert [document.text[s:e] for s, e in document.paragraphs] == [
        "Swaps are central to the relationship and growing.",
        "First item of a list",
        "Second item of a list",
        "A quoted sentence.",
    ]
    info = document.info
    assert (info.title, info.author, info.publisher, info.published) == (
        "Gas swaps",
        "A. One, B. Two",
        "Basin Review",
        "2020-02-03",
    )
    assert info.format == "md" and warnings == []


def test_every_format_has_a_reader() -> None:
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx"} <= set(READERS)
    assert all(callable(reader) for reader in READERS.values())


# --- fixture builders ------------------------------------------------------------------------------

PDF_TITLE = "Caspian Energy Cooperation in a Changing Region"
# Each page: (left column, right column, footnotes). "^N" is a superscript reference mark;
# a list of strings is drawn line by line exactly as given (to force a hyphenated line end).
PDF_PAGES = [
    (
        [
            "INTRODUCTION",
            "The Caspian littoral states have argued about the legal status of the sea for three decades, "
            "and the dispute has shaped every energy project in the basin.^1 Pipelines, fisheries and "
            "naval movements all depend on it.",
            [
                "A convention signed in Aktau in 2018 settled",
                "some questions but left the division of the sea-",
                "bed to later bilateral agreements between the",
                "neighbours.",
            ],
        ],
        [
            "Trade between the two largest states grew by 40 percent between 2015 and 2019, according to "
            "customs data.^2 Most of it moved by rail and by ship across the northern part of the sea, "
            "while the southern ports remained underused because of",
        ],
        [
            '1. John Doe, "The Caspian Question", Journal of Basin Studies, vol. 4, 2017, p. 12.',
            "2. Ibid., p. 15.",
        ],
    ),
    (
        [
            "sanctions and the lack of insurance for cargo. Officials on both sides have promised to "
            "remove these obstacles by 2025.",
            "Energy swaps are the second pillar of the relationship. Under a swap, gas delivered in the "
            "north is matched by gas released in the south.^3",
        ],
        [
            "CONCLUSION",
            "Cooperation in the basin will depend on whether the remaining disputes can be kept apart "
            "from the commercial projects that both governments say they want.",
        ],
        [
            '3. Richard Roe, "Gas Swaps Explained", https://example.org/swaps. Accessed on May 3, 2019. The',
            "swap figures are the ministry's own estimates.",
        ],
    ),
]


def make_pdf(path: Path, *, two_columns: bool = True, note_size: float = 7.5) -> Path:
    """A two-column journal page with a running header, page numbers and footnotes (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    width, height = A4
    margin, gutter, size, leading = 56, 24, 10, 13
    col_width = (width - 2 * margin - gutter) / 2 if two_columns else width - 2 * margin
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle(PDF_TITLE)
    pdf.setAuthor("Maria Example")

    def draw_line(x: float, y: float, line: str) -> None:
        text = pdf.beginText(x, y)
        for i, part in enumerate(re.split(r"\^(\d+)", line)):
            if i % 2:
                text.setFont("Times-Roman", 6)
                text.setRise(4)
                text.textOut(part)
                text.setRise(0)
            else:
                text.setFont("Times-Roman", size)
                text.textOut(part)
        pdf.drawText(text)

    def draw_column(x: float, blocks: list) -> None:
        y = height - margin - 40
        for block in blocks:
            lines = (
                block if isinstance(block, list) else simpleSplit(block, "Times-Roman", size, col_width - 8)
            )
            for line in lines:
                draw_line(x, y, line)
                y -= leading
            y -= leading * 0.8

    for number, (left, right, notes) in enumerate(PDF_PAGES, start=1):
        pdf.setFont("Times-Italic", 8)
        pdf.drawString(margin, height - margin + 10, "Journal of Basin Studies, Vol. 7, No. 2")
        pdf.drawRightString(width - margin, height - margin + 10, "Maria Example")
        if two_columns:
            draw_column(margin, left)
            draw_column(margin + col_width + gutter, right)
        else:
            draw_column(margin, left + right)
        y = margin + 20 + 10 * len(notes)
        pdf.line(margin, y + 10, margin + 120, y + 10)
        for note in notes:
            pdf.setFont("Times-Roman", note_size)
            pdf.drawString(margin, y, note)
            y -= 10
        pdf.setFont("Times-Roman", 9)
        pdf.drawCentredString(width / 2, margin - 20, str(number))
        pdf.showPage()
    pdf.save()
    return path


def add_footnotes(path: Path, notes: list[str]) -> None:
    """Give a python-docx file a footnotes part and a reference to each note after the first paragraph."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(notes, start=1)
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {ns}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0">'
        "<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        f"{body}</w:footnotes>"
    )
    with zipfile.ZipFile(path) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    parts["word/footnotes.xml"] = footnotes.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdFn" Target="footnotes.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/></Relationships>',
    )
    refs = "".join(f'<w:r><w:footnoteReference w:id="{i}"/></w:r>' for i in range(1, len(notes) + 1))
    parts["word/document.xml"] = re.sub(
        rb"</w:p>", refs.encode() + b"</w:p>", parts["word/document.xml"], count=1
    )
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
