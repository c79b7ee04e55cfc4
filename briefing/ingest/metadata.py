"""Turn what a manifest, a file's format and its text say about a document into DocumentInfo fields.

The manifest wins. Where it is silent, a field is taken from the format's own metadata (front matter,
HTML meta tags, PDF info, DOCX core properties), then from the text (a "By …" byline, a dateline),
and named in `inferred`, so that a brief can say which facts the analyst did not confirm.
"""

from __future__ import annotations

import datetime as dt
import re

FIELDS = ("title", "author", "publisher", "published", "url")

_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
DATE_PATTERNS = [
    # 2017-06-13, 2017-06-13T10:00:00Z, 2017/06/13, D:20170613 (PDF)
    re.compile(
        r"(?:D:)?(?P<year>(?:19|20)\d\d)(?P<sep>[-/]?)(?P<m>0[1-9]|1[0-2])(?:(?P=sep)(?P<day>0[1-9]|[12]\d|3[01]))?(?!\d)"
    ),
    # 13 June 2017, 13th of June, 2017
    re.compile(
        rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I
    ),
    # June 13, 2017 / June 2017
    re.compile(rf"{_MONTH}\s+(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<year>(?:19|20)\d\d)\b", re.I),
]
_ISO = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")


# Names that document software writes as the author: not a person.
_PLACEHOLDER_AUTHOR = re.compile(
    r"(?i)^(?:python-docx|user|admin(?:istrator)?|owner|author|unknown|anonymous|windows user|"
    r"microsoft office user|microsoft|guest|default|reportlab|anonymous author|\W*)$"
)


def is_placeholder_author(name: str) -> bool:
    """Whether an author field holds a software default ("python-docx", "Administrator") instead of a name."""
    return bool(_PLACEHOLDER_AUTHOR.match(name.strip()))


def parse_date(text: str) -> str | None:
    """The first date written in `text`, as ISO text of day or month precision; None if there is none."""
    if not text:
        return None
    best: tuple[int, str] | None = None
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        year = int(groups["year"])
        month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["month"].lower().rstrip(".")]
        day = int(groups["day"]) if groups.get("day") else None
        try:
            iso = dt.date(year, month, day).isoformat() if day else f"{year:04d}-{month:02d}"
        except ValueError:
            continue
        if best is None or match.start() < best[0]:
            best = (match.start(), iso)
    return best[1] if best else None


def parse_published(value: str) -> str | None:
    """A publication date given as metadata: ISO already, a year alone, or any written date."""
    value = value.strip()
    if _ISO.fullmatch(value):
        return value
    return parse_date(value) or (value if re.fullmatch(r"(?:19|20)\d\d", value) else None)


def merge(
    manifest: dict[str, str], from_format: dict[str, str], from_text: dict[str, str]
) -> tuple[dict[str, str | None], list[str]]:
    """Each field from the first source that has it; return (fields, names of inferred fields).

    The order is manifest, format metadata, the text itself, and last the file's creation date
    (format key "created"), which only stands in for a publication date nobody states.
    """
    fields: dict[str, str | None] = {}
    inferred: list[str] = []
    fallback = {"published": from_format.get("created", "")}
    for name in FIELDS:
        value = manifest.get(name)
        if value:
            fields[name] = value
            continue
        for source in (from_format, from_text, fallback):
            candidate = (source.get(name) or "").strip()
            if name == "published" and candidate:
                candidate = parse_published(candidate) or ""
            if candidate:
                fields[name] = candidate
                inferred.append(name)
                break
        else:
            fields[name] = None
    return fields, inferred
