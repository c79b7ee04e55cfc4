"""Turn sentences into key figures (labelled, dated, ranked) and merge them across sources.

A figure is a quantity (see quantities.py) with what it measures (`label`, words taken from its
sentence), the year it refers to and a salience score. `merge_figures` folds the same measure
with the same value reported by several sources into one figure, and reports the same measure
with different values as a Discrepancy, leaving both figures in the list.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from briefing.extract.quantities import DURATION_UNITS, ENERGY_UNITS, Quantity, find_quantities, precision
from briefing.extract.sentences import Sentence
from briefing.model import Discrepancy, Document, Figure, Series, SeriesPoint

MAX_LABEL_WORDS = 8

# --- Tokens --------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-zÀ-ÿА-я][\w'’.-]*[\w]|[A-Za-zÀ-ÿ]|\d[\d,.]*\d|\d|[^\s\w]")


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int
    qty: int  # index of the quantity covering it, -1 when none

    @property
    def low(self) -> str:
        return self.text.lower()


# --- Vocabulary: general English, nothing about a party or a corpus ------------------------------

_QUOTES = frozenset('"“”‘«»')
# Words that start a noun phrase without being its content.
_DETS = frozenset("the a an this that these those its their his her our your my such all".split())
# Prepositions that may attach a phrase inside a label ("volume of trade between A and B").
_ATTACH = frozenset("of for in between with to on from into under through via at".split())
# Prepositions that, followed by an article, start the phrase that holds the measure ("plants with
# the combined capacity of ..."), unless the word before them is itself a measure.
_NEW_PHRASE = frozenset("with in on into from".split())
# Nouns that name a measure: "investment in the port", "exports through the corridor".
_MEASURE_NOUNS = frozenset(
    """investment investments trade exports imports export import sales sale spending output production
    share stake growth increase rise fall decline drop volume value prices price cost costs revenue
    revenues income debt deficit surplus reserves assets capacity consumption demand supply supplies
    purchases deliveries shipments flows flow turnover budget aid loans loan credit funding profit
    profits losses tariffs tariff rate rates inflation unemployment""".split()
)
_MODALS = frozenset("will would could should may might can must shall to".split())
# Verb forms that end a noun phrase. Forms that are as often nouns ("exports", "supply", "cost",
# "plans") are left out: a label may run a word long, but it must not stop inside a noun phrase.
_VERBS = frozenset(
    """is are was were be been being has have had will would could should may might can must shall did
    does do reached reaching stood amounted totalled totaled exceeded grew grown rose risen increased
    fell fallen dropped declined climbed jumped surged soared plunged doubled tripled boost boosted raise
    raised bring brought lift lifted expand expanded invest invested invests spend spent signed pay paid
    exported imported received allocated provided lend lent borrowed owed accounted make made estimated
    valued said says reported announced agreed pledged aims aimed hopes hoped expects expected seeks
    sought wants wanted purchased bought sold sells deliver delivered supplied build built reduce
    reduced became become becomes remained remains stayed shrank shrunk contracted approved offered
    proposed earned generated produced produces reach reaches hit exceed exceeds grows rises increases
    falls declines buys sell buy purchase promised vowed hope aim seek plan planned intend intends
    intended took take takes gave give gives came come comes went goes saw sees got gets held holds
    hold kept keeps met meets ran runs told tells won wins lost loses began begins fought found finds
    flew knew led meant sent shows showed thought wrote allocates spends lends pays earns receives
    provides offers owns employs operates handles carries covers accounts represents includes means
    needs contains averaged averages hovers hovered stands""".split()
)
_ADJ_PARTICIPLES = frozenset(
    """combined estimated projected expected planned proposed limited reported registered recorded
    untapped unexploited agreed signed so-called advanced united""".split()
)
# Words after which no label content is expected.
_STOPS = (
    frozenset(
        """that which who whom whose while when where because although though if as since but nor yet
        so than then also only just even still already about around approximately roughly some nearly
        almost more less over under up at least most cent percent it they he she we i you there here
        not no very reportedly currently now by after before during until ago according or nor""".split()
    )
    | _VERBS
)
# Words of time: a phrase made of them says when, not what ("in the next two years").
_TIME_WORDS = frozenset(
    """year years month months week weeks day days decade decades period time next last past coming
    previous first second third fourth half quarter early late mid end beginning start future term run
    one two three current fiscal financial calendar spring summer autumn fall winter january february
    march april may june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday today yesterday tomorrow earlier later ago annually""".split()
)
# Words after a length or size that describe it, not what it measures ("162 km long").
_DIMENSIONS = frozenset("long wide high deep tall thick away apart across".split())
# Verbs of transfer or holding: "Russia invested $750 million in energy projects" labels as
# "Russia invested in energy projects".
_TRANSFER_VERBS = frozenset(
    """invested invest invests exported imported spent spend spends lent lend lends paid pay pays sold
    sell sells bought buy buys purchased allocated allocates provided provides pledged received receives
    earned earns loaned granted offered offers committed promised borrowed poured injected holds held
    has have had owns""".split()
)
# Transfer verbs whose preposition belongs in the label ("invested in energy projects").
_KEEP_CONNECTOR = ("invest", "spen", "pour", "inject")
# Left of a figure: words between the figure and the noun phrase it is the value of.
_BRIDGE = frozenset(
    """worth valued at of totalling totaling amounting to estimated stood stands standing reached
    reaching reaches hit hitting exceeded exceeding surpassed topped was were is are be been being has
    have had will would could should may might to by from grew grown grow rose risen rise rising
    increased increase increasing fell fallen falling dropped declined climbed jumped surged soared
    doubled tripled decreased decrease decreasing amounted totalled totaled reach about around
    approximately roughly some nearly almost more than less over under up least most just only still
    already also expected projected forecast set an a the exceed exceeds amounts totals stand for
    account accounts accounted make makes made represent represents represented constitute constitutes
    comprise comprises equal equals equalled widened narrowed slowed""".split()
)
# Bridge words that make the subject, not the "of" phrase, what a share measures ("debt stands at
# 60pc of GDP", "imports account for 80 per cent of the total").
_SUBJECT_BRIDGE = frozenset(
    """account accounts accounted make makes made represent represents represented constitute
    constitutes comprise comprises equal equals equalled stood stands stand was were is are widened
    narrowed reached rose fell grew slowed amount amounts amounted""".split()
)
_GROWTH_VERBS = frozenset(
    """grew grow grown grows rose risen rise rises rising increased increase increases increasing fell
    fallen falls falling dropped declined declines climbed jumped surged soared doubled tripled shrank
    contracted decreased decrease decreases decreasing""".split()
)
# Nouns that a percentage qualifies when it stands before them ("a 60% growth in trade").
_CHANGE_NOUNS = frozenset(
    "growth increase rise drop decline fall share stake rate cut reduction discount jump".split()
)
# Words that make a figure a target or forecast rather than an actual.
_TARGET_CUES = frozenset(
    """aim aims aimed aiming target targets targeted goal goals plan plans planned planning pledge
    pledged pledges hope hopes hoped seek seeks sought expect expects expected forecast forecasts
    projected projection projections will potential envisage envisaged envisages intend intends
    intended promised vowed want wants wanted agreed""".split()
)
# Verbs that carry a target's figure: "to boost trade to $10 billion".
_TARGET_VERBS = frozenset("boost raise increase bring lift double triple expand reach hit grow".split())
_YEAR = re.compile(r"(?<![\w$€£])(1[89]\d{2}|20\d{2}|21\d{2})(?![\w%-])")
_SEASONS = (
    r"(?:the|early|late|mid|end|beginning|start|middle|first|second|third|fourth|half|quarter|of|"
    r"spring|summer|autumn|fall|winter|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|\d{1,2},?)"
)
_TEMPORAL = re.compile(
    r"(?:\b(?:in|during|for|by|of|since|until|through|throughout|year|fiscal|financial|calendar|FY|as of)"
    r"\s+(?:" + _SEASONS + r"\s+){0,3}|\bmid-|\()$",
    re.I,
)
_YEAR_SPAN = re.compile(
    r"\b(?:between\s+(1[89]\d{2}|20\d{2})\s+and\s+(1[89]\d{2}|20\d{2})"
    r"|(?:from\s+)?(1[89]\d{2}|20\d{2})\s*(?:[-–—]|to|until|through)\s*(1[89]\d{2}|20\d{2}|\d{2})(?![\d%]))\b",
    re.I,
)
_RELATIVE_YEAR = re.compile(r"\b(last|this|next|previous|past|current)\s+year\b", re.I)

# --- Salience ------------------------------------------------------------------------------------

_TOPIC_WEIGHTS = [
    (re.compile(r"\btrade|turnover|exports?|imports?|exported|imported", re.I), 0.35),
    (re.compile(r"\binvest|loan|credit|financ|fund", re.I), 0.3),
    (re.compile(r"\barms|weapon|military|defen[cs]e|missile|fighter|jets?\b|tanks?\b|warships?", re.I), 0.3),
    (re.compile(r"\benergy|oil|gas\b|crude|power|nuclear|electricit|reactor|refiner|pipeline", re.I), 0.3),
    (re.compile(r"\bdeal|contract|agreement|budget|gdp|revenue|sanction|debt|reserves", re.I), 0.2),
]
_KIND_BASE = {"money": 1.0, "physical": 0.55, "percent": 0.45, "count": 0.2}


# --- Extraction ----------------------------------------------------------------------------------


def extract_figures(doc: Document, sentences: list[Sentence]) -> list[Figure]:
    """Every quantity in the document's sentences, with label, year and salience."""
    published = _published_year(doc.info.published)
    # Words the document writes in lower case, and names it capitalises inside a sentence.
    lower_words = frozenset(re.findall(r"(?<![\w'’-])[a-z][\w'’-]*", doc.text)) | frozenset(
        "!" + m for m in re.findall(r"(?<=[a-z,] )[A-Z][\w'’-]*", doc.text)
    )
    figures: list[Figure] = []
    for sentence in sentences:
        quantities = find_quantities(sentence.text)
        if not quantities:
            continue
        tokens = _tokens(sentence.text, quantities)
        years = _years(sentence.text, quantities, published)
        span_years = _from_to_years(sentence.text, quantities, years)
        labels: list[str] = []
        for index, quantity in enumerate(quantities):
            label = _label(sentence.text, tokens, index, quantity, lower_words)
            # A conversion in brackets always takes the label of the amount it converts.
            if (
                index
                and labels[-1]
                and _continues(sentence.text, quantities[index - 1], quantity)
                and (not label or "(" in sentence.text[quantities[index - 1].end : quantity.start])
            ):
                label = labels[-1]
            labels.append(label)
            if index in span_years:
                year, inferred = span_years[index], False
            else:
                year, inferred = _year_for(index, quantities, years, published)
            salience = _salience(quantity, label, sentence.text)
            # Ties broken by what a reader trusts more: a stated year, a larger amount.
            if year is not None and not inferred:
                salience += 0.05
            if quantity.kind == "money" and quantity.value >= 1:
                salience += 0.03 * min(math.log10(quantity.value) / 12, 1.0)
            figure = Figure(
                value=quantity.value,
                value_max=quantity.value_max,
                unit=quantity.unit,
                qualifier=quantity.qualifier,  # type: ignore[arg-type]
                surface=quantity.surface,
                label=label,
                year=year,
                year_inferred=inferred,
                sources=[sentence.ref()],
                salience=round(salience, 4),
            )
            # A duration ("in the next two years") is not itself a goal, whatever the sentence pledges.
            goal = quantity.kind != "count" and quantity.unit not in _DURATIONS and _is_target(figure)
            kind = "target" if goal else _change_or_level(sentence.text, quantity)
            figures.append(figure.model_copy(update={"kind": kind}) if kind != "level" else figure)
    return figures


_DURATIONS = frozenset({"years", "months", "weeks", "days", "hours", "decades"})

# A percentage that measures a change: "rose by 70%", "up 18 percent", "a 60% growth in trade".
_CHANGE_BEFORE = re.compile(
    r"\b(?:increase[sd]?|rose|rise[sn]?|grew|grow(?:s|n)?|jump(?:ed|s)?|surg(?:ed|es)|expand(?:ed|s)|"
    r"fell|fall(?:s|en)?|drop(?:ped|s)?|declin(?:ed|es)|decreas(?:ed|es)|shr[au]nk|slump(?:ed|s)?|"
    r"climb(?:ed|s)?|(?:(?:is|are|was|were|been)\s+|,\s*)(?:up|down))\s+(?:by\s+)?"
    r"(?:(?:about|around|nearly|almost|some|roughly|over|more than|less than|just)\s+)?$",
    re.I,
)
_CHANGE_AFTER = re.compile(
    r"^\s+(?:growth|increase|rise|jump|surge|gain|expansion|decline|drop|fall|decrease|cut|reduction)\b",
    re.I,
)


def _change_or_level(text: str, quantity: Quantity) -> str:
    """'change' for a percentage (or n-fold) that measures growth or a fall, else 'level'."""
    if quantity.unit not in ("percent", "percentage_points", "times"):
        return "level"
    before = text[max(0, quantity.start - 40) : quantity.start]
    after = text[quantity.end : quantity.end + 20]
    return "change" if _CHANGE_BEFORE.search(before) or _CHANGE_AFTER.match(after) else "level"


# Between two figures of one measure: "$85 billion in 2022, up from $73 billion", "£2.5 billion
# ($3.1 billion)", "2.9 percent in 2024 and 3.1 percent in 2025".
_CONTINUES = re.compile(
    r"(?:\s*(?:in|during|for)\s+(?:\w+\s+)?\d{4})?\s*[,;]?\s*"
    r"(?:\(|up from|down from|from|compared (?:with|to)|against|versus|vs\.?|and|or|to)\s*$",
    re.I,
)


_RESTATES = re.compile(
    r"(?:\s+(?:of|a|per)\s+(?:[^\W\d][\w'’-]*\s*){1,5})?\s*(?:,\s*or|,\s*up|,\s*down|\(|,\s*i\.e\.,?)\s*",
    re.I,
)


def _continues(text: str, previous: Quantity, quantity: Quantity) -> bool:
    """Whether a figure with no label of its own gives another value of the figure before it, or
    restates it in another unit ("3.4% of GDP, or about $86bn", "1.1m tonnes, up 18 percent")."""
    between = text[previous.end : quantity.start]
    if _RESTATES.fullmatch(between):
        return True
    # "Trade reached $1.8 billion in 2023, according to the ministry, up from $1.2 billion".
    if previous.kind == quantity.kind and re.search(r"[,;(]\s*(?:up|down)\s+from\s*$", between, re.I):
        return True
    return previous.kind == quantity.kind and bool(_CONTINUES.fullmatch(between))


def _published_year(published: str | None) -> str | None:
    if published and re.match(r"\d{4}", published):
        return published[:4]
    return None


def _tokens(text: str, quantities: list[Quantity]) -> list[_Tok]:
    """Word and punctuation tokens; each token of a quantity is marked with its index."""
    out: list[_Tok] = []
    for match in _TOKEN.finditer(text):
        owner = -1
        for i, q in enumerate(quantities):
            if q.start <= match.start() < q.end:
                owner = i
                break
        out.append(_Tok(match.group(0), match.start(), match.end(), owner))
    return out


def _is_content(tok: _Tok) -> bool:
    return tok.qty < 0 and tok.text[0].isalpha() and tok.low not in _STOPS and tok.low not in _DETS


def _is_verbish(tok: _Tok, prev: _Tok | None = None) -> bool:
    """A verb form: from the list, after a modal ("will carry"), or a past tense ("decreased")
    not used as an adjective."""
    low = tok.low
    if low in _ADJ_PARTICIPLES:
        return False
    if low in _VERBS:
        return True
    if prev is not None and prev.low in _MODALS and tok.text.islower() and prev.low != "to":
        return True
    # "-ed" after an article or preposition is an adjective ("the proposed deal").
    return (
        tok.text.islower()
        and len(low) > 4
        and low.endswith("ed")
        and "-" not in low
        and not (prev is not None and (prev.low in _DETS or prev.low in _ATTACH))
    )


def _is_year(tok: _Tok) -> bool:
    return bool(_YEAR.fullmatch(tok.text))


def _is_plural(tok: _Tok) -> bool:
    low = tok.low
    return tok.text.islower() and len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "ous"))


def _np_right(tokens: list[_Tok], i: int) -> list[_Tok]:
    """The noun phrase starting at token i (leading determiners skipped)."""
    while i < len(tokens) and tokens[i].low in _DETS:
        i += 1
    phrase: list[_Tok] = []
    while i < len(tokens) and len(phrase) < 2 * MAX_LABEL_WORDS:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.text in ("-", "’", "'") and phrase:
            phrase.append(tok)
            i += 1
            continue
        if tok.text in _QUOTES and phrase:
            i += 1
            continue
        if tok.qty >= 0 or not tok.text[0].isalpha():
            break
        low = tok.low
        if low in _ATTACH or low == "and":
            k = i + 1
            while k < len(tokens) and tokens[k].low in _DETS:
                k += 1
            target = tokens[k] if k < len(tokens) else None
            if not phrase or target is None or not _is_content(target) or target.low in _TIME_WORDS:
                break
            if low == "and" and (_is_verbish(target) or k > i + 1):
                break
            phrase.extend(tokens[i:k])
            i = k
            continue
        if not _is_content(tok) or _is_verbish(tok, tokens[i - 1] if i else None):
            break
        if low.endswith("ly") and len(low) > 4 and tok.text.islower():
            break  # an adverb ("annually") ends the phrase
        if low in ("last", "this", "next", "past") and nxt is not None and nxt.low in _TIME_WORDS:
            break  # "last year" says when
        # A word followed by an article is a verb taking its object ("visit represents a ...");
        # after a plural head, a bare word before a preposition is one too ("firms operate in").
        if phrase and nxt is not None and nxt.low in ("a", "an", "the", "its", "their", "his", "her"):
            break
        if (
            phrase
            and _is_plural(phrase[-1])
            and tok.text.islower()
            and not low.endswith("s")
            and nxt is not None
            and nxt.low in _ATTACH
        ):
            break
        phrase.append(tok)
        i += 1
    phrase = _trim(phrase)
    if phrase and all(t.low in _TIME_WORDS or t.low in _ATTACH for t in phrase):
        return []
    return phrase


def _np_left(tokens: list[_Tok], j: int) -> list[_Tok]:
    """The noun phrase ending at token j, walking left."""
    phrase: list[_Tok] = []
    while j >= 0 and len(phrase) < 2 * MAX_LABEL_WORDS:
        tok = tokens[j]
        if tok.text in ("-", "’", "'") and phrase:
            phrase.insert(0, tok)
            j -= 1
            continue
        if tok.text in _QUOTES and phrase:
            j -= 1
            continue
        if tok.qty >= 0 or not tok.text[0].isalpha():
            break
        low = tok.low
        if low in _DETS:
            before = tokens[j - 1] if j > 0 else None
            # "between the two" and "India and the UAE" keep going; "the volume" ends the phrase,
            # and so does "with the" unless a measure comes before it ("investment in the port").
            joined = before is not None and (before.low in _ATTACH or before.low == "and") and phrase
            if joined and before is not None and before.low in _NEW_PHRASE:
                ahead = tokens[j - 2] if j > 1 else None
                # A name alone says where, not what: "remittances from the Gulf" keeps its head.
                named = all(t.text[0].isupper() for t in phrase if t.text[0].isalpha())
                joined = ahead is not None and (ahead.low in _MEASURE_NOUNS or (named and _is_content(ahead)))
            if joined:
                phrase.insert(0, tok)
                j -= 1
                continue
            break
        if low in _ATTACH or low == "and":
            k = j - 1
            while k >= 0 and tokens[k].text in _QUOTES:
                k -= 1
            before = tokens[k] if k >= 0 else None
            if not phrase or before is None or not (_is_content(before) or before.low in _DETS):
                break
        elif not _is_content(tok) or _is_verbish(tok, tokens[j - 1] if j else None):
            break
        phrase.insert(0, tok)
        j -= 1
    return _trim(phrase)


def _trim(phrase: list[_Tok]) -> list[_Tok]:
    """Drop dangling joiners and time phrases; shorten to MAX_LABEL_WORDS by cutting the last
    attachments."""
    while phrase and (phrase[-1].low in _ATTACH or phrase[-1].low in ("and", "-") or phrase[-1].low in _DETS):
        phrase = phrase[:-1]
    while phrase and (
        phrase[0].low in _ATTACH
        or phrase[0].low in ("and", "-")
        or phrase[0].low in _DETS
        or _is_when(phrase)
    ):
        phrase = phrase[2:] if _is_when(phrase) else phrase[1:]
    while _count_words(phrase) > MAX_LABEL_WORDS:
        cuts = [k for k, t in enumerate(phrase) if k > 0 and t.low in _ATTACH]
        phrase = _trim(phrase[: cuts[-1]]) if cuts else phrase[-MAX_LABEL_WORDS:]
    return phrase


def _is_when(phrase: list[_Tok]) -> bool:
    """Whether a phrase opens with a time phrase like "last year", "this month"."""
    return (
        len(phrase) > 2
        and phrase[0].low in ("last", "this", "next", "past", "previous")
        and phrase[1].low in ("year", "month", "week", "decade", "quarter")
    )


def _count_words(phrase: list[_Tok]) -> int:
    return sum(1 for t in phrase if t.text[0].isalnum())


def _join(*parts: list[_Tok]) -> str:
    """Tokens back to words, with hyphens and apostrophes glued as written."""
    out = ""
    prev: _Tok | None = None
    for part in parts:
        for tok in part:
            glued = (
                prev is not None
                and prev.end == tok.start
                and (tok.text in ("-", "’", "'") or prev.text in ("-", "’", "'"))
            )
            out += tok.text if (not out or glued or tok.text == ",") else " " + tok.text
            prev = tok
    return out


def _right_phrase(
    tokens: list[_Tok], first: int, last: int, quantity: Quantity
) -> tuple[list[_Tok], str, int]:
    """The phrase right of a figure, how it attaches and the index of the word that attaches it.

    How: "of", "in", "for", "on", "to", "into", "noun" (the figure stands before it), "" (nothing)
    or "none" (the figure measures nothing)."""
    k = last + 1
    # Skip a conversion in brackets: "£2.5 billion ($3.1 billion) on new frigates".
    if k < len(tokens) and tokens[k].text == "(":
        close = next((n for n in range(k, min(k + 12, len(tokens))) if tokens[n].text == ")"), None)
        if close is not None and any(t.qty >= 0 for t in tokens[k:close]):
            k = close + 1
    right = tokens[k:]
    nxt = right[0].low if right else ""
    nxt2 = right[1].low if len(right) > 1 else ""
    if quantity.unit in DURATION_UNITS:
        # "a 20-year cooperation agreement" measures the agreement; "for four years" nothing.
        hyphenated = "-" in quantity.surface
        return (_np_right(tokens, k), "noun", k) if hyphenated else ([], "none", k)
    if nxt in _DIMENSIONS:
        return [], "", k
    if nxt == "worth" and nxt2 == "of":
        return _np_right(tokens, k + 2), "of", k
    if nxt == "of":
        # "two-thirds of the $12 billion package": the phrase after the other figure.
        n = k + 1
        while n < len(tokens) and tokens[n].low in _DETS:
            n += 1
        while n < len(tokens) and tokens[n].qty >= 0:
            n += 1
        return _np_right(tokens, n if n > k + 1 and tokens[n - 1].qty >= 0 else k + 1), "of", k
    if nxt in ("in", "for", "on", "to", "into") and quantity.kind in ("money", "physical"):
        if len(right) > 1 and _is_year(right[1]):
            return [], "", k
        return _np_right(tokens, k + 1), nxt, k
    # "a 5,000-strong force"
    if nxt == "-" and len(right) > 1 and right[0].start == tokens[last].end:
        return _np_right(tokens, k + 2), "noun", k
    # "$20 a barrel", "38 bcm a year": a rate, not what is measured.
    if nxt in ("a", "an", "per", "each") and len(right) > 1 and not _is_plural(right[1]):
        return [], "", k
    attributive = first > 0 and tokens[first - 1].low in _DETS
    if quantity.kind in ("money", "physical", "count") or nxt in _CHANGE_NOUNS or attributive:
        return _np_right(tokens, k), "noun", k
    return [], "", k


def _walk_bridge(tokens: list[_Tok], j: int) -> tuple[int, list[_Tok]]:
    """Walk left over the words between a figure and its noun phrase; (index left of them, them)."""
    bridge: list[_Tok] = []
    while j >= 0:
        tok = tokens[j]
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if (
            tok.low in _BRIDGE
            or tok.qty >= 0
            or _is_year(tok)
            or (tok.low in ("in", "during") and nxt is not None and _is_year(nxt))
            or (tok.low.endswith("ly") and tok.text.islower() and len(tok.low) > 4)
            or (tok.text == "," and (not bridge or bridge[0].qty >= 0))
            or tok.text in ("(", ")")
        ):
            bridge.insert(0, tok)
            j -= 1
            continue
        # "year on year", "year-on-year": a time phrase between a figure and its subject.
        if tok.low == "year" and j >= 2 and tokens[j - 1].low in ("on", "-") and tokens[j - 2].low == "year":
            bridge[:0] = tokens[j - 2 : j + 1]
            j -= 3
            continue
        # "a meager $2 billion", "a record $3 billion": an adjective between article and figure.
        if (
            _is_content(tok)
            and tok.text.islower()
            and j > 1
            and tokens[j - 1].low in ("a", "an", "the")
            and (tokens[j - 2].low in _BRIDGE or tokens[j - 2].low in _STOPS)
            and (not bridge or bridge[0].qty >= 0)
        ):
            bridge[:0] = [tokens[j - 1], tok]
            j -= 2
            continue
        break
    return j, bridge


def _label(
    text: str, tokens: list[_Tok], index: int, quantity: Quantity, lower_words: frozenset[str] = frozenset()
) -> str:
    """What the quantity measures, in words of its sentence; "" when nothing is recoverable.

    Candidates are tried in order, each tidied into a noun phrase (see `_tidy`); a bare name
    ("Islamic Republic", "Tehran") says who, not what, and a bare generic head ("total", "figure")
    says nothing, so both are passed over (an acronym such as "GDP" may be a measure).
    `lower_words` are the words the document writes in lower case, to tell a capitalised common
    word at the start of a sentence from a name.
    """
    for phrase in _label_candidates(text, tokens, index, quantity):
        phrase = _tidy(tokens, phrase)
        names = [t for t in phrase if t.text[0].isalpha() and t.low not in _ATTACH and t.low not in _DETS]
        if names and all(
            t.text[0].isupper()
            and not t.text.isupper()
            and (t.start > 0 or _lower_first(text, [t], t.text, lower_words) == t.text)
            for t in names
        ):
            continue
        if all(t.low in _GENERIC_HEADS or not t.text[0].isalnum() for t in names):
            continue
        label = _join(phrase)
        if label:
            return _lower_first(text, phrase, label, lower_words)
    return ""


# Heads that say a number is a number, not what it measures: "the total", "the value of exports".
_GENERIC_HEADS = frozenset(
    """total totals figure figures value values amount amounts level levels sum sums volume volumes
    number numbers size record aggregate overall combined whole tally count worth""".split()
)
# What "between the two" and "with them" stand for: the parties named elsewhere, not a measure.
_PARTIES = frozenset(
    """the two both countries country sides side nations nation parties states partners neighbours
    neighbors governments them each other""".split()
)
_PRONOUNS = frozenset("its their his her our your my".split())
_RELATIVES = frozenset("which that who".split())
# Past participles that do not end in -ed: "sold wheat", "spent on roads".
_IRREGULAR_PARTICIPLES = frozenset(
    """sold bought spent lent paid held made built sent brought given taken grown risen fallen won
    lost kept got gotten put set cut shown drawn raised sunk""".split()
)
# Endings of common nouns and adjectives, for a capitalised first word of a sentence.
_COMMON_ENDINGS = (
    "ive", "ous", "ment", "ments", "tion", "tions", "sion", "sions", "ness", "ity", "ities", "ance",
    "ances", "ence", "ences", "ship", "ism", "ure", "ures", "ics", "ings", "ists", "ities",
)  # fmt: skip
# Common words that often open a sentence about a figure, for documents too short to show them in
# lower case: goods, sectors and plain adjectives of economic reporting.
_COMMON_OPENERS = frozenset(
    """oil gas crude wheat grain food coal steel gold power energy arms weapons military defence defense
    nuclear foreign domestic annual total new net gross direct public private state bilateral trade
    tourism tourist freight cargo rail road air sea electricity water aid tax taxes non-oil national
    regional federal agricultural industrial commercial financial economic external global international
    official average overall combined estimated""".split()
)


def _is_participle(verb: _Tok) -> bool:
    """Whether a verb form can stand as a participle without its subject ("invested in ports")."""
    low = verb.low
    return (low.endswith("ed") and low not in _MODALS) or low in _IRREGULAR_PARTICIPLES


def _is_past_verb(tok: _Tok) -> bool:
    """A listed verb in a past or finite form that is never a noun ("rose", "increased", "was");
    "increase", "rise" and "plan" may head a noun phrase and stay."""
    low = tok.low
    return low in _GROWTH_VERBS | _VERBS and (
        low.endswith("ed") or low in _IRREGULAR_PARTICIPLES or low in _FINITE_IRREGULAR
    )


_FINITE_IRREGULAR = frozenset("rose fell grew shrank stood was were is are has have had".split())


def _tidy(tokens: list[_Tok], phrase: list[_Tok]) -> list[_Tok]:
    """Shape a candidate into a noun phrase a reader understands without the source.

    No finite verb at the end ("trade rose") or after a relative pronoun ("which adds costs"); no
    possessive pronoun or "between the two" standing in for the parties; a generic head ("record
    figure of", "value of") gives way to the "of" phrase that names the measure.
    """
    if not phrase:
        return phrase
    at = {t.start: k for k, t in enumerate(tokens)}
    first = at.get(phrase[0].start, 0)
    # "which adds costs": the word after a relative pronoun is its verb.
    if len(phrase) > 1 and first > 0 and tokens[first - 1].low in _RELATIVES and phrase[0].text.islower():
        phrase = phrase[1:]
    # "trade between the two countries", "relations with them".
    for k, tok in enumerate(phrase):
        if k and tok.low in _ATTACH and all(t.low in _PARTIES for t in phrase[k + 1 :]):
            phrase = phrase[:k]
            break
    phrase = _with_list(tokens, at, phrase)
    # "growth in their bilateral trade": the pronoun stands for parties named elsewhere.
    content = [t for t in phrase if t.low not in _PRONOUNS]
    if any(_is_content(t) for t in content):
        phrase = content
    # "bilateral trade rose": a subject keeps no verb of its own.
    while len(phrase) > 1 and _is_past_verb(phrase[-1]):
        before = phrase[-2].low
        if before == "to" or before in _MODALS:
            break  # "expected to reach": a target's verb, not the sentence's
        phrase = phrase[:-1]
    # "record figure of Iran-Russia trade", "value of imports": the "of" phrase names the measure.
    k = 0
    while k < len(phrase) and (phrase[k].low in _GENERIC_HEADS or phrase[k].text == "-"):
        k += 1
    if 0 < k < len(phrase) - 1 and phrase[k].low == "of":
        rest = _trim(phrase[k + 1 :])
        if any(_is_content(t) and t.low not in _GENERIC_HEADS for t in rest):
            phrase = rest
    return _trim(phrase)


def _with_list(tokens: list[_Tok], at: dict[int, int], phrase: list[_Tok]) -> list[_Tok]:
    """Finish a list the phrase's last attachment starts: "agreements on trade, energy and transport".

    The whole list is kept when the label stays short; otherwise the attachment goes, because its
    first item alone would misstate what the figure counts ("agreements on trade")."""
    last = at.get(phrase[-1].start, -1)
    if last < 0 or last + 1 >= len(tokens) or tokens[last + 1].text != ",":
        return phrase
    joints = [k for k, t in enumerate(phrase) if k and t.low in _ATTACH]
    if not joints:
        return phrase
    # Items are runs of content words separated by commas; "and" or "or" opens the last one.
    k, closed = last + 1, False
    while k < len(tokens) and tokens[k].text == "," and not closed:
        k += 1
        if k < len(tokens) and tokens[k].low in ("and", "or"):
            k, closed = k + 1, True
        n = _item_end(tokens, k)
        if n == k:
            return phrase  # ", the ministry said": not a list
        if not closed and n < len(tokens) and tokens[n].low in ("and", "or"):
            k, closed = n + 1, True
            n = _item_end(tokens, k)
            if n == k:
                return phrase
        k = n
    if not closed:
        return phrase
    whole = [*phrase, *tokens[last + 1 : k]]
    if _count_words(whole) <= MAX_LABEL_WORDS:
        return whole
    return phrase[: joints[-1]]


def _item_end(tokens: list[_Tok], k: int) -> int:
    """Index after the run of content words (one list item) starting at token k."""
    while (
        k < len(tokens)
        and _is_content(tokens[k])
        and tokens[k].low not in ("and", "or")
        and not _is_verbish(tokens[k], tokens[k - 1])
    ):
        k += 1
    return k


def _lower_first(text: str, phrase: list[_Tok], label: str, lower_words: frozenset[str]) -> str:
    """Lower-case a label's first word when it is capitalised only because it starts the sentence."""
    head = phrase[0]
    word = head.text
    if not word[0].isupper() or word.isupper() or text[: head.start].strip(" \"'“‘«(") != "":
        return label
    low = word.lower()
    stem = low.split("-")[0]
    named = "!" + word in lower_words  # capitalised inside a sentence elsewhere: a name
    known = low in lower_words or (
        not named and (low in _MEASURE_NOUNS | _CHANGE_NOUNS | _GENERIC_HEADS | _COMMON_OPENERS)
    )
    # A word unknown to the document is common when it ends like one and is not a name elsewhere.
    shaped = low.endswith(_COMMON_ENDINGS) and not named and not text[head.end :].startswith(("'s", "’s"))
    if known or shaped or (stem in lower_words and "-" in low):
        return label[0].lower() + label[1:]
    return label


def _label_candidates(text: str, tokens: list[_Tok], index: int, quantity: Quantity) -> list[list[_Tok]]:
    """Possible labels, best first: the thing bought or held, the phrase the figure qualifies, the
    noun phrase it is the value of."""
    own = [k for k, t in enumerate(tokens) if t.qty == index]
    if not own:
        return []
    first, last = own[0], own[-1]
    after, how, at = _right_phrase(tokens, first, last, quantity)
    if how == "none":
        return []
    if how == "noun" and quantity.kind == "count" and after:
        period = re.match(r"\s*(?:a|per|each)\s+(?:day|week|month|year)\b", text[after[-1].end :])
        if period:
            start = after[-1].end + len(period.group(0)) - len(period.group(0).lstrip())
            after = [*after, _Tok(period.group(0).strip(), start, after[-1].end + period.end(), -1)]

    j, bridge = _walk_bridge(tokens, first - 1)
    # "the trade, which grew from $1.2 billion", "trade that exceeded $3.5bn": the antecedent.
    if j >= 0 and tokens[j].low in ("which", "that") and (not bridge or bridge[0].low not in _DETS):
        j -= 1
        if j >= 0 and tokens[j].text == ",":
            j -= 1
    # "the oil for goods deal, worth up to $20 billion"
    elif j >= 0 and tokens[j].text == "," and bridge and bridge[0].low in ("worth", "valued", "totalling"):
        j -= 1
    verb = tokens[j] if j >= 0 and _is_verbish(tokens[j], tokens[j - 1] if j else None) else None
    # "expected to cost $1-2 billion": a bare word after "to", right before the figure, is a verb.
    if verb is None and j > 0 and tokens[j - 1].low == "to" and tokens[j].text.islower() and not bridge:
        verb = tokens[j]

    subject: list[_Tok] = []
    modal: list[_Tok] = []
    before: list[_Tok] = []
    if verb is not None:
        k = j - 1
        while k >= 0 and (
            (tokens[k].low in _STOPS and tokens[k].low not in _GROWTH_VERBS)
            or tokens[k].low == "to"
            or (tokens[k].low.endswith("ly") and tokens[k].text.islower())
        ):
            if tokens[k].low in _MODALS and not modal:
                modal = [tokens[k]]
            k -= 1
        subject = _np_left(tokens, k)
    elif j >= 0 and _is_content(tokens[j]):
        before = _with_target_chain(tokens, _np_left(tokens, j), bridge)
    elif j > 0 and tokens[j].low in ("it", "they") and tokens[j - 1].text in (":", ";"):
        subject = _clause_subject(tokens, j - 2)
    left = before or subject

    # A change keeps its noun phrase only: "trade rose by 40 percent" labels as "trade".
    left_label = left

    candidates: list[list[_Tok]] = []
    if (
        verb is not None
        and verb.low in _TRANSFER_VERBS
        and subject
        and quantity.kind in ("money", "physical")
    ):
        keep = (how in ("in", "into", "on") and verb.low.startswith(_KEEP_CONNECTOR)) or how in ("to", "for")
        connector = [tokens[at]] if keep else []
        obj = after if how in ("of", "noun", "in", "into", "on", "for", "to") else []
        if how == "noun" and tokens[last + 1 : last + 2] and tokens[last + 1].low in _DETS:
            obj = []
        # A label is a noun phrase, not a clause: the subject and any modal go; a past form stays
        # as a participle ("exported commodities to Russia"), a present one goes ("new frigates").
        if _is_participle(verb) and obj:
            candidates.append([verb, *connector, *obj])
        elif obj:
            candidates.append(obj)
    linked = any(t.low in _SUBJECT_BRIDGE or t.low in _GROWTH_VERBS for t in bridge)
    if how == "of" and quantity.kind == "percent" and left and linked:
        candidates.append(left_label)
    # "The currency lost 30 percent of its value": the share is of the subject's own measure.
    owner = tokens[at + 1].low if how == "of" and at + 1 < len(tokens) else ""
    if owner in ("its", "their", "his", "her") and verb is not None and subject and after:
        candidates.append([verb, *after] if _is_participle(verb) else after)
    # "Beijing lent Zambia $6.6 billion": the amount lent to a party, named after the verb.
    ahead = tokens[j - 1] if j > 0 and before else None
    if (
        ahead is not None
        and ahead.low in _TRANSFER_VERBS
        and _is_participle(ahead)
        and tokens.index(before[0]) == j - len(before) + 1 == tokens.index(ahead) + 1
        and all(t.text[0].isupper() for t in before if t.text[0].isalpha())
        and quantity.kind == "money"
    ):
        candidates.append([ahead, *before])
    if after and how in ("of", "noun"):
        candidates.append(after)
    if left:
        candidates.append(left_label)
    if after:
        candidates.append(after)
    # "Russia invested $2 billion.": the participle alone, when nothing else says what.
    if verb is not None and verb.low in _TRANSFER_VERBS and _is_participle(verb) and subject:
        candidates.append([verb])
    return candidates


def _clause_subject(tokens: list[_Tok], j: int) -> list[_Tok]:
    """The subject of the clause ending at token j, which a pronoun after a colon refers to:
    "investments in Iran were unimpressive: they amounted to ..." gives "investments in Iran"."""
    k = j
    while k >= 0 and tokens[k].qty < 0 and tokens[k].text[0].isalpha() and not _is_verbish(tokens[k]):
        k -= 1
    if k < 1 or not _is_verbish(tokens[k]) or tokens[k].low not in _VERBS:
        return []
    k -= 1
    while k >= 0 and tokens[k].low.endswith("ly") and tokens[k].text.islower():
        k -= 1  # "were also", "had recently"
    return _np_left(tokens, k)


_TARGET_WORDS = _BRIDGE | _TARGET_CUES | _TARGET_VERBS
_QUALIFYING = frozenset(
    """about around approximately roughly some nearly almost more than less over under up least
    a an the""".split()
)


def _with_target_chain(tokens: list[_Tok], phrase: list[_Tok], bridge: list[_Tok]) -> list[_Tok]:
    """Keep a target's verbs in its label: "pledged to boost bilateral trade", "trade expected to reach"."""
    if not phrase:
        return phrase
    k = tokens.index(phrase[0]) - 1
    chain: list[_Tok] = []
    if k >= 0 and tokens[k].low in _TARGET_VERBS:
        chain = [tokens[k]]
        if k >= 2 and tokens[k - 1].low == "to" and tokens[k - 2].low in _TARGET_CUES:
            chain = tokens[k - 2 : k + 1]
        # "will triple electricity production to ...": a modal is finite, so the label keeps only
        # the noun phrase; a participle and infinitive ("pledged to boost") read as a noun modifier.
        if not ({t.low for t in chain} & (_TARGET_CUES | _MODALS)) and not (
            k >= 1 and tokens[k - 1].low == "to"
        ):
            chain = []
    cue = next((n for n, t in enumerate(bridge) if t.low in _TARGET_CUES), None)
    tail = []
    if cue is not None:
        tail = [t for t in bridge[cue:] if t.qty < 0 and t.low in _TARGET_WORDS and t.low not in _QUALIFYING]
        while tail and tail[-1].low in _ATTACH:
            tail = tail[:-1]
    return [*chain, *phrase, *tail]


def _years(text: str, quantities: list[Quantity], published: str | None) -> list[tuple[int, int, str]]:
    """Years the sentence names in a temporal phrase: (start, end, year or "start/end")."""
    out: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _YEAR_SPAN.finditer(text):
        if any(q.start < match.end() and match.start() < q.end for q in quantities):
            continue
        first = match.group(1) or match.group(3)
        last = match.group(2) or match.group(4)
        if len(last) == 2:
            last = first[:2] + last
        if last <= first:
            continue
        out.append((match.start(), match.end(), f"{first}/{last}"))
        taken.append((match.start(), match.end()))
    for match in _YEAR.finditer(text):
        if any(q.start <= match.start() < q.end for q in quantities):
            continue
        if any(a <= match.start() < b for a, b in taken):
            continue
        lead = text[max(0, match.start() - 40) : match.start()]
        opens = match.start() == 0 and text[match.end() : match.end() + 1] in (",", ":")
        if _TEMPORAL.search(lead) or opens:
            out.append((match.start(), match.end(), match.group(1)))
    if published:
        for match in _RELATIVE_YEAR.finditer(text):
            shift = {"last": -1, "previous": -1, "past": -1, "next": 1}.get(match.group(1).lower(), 0)
            out.append((match.start(), match.end(), str(int(published) + shift)))
    return sorted(out)


def _from_to_years(
    text: str, quantities: list[Quantity], years: list[tuple[int, int, str]]
) -> dict[int, str]:
    """ "Between 2011 and 2014 it fell from 0.5 percent to 0.2 percent": the ends of a span go to
    the two ends of a change."""
    spans = [year for _s, _e, year in years if "/" in year]
    out: dict[int, str] = {}
    if len(spans) != 1 or len(years) != 1:
        return out
    first, last = spans[0].split("/")
    for k in range(len(quantities) - 1):
        a, b = quantities[k], quantities[k + 1]
        if re.search(r"\bfrom\s+$", text[: a.start]) and re.fullmatch(r"\s*to\s*", text[a.end : b.start]):
            out[k], out[k + 1] = first, last
    return out


def _year_for(
    index: int, quantities: list[Quantity], years: list[tuple[int, int, str]], published: str | None
) -> tuple[str | None, bool]:
    """The year a quantity refers to: the nearest temporal year, each year going to its nearest
    quantity; else the publication year, flagged as inferred."""
    if years:
        owned: dict[int, list[tuple[int, str]]] = {}
        for start, end, year in years:
            distances = []
            for k, q in enumerate(quantities):
                gap = start - q.end if start >= q.end else q.start - end
                # A year after its figure ("$1 billion in 2005") binds tighter than one before.
                distances.append((gap + (0 if start >= q.end else 3), k))
            gap, k = min(distances)
            owned.setdefault(k, []).append((gap, year))
        if index in owned:
            return min(owned[index])[1], False
        # "In 2015, trade was $1 billion and investment $300 million": a year before the figures.
        q = quantities[index]
        earlier = [year for start, _end, year in years if start < q.start]
        if earlier:
            return earlier[-1], False
    return published, published is not None


def _salience(quantity: Quantity, label: str, sentence: str) -> float:
    """Money, trade, investment, energy and arms first; generic percentages and counts last."""
    score = _KIND_BASE.get(quantity.kind, 0.2)
    if quantity.kind == "physical" and quantity.unit in ENERGY_UNITS:
        score += 0.2
    if quantity.unit in DURATION_UNITS:
        score = 0.1
    context = label or sentence
    topic = max((w for pattern, w in _TOPIC_WEIGHTS if pattern.search(context)), default=0.0)
    if not label:
        topic = max((w for pattern, w in _TOPIC_WEIGHTS if pattern.search(sentence)), default=0.0) / 2
        score *= 0.6
    score += topic
    if quantity.kind == "count" and quantity.value < 100:
        score *= 0.5
    if quantity.kind == "percent" and not label:
        score *= 0.7
    return round(score, 4)


# --- Merging -------------------------------------------------------------------------------------

_GENERIC = frozenset(
    """volume value total level amount figure figures overall aggregate annual record sum worth
    size rate""".split()
)


# Words that name the same measure: normalised before labels are compared.
_SYNONYMS = {
    "turnover": "trade", "increase": "growth", "increased": "growth", "rose": "growth", "rise": "growth",
    "grew": "growth", "grow": "growth", "jump": "growth", "jumped": "growth", "decrease": "decline",
    "decreased": "decline", "fell": "decline", "fall": "decline", "drop": "decline", "dropped": "decline",
    "declined": "decline", "exported": "export", "imported": "import", "invested": "investment",
    "investments": "investment", "sales": "sale", "sold": "sale",
}  # fmt: skip
# "between Russia and Iran", "between the two countries": a bilateral measure.
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+two(?:\s+\w+)?|[\w'’-]+\s+and\s+[\w'’-]+)", re.I)


def _label_tokens(label: str) -> frozenset[str]:
    """Content words of a label, normalised, for comparing what two figures measure."""
    text = _BETWEEN.sub(" bilateral ", label.lower())
    out = set()
    for raw in re.findall(r"[a-z][a-z'’-]*", text):
        word = raw.replace("’", "'").removesuffix("'s")
        if word in _DETS or word in _ATTACH or word in _GENERIC or word == "and":
            continue
        if word in _STOPS and word not in _SYNONYMS:
            continue
        word = _SYNONYMS.get(word, word)
        out.add(word[:-1] if word.endswith("s") and len(word) > 3 and not word.endswith("ss") else word)
    return frozenset(out)


def _same_year(a: Figure, b: Figure) -> bool:
    """Equal years; a year inferred from a publication date also matches the year before it, since
    a source usually reports last year's figures."""
    if a.year == b.year:
        return True
    if a.year is None or b.year is None or a.year_inferred == b.year_inferred or "/" in a.year + b.year:
        return False
    inferred, stated = (a, b) if a.year_inferred else (b, a)
    return int(stated.year or 0) == int(inferred.year or 0) - 1


def _is_target(figure: Figure) -> bool:
    quote = figure.sources[0].quote if figure.sources else ""
    at = quote.find(figure.surface)
    window = quote[: at if at >= 0 else len(quote)]
    words = set(re.findall(r"[a-z]+", (window[-80:] + " " + figure.label).lower()))
    return bool(words & _TARGET_CUES) and not (words & {"reached", "exceeded", "stood", "was", "were"})


def _same_measure(a: Figure, b: Figure) -> bool:
    """Compatible label (token overlap), same year, same unit, both actual or both targets."""
    if a.unit != b.unit or not _same_year(a, b) or not a.label or not b.label:
        return False
    ta, tb = _label_tokens(a.label), _label_tokens(b.label)
    if not ta or not tb:
        return False
    if len(ta & tb) / len(ta | tb) < 0.5:
        return False
    return _is_target(a) == _is_target(b)


def _bounds(figure: Figure) -> tuple[float, float]:
    """The interval of values a figure allows, given its qualifier and written precision."""
    step = precision(figure.surface, figure.value) / 2
    low, high = (
        figure.value - step,
        (figure.value_max if figure.value_max is not None else figure.value) + step,
    )
    if figure.qualifier == "about":
        low, high = low - abs(figure.value) * 0.1, high + abs(figure.value) * 0.1
    elif figure.qualifier in ("more_than", "at_least"):
        high = float("inf")
    elif figure.qualifier in ("less_than", "up_to"):
        low = float("-inf")
    return low, high


def _consistent(a: Figure, b: Figure) -> bool:
    """Whether two values of one measure can both be true (rounding, ranges, bounds)."""
    (alo, ahi), (blo, bhi) = _bounds(a), _bounds(b)
    return alo <= bhi and blo <= ahi


def _conflict(a: Figure, b: Figure) -> bool:
    """Inconsistent values of one measure from two different sentences (a sentence that gives two
    values of one measure is reporting a change, not contradicting itself)."""
    shared = {(r.doc, r.start) for r in a.sources} & {(r.doc, r.start) for r in b.sources}
    return not shared and not _consistent(a, b)


def _identical(a: Figure, b: Figure) -> bool:
    return (
        a.value == b.value and a.value_max == b.value_max and a.unit == b.unit and a.qualifier == b.qualifier
    )


def merge_figures(figures: list[Figure]) -> tuple[list[Figure], list[Discrepancy]]:
    """Fold identical figures of one measure into one; list the same measure with other values.

    Returns the figures ordered by salience (highest first, then document and position) and the
    discrepancies, each listing every differing figure with its sources.
    """
    merged: list[Figure] = []
    for figure in figures:
        for k, kept in enumerate(merged):
            same_label = bool(kept.label) and kept.label == figure.label and kept.year == figure.year
            if _identical(kept, figure) and (same_label or _same_measure(kept, figure)):
                merged[k] = _fold(kept, figure)
                break
        else:
            merged.append(figure)
    merged = [_boost(f) for f in merged]
    # Stable sort: equal salience keeps the order of first appearance (document, then position).
    merged.sort(key=lambda f: -f.salience)

    discrepancies: list[Discrepancy] = []
    grouped: set[int] = set()
    for i in range(len(merged)):
        if i in grouped:
            continue
        group = [i]
        for k in range(i + 1, len(merged)):
            if k not in grouped and all(_same_measure(merged[g], merged[k]) for g in group[:1]):
                group.append(k)
        differing = [g for g in group if any(_conflict(merged[g], merged[h]) for h in group if h != g)]
        if len(differing) >= 2:
            grouped.update(differing)
            items = [merged[g] for g in differing]
            note = "sources differ: " + "; ".join(_describe(f) for f in items)
            about = min((f.label for f in items), key=lambda label: (len(label.split()), label))
            discrepancies.append(Discrepancy(about=about, figures=items, note=note))
    return merged, discrepancies


def _describe(figure: Figure) -> str:
    """ "about 80 percent (doc-a, 2016)", "60% (doc-b, 2017, year inferred)"."""
    docs = ", ".join(dict.fromkeys(s.doc for s in figure.sources))
    year = f", {figure.year}" if figure.year else ""
    inferred = ", year inferred" if figure.year_inferred else ""
    return f"{figure.surface} ({docs}{year}{inferred})"


def _fold(kept: Figure, other: Figure) -> Figure:
    """One figure with the sources of both; a stated year wins over an inferred one."""
    sources = list(kept.sources)
    for ref in other.sources:
        if all((r.doc, r.start, r.end) != (ref.doc, ref.start, ref.end) for r in sources):
            sources.append(ref)
    label = kept.label if len(kept.label) >= len(other.label) else other.label
    year, year_inferred = (
        (other.year, False)
        if kept.year_inferred and not other.year_inferred
        else (
            kept.year,
            kept.year_inferred,
        )
    )
    return kept.model_copy(
        update={
            "sources": sources,
            "label": label,
            "year": year,
            "year_inferred": year_inferred,
            "salience": max(kept.salience, other.salience),
        }
    )


def _boost(figure: Figure) -> Figure:
    """Figures repeated across sources rank higher."""
    docs = len({s.doc for s in figure.sources})
    if docs <= 1:
        return figure
    return figure.model_copy(update={"salience": round(figure.salience + 0.25 * (docs - 1), 4)})


def find_series(figures: list[Figure], min_years: int = 3) -> list[Series]:
    """Group the reported values of one measure across years, where there are enough to chart.

    Two figures measure the same thing when they share the unit and a third of their label words
    (single link, so "bilateral trade" joins "trade turnover" through "non-oil bilateral trade").
    Targets and forecasts are left out: a chart shows what was reported as having happened.
    """
    candidates = [
        f
        for f in figures
        if f.label and f.year and "/" not in f.year and f.unit != "count" and not _is_target(f)
    ]
    tokens = [_label_tokens(f.label) for f in candidates]
    # Two measures are linked by a shared measure word, not by the places both are about
    # ("Russian investments in Iran" and "Russian arms to Iran").
    names = [_label_tokens(" ".join(re.findall(r"\b[A-Z][\w'’-]*", f.label))) for f in candidates]
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(candidates)):
        for k in range(i + 1, len(candidates)):
            a, b = tokens[i], tokens[k]
            if (
                candidates[i].unit == candidates[k].unit
                and a
                and b
                and len(a & b) / len(a | b) >= 1 / 3
                and a & b - names[i] - names[k]
            ):
                parent[root(k)] = root(i)

    groups: dict[int, list[int]] = {}
    for i in range(len(candidates)):
        groups.setdefault(root(i), []).append(i)
    out: list[Series] = []
    for members in groups.values():
        if len({candidates[i].year for i in members}) < min_years:
            continue
        shared = frozenset.intersection(*(tokens[i] for i in members))
        label = _series_label([candidates[i].label for i in members], shared)
        points: dict[tuple[str, float], SeriesPoint] = {}
        for i in members:
            f = candidates[i]
            key = (f.year or "", f.value)
            if key in points:
                known = points[key]
                extra = [r for r in f.sources if r not in known.sources]
                points[key] = known.model_copy(update={"sources": known.sources + extra})
            else:
                points[key] = SeriesPoint(
                    year=f.year or "", value=f.value, surface=f.surface, sources=f.sources
                )
        ordered = sorted(points.values(), key=lambda p: (p.year, p.value))
        out.append(Series(label=label, unit=candidates[members[0]].unit, points=ordered))
    out.sort(key=lambda s: (-len(s.points), s.label))
    return out


def _series_label(labels: list[str], shared: frozenset[str]) -> str:
    """The words every label of a series shares, as written in the most common label."""
    common = max(sorted(set(labels)), key=lambda label: (labels.count(label), -len(label)))
    if not shared:
        return common
    words = [w for w in re.findall(r"[\w'’-]+", common) if _label_tokens(w) & shared]
    return " ".join(words) if words else common
