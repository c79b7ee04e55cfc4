"""Turn table cell texts into column widths, measured with the bundled fonts (both writers use it)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefing.render.style import CELL_PADDING_PT


def column_widths(cells: Sequence[Sequence[str]], available: float, font: str, size: float) -> list[float]:
    """Widths proportional to each column's content: its longest line, at least its longest word."""
    count = max((len(row) for row in cells), default=0)
    if count == 0:
        return []
    # Cell padding on both sides, plus half an em so a cell's longest line does not wrap by a hair.
    padding = CELL_PADDING_PT[1] + CELL_PADDING_PT[3] + size * 0.5
    wants: list[float] = []
    floors: list[float] = []
    for col in range(count):
        texts = [row[col] for row in cells if col < len(row)]
        longest = max((stringWidth(text, font, size) for text in texts), default=0.0)
        word = max((stringWidth(w, font, size) for text in texts for w in text.split()), default=0.0)
        wants.append(min(longest, available) + padding)
        floors.append(min(word + padding, available / count))
    total = sum(wants)
    if total <= available:
        # Everything fits on one line: give the spare width mostly to the long-text columns (weighting by
        # the square), so a year or a citation column stays narrow while a description column grows.
        weights = [want * want for want in wants]
        spare = available - total
        return [want + spare * weight / sum(weights) for want, weight in zip(wants, weights, strict=True)]
    # Too wide: start from the floors and share the rest in proportion to what each column still wants.
    spare = max(available - sum(floors), 0.0)
    extra = [max(want - floor, 0.0) for want, floor in zip(wants, floors, strict=True)]
    extra_total = sum(extra) or 1.0
    widths = [floor + spare * e / extra_total for floor, e in zip(floors, extra, strict=True)]
    scale = available / sum(widths)
    return [width * scale for width in widths]
