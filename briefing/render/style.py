"""Turn a template's look (page, fonts, colours, header/footer) into one frozen value both writers read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

PAGE_SIZES_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
ORIENTATIONS = ("portrait", "landscape")
LEADING = 1.2
"""Baseline-to-baseline distance per point of type, before Style.line_spacing. Both writers use it (DOCX
as exact line spacing) so the two formats break lines and pages alike."""
CELL_PADDING_PT = (2.2, 4.0, 2.6, 4.0)
"""Table cell padding in points: top, right, bottom, left (both writers)."""


@dataclass(frozen=True)
class Style:
    """How a brief looks; sizes in points, margins in millimetres."""

    page_size: str = "A4"
    """Either "A4" or "Letter"."""
    orientation: str = "portrait"
    """Either "portrait" or "landscape"."""
    margins_mm: tuple[float, float, float, float] = (18, 18, 18, 18)
    """Top, right, bottom, left."""
    font_family: str = "Noto Sans"
    """A bundled family (see fonts.FAMILIES); the DOCX names the same family."""
    title_pt: float = 18
    h1_pt: float = 13
    """Section headings (##)."""
    h2_pt: float = 11
    """Subsection headings (###)."""
    body_pt: float = 9.5
    table_pt: float = 8.5
    note_pt: float = 7.5
    """Notes (<!-- small -->), header and footer."""
    accent_color: str = "#1F3864"
    """Headings, rules, table header, links and citation marks."""
    text_color: str = "#000000"
    muted_color: str = "#555555"
    """Notes, header and footer."""
    header: str = ""
    """Text at the top of each page; " | " separates left, centre and right parts; may contain
    {title} {date} {page} {pages}."""
    footer: str = ""
    """Like header, at the bottom of each page."""
    numbered_headings: bool = False
    """Number sections and subsections: "1. Summary", "1.1 …"."""
    line_spacing: float = 1.15
    """Multiplies the base leading (LEADING × type size) of body text, lists and tables."""
    reference_docx: str | None = None
    """Path of a .docx whose styles the DOCX uses as they are (as Pandoc's reference-doc); its content
    is dropped, and page size, margins, header and footer still come from this Style."""
    logo: str | None = None
    """Path of a PNG or JPEG drawn at the right of the running header on every page, in the top margin."""
    logo_height_mm: float = 12
    """Height of the logo; capped so it stays inside the top margin (see `logo_size_mm`)."""


@dataclass(frozen=True)
class Meta:
    """What the document is: the metadata stamped into both formats."""

    title: str
    """Document title (metadata and {title} in header/footer)."""
    subject: str = ""
    author: str = "briefing"
    date: str = ""
    """Date shown by {date} in header/footer, as the caller formats it."""
    created: datetime = datetime(2000, 1, 1)
    """Fixed creation/modification timestamp (from SOURCE_DATE_EPOCH); naive means UTC."""


def page_size_mm(style: Style) -> tuple[float, float]:
    """Return (width, height) in millimetres for the style's page size and orientation."""
    if style.page_size not in PAGE_SIZES_MM:
        raise ValueError(f"unknown page size {style.page_size!r}; use one of {', '.join(PAGE_SIZES_MM)}")
    if style.orientation not in ORIENTATIONS:
        raise ValueError(f"unknown orientation {style.orientation!r}; use one of {', '.join(ORIENTATIONS)}")
    width, height = PAGE_SIZES_MM[style.page_size]
    return (height, width) if style.orientation == "landscape" else (width, height)


def hex_rgb(color: str) -> tuple[int, int, int]:
    """Parse '#RRGGBB' (or 'RRGGBB') into an (r, g, b) tuple of 0-255 ints."""
    value = color.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if len(value) != 6:
        raise ValueError(f"colour {color!r} is not of the form #RRGGBB")
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    except ValueError as exc:
        raise ValueError(f"colour {color!r} is not of the form #RRGGBB") from exc


def tint(color: str, share: float) -> str:
    """Mix `share` of `color` with white (0 → white, 1 → the colour); for light table shading."""
    r, g, b = hex_rgb(color)
    mixed = (round(255 - (255 - c) * share) for c in (r, g, b))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def furniture_parts(text: str, title: str, date: str) -> list[str]:
    """Split header/footer text at " | " into left, centre and right parts and fill {title} and {date}.

    Two parts are left and right; one part is left. {page} and {pages} are left to the writers.
    Splitting happens before filling, so a title containing " | " stays whole.
    """
    # "a | | b" (an empty centre) splits into three parts like "a |  | b".
    parts = [part.strip() for part in re.split(r"(?:^|\s)\|(?=\s|$)", text)][:3]
    if len(parts) == 2:
        parts = [parts[0], "", parts[1]]
    return [part.replace("{title}", title).replace("{date}", date) for part in parts]


@dataclass(frozen=True)
class Box:
    """Vertical metrics of one kind of paragraph, in points; both writers use the same numbers."""

    size: float
    leading: float
    """Baseline-to-baseline distance (DOCX: exact line spacing)."""
    before: float
    after: float


def boxes(style: Style) -> dict[str, Box]:
    """The paragraph kinds of a brief and their metrics: title, h1-h3, body, small, item, cell, gap …

    "item" is the space between list items (a list ends with the body's space after); "table_gap" is
    the space after a table.
    """
    spaced = style.line_spacing * LEADING
    body, note, table = style.body_pt, style.note_pt, style.table_pt
    return {
        "title": Box(style.title_pt, style.title_pt * LEADING, 0, style.title_pt * 0.35),
        "h1": Box(style.h1_pt, style.h1_pt * LEADING, style.h1_pt * 0.8, style.h1_pt * 0.55),
        "h2": Box(style.h2_pt, style.h2_pt * LEADING, style.h2_pt * 0.6, style.h2_pt * 0.25),
        "h3": Box(body, body * spaced, body * 0.5, body * 0.15),
        "body": Box(body, body * spaced, 0, body * 0.45),
        "small": Box(note, note * spaced, 0, note * 0.45),
        "item": Box(body, body * spaced, 0, body * 0.2),
        "small_item": Box(note, note * spaced, 0, note * 0.2),
        "cell": Box(table, table * spaced, 0, 0),
        "small_cell": Box(note, note * spaced, 0, 0),
        "table_gap": Box(body, 0, 0, body * 0.45 + 2),
    }


def validate(style: Style) -> None:
    """Raise ValueError naming the first field of `style` that cannot be rendered, and what is allowed."""
    from briefing.render.fonts import family

    width, height = page_size_mm(style)
    margins = style.margins_mm
    if len(margins) != 4 or any(value < 0 for value in margins):
        raise ValueError(
            f"margins_mm must be four non-negative numbers (top, right, bottom, left), not {margins!r}"
        )
    top, right, bottom, left = margins
    if width - left - right < 20 or height - top - bottom < 20:
        raise ValueError(
            f"margins_mm {margins!r} leave less than 20 mm of text area on a {style.page_size} page"
        )
    for name in ("title_pt", "h1_pt", "h2_pt", "body_pt", "table_pt", "note_pt"):
        value = getattr(style, name)
        if not 4 <= value <= 72:
            raise ValueError(f"{name} must be between 4 and 72 points, not {value!r}")
    if not 0.8 <= style.line_spacing <= 3:
        raise ValueError(f"line_spacing must be between 0.8 and 3, not {style.line_spacing!r}")
    for name in ("accent_color", "text_color", "muted_color"):
        try:
            hex_rgb(getattr(style, name))
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    family(style.font_family)
    for name in ("reference_docx", "logo"):
        path = getattr(style, name)
        if path is not None and not Path(path).is_file():
            raise ValueError(f"{name}: no file {path!r}")


HEADER_DISTANCE = 0.4
"""Distance of the header from the top edge, as a share of the top margin (both writers)."""


def logo_size_mm(style: Style) -> tuple[float, float] | None:
    """(width, height) of the logo in millimetres, or None without one.

    The logo sits at the right of the running header and must stay inside the top margin (below the
    header distance), or a word processor would push the text down and the brief past its page.
    """
    if not style.logo:
        return None
    from reportlab.lib.utils import ImageReader

    pixels_w, pixels_h = ImageReader(style.logo).getSize()
    height = min(style.logo_height_mm, style.margins_mm[0] * (1 - HEADER_DISTANCE) * 0.85)
    return (height * pixels_w / max(pixels_h, 1), height)
