"""Turn a document's cleaned text into sentences with character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.model import Document, SourceRef

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    (
        "mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep pres st jr sr vs etc inc ltd co corp "
        "no vol pp p ed eds fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept est "
        "univ u.s u.k u.n e.g i.e a.m p.m"
    ).split()
)

# Abbreviations that often close a sentence as well ("… sanctions imposed by the U.S.").
_MAY_END = frozenset("u.s u.k u.n etc inc ltd co corp jr sr".split())
_SENTENCE_START = re.compile(r"(?:The|A|An|In|But|It|He|She|They|We|This|These|That|However|On|At|As)\b")

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace.
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+)""")
_NEXT_START = re.compile(r"""\s+["'“‘(\[]*([A-Z0-9ÀÁÂÄÉÈÍÓÖÚÜА-ЯЁΑ-Ω]|\S)""")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document."""

    doc: str
    """Id of the document it belongs to."""
    start: int
    """Offset of its first character in the document's cleaned text."""
    end: int
    """Offset one past its last character."""
    text: str
    """The sentence, verbatim: equal to the document text between start and end."""
    paragraph: int
    """Index of the paragraph it sits in."""

    def ref(self) -> SourceRef:
        """A source reference to the whole sentence."""
        return SourceRef(doc=self.doc, start=self.start, end=self.end, quote=self.text)


def _is_boundary(text: str, dot: int, after: int) -> bool:
    """Whether the punctuation ending at `after` closes a sentence."""
    match = _NEXT_START.match(text, after)
    if not match:
        return True
    nxt = match.group(1)
    if text[dot] == ".":
        word = re.search(r"([\w.]+)\.$", text[max(0, dot - 12) : dot + 1])
        token = word.group(1).lower() if word else ""
        if token in _ABBREVIATIONS:
            # "the U.S." and "Inc." also end sentences: trust an opening quote or a common first word.
            quoted = text[match.start(1) - 1] in "\"“‘"
            ends = token in _MAY_END and (quoted or bool(_SENTENCE_START.match(text, match.start(1))))
            if not ends:
                return False
        # Initials ("George W. Bush", "I.R.G.C.") rarely end a sentence.
        if re.fullmatch(r"[A-Z]", token.upper()) and len(token) == 1 and token.isalpha():
            return False
        # A decimal number or section number.
        if nxt.isdigit() and text[dot - 1 : dot].isdigit():
            return False
    return nxt.isupper() or nxt.isdigit() or not nxt.isalpha()


def split(doc: Document) -> list[Sentence]:
    """Split a document into sentences, never across paragraph boundaries."""
    spans = doc.paragraphs or [(0, len(doc.text))]
    sentences: list[Sentence] = []
    for index, (p_start, p_end) in enumerate(spans):
        sentences.extend(_split_span(doc.id, doc.text, p_start, p_end, index))
    return sentences


def _split_span(doc_id: str, text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    out: list[Sentence] = []
    chunk = text[start:end]
    cursor = 0
    for match in _BOUNDARY.finditer(chunk):
        if not _is_boundary(chunk, match.start(), match.end()):
            continue
        out.extend(_make(doc_id, text, start + cursor, start + match.end(), paragraph))
        cursor = match.end()
    out.extend(_make(doc_id, text, start + cursor, end, paragraph))
    return out


def _make(doc_id: str, text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return []
    return [Sentence(doc_id, start, end, text[start:end], paragraph)]
