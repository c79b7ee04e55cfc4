"""Turn blocks into PDF bytes with reportlab's platypus: styled flowables, outline, contents, page furniture.

Each block type maps through `_WRITERS` to a function returning flowables; an unknown type goes to
`_fallback`. Headings become `_HeadingParagraph`s, which the document template turns into outline
bookmarks (always) and contents entries (when a `Contents` block asks for a contents page, built with
`multiBuild`). Header and footer are drawn by a page callback; when they show "{pages}", a
`_PageTotal` indexing flowable makes `multiBuild` run a counting pass first ("Page X of Y").
Output is deterministic: reportlab's invariant mode, and the creation date taken from `Meta.created`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from briefing.render import blocks as bl
from briefing.render import fonts, rtl
from briefing.render.measure import column_widths
from briefing.render.style import (
    CELL_PADDING_PT,
    HEADER_DISTANCE,
    Meta,
    Style,
    boxes,
    furniture_parts,
    logo_size_mm,
    page_size_mm,
    tint,
)

CONTENTS_TITLE = "Contents"
LIST_INDENT_EM = 1.6
"""Left indent of list items, in ems of the list's type size."""


# ---------------------------------------------------------------- paragraph styles


class _Styles:
    """Every ParagraphStyle the writer uses, derived once from a Style, and the frame's width."""

    def __init__(self, style: Style, width: float, height: float, has_sections: bool) -> None:
        self.style = style
        self.width = width
        """Width of the text frame in points (tables span it)."""
        self.height = height
        """Height of the text frame in points (a table row taller than this must split)."""
        self.has_sections = has_sections
        """Whether any section heading exists (else a contents page would be empty)."""
        # Italic faces and the Arabic family are registered when text needs them (see `markup`):
        # parsing a font file costs milliseconds, and unused faces add nothing to the PDF.
        self.font = fonts.register(style.font_family, fonts.UPRIGHT)
        self.arabic = fonts.family(fonts.ARABIC_FAMILY).base
        self.bold_font = fonts.face_name(fonts.family(style.font_family), "bold")
        self.accent = colors.HexColor(style.accent_color)
        self.text = colors.HexColor(style.text_color)
        self.muted = colors.HexColor(style.muted_color)
        self.rule = colors.HexColor(tint(style.accent_color, 0.55))
        self.grid = colors.HexColor("#D0D4DA")
        self.header_fill = colors.HexColor(tint(style.accent_color, 0.14))
        self.zebra = colors.HexColor("#F4F6F9")
        box = boxes(style)

        def make(name: str, kind: str, **extra: Any) -> ParagraphStyle:
            metrics = box[kind]
            settings: dict[str, Any] = {
                "fontName": self.font,
                "textColor": self.text,
                "fontSize": metrics.size,
                "leading": metrics.leading,
                "spaceBefore": metrics.before,
                "spaceAfter": metrics.after,
            }
            settings.update(extra)
            return ParagraphStyle(name, **settings)

        bold, accent = self.bold_font, self.accent
        self.body = make("body", "body")
        self.small = make("small", "small", textColor=self.muted)
        self.item = make("item", "item")
        self.small_item = make("small_item", "small_item", textColor=self.muted)
        self.title = make("title", "title", fontName=bold, textColor=accent)
        self.headings = {
            1: make("h1", "h1", fontName=bold, textColor=accent),
            2: make("h2", "h2", fontName=bold, textColor=accent),
            3: make("h3", "h3", fontName=bold),
        }
        self.table_gap = box["table_gap"].after
        self.headings[0] = self.title
        self.cell = make("cell", "cell")
        self.header_cell = make("header_cell", "cell", fontName=bold, textColor=accent)
        self.small_cell = make("small_cell", "small_cell", textColor=self.muted)
        self.toc_levels = [
            make("toc1", "item", spaceAfter=0, leftIndent=0, firstLineIndent=0),
            make("toc2", "item", spaceAfter=0, leftIndent=style.body_pt * 1.5, firstLineIndent=0),
        ]

    def aligned(self, base: ParagraphStyle, align: str) -> ParagraphStyle:
        """A copy of `base` with a table column's alignment."""
        alignment = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}.get(align, TA_LEFT)
        if alignment == base.alignment:
            return base
        return ParagraphStyle(f"{base.name}-{align}", parent=base, alignment=alignment)


# ---------------------------------------------------------------- inline markup


def _escape(text: str, entities: dict[str, str] | None = None) -> str:
    """Escape &, < and > (and any `entities`) for reportlab markup, as xml.sax.saxutils.escape does.

    Defined here because importing xml.sax.saxutils imports urllib.request, ssl and http.client.
    """
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        text = text.replace(key, value)
    return text


def _font_segments(text: str, arabic_font: str) -> str:
    """Escape text for reportlab markup, switching Arabic-script stretches to the Arabic font."""
    out: list[str] = []
    for segment, is_arabic in fonts.split_arabic(text):
        # reportlab draws left to right without joining letters: shape and reorder first.
        piece = _escape(rtl.visual(segment) if is_arabic else segment).replace("\n", "<br/>")
        if is_arabic:
            fonts.register(fonts.ARABIC_FAMILY)
            piece = f'<font face="{arabic_font}">{piece}</font>'
        out.append(piece)
    return "".join(out)


def markup(runs: bl.Runs, styles: _Styles, size: float) -> str:
    """Turn runs into reportlab paragraph markup (bold, italic, links, citation marks, anchors)."""
    accent = styles.style.accent_color
    parts: list[str] = []
    for run in runs:
        if run.anchor is not None:
            parts.append(f'<a name="{_attr(run.anchor)}"/>')
            continue
        if run.is_citation:
            label = _font_segments(bl.citation_label(run.text), styles.arabic)
            href = _attr(run.link or "")
            mark_size = max(size * 0.8, 5)
            parts.append(f'<a href="{href}" color="{accent}"><font size="{mark_size:.2f}">{label}</font></a>')
            continue
        text = _font_segments(run.text, styles.arabic)
        if run.code:
            text = f'<font color="#333333" backColor="#F0F0F0">{text}</font>'
        if run.italic:
            fonts.register(styles.style.font_family)  # the italic faces, on first use
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        if run.link:
            text = f'<a href="{_attr(run.link)}" color="{accent}"><u>{text}</u></a>'
        parts.append(text)
    return "".join(parts)


def _attr(value: str) -> str:
    """Escape a value for a double-quoted markup attribute."""
    return _escape(value, {'"': "&quot;"})


# ---------------------------------------------------------------- flowables


class _HeadingParagraph(Paragraph):
    """A heading that the document template records in the outline and contents; may draw a rule."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, label: str, rule: Any = None) -> None:
        super().__init__(text, style)
        self.level = level
        self.label = label
        self.rule_color = rule

    def draw(self) -> None:
        super().draw()
        if self.rule_color is not None:
            # A thin accent rule just under the section title (the paragraph's own box ends at y=0).
            canvas = self.canv
            canvas.saveState()
            canvas.setStrokeColor(self.rule_color)
            canvas.setLineWidth(0.6)
            y = -self.style.fontSize * 0.3
            canvas.line(0, y, self.width, y)
            canvas.restoreState()


class _Doc(BaseDocTemplate):
    """Records headings in the PDF outline (always) and in the contents (when there is one)."""

    def __init__(self, buffer: io.BytesIO, **kwargs: Any) -> None:
        super().__init__(buffer, **kwargs)
        self._heading_count = 0
        self._outline_level = -1
        self.free_after_last = 0.0
        """Height left in the frame after the last flowable placed (points): the room on the last page."""

    def beforeDocument(self) -> None:
        # multiBuild runs several passes: keys must restart so every pass names headings alike.
        self._heading_count = 0
        self._outline_level = -1

    def afterFlowable(self, flowable: Flowable) -> None:
        frame = getattr(self, "frame", None)
        if frame is not None:
            self.free_after_last = max(float(frame._y - frame._y1p), 0.0)
        if not isinstance(flowable, _HeadingParagraph) or flowable.level < 0:
            return  # level -1: a heading of the renderer's own (Contents), not listed
        self._heading_count += 1
        key = f"h{self._heading_count:04d}"
        self.canv.bookmarkHorizontal(key, 0, flowable.height)
        # The title is a top-level entry like the sections. PDF outlines cannot skip a level, so a
        # subsection with no section before it moves up.
        outline_level = min(max(flowable.level - 1, 0), self._outline_level + 1)
        self._outline_level = outline_level
        self.canv.addOutlineEntry(flowable.label, key, level=outline_level, closed=False)
        if flowable.level in (1, 2):
            self.notify("TOCEntry", (flowable.level - 1, flowable.label, self.page, key))


Writer = Callable[[Any, _Styles], list[Flowable]]


def _heading(block: bl.Heading, styles: _Styles) -> list[Flowable]:
    style = styles.headings.get(block.level, styles.headings[3])
    rule = styles.rule if block.level == 1 else None
    label = bl.plain_text(block.runs).strip() or " "
    return [_HeadingParagraph(markup(block.runs, styles, style.fontSize), style, block.level, label, rule)]


def _paragraph(block: bl.Paragraph, styles: _Styles) -> list[Flowable]:
    style = styles.small if block.small else styles.body
    return [Paragraph(markup(block.runs, styles, style.fontSize), style)]


def _list(block: bl.BulletList | bl.OrderedList, styles: _Styles) -> list[Flowable]:
    style = styles.small if block.small else styles.body
    item_style = styles.small_item if block.small else styles.item
    items = [ListItem(Paragraph(markup(runs, styles, style.fontSize), item_style)) for runs in block.items]
    common: dict[str, Any] = {
        "bulletFontName": styles.font,
        "bulletFontSize": style.fontSize,
        "bulletColor": styles.accent,
        "leftIndent": style.fontSize * LIST_INDENT_EM,
        # The last item's own space plus this makes the list end with a paragraph's space after.
        "spaceAfter": style.spaceAfter - item_style.spaceAfter,
    }
    if isinstance(block, bl.OrderedList):
        flow = ListFlowable(items, bulletType="1", start=str(block.start), bulletFormat="%s.", **common)
    else:
        flow = ListFlowable(items, bulletType="bullet", start="\u2022", **common)
    return [flow]


def _table(block: bl.Table, styles: _Styles) -> list[Flowable]:
    body_style = styles.small_cell if block.small else styles.cell
    head_style = styles.header_cell
    count = len(block.header)
    align = list(block.align) + ["left"] * (count - len(block.align))
    data: list[list[Flowable]] = [
        [
            Paragraph(markup(cell, styles, head_style.fontSize), styles.aligned(head_style, align[i]))
            for i, cell in enumerate(block.header)
        ]
    ]
    for row in block.rows:
        data.append(
            [
                Paragraph(markup(cell, styles, body_style.fontSize), styles.aligned(body_style, align[i]))
                for i, cell in enumerate(row)
            ]
        )
    texts = [[bl.plain_text(cell) for cell in row] for row in (block.header, *block.rows)]
    widths = column_widths(texts, styles.width, styles.font, body_style.fontSize)
    table = Table(data, colWidths=widths, repeatRows=1, splitByRow=1, hAlign="LEFT")
    # Rows never split across pages, except a row taller than a whole page, which could not be placed.
    table.wrap(styles.width, styles.height)
    if max(table._rowHeights, default=0) + sum(table._rowHeights[:1]) > styles.height * 0.9:
        table.splitInRow = 1
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING_PT[0]),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING_PT[1]),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING_PT[2]),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING_PT[3]),
        ("BACKGROUND", (0, 0), (-1, 0), styles.header_fill),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, styles.accent),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, styles.accent),
    ]
    if block.rows:
        commands += [
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, styles.zebra]),
            ("LINEBELOW", (0, 1), (-1, -2), 0.25, styles.grid),
        ]
    table.setStyle(TableStyle(commands))
    return [table, Spacer(1, styles.table_gap)]


def _page_break(block: bl.PageBreak, styles: _Styles) -> list[Flowable]:
    return [PageBreak()]


def _contents(block: bl.Contents, styles: _Styles) -> list[Flowable]:
    if not styles.has_sections:
        return []  # an empty contents would show reportlab's placeholder text
    padding = styles.style.body_pt * 0.25
    table_style = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ]
    )
    toc = TableOfContents(levelStyles=styles.toc_levels, dotsMinLevel=0, tableStyle=table_style)
    heading = _HeadingParagraph(_escape(CONTENTS_TITLE), styles.headings[1], -1, CONTENTS_TITLE, styles.rule)
    return [heading, toc, PageBreak()]


def _chart(block: bl.Chart, styles: _Styles) -> list[Flowable]:
    """A horizontal bar chart drawn with reportlab graphics, from the layout the DOCX shares."""
    from reportlab.graphics.shapes import Drawing, Rect, String

    from briefing.render import chart

    placed = chart.layout(block, styles.style, styles.width)
    drawing = Drawing(placed.width, placed.height)
    for shape in placed.shapes:
        if isinstance(shape, chart.Rect):
            top = placed.height - shape.y - shape.height
            color = colors.HexColor(shape.color)
            drawing.add(Rect(shape.x, top, shape.width, shape.height, fillColor=color, strokeColor=None))
        else:
            drawing.add(
                String(
                    shape.x,
                    placed.height - shape.y,
                    shape.text,
                    fontName=chart.font_name(styles.style, shape.bold),
                    fontSize=shape.size,
                    fillColor=colors.HexColor(shape.color),
                    textAnchor=shape.anchor,
                )
            )
    return [drawing, Spacer(1, styles.table_gap)]


def _fallback(block: object, styles: _Styles) -> list[Flowable]:
    """A block type this writer does not know: skip it rather than fail the whole brief."""
    return []


_WRITERS: dict[type, Writer] = {
    bl.Heading: _heading,
    bl.Paragraph: _paragraph,
    bl.BulletList: _list,
    bl.OrderedList: _list,
    bl.Table: _table,
    bl.PageBreak: _page_break,
    bl.Contents: _contents,
    bl.Chart: _chart,
}


# ---------------------------------------------------------------- page furniture


def _furniture(text: str, meta: Meta, page: int, pages: int) -> list[str]:
    """Header/footer parts (left, centre, right) with every placeholder filled."""
    return [
        part.replace("{page}", str(page)).replace("{pages}", str(pages))
        for part in furniture_parts(text, meta.title, meta.date)
    ]


class _PageTotal(Flowable):
    """A zero-size indexing flowable: multiBuild runs another pass until the page total is stable.

    The header and footer need "of Y" on every page; the first pass counts the pages, the second
    draws them. (A canvas that defers showPage would avoid the pass but breaks link destinations.)
    """

    def __init__(self, doc: BaseDocTemplate) -> None:
        super().__init__()
        self.doc = doc
        self.total = 0
        self._previous = -1

    def isIndexing(self) -> int:
        return 1

    def beforeBuild(self) -> None:
        self._previous = self.total

    def afterBuild(self) -> None:
        self.total = self.doc.page

    def isSatisfied(self) -> bool:
        return self.total == self._previous

    def notify(self, kind: str, stuff: object) -> None:
        """Indexing flowables receive every notification (TOC entries); this one needs none."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass


def _canvas_class(meta: Meta) -> type[Canvas]:
    """A canvas that stamps the caller's fixed timestamp as creation and modification date."""
    created = _pdf_date(meta.created)

    class FixedDateCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.setDateFormatter(lambda *_: created)

    return FixedDateCanvas


def _on_page(style: Style, meta: Meta, styles: _Styles, total: _PageTotal) -> Callable[[Canvas, Any], None]:
    """The page callback that draws header and footer (muted, note size) outside the text frame."""
    top, right, bottom, left = (value * mm for value in style.margins_mm)
    logo = logo_size_mm(style)

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize
        page = canvas.getPageNumber()
        pages = total.total or page
        if page == 1 and styles.has_sections:
            canvas.showOutline()  # open the bookmarks pane: the outline is the document's map
        canvas.saveState()
        canvas.setFillColor(styles.muted)
        logo_gap = 0.0
        if logo is not None:
            logo_w, logo_h = logo[0] * mm, logo[1] * mm
            logo_top = height - top * HEADER_DISTANCE
            canvas.drawImage(
                style.logo, width - right - logo_w, logo_top - logo_h, logo_w, logo_h, mask="auto"
            )
            logo_gap = logo_w + 2 * mm
        for text, y in ((style.header, height - top * 0.55), (style.footer, bottom * 0.45)):
            if not text:
                continue
            parts = _furniture(text, meta, page, pages)
            # The header's right part ends where the logo begins.
            right_x = width - right - (logo_gap if text is style.header else 0.0)
            for part, x, where in zip(
                parts, (left, width / 2, right_x), ("left", "center", "right"), strict=False
            ):
                _draw_text(canvas, styles, part, x, y, style.note_pt, where)
        canvas.restoreState()

    return draw


def _draw_text(
    canvas: Canvas, styles: _Styles, text: str, x: float, y: float, size: float, where: str
) -> None:
    """Draw one line of plain text, Arabic-script stretches in the Arabic font, aligned at x."""
    pieces = [(rtl.visual(piece) if arabic else piece, arabic) for piece, arabic in fonts.split_arabic(text)]
    if any(arabic for _, arabic in pieces):
        fonts.register(fonts.ARABIC_FAMILY)
    faces = [styles.arabic if arabic else styles.font for _, arabic in pieces]
    width = sum(stringWidth(piece, face, size) for (piece, _), face in zip(pieces, faces, strict=True))
    start = {"left": x, "center": x - width / 2, "right": x - width}[where]
    for (piece, _), face in zip(pieces, faces, strict=True):
        canvas.setFont(face, size)
        canvas.drawString(start, y, piece)
        start += stringWidth(piece, face, size)


def _pdf_date(created: datetime) -> str:
    """Format a timestamp as a PDF date string in UTC."""
    if created.tzinfo is not None:
        created = created.astimezone(UTC)
    return created.strftime("D:%Y%m%d%H%M%S+00'00'")


# ---------------------------------------------------------------- document


def _first_lines_height(block: bl.Block, flowables: list[Flowable], styles: _Styles, width: float) -> float:
    """Height of the start of a block that a heading must not be parted from: two lines of a
    paragraph, a table's header and first row, or a list's first item."""
    if not flowables:
        return 0.0
    first = flowables[0]
    if isinstance(block, bl.BulletList | bl.OrderedList) and block.items:
        style = styles.small if block.small else styles.body
        item = Paragraph(markup(block.items[0], styles, style.fontSize), style)
        _, height = item.wrap(width - style.fontSize * LIST_INDENT_EM, 10_000)
        return float(min(height, 2 * style.leading))
    if isinstance(first, Table | Paragraph):
        _, height = first.wrap(width, 10_000)
        if isinstance(first, Table):
            return float(sum((first._rowHeights or [height])[:2]))
        return float(min(height, 2 * first.style.leading))
    return 0.0


def _keep_headings_with_next(
    blocks: list[bl.Block], parts: list[list[Flowable]], styles: _Styles, width: float
) -> list[Flowable]:
    """Put a conditional page break before each run of headings so they start a page with the first
    lines of what follows.

    reportlab's keepWithNext would wrap heading and next block in a KeepTogether, which moves a long
    table wholesale to the next page (leaving a gap) and does not group a heading with a list at all.
    """
    story: list[Flowable] = []
    index = 0
    while index < len(blocks):
        if isinstance(blocks[index], bl.Heading):
            end = index
            while end < len(blocks) and isinstance(blocks[end], bl.Heading):
                end += 1
            needed = 0.0
            for heading_parts in parts[index:end]:
                for flowable in heading_parts:
                    _, height = flowable.wrap(width, 10_000)
                    needed += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
            if end < len(blocks):
                needed += _first_lines_height(blocks[end], parts[end], styles, width)
            story.append(CondPageBreak(needed))
            for heading_parts in parts[index:end]:
                story.extend(heading_parts)
            index = end
            continue
        story.extend(parts[index])
        index += 1
    return story


def _tidy(blocks: list[bl.Block]) -> list[bl.Block]:
    """Drop page breaks that would make blank pages: leading, repeated, after contents, trailing."""
    result: list[bl.Block] = []
    for block in blocks:
        if isinstance(block, bl.PageBreak) and (
            not result or isinstance(result[-1], bl.PageBreak | bl.Contents)
        ):
            continue
        result.append(block)
    while result and isinstance(result[-1], bl.PageBreak):
        result.pop()
    return result


def write(blocks: Sequence[bl.Block], style: Style, meta: Meta) -> bytes:
    """Render blocks to PDF bytes."""
    return write_measured(blocks, style, meta)[0]


def write_measured(blocks: Sequence[bl.Block], style: Style, meta: Meta) -> tuple[bytes, float, float]:
    """Render blocks to PDF bytes; also return the room left on the last page and the frame's height
    (points), so a caller fitting a brief to its pages knows how close it came."""
    width_mm, height_mm = page_size_mm(style)
    page_w, page_h = width_mm * mm, height_mm * mm
    top, right, bottom, left = (value * mm for value in style.margins_mm)
    has_sections = any(isinstance(b, bl.Heading) and b.level in (1, 2) for b in blocks)
    styles = _Styles(style, page_w - left - right, page_h - top - bottom, has_sections)
    buffer = io.BytesIO()
    doc = _Doc(
        buffer,
        pagesize=(page_w, page_h),
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        creator="briefing",
        invariant=1,
    )
    frame = Frame(
        left,
        bottom,
        page_w - left - right,
        page_h - top - bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    total = _PageTotal(doc)
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=_on_page(style, meta, styles, total))]
    )
    ordered = _tidy(bl.number_headings(blocks) if style.numbered_headings else list(blocks))
    parts = [_WRITERS.get(type(block), _fallback)(block, styles) for block in ordered]
    story = _keep_headings_with_next(ordered, parts, styles, styles.width)
    if not story:
        story.append(Spacer(1, 1))
    canvas_class = _canvas_class(meta)
    needs_total = "{pages}" in style.header + style.footer
    if needs_total or any(isinstance(block, bl.Contents) for block in ordered):
        if needs_total:
            story.insert(0, total)
        doc.multiBuild(story, canvasmaker=canvas_class)
    else:
        doc.build(story, canvasmaker=canvas_class)
    return buffer.getvalue(), doc.free_after_last, styles.height
