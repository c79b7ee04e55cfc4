"""Turn the bundled Noto font files into registered reportlab font families, and pick a font per script.

The fonts live in ``briefing/fonts/`` (SIL Open Font License, see ``OFL.txt`` there) and are found
next to this package, so they work after a plain ``pip install .``. Noto Sans covers Latin, Cyrillic
and Greek; Noto Sans Arabic covers Arabic-script names (Arabic, Persian, Urdu). Arabic text is drawn
with the Arabic font glyph by glyph: reportlab does not shape or reorder right-to-left text, so joined
letter forms and bidirectional order are not produced yet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"


@dataclass(frozen=True)
class Family:
    """A bundled font family: reportlab base name and the file of each face."""

    name: str
    """Name shown to users and written into the DOCX (e.g. "Noto Sans")."""
    base: str
    """reportlab font name of the regular face; faces are base-Bold, base-Italic, base-BoldItalic."""
    files: dict[str, str]
    """Face ("regular", "bold", "italic", "bolditalic") → file name in FONT_DIR."""


FAMILIES: dict[str, Family] = {
    "Noto Sans": Family(
        "Noto Sans",
        "NotoSans",
        {
            "regular": "NotoSans-Regular.ttf",
            "bold": "NotoSans-Bold.ttf",
            "italic": "NotoSans-Italic.ttf",
            "bolditalic": "NotoSans-BoldItalic.ttf",
        },
    ),
    # No italic Arabic exists: the italic faces fall back to the upright ones.
    "Noto Sans Arabic": Family(
        "Noto Sans Arabic",
        "NotoSansArabic",
        {
            "regular": "NotoSansArabic-Regular.ttf",
            "bold": "NotoSansArabic-Bold.ttf",
            "italic": "NotoSansArabic-Regular.ttf",
            "bolditalic": "NotoSansArabic-Bold.ttf",
        },
    ),
}
ARABIC_FAMILY = "Noto Sans Arabic"

# Arabic, Arabic Supplement, Arabic Extended-A/B, Presentation Forms-A and -B.
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u0870-\u089f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_RUN = re.compile(f"[{_ARABIC}]+(?:[ \u200c\u200d]+[{_ARABIC}]+)*")


def face_name(family: Family, face: str) -> str:
    """The reportlab font name of one face ("regular", "bold", "italic", "bolditalic")."""
    suffix = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bolditalic": "-BoldItalic"}[face]
    return family.base + suffix


def family(name: str) -> Family:
    """Return the bundled family called `name`, or raise ValueError listing the bundled ones."""
    try:
        return FAMILIES[name]
    except KeyError:
        known = ", ".join(repr(key) for key in FAMILIES)
        raise ValueError(f"font family {name!r} is not bundled; use one of {known}") from None


FACES = ("regular", "bold", "italic", "bolditalic")
"""Every face of a family, in the (bold, italic) order of reportlab's font mapping."""
UPRIGHT = ("regular", "bold")
"""The faces nearly every document uses; the italic ones are registered when italic text appears."""


def register(name: str, faces: Sequence[str] = FACES) -> str:
    """Register faces of a bundled family with reportlab so <b>/<i> work; return its base name.

    Each face file is parsed once per process, when first asked for (a few milliseconds each), so a
    renderer asks only for the faces its text needs; the bold/italic mapping names all four faces.
    """
    from reportlab.lib.fonts import addMapping

    fam = family(name)
    for face in faces:
        _register_face(name, face)
    # Map after registering: reportlab maps each new face's own name to itself in every style, and
    # the regular face is named like the family, so registering it maps the whole family to it.
    for face, (bold, italic) in zip(FACES, ((0, 0), (1, 0), (0, 1), (1, 1)), strict=True):
        addMapping(fam.base, bold, italic, face_name(fam, face))
    return fam.base


@cache
def _register_face(name: str, face: str) -> None:
    """Parse one face's file and register it with reportlab (once per process)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fam = family(name)
    pdfmetrics.registerFont(TTFont(face_name(fam, face), str(FONT_DIR / fam.files[face])))


def split_arabic(text: str) -> list[tuple[str, bool]]:
    """Split text into (segment, is_arabic) pieces so Arabic-script runs can use the Arabic font."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for match in _ARABIC_RUN.finditer(text):
        if match.start() > pos:
            pieces.append((text[pos : match.start()], False))
        pieces.append((match.group(0), True))
        pos = match.end()
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces
