"""Turn a Word .docx file into paragraphs (headings, body, tables in order), footnotes and core properties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.ingest.metadata import is_placeholder_author
from briefing.ingest.raw import RawDocument, ReadError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"


def read_docx(path: Path) -> RawDocument:
    """Read a .docx file: paragraphs and table rows in document order, footnotes, core properties."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise ReadError("not a Word document (damaged, or another format named .docx)") from exc
    except Exception as exc:  # zipfile.BadZipFile, KeyError on a missing part, lxml errors
        raise ReadError(f"damaged Word document ({type(exc).__name__})") from exc
    paragraphs: list[str] = []
    title_from_style = None
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            paragraph = Paragraph(block, document)
            text = _paragraph_text(paragraph)
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            if style == "Title" and title_from_style is None:
                title_from_style = text
            paragraphs.append(text)
        elif block.tag == f"{_W}tbl":
            for row in Table(block, document).rows:
                cells = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat their text
                        cells.append(value)
                if cells:
                    paragraphs.append(" | ".join(cells))
    metadata = _core_properties(document)
    if title_from_style and "title" not in metadata:
        metadata["title"] = title_from_style
    notes = _notes(document, _FOOTNOTES_REL, "footnoteReference")
    for number, text in _notes(document, _ENDNOTES_REL, "endnoteReference").items():
        notes.setdefault(number, text)
    return RawDocument(text="\n\n".join(paragraphs), metadata=metadata, format="docx", footnotes=notes)


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's text; line breaks inside it become spaces."""
    return " ".join(paragraph.text.replace("\n", " ").replace("\t", " ").split())


def _core_properties(document: Any) -> dict[str, str]:
    props = document.core_properties
    found: dict[str, str] = {}
    if props.title and props.title.strip():
        found["title"] = props.title.strip()
    if props.author and not is_placeholder_author(props.author):
        found["author"] = props.author.strip()
    # "created" is when the file was made: only a fallback for the publication date.
    date = props.created
    if date is not None and date.year > 1980:
        found["created"] = date.date().isoformat()
    return found


def _notes(document: Any, reltype: str, reference: str) -> dict[str, str]:
    """Footnotes (or endnotes) by the number Word shows: the order of their first mark in the text."""
    from lxml import etree

    order: list[str] = []
    for mark in document.element.body.iter(f"{_W}{reference}"):
        note_id = mark.get(f"{_W}id")
        if note_id is not None and note_id not in order:
            order.append(note_id)
    texts: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype != reltype or rel.is_external:
            continue
        for note in etree.fromstring(rel.target_part.blob):
            if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join("".join(t.text or "" for t in note.iter(f"{_W}t")).split())
            if text:
                texts[note.get(f"{_W}id", "")] = text
    # Notes without a mark in the body keep their place after the others.
    order += [note_id for note_id in texts if note_id not in order]
    numbered = [note_id for note_id in order if note_id in texts]
    return {str(n): texts[note_id] for n, note_id in enumerate(numbered, start=1)}
