"""Turn a file suffix into the reader for that format: the table of readers, one plain function each."""

from __future__ import annotations

from pathlib import Path

from briefing.ingest.raw import RawDocument, Reader
from briefing.ingest.text import read_markdown, read_text


def _read_html(path: Path) -> RawDocument:
    from briefing.ingest.html import read_html  # lazy: the HTML libraries load only for HTML files

    return read_html(path)


def _read_pdf(path: Path) -> RawDocument:
    from briefing.ingest.pdf import read_pdf  # lazy: pdfminer is slow to import

    return read_pdf(path)


def _read_docx(path: Path) -> RawDocument:
    from briefing.ingest.docx import read_docx  # lazy: python-docx pulls in lxml

    return read_docx(path)


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".xhtml": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}
"""Readers by lower-case file suffix; a file with any other suffix is skipped with a warning."""
