"""Turn sentences into the cues the summary and challenge extractors rank by.

Holds the cue lexicons (friction cues, challenge themes, summary themes, hedges, connectives)
and the small text helpers both extractors share: tokens and stems, the parties named by a
corpus title, trimming a sentence to a whole statement, and flags for sentences that cannot
stand alone. Every list here is general English about relationships between two parties;
nothing names a party or a corpus.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from briefing.extract.sentences import Sentence

# --- Tokens -------------------------------------------------------------------------------------

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your
    said says say told according per cent percent mr ms its it's also however moreover well one two
    would year years since yet still even""".split()
)

_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*|\d+(?:[.,]\d+)*")


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, possessives dropped."""
    out = []
    for raw in _WORD.findall(text):
        word = raw.lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        out.append(word.strip("'-"))
    return [w for w in out if w]


def stem(word: str) -> str:
    """A crude suffix-stripping stem, enough to match 'sanctions' with 'sanction'."""
    for suffix in ("ational", "ations", "ation", "ings", "ing", "ities", "ity", "ies", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word


def terms(text: str) -> list[str]:
    """Content-word stems of a text, for similarity."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()]


def tfidf(texts: list[str]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors (sparse dicts) of texts, IDF computed over the texts themselves."""
    bags = [Counter(terms(t)) for t in texts]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    vectors = []
    for bag in bags:
        vec = {t: (1 + math.log(c)) * math.log((n + 1) / (df[t] + 0.5)) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def neighbours(vectors: list[dict[str, float]]) -> list[dict[int, float]]:
    """All non-zero pairwise cosines of unit vectors, by index, through an inverted index (fast)."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, vec in enumerate(vectors):
        for term, weight in vec.items():
            postings.setdefault(term, []).append((i, weight))
    sims: list[dict[int, float]] = [{} for _ in vectors]
    for i, vec in enumerate(vectors):
        row = sims[i]
        for term, weight in vec.items():
            for j, other in postings[term]:
                if j != i:
                    row[j] = row.get(j, 0.0) + weight * other
    return sims


# --- Parties ------------------------------------------------------------------------------------

# Capitalised words that are not names of parties: months, days, titles, institutions' generic words.
NOT_NAMES = frozenset(
    """January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday President Minister Prime Foreign Secretary Ministry Ministers
    Chancellor King Queen Prince General Director Chairman Chief Executive Officer Deputy Vice Ambassador
    Senator Governor Mayor Council Committee Union Organization Organisation Agency Bank Company Group
    Corporation Party Parliament Congress Assembly Commission Court Department Office University Institute
    Centre Center State States Republic Kingdom Federation North South East West Western Eastern Northern
    Southern Middle Gulf Sea Ocean International National Islamic Supreme Security Defence Defense Energy
    Economic Economy Trade Affairs Relations Cooperation Partnership Agreement Treaty Plan Program Programme
    Project Summit Forum Mr Mrs Ms Dr Prof The This That These Those United New Saudi Great Royal
    People Peoples Democratic Federal Central Joint Global""".split()
)


_TITLE_SPLIT = re.compile(r"\s*[–—-]\s*|\s+and\s+|\s*&\s*|\s*/\s*|\s+vs\.?\s+", re.IGNORECASE)
# With an en or em dash between the parties, a hyphen belongs to a name ("Coca-Cola–PepsiCo").
_TITLE_SPLIT_DASH = re.compile(r"\s*[–—]\s*|\s+and\s+|\s*&\s*|\s*/\s*|\s+vs\.?\s+", re.IGNORECASE)
_TITLE_NOISE = re.compile(
    r"\b(relations?|relationship|ties|partnership|cooperation|rivalry|the|between|bilateral)\b", re.IGNORECASE
)


def parties(title: str) -> list[str]:
    """The two (or more) parties a corpus title names: 'Iran–Russia relations' -> the two names."""
    cleaned = _TITLE_NOISE.sub(" ", title)
    splitter = _TITLE_SPLIT_DASH if re.search(r"[–—]", cleaned) else _TITLE_SPLIT
    names = [" ".join(p.split()) for p in splitter.split(cleaned)]
    return [n for n in names if n and any(ch.isalpha() for ch in n)]


def party_patterns(title: str, texts: list[str] | None = None) -> list[re.Pattern[str]]:
    """One pattern per party that also matches derived forms ('Iranian', 'Russians').

    Given the corpus texts, also one pattern per alias the sources use for a party (see `aliases`).
    """
    out = []
    for name in parties(title):
        forms = [re.escape(name)]
        # A derived adjective or plural keeps the name's first letters ("Russia" -> "Russian",
        # "Iran" -> "Iranian").
        if len(name) >= 4 and " " not in name:
            base = name[:-1] if len(name) > 4 and name[-1].lower() in "aeiouy" else name
            forms.append(re.escape(base) + "[a-z]{0,4}")
        # A many-word name is often shortened to its first word ("Acme Corp" -> "Acme").
        first = name.split()[0]
        if " " in name and len(first) >= 3 and first not in NOT_NAMES and first.lower() not in STOPWORDS:
            forms.append(re.escape(first))
        out.append(re.compile(rf"\b(?:{'|'.join(forms)})\b", re.IGNORECASE))
    if texts:
        out.extend(re.compile(rf"\b{re.escape(alias)}\b") for alias in aliases(texts, out))
    return out


_PAIR = re.compile(r"\b([A-Z][a-z]{2,})(?:\s*[-–—]\s*|\s+and\s+)([A-Z][a-z]{2,})\b")


def aliases(texts: list[str], patterns: list[re.Pattern[str]]) -> list[str]:
    """Other names the sources pair the way they pair the parties ("Tehran-Moscow", "Moscow and Tehran").

    Writers on a bilateral relationship often name the parties by their capitals or headquarters.
    A pair of capitalised words that is not the parties, joined by "and" or a dash in both orders and
    at least three times, is taken as those aliases; only the most frequent such pair is kept.
    """
    ordered: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for a, b in _PAIR.findall(text):
            if a != b and not any(p.fullmatch(a) or p.fullmatch(b) for p in patterns):
                ordered[(a, b)] += 1
    pairs = [
        (ordered[(a, b)] + ordered[(b, a)], tuple(sorted((a, b))))
        for (a, b) in ordered
        if ordered[(b, a)] and ordered[(a, b)] + ordered[(b, a)] >= 3
    ]
    if not pairs:
        return []
    _, best = max(pairs)
    return list(best)


# Phrases that refer to both parties at once.
BOTH_PARTIES = re.compile(
    r"\b(the two (?:\w+ )?(countries|nations|states|sides|companies|firms|partners|governments|capitals|"
    r"leaders|leaderships|organi[sz]ations|parties|teams|groups|allies|neighbours|neighbors|economies)|"
    r"both (countries|nations|sides|states|companies|firms|partners|governments)|"
    r"bilateral|each other|one another)\b",
    re.IGNORECASE,
)

# Lower-case on purpose (bar a sentence-initial capital): "Shanghai Cooperation Organisation" is a name.
_RELATION_WORDS = (
    "relations?|relationship|ties|partnerships?|alliance|cooperation|rapprochement|axis|"
    "entente|friendship|rivalry|bond"
)
RELATION_NOUNS = re.compile(rf"\b(?:{_RELATION_WORDS})\b|^(?i:{_RELATION_WORDS})\b")


def party_mentions(text: str, patterns: list[re.Pattern[str]]) -> int:
    """How many distinct parties a text names (2 when it says 'the two countries' or 'bilateral')."""
    count = min(2, sum(1 for p in patterns if p.search(text)))
    if BOTH_PARTIES.search(text):
        count = 2
    return count


# --- Sentence shape -----------------------------------------------------------------------------

# Leading connectives that can be cut while leaving a whole sentence.
_CONNECTIVE = re.compile(
    r"^(?:(?:however|moreover|furthermore|additionally|in addition|also|indeed|in fact|meanwhile|"
    r"therefore|hence|thus|nevertheless|nonetheless|still|besides|similarly|likewise|lastly|finally|"
    r"overall|undoubtedly|definitely|for sure|of course|at the same time|on the other hand|in contrast|"
    r"by contrast|as such|in short|in sum|in this context|in this respect|to be sure|first|second|third|"
    r"firstly|secondly|thirdly|first and foremost|above all|after all|again|notably|importantly|"
    r"on the bilateral level|on the economic front|on the military front|on the trade front|"
    r"for their part|on his part|on her part|on its part|for its part)\s*,\s*|(?:and|but|so|yet)\s+|"
    r"it (?:is|was) (?:also )?(?:important|worth|necessary|notable|noteworthy|clear|evident|true) "
    r"(?:to (?:note|say|stress|remember|mention|add) |noting |mentioning )?that\s+)",
    re.IGNORECASE,
)
# An attribution before the statement: "According to Samuel Ramani, associate fellow at RUSI, Russia ...".
_ATTRIBUTION = re.compile(r"^According to [^,.;]{3,80}(?:, [^,.;]{3,80})?,\s+(?=[A-Z])")
# A run-in heading from PDF extraction: "Economic Relations: On the economic front, ...".
_RUN_IN_HEADING = re.compile(r"^[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,5}\s*[?]?:\s+(?=[A-Z])")
# Footnote marks: superscript digits, or bracketed numbers, after a word or punctuation.
FOOTNOTE_MARK = re.compile(r"(?<=[\w.,;:!?\"”’)])(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\])")
_TRAILING_MARK = re.compile(r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\])+\s*$")


# A sentence end the splitter misses because a footnote mark follows the stop ("deal.¹² The ...").
_MARKED_END = re.compile(r"(?<=[.!?\"”’)])(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\])\s+(?=[“\"‘(]?[A-Z])")
# A dateline or credit line run into the first sentence: "TEHRAN – ", "13 June 2017 – AL MONITOR – ".
_DATELINE = re.compile(r"^(?:[^.!?–—]{0,40}?\b[A-Z]{3,}\b[^.!?–—]{0,25}?\s[–—-]{1,2}\s+)+(?=[A-Z])")


def pieces(sentence: Sentence) -> list[Sentence]:
    """Split a sentence again where a footnote mark hid the boundary from the sentence splitter."""
    out: list[Sentence] = []
    cursor = 0
    text = sentence.text
    for match in _MARKED_END.finditer(text):
        out.append(_sub(sentence, cursor, match.start()))
        cursor = match.end()
    out.append(_sub(sentence, cursor, len(text)))
    return [p for p in out if p.text]


def _sub(sentence: Sentence, lo: int, hi: int) -> Sentence:
    text = sentence.text
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return Sentence(sentence.doc, sentence.start + lo, sentence.start + hi, text[lo:hi], sentence.paragraph)


@dataclass(frozen=True, slots=True)
class Span:
    """A trimmed statement inside one sentence: offsets into the document text."""

    sentence: Sentence
    start: int
    end: int
    text: str


def trim(sentence: Sentence) -> Span:
    """Cut leading connectives, run-in headings and trailing footnote marks when a whole sentence remains."""
    text = sentence.text
    lo, hi = 0, len(text)
    mark = _TRAILING_MARK.search(text)
    if mark and mark.start() > 0 and text[mark.start() - 1] in '.!?"”’)':
        hi = mark.start()
    for _ in range(3):
        head = (
            _DATELINE.match(text[lo:hi])
            or _RUN_IN_HEADING.match(text[lo:hi])
            or _ATTRIBUTION.match(text[lo:hi])
            or _CONNECTIVE.match(text[lo:hi])
        )
        if not head:
            break
        cut = lo + head.end()
        rest = text[cut:hi]
        if len(rest) < 20 or not rest[:1].isalpha():
            break
        if rest[:1].islower():
            # "However, the ..." -> "the ..." no longer reads as a sentence, and quoting verbatim
            # forbids capitalising it: keep the connective.
            break
        lo = cut
    return Span(sentence, sentence.start + lo, sentence.start + hi, text[lo:hi])


_DANGLING = re.compile(
    r"^(?:he|she|it(?! (?:is|was|has been|seems|appears|remains|will be|would be) (?:[\w-]+ ){0,3}"
    r"(?:that|to|whether|as to|how|why|what)\b)|they|this|these|that|those|such|its|their|his|her|them|him|"
    r"here|then|"
    r"the (?:deal|agreement|accord|visit|treaty|move|plan|project|pact|trip|meeting|talks|latter|former|"
    r"same|above|decision|statement|law|measure|step|initiative|proposal|contract|announcement|"
    r"remarks?|report|region|country|president|minister|leader|company|firm|process|two latter)|"
    r"another|other|one such|both of them|which|who|whose|likewise|similarly|as a result|"
    r"for (?:instance|example)|for these reasons|for this reason|"
    r"in (?:this|that|these) (?:case|regard|respect|context|sense|way)|on (?:this|that) (?:basis|front)|"
    r"at (?:that|this) time|not only that|"
    r"this is because|because of this|as such|in turn|therefore|thus|hence|consequently|according to "
    r"(?:him|her|them|this)|in all (?:of )?this|that being said|having said that|to this end|in doing so|"
    r"(?:a|one|two|three|several|a few) (?:days?|weeks?|months?|years?) (?:later|earlier|after|before)|"
    r"later|earlier|afterwards|subsequently|the (?:next|following) (?:day|week|month|year)|"
    r"even so|if so|if realized|if realised|if implemented|if successful|instead|otherwise)\b",
    re.IGNORECASE,
)
# "The pipeline was ...": a bare definite noun phrase usually points back to an earlier sentence.
_DEFINITE = re.compile(
    r"^The (?!two\b|three\b|both\b)[a-z]+(?:[- ][a-z]+)? "
    r"(?:is|was|were|are|has|had|have|will|would|could|can|may|might|should|also|still|then|now|did|does|\w+ed)\b"
)
# Time words that only make sense on the day the source was written.
_DEICTIC = re.compile(
    r"\b(?:today|yesterday|tomorrow|tonight|this (?:week|month|morning|year)|last (?:week|month|year)|"
    r"next (?:week|month)|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:we|we're|we've|our|ours|us|my|me|I'm|I've)\b|(?<![.\w])I(?![.\w])")
# "World War I", "Phase I": a capitalised word before "I" makes it a numeral.
_ROMAN_I = re.compile(r"\b[A-Z][a-z]+ I(?![.\w])")
_HEDGE = re.compile(
    r"\b(?:it (?:could|can|may|might) be (?:said|argued|suggested)|perhaps|arguably|seems? to|seemingly|"
    r"it seems|it appears|apparently|reportedly|allegedly|hopefully|unfortunately|in my view|"
    r"so-called|might|possibly|presumably|to some extent)\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"(?:https?://|www\.|\bemail\b|\be-mail\b|\bcopyright\b|©|all rights reserved|\blicen[cs]ed?\b|"
    r"creative commons|read more|leave a reply|\bsubscribe\b|\bnewsletter\b|\bcookies?\b|"
    r"\bclick\b|\bsign up\b|required fields|"
    r"this (?:article|story|piece) (?:was|first) (?:published|appeared)|"
    r"editor'?s note|\bissn\b|accessed on|\bibid\b|\bop-?ed\b|all content|\bpp?\.\s*\d|"
    r"\b(?:is|was) (?:a )?(?:senior |associate |research |visiting |non-resident )*"
    r"(?:associate|fellow|professor|researcher|analyst|editor|correspondent) (?:at|with|of)\b|"
    r"\bph\.?d\b|this site|comment data|published by|follow us)",
    re.IGNORECASE,
)
# A quotation of some length: the sentence reports someone's words.
_QUOTED = re.compile(r"[“\"][^”\"]{25,}[”\"]")


@dataclass(frozen=True, slots=True)
class Shape:
    """What a statement looks like: whether it can stand alone in a brief."""

    n_words: int
    fragment: bool
    dangling: bool
    question: bool
    first_person: bool
    hedged: bool
    boilerplate: bool
    quote: bool
    footnote_inside: bool
    definite: bool = False
    deictic: bool = False

    @property
    def usable(self) -> bool:
        """Whether it could appear in a brief at all."""
        return not (self.fragment or self.boilerplate or self.question or self.first_person)

    def quality(self) -> float:
        """A multiplier in (0, 1]: 1 for a clean, self-contained statement of a comfortable length."""
        q = 1.0
        if self.dangling:
            q *= 0.25
        elif self.definite:
            q *= 0.55
        if self.deictic:
            q *= 0.8
        if self.hedged:
            q *= 0.7
        if self.quote:
            q *= 0.45
        if self.footnote_inside:
            q *= 0.6
        if self.n_words < 8:
            q *= 0.5
        elif self.n_words < 10:
            q *= 0.85
        elif self.n_words > 45:
            q *= max(0.35, 1.0 - (self.n_words - 45) / 40)
        return q


_LEAD_ADVERB = re.compile(r"^[A-Z][a-z]+ly,\s+")


def _dangles(text: str) -> bool:
    """Whether a statement opens on a reference to something outside it ("This", "Indirectly, these")."""
    body = text.lstrip("“\"'‘")
    adverb = _LEAD_ADVERB.match(body)
    return bool(_DANGLING.match(body) or (adverb and _DANGLING.match(body[adverb.end() :])))


def shape(text: str) -> Shape:
    """Classify a (trimmed) statement."""
    stripped = text.strip()
    n_words = len(stripped.split())
    first = stripped[:1]
    fragment = (
        n_words < 4
        or not (first.isupper() or first.isdigit() or first in "“\"'‘")
        or stripped[-1:] not in '.!?"”’)'
        or stripped.count("(") != stripped.count(")")
    )
    # Curly closing quotes are unambiguous; straight ones must balance.
    if stripped.count("“") != stripped.count("”") or stripped.count('"') % 2:
        fragment = True
    # An all-caps line is a heading.
    letters = [c for c in stripped if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        fragment = True
    return Shape(
        n_words=n_words,
        fragment=fragment,
        dangling=_dangles(stripped),
        question=stripped.rstrip('"”’)').endswith("?"),
        first_person=bool(_FIRST_PERSON.search(_ROMAN_I.sub("", _QUOTED.sub("", stripped)))),
        hedged=bool(_HEDGE.search(stripped)),
        boilerplate=bool(_BOILERPLATE.search(stripped)),
        quote=bool(_QUOTED.search(stripped)) or first in '“"',
        footnote_inside=bool(FOOTNOTE_MARK.search(stripped)),
        definite=bool(_DEFINITE.match(stripped)),
        deictic=bool(_DEICTIC.search(stripped)),
    )


# --- Themes ---------------------------------------------------------------------------------------

# Summary themes: the first theme with the most hits names a sentence.
SUMMARY_THEMES: dict[str, re.Pattern[str]] = {
    "Trade and economy": re.compile(
        r"\b(trade|trading|economic|economy|econom\w+|invest\w*|bank\w*|financ\w+|export\w*|import\w*|"
        r"market\w*|turnover|tariff\w*|free-trade|customs|business\w*|commerc\w+|goods|currenc\w+|"
        r"payment\w*|tourism|transport\w*|corridor|infrastructure|industr\w+|billion|million)\b",
        re.IGNORECASE,
    ),
    "Security and military": re.compile(
        r"\b(military|militar\w+|arms|weapon\w*|defen[cs]e|security|troops|army|navy|naval|drill\w*|"
        r"missile\w*|air base|fighter\w*|war|wars|conflict\w*|terror\w*|insurgen\w+|intervention|"
        r"bombing|offensive|coalition|peacekeep\w+|militia\w*)\b",
        re.IGNORECASE,
    ),
    "Energy and nuclear": re.compile(
        r"\b(energy|oil|gas|nuclear|reactor\w*|power plant\w*|electricity|uranium|pipeline\w*|"
        r"petroleum|megawatt\w*|mw|lng|refiner\w+|renewable\w*|atomic)\b",
        re.IGNORECASE,
    ),
    "Diplomacy": re.compile(
        r"\b(diplomat\w*|visit\w*|summit\w*|talks|negotiat\w+|minister\w*|president\w*|statement|"
        r"agreement\w*|accord|treaty|memorandum|foreign policy|mediat\w+|dialogue|phone|telephone|"
        r"leaders?|multilateral|organi[sz]ation|union|membership|observer|un|united nations)\b",
        re.IGNORECASE,
    ),
    "Frictions": re.compile(
        r"\b(mistrust\w*|distrust\w*|suspicio\w+|tensions?|frictions?|disputes?|disagree\w*|obstacles?|"
        r"barriers?|hurdles?|sanction\w*|rival\w*|compet\w+|diverg\w+|reluctan\w+|complicat\w+|"
        r"falls? (?:far )?short|yet to be)\b",
        re.IGNORECASE,
    ),
}
OVERALL_THEME = "Overall relationship"

# Friction cues: (pattern, strength). A sentence with no friction cue is not a challenge.
FRICTION_CUES: list[tuple[re.Pattern[str], float]] = [
    (re.compile(p, re.IGNORECASE), w)
    for p, w in [
        (r"\b(hinder\w*|hamper\w*|imped\w+|obstacles?|barriers?|hurdles?|stumbling blocks?)\b", 1.0),
        (
            r"\b(mistrust\w*|distrust\w*|suspicio\w+|wary|wariness|resent\w*|uneas\w+|misgiving\w*|"
            r"(?:question\w*|doubt\w*) [^.]{0,25}(?:sincerity|intentions|reliability))\b",
            1.0,
        ),
        (
            r"\b(tensions?|frictions?|disputes?|disagree\w*|at odds|bone of contention|"
            r"clash\w*|quarrel\w*)\b",
            1.0,
        ),
        (
            r"\b(diverg\w+|divergence|different (?:interests|perceptions|priorities|goals|strategies|views|"
            r"approaches|agendas|positions)|(?:interests|strategies|goals|priorities|views)[^.]{0,40}\bare "
            r"different|differences)\b",
            1.0,
        ),
        (r"\b(compet\w+|rival\w*|hegemon\w*)\b", 0.9),
        (r"\b(reluctan\w+|unwilling\w*|hesitan\w+|not (?:be )?eager|cautious\w*)\b", 0.9),
        (
            r"\b(complicat\w+|fragile|fragility|strain\w*|sour\w*|deteriorat\w+|undermin\w+|disrupt\w*|"
            r"cooled|chilled|frosty|"
            r"jeopardi[sz]\w+|threaten\w*|at risk|risks?|danger\w*)\b",
            0.8,
        ),
        (
            r"\b(falls? (?:far )?short|fell (?:far )?short|left much to be desired|meag(?:er|re)|"
            r"unimpressive|modest|sluggish|stagnat\w+|lagg\w+|low trade|marriage of convenience)\b",
            0.9,
        ),
        (r"\b(cannot|can't|unable|inability)\b", 0.8),
        (r"\b(fail\w*|failure)\b", 0.7),
        (
            r"\b(reject\w*|backlash|protests?|"
            r"opposition (?:parties|party|lawmakers|politicians|groups|figures)|"
            r"oppos(?:e|es|ed|ing) (?:the|a|any|closer) (?:deal|agreement|treaty|pact|plan|project|ties))\b",
            0.6,
        ),
        (r"\b(limit\w*|constrain\w*|restrict\w*|not stable|unstable|instability|volatil\w+)\b", 0.6),
        (
            r"\b((?:has|have|had|is|are|was|were) yet to\b|yet to be \w+ed|cancel\w*|"
            r"never (?:materiali[sz]ed|implemented)|(?:remain\w*|only) on paper|unfulfilled|unrealized|"
            r"broken promises?)\b",
            0.9,
        ),
        (r"\b(stall\w*|delay\w*|postpon\w+|suspend\w*|slow\w*)\b", 0.5),
        (r"\b(sanction\w*|embargo\w*|blacklist\w*|designation)\b", 0.5),
        (
            r"\b(lawsuits?|litigation|antitrust|sued|arbitration|regulatory (?:hurdles?|scrutiny|probe)|"
            r"accus\w+)\b",
            0.8,
        ),
        # A conditional risk: "the realization of it depends on several factors".
        (
            r"\b((?:realization|realisation|success|fate|future|outcome|implementation) of [^.,;]{0,30}?"
            r"(?:depends|hinges|rests|is contingent) on|(?:depends|hinges) (?:largely |heavily )?on)\b",
            0.75,
        ),
        (r"\b(challenges?|problems?|difficult\w*|concerns?|doubts?)\b", 0.6),
        (r"\b(fears?|feared|worr\w+|vulnerab\w+|exposed|over-?relian\w+|over-?dependen\w+)\b", 0.6),
        (r"\b(dominance|dominat\w+|meddl\w+|interfer\w+|expansionis\w+)\b", 0.5),
    ]
]
# A friction cue right after one of these is negated or resolved ("did not hinder", "removal of hurdles").
NEGATORS = re.compile(
    r"(?:\b(?:not|no|never|without|remov\w+|lift\w*|eas\w+|overc[oa]me\w*|resolv\w+|end(?:ed|ing)?|"
    r"despite|free of|contrary to|dispel\w*|allay\w*|play\w* down|downplay\w*)|n't)\W+(?:[\w’'-]+\W+){0,4}$",
    re.IGNORECASE,
)
EMPHASIS = re.compile(
    r"\b(major|main|key|chief|principal|primary|biggest|greatest|serious\w*|significant\w*|"
    r"particularly|especially|above all|deep\w*|fundamental\w*|always|remains?|persist\w*|"
    r"continues? to|still|critical|crucial|central)\b",
    re.IGNORECASE,
)

# Words with which a writer plays a difficulty down.
DOWNPLAY = re.compile(
    r"\b(minor|slight\w*|manageable|occasional|marginal|distant (?:\w+ )?possibility|unlikely|"
    r"little prospect)\b",
    re.IGNORECASE,
)

# Challenge themes in priority order (ties go to the earlier theme). Names are generic on purpose.
CHALLENGE_THEMES: dict[str, re.Pattern[str]] = {
    "Mistrust and history": re.compile(
        r"\b(mistrust\w*|distrust\w*|suspicio\w+|wary|wariness|histor\w+|sincerity|resent\w*|uneas\w+|"
        r"turbulent|past|memor\w+|grievance\w*|misgiving\w*|trust|dominance|expansionis\w+|cautious\w*|"
        r"doubt\w*)\b",
        re.IGNORECASE,
    ),
    "Diverging interests": re.compile(
        r"\b(diverg\w+|different|differences|disagree\w*|interests|endgame|priorities|goals|at odds|"
        r"marriage of convenience|tactical|convenience|strategies|objectives|balance\w*|perceptions)\b",
        re.IGNORECASE,
    ),
    "Competition": re.compile(
        r"\b(compet\w+|rival\w*|hegemon\w*|market share|sphere of influence|influence|supplier\w*|"
        r"provider\w*)\b",
        re.IGNORECASE,
    ),
    "Sanctions and third parties": re.compile(
        r"\b(sanction\w*|embargo\w*|blacklist\w*|designation|regulat\w+|antitrust|lawsuits?|litigation|"
        r"third (?:countries|parties)|west\w*|"
        r"washington|u\.?s\.?|united states|america\w*|european union|eu|nato|pressure)\b",
        re.IGNORECASE,
    ),
    "Economic limits": re.compile(
        r"\b(trade|turnover|invest\w*|bank\w*|payment\w*|currenc\w+|exchange rate|transfer\w*|money|"
        r"economic|econom\w+|exports?|imports?|business\w*|finance\w*|financial|customs|tariff\w*|"
        r"meag(?:er|re)|falls? short|market\w*|commerc\w+|billion|million)\b",
        re.IGNORECASE,
    ),
    "Security disagreements": re.compile(
        r"\b(arms|weapon\w*|military|militar\w+|security|defen[cs]e|missile\w*|troops|bases?|"
        r"war|conflict\w*|air defen[cs]e|fighter\w*|naval|navy|patrol\w*|airspace|maritime|border\w*)\b",
        re.IGNORECASE,
    ),
    "Domestic politics": re.compile(
        r"\b(domestic|election\w*|elector\w+|conservative\w*|hardliner\w*|reformist\w*|parliament\w*|"
        r"public opinion|media|faction\w*|internal|opposition|regime|lobby\w*|populis\w+|nationalis\w+)\b",
        re.IGNORECASE,
    ),
    "Unfulfilled agreements": re.compile(
        r"\b(yet to be|finali[sz]\w+|implement\w*|pledge\w*|promis\w+|cancel\w*|stall\w*|delay\w*|"
        r"postpon\w+|on paper|unfulfilled|unrealized|realization|realisation|commitments?|"
        r"agreements? (?:has|have) not|draft|suspend\w*)\b",
        re.IGNORECASE,
    ),
}
# The friction cue itself says which theme a challenge belongs to; it counts more than a topic word.
CUE_THEME: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(mistrust\w*|distrust\w*|suspicio\w+|wary|wariness|resent\w*|uneas\w+|sincerity)\b",
            re.IGNORECASE,
        ),
        "Mistrust and history",
    ),
    (
        re.compile(
            r"\b(diverg\w+|different (?:interests|perceptions|priorities|goals|strategies|views|"
            r"approaches|agendas|positions)|differences|disagree\w*|marriage of convenience|"
            r"are different|disputes?|at odds|arbitration|lawsuits?|litigation|sued|accus\w+)\b",
            re.IGNORECASE,
        ),
        "Diverging interests",
    ),
    (re.compile(r"\b(compet\w+|rival\w*|hegemon\w*)\b", re.IGNORECASE), "Competition"),
    (
        re.compile(
            r"\b(sanction\w*|embargo\w*|blacklist\w*|designation|regulat\w+|antitrust)\b", re.IGNORECASE
        ),
        "Sanctions and third parties",
    ),
    (
        re.compile(
            r"\b(falls? (?:far )?short|left much to be desired|meag(?:er|re)|unimpressive|low trade|"
            r"banking channels|exchange rate|payments?|convert\w* [^.]{0,30}currenc\w+|"
            r"currency conversion)\b",
            re.IGNORECASE,
        ),
        "Economic limits",
    ),
    (
        re.compile(
            r"\b((?:has|have|had|is|are|was|were) yet to\b|yet to be \w+ed|"
            r"cancel\w*|unfulfilled|on paper|broken promises?)\b",
            re.IGNORECASE,
        ),
        "Unfulfilled agreements",
    ),
]


# Phrases that carry a friction word without naming a friction.
NOT_FRICTION = re.compile(
    r"\b(?:fail\w* to (?:explain|account|grasp|see|understand|mention)|no doubt|without (?:a )?doubt|"
    r"concerning|as far as \w+ (?:is|are) concerned|problem-solving|risk-free|challenger)\b",
    re.IGNORECASE,
)

# Concept families: different words for the same challenge, so that two sources saying it
# differently are recognised as saying the same thing.
CONCEPTS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(p, re.IGNORECASE))
    for name, p in [
        ("trust", r"\b(mistrust\w*|distrust\w*|suspicio\w+|wary|wariness|trust\w*|sincerity|resent\w*)\b"),
        ("history", r"\b(histor\w+|past|turbulent|legacy|memor\w+)\b"),
        (
            "diverge",
            r"\b(diverg\w+|different (?:interests|perceptions|priorities|goals|strategies|views)|"
            r"differences|disagree\w*|at odds|marriage of convenience|endgame)\b",
        ),
        ("compete", r"\b(compet\w+|rival\w*|hegemon\w*)\b"),
        ("sanction", r"\b(sanction\w*|embargo\w*|blacklist\w*)\b"),
        # Sanctions that deter the parties' business: one challenge however it is worded.
        (
            "deterred",
            r"(?s)^(?=.*\b(?:sanction\w*|embargo\w*|designation)\b)"
            r".*\b(reluctan\w+|complicat\w+|deter\w*|discourag\w+|hinder\w*|hamper\w*|chill\w*)",
        ),
        (
            "volume",
            # Only about trade: "investments were unimpressive" is another challenge.
            r"(?s)^(?=.*\btrad(?:e|ing)\b).*\b(turnover|volume|meag(?:er|re)|falls? (?:far )?short|"
            r"fell (?:far )?short|left much to be desired|modest|unimpressive)\b",
        ),
        (
            "payments",
            r"\b(bank\w*|payment\w*|currenc\w+|exchange rate|transfer\w* money|money transfer\w*|"
            r"convert\w*|swift|settlement\w*)\b",
        ),
        ("invest", r"\b(invest\w*)\b"),
        ("arms", r"\b(arms|weapon\w*|air defen[cs]e|fighter\w*|missile\w*)\b"),
        (
            "unfulfilled",
            r"\b(yet to be|cancel\w*|stall\w*|delay\w*|postpon\w+|on paper|unfulfilled|"
            r"unrealized|pledge\w*|promis\w+)\b",
        ),
    ]
]


PINNED_CONCEPTS = frozenset({"trust", "volume", "payments", "deterred"})


def concepts(text: str) -> set[str]:
    """The concept families a statement touches."""
    return {name for name, pattern in CONCEPTS if pattern.search(text)}


def pattern_hits(pattern: re.Pattern[str], text: str) -> int:
    """How many times a pattern matches a text."""
    return sum(1 for _ in pattern.finditer(text))
