"""Turn a file into raw text plus whatever metadata its format carries: the readers' common types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class RawDocument:
    """What a reader hands to cleaning: text with blank lines between paragraphs, and metadata."""

    text: str
    """The document's text as read, paragraphs separated by blank lines; not yet cleaned."""
    metadata: dict[str, str] = field(default_factory=dict)
    """Metadata the format carries (title, author, publisher, published, url), values as found."""
    format: str = "txt"
    """Short name of the input format: txt, md, html, pdf, docx."""
    warnings: list[str] = field(default_factory=list)
    """Problems the reader survived (without the file name; the caller adds it)."""
    footnotes: dict[str, str] = field(default_factory=dict)
    """Footnotes the format kept apart from the body (PDF small print, DOCX notes), by number."""


class ReadError(Exception):
    """A file that cannot be read as a document: it is skipped with this message as the warning."""


Reader = Callable[[Path], RawDocument]
"""A reader: one plain function per format, from a file path to a RawDocument; raises ReadError."""
