"""```chart blocks: a horizontal bar chart, drawn by reportlab in the PDF and as a PNG in the DOCX."""

from __future__ import annotations

import io
import zipfile

import docx
from pypdf import PdfReader

from briefing.render import Meta, Style, render
from briefing.render.blocks import Bar, Chart, parse, parse_chart

CHART = """# Brief

```chart
title: Money compared (EUR)
Loans \\| grants | 3,500,000 | €3.5 m
Aid | 1200000
not a number | lots
```

After the chart.
"""


def test_chart_block_parses_bars_and_undoes_markdown_escapes() -> None:
    blocks = parse(CHART)
    assert blocks[1] == Chart(
        "Money compared (EUR)", (Bar("Loans | grants", 3_500_000, "€3.5 m"), Bar("Aid", 1_200_000, "1.2e+06"))
    )
    assert parse_chart("title: nothing\nx | y\n") is None
    assert [type(b).__name__ for b in parse("```python\nprint(1)\n```\n")] == ["Paragraph"]


def test_pdf_draws_the_chart_with_its_labels_and_values() -> None:
    data = render(CHART, "pdf", Style(), Meta(title="t"))
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    for expected in ("Money compared (EUR)", "Loans | grants", "€3.5 m", "Aid", "After the chart."):
        assert expected in text
    assert "lots" not in text


def test_docx_holds_the_chart_as_one_picture_and_is_deterministic() -> None:
    first = render(CHART, "docx", Style(), Meta(title="t"))
    assert first == render(CHART, "docx", Style(), Meta(title="t"))
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
    assert len(media) == 1 and media[0].endswith(".png")
    document = docx.Document(io.BytesIO(first))
    assert [p.text for p in document.paragraphs if p.text] == ["Brief", "After the chart."]


def test_a_note_line_is_set_under_the_chart() -> None:
    body = (
        "```chart\ntitle: Trade by year (USD)\n2005 | 1000000000 | $1 billion\n"
        "note: Sources: \\[1\\], \\[4\\]\n```\n"
    )
    (chart,) = parse(body)
    assert chart == Chart("Trade by year (USD)", (Bar("2005", 1e9, "$1 billion"),), "Sources: [1], [4]")
    text = PdfReader(io.BytesIO(render(body, "pdf", Style(), Meta(title="t")))).pages[0].extract_text()
    assert text.index("$1 billion") < text.index("Sources: [1], [4]")
