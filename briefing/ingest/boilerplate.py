"""Turn paragraphs into body paragraphs: find website boilerplate, author bios and editor's notes.

Each rule is a pattern for a *kind* of line that web pages, PDFs and converters add around an
article (sharing prompts, comment forms, licence lines, credits), never a string of one corpus.
"""

from __future__ import annotations

import re

# Furniture of a web page or a journal, not part of what the author wrote. Each pattern is matched
# at the start of a paragraph, or of a segment glued to a paragraph's end. The unmistakable ones
# hold for paragraphs up to 50 words; the rest only for short lines (15 words), where they cannot
# be the start of a sentence of prose ("Published in Tehran, the paper said…").
_UNMISTAKABLE = [
    r"(?:e-?|p-?|print |online )?ISSN[:\s]+\d{4}-?\d{3}[\dXx]\b",
    r"ISBN[:\s]+[\d-]{10,}",
    r"leave a (?:reply|comment)\b",
    r"your email address will not be published",
    r"required fields are marked",
    r"this site uses akismet",
    r"learn how your comment data is processed",
    r"©",
    r"copyright\s+(?:©|\(c\)|\d{4})",
    r".{0,80}\ball rights reserved",
    r".{0,80}\blicensed under (?:a |the )?creative commons",
    r".{0,40}\bcreative commons (?:attribution|licen[cs]e)",
    r"(?:all )?(?:content|material)s? (?:on this site|by .{1,60}) (?:is|are) licensed",
    r"(?:subscribe|sign up|register)\b.{0,60}\b(?:newsletter|inbox|digest)",
    r"(?:get|receive) (?:our|the)\b.{0,40}\bnewsletter",
    r"(?:this|the) (?:article|story|piece|op-?ed|post|commentary|essay|interview) (?:was|is|has been) "
    r"(?:first |originally |also )?(?:published|posted|appeared|republished)",
    r"(?:the )?(?:views|opinions) expressed (?:in this|here|are)",
    r"(?:we|this (?:web)?site) uses? cookies",
    r"skip to (?:main )?content",
]
_SHORT_LINE = [
    r"(?:post a|add a|write a|view|show|hide|load more|read)\s+comments?\b",
    r"\d+\s+(?:comments?|responses?|replies)\s*$",
    r"comments?\s*(?:\(\d+\))?\s*$",
    r"(?:read|see) (?:more|also)\b\s*[:.…>»]*",
    r"(?:related|recommended|popular|trending|more)"
    r"(?: articles| posts| stories| news| reading| content)?\s*:?\s*$",
    r"(?:click|tap) here\b",
    r"continue reading\b",
    r"(?:subscribe|sign up|register)\b.{0,60}\b(?:updates|email|free|today|now)",
    r"subscribe(?: now| today)?\s*[.!]?\s*$",
    r"(?:share|tweet|email|print)(?: this)?(?: article| story| page| post)?(?: on| via| with)?\s*"
    r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email)?\s*[:.]?\s*$",
    r"share (?:this|on|via)\b",
    r"(?:follow|like|join) us (?:on|at)\b",
    r"(?:facebook|twitter|linkedin|whatsapp|telegram|email|print)"
    r"(?:\s*[|·•,]\s*(?:facebook|twitter|linkedin|whatsapp|telegram|email|print))+\s*$",
    r"(?:\(c\)\s|copyright\b)",
    r"(?:first |originally )?(?:published|appeared) (?:first |originally )?(?:in|at|on|by) [A-Z]",
    r"(?:photo|image|picture|illustration|graphic|video|map)(?:\s+credits?)?\s*(?::|by\b|courtesy\b)",
    r"(?:photo|image|picture)s?\s*/\s*\w+",
    r"\(?(?:photo|image|credit)s?:",
    r"credit:\s",
    r"(?:tags?|filed under|categories|category|topics?)\s*:",
    r"posted (?:in|on|by)\b",
    r"(?:published|updated|last (?:updated|modified))\s*(?:on|at|:)?\s*"
    r"[\w ,:.+/-]{0,40}\d{4}[\w ,:.+/-]{0,20}$",
    r"(?:\d+\s*(?:-|to)\s*)?\d+\s*min(?:ute)?s?\.?\s+read\s*$",
    r"(?:estimated )?reading time\s*:",
    r"advertisement\s*$",
    r"(?:sponsored|promoted)(?: content| stories)?\s*$",
    r"back to top\s*$",
    r"(?:accept|manage) (?:all )?cookies",
    r"loading\s*\.\.\.\s*$",
    r"download (?:the )?(?:pdf|full report|app)\b",
    r"(?:print|email|save)\s*$",
    r"(?:previous|next) (?:article|post|story)\b",
    r"you (?:may|might) also (?:like|be interested)",
    r"(?:https?://|www\.)\S+\s*$",
    r"(?:figure|fig\.|table|chart|graph|map|exhibit|box)\s+\d+(?:\.\d+)?\s*[.:—–-]",  # captions
    r"(?:data )?sources?\s*:",
]
UNMISTAKABLE = re.compile(r"^\W{0,3}(?:" + "|".join(_UNMISTAKABLE) + r")", re.IGNORECASE)
SHORT_LINE = re.compile(r"^\W{0,3}(?:" + "|".join(_SHORT_LINE) + r")", re.IGNORECASE)

# Editor's notes and corrections: kept as a note on the document, never as body text.
EDITOR_NOTE = re.compile(
    r"^\W{0,3}(?:editor['’]?s['’]?\s+note|note from the editors?|note to readers|"
    r"correction|clarification|corrigendum|erratum|update|updated|disclosure)\b\s*(?:\([^)]{0,40}\))?"
    r"(?::|\.\s|\s[—–-]\s)|"
    r"^\W{0,3}(?:an|a) (?:earlier|previous) version of this (?:article|story|report|piece|post)",
    re.IGNORECASE,
)

# "Jane Doe is a senior fellow at ...": an author bio or affiliation line.
_NAME = (
    r"(?:(?:Dr|Prof|Professor|Mr|Mrs|Ms|Amb|Gen|Col)\.?\s+)?"
    r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|al|bin|el|da|di|la|le)){0,4}"
)
_ROLE = (
    r"(?:research(?:er)?|fellow|professor|lecturer|director|editor|analyst|associate|scholar|"
    r"journalist|correspondent|writer|author|columnist|reporter|founder|chair(?:man|woman)?|head|"
    r"expert|specialist|consultant|student|candidate|scientist|economist|diplomat|ambassador|officer|"
    r"manager|contributor|commentator|member|president|doctoral|graduate|faculty|dean|"
    r"coordinator|adviser|advisor|lawyer|historian|ph\.?d)"
)
# The predicate of a bio is a role: "is a senior fellow at", "is Research Associate at",
# not an event ("was re-elected president").
BIO = re.compile(
    rf"^({_NAME})(?:,\s[^,]{{1,60}},)?\s+(?:is|was|serves as|has been|works as)\s+"
    rf"(?:(?:a|an|the|currently|also|formerly)\s+(?:[\w’'-]+\s+){{0,4}}(?i:{_ROLE})s?\b"
    rf"|(?:[A-Z][\w’'-]+\s+){{0,3}}(?i:{_ROLE})s?\s+(?:at|of|in|with|for)\b)",
    re.UNICODE,
)
ABOUT_AUTHOR = re.compile(r"^\W{0,3}(?:about the authors?|the authors?|author bio(?:graphy)?)\s*:?\s*$", re.I)


# The start of a page's comment section: everything after it is readers' text, not the article's.
COMMENTS_START = re.compile(
    r"^\W{0,3}(?:leave a (?:reply|comment)|post a comment|add a comment|join the (?:discussion|conversation)|"
    r"comments are closed|\d+\s+(?:comments?|responses?|replies|thoughts? on\b)|comments?\s*(?:\(\d+\))?$|"
    r"(?:show|view|load|read) (?:all )?(?:\d+ )?comments|what do you think\??$|reader comments)",
    re.IGNORECASE,
)
# The start of a list of links to other articles: the headlines after it are not the article's.
RELATED_START = re.compile(
    r"^\W{0,3}(?:related(?: articles| posts| stories| news| content| reading| coverage)?|"
    r"(?:you )?(?:may|might) also (?:like|be interested in)|recommended(?: for you| articles| stories)?|"
    r"more (?:from|on|in|stories|articles|news)\b.{0,40}|"
    r"(?:most )?(?:popular|read|trending)(?: now| stories| articles)?|"
    r"further reading|see also|latest (?:news|stories|articles))\s*:?\s*$",
    re.IGNORECASE,
)


# The heading of a list of references at the end of a paper.
REFERENCES_START = re.compile(
    r"^\W{0,3}(?:references|bibliography|works cited|sources|notes|endnotes|end notes|footnotes|"
    r"select(?:ed)? bibliography|further reading)\s*:?\s*$",
    re.IGNORECASE,
)


def is_navigation(line: str) -> bool:
    """A site menu: three or more short capitalised items separated by bars, bullets or slashes."""
    items = [item.strip() for item in re.split(r"\s[|•·/»›>]\s", line)]
    if len(items) < 3 or any(not item for item in items):
        return False
    return all(
        len(item.split()) <= 3 and item[:1].isupper() and not re.search(r"\d|[.!?]$", item) for item in items
    )


def is_headline(paragraph: str) -> bool:
    """A short line without a full stop at the end: a heading or a link to another article."""
    return words(paragraph) <= 20 and paragraph.rstrip()[-1:] not in '.!?…:;,”"'


def words(text: str) -> int:
    """Number of words, for the size limits the rules use."""
    return len(text.split())


def is_boilerplate(paragraph: str) -> bool:
    """Whether a whole paragraph (or a segment of one) is page furniture: short, and of a known kind."""
    n = words(paragraph)
    if n <= 50 and UNMISTAKABLE.match(paragraph):
        return True
    return n <= 15 and SHORT_LINE.match(paragraph) is not None


def is_editor_note(paragraph: str) -> bool:
    """Whether a paragraph is an editor's note, correction or update notice."""
    return EDITOR_NOTE.search(paragraph) is not None


def is_bio(paragraph: str, authors: list[str], *, near_edge: bool) -> bool:
    """Whether a paragraph is an author bio or affiliation line.

    A paragraph about a known author is a bio wherever it sits; one about someone else only at the
    end of the document, where publishers put bios, so that body text introducing a person is
    never taken for one.
    """
    if words(paragraph) > 80 or paragraph.count(". ") > 3:
        return False
    match = BIO.match(paragraph)
    if not match:
        return False
    name = normalise_name(match.group(1))
    if any(name and (name in normalise_name(a) or normalise_name(a) in name) for a in authors if a):
        return True
    return near_edge


def normalise_name(name: str) -> str:
    """A name reduced for comparison: lower case letters and single spaces."""
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


# Segments of a paragraph: split after sentence punctuation or at runs of two or more spaces.
_SEGMENT = re.compile(r"(?<=[.!?:”\"’])\s+|\s{2,}")


def strip_boilerplate_segments(paragraph: str) -> tuple[str, list[str]]:
    """Cut boilerplate sentences glued to the end (or start) of a paragraph; return (rest, removed)."""
    removed: list[str] = []
    while True:
        cuts = [m for m in _SEGMENT.finditer(paragraph)]
        if not cuts:
            return paragraph, removed
        last = cuts[-1]
        tail = paragraph[last.end() :]
        if tail and words(tail) <= 30 and is_boilerplate(tail):
            removed.append(tail)
            paragraph = paragraph[: last.start()].rstrip()
            continue
        first = cuts[0]
        head = paragraph[: first.start()]
        if head and words(head) <= 12 and is_boilerplate(head) and not head.rstrip().endswith(","):
            removed.append(head)
            paragraph = paragraph[first.end() :].lstrip()
            continue
        return paragraph, removed
