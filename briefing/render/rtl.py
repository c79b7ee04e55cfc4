"""Turn right-to-left text (Arabic, Persian, Urdu, Hebrew) into the visual order a PDF draws.

reportlab lays glyphs out left to right and does not join Arabic letters, so a Persian name would
print backwards and unjoined. Each right-to-left stretch of a line is shaped (contextual letter
forms) and reordered here, before layout; left-to-right text around it is untouched. Word and
LibreOffice shape text themselves, so only the PDF writer needs this.
"""

from __future__ import annotations

import re

# Letters of right-to-left scripts: Hebrew, Arabic (with Persian and Urdu letters), their
# supplements and presentation forms.
_RTL = "\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_STRETCH = re.compile(f"[{_RTL}](?:[{_RTL}\u064b-\u065f\\s\u200c\u200d.,،؛]*[{_RTL}])?")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def has_rtl(text: str) -> bool:
    """Whether the text holds any right-to-left letter."""
    return bool(_STRETCH.search(text))


def visual(text: str) -> str:
    """The text with each right-to-left stretch shaped and in drawing order; other text unchanged."""
    if not has_rtl(text):
        return text
    return _STRETCH.sub(lambda m: _visual_stretch(m.group(0)), text)


def _visual_stretch(stretch: str) -> str:
    from bidi.algorithm import get_display

    if _ARABIC.search(stretch):
        import arabic_reshaper

        stretch = arabic_reshaper.reshape(stretch)
    return get_display(stretch, base_dir="R")
