"""Turn the few Word features python-docx has no public API for into raw WordprocessingML.

python-docx (1.x) cannot yet create hyperlinks, bookmarks, fields (PAGE, NUMPAGES, TOC), repeated
table header rows, rows that must not split, cell shading, paragraph borders, list-numbering restarts,
or set a complex-script font; Word needs all of them for a usable brief. Every raw-XML workaround of the
DOCX writer lives here, each in one small function, so the writer itself only uses public objects.
"""

from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

_BOOKMARK_CHARS = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(anchor: str) -> str:
    """Word bookmark names: a letter first, then letters, digits or "_", at most 40 characters."""
    name = _BOOKMARK_CHARS.sub("_", anchor)
    if not name[:1].isalpha():
        name = "a_" + name
    return name[:40]


def add_hyperlink(
    paragraph: Paragraph, text: str, *, url: str | None = None, anchor: str | None = None
) -> Run:
    """Append a hyperlink (external `url`, or internal jump to bookmark `anchor`); return its run to format.

    python-docx reads hyperlinks but cannot create them.
    """
    link = OxmlElement("w:hyperlink")
    if url is not None:
        rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link.set(qn("r:id"), rel_id)
    else:
        link.set(qn("w:anchor"), bookmark_name(anchor or ""))
    run_element = OxmlElement("w:r")
    link.append(run_element)
    paragraph._p.append(link)
    run = Run(run_element, paragraph)  # type: ignore[arg-type]
    run.text = text
    return run


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Append an empty bookmark (a jump target for internal hyperlinks) at the current end of `paragraph`."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), bookmark_name(name))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.append(start)
    paragraph._p.append(end)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> Run:
    """Append a complex field (PAGE, NUMPAGES, TOC …) showing `placeholder` until Word updates it.

    Returns the placeholder run so the caller can format it.
    """

    def char(kind: str) -> None:
        run = paragraph.add_run()
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run._r.append(fld)

    char("begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    char("separate")
    shown = paragraph.add_run(placeholder)
    char("end")
    return shown


def mark_header_row(row: _Row) -> None:
    """Repeat this row at the top of every page the table runs onto, and never split it."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    tr_pr.append(OxmlElement("w:tblHeader"))


def keep_row_whole(row: _Row) -> None:
    """Forbid Word from splitting this row across pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def shade(cell_tc: object, fill: str) -> None:
    """Fill a table cell with a background colour ('RRGGBB')."""
    tc_pr = cell_tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def table_look(table_element: object, *, first_row: bool = True, first_column: bool = False) -> None:
    """Which parts of the table style apply: header row on, first-column emphasis off, banded rows on."""
    tbl_pr = table_element.tblPr  # type: ignore[attr-defined]
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    values = {
        "w:firstRow": first_row,
        "w:lastRow": False,
        "w:firstColumn": first_column,
        "w:lastColumn": False,
        "w:noHBand": False,
        "w:noVBand": True,
    }
    for key, on in values.items():
        look.set(qn(key), "1" if on else "0")
    bits = (0x20 if first_row else 0) | (0x80 if first_column else 0) | 0x400
    look.set(qn("w:val"), f"{bits:04X}")


def bottom_border(style: BaseStyle, color: str, eighths_pt: int = 6, space_pt: int = 2) -> None:
    """Give a paragraph style a thin rule underneath (or remove it when `color` is empty)."""
    p_pr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    existing = p_pr.find(qn("w:pBdr"))
    if existing is not None:
        p_pr.remove(existing)
    if not color:
        return
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", str(eighths_pt)),
        ("w:space", str(space_pt)),
        ("w:color", color),
    ):
        bottom.set(qn(key), value)
    border.append(bottom)
    # pBdr must come before spacing/ind/jc etc. in pPr's schema order; insert it early.
    anchor = None
    for tag in (
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:jc",
    ):
        anchor = p_pr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(border)
    else:
        p_pr.append(border)


def set_fonts(r_pr: object, latin: str, complex_script: str) -> None:
    """Name fonts explicitly for every script slot and drop theme-font references that would override them."""
    fonts = r_pr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)  # type: ignore[attr-defined]
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        attr = qn(theme)
        if attr in fonts.attrib:
            del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), latin)
    fonts.set(qn("w:cs"), complex_script)


def default_run_properties(styles_element: object) -> object:
    """The document-wide default run properties (docDefaults/rPrDefault/rPr), created if missing."""
    defaults = styles_element.find(qn("w:docDefaults"))  # type: ignore[attr-defined]
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)  # type: ignore[attr-defined]
    r_default = defaults.find(qn("w:rPrDefault"))
    if r_default is None:
        r_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_default)
    r_pr = r_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_default.append(r_pr)
    return r_pr


def remove_theme_color(style: BaseStyle) -> None:
    """Drop a style's theme colour and shade so its explicit RGB colour is what Word shows."""
    r_pr = style.element.rPr  # type: ignore[attr-defined]
    if r_pr is None:
        return
    color = r_pr.find(qn("w:color"))
    if color is not None:
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            if qn(attr) in color.attrib:
                del color.attrib[qn(attr)]


def restart_numbering(paragraphs: list[Paragraph], list_style: BaseStyle, start: int) -> None:
    """Make an ordered list start at `start` instead of continuing the previous list of the same style.

    Word numbers all "List Number" paragraphs as one sequence; a restart needs a new w:num that
    overrides the start value of the style's abstract numbering.
    """
    if not paragraphs:
        return
    style_num = list_style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")  # type: ignore[attr-defined]
    if style_num is None:
        return
    numbering = paragraphs[0].part.numbering_part.element
    num_id = style_num.get(qn("w:val"))
    num = next((n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
    if num is None:
        return
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    new_num = numbering.add_num(int(abstract_id))
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start_override = OxmlElement("w:startOverride")
    start_override.set(qn("w:val"), str(start))
    override.append(start_override)
    new_num.append(override)
    for paragraph in paragraphs:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = new_num.numId


def recolor_table_style(style: BaseStyle, accent: str, band: str) -> None:
    """Give a built-in "… Accent 1" table style the template's colours, and the document's font.

    The built-in styles name theme colours (accent1) and theme fonts; Word and LibreOffice resolve
    those differently, so explicit values make both show the template's accent (RRGGBB, no '#').
    """
    theme_attrs = ("w:themeColor", "w:themeTint", "w:themeShade")
    for element in style.element.iter(
        qn("w:color"), qn("w:top"), qn("w:bottom"), qn("w:left"), qn("w:right")
    ):
        if element.get(qn("w:themeColor")) == "accent1":
            element.set(qn("w:color") if element.tag != qn("w:color") else qn("w:val"), accent)
            for attr in theme_attrs:
                element.attrib.pop(qn(attr), None)
    for shading in style.element.iter(qn("w:shd")):
        if shading.get(qn("w:themeFill")) == "accent1":
            shading.set(qn("w:fill"), band)
            for attr in ("w:themeFill", "w:themeFillTint", "w:themeFillShade"):
                shading.attrib.pop(qn(attr), None)
    for fonts in style.element.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)


def table_cell_margins(style: BaseStyle, top: float, right: float, bottom: float, left: float) -> None:
    """Set a table style's default cell padding (points), to match the PDF's table padding."""
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        style.element.append(tbl_pr)
    margins = tbl_pr.find(qn("w:tblCellMar"))
    if margins is None:
        margins = OxmlElement("w:tblCellMar")
        tbl_pr.append(margins)
    for side, points in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        element = margins.find(qn(f"w:{side}"))
        if element is None:
            element = OxmlElement(f"w:{side}")
            margins.append(element)
        element.set(qn("w:w"), str(round(points * 20)))
        element.set(qn("w:type"), "dxa")


def drop_contextual_spacing(style: BaseStyle) -> None:
    """Let paragraph spacing apply between list items (the built-in list styles suppress it)."""
    p_pr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    existing = p_pr.find(qn("w:contextualSpacing"))
    if existing is not None:
        p_pr.remove(existing)
