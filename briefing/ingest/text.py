"""Turn a .txt or .md file into raw text: decode its bytes, read YAML front matter as metadata."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from briefing.ingest.raw import RawDocument, ReadError

# Byte-order marks, longest first so UTF-32 is not taken for UTF-16.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Front-matter keys that mean one of our metadata fields.
_FRONT_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "publisher": "publisher",
    "source": "publisher",
    "site": "publisher",
    "site_name": "publisher",
    "date": "published",
    "published": "published",
    "published_at": "published",
    "pubdate": "published",
    "url": "url",
    "link": "url",
    "canonical_url": "url",
}


def decode(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; return (text, encoding) or raise ReadError saying why not."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {encoding} bytes at offset {exc.start}") from exc
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 without a BOM has a NUL in every other byte of Latin text; anything else is binary.
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if max(odd, even) > len(head) // 4 and min(odd, even) == 0:
            encoding = "utf-16-le" if odd else "utf-16-be"
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                pass
        raise ReadError("binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if len(_UTF8_SEQUENCE.findall(data)) >= 2:
        # Real UTF-8 sequences next to invalid bytes: a damaged UTF-8 file, not another encoding.
        raise ReadError(f"invalid UTF-8 bytes (first at offset {utf8_error.start})")
    from charset_normalizer import from_bytes  # lazy: only files that are not UTF-8 pay for it

    best = from_bytes(data).best()
    try:
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if best is None and western is None:
        raise ReadError(f"cannot decode: invalid bytes (first at offset {utf8_error.start})")
    if best is None or (western is not None and _mostly_latin(str(best))):
        # charset-normalizer guesses short Western text as any of a dozen Latin code pages; like
        # browsers, read it as Windows-1252 unless the guess found another script.
        text, encoding = western or "", "cp1252"
    else:
        text, encoding = str(best), best.encoding
    if _control_ratio(text) > 0.01:
        raise ReadError(f"cannot decode: invalid bytes (first at offset {utf8_error.start})")
    return text, encoding


def _mostly_latin(text: str) -> bool:
    """Whether the non-ASCII letters of a text are Latin ones (é, ç, ą) rather than another script."""
    letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if not letters:
        return True
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    return latin >= len(letters) * 0.8


def _control_ratio(text: str) -> float:
    """Share of characters that are control codes, a sign of a wrong guess at the encoding."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return bad / len(text)


def read_bytes_as_text(path: Path) -> tuple[str, list[str]]:
    """Read and decode a text file; warnings say which encoding was guessed when it was not UTF-8."""
    data = path.read_bytes()
    text, encoding = decode(data)
    warnings = []
    if encoding not in ("utf-8", "ascii") and not encoding.startswith("utf-"):
        warnings.append(f"not UTF-8; decoded as {encoding}")
    return text, warnings


def front_matter(text: str) -> tuple[dict[str, str], str, list[str]]:
    """Split YAML front matter off a text; return (metadata, rest of the text, warnings)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, []
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        return {}, text, [f"front matter is not valid YAML ({type(exc).__name__}); read as text"]
    if not isinstance(data, dict):
        return {}, text, []
    metadata: dict[str, str] = {}
    warnings: list[str] = []
    for key, value in data.items():
        field = _FRONT_KEYS.get(str(key).lower().replace("-", "_"))
        if field is None or field in metadata or isinstance(value, dict) or value in (None, ""):
            continue
        if isinstance(value, list):
            # Only a list of plain values is metadata ("authors: [A, B]"); nested lists are not, and
            # YAML aliases can nest them into billions of items from a few lines.
            if not all(isinstance(v, str | int | float) for v in value):
                warnings.append(f"front matter '{key}' is not a plain value or list; ignored")
                continue
            value = ", ".join(str(v) for v in value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        text_value = str(value).strip()
        if len(text_value) > _MAX_FIELD:
            warnings.append(f"front matter '{key}' is {len(text_value)} characters long; ignored")
            continue
        metadata[field] = text_value
    return metadata, text[match.end() :], warnings


_MAX_FIELD = 2000
"""Longer front-matter values are not a title, an author or a date."""


def read_text(path: Path) -> RawDocument:
    """Read a plain-text file (.txt): any common encoding; YAML front matter if present."""
    text, warnings = read_bytes_as_text(path)
    metadata, body, fm_warnings = front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    return RawDocument(text=body, metadata=metadata, format="txt", warnings=warnings + fm_warnings)


def read_markdown(path: Path) -> RawDocument:
    """Read a Markdown file (.md): front matter as metadata, Markdown syntax reduced to plain text."""
    raw = read_text(path)
    raw.format = "md"
    raw.text, raw.footnotes = markdown_notes(raw.text)
    raw.text = markdown_to_text(raw.text)
    return raw


def markdown_notes(text: str) -> tuple[str, dict[str, str]]:
    """Markdown footnotes: "[^1]: text" definitions set aside, "[^1]" marks removed."""
    notes = {m.group(1): " ".join(m.group(2).split()) for m in _MD_NOTE_DEF.finditer(text)}
    text = _MD_NOTE_DEF.sub("", text)
    return _MD_NOTE_MARK.sub("", text), notes


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MD_LINK_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:\s+\S+.*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$", re.MULTILINE)
_MD_SETEXT = re.compile(r"^(=+|-+)[ \t]*$", re.MULTILINE)
_MD_QUOTE = re.compile(r"^[ \t]{0,3}>\s?", re.MULTILINE)
_MD_BULLET = re.compile(r"^[ \t]*[-*+•][ \t]+", re.MULTILINE)
# Numbered items keep their number: numbered notes at the end of a paper look just like them.
_MD_NUMBERED = re.compile(r"^[ \t]*(\d{1,3}[.)][ \t]+)", re.MULTILINE)
_MD_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?:[ \t]{2,}|\t)\S.*)*)", re.MULTILINE)
_MD_NOTE_MARK = re.compile(r"\[\^[^\]\s]+\]")
_MD_RULE = re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.MULTILINE)
_MD_FENCE = re.compile(r"^[ \t]*(```|~~~).*$", re.MULTILINE)
_MD_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_CODE = re.compile(r"`([^`\n]+)`")


def markdown_to_text(text: str) -> str:
    """Reduce Markdown to plain paragraphs: headings, lists and quotes become paragraphs of their own."""
    text = _MD_HTML_COMMENT.sub("", text)
    text = _MD_FENCE.sub("", text)
    text = _MD_LINK_DEF.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REF_LINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_RULE.sub("", text)
    # A heading or a list item is a paragraph of its own, whatever its neighbours.
    text = _MD_HEADING.sub(lambda m: "\n\n" + m.group(1) + "\n\n", text)
    text = _MD_SETEXT.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_BULLET.sub("\n\n", text)
    text = _MD_NUMBERED.sub(lambda m: "\n\n" + m.group(1), text)
    return text
