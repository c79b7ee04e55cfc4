"""Turn footnote paragraphs and reference marks into footnotes set aside from the body text.

PDF-to-text conversion leaves each page's footnotes between body paragraphs ("4. Moritz A. Pieper,
"Russia and Iran…", <http://…>. Accessed on January 1, 2017.") and the marks that point to them glued
to words ("relations.¹²", "relations.12"). These rules recognise a footnote by its shape: a number
in front, and the features of a citation (a URL, "Accessed", "Ibid.", page numbers, a quoted or
italic title with a date).
"""

from __future__ import annotations

import re

# "12. Text", "12) Text", "[12] Text", "¹² Text".
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_ASCII = str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789")
NUMBERED = re.compile(
    rf"^\s*(?:\[(\d{{1,3}})\]|(\d{{1,3}})[.)]|([{_SUPERSCRIPT_DIGITS}]{{1,3}}))\s+(\S.*)$", re.S
)

# Features of a citation; a numbered paragraph with one of them is a footnote.
_CITATION = re.compile(
    r"https?://|www\.\w|<\S+>|\baccessed (?:on )?\w|\bretrieved (?:on |from )?\w|\bibid\b|\bop\.? cit\b|"
    r"\bloc\.? cit\b|\bid\.\s*(?:at|,|$)|\bn\. ?\d+\b|\bpp?\. ?\d+|\bvol\. ?\d+|"
    r"\(\w[\w\s.&,]*:\s*[^)]{2,60},\s*\d{4}\)|"  # (New York: Howard Books, 2016)
    # A quoted title with a comma at its end, then a date: "Title", Publisher, May 3, 2017
    r"[\"“][^\"”]{4,200}(?:[,.][\"”]|[\"”],)\s+(?:[A-Z][^,]{0,80},\s*)?(?:\w+\s+)?(?:\d{1,2},?\s+)?\d{4}|"
    r"\*[^*]{3,200}\*|\bet al\.|\beds?\.,|\bdoi:",
    re.IGNORECASE,
)


# A number without a full stop ("12 Ibid.", from a superscript flattened by a converter) needs
# one of the unmistakable features.
BARE_NUMBERED = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$", re.S)
_STRONG_CITATION = re.compile(
    r"https?://|www\.\w|\baccessed (?:on )?\w|\bretrieved (?:on |from )?\w|"
    r"\bibid\b|\bop\.? cit\b|\bpp?\. ?\d+",
    re.IGNORECASE,
)


def footnote_number(paragraph: str) -> tuple[str, str] | None:
    """(number, text) when a paragraph has the shape of a footnote, else None."""
    match = NUMBERED.match(paragraph)
    if not match:
        bare = BARE_NUMBERED.match(paragraph)
        if bare and bare.group(2)[:1].isupper() and _STRONG_CITATION.search(bare.group(2)):
            return str(int(bare.group(1))), bare.group(2).strip()
        return None
    number = (match.group(1) or match.group(2) or match.group(3) or "").translate(_TO_ASCII)
    text = match.group(4).strip()
    if not _CITATION.search(text):
        return None
    return str(int(number)), text


def has_citation(text: str) -> bool:
    """Whether a text has a feature of a bibliographic reference (URL, "Accessed", "Ibid.", "p. 12", …)."""
    return _CITATION.search(text) is not None


def is_bare_citation(paragraph: str) -> bool:
    """An unnumbered citation fragment left alone in the body: "Ibid.", a URL, "Accessed on …"."""
    text = paragraph.strip().strip("*_").strip()
    if re.fullmatch(r"(?i)(?:ibid|op\.? cit|loc\.? cit)\.?(?:,? (?:p|pp)\. ?[\d-]+\.?)?", text):
        return True
    if re.fullmatch(r"<?(?:https?://|www\.)\S+>?\.?", text):
        return True
    return re.match(r"(?i)accessed (?:on )?\w+ \d", text) is not None and len(text.split()) <= 8


# A superscript mark after a word or punctuation; not after a unit ("km²") or a number ("10⁶").
_SUPERSCRIPT_MARK = re.compile(
    rf"(?:(?<=[.,;:!?)\]”\"’'])|(?<=[^\W\d_]{{3}}))[{_SUPERSCRIPT_DIGITS}]+(?:[,–-][{_SUPERSCRIPT_DIGITS}]+)*"
)
_BRACKET_MARK = re.compile(r"(?<=[^\s\d])\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]")
# An ASCII mark: digits glued to the punctuation that ends a word ("relations.12", "power,3").
_ASCII_MARK = re.compile(r"(?<=[^\W\d_][.,;:!?]|[^\W\d_][”\"’)]|[.,][”\"’])(\d{1,3})(?=\s|$)")


def remove_marks(text: str, numbers: set[int]) -> str:
    """Remove footnote reference marks from body text.

    Superscript and bracketed marks are always marks. ASCII digits glued to punctuation are marks only
    when the document has footnotes and the number is one of theirs, so that "in 2017.12 experts" or
    a decimal is never touched.
    """
    text = _SUPERSCRIPT_MARK.sub("", text)
    text = _BRACKET_MARK.sub("", text)
    if numbers:
        text = _ASCII_MARK.sub(lambda m: "" if int(m.group(1)) in numbers else m.group(0), text)
    return text
