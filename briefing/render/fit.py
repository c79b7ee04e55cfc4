"""Turn a way of writing a document at a given size into the largest version that fits its pages.

The caller supplies `make(scale, type_scale)`, which writes the Markdown of a document whose content
budgets are multiplied by `scale` (0 keeps one item per budgeted section) and whose type sizes are
multiplied by `type_scale`. `fit` renders the PDF of candidates in order of preference and keeps the
first that fits, measured rather than guessed: budgets shrink first (dropping the least important
content), then the type shrinks a little (never below the smallest size allowed), then budgets shrink
further. With `grow`, a document that fits at full size with room to spare tries larger budgets.

A fitted PDF keeps a little room free on its last page (`SLACK_LINES`): a word processor laying out
the DOCX breaks lines slightly differently from reportlab, and the DOCX must fit too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from briefing.render import Layout, Meta, Style, render_pdf

SCALES = (1.0, 0.85, 0.7, 0.55, 0.4, 0.25, 0.0)
"""Budget scales tried, in order, to make a document fit."""
GROW_SCALES = (1.25, 1.5, 2.0)
"""Budget scales tried, in order, to fill the page when a document fits with room to spare."""
TYPE_SHRINK_AT = 0.55
"""Below this budget scale the type shrinks first (down to the smallest size allowed), then budgets go on."""
TYPE_STEP = 0.05
SLACK_LINES = 1.0
"""Room, in body lines, the last page of a fitted PDF keeps free so the DOCX fits as well."""


@dataclass(frozen=True)
class Draft:
    """One version of the document: what `make` returns."""

    markdown: str
    style: Style
    meta: Meta
    payload: Any = None
    """Whatever the caller wants back with the chosen version (e.g. the brief it was written from)."""
    key: Any = None
    """Equal keys mean equal documents: a candidate whose key was tried already is not rendered again."""


@dataclass(frozen=True)
class Fitted:
    """The version chosen, its PDF and how it filled the pages."""

    draft: Draft
    pdf: bytes
    layout: Layout
    scale: float
    type_scale: float
    fits: bool
    """False when even the smallest version overflows (it is returned anyway)."""
    renders: int
    """How many PDFs were rendered to choose it."""


Make = Callable[[float, float], Draft]


def candidates(body_pt: float, min_body_pt: float | None) -> list[tuple[float, float]]:
    """(budget scale, type scale) pairs in order of preference."""
    smallest = min(min_body_pt or body_pt, body_pt) / body_pt
    shrink = [1.0]
    while round(shrink[-1] - TYPE_STEP, 4) >= smallest:
        shrink.append(round(shrink[-1] - TYPE_STEP, 4))
    if shrink[-1] > smallest:
        shrink.append(smallest)
    early = [s for s in SCALES if s >= TYPE_SHRINK_AT]
    late = [s for s in SCALES if s < TYPE_SHRINK_AT]
    return [(s, 1.0) for s in early] + [(early[-1], t) for t in shrink[1:]] + [(s, shrink[-1]) for s in late]


def slack_pt(style: Style) -> float:
    """Room a fitted last page keeps free, in points."""
    return SLACK_LINES * style.body_pt * 1.2 * style.line_spacing


def fit(
    make: Make,
    max_pages: int,
    *,
    body_pt: float,
    min_body_pt: float | None = None,
    grow: bool = False,
    grow_scales: Sequence[float] = GROW_SCALES,
) -> Fitted:
    """Render candidates until one fits `max_pages`; see the module docstring for the order."""
    rendered: dict[Any, tuple[bytes, Layout]] = {}

    def attempt(scale: float, type_scale: float) -> tuple[Draft, bytes, Layout]:
        draft = make(scale, type_scale)
        key = draft.key if draft.key is not None else (draft.markdown, draft.style)
        if key not in rendered:
            rendered[key] = render_pdf(draft.markdown, draft.style, draft.meta)
        return (draft, *rendered[key])

    def fits(draft: Draft, layout: Layout) -> bool:
        if layout.pages != max_pages:
            return layout.pages < max_pages
        return layout.free_pt >= slack_pt(draft.style)

    order = candidates(body_pt, min_body_pt)
    for scale, type_scale in order:
        draft, pdf, layout = attempt(scale, type_scale)
        if fits(draft, layout):
            break
    else:
        return Fitted(draft, pdf, layout, scale, type_scale, False, len(rendered))
    # Growing is worth a render only when the page has room for more than the slack.
    if grow and scale == 1.0 and type_scale == 1.0 and layout.free_pt > 3 * slack_pt(draft.style):
        for bigger in grow_scales:
            grown = attempt(bigger, 1.0)
            if not fits(grown[0], grown[2]):
                break
            (draft, pdf, layout), scale = grown, bigger
    return Fitted(draft, pdf, layout, scale, type_scale, True, len(rendered))
