"""Turn a PDF's text layer into paragraphs in reading order, with page furniture and footnotes apart.

pdfminer.six gives text lines with their boxes and character sizes; from those this module
- drops running headers, footers and page numbers (lines near the page edge that repeat across pages
  with only digits changing, or that are only a page number),
- drops superscript reference marks (small digits raised above the baseline),
- sets aside footnotes (the run of small-type lines at the foot of a column or page, starting with
  a number),
- reads two-column pages column by column, full-width lines (titles, headings) in their place,
- rejoins lines into paragraphs (by line spacing and indents) and hyphenated words.
A sentence cut by a page break is left as two paragraphs here; the general cleaning rejoins it.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from briefing.ingest.clean import join_wrapped, vocabulary
from briefing.ingest.footnotes import has_citation
from briefing.ingest.metadata import is_placeholder_author
from briefing.ingest.raw import RawDocument, ReadError

_PAGE_NUMBER = re.compile(
    r"(?i)^(?:page\s+)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$|^[ivxlc]{1,6}$"
)
_NOTE_START = re.compile(r"^(?:[1-9]\d{0,2}[.)]?|[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]{0,2}|\[[1-9]\d{0,2}\])\s*[^\s\d]")
_BOLD = re.compile(r"(?i)bold|black|heavy|semibold|demi")
_BULLET = re.compile(r"^[•▪◦●■►–-]\s")
_TO_ASCII = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@dataclass(slots=True)
class Line:
    """One line of text on a page."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    page: int
    bold: bool = False


def read_pdf(path: Path) -> RawDocument:
    """Read a .pdf file's text layer; ReadError for encrypted, damaged or image-only PDFs."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError

    with path.open("rb") as handle:
        try:
            parser = PDFParser(handle)
            document = PDFDocument(parser, password="")
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise ReadError("encrypted PDF (needs a password)") from exc
        except (PDFSyntaxError, Exception) as exc:
            if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
                raise ReadError("encrypted PDF (needs a password)") from exc
            raise ReadError(f"damaged or not a PDF ({type(exc).__name__})") from exc
        if not document.is_extractable:
            raise ReadError("the PDF does not allow text extraction")
        metadata = _info(document)
        try:
            pages = list(PDFPage.create_pages(document))
        except Exception as exc:
            raise ReadError(f"damaged PDF ({type(exc).__name__})") from exc
        lines, sizes, rules, marks = _lines(
            pages, LAParams(char_margin=2.0, line_margin=0.5, word_margin=0.1)
        )
    if not lines:
        raise ReadError("no text layer (a scanned PDF?)")
    body_size = _mode(sizes)
    heights = {line.page: h for line in lines for h in [_page_height(pages, line.page)]}
    lines = _drop_furniture(lines, heights, len(pages))
    paragraphs: list[str] = []
    footnotes: dict[str, str] = {}
    words = vocabulary(" ".join(line.text for line in lines))
    for number in range(len(pages)):
        page_lines = [line for line in lines if line.page == number]
        if not page_lines:
            continue
        gutter = _gutter(page_lines, _page_width(pages, number))
        notes = _page_notes(page_lines, body_size, [r for r in rules if r.page == number], gutter, marks)
        body = [line for line in page_lines if not any(line is note for note in notes)]
        for column in _columns(body, gutter):
            paragraphs.extend(_paragraphs(column, body_size, words))
        _collect_notes(notes, footnotes, words)
    warnings = []
    if len(" ".join(paragraphs).split()) < 20 * len(pages) and len(pages) > 1:
        warnings.append("little text for the number of pages: parts may be scanned images")
    return RawDocument(
        text="\n\n".join(paragraphs), metadata=metadata, format="pdf", warnings=warnings, footnotes=footnotes
    )


def _info(document: Any) -> dict[str, str]:
    """Title, author and date from the PDF's document information dictionary."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    found: dict[str, str] = {}
    for info in document.info or []:
        # CreationDate is when the file was made: only a fallback for the publication date.
        for key, field in (("Title", "title"), ("Author", "author"), ("CreationDate", "created")):
            value = resolve1(info.get(key))
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and value.strip() and field not in found:
                found[field] = " ".join(value.replace("\x00", "").split())
    # PDF dates are "D:YYYYMMDDHHmmSS+hh'mm'".
    created = re.match(r"D?:?((?:19|20)\d\d)(\d\d)?(\d\d)?", found.get("created", ""))
    if created:
        found["created"] = "-".join(part for part in created.groups() if part)
    else:
        found.pop("created", None)
    if is_placeholder_author(found.get("author", "")):
        found.pop("author", None)
    # Converters leave file names and "untitled" as the title.
    if re.search(r"(?i)^untitled|\.(?:docx?|pdf|indd|tex)$|^microsoft word", found.get("title", "")):
        del found["title"]
    return found


def _page_width(pages: list[Any], number: int) -> float:
    box = pages[number].mediabox
    return float(box[2] - box[0])


def _page_height(pages: list[Any], number: int) -> float:
    box = pages[number].mediabox
    return float(box[3] - box[1])


@dataclass(slots=True)
class Rule:
    """A short horizontal line drawn on a page: the separator above footnotes."""

    x0: float
    x1: float
    y: float
    page: int


def _lines(pages: list[Any], laparams: Any) -> tuple[list[Line], list[float], list[Rule], set[int]]:
    """Every text line of every page, superscript marks removed; the size of every character; the
    short horizontal rules in the lower half of each page; the numbers of the marks removed."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTLine, LTRect, LTTextContainer, LTTextLine
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=laparams)
    interpreter = PDFPageInterpreter(manager, device)
    lines: list[Line] = []
    sizes: list[float] = []
    rules: list[Rule] = []
    marks: set[int] = set()

    def walk(item: Any, number: int) -> None:
        if isinstance(item, LTTextLine):
            chars = [c for c in item if isinstance(c, LTChar)]
            if not chars:
                return
            size = statistics.median(round(c.size, 1) for c in chars)
            base = min(c.y0 for c in chars if c.size >= size * 0.9) if chars else item.y0
            text = []
            mark = ""
            for c in item:
                glyph = c.get_text()
                # A reference mark: small digits above the baseline.
                raised = isinstance(c, LTChar) and c.size < size * 0.85 and c.y0 > base + size * 0.2
                if raised and (glyph.isdigit() or glyph in ",–-*†‡"):
                    mark += glyph if glyph.isdigit() else " "
                    continue
                marks.update(int(n) for n in mark.split())
                mark = ""
                text.append(glyph)
            marks.update(int(n) for n in mark.split())
            line = " ".join("".join(text).split())
            if line:
                sizes.extend(round(c.size, 1) for c in chars)
                bold = sum(1 for c in chars if _BOLD.search(c.fontname)) > len(chars) / 2
                lines.append(Line(line, item.x0, item.y0, item.x1, item.y1, size, number, bold))
        elif isinstance(item, (LTLine, LTRect)):
            width = _page_width(pages, number)
            if (
                item.height <= 2
                and 20 <= item.width <= width * 0.45
                and item.y1 < _page_height(pages, number) / 2
            ):
                rules.append(Rule(item.x0, item.x1, item.y1, number))
        elif isinstance(item, LTTextContainer) or hasattr(item, "__iter__"):
            for child in item:
                walk(child, number)

    for number, page in enumerate(pages):
        interpreter.process_page(page)
        for item in device.get_result():
            walk(item, number)
    return lines, sizes, rules, marks


def _mode(values: list[float]) -> float:
    return Counter(values).most_common(1)[0][0] if values else 10.0


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold()).strip()


def _drop_furniture(lines: list[Line], heights: dict[int, float], n_pages: int) -> list[Line]:
    """Running headers, footers and page numbers: near the top or bottom edge, repeated or numeric."""
    edge: dict[int, bool] = {}
    for i, line in enumerate(lines):
        height = heights[line.page]
        edge[i] = line.y0 > height * 0.90 or line.y1 < height * 0.10
    repeated = Counter(_signature(line.text) for i, line in enumerate(lines) if edge[i])
    pages_with = {
        sig: len({line.page for i, line in enumerate(lines) if edge[i] and _signature(line.text) == sig})
        for sig in repeated
    }
    keep = []
    for i, line in enumerate(lines):
        if edge[i]:
            if _PAGE_NUMBER.match(line.text):
                continue
            if n_pages >= 2 and pages_with[_signature(line.text)] >= max(2, n_pages * 0.3):
                continue
        keep.append(line)
    return keep


def _columns(lines: list[Line], gutter: float | None) -> list[list[Line]]:
    """The page's lines in reading order, as runs: full-width lines in place, columns left to right."""
    ordered = sorted(lines, key=lambda line: (-line.y1, line.x0))
    if gutter is None:
        return [ordered]
    runs: list[list[Line]] = []
    left: list[Line] = []
    right: list[Line] = []
    across: list[Line] = []
    for line in ordered:
        if line.x1 <= gutter or line.x0 >= gutter:
            if across:
                runs.append(across)
                across = []
            (left if line.x1 <= gutter else right).append(line)
        else:  # spans the gutter (a title, a heading, notes across the page): ends the band above it
            runs.extend(run for run in (left, right) if run)
            left, right = [], []
            across.append(line)
    runs.extend(run for run in (left, right, across) if run)
    return runs


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x of an empty vertical strip in the middle of the page that most lines keep to one side of."""
    bins = [0] * (int(width) + 1)
    for line in lines:
        for x in range(max(0, int(line.x0)), min(len(bins), int(line.x1) + 1)):
            bins[x] += 1
    allowed = max(1, len(lines) // 10)  # a few full-width lines may cross it
    best: tuple[int, float] | None = None
    start = None
    for x in range(int(width * 0.25), int(width * 0.75) + 1):
        if bins[x] <= allowed:
            start = x if start is None else start
            span = x - start + 1
            if span >= 6 and (best is None or span > best[0]):
                best = (span, (start + x) / 2)
        else:
            start = None
    if best is None:
        return None
    middle = best[1]
    left = sum(1 for line in lines if line.x1 <= middle)
    right = sum(1 for line in lines if line.x0 >= middle)
    return middle if left >= 3 and right >= 3 else None


def _page_notes(
    lines: list[Line], body_size: float, rules: list[Rule], gutter: float | None, marks: set[int]
) -> list[Line]:
    """The page's footnotes, top to bottom: the lines under a separator rule, or the run of small-type
    lines at the foot of the page, when the first of them starts with a note number (and, for small
    type alone, the number is one of the document's reference marks or the notes read as citations).

    On a two-column page the notes sit under one column or across the page; either way they start
    at the column's left edge, so the lines are taken on the rule's side of the gutter.
    """

    def side(line: Line, left: bool) -> bool:
        if gutter is None:
            return True
        return line.x0 < gutter if left else line.x0 >= gutter - 5

    ordered = sorted(lines, key=lambda line: (-line.y1, line.x0))
    for rule in sorted(rules, key=lambda r: -r.y):
        on_left = gutter is None or rule.x0 < gutter
        below = [line for line in ordered if line.y1 <= rule.y + 1 and side(line, on_left)]
        if below and _NOTE_START.match(below[0].text):
            return below
    notes: list[Line] = []
    for on_left in (True, False) if gutter is not None else (True,):
        column = [line for line in ordered if side(line, on_left)]
        cut = len(column)
        while cut > 0 and column[cut - 1].size < body_size * 0.92:
            cut -= 1
        run = column[cut:]
        while run and not _NOTE_START.match(run[0].text):
            run = run[1:]
        first = re.match(r"\D*(\d+)", run[0].text.translate(_TO_ASCII)) if run else None
        if first and (int(first.group(1)) in marks or any(has_citation(line.text) for line in run)):
            notes.extend(run)
    return notes


def _collect_notes(lines: list[Line], footnotes: dict[str, str], words: set[str]) -> None:
    current = None
    for line in lines:
        match = re.match(r"^(?:\[(\d{1,3})\]|(\d{1,3})[.)]?|([¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}))\s*(\S.*)$", line.text)
        if match:
            raw = match.group(1) or match.group(2) or match.group(3)
            current = str(int(raw.translate(_TO_ASCII)))
            footnotes[current] = (footnotes.get(current, "") + " " + match.group(4)).strip()
        elif current is not None:
            footnotes[current] = join_wrapped(footnotes[current], line.text, words)


def _paragraphs(lines: list[Line], body_size: float, words: set[str]) -> list[str]:
    """Lines of one column run joined into paragraphs: a new one at a wider gap, an indent, a change of
    size or weight (a heading), or a bullet."""
    if not lines:
        return []
    gaps = [a.y0 - b.y1 for a, b in pairwise(lines) if 0 <= a.y0 - b.y1 < a.size * 2]
    usual_gap = statistics.median(gaps) if gaps else body_size * 0.3
    left_edge = min(line.x0 for line in lines)
    right_edge = max(line.x1 for line in lines)
    out: list[str] = []
    current = lines[0].text
    for prev, line in pairwise(lines):
        gap = prev.y0 - line.y1
        new = (
            gap > usual_gap + line.size * 0.5
            or gap < -line.size  # moved up: not the next line of this paragraph
            or abs(line.size - prev.size) > 0.6
            or line.bold != prev.bold
            or _BULLET.match(line.text) is not None
            or (line.x0 > left_edge + line.size * 1.2 and prev.text[-1:] in '.!?:”"')
            or (prev.x1 < right_edge - (right_edge - left_edge) * 0.3 and prev.text[-1:] in '.!?:”"')
        )
        if new:
            out.append(current)
            current = line.text
        else:
            current = join_wrapped(current, line.text, words)
    out.append(current)
    return out
