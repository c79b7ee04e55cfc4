"""Turn a Markdown brief into DOCX or PDF bytes, styled by a template's Style.

    render(markdown, "pdf", Style(), Meta(title="…"))  ->  bytes

Markdown is first parsed into a small block model (`blocks.parse`); `docx.write` and `pdf.write`
each turn those blocks into a document. See `blocks` for the Markdown conventions (title, citation
marks, anchors, directives such as ``<!-- toc -->``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.render.blocks import Block, parse
from briefing.render.style import Meta, Style, validate

__all__ = ["FORMATS", "Layout", "Meta", "Style", "pdf_page_count", "render", "render_pdf"]

FORMATS = ("docx", "pdf")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


@lru_cache(maxsize=4)
def _parsed(markdown: str) -> tuple[Block, ...]:
    """The blocks of a Markdown text, parsed once: a fitted brief's PDF and DOCX share its Markdown.

    Blocks are frozen dataclasses holding tuples, so callers can share them.
    """
    return tuple(parse(markdown))


def render(markdown: str, fmt: str, style: Style, meta: Meta) -> bytes:
    """Render Markdown to `fmt` ("docx" or "pdf") bytes.

    Raises ValueError for any other format, or for a style that cannot be rendered (the message names
    the field and what is allowed).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown render format {fmt!r}; use one of {', '.join(FORMATS)}")
    validate(style)
    blocks = list(_parsed(markdown))
    # Writers are imported on demand: reportlab and python-docx each cost tens of milliseconds to load.
    if fmt == "pdf":
        from briefing.render import pdf

        return pdf.write(blocks, style, meta)
    from briefing.render import docx

    return docx.write(blocks, style, meta)


@dataclass(frozen=True)
class Layout:
    """How a rendered PDF filled its pages."""

    pages: int
    free_pt: float
    """Height left empty on the last page, in points."""
    frame_pt: float
    """Height of the text area of a page, in points."""

    @property
    def free_share(self) -> float:
        """The share of the last page's text area left empty (0 = full)."""
        return self.free_pt / self.frame_pt if self.frame_pt else 0.0


def render_pdf(markdown: str, style: Style, meta: Meta) -> tuple[bytes, Layout]:
    """Render Markdown to PDF bytes and say how it filled its pages (for fitting a brief to them)."""
    from briefing.render import pdf

    validate(style)
    data, free, frame = pdf.write_measured(list(_parsed(markdown)), style, meta)
    return data, Layout(pdf_page_count(data), free, frame)


def pdf_page_count(data: bytes) -> int:
    """Count the pages of a PDF produced by `render` (used to fit a brief to its page budget).

    reportlab writes page objects uncompressed, so counting "/Type /Page" dictionaries is exact for its
    output and avoids a PDF-reading dependency at run time.
    """
    return len(_PAGE_OBJECT.findall(data))
