"""Turn a reader's raw text into clean body text: paragraphs an analyst would quote, nothing else.

The cleaning rules run in the order of `RULES`; each is a plain function over a `Draft` (the list of
paragraphs plus what has been set aside so far). The order matters: furniture and footnotes go
first, so that pull quotes can be recognised against the body and broken sentences can be rejoined
across the gaps they leave.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from briefing.ingest import boilerplate, footnotes
from briefing.ingest.metadata import DATE_PATTERNS, parse_date


@dataclass(slots=True)
class Draft:
    """A document on its way through the cleaning rules."""

    paragraphs: list[str]
    """Body paragraphs, in order; each on one line."""
    known: dict[str, str] = field(default_factory=dict)
    """Metadata already known (manifest, then format): title and author help find a title block."""
    footnotes: dict[str, str] = field(default_factory=dict)
    """Footnotes set aside, by number."""
    notes: list[str] = field(default_factory=list)
    """Editor's notes and corrections taken out of the body."""
    found: dict[str, str] = field(default_factory=dict)
    """Metadata found in the text itself (title line, byline, dateline)."""
    removed: dict[str, int] = field(default_factory=dict)
    """How many paragraphs or segments each rule removed, for the report."""

    def count(self, rule: str, n: int = 1) -> None:
        """Record that `rule` removed or changed `n` more paragraphs."""
        self.removed[rule] = self.removed.get(rule, 0) + n


Rule = Callable[[Draft], None]

_TERMINAL = ".!?…"
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|No|vs|etc|e\.g|i\.e|Inc|Ltd|Co|Gen|Gov|Sen)\.)$"
)
_CLOSERS = "\"'”’»)]*_"


# --- text-level normalisation ------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$%&|<>~\"'])")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_EMPHASIS = [
    re.compile(r"(?<![\w*\\])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])"),
    re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"),
    re.compile(r"(?<![\w_\\])__(?=\S)(.+?)(?<=\S)__(?![\w_])"),
    re.compile(r"(?<![\w_\\])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"),
]


def normalise(text: str) -> str:
    """NFC, one kind of line break and space, converter escapes and HTML entities undone.

    Runs of spaces are kept (a later rule reads two spaces as a seam between flattened blocks);
    smart quotes and dashes are kept as written.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\f", "\n\n")  # a form feed is a page break
    text = text.translate(_INVISIBLE)
    text = _SPACES.sub(" ", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    # Emphasis before escapes: an escaped "\_" or "\*" is a literal character, not a marker.
    text = unemphasise(text)
    text = _ESCAPE.sub(r"\1", text)
    return unicodedata.normalize("NFC", text)


def unemphasise(text: str) -> str:
    """Drop Markdown emphasis markers (`*rial*`, `**bold**`, `_x_`) and keep the words."""
    for pattern in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    return text


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs. Inside a block, short lines are a hard wrap and are joined;
    long lines are paragraphs of their own (text pasted with one newline per paragraph)."""
    paragraphs: list[str] = []
    words = vocabulary(text)
    for block in re.split(r"\n\s*\n|\f", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        body = lines[:-1]
        if len(lines) > 1 and sorted(len(line) for line in body)[len(body) // 2] <= 100:
            # In a wrapped block, a numbered or bulleted line after a finished one starts an item
            # of its own: notes at the foot of a page, a list. A line of page furniture (a menu, a
            # sharing prompt) is never part of a paragraph.
            item: list[str] = []
            for line in lines:
                furniture = boilerplate.is_boilerplate(line) or boilerplate.is_navigation(line)
                item_start = _ITEM_START.match(line) and item and item[-1][-1:] in _TERMINAL + _CLOSERS + ":"
                if item and (furniture or item_start or boilerplate.is_navigation(item[-1])):
                    paragraphs.append(join_lines(item, words))
                    item = []
                if furniture:
                    paragraphs.append(line)
                    continue
                item.append(line)
            if item:
                paragraphs.append(join_lines(item, words))
        else:
            paragraphs.extend(lines)
    return paragraphs


_ITEM_START = re.compile(r"^(?:\d{1,3}[.)]|\[\d{1,3}\]|[•▪◦·*-])\s+\S")


def join_lines(lines: list[str], vocabulary: set[str] | None = None) -> str:
    """Join wrapped lines; a word hyphenated at a line end is made whole again (see `join_wrapped`)."""
    out = lines[0]
    for line in lines[1:]:
        out = join_wrapped(out, line, vocabulary or set())
    return out


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def vocabulary(text: str) -> set[str]:
    """The words of a text, lower case, hyphenated compounds as written: evidence for `join_wrapped`."""
    return {word.casefold() for word in _WORD.findall(text)}


def join_wrapped(left: str, right: str, words: set[str]) -> str:
    """Join two pieces of one paragraph split at a line or page end.

    "inter-" + "national" is one word, "well-" + "known" a compound: the hyphen stays when the
    document writes the compound with a hyphen elsewhere and never as one word.
    """
    head = re.search(r"([^\W\d_]+)-$", left)
    tail = re.match(r"[^\W\d_]+", right)
    if not head or not tail or not right[:1].islower():
        return f"{left} {right}"
    compound = f"{head.group(1)}-{tail.group(0)}".casefold()
    if compound in words and f"{head.group(1)}{tail.group(0)}".casefold() not in words:
        return left + right
    return left[:-1] + right


# --- the rules ---------------------------------------------------------------------------------


# A subheading flattened into running text: after a sentence end, 1-8 words without sentence
# punctuation, then two or more spaces (what is left of the line break) and a capital.
_RUN_IN_HEADING = re.compile(
    r"(?:^|(?<=[.!?…])|(?<=[.!?…][”\"’)]))\s+"
    r"(?P<heading>[A-Z0-9][\w'’&/-]*(?: [\w'’&/-]+){0,7})"
    r" {2,}(?=[A-Z“\"‘])"
)


def split_run_in_headings(draft: Draft) -> None:
    """A subheading flattened into the text ("…on Friday. Shared interests  Observers say…") becomes
    a paragraph of its own."""
    out: list[str] = []
    for paragraph in draft.paragraphs:
        cursor = 0
        for match in _RUN_IN_HEADING.finditer(paragraph):
            if match.start() == 0:
                continue
            out.append(paragraph[cursor : match.start()])
            out.append(match.group("heading"))
            cursor = match.end()
        out.append(paragraph[cursor:])
    draft.paragraphs = [p for p in out if p.strip()]


_PAGE_NUMBER = re.compile(r"(?i)^(?:page\s+)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$")


# A table-of-contents line: a title, dot leaders and a page number.
_TOC_LINE = re.compile(r"(?:\.\s?){5,}\s*\d{1,4}\b")


def drop_reference_list(draft: Draft) -> None:
    """A "References" or "Notes" section at the end of a paper is apparatus, not body: its numbered
    entries are already footnotes; the rest of the list goes, up to the next paragraph of prose."""
    total = sum(boilerplate.words(p) for p in draft.paragraphs)
    seen = 0
    for i, paragraph in enumerate(draft.paragraphs):
        if seen >= total / 2 and boilerplate.REFERENCES_START.match(paragraph):
            end = i + 1
            while end < len(draft.paragraphs) and _is_reference(draft.paragraphs[end]):
                end += 1
            draft.count("references", end - i)
            draft.paragraphs = draft.paragraphs[:i] + draft.paragraphs[end:]
            return
        seen += boilerplate.words(paragraph)


def _is_reference(paragraph: str) -> bool:
    """An entry of a reference list: a citation's features, a year in brackets, or a short line."""
    return (
        footnotes.has_citation(paragraph)
        or re.search(r"\((?:19|20)\d\d[a-z]?\)|\b(?:19|20)\d\d\.", paragraph) is not None
        or boilerplate.words(paragraph) <= 25
    )


def drop_page_furniture(draft: Draft) -> None:
    """Page numbers, tables of contents, and running headers or footers that text extracted from a
    paged document repeats: a short line seen three times or more (page numbers inside it aside)."""
    # A header carries the page number at one end; other numbers in it stay, as a shape.
    signature = [
        " ".join(re.sub(r"\d+", "#", re.sub(r"^\s*\d{1,3}\s+|\s+\d{1,3}\s*$", "", p.casefold())).split())
        for p in draft.paragraphs
    ]
    counts: dict[str, int] = {}
    for i, (sig, paragraph) in enumerate(zip(signature, draft.paragraphs, strict=True)):
        if boilerplate.words(paragraph) > 15:
            continue
        # Rows of a table repeat their shape next to each other; a running header never does.
        if i and signature[i - 1] == sig:
            counts[sig] = -1000
        counts[sig] = counts.get(sig, 0) + 1
    keep = []
    for sig, paragraph in zip(signature, draft.paragraphs, strict=True):
        if _PAGE_NUMBER.match(paragraph.strip()) or counts.get(sig, 0) >= 3 or _TOC_LINE.search(paragraph):
            draft.count("page_furniture")
            continue
        keep.append(paragraph)
    draft.paragraphs = keep


def set_aside_editor_notes(draft: Draft) -> None:
    """Editor's notes and corrections leave the body and are kept as notes on the document."""
    keep = []
    for paragraph in draft.paragraphs:
        if boilerplate.is_editor_note(paragraph):
            draft.notes.append(paragraph)
            draft.count("editor_notes")
        else:
            keep.append(paragraph)
    draft.paragraphs = keep


def set_aside_footnotes(draft: Draft) -> None:
    """Numbered citation paragraphs leave the body as footnotes; bare "Ibid."/URL lines go too."""
    keep = []
    for paragraph in draft.paragraphs:
        found = footnotes.footnote_number(paragraph)
        if found:
            number, text = found
            if number in draft.footnotes:
                draft.footnotes[number] += " " + text
            else:
                draft.footnotes[number] = text
            draft.count("footnotes")
        elif footnotes.is_bare_citation(paragraph):
            draft.count("footnotes")
        else:
            keep.append(paragraph)
    draft.paragraphs = keep


def drop_boilerplate(draft: Draft) -> None:
    """Page furniture goes: whole paragraphs of it, and sentences of it glued to a paragraph's ends."""
    keep = []
    paragraphs = draft.paragraphs
    # A comment section in the second half of the text ends the article.
    total = sum(boilerplate.words(p) for p in paragraphs)
    seen = 0
    for i, paragraph in enumerate(paragraphs):
        if seen >= total / 2 and boilerplate.COMMENTS_START.match(paragraph):
            draft.count("comments", len(paragraphs) - i)
            paragraphs = paragraphs[:i]
            break
        seen += boilerplate.words(paragraph)
    in_related = False
    for i, paragraph in enumerate(paragraphs):
        # A site menu at the top or bottom (in the middle, the same shape is a table's header row).
        if (i < 5 or i >= len(paragraphs) - 5) and boilerplate.is_navigation(paragraph):
            draft.count("boilerplate")
            continue
        # After "Related articles", the headlines of other articles, up to the next real paragraph.
        if boilerplate.RELATED_START.match(paragraph):
            in_related = True
            draft.count("boilerplate")
            continue
        if in_related and boilerplate.is_headline(paragraph):
            draft.count("boilerplate")
            continue
        in_related = False
        if boilerplate.is_boilerplate(paragraph):
            # "Published: 13 June 2017" near the top is furniture, but it dates the document.
            if not keep or len(keep) < 4:
                date = parse_date(paragraph) if _is_date_line(paragraph) else None
                if date:
                    draft.found.setdefault("published", date)
            draft.count("boilerplate")
            continue
        paragraph, removed = boilerplate.strip_boilerplate_segments(paragraph)
        draft.count("boilerplate", len(removed))
        if paragraph.strip():
            keep.append(paragraph)
    draft.paragraphs = keep


def drop_bios(draft: Draft) -> None:
    """Author bios and affiliation lines, and a lone author name at the end, are not body text."""
    authors = [a for a in re.split(r",| and |;|&", draft.known.get("author", "")) if a.strip()]
    if draft.found.get("author"):
        authors.append(draft.found["author"])
    names = {boilerplate.normalise_name(a) for a in authors}
    keep = []
    n = len(draft.paragraphs)
    skip_next = False
    for i, paragraph in enumerate(draft.paragraphs):
        near_edge = i >= n - 3
        if skip_next and boilerplate.words(paragraph) <= 80:
            skip_next = False
            draft.count("bios")
            continue
        skip_next = False
        if boilerplate.ABOUT_AUTHOR.match(paragraph):
            skip_next = True
            draft.count("bios")
            continue
        if boilerplate.is_bio(paragraph, authors, near_edge=near_edge):
            draft.count("bios")
            continue
        if i >= n - 4 and boilerplate.normalise_name(paragraph) in names - {""}:
            draft.count("bios")
            continue
        keep.append(paragraph)
    # A name alone as the very last paragraph is the author's signature.
    if len(keep) > 1 and _is_signature(keep[-1], names):
        if not names - {""}:
            draft.found.setdefault("author", keep[-1].strip())
        keep.pop()
        draft.count("bios")
    draft.paragraphs = keep


def _is_signature(paragraph: str, names: set[str]) -> bool:
    """A paragraph that is only a person's name: a known author, or a name-shaped line."""
    name = boilerplate.normalise_name(paragraph)
    if name and name in names:
        return True
    return bool(_NAME_LINE.match(paragraph.strip())) and not (set(name.split()) & _HEADING_WORDS)


def title_case(text: str) -> str:
    """An ALL-CAPS title in title case, small words in lower case ("Iran and Russia: Building a …")."""
    small = {
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "in",
        "nor",
        "of",
        "on",
        "or",
        "the",
        "to",
        "vs",
        "with",
    }
    out = []
    for i, word in enumerate(text.lower().split()):
        after_colon = i > 0 and out[-1].endswith(":")
        if word in small and i > 0 and not after_colon:
            out.append(word)
        else:  # "china–pakistan" → "China–Pakistan"
            out.append(re.sub(r"(^|[-–—/(“\"'])(\w)", lambda m: m.group(1) + m.group(2).upper(), word))
    return " ".join(out)


def _comparable(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


_BYLINE = re.compile(
    r"^(?i:by|written by|words by|authors?\s*:|by\s*:)\s*"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|al|bin|el|da|di|la|le)){0,4}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})*)\s*(?:[|,–—-].*)?$"
)
_NAME_LINE = re.compile(r"^(?:[A-Z][\w'’-]+\.?|[A-Z]\.)(?:\s+(?:[A-Z][\w'’-]+\.?|[A-Z]\.)){1,3}$")
_HEADING_WORDS = {
    "introduction", "abstract", "summary", "background", "contents", "conclusion", "conclusions",
    "chapter", "section", "part", "overview", "preface", "foreword", "executive", "table", "key",
    "findings", "notes", "references", "acknowledgements", "acknowledgments", "historical", "policy",
}  # fmt: skip
# What may stand on a date line besides the date: weekdays, times, zones, "published", "updated".
_DATE_LINE_EXTRA = re.compile(
    r"(?i)\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?|"
    r"\b\d{1,2}(?:[:.]\d{2}){0,2}\s*(?:[ap]\.?m\b\.?)|\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?|\b(?:gmt|utc|bst|cet|cest|est|edt|pst|pdt|irst|msk)\b|"
    r"[+-]\d{2}:?\d{2}\b|\b(?:published|updated|posted|last|modified|on|at|date|dated)\b|[^\w]|"
    r"(?-i:\b[A-Z]{2,4}T?\b)"  # a time zone: PKT, CEST, UTC
)


def _is_date_line(p: str) -> bool:
    """A line that only gives a date ("Monday, 13 June 2017 10:32 GMT", "Published: 2017-06-13")."""
    if boilerplate.words(p) > 10:
        return False
    for pattern in DATE_PATTERNS:
        match = pattern.search(p)
        if match:
            rest = p[: match.start()] + " " + p[match.end() :]
            return not _DATE_LINE_EXTRA.sub("", rest).strip()
    return False


_DATELINE = re.compile(
    r"^(?P<line>(?:(?:[A-Z][A-Za-z]*\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|\d{4}-\d\d-\d\d)"
    r"|[A-Z][A-Z.'’&-]+(?:\s+[A-Z][A-Z.'’&-]+){0,3}(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+){0,2})?"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?"  # "BRASILIA, April 14 (Reuters) —"
    r"(?:\s+\([A-Z][\w .&-]{1,30}\))?)"
    r"(?:\s*[–—|-]+\s*(?:[A-Z][A-Za-z]*\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|\d{4}-\d\d-\d\d"
    r"|[A-Z][A-Z.'’&-]+(?:\s+[A-Z][A-Z.'’&-]+){0,3}(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+){0,2})?"
    r"(?:\s+\([A-Z][\w .&-]{1,30}\))?))*)\s*[–—-]+\s+(?=[A-Z“\"‘'])"
)


def take_title_block(draft: Draft) -> None:
    """The title, byline and dateline at the top are metadata, not body text.

    A line that repeats the known title is dropped; without a known title, a short first line without
    sentence punctuation is taken as the title. "By Jane Doe" and a line holding only the author's
    name give the author; a date alone on a line, or a dateline opening the first paragraph
    ("13 June 2017 – TEHRAN —"), gives the publication date and leaves the body.
    """
    title = _comparable(draft.known.get("title", ""))
    author = _comparable(draft.known.get("author", ""))
    paragraphs = draft.paragraphs
    i = 0
    seen_title = False
    while i < min(len(paragraphs), 6):
        p = paragraphs[i].strip()
        comp = _comparable(p)
        if not comp:
            i += 1
            continue
        # "Title – By Jane Doe" on one line.
        head, byline = _split_title_byline(p)
        if byline:
            match = _BYLINE.match(byline)
            if match and (_comparable(head) == title or not title) and not seen_title:
                draft.found.setdefault("title", head.strip())
                draft.found.setdefault("author", match.group("name").strip())
                seen_title = True
                del paragraphs[i]
                draft.count("title_block")
                continue
        if title and (comp == title or (len(comp) > 12 and _similar(comp, title))):
            seen_title = True
            del paragraphs[i]
            draft.count("title_block")
            continue
        match = _BYLINE.match(p)
        if match and boilerplate.words(p) <= 12:
            draft.found.setdefault("author", match.group("name").strip())
            del paragraphs[i]
            draft.count("title_block")
            continue
        if author and comp == author:
            del paragraphs[i]
            draft.count("title_block")
            continue
        if _is_date_line(p) and parse_date(p):
            draft.found.setdefault("published", parse_date(p) or "")
            del paragraphs[i]
            draft.count("title_block")
            continue
        if (
            not seen_title
            and not title
            and i == 0
            and _looks_like_title(p)
            and len(paragraphs) > 1
            and not (len(comp.split()) <= 3 and set(comp.split()) & _HEADING_WORDS)
        ):
            draft.found.setdefault("title", title_case(p) if p.isupper() else p)
            seen_title = True
            del paragraphs[i]
            draft.count("title_block")
            continue
        if (
            seen_title
            and not author
            and "author" not in draft.found
            and _NAME_LINE.match(p)
            and not (set(comp.split()) & _HEADING_WORDS)
        ):
            draft.found["author"] = p.title() if p.isupper() else p
            del paragraphs[i]
            draft.count("title_block")
            continue
        # The first paragraph of prose ends the title block; it may open with a dateline.
        match = _DATELINE.match(p)
        if match and boilerplate.words(p) > len(match.group(0).split()) + 3:
            date = parse_date(match.group("line"))
            if date:
                draft.found.setdefault("published", date)
            paragraphs[i] = p[match.end() :]
            draft.count("title_block")
        break


def _split_title_byline(p: str) -> tuple[str, str]:
    """("Title", "By Jane Doe") from "Title – By Jane Doe"; (p, "") when there is no byline."""
    parts = re.split(r"\s+[–—|-]\s+(?=by\s)", p, maxsplit=1, flags=re.I)
    return (parts[0], parts[1]) if len(parts) == 2 else (p, "")


def _similar(a: str, b: str) -> bool:
    """Two titles that differ only by a few words (a section tag, a subtitle)."""
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return False
    common = len(set(wa) & set(wb))
    return common / max(len(set(wa)), len(set(wb))) >= 0.8 and abs(len(wa) - len(wb)) <= 3


def _looks_like_title(p: str) -> bool:
    n = boilerplate.words(p)
    return 1 <= n <= 20 and p[-1:] not in ".,;:" and p[:1].isupper() and not p.endswith("”")


def drop_pull_quotes(draft: Draft) -> None:
    """A paragraph whose sentences all appear elsewhere in the body is a pull quote; it goes.

    Shorter paragraphs are tested first, so of two copies the longer context stays; the comparison
    ignores case, punctuation and quote marks, and crosses paragraph seams (a sentence the page
    layout broke in two still counts).
    """
    order = sorted(range(len(draft.paragraphs)), key=lambda i: (len(draft.paragraphs[i]), i))
    removed: set[int] = set()
    comparable = [_comparable(p) for p in draft.paragraphs]
    for i in order:
        # Pull quotes are a few sentences; long repeated passages are the author's own repetition.
        if not 8 <= boilerplate.words(draft.paragraphs[i]) <= 80:
            continue
        others = " ".join(comparable[j] for j in range(len(comparable)) if j != i and j not in removed)
        sentences = [_comparable(s) for s in re.split(r"(?<=[.!?])\s+", draft.paragraphs[i])]
        sentences = [s for s in sentences if len(s.split()) >= 4]
        if sentences and all(f" {s} " in f" {others} " for s in sentences):
            removed.add(i)
            draft.count("pull_quotes")
    draft.paragraphs = [p for i, p in enumerate(draft.paragraphs) if i not in removed]


def _two_sentences(p: str) -> bool:
    """Whether a paragraph holds a sentence end followed by another sentence (numbering aside)."""
    return re.search(r"[.!?]\s+[A-Z]", re.sub(r"^\s*(?:\d+\.)+\d*\s+", "", p)) is not None


def _is_heading(p: str) -> bool:
    """A short line without sentence punctuation, or a table row: a heading or a cell, not prose."""
    if " | " in p:
        return True
    if _two_sentences(p):  # prose, however short
        return False
    return boilerplate.words(p) <= 12 and p.rstrip()[-1:] not in ".,;:" and not p[:1].islower()


def rejoin_broken_sentences(draft: Draft) -> None:
    """A paragraph of prose that stops mid-sentence continues in the next body paragraph.

    Page breaks and footnote blocks cut sentences ("…based on cooperation against" | "a threat
    from…"); once the footnotes and pull quotes are out, the two halves are neighbours again. A
    paragraph is cut when it ends without sentence punctuation (or with an abbreviation and the
    next one starts in lower case); headings and table rows are never joined.
    """
    out: list[str] = []
    words = vocabulary(" ".join(draft.paragraphs))
    for paragraph in draft.paragraphs:
        if out:
            prev = out[-1].rstrip()
            end = prev.rstrip(_CLOSERS)[-1:] if prev.rstrip(_CLOSERS) else ""
            # A colon introduces what follows (a list, a quotation); it does not cut a sentence.
            unfinished = end not in _TERMINAL + ":"
            # "…the U.S." | "exit in August": a full stop that only ends an abbreviation.
            after_abbreviation = _ABBREVIATION_END.search(prev) is not None and paragraph[:1].islower()
            lower = paragraph[:1].islower()
            tables = " | " in prev or " | " in paragraph
            # Before a capital, only prose breaks off mid-sentence: a list item without a full stop
            # is complete.
            prose = boilerplate.words(prev) >= 30 or _two_sentences(prev) or prev[-1:] in ",;–—-("
            joined = not tables and (
                (unfinished and lower)
                or (unfinished and prose and not _is_heading(prev) and not _is_heading(paragraph))
                or after_abbreviation
            )
            if joined:
                out[-1] = join_wrapped(prev, paragraph, words)
                draft.count("rejoined")
                continue
        out.append(paragraph)
    draft.paragraphs = out


def remove_reference_marks(draft: Draft) -> None:
    """Footnote reference marks glued to words ("relations.¹²", "relations.12") leave the text."""
    numbers = {int(n) for n in draft.footnotes if n.isdigit()}
    draft.paragraphs = [footnotes.remove_marks(p, numbers) for p in draft.paragraphs]


_BULLET = re.compile(r"^[•▪◦●■►‣⁃]\s*")


def tidy_spaces(draft: Draft) -> None:
    """One space between words, none at the ends, no bullet glyph in front; empty paragraphs go."""
    tidy = (_BULLET.sub("", re.sub(r" {2,}", " ", p).strip()) for p in draft.paragraphs)
    draft.paragraphs = [p for p in tidy if p]


RULES: list[tuple[str, Rule]] = [
    ("split_run_in_headings", split_run_in_headings),
    ("set_aside_editor_notes", set_aside_editor_notes),
    ("set_aside_footnotes", set_aside_footnotes),
    ("drop_page_furniture", drop_page_furniture),
    ("drop_reference_list", drop_reference_list),
    ("drop_boilerplate", drop_boilerplate),
    ("take_title_block", take_title_block),
    ("drop_bios", drop_bios),
    ("remove_reference_marks", remove_reference_marks),
    ("tidy_spaces", tidy_spaces),
    ("drop_pull_quotes", drop_pull_quotes),
    ("rejoin_broken_sentences", rejoin_broken_sentences),
]
"""The cleaning rules, in the order they run."""


@dataclass(slots=True)
class Cleaned:
    """Clean body text and what was set aside on the way."""

    text: str
    paragraphs: list[tuple[int, int]]
    footnotes: dict[str, str]
    notes: list[str]
    found: dict[str, str]
    removed: dict[str, int]


def clean(
    text: str, *, known: dict[str, str] | None = None, footnotes_in: dict[str, str] | None = None
) -> Cleaned:
    """Clean a reader's raw text; `known` is the metadata known so far (title, author)."""
    draft = Draft(paragraphs=split_paragraphs(normalise(text)), known=dict(known or {}))
    for number, note in (footnotes_in or {}).items():
        draft.footnotes[number] = note
    for _name, rule in RULES:
        rule(draft)
    draft.footnotes = {
        k: re.sub(r"\s+", " ", normalise(v)).strip() for k, v in _sorted(draft.footnotes).items()
    }
    text_out, spans = assemble(draft.paragraphs)
    return Cleaned(text_out, spans, draft.footnotes, draft.notes, draft.found, draft.removed)


def _sorted(notes: dict[str, str]) -> dict[str, str]:
    return dict(
        sorted(
            notes.items(), key=lambda kv: (not kv[0].isdigit(), int(kv[0]) if kv[0].isdigit() else 0, kv[0])
        )
    )


def assemble(paragraphs: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join paragraphs with blank lines; return the text and each paragraph's (start, end)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for paragraph in paragraphs:
        spans.append((pos, pos + len(paragraph)))
        pos += len(paragraph) + 2
    return "\n\n".join(paragraphs), spans
