"""Turn a document's sentences into dated events, and merge the events several sources report.

An event is a happening (a visit, a call, a meeting, a signing, an agreement, a delivery, a
sanction, an election, a war, ...) that a sentence ties to a date. The date comes from the
temporal tagger, resolved against the document's publication date at the precision that date
has; a date that only frames a figure ("$2 billion in 2016") or an opinion, a happening that has
not happened ("has yet to be built") and a biography in a quoted aside ("..., whose term ended in
2021") are not events. The event text is the sentence, or the clause of it that holds the date and
the happening with its subject, verbatim: a leading phrase, a "When ..." frame, a closing "which"
clause or attribution is trimmed; a fragment that would start mid-sentence in lower case takes the
sentence's start instead; a sentence listing several dated happenings gives each its own item.

Merging joins the same event reported by several sources (compatible dates, the same kind of
action, overlapping words); the most precise date wins, and sources that disagree on a date
close together give one entry with a discrepancy note rather than two entries. The merged entry
is told by the report that best states the action itself (_statement), not by a report of a report.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from briefing.extract import timex
from briefing.extract.sentences import Sentence
from briefing.model import Document, Event, SourceRef

# Happenings, grouped by the kind of action: two reports of one event share a kind.
_ACTIONS: dict[str, str] = {
    "visit": r"visit(?:s|ed|ing|or|ors)?|trips?|tour(?:ed)?|travel(?:l?ed)?|arriv(?:ed|al)|hosted|welcomed"
    r"|depart(?:ed|ure)",
    "meet": r"met|meets?|meeting|talks|summit|conference|forum|session|negotiat\w+|consultations?",
    "call": r"calls?|called|phone|telephone|conversation|spoke|congratulat\w+",
    "sign": r"sign(?:s|ed|ing)?|agreed|agreements?|accords?|deals?|treat(?:y|ies)|pacts?|memorand\w+"
    r"|contracts?|ratif\w+|protocol|concluded|initial(?:l?ed)",
    "deliver": r"deliver(?:y|ies|ed)|shipments?|shipped|sold|purchased?|bought|supplied|transferred",
    "sanction": r"sanction(?:s|ed)?|embargo(?:es)?|imposed|lifted|lifting|restrictions?",
    "election": r"elections?|elected|re-elected|vote[ds]?|referendum|inaugurat\w+|sworn|took\s+office"
    r"|second\s+term|won|victory",
    "war": r"wars?|invasion|invaded|attack(?:s|ed)?|strikes?|bombing|offensive|intervention|conflict"
    r"|revolution|coup|uprising|ceasefire|truce|hostilit\w+|fighting|fought|occupation|occupied",
    "found": r"founded|established|establishment|launch(?:ed|es)?|created|formed|set\s+up|inducted|joined"
    r"|admitted|accession|membership|open(?:ed|ing)|inaugurat\w+|began|begun|started|construction|built|completed",
    "end": r"collapse[ds]?|disintegrat\w+|dissol\w+|ended|withdr[ae]w\w*|withdrawal|abandon\w*|suspend\w*"
    r"|terminated|expired|resigned|died|killed|fell|fall\s+of|pulled\s+out",
    "announce": r"announc\w+|declar\w+|unveil\w+|approv\w+|adopt\w+|implement\w*|decree|ruled|passed"
    r"|issued|statement",
    "military": r"exercises?|drills?|deploy\w*|manoeuvres?|maneuvers?|tested|test-fired|fired|launched",
}
_ACTION_RE = re.compile(
    # Not inside a compound: "war-torn" is no war.
    "|".join(rf"(?P<{kind}>(?<![\w-])(?:{pattern})(?![\w-]))" for kind, pattern in _ACTIONS.items()),
    re.IGNORECASE,
)
# Heads of state and government: what they do ranks high in a brief.
_LEADERS = re.compile(
    r"\b(?:presidents?|prime\s+ministers?|premier|king|queen|emperor|chancellor|supreme\s+leader"
    r"|heads?\s+of\s+state|leaders?|monarch|sultan|emir|crown\s+prince|shah)\b",
    re.IGNORECASE,
)
_COUNTERPART = re.compile(r"\bcounterparts?\b", re.IGNORECASE)
_VERB = re.compile(
    r"\b(?:[a-z]{3,}ed|met|held|took|made|gave|signed|began|begun|left|won|spoke|went|came|sent|told|said"
    r"|is|are|was|were|has|have|had|will|would|can|could|did|does|do|says|meets|visits|signs)\b"
)
_SIGNED = re.compile(r"\b(?:signed|signing|ratified|concluded)\b", re.IGNORECASE)
# A quantity just before a date: the date frames a statistic ("$2 billion in 2016").
_FIGURE_BEFORE = re.compile(
    r"(?:[$€£¥]\s?\d[\d.,]*\s*(?:bn|billion|million|m|trillion|tn)?|\d[\d.,]*\s*(?:%|percent|per\s+cent"
    r"|billion|million|bn|trillion|tons?|tonnes?|barrels|megawatts?|MW|units))\s*"
    r"(?:in|by|for|during|as\s+of|at\s+the\s+end\s+of|since|from)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_LEAD_CONNECTIVE = re.compile(
    r"^(?:\[?\d{1,3}\]?\s+(?=[A-Z])|(?:However|Moreover|Meanwhile|Furthermore|Indeed|Also|Additionally"
    r"|In\s+addition|For\s+their\s+part|For\s+his\s+part|For\s+her\s+part|On\s+his\s+part|On\s+her\s+part"
    r"|On\s+their\s+part|Besides|Thus|Hence|Therefore|Consequently|Still|Yet|But|And|So|Then"
    r"|Comment|Note|Nevertheless|Nonetheless|Notably|Similarly|Likewise|In\s+fact|Of\s+course"
    r"|At\s+the\s+same\s+time|In\s+this\s+context|In\s+this\s+regard|According\s+to\s+[^,]{1,40}(?=,))\b\s*[,:—–-]?\s*)",
)
_DANGLING = re.compile(
    r"(?:he|she|it|they|this|these|those|that|his|her|its|their|him|them|which|who|whom|whose|where"
    r"|referring|including|adding|saying|according|[a-z]+ing|has|have|had|is|are|was|were|will|would"
    r"|can|could|did|does|do|[a-z]+ed)\b",
)
_SEGMENT_BREAK = re.compile(r"\s*(?:;|:(?=\s)|\s[—–]\s|,(?=\s)|(?<=[,.][\"”’])(?=\s))\s*")
# A piece that continues a list: a short run of names, or "and ..." closing it.
_LIST_ITEM = re.compile(
    r"^(?:(?:and|or)\s+)?(?:the\s+)?[A-Z][\w.'’-]*(?:\s+(?:and\s+)?(?:the\s+)?[A-Z][\w.'’-]*){0,4}$"
)
# What may follow a finished clause after a comma: a new clause, a relative, a name.
_NEXT_CLAUSE = re.compile(
    r"(?:which|who|whose|whom|where|when|while|whereas|but|and|or|although|though|as|so|because|including"
    r"|according|referring|adding|saying|thereby|[a-z]+ing\b|[A-Z\"“‘(\[])"
)
_SUBORDINATOR = re.compile(
    r"(?:when|while|as|after|before|although|though|because|whereas|once|with|and|but|so|thereby)\s+",
    re.IGNORECASE,
)
# A leading subordinate clause that holds the event ("When X visited Y in 2017, it was seen as ..."):
# its own clause, without the subordinator, states the happening better than the whole sentence.
_LEADING_SUBORDINATE = re.compile(r"(?:When|After|Once|(?:Shortly|Soon|Just|Right)\s+after)\s+(?=[A-Z])")
# A factive complement ("fails to explain why X did Y in 2016"): the clause after it is a fact on its own.
# Not "that": "claimed that X happened" would turn a claim into a fact.
_FACTIVE = re.compile(r"\b(?:why|how)\s+(?=[A-Z])")
# A non-restrictive relative clause after the event ("..., which had stirred controversy") adds detail.
_TRAILING_RELATIVE = re.compile(r",\s+which\b")
# "and" between two dated items of one list: each item is the part about its own date.
_LIST_AND = re.compile(r",?\s+(?:and|as\s+well\s+as|or)\s+")
# A happening that did not (yet) happen: "has yet to be built", "was never ratified".
_NOT_HAPPENED = re.compile(r"\b(?:yet\s+to|not\s+yet|never)\b", re.IGNORECASE)
# A relative aside about a person or thing ("..., whose term ended in 2021"): background, not the news.
_RELATIVE_ASIDE = re.compile(r"(?:who|whose|whom)\b")
_QUOTE_OR_REPORT = re.compile(
    r"[“”\"]|\b(?:said|says|told|tells|according\s+to|referring\s+to|noted|added)\b", re.IGNORECASE
)
# How a report frames what happened: "reports were published indicating", "it was announced", "analysts
# said". A representative that states the action itself reads better than one that reports a report.
_REPORTING_FRAME = re.compile(
    r"\b(?:reports?\s+(?:were|was|have\s+been|had\s+been)\s+(?:published|released|circulated)"
    r"|it\s+(?:was|has\s+been|is|had\s+been)\s+(?:announced|reported|said|claimed|believed|widely\s+\w+)"
    r"|(?:analysts?|observers|experts|commentators|officials|sources|media|reports)\s+"
    r"(?:said|say|says|believe[sd]?|noted|suggested|told|claimed|reported)"
    r"|according\s+to|indicating\s+that|considered\s+by|interpreted\s+by|seen\s+by|described\s+by)\b",
    re.IGNORECASE,
)
# Intent, expectation and hedging: what was planned is weaker than what was done.
_MODAL = re.compile(
    r"\b(?:planning\s+to|plans?\s+to|planned\s+to|expected\s+to|(?:is|are|was|were)\s+sure\s+to"
    r"|likely\s+to|would|could|might|may)\b"  # case-sensitive: "May 29" is a month
)
# A state of affairs that a date only frames: "mistrust left by the 1974 war still hinders ties".
_STATE_FRAME = re.compile(
    r"\b(?:still|remains?|continues\s+to|(?:has|have)\s+been\s+(?:a|an|the|\w+ly\s+\w+ing|\w+ing))\b"
)
# A statement about a statement: "Rouhani emphasized that Iran has complied with the deal it signed".
_SAID_THAT = re.compile(
    r"\b(?:said|says|emphasi[sz]ed|stressed|noted|stated|claimed|argued|insisted|recalled|reiterated)\s+that\b"
)
# An attribution closing the sentence (", the Iranian media reported."), after the event: detail.
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?:[\w’'.-]+\s+){0,6}?(?:said|reported|says|reports|announced|told\s+[\w’'.-]+(?:\s+[\w’'.-]+)?)"
    r"\s*[.]?$"
)
# A leading phrase with no clause of its own ("After World War I,", "In the economic sphere,").
_LEADING_PHRASE = re.compile(
    r"(?:[A-Z][a-z]+,\s+)?(?i:in|on|at|after|before|during|despite|following|subsequent\s+to|ahead\s+of|amid"
    r"|under|with|for|from|beyond|besides|unlike|like|as\s+for|as\s+part\s+of)\b"
)
# A clause led by its date and then its capitalised subject: "in December 2005 Tehran signed ...".
_DATE_LED = re.compile(
    r"(?:in|on|during|by|early\s+in|late\s+in)\s+(?:[A-Za-z]+\.?\s+){0,2}\d{1,4}(?:[-–]\d{1,4})?,?\s+"
    r"(?:the\s+)?[A-Z]"
)
_BACK_REFERENCE = re.compile(r"\b(?:he|she|it|they|him|her|them|his|its|their|this|these|those|there)\b")
_CAPITALISED = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]+")
_MAX_WORDS = 30
_MAX_FRAGMENT_SENTENCE = 60  # a fragment's whole sentence is still better up to this long
_MAX_SENTENCE = 45  # a sentence up to this long is kept whole rather than cut badly
_NEAR = 8  # words either side of an action word that say who did what, for merging
_MAX_GAP = 12  # words between a date and the action it dates
_PERIOD_START = re.compile(r"\b(?:[Ss]ince|[Pp]ost|[Ss]ubsequent\s+to)[\s-]+(?:the\s+)?$")
_HARD_BREAK = re.compile(r"[;:]|\s[—–]\s")
_PRESENT = re.compile(
    r"(?i:today|now|currently|nowadays|these\s+days|at\s+present|this\s+(?:week|month|year))"
)
_PAST_VERB = re.compile(
    r"\b(?:[a-z]{3,}ed|met|held|took|made|gave|signed|began|left|won|spoke|went|came|sent|told|said|will)\b"
)
_STOP = frozenset(
    """a an the and or of to in on at by for from with as is was were be been has have had that this
    these those it its his her their they he she we who which what when where while than then there
    also both into over under after before during between about said says told would will could should
    may might can not no its first new two one last next year years month day week""".split()
)
_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december monday "
    "tuesday wednesday thursday friday saturday sunday today yesterday tomorrow ago".split()
)
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]+")
_SAME_DAY_EVENT = 0.1  # the same day and the same kind of action need little more to be one event
_SAME_EVENT = 0.25  # token overlap above which two same-kind, date-compatible reports are one event
_SAME_DISPUTED = 0.45  # stricter overlap for reports whose dates disagree
_AT_FINEST = 0.6  # how much a representative at the group's finest date precision is preferred
_DISPUTE_DAYS = 45  # dates further apart than this are different events, not a disagreement


def _anchor(published: str | None) -> tuple[date | None, str]:
    """The publication date as an anchor and how much of it is known."""
    if not published:
        return None, "day"
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", published.strip())
    if not m:
        return None, "day"
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        anchor = date(year, month, day)
    except ValueError:
        return None, "day"
    return anchor, "day" if m[3] else "month" if m[2] else "year"


@dataclass(frozen=True, slots=True)
class _Dated:
    """A date found in a sentence, in document offsets."""

    start: int
    end: int
    date: str
    precision: str
    text: str


def _dates(sentence: Sentence, anchor: date | None, precision: str, prior: str) -> list[_Dated]:
    """The chronology dates in a sentence; `prior` is text before it, for anaphora and tense."""
    # Tag the sentence with a little of the text before it, so "that year" finds its year.
    text = prior + sentence.text
    tags = timex.join_ranges(text, _join_day_pairs(text, timex.tag(text, anchor, precision=precision)))
    out = []
    for t in tags:
        if t.start < len(prior) or t.type not in ("DATE", "TIME"):
            continue
        iso = timex.to_iso(t.value)
        if iso is None:
            continue
        start = sentence.start + t.start - len(prior)
        out.append(_Dated(start, start + (t.end - t.start), iso[0], iso[1], t.text))
    return out


def _join_day_pairs(text: str, tags: list[timex.Timex]) -> list[timex.Timex]:
    """Join "January 19 and 20" into one span: the second day only names a day of the same month."""
    out: list[timex.Timex] = []
    i = 0
    while i < len(tags):
        t = tags[i]
        if i + 1 < len(tags):
            u = tags[i + 1]
            if (
                re.fullmatch(r"\s*(?:and|-|–|to)\s*", text[t.end : u.start])
                and u.text.isdigit()
                and re.fullmatch(r"\d{4}-\d\d-\d\d", t.value)
                and re.fullmatch(r"\d{4}-\d\d-\d\d", u.value)
                and t.value < u.value
            ):
                out.append(timex.Timex(t.start, u.end, text[t.start : u.end], "DATE", f"{t.value}/{u.value}"))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def _segments(text: str, others: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """The pieces of a sentence between clause and comma breaks.

    `others` are the sentence's other event dates: a piece holding two of them ("the opening of X
    (1998) and the lifting of Y in 1999") is split at the "and" between them, one item per date.
    """
    spans, start = [], 0
    for m in _SEGMENT_BREAK.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    if not others:
        return spans
    out: list[tuple[int, int]] = []
    for s, e in spans:
        inside = sorted(o for o in others if s <= o[0] and o[1] <= e)
        for (_, prev_end), (next_start, _) in itertools.pairwise(inside):
            joint = [m for m in _LIST_AND.finditer(text, prev_end, next_start)]
            if joint:
                out.append((s, joint[-1].start()))
                s = joint[-1].end()
        out.append((s, e))
    return out


def _words(text: str) -> int:
    return len(text.split())


def _holds(seg: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """Whether a piece of the sentence holds another event's date."""
    return any(seg[0] <= o[0] < seg[1] for o in others)


def _cut(
    text: str, segs: list[tuple[int, int]], i: int, j: int, a: int, others: list[tuple[int, int]]
) -> tuple[int, int]:
    """Widen segments i..j of a long sentence until they read on their own, or give it whole.

    A piece is never widened over another event's date: a sentence listing several dated happenings
    gives each of them the part about its own date.
    """
    repaired = False
    while (
        i > 0
        and not _holds(segs[i - 1], others)
        and (_DANGLING.match(text, segs[i][0]) or _words(text[segs[i][0] : segs[j][1]]) < 7)
    ):
        repaired = repaired or bool(_DANGLING.match(text, segs[i][0]))
        i -= 1
    # "Russia, a signatory, has ...": the appositive needs the name before it.
    while repaired and i > 0 and _words(text[segs[i][0] : segs[i][1]]) <= 4 and text[segs[i][0]].islower():
        i -= 1
    # A list ("Iraq, Pakistan, Turkey and the United Kingdom") is not cut in the middle.
    while (
        j + 1 < len(segs)
        and not _holds(segs[j + 1], others)
        and _LIST_ITEM.match(text[segs[j + 1][0] : segs[j + 1][1]])
    ):
        j += 1
    # "Following the two-day visit on January 19": a phrase with no verb says nothing yet.
    while (
        j + 1 < len(segs)
        and not _holds(segs[j + 1], others)
        and not _VERB.search(text, segs[i][0], segs[j][1])
    ):
        if _HARD_BREAK.search(text, segs[j][1], segs[j + 1][0]):
            break
        j += 1
    # "... expressed hope that the visit, the first in five years, would ...": the clause goes on.
    if (
        j + 1 < len(segs)
        and not _HARD_BREAK.search(text, segs[j][1], segs[j + 1][0])
        and not _holds(segs[j + 1], others)
    ):
        repaired = repaired or not _NEXT_CLAUSE.match(text, segs[j + 1][0])
    if repaired and _words(text) <= _MAX_SENTENCE and not others:
        return 0, len(text)  # no clean cut: the whole sentence reads better
    start, end = segs[i][0], segs[j][1]
    if i > 0:
        sub = _SUBORDINATOR.match(text, start, end)
        if sub and sub.end() < a:
            start = sub.end()
    return start, end


def _trim_span(
    sentence: Sentence, lo: int, hi: int, others: list[tuple[int, int]] | None = None
) -> tuple[int, int]:
    """The shortest self-contained piece of the sentence holding offsets lo..hi (document offsets).

    A sentence of up to _MAX_WORDS words is kept whole unless it lists other dated happenings
    (`others`, their dates' document offsets); a longer one is cut at clause and comma breaks
    around the date and its happening, widened while the piece would start with a pronoun or
    relative word that needs what came before, or stop in the middle of a list. A piece that would
    start in lower case mid-sentence (a fragment) takes the sentence's start instead, when no other
    event's date lies before it.
    """
    text = sentence.text
    a, b = lo - sentence.start, hi - sentence.start
    rel = [(s - sentence.start, e - sentence.start) for s, e in others or []]
    start, end = 0, len(text)
    if _words(text) > _MAX_WORDS or rel:
        segs = _segments(text, [*rel, (a, b)] if rel else None)
        inside = [k for k, (s, e) in enumerate(segs) if s < b and a < e]
        if inside:
            start, end = _cut(text, segs, inside[0], inside[-1], a, rel)
    # A fragment ("at a Kremlin ceremony on Tuesday, ..."): the sentence's own start reads whole,
    # unless the part before belongs to another dated happening of a list.
    if (
        start > 0
        and not _starts_clause(text, start)
        and not any(o[0] < start for o in rel)
        and _words(text[:end]) <= _MAX_FRAGMENT_SENTENCE
    ):
        start = 0
    lead = _LEAD_CONNECTIVE.match(text)
    if lead and 0 < start <= lead.end() and not text[start].isupper():
        start = 0  # "Similarly, in August 2016, ...": only a connective before, keep the capital start
    if start == 0:
        start, end = _own_clause(text, a, b, end, rel)
    lead = _LEAD_CONNECTIVE.match(text, start, end)
    # "However, the shift began ...": dropping the connective must not leave a lower-case start.
    if lead and lead.end() < min(a, end) and (text[lead.end()].isupper() or text[lead.end()].isdigit()):
        start = lead.end()
    # "... signed a deal, which had stirred controversy": the aside after the event is detail.
    rest = _TRAILING_RELATIVE.search(text, b, end)
    if rest and _words(text[start : rest.start()]) >= 5:
        end = rest.start()
    tail = _TRAILING_ATTRIBUTION.search(text, b, end)
    if tail and _words(text[start : tail.start()]) >= 5:
        end = tail.start()
    # Drop closing punctuation that belongs to the cut, keep a final full stop.
    while end > start and text[end - 1] in " ,;:—–-":
        end -= 1
    while start < end and text[start] in " ,;:—–-":
        start += 1
    return sentence.start + start, sentence.start + end


def _starts_clause(text: str, pos: int) -> bool:
    """Whether a piece starting at pos reads as a clause: a capital, a number, or "in 2016 Iran ..."."""
    return text[pos : pos + 1].isupper() or text[pos : pos + 1].isdigit() or bool(_DATE_LED.match(text, pos))


def _own_clause(text: str, a: int, b: int, end: int, others: list[tuple[int, int]]) -> tuple[int, int]:
    """The clause of a whole sentence that states the happening at a..b on its own, with its subject.

    "When Rouhani visited Moscow in 2017, it was seen as ..." gives "Rouhani visited Moscow in 2017";
    "... fails to explain why Russia backed the sanctions in 2010" gives "Russia backed ...".
    """
    sub = _LEADING_SUBORDINATE.match(text)
    if sub:
        comma = text.find(",", sub.end())
        if b <= comma < end and _VERB.search(text, sub.end(), comma) and not _holds((comma, end), others):
            return sub.end(), comma
    lead = _LEAD_CONNECTIVE.match(text)
    first = lead.end() if lead else 0
    if _LEADING_PHRASE.match(text, first):
        # "After World War I, Iran and the Soviet Union signed ... in 1921": the clause from its subject.
        for s, _ in _segments(text):
            if s <= first:
                continue
            if s > a or not text[s].isupper() or _BACK_REFERENCE.search(text, s, end):
                break
            if _VERB.search(text, s, end) and not _HARD_BREAK.search(text, 0, s):
                return s, end
            break
    factive = None
    for m in _FACTIVE.finditer(text, 0, a):
        factive = m
    if factive and _VERB.search(text, factive.end(), end) and not _HARD_BREAK.search(text, factive.end(), a):
        return factive.end(), end
    return 0, end


def _salience(text: str, precision: str, title: set[str], shown: str = "") -> float:
    """How much an event belongs in a short brief, before merging adds its sources and recency.

    `shown` is the text the brief will show: a fragment (no capital to start) or quoted speech reads
    badly out of context, so it ranks lower while staying in the extracts.
    """
    score = 1.0
    if shown and not _starts_clause(shown, 0):
        score -= 0.7
    if _REPORTING_FRAME.search(shown):
        score -= 0.5  # "reports were published indicating ...": a report of a report
    if _STATE_FRAME.search(shown):
        score -= 0.5  # "the memory of the 1974 war still fuels mistrust": a state the date only frames
    if re.search(r"[“”\"]", shown):
        score -= 0.7
    # What the source's title is about ("Raisi's visit to Moscow") is what it reports first.
    if len(_tokens(text)[0] & title) >= 2:
        score += 0.8
    if _LEADERS.search(text):
        score += 1.0
    elif _COUNTERPART.search(text):
        score += 0.5
    if _SIGNED.search(text):
        score += 1.0
    score += {"day": 0.6, "week": 0.5, "month": 0.4, "season": 0.3, "quarter": 0.3, "year": 0.2}.get(
        precision, 0.0
    )
    return score


def extract_events(doc: Document, sentences: list[Sentence]) -> list[Event]:
    """Find the dated events a document reports, each cited to the span of text it comes from.

    Relative dates resolve against the document's publication date (`doc.info.published`, of
    year, month or day precision) and never more precisely than it allows.
    """
    anchor, precision = _anchor(doc.info.published)
    title = _all_tokens(doc.info.title or "")
    events: list[Event] = []
    seen: set[tuple[int, int, str]] = set()
    for index, sentence in enumerate(sentences):
        prior = ""
        if index > 0 and sentences[index - 1].paragraph == sentence.paragraph:
            prior = sentences[index - 1].text + " "
        dates = _dates(sentence, anchor, precision, prior)
        if not dates:
            continue
        actions = [m for m in _ACTION_RE.finditer(sentence.text)]
        if not actions:
            continue
        found: list[tuple[_Dated, re.Match[str]]] = []
        for dated in dates:
            action = _action_for(sentence, dated, actions, dates)
            if action is None:
                continue
            if _PERIOD_START.search(doc.text[max(sentence.start, dated.start - 12) : dated.start]):
                continue  # "since 2012, ... have been": a state that began, not a happening
            if _PRESENT.fullmatch(dated.text) and not _PAST_VERB.search(sentence.text):
                continue  # "relations are stronger today": a state of affairs, not a happening
            before = doc.text[max(sentence.start, dated.start - 40) : dated.start]
            if _FIGURE_BEFORE.search(before):
                continue
            if _not_happened(sentence, action):
                continue  # "the link has yet to be built, two years later"
            aside = _in_relative_aside(sentence, dated)
            if aside and _QUOTE_OR_REPORT.search(sentence.text):
                continue  # "..., he said, referring to X, whose term ended in 2021": a biography
            found.append((dated, action))
        for dated, action in found:
            others = [(d.start, d.end) for d, _ in found if d is not dated]
            lo = min(dated.start, sentence.start + action.start())
            hi = max(dated.end, sentence.start + action.end())
            start, end = _trim_span(sentence, lo, hi, others)
            key = (start, end, dated.date)
            if key in seen or end <= start:
                continue
            seen.add(key)
            quote = doc.text[start:end]
            # A sentence listing several dated happenings: each is judged by its own part of it.
            salience = _salience(quote if others else sentence.text, dated.precision, title, shown=quote)
            if _in_relative_aside(sentence, dated):
                salience -= 1.0  # "Putin, who was elected in 2012, ...": background to the news
            events.append(
                Event(
                    date=dated.date,
                    precision=dated.precision,  # type: ignore[arg-type]
                    text=quote,
                    sources=[SourceRef(doc=doc.id, start=start, end=end, quote=quote)],
                    salience=salience,
                )
            )
    return events


def _clause_around(sentence: Sentence, offset: int) -> tuple[int, int]:
    """The comma- or clause-delimited piece of a sentence holding a sentence offset."""
    for s, e in _segments(sentence.text):
        if s <= offset < e:
            return s, e
    return 0, len(sentence.text)


def _not_happened(sentence: Sentence, action: re.Match[str]) -> bool:
    """Whether the action's clause says it has not happened: "has yet to be built", "never ratified"."""
    s, e = _clause_around(sentence, action.start())
    return bool(_NOT_HAPPENED.search(sentence.text, s, e))


def _in_relative_aside(sentence: Sentence, dated: _Dated) -> bool:
    """Whether a date sits in a relative aside about someone: "Putin, who was elected in 2012, ..."."""
    s, _ = _clause_around(sentence, dated.start - sentence.start)
    return s > 0 and bool(_RELATIVE_ASIDE.match(sentence.text, s))


def _gap(sentence: Sentence, dated: _Dated, action: re.Match[str]) -> int | None:
    """Words between a date and an action word, None when a clause break or another date parts them."""
    a, b = dated.start - sentence.start, dated.end - sentence.start
    if action.start() < b and a < action.end():
        return 0
    gap = sentence.text[action.end() : a] if action.end() <= a else sentence.text[b : action.start()]
    if _HARD_BREAK.search(gap):
        return None
    return len(gap.split())


def _claim(sentence: Sentence, dated: _Dated, action: re.Match[str]) -> int | None:
    """Words between a date and an action it may date; None when they cannot go together.

    A date in a relative aside ("Holm, who was elected in 2012, visited ...") dates only what the
    aside says, not the main clause around it.
    """
    s, e = _clause_around(sentence, dated.start - sentence.start)
    if s > 0 and _RELATIVE_ASIDE.match(sentence.text, s) and not s <= action.start() < e:
        return None
    return _gap(sentence, dated, action)


def _opens_next_item(sentence: Sentence, dated: _Dated, action: re.Match[str], dates: list[_Dated]) -> bool:
    """Whether an action after a date begins the next dated item of a list.

    "the end of X (1988), the opening of Y (1998) and the lifting of Z in 1999": past an "and", or a
    comma after a date in brackets, the action is the next item's, whose own date follows it.
    """
    end = dated.end - sentence.start
    later = [d for d in dates if d is not dated and d.start - sentence.start >= action.end()]
    if action.start() < end or not later:
        return False
    between = sentence.text[end : action.start()]
    return bool(_LIST_AND.search(between) or re.match(r"\)\s*,", between))


def _action_for(
    sentence: Sentence, dated: _Dated, actions: list[re.Match[str]], dates: list[_Dated]
) -> re.Match[str] | None:
    """The happening a date belongs to: the nearest action word in its clause that no other date is nearer."""
    best: tuple[int, re.Match[str]] | None = None
    for m in actions:
        words = _claim(sentence, dated, m)
        if words is None or words > _MAX_GAP:
            continue
        if _opens_next_item(sentence, dated, m, dates):
            continue
        # Each action word belongs to its nearest date: "visited Russia in 2017" is not today's news.
        others = [
            _claim(sentence, d, m)
            for d in dates
            if d is not dated and not _opens_next_item(sentence, d, m, dates)
        ]
        if any(g is not None and g < words for g in others):
            continue
        if best is None or words < best[0]:
            best = (words, m)
    return best[1] if best else None


# --- Merging ------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _range(iso: str) -> tuple[date, date]:
    """First and last day an ISO chronology date covers (the whole calendar if it is not a date)."""
    try:
        return _range_unchecked(iso)
    except (ValueError, OverflowError):
        return date.min, date.max


def _range_unchecked(iso: str) -> tuple[date, date]:
    if "/" in iso:
        a, b = iso.split("/")
        return _range(a)[0], _range(b)[1]
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", iso):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", iso):
        d = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return d, d + timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-(\d\d)", iso):
        y, mo = int(m[1]), int(m[2])
        nxt = date(y + (mo == 12), mo % 12 + 1, 1)
        return date(y, mo, 1), nxt - timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", iso):
        y, q = int(m[1]), int(m[2])
        first = date(y, 3 * q - 2, 1)
        nxt = date(y + (q == 4), (3 * q) % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", iso):
        y = int(m[1])
        months = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}[m[2]]
        end_y, end_m = (y + 1, months[1] - 12) if months[1] > 12 else (y, months[1])
        nxt = date(end_y + (end_m == 12), end_m % 12 + 1, 1)
        return date(y, months[0], 1), nxt - timedelta(days=1)
    if re.fullmatch(r"\d{4}", iso):
        return date(int(iso), 1, 1), date(int(iso), 12, 31)
    if re.fullmatch(r"\d{3}", iso):
        return date(max(1, int(iso) * 10), 1, 1), date(int(iso) * 10 + 9, 12, 31)
    if re.fullmatch(r"\d{2}", iso):
        return date(max(1, int(iso) * 100), 1, 1), date(int(iso) * 100 + 99, 12, 31)
    return date.min, date.max


def _compatible(a: str, b: str) -> bool:
    """Whether two dates can name the same happening: one lies within the other."""
    ra, rb = _range(a), _range(b)
    return (ra[0] <= rb[0] and rb[1] <= ra[1]) or (rb[0] <= ra[0] and ra[1] <= rb[1])


def _stem(word: str) -> str:
    """A crude stem, enough to match "visited"/"visit" and "agreements"/"agreement"."""
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]


def _tokens(text: str) -> tuple[set[str], set[str]]:
    """The content words near the action words of an event text, and which of them are names."""
    words = list(_TOKEN.finditer(text))
    near: set[int] = set()
    for m in _ACTION_RE.finditer(text):
        index = sum(1 for w in words if w.start() < m.start())
        near.update(range(index - _NEAR, index + _NEAR + 1))
    out: set[str] = set()
    names: set[str] = set()
    for i, m in enumerate(words):
        if near and i not in near:
            continue
        raw = m.group()
        word = raw.lower().replace("’", "'").removesuffix("'s")
        if word in _STOP or word in _MONTH_WORDS:
            continue
        stem = _stem(word)
        out.add(stem)
        if raw[0].isupper() and i > 0:
            names.add(stem)
    return out, names


def _all_tokens(text: str) -> set[str]:
    return {
        _stem(w)
        for w in (r.lower().replace("’", "'").removesuffix("'s") for r in _TOKEN.findall(text))
        if w not in _STOP and w not in _MONTH_WORDS
    }


def _kinds(text: str) -> set[str]:
    kinds = {m.lastgroup for m in _ACTION_RE.finditer(text) if m.lastgroup}
    # A visit and the meeting held during it are reported as either.
    if kinds & {"visit", "meet"}:
        kinds |= {"visit", "meet"}
    return kinds


@dataclass
class _Group:
    events: list[Event]
    tokens: list[set[str]]
    kinds: set[str]
    disputed: list[Event]


def merge_events(events: list[Event]) -> list[Event]:
    """Merge the events several sources report into one entry each, sorted by date.

    The same event (compatible dates, a shared kind of action, overlapping words) keeps the most
    precise date and cites every source; reports of it whose dates disagree (within weeks of each
    other) are folded in with a discrepancy note naming both dates and sources. Words shared by
    many events (the parties every source names) count for little in the overlap.
    """
    ordered = sorted(events, key=_sort_key)
    analysed = [_tokens(e.text) for e in ordered]
    tokens = [toks for toks, _ in analysed]
    df = Counter(t for ts in tokens for t in ts)
    named = set().union(*(names for _, names in analysed)) if analysed else set()
    # Rare words weigh more than the parties every source names; names (participants) count double.
    weight = {t: math.log((len(ordered) + 1) / c) * (2.0 if t in named else 1.0) for t, c in df.items()}

    # Each token set's total weight, computed once (sets are compared many times).
    mass = {id(toks): sum(weight[t] for t in toks) for toks in tokens}

    def similarity(a: set[str], b: set[str]) -> float:
        wa, wb = mass[id(a)], mass[id(b)]
        if not wa or not wb:
            return 0.0
        return sum(weight[t] for t in a & b) / min(wa, wb)

    groups: list[_Group] = []
    for event, toks in zip(ordered, tokens, strict=True):
        kinds = _kinds(event.text)
        same: list[_Group] = []
        disputed: _Group | None = None
        for group in groups:
            if not kinds & group.kinds:
                continue
            # Dates rule most groups out before any words are compared: a group is a candidate only
            # if the dates fit (the same event) or are close (a disputed date).
            fits = all(_compatible(event.date, e.date) for e in group.events)
            if not fits and (disputed is not None or not _close(event, group.events[0])):
                continue
            sim = max(similarity(toks, other) for other in group.tokens)
            if _same_event(event, group, sim):
                same.append(group)
            elif disputed is None and _disputed_event(event, group, sim):
                disputed = group
        if same:
            home = same[0]
            # The event may tie together reports that were apart so far ("the visit" and "the
            # meeting on January 19"): fold them into one when all their dates agree.
            for other in same[1:]:
                if all(_compatible(e.date, f.date) for e in home.events for f in other.events):
                    home.events += other.events
                    home.tokens += other.tokens
                    home.kinds |= other.kinds
                    home.disputed += other.disputed
                    groups.remove(other)
            home.events.append(event)
            home.tokens.append(toks)
            home.kinds |= kinds
        elif disputed is not None:
            disputed.disputed.append(event)
        else:
            groups.append(_Group([event], [toks], kinds, []))
    merged = [_merge_group(g) for g in groups]
    return _rank(sorted(merged, key=_sort_key))


def _same_event(event: Event, group: _Group, sim: float) -> bool:
    """Whether a report is of the group's event: dates that fit inside each other, enough words shared."""
    if not all(_compatible(event.date, e.date) for e in group.events):
        return False
    same_day = event.precision == "day" and any(
        e.precision == "day" and _compatible(event.date, e.date) for e in group.events
    )
    return sim >= (_SAME_DAY_EVENT if same_day else _SAME_EVENT)


def _close(event: Event, lead: Event) -> bool:
    """Whether two reports' dates start within _DISPUTE_DAYS of each other."""
    return abs((_range(event.date)[0] - _range(lead.date)[0]).days) <= _DISPUTE_DAYS


def _disputed_event(event: Event, group: _Group, sim: float) -> bool:
    """Whether another source reports the group's event on a different, close date."""
    lead = group.events[0]
    return (
        sim >= _SAME_DISPUTED
        and timex.PRECISION_RANK[event.precision] >= timex.PRECISION_RANK["month"]
        and timex.PRECISION_RANK[lead.precision] >= timex.PRECISION_RANK["month"]
        and not _compatible(event.date, lead.date)
        and abs((_range(event.date)[0] - _range(lead.date)[0]).days) <= _DISPUTE_DAYS
        and not {s.doc for s in event.sources} & {s.doc for s in lead.sources}
    )


def _merge_group(group: _Group) -> Event:
    # The most precise report gives the date. The text is the report that best states the action
    # itself (_statement): a report at the group's best precision is preferred, but a plain statement
    # at a coarser date beats a fragment or a report of a report at the finer one. Ties go to the
    # report sharing most with the others (the most typical account).
    words = [_all_tokens(e.text) for e in group.events]

    def shared(i: int) -> float:
        return sum(len(words[i] & w) / (len(words[i] | w) or 1) for j, w in enumerate(words) if j != i)

    finest = max(timex.PRECISION_RANK[e.precision] for e in group.events)
    dated = max(
        range(len(group.events)),
        key=lambda i: (
            timex.PRECISION_RANK[group.events[i].precision],
            _statement(group.events[i].text),
            round(shared(i), 6),
            -len(group.events[i].text),
        ),
    )
    index = max(
        range(len(group.events)),
        key=lambda i: (
            round(
                _statement(group.events[i].text)
                + (_AT_FINEST if timex.PRECISION_RANK[group.events[i].precision] == finest else 0.0),
                6,
            ),
            round(shared(i), 6),
            group.events[i].salience,
            -len(group.events[i].text),
            _sort_key(group.events[i]),
        ),
    )
    best = group.events[index].model_copy(
        update={"date": group.events[dated].date, "precision": group.events[dated].precision}
    )
    sources = sorted(
        {(s.doc, s.start, s.end): s for e in group.events + group.disputed for s in e.sources}.values(),
        key=lambda s: (s.doc, s.start, s.end),
    )
    docs = {s.doc for s in sources}
    note = None
    if group.disputed:
        parts = [f"{best.date} ({', '.join(sorted({s.doc for s in best.sources}))})"]
        for other in sorted(group.disputed, key=_sort_key):
            parts.append(f"{other.date} ({', '.join(sorted({s.doc for s in other.sources}))})")
        note = "Sources disagree on the date: " + " vs ".join(parts) + "."
    salience = max(e.salience for e in group.events) + 0.8 * (len(docs) - 1)
    return Event(
        date=best.date,
        precision=best.precision,
        text=best.text,
        sources=sources,
        salience=salience,
        discrepancy=note,
    )


def _statement(text: str) -> float:
    """How well a report reads as a self-contained statement of what happened (higher is better).

    A capital to start, a verb, the names of who acted, a head of state; not a report of a report
    ("reports were published indicating", "analysts said"), not a plan or a hedge, not a quotation,
    not overlong.
    """
    score = 0.0
    score += 1.0 if text[:1].isupper() or text[:1].isdigit() else -0.5
    score += 0.5 if _VERB.search(text) else -0.5
    score -= 1.0 * len(_REPORTING_FRAME.findall(text))
    score -= 0.5 * min(2, len(_MODAL.findall(text)))
    score -= 0.5 * len(_SAID_THAT.findall(text))
    score -= 0.3 * bool(_STATE_FRAME.search(text))
    if re.search(r"[“”\"]", text):
        score -= 0.7
    score += 0.15 * min(4, len(_CAPITALISED.findall(text, 1)))
    if _LEADERS.search(text):
        score += 0.3
    if _SIGNED.search(text):
        score += 0.3
    score -= 0.04 * max(0, _words(text) - 25)
    return score


def _rank(events: list[Event]) -> list[Event]:
    """Add recency within the corpus's span of dates and scale salience to (0, 1]."""
    if not events:
        return events
    starts = [_range(e.date)[0].toordinal() for e in events]
    lo, hi = min(starts), max(starts)
    raw = [
        e.salience + (0.8 * (s - lo) / (hi - lo) if hi > lo else 0.0)
        for e, s in zip(events, starts, strict=True)
    ]
    top = max(raw)
    return [e.model_copy(update={"salience": round(r / top, 4)}) for e, r in zip(events, raw, strict=True)]


def _sort_key(event: Event) -> tuple[date, date, str, str]:
    first, last = _range(event.date)
    src = event.sources[0] if event.sources else None
    return first, last, event.text, f"{src.doc}:{src.start:08d}" if src else ""
