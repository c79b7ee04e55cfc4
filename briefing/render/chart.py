"""Turn a Chart block into positioned shapes (bars and text) that both writers paint: reportlab
graphics in the PDF, a PNG drawn with Pillow in the DOCX. One layout, measured with the bundled fonts,
so the chart looks the same in both formats."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefing.render import fonts
from briefing.render.blocks import Chart
from briefing.render.style import Style, tint

MAX_LABEL_SHARE = 0.42
"""The label column takes at most this share of the width; longer labels are cut with an ellipsis."""


@dataclass(frozen=True)
class Rect:
    """A filled rectangle; x, y from the top left, in points."""

    x: float
    y: float
    width: float
    height: float
    color: str


@dataclass(frozen=True)
class Text:
    """One line of text; (x, y) is its baseline start (anchor "start") or end (anchor "end"), in points."""

    x: float
    y: float
    text: str
    size: float
    bold: bool
    color: str
    anchor: str = "start"


@dataclass(frozen=True)
class Layout:
    """A chart's size and its shapes, in points, y growing downwards."""

    width: float
    height: float
    shapes: tuple[Rect | Text, ...]


def _fit_text(text: str, font: str, size: float, width: float) -> str:
    """Cut text with an ellipsis so it fits `width`."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def layout(chart: Chart, style: Style, width: float) -> Layout:
    """Place the title, labels, bars and values of `chart` in a box `width` points wide."""
    family = fonts.family(style.font_family)
    regular = fonts.register(style.font_family, fonts.UPRIGHT)
    bold = fonts.face_name(family, "bold")
    size = style.table_pt
    row = size * 2.0
    bar_height = size * 1.25
    gap = size * 0.6
    shapes: list[Rect | Text] = []
    y = 0.0
    if chart.title:
        y += style.body_pt * 1.2
        shapes.append(Text(0, y - style.body_pt * 0.25, chart.title, style.body_pt, True, style.accent_color))
        y += style.body_pt * 0.5
    labels = [bar.label for bar in chart.bars]
    label_width = min(max(stringWidth(text, regular, size) for text in labels) + gap, width * MAX_LABEL_SHARE)
    shown_width = max(stringWidth(bar.shown, bold, size) for bar in chart.bars) + gap
    bar_space = max(width - label_width - shown_width, width * 0.2)
    largest = max((abs(bar.value) for bar in chart.bars), default=0.0) or 1.0
    fill = tint(style.accent_color, 0.85)
    for bar in chart.bars:
        baseline = y + row / 2 + size * 0.35
        label = _fit_text(bar.label, regular, size, label_width - gap)
        shapes.append(Text(label_width - gap, baseline, label, size, False, style.text_color, "end"))
        length = max(bar_space * abs(bar.value) / largest, 0.75)
        shapes.append(Rect(label_width, y + (row - bar_height) / 2, length, bar_height, fill))
        shapes.append(Text(label_width + length + gap / 2, baseline, bar.shown, size, True, style.text_color))
        y += row
    if chart.note:
        note = _fit_text(chart.note, regular, style.note_pt, width)
        y += style.note_pt * 1.4
        shapes.append(Text(0, y, note, style.note_pt, False, style.muted_color))
    return Layout(width, y + size * 0.5, tuple(shapes))


def font_file(style: Style, bold: bool) -> str:
    """The bundled font file of a face, for painters that draw text themselves (Pillow)."""
    family = fonts.family(style.font_family)
    return str(fonts.FONT_DIR / family.files["bold" if bold else "regular"])


def font_name(style: Style, bold: bool) -> str:
    """The registered reportlab font name of a face."""
    family = fonts.family(style.font_family)
    fonts.register(style.font_family, fonts.UPRIGHT)
    return fonts.face_name(family, "bold" if bold else "regular")


def png(chart_layout: Layout, style: Style, dpi: int = 200) -> bytes:
    """Paint a layout into PNG bytes with Pillow (for the DOCX); deterministic for equal input."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    scale = dpi / 72
    image = Image.new(
        "RGB", (round(chart_layout.width * scale), round(chart_layout.height * scale)), "white"
    )
    draw = ImageDraw.Draw(image)
    for shape in chart_layout.shapes:
        if isinstance(shape, Rect):
            box = (shape.x, shape.y, shape.x + shape.width, shape.y + shape.height)
            draw.rectangle([round(v * scale) for v in box], fill=shape.color)
        else:
            font = ImageFont.truetype(font_file(style, shape.bold), round(shape.size * scale))
            anchor = "rs" if shape.anchor == "end" else "ls"
            position = (shape.x * scale, shape.y * scale)
            draw.text(position, shape.text, font=font, fill=shape.color, anchor=anchor)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
