"""Turn blocks into DOCX bytes with python-docx, using Word's built-in styles so an analyst can restyle.

The title uses "Title", sections "Heading 1", subsections "Heading 2", lists "List Bullet" and
"List Number", tables "Medium List 1 Accent 1" (recoloured to the accent) with a repeated, shaded
header row. The built-in styles are set from the template's Style (font, sizes, colours, spacing)
rather than overridden run by run, so changing a style in Word changes the whole brief. Each block
type maps through `_WRITERS` to a function; an unknown type goes to `_fallback`. Raw-XML
workarounds live in `ooxml`.

Output is deterministic: core properties come from `Meta`, and the zip is rewritten with fixed member
dates in a stable order (python-docx stamps the current time on zip members).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.parfmt import ParagraphFormat

from briefing.render import blocks as bl
from briefing.render import fonts, ooxml
from briefing.render.measure import column_widths
from briefing.render.style import (
    CELL_PADDING_PT,
    HEADER_DISTANCE,
    Box,
    Meta,
    Style,
    boxes,
    furniture_parts,
    hex_rgb,
    logo_size_mm,
    page_size_mm,
    tint,
)

TABLE_STYLE = "Medium List 1 Accent 1"
ZEBRA = "F4F6F9"
CONTENTS_TITLE = "Contents"
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h'
TOC_PLACEHOLDER = "Right-click to update the table of contents."
CODE_FONT = "Courier New"
_HEADING_STYLES = {0: "Title", 1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}


@dataclass
class _Writer:
    """The document being written and what the next block needs to know."""

    document: Document
    style: Style
    boxes: dict[str, Box]
    page_break_pending: bool = False
    has_sections: bool = True
    bookmark_count: int = 0
    style_ids: dict[str, str | None] = field(default_factory=dict)
    """Paragraph style name → style id (None for the default style), looked up once per document."""

    def paragraph(self, style_name: str | None = None) -> Paragraph:
        """Add a paragraph, carrying a pending page break as "page break before" (no blank line)."""
        paragraph = self.document.add_paragraph()
        if style_name is not None:
            # What `paragraph.style = style_name` does, minus python-docx's scan of every style for
            # the default one on each call (a third of the writer's time).
            if style_name not in self.style_ids:
                self.style_ids[style_name] = self.document.styles.get_style_id(
                    style_name, WD_STYLE_TYPE.PARAGRAPH
                )
            paragraph._p.style = self.style_ids[style_name]
        if self.page_break_pending:
            paragraph.paragraph_format.page_break_before = True
            # Word keeps space-before after a hard break; the PDF drops it at the top of a page.
            paragraph.paragraph_format.space_before = Pt(0)
            self.page_break_pending = False
        return paragraph

    def next_bookmark_id(self) -> int:
        """Bookmark ids are counted from 1 in document order, so output is deterministic."""
        self.bookmark_count += 1
        return self.bookmark_count


def _rgb(color: str) -> RGBColor:
    return RGBColor(*hex_rgb(color))


def _hex(color: str) -> str:
    return color.strip().lstrip("#").upper()


# ---------------------------------------------------------------- styles


def _setup_styles(document: Document, style: Style) -> None:
    """Set Word's built-in styles from the template's Style."""
    latin = style.font_family
    styles = document.styles
    ooxml.set_fonts(ooxml.default_run_properties(styles.element), latin, fonts.ARABIC_FAMILY)
    box = boxes(style)

    normal = styles["Normal"]
    normal.font.name = latin
    normal.font.size = Pt(style.body_pt)
    normal.font.color.rgb = _rgb(style.text_color)
    ooxml.set_fonts(normal.element.get_or_add_rPr(), latin, fonts.ARABIC_FAMILY)
    _apply_box(normal.paragraph_format, box["body"])

    # Heading 1 has a rule below (2 pt gap + 0.75 pt line) that the PDF draws inside its space-after.
    rule_height = 2.75
    for name, kind in (("Title", "title"), ("Heading 1", "h1"), ("Heading 2", "h2"), ("Heading 3", "h3")):
        heading = styles[name]
        heading.font.name = latin
        heading.font.size = Pt(box[kind].size)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = _rgb(style.accent_color if name != "Heading 3" else style.text_color)
        ooxml.set_fonts(heading.element.get_or_add_rPr(), latin, fonts.ARABIC_FAMILY)
        ooxml.remove_theme_color(heading)
        fmt = heading.paragraph_format
        _apply_box(fmt, box[kind])
        if name == "Heading 1":
            fmt.space_after = Pt(max(box[kind].after - rule_height, 0))
        fmt.keep_with_next = True
    ooxml.recolor_table_style(styles[TABLE_STYLE], _hex(style.accent_color), ZEBRA)
    ooxml.table_cell_margins(styles[TABLE_STYLE], *CELL_PADDING_PT)
    ooxml.bottom_border(styles["Title"], "")
    ooxml.bottom_border(styles["Heading 1"], _hex(tint(style.accent_color, 0.55)))

    for name in ("List Bullet", "List Number"):
        ooxml.drop_contextual_spacing(styles[name])
        _apply_box(styles[name].paragraph_format, box["item"])


def _apply_box(fmt: ParagraphFormat, box: Box) -> None:
    """Set a paragraph format's spacing and exact line pitch from shared metrics."""
    fmt.space_before = Pt(box.before)
    fmt.space_after = Pt(box.after)
    fmt.line_spacing = Pt(box.leading)


def _setup_page(document: Document, style: Style, meta: Meta) -> None:
    """Page size, orientation, margins, header and footer."""
    width, height = page_size_mm(style)
    top, right, bottom, left = style.margins_mm
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if style.orientation == "landscape" else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = Mm(top * HEADER_DISTANCE)
    section.footer_distance = Mm(bottom * 0.35)
    text_width = Mm(width - left - right)
    for name in ("Header", "Footer"):
        # The built-in styles carry tab stops for a Letter page; put them at this page's centre and edge.
        furniture = document.styles[name]
        furniture.font.size = Pt(style.note_pt)
        furniture.font.color.rgb = _rgb(style.muted_color)
        tabs = furniture.paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(text_width // 2, WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
        furniture.paragraph_format.space_after = Pt(0)
    logo = logo_size_mm(style)
    for text, part in ((style.header, section.header), (style.footer, section.footer)):
        part.is_linked_to_previous = False
        # A reference document may bring header text of its own: the template's replaces it.
        for extra in part.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        paragraph = part.paragraphs[0].clear()
        if text:
            _furniture(paragraph, text, meta)
        if logo is not None and part is section.header:
            # At the right tab stop, after the header's right part; exact line pitch would clip it.
            paragraph.paragraph_format.line_spacing = 1.0
            parts = len(furniture_parts(text, meta.title, meta.date)) if text else 1
            paragraph.add_run("\t" * (3 - parts) + " ")
            paragraph.add_run().add_picture(style.logo, width=Mm(logo[0]), height=Mm(logo[1]))


def _furniture(paragraph: Paragraph, text: str, meta: Meta) -> None:
    """Header/footer text split at " | " into left, centre and right parts; {page} and {pages} as fields."""
    parts = furniture_parts(text, meta.title, meta.date)
    for index, part in enumerate(parts):
        if index:
            paragraph.add_run("\t")
        for piece in _split_fields(part):
            if piece == "{page}":
                ooxml.add_field(paragraph, "PAGE", "1")
            elif piece == "{pages}":
                ooxml.add_field(paragraph, "NUMPAGES", "1")
            else:
                paragraph.add_run(piece)


def _split_fields(text: str) -> list[str]:
    pieces: list[str] = []
    rest = text
    while rest:
        positions = [(rest.find(token), token) for token in ("{page}", "{pages}") if token in rest]
        if not positions:
            pieces.append(rest)
            break
        pos, token = min(positions)
        if pos:
            pieces.append(rest[:pos])
        pieces.append(token)
        rest = rest[pos + len(token) :]
    return pieces


# ---------------------------------------------------------------- inline runs


def _add_runs(
    writer: _Writer, paragraph: Paragraph, runs: bl.Runs, size: float | None, color: str | None
) -> None:
    """Append runs to a paragraph: formatting, external hyperlinks, citation marks, bookmarks."""
    style = writer.style
    for item in runs:
        if item.anchor is not None:
            ooxml.add_bookmark(paragraph, item.anchor, writer.next_bookmark_id())
            continue
        if item.is_citation:
            run = ooxml.add_hyperlink(paragraph, bl.citation_label(item.text), anchor=(item.link or "#")[1:])
            run.font.size = Pt((size or style.body_pt) * 0.8)
            run.font.color.rgb = _rgb(style.accent_color)
            continue
        if item.link:
            run = ooxml.add_hyperlink(paragraph, item.text, url=item.link)
            run.font.underline = True
            run.font.color.rgb = _rgb(style.accent_color)
        else:
            run = paragraph.add_run(item.text)
            if color:
                run.font.color.rgb = _rgb(color)
        run.bold = item.bold or None
        run.italic = item.italic or None
        if item.code:
            run.font.name = CODE_FONT
        if size:
            run.font.size = Pt(size)


# ---------------------------------------------------------------- blocks


Writer = Callable[[Any, _Writer], None]


def _heading(block: bl.Heading, writer: _Writer) -> None:
    paragraph = writer.paragraph(_HEADING_STYLES.get(block.level, "Heading 3"))
    _add_runs(writer, paragraph, block.runs, None, None)


def _paragraph(block: bl.Paragraph, writer: _Writer) -> None:
    paragraph = writer.paragraph()
    size, color = _small(block.small, writer.style)
    if block.small:
        _apply_box(paragraph.paragraph_format, writer.boxes["small"])
    _add_runs(writer, paragraph, block.runs, size, color)


def _small(small: bool, style: Style) -> tuple[float | None, str | None]:
    return (style.note_pt, style.muted_color) if small else (None, None)


def _list(block: bl.BulletList | bl.OrderedList, writer: _Writer) -> None:
    ordered = isinstance(block, bl.OrderedList)
    style_name = "List Number" if ordered else "List Bullet"
    size, color = _small(block.small, writer.style)
    paragraphs = []
    for runs in block.items:
        paragraph = writer.paragraph(style_name)
        if block.small:
            _apply_box(paragraph.paragraph_format, writer.boxes["small_item"])
        _add_runs(writer, paragraph, runs, size, color)
        paragraphs.append(paragraph)
    if paragraphs:
        # A list ends with a paragraph's space after, as in the PDF.
        paragraphs[-1].paragraph_format.space_after = Pt(
            writer.boxes["small" if block.small else "body"].after
        )
    if ordered:
        ooxml.restart_numbering(paragraphs, writer.document.styles[style_name], block.start)


def _table(block: bl.Table, writer: _Writer) -> None:
    style = writer.style
    if writer.page_break_pending:
        writer.document.add_page_break()
        writer.page_break_pending = False
    count = len(block.header)
    if count == 0:
        return
    table = writer.document.add_table(rows=1 + len(block.rows), cols=count)
    table.style = writer.document.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    ooxml.table_look(table._tbl)
    width_mm, _ = page_size_mm(style)
    available = Mm(width_mm - style.margins_mm[1] - style.margins_mm[3])
    cell_box = writer.boxes["small_cell" if block.small else "cell"]
    size = cell_box.size
    texts = [[bl.plain_text(cell) for cell in row] for row in (block.header, *block.rows)]
    font = fonts.register(style.font_family, ("regular",))
    widths = column_widths(texts, available.pt, font, size)
    align = list(block.align) + ["left"] * (count - len(block.align))
    alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    header_fill = _hex(tint(style.accent_color, 0.14))
    for col, width in enumerate(widths):
        table.columns[col].width = Pt(width)
    for row_index, (row, cells) in enumerate(zip(table.rows, (block.header, *block.rows), strict=True)):
        if row_index == 0:
            ooxml.mark_header_row(row)
        else:
            ooxml.keep_row_whole(row)
        for col, cell in enumerate(row.cells):
            cell.width = Pt(widths[col])
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            _apply_box(fmt, cell_box)
            fmt.alignment = alignment.get(align[col], WD_ALIGN_PARAGRAPH.LEFT)
            runs = cells[col] if col < len(cells) else ()
            if row_index == 0:
                ooxml.shade(cell._tc, header_fill)
                runs = tuple(bl.Run(r.text, True, r.italic, r.code, r.link, r.anchor) for r in runs)
                _add_runs(writer, paragraph, runs, size, style.accent_color)
            else:
                _add_runs(writer, paragraph, runs, size, style.muted_color if block.small else None)
    # A little air between the table and what follows (Word tables have no space-after of their own).
    spacer = writer.document.add_paragraph()
    gap = writer.boxes["table_gap"].after
    _apply_box(spacer.paragraph_format, Box(gap, gap, 0, 0))


def _page_break(block: bl.PageBreak, writer: _Writer) -> None:
    writer.page_break_pending = True


def _contents(block: bl.Contents, writer: _Writer) -> None:
    if not writer.has_sections:
        return  # no headings to list: no contents page, as in the PDF
    heading = writer.paragraph("TOC Heading")
    heading.add_run(CONTENTS_TITLE)
    paragraph = writer.paragraph()
    run = ooxml.add_field(paragraph, TOC_INSTRUCTION, TOC_PLACEHOLDER)
    run.font.color.rgb = _rgb(writer.style.muted_color)
    writer.page_break_pending = True


def _chart(block: bl.Chart, writer: _Writer) -> None:
    """A horizontal bar chart as a PNG picture, painted from the layout the PDF shares."""
    import io

    from briefing.render import chart

    style = writer.style
    width_mm, _ = page_size_mm(style)
    available = Mm(width_mm - style.margins_mm[1] - style.margins_mm[3])
    placed = chart.layout(block, style, available.pt)
    paragraph = writer.paragraph()
    paragraph.paragraph_format.line_spacing = 1.0  # single: an exact line pitch would clip the picture
    paragraph.paragraph_format.keep_together = True
    picture = io.BytesIO(chart.png(placed, style))
    paragraph.add_run().add_picture(picture, width=Pt(placed.width), height=Pt(placed.height))
    paragraph.paragraph_format.space_after = Pt(writer.boxes["table_gap"].after)


def _fallback(block: object, writer: _Writer) -> None:
    """A block type this writer does not know: skip it rather than fail the whole brief."""


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


# ---------------------------------------------------------------- document


def _core_properties(document: Document, meta: Meta) -> None:
    created = meta.created if meta.created.tzinfo else meta.created.replace(tzinfo=UTC)
    props = document.core_properties
    props.title = meta.title
    props.subject = meta.subject
    props.author = meta.author
    props.last_modified_by = meta.author
    props.created = created
    props.modified = created
    props.last_printed = created
    props.revision = 1


def _drop_thumbnail(document: Document) -> None:
    """Remove python-docx's sample thumbnail, which would show another document in file browsers."""
    rels = document.part.package.rels
    for rel_id in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(rel_id)


def _zip_time(created: datetime) -> tuple[int, int, int, int, int, int]:
    if created.tzinfo is not None:
        created = created.astimezone(UTC)
    stamp = max(created.replace(tzinfo=None), datetime(1980, 1, 1))
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second - stamp.second % 2)


def _normalise_zip(data: bytes, created: datetime) -> bytes:
    """Rewrite a package with fixed member dates and attributes, members in their original order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    return _zip_members(members, created)


def _zip_members(members: Sequence[tuple[str, bytes]], created: datetime) -> bytes:
    """Zip package members in order with fixed member dates and attributes, so output is deterministic."""
    date_time = _zip_time(created)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in members:
            fixed = zipfile.ZipInfo(name, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            target.writestr(fixed, blob)
    return out.getvalue()


class _Members:
    """Stands in for python-docx's zip writer: keeps each member's name and bytes, in order."""

    def __init__(self) -> None:
        self.members: list[tuple[str, bytes]] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        """Keep one member (python-docx's physical-writer interface)."""
        self.members.append((pack_uri.membername, blob))


def _package_bytes(document: Document, created: datetime) -> bytes:
    """The document's package zipped once, with fixed member dates.

    `document.save` zips with the current time on every member, which `_normalise_zip` would undo
    by unzipping and zipping again; this walks python-docx's package writer with a collector
    instead (the same members in the same order), and falls back to that round trip should a
    python-docx version lay out its writer differently.
    """
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    steps = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
    if not all(hasattr(PackageWriter, step) for step in steps):
        buffer = io.BytesIO()
        document.save(buffer)
        return _normalise_zip(buffer.getvalue(), created)
    for part in package.parts:
        part.before_marshal()
    collected = _Members()
    PackageWriter._write_content_types_stream(collected, package.parts)
    PackageWriter._write_pkg_rels(collected, package.rels)
    PackageWriter._write_parts(collected, package.parts)
    return _zip_members(collected.members, created)


_NEEDED_STYLES = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
    "TOC Heading",
    "Header",
    "Footer",
    TABLE_STYLE,
)


def _clear_body(document: Document) -> None:
    """Drop a reference document's content, keeping its section settings (the last sectPr)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _add_missing_styles(document: Document) -> None:
    """Copy the styles the writer uses from python-docx's default template when a reference lacks them
    (a document saved by Word holds only the styles it used)."""
    import copy

    names = {style.name for style in document.styles}
    missing = [name for name in _NEEDED_STYLES if name not in names]
    if not missing:
        return
    default = docx.Document().styles
    for name in missing:
        document.styles.element.append(copy.deepcopy(default[name].element))


def write(blocks: Sequence[bl.Block], style: Style, meta: Meta) -> bytes:
    """Render blocks to DOCX bytes."""
    fonts.family(style.font_family)  # only bundled families, so the PDF and DOCX agree
    if style.reference_docx:
        # As Pandoc's reference-doc: the reference's styles (and theme, settings) are used as they are;
        # its content is dropped. Page size, margins, header and footer still come from the template.
        document = docx.Document(style.reference_docx)
        _clear_body(document)
        _add_missing_styles(document)
    else:
        document = docx.Document()
        _setup_styles(document, style)
    _setup_page(document, style, meta)
    _core_properties(document, meta)
    _drop_thumbnail(document)
    ordered = bl.number_headings(blocks) if style.numbered_headings else list(blocks)
    has_sections = any(isinstance(b, bl.Heading) and b.level in (1, 2) for b in ordered)
    writer = _Writer(document, style, boxes(style), has_sections=has_sections)
    for block in ordered:
        _WRITERS.get(type(block), _fallback)(block, writer)
    # python-docx's default template starts with no paragraphs; an empty body still needs one.
    if not document.paragraphs and not document.tables:
        document.add_paragraph()
    return _package_bytes(document, meta.created)
