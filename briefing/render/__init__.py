"""Turn a Markdown brief into DOCX or PDF bytes, styled by a template's Style.

    render(markdown, "pdf", Style(), Meta(title="…"))  ->  bytes

Markdown is first parsed into a small block model (`blocks.parse`); `docx.write` and `pdf.write`
each turn those blocks into a document. See `blocks` for the Markdown conventions (title, citation
marks, anchors, directives such as ``<!-- toc -->``).
"""

from __future__ import annotations

import re

from briefing.render.blocks import parse
from briefing.render.style import Meta, Style, validate

__all__ = ["FORMATS", "Meta", "Style", "pdf_page_count", "render"]

FORMATS = ("docx", "pdf")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def render(markdown: str, fmt: str, style: Style, meta: Meta) -> bytes:
    """Render Markdown to `fmt` ("docx" or "pdf") bytes.

    Raises ValueError for any other format, or for a style that cannot be rendered (the message names
    the field and what is allowed).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown render format {fmt!r}; use one of {', '.join(FORMATS)}")
    validate(style)
    blocks = parse(markdown)
    # Writers are imported on demand: reportlab and python-docx each cost tens of milliseconds to load.
    if fmt == "pdf":
        from briefing.render import pdf

        return pdf.write(blocks, style, meta)
    from briefing.render import docx

    return docx.write(blocks, style, meta)


def pdf_page_count(data: bytes) -> int:
    """Count the pages of a PDF produced by `render` (used to fit a brief to its page budget).

    reportlab writes page objects uncompressed, so counting "/Type /Page" dictionaries is exact for its
    output and avoids a PDF-reading dependency at run time.
    """
    return len(_PAGE_OBJECT.findall(data))
