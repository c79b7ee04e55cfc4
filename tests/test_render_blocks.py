"""Markdown → block model: the conventions the templates rely on."""

from __future__ import annotations

from briefing.render import blocks as bl
from briefing.render.blocks import (
    BulletList,
    Contents,
    Heading,
    OrderedList,
    PageBreak,
    Paragraph,
    Run,
    Table,
    parse,
    plain_text,
)


def test_first_h1_is_title_and_deeper_headings_shift_one_level() -> None:
    blocks = parse("# Title\n\n## Section\n\n### Sub\n\n#### Deep\n\n# Another top")
    assert [(b.level, plain_text(b.runs)) for b in blocks if isinstance(b, Heading)] == [
        (0, "Title"),
        (1, "Section"),
        (2, "Sub"),
        (3, "Deep"),
        (1, "Another top"),
    ]


def test_inline_formatting_becomes_runs() -> None:
    (para,) = parse("Plain **bold** *it* ***both*** `code` end")
    assert isinstance(para, Paragraph)
    assert para.runs == (
        Run("Plain "),
        Run("bold", bold=True),
        Run(" "),
        Run("it", italic=True),
        Run(" "),
        Run("both", bold=True, italic=True),
        Run(" "),
        Run("code", code=True),
        Run(" end"),
    )


def test_external_links_and_citation_marks() -> None:
    para, _ = parse('See [the text](https://example.org/a) and [2](#src-2).\n\n<a id="src-2"></a>Source')
    link = next(run for run in para.runs if run.link == "https://example.org/a")
    mark = next(run for run in para.runs if run.link == "#src-2")
    assert link.text == "the text" and not link.is_citation
    assert mark.text == "2" and mark.is_citation
    assert plain_text(para.runs) == "See the text and\u00a0[2]."  # a mark never starts a line


def test_citation_to_missing_anchor_keeps_mark_without_link_and_anchors_are_unique() -> None:
    para, target = parse('[1](#nowhere) [2](#here)\n\n<a id="here"></a>A <a id="here"></a>B')
    assert [(run.text, run.link) for run in para.runs if run.text.strip()] == [("[1]", None), ("2", "#here")]
    assert [run.anchor for run in target.runs if run.anchor] == ["here"]


def test_anchor_in_list_item_becomes_empty_anchor_run() -> None:
    (sources,) = parse('1. <a id="src-1"></a>First source\n2. <a name="src-2"></a>Second')
    assert isinstance(sources, OrderedList)
    assert sources.items[0][0] == Run("", anchor="src-1")
    assert plain_text(sources.items[0]) == "First source"
    assert sources.items[1][0].anchor == "src-2"


def test_anchor_on_its_own_line_attaches_to_next_block() -> None:
    blocks = parse('<a id="fig"></a>\n\n| A |\n|---|\n| 1 |')
    (table,) = blocks
    assert isinstance(table, Table)
    assert table.header[0][0].anchor == "fig"


def test_directives_pagebreak_toc_small() -> None:
    blocks = parse("<!-- toc -->\n\nIntro\n\n<!-- pagebreak -->\n\n<!-- small -->\nA note.\n\nNormal again.")
    assert [type(b) for b in blocks] == [Contents, Paragraph, PageBreak, Paragraph, Paragraph]
    assert [b.small for b in blocks if isinstance(b, Paragraph)] == [False, True, False]


def test_small_applies_to_lists_and_tables_too() -> None:
    blocks = parse("<!-- small -->\n- a\n- b\n\n<!-- small -->\n\n| A |\n|---|\n| 1 |")
    assert isinstance(blocks[0], BulletList) and blocks[0].small
    assert isinstance(blocks[1], Table) and blocks[1].small


def test_unknown_html_is_dropped_but_escaped_text_stays_literal() -> None:
    (para,) = parse("a <span>b</span> <!-- whatever --> &lt;script&gt; \\*\\*x\\*\\* \\| c")
    assert plain_text(para.runs) == "a b  <script> **x** | c"
    assert all(not run.bold for run in para.runs)
    assert parse("<div>\nhidden html block\n</div>") == []


def test_javascript_link_text_is_kept_escaped() -> None:
    (para,) = parse("\\[x\\](javascript:alert(1))")
    assert plain_text(para.runs) == "[x](javascript:alert(1))"
    assert all(run.link is None for run in para.runs)


def test_lists_keep_items_and_start_number() -> None:
    bullets, numbers = parse("- one\n- two **b**\n  - nested\n\n3. three\n4. four")
    assert isinstance(bullets, BulletList)
    assert [plain_text(item) for item in bullets.items] == ["one", "two b", "nested"]
    assert isinstance(numbers, OrderedList)
    assert numbers.start == 3
    assert [plain_text(item) for item in numbers.items] == ["three", "four"]


def test_table_header_rows_alignment_and_ragged_rows() -> None:
    (table,) = parse("| Name | Value |\n|:--|--:|\n| a | **1** |\n| b |")
    assert isinstance(table, Table)
    assert [plain_text(cell) for cell in table.header] == ["Name", "Value"]
    assert [[plain_text(cell) for cell in row] for row in table.rows] == [["a", "1"], ["b", ""]]
    assert table.rows[0][1] == (Run("1", bold=True),)
    assert table.align == ("left", "right")


def test_soft_and_hard_breaks() -> None:
    (para,) = parse("one\ntwo\\\nthree")
    assert plain_text(para.runs) == "one two\nthree"


def test_number_headings_labels_sections_and_subsections() -> None:
    blocks = bl.number_headings(parse("# T\n\n## A\n\n### A1\n\n### A2\n\n## B\n\n### B1"))
    assert [plain_text(b.runs) for b in blocks if isinstance(b, Heading)] == [
        "T",
        "1. A",
        "1.1 A1",
        "1.2 A2",
        "2. B",
        "2.1 B1",
    ]


def test_empty_markdown_gives_no_blocks() -> None:
    assert parse("") == []
