"""Turn Markdown into a small typed block model that the DOCX and PDF writers share.

The writers never see markdown-it tokens: they see the blocks below, so both formats agree on what a
brief contains and each writer is a dispatch over a handful of types.

Markdown conventions (what the templates write, and what each becomes)
-----------------------------------------------------------------------
- The first ``# H1`` is the document title: ``Heading(level=0)`` (Word's "Title" style).
  ``##`` is a section, ``Heading(level=1)`` ("Heading 1"); ``###`` a subsection, ``Heading(level=2)``
  ("Heading 2"); ``####`` and deeper ``Heading(level=3)``. A later ``#`` is a section too.
- Paragraphs keep inline ``**bold**``, ``*italic*``, `` `code` `` and links as typed `Run`s.
  A soft line break is a space; a hard break (two spaces or a backslash at the end of a line) is "\\n".
- Bullet and ordered lists become `BulletList` / `OrderedList`; an item is a sequence of runs
  (a nested list is flattened into the items after its parent; several paragraphs in one item are
  joined with a line break).
- GFM pipe tables become `Table` (header cells, body rows, each cell a sequence of runs).
- ``[text](https://…)`` is an external link: ``Run.link`` holds the URL.
  ``[1](#src-1)`` is an internal link, a citation mark: ``Run.link == "#src-1"``; the writers show it
  as a small linked "[1]" that jumps to the anchor.
- Inline HTML ``<a id="src-1"></a>`` (or ``name=``) is an anchor, a jump target: an empty `Run` with
  ``anchor="src-1"`` (PDF destination, DOCX bookmark). An anchor alone on its line is attached to the
  start of the next block.
- The space before a citation mark becomes a no-break space, so a mark never starts a line alone.
- A citation whose anchor does not exist keeps its "[n]" mark but is not linked; a repeated anchor
  name keeps only its first place.
- HTML comments are directives:
  ``<!-- pagebreak -->`` → `PageBreak`; ``<!-- toc -->`` → `Contents` (a contents page / Word TOC
  field); ``<!-- small -->`` makes the next paragraph, list or table use the note size and the muted
  colour. Any other HTML (tags, unknown comments) is dropped; text that was escaped in the Markdown
  (``&lt;script&gt;``, ``\\*\\*``) stays literal text.
- A fenced block with the info string ``chart`` is a horizontal bar chart, `Chart`::

      ```chart
      title: Money figures (USD)
      Trade in 2021 | 3500000000 | $3.5 bn
      Imports, 2017 | 1500000000 | $1.5 bn
      note: Sources: [1], [3]
      ```

  one bar per line: the label, the value (a plain number: the bar's length) and, optionally, the
  text shown at the end of the bar (default: the value); a ``note:`` line is set under the chart.
  ``\\|`` is a literal "|" and other backslash escapes are undone, so template output escaped for
  Markdown reads as written. A line whose value is not a number is skipped; a chart with no bars is
  dropped.
- Other fenced and indented code becomes a paragraph of one code run; a block quote's paragraphs are kept as
  paragraphs; a thematic break (``---``) is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class Run:
    """A piece of inline text with one set of formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    """Target of a link: an external URL, or "#name" for an internal jump (a citation mark)."""
    anchor: str | None = None
    """Name of a jump target placed here (the run's text is then empty)."""

    @property
    def is_citation(self) -> bool:
        """True for an internal link, which the writers show as a small "[n]" mark."""
        return self.link is not None and self.link.startswith("#")


Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    """A heading: level 0 is the document title, 1 a section (##), 2 a subsection (###), 3 deeper."""

    level: int
    runs: Runs


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs; `small` means note size and muted colour."""

    runs: Runs
    small: bool = False


@dataclass(frozen=True)
class BulletList:
    """An unordered list; each item is a sequence of runs."""

    items: tuple[Runs, ...]
    small: bool = False


@dataclass(frozen=True)
class OrderedList:
    """A numbered list starting at `start`; each item is a sequence of runs."""

    items: tuple[Runs, ...]
    start: int = 1
    small: bool = False


@dataclass(frozen=True)
class Table:
    """A table with one header row; every cell is a sequence of runs; `align` per column."""

    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]
    align: tuple[str, ...] = ()
    """Per column: "left", "center" or "right"."""
    small: bool = False


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class Contents:
    """A table of contents for the headings of the document."""


@dataclass(frozen=True)
class Bar:
    """One bar of a chart."""

    label: str
    value: float
    shown: str
    """Text at the end of the bar."""


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: one bar per item, lengths proportional to the values."""

    title: str
    bars: tuple[Bar, ...]
    note: str = ""
    """A line under the chart, such as its sources."""


Block = Heading | Paragraph | BulletList | OrderedList | Table | PageBreak | Contents | Chart

NBSP = "\u00a0"
# Control characters (form feeds from PDF extraction, NULs) are invalid in XML and mean nothing on paper.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_DIRECTIVE = re.compile(r"<!--\s*([a-z-]+)\s*-->", re.IGNORECASE)
_ANCHOR = re.compile(r"""<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["'][^>]*>""", re.IGNORECASE)
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


# ---------------------------------------------------------------- inline: tokens -> runs


@dataclass
class _InlineState:
    bold: int = 0
    italic: int = 0
    link: list[str | None] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    def add(self, text: str, *, code: bool = False) -> None:
        text = _CONTROL.sub("", text)
        if not text:
            return
        run = Run(
            text,
            bold=self.bold > 0,
            italic=self.italic > 0,
            code=code,
            link=self.link[-1] if self.link else None,
        )
        last = self.runs[-1] if self.runs else None
        # Merge neighbours with the same formatting so writers emit fewer, longer runs.
        if last is not None and last.anchor is None and replace(last, text=run.text) == run:
            self.runs[-1] = replace(last, text=last.text + run.text)
        else:
            self.runs.append(run)


InlineRule = Callable[[_InlineState, Token], None]


def _text(state: _InlineState, token: Token) -> None:
    state.add(token.content)


def _code(state: _InlineState, token: Token) -> None:
    state.add(token.content, code=True)


def _softbreak(state: _InlineState, token: Token) -> None:
    state.add(" ")


def _hardbreak(state: _InlineState, token: Token) -> None:
    state.add("\n")


def _strong(delta: int) -> InlineRule:
    def rule(state: _InlineState, token: Token) -> None:
        state.bold += delta

    return rule


def _em(delta: int) -> InlineRule:
    def rule(state: _InlineState, token: Token) -> None:
        state.italic += delta

    return rule


def _link_open(state: _InlineState, token: Token) -> None:
    href = str(token.attrs.get("href", "")) or None
    state.link.append(href)


def _link_close(state: _InlineState, token: Token) -> None:
    if state.link:
        state.link.pop()


def _image(state: _InlineState, token: Token) -> None:
    # Images are not embedded yet; their alt text keeps the sentence readable.
    state.add(token.content or "".join(child.content for child in token.children or []))


def _html_inline(state: _InlineState, token: Token) -> None:
    match = _ANCHOR.match(token.content)
    if match:
        state.runs.append(Run("", anchor=match.group(1)))
    # Every other tag or comment is dropped: templates must not smuggle in formatting.


_INLINE_RULES: dict[str, InlineRule] = {
    "text": _text,
    "code_inline": _code,
    "softbreak": _softbreak,
    "hardbreak": _hardbreak,
    "strong_open": _strong(1),
    "strong_close": _strong(-1),
    "em_open": _em(1),
    "em_close": _em(-1),
    "link_open": _link_open,
    "link_close": _link_close,
    "image": _image,
    "html_inline": _html_inline,
}


def _ignore_inline(state: _InlineState, token: Token) -> None:
    """Fallback for inline tokens we do not know: keep their text, if any."""
    state.add(token.content)


def inline_runs(token: Token) -> Runs:
    """Turn one markdown-it `inline` token into runs."""
    state = _InlineState()
    for child in token.children or []:
        _INLINE_RULES.get(child.type, _ignore_inline)(state, child)
    return _strip(tuple(state.runs))


def _strip(runs: Runs) -> Runs:
    """Trim surrounding whitespace of the whole run sequence, keeping anchors."""
    items = list(runs)
    for index in (0, -1):
        for pos in range(len(items)) if index == 0 else range(len(items) - 1, -1, -1):
            run = items[pos]
            if run.anchor is not None:
                continue
            text = run.text.lstrip() if index == 0 else run.text.rstrip()
            items[pos] = replace(run, text=text)
            if text:
                break
    return tuple(run for run in items if run.text or run.anchor is not None)


# ---------------------------------------------------------------- blocks: tokens -> blocks


@dataclass
class _BlockState:
    tokens: list[Token]
    pos: int = 0
    blocks: list[Block] = field(default_factory=list)
    small_next: bool = False
    pending_anchors: list[Run] = field(default_factory=list)
    seen_title: bool = False

    def emit(self, block: Block) -> None:
        if self.pending_anchors:
            block = _with_anchors(block, tuple(self.pending_anchors))
            self.pending_anchors = []
        self.blocks.append(block)

    def take_small(self) -> bool:
        small, self.small_next = self.small_next, False
        return small


def _with_anchors(block: Block, anchors: Runs) -> Block:
    """Put anchors at the start of a block's first text (first item, first header cell)."""
    if isinstance(block, Heading | Paragraph):
        return replace(block, runs=anchors + block.runs)
    if isinstance(block, BulletList | OrderedList) and block.items:
        return replace(block, items=(anchors + block.items[0], *block.items[1:]))
    if isinstance(block, Table) and block.header:
        return replace(block, header=(anchors + block.header[0], *block.header[1:]))
    return block


BlockRule = Callable[[_BlockState, Token], None]


def _closing(state: _BlockState, open_type: str, close_type: str) -> list[Token]:
    """Return the tokens between the current `*_open` and its matching `*_close`; move past it."""
    depth = 0
    start = state.pos
    for index in range(start, len(state.tokens)):
        kind = state.tokens[index].type
        if kind == open_type:
            depth += 1
        elif kind == close_type:
            depth -= 1
            if depth == 0:
                state.pos = index + 1
                return state.tokens[start + 1 : index]
    state.pos = len(state.tokens)
    return state.tokens[start + 1 :]


def _heading(state: _BlockState, token: Token) -> None:
    inner = _closing(state, "heading_open", "heading_close")
    runs = _join_inline(inner)
    md_level = int(token.tag[1:])
    if md_level == 1 and not state.seen_title:
        level = 0
        state.seen_title = True
    else:
        level = min(max(md_level - 1, 1), 3)
    state.small_next = False
    state.emit(Heading(level, runs))


def _paragraph(state: _BlockState, token: Token) -> None:
    inner = _closing(state, "paragraph_open", "paragraph_close")
    runs = _join_inline(inner)
    if not any(run.text.strip() for run in runs):
        # A paragraph of only anchors (or dropped HTML) is no paragraph: keep its anchors for the next.
        state.pending_anchors.extend(run for run in runs if run.anchor is not None)
        return
    state.emit(Paragraph(runs, small=state.take_small()))


def _bullet_list(state: _BlockState, token: Token) -> None:
    items = _ordered_items(_closing(state, "bullet_list_open", "bullet_list_close"))
    if items:  # a list of empty items is no list
        state.emit(BulletList(items, small=state.take_small()))


def _ordered_list(state: _BlockState, token: Token) -> None:
    items = _ordered_items(_closing(state, "ordered_list_open", "ordered_list_close"))
    start = int(token.attrs.get("start", 1) or 1)
    if items:
        state.emit(OrderedList(items, start=start, small=state.take_small()))


def _ordered_items(inner: list[Token]) -> tuple[Runs, ...]:
    """Items in document order: a parent item first, then the items of a list nested in it."""
    items: list[list[Runs]] = []
    slots: list[int] = []
    for token in inner:
        if token.type == "list_item_open":
            items.append([])
            slots.append(len(items) - 1)
        elif token.type == "list_item_close" and slots:
            slots.pop()
        elif token.type == "inline" and slots:
            items[slots[-1]].append(inline_runs(token))
    result: list[Runs] = []
    for parts in items:
        joined: list[Run] = []
        for number, part in enumerate(parts):
            if number and part:
                joined.append(Run("\n"))
            joined.extend(part)
        if joined:
            result.append(tuple(joined))
    return tuple(result)


def _table(state: _BlockState, token: Token) -> None:
    inner = _closing(state, "table_open", "table_close")
    header: list[Runs] = []
    rows: list[list[Runs]] = []
    align: list[str] = []
    in_head = False
    for tok in inner:
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open" and not in_head:
            rows.append([])
        elif tok.type == "th_open":
            match = _ALIGN.search(str(tok.attrs.get("style", "")))
            align.append(match.group(1) if match else "left")
        elif tok.type == "inline":
            (header if in_head else rows[-1]).append(inline_runs(tok))
    width = len(header)
    body = tuple(tuple((row + [()] * width)[:width]) for row in rows)
    state.emit(Table(tuple(header), body, tuple(align), small=state.take_small()))


def _html_block(state: _BlockState, token: Token) -> None:
    state.pos += 1
    for match in _DIRECTIVE.finditer(token.content):
        name = match.group(1).lower()
        if name == "pagebreak":
            state.blocks.append(PageBreak())
        elif name == "toc":
            state.blocks.append(Contents())
        elif name == "small":
            state.small_next = True
    state.pending_anchors.extend(Run("", anchor=m.group(1)) for m in _ANCHOR.finditer(token.content))


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_ESCAPE = re.compile(r"\\(.)")


def parse_chart(text: str) -> Chart | None:
    """Turn the body of a ```chart block into a Chart (see the module docstring); None if no bars."""
    title = note = ""
    bars: list[Bar] = []
    for line in text.splitlines():
        line = _CONTROL.sub("", line).strip()
        if not line:
            continue
        if line.lower().startswith("title:") and not bars:
            title = _ESCAPE.sub(r"\1", line[6:].strip())
            continue
        if line.lower().startswith("note:"):
            note = _ESCAPE.sub(r"\1", line[5:].strip())
            continue
        parts = [_ESCAPE.sub(r"\1", part.strip()) for part in _UNESCAPED_PIPE.split(line)]
        if len(parts) < 2:
            continue
        try:
            value = float(parts[1].replace(",", ""))
        except ValueError:
            continue
        if value != value or value in (float("inf"), float("-inf")):
            continue
        shown = parts[2] if len(parts) > 2 and parts[2] else f"{value:,g}"
        bars.append(Bar(parts[0], value, shown))
    return Chart(title, tuple(bars), note) if bars else None


def _code_block(state: _BlockState, token: Token) -> None:
    state.pos += 1
    if token.type == "fence" and token.info.strip().lower() == "chart":
        chart = parse_chart(token.content)
        if chart is not None:
            state.small_next = False
            state.emit(chart)
        return
    text = token.content.rstrip("\n")
    if text:
        state.emit(Paragraph((Run(text, code=True),), small=state.take_small()))


def _skip(state: _BlockState, token: Token) -> None:
    """Tokens that carry no content of their own (block quote and rule markers)."""
    state.pos += 1


_BLOCK_RULES: dict[str, BlockRule] = {
    "heading_open": _heading,
    "paragraph_open": _paragraph,
    "bullet_list_open": _bullet_list,
    "ordered_list_open": _ordered_list,
    "table_open": _table,
    "html_block": _html_block,
    "fence": _code_block,
    "code_block": _code_block,
    "blockquote_open": _skip,
    "blockquote_close": _skip,
    "hr": _skip,
}


def _unknown_block(state: _BlockState, token: Token) -> None:
    """Fallback: an unknown block token with inline content becomes a paragraph; others are skipped."""
    state.pos += 1
    if token.type == "inline":
        runs = inline_runs(token)
        if runs:
            state.emit(Paragraph(runs, small=state.take_small()))


def _join_inline(tokens: Sequence[Token]) -> Runs:
    runs: list[Run] = []
    for token in tokens:
        if token.type == "inline":
            runs.extend(inline_runs(token))
    return tuple(runs)


def parse(markdown: str) -> list[Block]:
    """Turn a Markdown string into blocks, following the conventions in this module's docstring."""
    state = _BlockState(_parser().parse(markdown))
    while state.pos < len(state.tokens):
        token = state.tokens[state.pos]
        _BLOCK_RULES.get(token.type, _unknown_block)(state, token)
    if state.pending_anchors:
        state.blocks.append(Paragraph(tuple(state.pending_anchors)))
    return _resolve_links(state.blocks)


def _map_runs(block: Block, change: Callable[[Runs], Runs]) -> Block:
    """Apply `change` to every run sequence of a block (its runs, items or cells)."""
    if isinstance(block, Heading | Paragraph):
        return replace(block, runs=change(block.runs))
    if isinstance(block, BulletList | OrderedList):
        return replace(block, items=tuple(change(item) for item in block.items))
    if isinstance(block, Table):
        return replace(
            block,
            header=tuple(change(cell) for cell in block.header),
            rows=tuple(tuple(change(cell) for cell in row) for row in block.rows),
        )
    return block


def _resolve_links(blocks: list[Block]) -> list[Block]:
    """Keep the first anchor of each name; a citation to a missing anchor keeps its mark but loses the link.

    A jump to nowhere is an error in a PDF and a dead link in Word; a repeated bookmark name is invalid.
    """
    seen: set[str] = set()

    def dedupe(runs: Runs) -> Runs:
        kept: list[Run] = []
        for run in runs:
            if run.anchor is not None:
                if run.anchor in seen:
                    continue
                seen.add(run.anchor)
            kept.append(run)
        return tuple(kept)

    def unlink(runs: Runs) -> Runs:
        return tuple(
            replace(run, text=citation_label(run.text), link=None)
            if run.is_citation and (run.link or "#")[1:] not in seen
            else run
            for run in runs
        )

    blocks = [_map_runs(block, dedupe) for block in blocks]
    return [_map_runs(_map_runs(block, unlink), _glue_citations) for block in blocks]


def _glue_citations(runs: Runs) -> Runs:
    """Make the space before a citation mark non-breaking, so a mark never starts a line alone."""
    glued = list(runs)
    for index in range(1, len(glued)):
        run, before = glued[index], glued[index - 1]
        if run.is_citation and before.text.endswith(" ") and not before.text.endswith("  "):
            glued[index - 1] = replace(before, text=before.text[:-1] + NBSP)
    return tuple(glued)


def plain_text(runs: Runs) -> str:
    """The visible text of runs, as a reader would copy it (citation marks shown as "[n]")."""
    return "".join(citation_label(run.text) if run.is_citation else run.text for run in runs)


def citation_label(text: str) -> str:
    """The mark shown for a citation link: "1" becomes "[1]"; text already in brackets is kept."""
    text = text.strip()
    return text if text.startswith("[") else f"[{text}]"


def number_headings(blocks: Sequence[Block]) -> list[Block]:
    """Prefix sections and subsections with "1.", "1.1" …; the title, deeper headings and subsections
    before the first section are left alone."""
    result: list[Block] = []
    counters = [0, 0]
    for block in blocks:
        if isinstance(block, Heading) and (block.level == 1 or (block.level == 2 and counters[0])):
            if block.level == 1:
                counters = [counters[0] + 1, 0]
                label = f"{counters[0]}. "
            else:
                counters[1] += 1
                label = f"{counters[0]}.{counters[1]} "
            first_text = next((i for i, run in enumerate(block.runs) if run.anchor is None), len(block.runs))
            runs = (*block.runs[:first_text], Run(label), *block.runs[first_text:])
            block = Heading(block.level, runs)
        result.append(block)
    return result
