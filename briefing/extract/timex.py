"""Turn English text into temporal expressions (TIMEX3) with normalised values.

A rule-based tagger after the TimeML guidelines: explicit dates, months, years, decades,
centuries, seasons, quarters, weeks, times of day, durations, sets, and relative expressions
("last year", "two days ago", "on Tuesday", "the following year") resolved against an anchor
date (the document's publication date) and, for bare weekday/month names, the tense of the
sentence. Anaphoric expressions ("that year", "two years later") resolve against the last
date mentioned before them.

Each rule is a named, precompiled regex with a resolver. A rule runs only in small windows
around the words it needs (a month name, a unit, a number), which keeps the tagger fast; the
longest non-overlapping candidates win, and resolvers run in document order so that the
reference time moves forward as a reader's would.

    tag("The deal was signed two years ago.", date(2017, 6, 13))
    -> [Timex(start=20, end=33, text='two years ago', type='DATE', value='2015')]
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

__all__ = ["Timex", "join_ranges", "tag", "to_iso"]


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression found in a text."""

    start: int
    """Offset of its first character."""
    end: int
    """Offset one past its last character."""
    text: str
    """The expression as written: text[start:end]."""
    type: str
    """TIMEX3 type: DATE, TIME, DURATION or SET."""
    value: str
    """TIMEX3 value: '2017-03-28', '2017-03', '2017', '201', '2017-Q2', 'P3Y', 'PRESENT_REF', ..."""


# --- Vocabulary ---------------------------------------------------------------------------------

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_FULL_MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
)
# Abbreviations only count next to a day or year number (see the rules that use _MONTH).
_MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_WEEKDAYS = {
    "monday": 1,
    "mon": 1,
    "tuesday": 2,
    "tue": 2,
    "tues": 2,
    "wednesday": 3,
    "wed": 3,
    "thursday": 4,
    "thu": 4,
    "thur": 4,
    "thurs": 4,
    "friday": 5,
    "fri": 5,
    "saturday": 6,
    "sat": 6,
    "sunday": 7,
    "sun": 7,
}
_WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_ANY = _WEEKDAY + r"|(?-i:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\."

_SMALL = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a dozen": 12,
    "dozen": 12,
    "half a": 0.5,
    "half an": 0.5,
    "a half": 0.5,
}
_VAGUE = {"a few", "few", "several", "many", "some", "a number of", "numerous", "dozens of", "hundreds of"}
_NUMWORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_NUMWORD}(?:[- ]{_NUMWORD})?"
    r"|a\s+couple\s+of|a\s+couple|a\s+dozen|a\s+few|half\s+an?"
    r"|a\s+number\s+of|dozens\s+of|hundreds\s+of|several|many|numerous|few|an?)"
)
_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centuries|century"
    r"|quarters?|weekends?)"
)
_UNIT_CODE = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "week": "W",
    "fortnight": "W",
    "month": "M",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "quarter": "Q",
    "weekend": "WE",
}
_MOD = (
    r"(?:about|around|approximately|roughly|nearly|almost|some|over(?!\s+the\b)|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|at\s+most|up\s+to|just\s+over|just\s+under|well\s+over|only|barely|under)"
)
_PERIOD_MOD = (
    r"(?:early|earlier|late|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of"
    r"|the\s+middle\s+of|the\s+turn\s+of|end\s+of|beginning\s+of|start\s+of)"
)
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty first": 21,
    "final": 4,
    "last": 4,
}
_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
_HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "boxing day": (12, 26),
}

# Words after which a bare 4-digit number is a quantity, not a year.
_QUANTITY_BEFORE = re.compile(
    r"(?:about|around|approximately|roughly|nearly|almost|some|over|than|least|to\s+about|up\s+to"
    r"|only|just|total\s+of|all|every|the\s+first|No\.|#|number|Nos?\.)\s*$"
    # A label with a number ("Resolution 1929", "Flight 1549") names a thing, not a year.
    r"|\b(?:[Rr]esolutions?|[Ff]light|[Rr]oute|[Hh]ighway|[Rr]oom|[Aa]rticle|[Ss]ection|[Cc]hapter|[Pp]aragraph"
    r"|[Pp]age|[Mm]odel|[Vv]ersion|[Ii]tem|[Cc]ode|[Rr]egulation|[Bb]ill|[Mm]otion|[Dd]ecree|[Pp]ublic\s+[Ll]aw)\s+$",
)
# Nouns that follow a count rather than a year ("2000 megawatts", "1500 troops").
_MEASURE_AFTER = re.compile(
    r"\s*(?:%|percent|per\s+cent|[a-z]*(?:watts?|metres?|meters?)\b|MW|GW|kW|km|kg|mi\b|miles|tons?|tonnes?"
    r"|barrels|people|persons|troops|soldiers|men|women|children|workers|students|employees|members"
    r"|units|cars|vehicles|aircraft|planes|jets|tanks|missiles|rockets|dollars|euros|rubles|roubles"
    r"|rials|pounds|yuan|yen|feet|ft|square|cubic|acres|hectares|times|points|votes|seats|deaths"
    r"|cases|words|pages|cases|rounds|shares|homes|houses|jobs|companies|firms|projects|items)\b"
)
# What comes before "a year" when it is a rate: an amount or a count of times.
_RATE_BEFORE = re.compile(
    r"(?:\d|%|\b(?:percent|million|billion|trillion|dollars?|euros?|pounds|once|twice|thrice|times))\s*$",
    re.IGNORECASE,
)
_MODAL_BEFORE = re.compile(
    r"\b(?:will|would|shall|should|could|can|may|might|must|to|'ll)\s+(?:\w+ly\s+)?$", re.IGNORECASE
)
_BE_BEFORE = re.compile(r"\b(?:be|being|is|are|am|get|gets)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_TENSE_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|won't|would|going\s+to|plans?|planned|planning|scheduled|schedule|expected"
    r"|expects?|set\s+to|due|to\s+be\s+held|upcoming|intends?|intended|aims?|hopes?|next|coming"
    r"|future|is\s+to|are\s+to|should)\b",
    re.IGNORECASE,
)
# Present-tense verbs: a bare month or weekday next to them is the nearest one, not a past one.
_TENSE_PRESENT = re.compile(
    r"\b(?:is|are|am|continues?|remains?|takes?\s+effect|runs?|lasts?|begins?|ends?|opens?|closes?)\b",
    re.IGNORECASE,
)
_TENSE_PAST = re.compile(
    r"\b(?:said|told|was|were|had|did|ago|last|earlier|previously|announced|reported|met|held|took"
    r"|went|came|made|gave|signed|began|left|won|lost|saw|became|visited|spoke|ended|[a-z]{2,}ed)\b",
    re.IGNORECASE,
)
# Words ending in -ed that are rarely past-tense verbs in news prose.
_NOT_PAST = frozenset(
    "need needed indeed united based related proposed expected planned scheduled concerned limited "
    "advanced detailed speed seed feed bed red shed hundred interested supposed alleged so-called "
    "armed".split()
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])|\n\s*\n")


# --- Anchor and resolution context --------------------------------------------------------------

PRECISION_RANK = {  # coarse to fine: comparing how precise two dates are
    "century": 0,
    "decade": 1,
    "year": 2,
    "season": 3,
    "quarter": 3,
    "month": 4,
    "week": 5,
    "day": 6,
}


@dataclass(slots=True)
class _Ctx:
    """What resolvers need: the text, the anchor and the running reference time."""

    text: str
    anchor: date | None
    precision: str  # precision of the anchor: "day", "month" or "year"
    sentences: list[tuple[int, int]]
    ref: date | None = None  # last date mentioned, for "that year", "two days later"
    ref_precision: str = "day"
    cues: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            start, end = self.sentences[mid]
            if pos < start:
                hi = mid - 1
            elif pos >= end:
                lo = mid + 1
            else:
                return start, end
        return 0, len(self.text)

    def tense(self, start: int, end: int) -> str | None:
        """'past', 'present', 'future' or None, from the verb cue nearest the expression in its sentence."""
        s_start, s_end = self.sentence_at(start)
        cues = self.cues.get(s_start)
        if cues is None:
            cues = self.cues[s_start] = _cues(self.text, s_start, s_end)
        best: tuple[int, str] | None = None
        for c_start, c_end, kind in cues:
            if start <= c_start < end:
                continue
            # A cue before the expression usually governs it ("will meet on Tuesday").
            dist = start - c_end if c_end <= start else c_start - end + 15
            if best is None or dist < best[0]:
                best = (dist, kind)
        return best[1] if best else None


def _cues(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The tense cues of a sentence: future modals and plans, past-tense verbs."""
    out = [(m.start(), m.end(), "future") for m in _TENSE_FUTURE.finditer(text, start, end)]
    for m in _TENSE_PRESENT.finditer(text, start, end):
        # "will open", "to take effect": the modal before it already set the tense.
        if not _MODAL_BEFORE.search(text, max(start, m.start() - 12), m.start()):
            out.append((m.start(), m.end(), "present"))
    for m in _TENSE_PAST.finditer(text, start, end):
        word = m.group(0).lower()
        if word in _NOT_PAST or (word.endswith("ed") and text[m.start() - 1 : m.start()] == "-"):
            continue
        # "will be connected", "is expected": a participle after a form of "be" is not past tense.
        if word.endswith("ed") and _BE_BEFORE.search(text, max(start, m.start() - 14), m.start()):
            continue
        out.append((m.start(), m.end(), "past"))
    return out


def _fmt_day(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _day_value(ctx: _Ctx, d: date) -> tuple[str, str]:
    """A day as precise as the anchor allows: a month-precision anchor cannot name the day."""
    if ctx.precision == "year":
        return f"{d.year:04d}", "year"
    if ctx.precision == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    return _fmt_day(d), "day"


def _set_ref(ctx: _Ctx, d: date, precision: str) -> None:
    ctx.ref, ctx.ref_precision = d, precision


def _ref_or_anchor(ctx: _Ctx) -> tuple[date | None, str]:
    if ctx.ref is not None:
        return ctx.ref, ctx.ref_precision
    return ctx.anchor, ctx.precision


def _num(word: str | None) -> float | None:
    """A number from digits or English words; None for vague amounts ("several")."""
    if word is None:
        return 1
    w = re.sub(r"\s+", " ", word.lower().strip())
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", w):
        w = w.replace(",", "")
    if w in _VAGUE:
        return None
    try:
        return float(w)
    except ValueError:
        pass
    if w in _SMALL:
        return _SMALL[w]
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in _SMALL and parts[1] in _SMALL:
        a, b = _SMALL[parts[0]], _SMALL[parts[1]]
        return a * b if b == 100 else a + b
    return None


def _unit(word: str) -> str:
    w = word.lower()
    if w == "centuries":
        return "century"
    return w[:-1] if w.endswith("s") else w


_SMALLER = {
    "hour": ("minute", 60),
    "day": ("hour", 24),
    "year": ("month", 12),
    "week": ("day", 7),
    "month": ("week", 4),
    "minute": ("second", 60),
    "decade": ("year", 10),
    "century": ("year", 100),
}


def _duration(n: float | None, unit: str) -> str:
    code = _UNIT_CODE[unit]
    if n is None:
        amount = "X"
    elif n == int(n):
        amount = str(int(n))
    elif unit in _SMALLER:
        # Half units in the next smaller unit: "half an hour" -> PT30M, "half a day" -> PT12H.
        smaller, factor = _SMALLER[unit]
        return _duration(n * factor, smaller)
    else:
        amount = f"{n:g}"  # no smaller unit to count in: a decimal, as TimeML allows
    if unit in ("second", "minute", "hour"):
        return f"PT{amount}{code}"
    return f"P{amount}{code}"


# --- Resolvers ----------------------------------------------------------------------------------

Span = tuple[int, int, str, str]  # start, end, type, value
Resolver = Callable[[re.Match[str], _Ctx], list[Span] | None]


def _one(m: re.Match[str], kind: str, value: str) -> list[Span]:
    return [(m.start(), m.end(), kind, value)]


def _r_iso(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    if not _real_day(y, mo, d):
        return None
    value = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["h"]:
        return _one(m, "TIME", f"{value}T{int(m['h']):02d}:{m['mi']}")
    _safe_ref(ctx, y, mo, d)
    return _one(m, "DATE", value)


def _real_day(year: int | None, month: int, day: int) -> bool:
    """Whether a day exists ("February 30" does not); without a year, in some year."""
    try:
        date(2000 if year is None else year, month, day)  # 2000 was a leap year
    except ValueError:
        return False
    return True


def _safe_ref(ctx: _Ctx, y: int, mo: int, d: int | None) -> None:
    """Make a day (or a month, without d) the reference time, if it is a real date."""
    with contextlib.suppress(ValueError):
        _set_ref(ctx, date(y, mo, d or 1), "day" if d else "month")


def _r_numeric(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    a, b, y = int(m["a"]), int(m["b"]), m["y"]
    year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
    # US order (month/day) unless the first number cannot be a month.
    mo, d = (a, b) if a <= 12 else (b, a)
    if not _real_day(year, mo, d):
        return None
    _safe_ref(ctx, year, mo, d)
    return _one(m, "DATE", f"{year:04d}-{mo:02d}-{d:02d}")


def _month_of(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _year_for_month(
    ctx: _Ctx, month: int, day: int | None, m: re.Match[str], weekday: int | None = None
) -> int | None:
    """The year of a month (or day) named without one: the nearest past or future one, by tense.

    A weekday given with the day ("Tuesday, March 28") settles the year when only one of the
    years around the anchor puts that day on that weekday.
    """
    a = ctx.anchor
    if a is None:
        return None
    if weekday and day:
        fits = []
        for year in (a.year, a.year - 1, a.year + 1):
            try:
                if date(year, month, day).isoweekday() == weekday:
                    fits.append(year)
            except ValueError:
                continue
        if fits:
            return fits[0]
    if ctx.precision == "year":
        return a.year
    tense = ctx.tense(m.start(), m.end())
    # With a month-precision anchor the day is unknown: compare months only.
    here = (a.month, a.day) if ctx.precision == "day" else (a.month, 0)
    there = (month, day or 0) if ctx.precision == "day" else (month, 0)
    if day is None:
        here, there = (a.month, 0), (month, 0)
    if tense == "past" and there > here:
        return a.year - 1
    if tense == "future" and there < here:
        return a.year + 1
    if tense in (None, "present"):
        # No past or future to go by: the nearest such month, within half a year either way.
        months = (month - a.month) + (((day or 15) - (a.day if ctx.precision == "day" else 15)) / 31)
        if months > 6:
            return a.year - 1
        if months < -6:
            return a.year + 1
    return a.year


def _weekday_of(word: str | None) -> int | None:
    return _WEEKDAYS.get(word.lower().rstrip(".")) if word else None


def _r_month_day(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    month = _month_of(m["m"])
    day = int(m["d"])
    if not _real_day(int(m["y"]) if m["y"] else None, month, day):
        return None
    spans: list[Span] = []
    if m["y"]:
        year: int | None = int(m["y"])
    else:
        year = _year_for_month(ctx, month, day, m, _weekday_of(m["wd"]))
    day_end = m.end("suffix") if m["suffix"] else m.end("d")
    # "March 3-5, 2012": the year closes the second day's span, not the first's.
    main_end = m.end("y") if m["y"] and not m["d2"] else day_end
    if year is None:
        value = f"XXXX-{month:02d}-{day:02d}"
    else:
        value = f"{year:04d}-{month:02d}-{day:02d}"
        _safe_ref(ctx, year, month, day)
    spans.append((m.start(), main_end, "DATE", value))
    if m["d2"]:
        d2 = int(m["d2"])
        if 1 <= d2 <= 31:
            v2 = f"{year:04d}-{month:02d}-{d2:02d}" if year else f"XXXX-{month:02d}-{d2:02d}"
            spans.append((m.start("d2"), m.end() if m["y"] else m.end("d2"), "DATE", v2))
    return spans


def _r_day_month(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    month = _month_of(m["m"])
    day = int(m["d"])
    if not _real_day(int(m["y"]) if m["y"] else None, month, day):
        return None
    year = int(m["y"]) if m["y"] else _year_for_month(ctx, month, day, m, _weekday_of(m["wd"]))
    prefix = "XXXX" if year is None else f"{year:04d}"
    if year is not None:
        _safe_ref(ctx, year, month, day)
    if m["d0"] and 1 <= int(m["d0"]) < day:
        # "8 to 10 April": the first day shares the month and year of the second.
        start = m.start("d0") if not m["wd"] else m.start()
        return [
            (start, m.end("d0"), "DATE", f"{prefix}-{month:02d}-{int(m['d0']):02d}"),
            (m.start("d"), m.end(), "DATE", f"{prefix}-{month:02d}-{day:02d}"),
        ]
    return _one(m, "DATE", f"{prefix}-{month:02d}-{day:02d}")


def _r_month_year(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    month, year = _month_of(m["m"]), int(m["y"])
    _safe_ref(ctx, year, month, None)
    return _one(m, "DATE", f"{year:04d}-{month:02d}")


def _r_month(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    month = _month_of(m["m"])
    rel = (m["rel"] or "").lower()
    has_context = bool(rel or m["mod"] or m["prep"])
    if not has_context:
        return None
    start = m.start("mod") if m["mod"] else m.start("rel") if m["rel"] else m.start("m")
    if ctx.anchor is None:
        if rel:
            return None
        return [(start, m.end(), "DATE", f"XXXX-{month:02d}")]
    a = ctx.anchor
    if rel == "last" or rel == "past":
        year = a.year if month < a.month else a.year - 1
    elif rel == "next":
        year = a.year if month > a.month else a.year + 1
    elif rel == "this":
        year = a.year
    elif rel in ("that", "the same"):
        ref, _ = _ref_or_anchor(ctx)
        year = ref.year if ref else a.year
    else:
        year = _year_for_month(ctx, month, None, m) or a.year
    _safe_ref(ctx, year, month, None)
    return [(start, m.end(), "DATE", f"{year:04d}-{month:02d}")]


def _r_year(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    year = int(m["y"])
    before = ctx.text[max(0, m.start("y") - 25) : m.start("y")]
    after = ctx.text[m.end("y") : m.end("y") + 30]
    if not m["mod"] and not m["lead"]:
        if _QUANTITY_BEFORE.search(before) or _MEASURE_AFTER.match(after):
            return None
        if re.search(r"[$€£¥]\s*$|\d[.,]?$|[.,]$", before) or re.match(r"[.,:]\d|\s*-\s*\d{2}\b", after):
            return None
        if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|hours\b|GMT|UTC)", after):
            return None
    if not 1000 <= year <= 2100:
        return None
    try:
        _set_ref(ctx, date(year, 1, 1), "year")
    except ValueError:
        return None
    return _one(m, "DATE", f"{year:04d}")


def _r_year_range(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    y1 = int(m["y1"])
    raw = m["y2"]
    y2 = int(raw) if len(raw) == 4 else (y1 // 100) * 100 + int(raw)
    if len(raw) == 2 and y2 <= y1:
        y2 += 100
    if not y1 < y2 <= y1 + 200:
        return None
    before = ctx.text[max(0, m.start() - 25) : m.start()]
    if re.search(r"[$€£¥]\s*$|\d[.,]?$", before) or _QUANTITY_BEFORE.search(before):
        return None
    _set_ref(ctx, date(y2, 1, 1), "year")
    return [
        (m.start("y1"), m.end("y1"), "DATE", f"{y1:04d}"),
        (m.start("y2"), m.end("y2"), "DATE", f"{y2:04d}"),
    ]


def _r_decade(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    if m["cent"]:
        century = int(m["cent"])
        if m["dec"] == "0" and century < 20:
            return _one(m, "DATE", f"{century:02d}")  # "the 1800s": a century
        return _one(m, "DATE", f"{century:02d}{m['dec']}")
    if m["short"]:
        d = int(m["short"])
        return _one(m, "DATE", f"{19 if d >= 3 else 20}{d}")
    word = m["word"].lower()
    return _one(m, "DATE", f"19{_DECADE_WORDS[word]}")


def _r_century(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    raw = (m["n"] or m["w"]).lower()
    n = int(re.sub(r"\D", "", raw)) if raw[0].isdigit() else _ORDINALS.get(raw.replace("-", " "), 0)
    if raw == "twenty-first":
        n = 21
    if not 1 <= n <= 22:
        return None
    return _one(m, "DATE", f"{n - 1:02d}")


def _season_year(ctx: _Ctx, season: str, rel: str, m: re.Match[str]) -> int | None:
    a = ctx.anchor
    if a is None:
        return None
    order = {"SP": 1, "SU": 2, "FA": 3, "WI": 4}
    month = a.month if ctx.precision != "year" else 6
    current = {12: 4, 1: 0, 2: 0}.get(month, (month - 3) // 3 + 1)
    if rel in ("last", "past"):
        return a.year if order[season] < current else a.year - 1
    if rel == "next":
        return a.year if order[season] > current else a.year + 1
    if rel == "this":
        return a.year
    tense = ctx.tense(m.start(), m.end())
    if tense == "past" and order[season] > current:
        return a.year - 1
    if tense == "future" and order[season] < current:
        return a.year + 1
    return a.year


def _r_season(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    season = _SEASONS[m["s"].lower()]
    rel = (m["rel"] or "").lower()
    if m["y"]:
        year: int | None = int(m["y"])
    elif not (rel or m["mod"] or m["prep"]):
        return None
    elif m["s"].lower() == "fall" and rel not in ("this", "last", "next", "past"):
        return None  # "the fall of the city" is not a season
    else:
        year = _season_year(ctx, season, rel, m)
    start = m.start("mod") if m["mod"] else m.start("rel") if m["rel"] else m.start("s")
    if m["the"] and not m["mod"] and not m["rel"]:
        start = m.start("the")
    value = f"{year:04d}-{season}" if year is not None else f"XXXX-{season}"
    if year is not None:
        _set_ref(ctx, date(year, 1, 1), "year")
    return [(start, m.end(), "DATE", value)]


def _quarter_year(ctx: _Ctx, q: int, m: re.Match[str]) -> int | None:
    if m["y"]:
        return int(m["y"])
    yrel = (m["yrel"] or "").lower()
    a = ctx.anchor
    if a is None:
        return None
    if yrel == "last":
        return a.year - 1
    if yrel == "next":
        return a.year + 1
    if yrel in ("this", "the", "the fiscal"):
        return a.year
    if ctx.precision == "year":
        return a.year
    current = (a.month - 1) // 3 + 1
    tense = ctx.tense(m.start(), m.end())
    if tense == "past" and q > current:
        return a.year - 1
    if tense == "future" and q < current:
        return a.year + 1
    return a.year


def _r_quarter(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    q = _ORDINALS.get((m["ord"] or "").lower()) or int(m["qn"] or m["qn2"] or 0)
    if not 1 <= q <= 4:
        return None
    year = _quarter_year(ctx, q, m) if not m["y2"] else int(m["y2"])
    return _one(m, "DATE", f"{year:04d}-Q{q}" if year else f"XXXX-Q{q}")


def _r_quarter_rel(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    a = ctx.anchor
    if a is None or ctx.precision == "year":
        return None
    rel = m["rel"].lower()
    q = (a.month - 1) // 3 + 1
    y = a.year
    if rel in ("last", "previous", "past"):
        q, y = (q - 1, y) if q > 1 else (4, y - 1)
    elif rel == "next":
        q, y = (q + 1, y) if q < 4 else (1, y + 1)
    return _one(m, "DATE", f"{y:04d}-Q{q}")


def _r_half(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    h = 1 if m["h"].lower() == "first" else 2
    if m["y"]:
        year: int | None = int(m["y"])
    elif ctx.anchor is None:
        year = None
    else:
        yrel = (m["yrel"] or "").lower()
        year = ctx.anchor.year + {"last": -1, "next": 1}.get(yrel, 0)
    return _one(m, "DATE", f"{year:04d}-H{h}" if year else f"XXXX-H{h}")


def _week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _shift(ctx: _Ctx, base: date, unit: str, n: int) -> tuple[str, date, str] | None:
    """Move a date by n units and format it at the unit's granularity (and the base's precision)."""
    try:
        return _shift_unchecked(ctx, base, unit, n)
    except (ValueError, OverflowError):
        return None  # beyond the calendar: "10,000 years ago"


def _shift_unchecked(ctx: _Ctx, base: date, unit: str, n: int) -> tuple[str, date, str] | None:
    base_precision = ctx.precision if base is ctx.anchor else ctx.ref_precision
    rank = PRECISION_RANK.get(base_precision, 6)
    if unit in ("day", "weekend", "week") and rank < PRECISION_RANK["day"]:
        if rank >= PRECISION_RANK["month"] and unit != "day":
            # A month-precision anchor cannot place a week: fall back to the month.
            unit = "month"
            n = 0 if abs(n) < 2 else round(n / 4.3)
        elif rank >= PRECISION_RANK["month"]:
            unit, n = "month", 0 if abs(n) < 15 else round(n / 30)
        else:
            unit, n = "year", 0
    if unit == "month" and rank < PRECISION_RANK["month"]:
        unit, n = "year", 0 if abs(n) < 6 else round(n / 12)
    if unit == "quarter" and rank < PRECISION_RANK["month"]:
        unit, n = "year", 0
    if unit == "day":
        d = base + timedelta(days=n)
        return _fmt_day(d), d, "day"
    if unit in ("week", "weekend"):
        d = base + timedelta(weeks=n)
        return _week_value(d) + ("-WE" if unit == "weekend" else ""), d, "week"
    if unit in ("month", "fortnight"):
        y, mo = _add_months(base.year, base.month, n)
        return f"{y:04d}-{mo:02d}", date(y, mo, 1), "month"
    if unit == "quarter":
        y, mo = _add_months(base.year, base.month, 3 * n)
        return f"{y:04d}-Q{(mo - 1) // 3 + 1}", date(y, mo, 1), "quarter"
    if unit == "year":
        return f"{base.year + n:04d}", date(base.year + n, 1, 1), "year"
    if unit == "decade":
        y = base.year + 10 * n
        return f"{y // 10:03d}", date(y, 1, 1), "decade"
    if unit == "century":
        y = base.year + 100 * n
        return f"{y // 100:02d}", date(y, 1, 1), "century"
    return None


def _r_deictic(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    """this/last/next/the following/that + unit: a date relative to the anchor or the reference."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = _unit(m["u"])
    # "the past year" is a stretch of time; "the coming year" is next year.
    span_words = ("the past", "the last", "the next", "the coming", "the first", "the final")
    if rel in span_words and unit != "weekend" and not (rel == "the coming" and unit == "year"):
        return _one(m, "DURATION", _duration(1, unit))
    if rel in ("this", "last", "next", "the coming", "past", "coming", "current", "the current"):
        base = ctx.anchor
    else:
        base, _ = _ref_or_anchor(ctx)
    if base is None:
        return None
    step = {
        "last": -1,
        "past": -1,
        "next": 1,
        "coming": 1,
        "the coming": 1,
        "the following": 1,
        "the next": 1,
        "the previous": -1,
        "the preceding": -1,
        "the prior": -1,
    }.get(rel, 0)
    if unit == "weekend":
        d = base
        value, _, _ = _shift(ctx, d, "weekend", step) or (None, None, None)
        return _one(m, "DATE", value) if value else None
    shifted = _shift(ctx, base, unit, step)
    if shifted is None:
        return None
    value, d, precision = shifted
    if rel not in ("this", "that", "the same", "current", "the current"):
        _set_ref(ctx, d, precision)
    return _one(m, "DATE", value)


def _r_weekend(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    a = ctx.anchor
    if a is None:
        return None
    if ctx.precision != "day":
        return _one(m, "DATE", _day_value(ctx, a)[0])
    tense = ctx.tense(m.start(), m.end())
    # Said on a weekend, "the weekend" is this one; otherwise the coming one or the one just past.
    d = a if a.isoweekday() >= 6 or tense in ("future", "present") else a - timedelta(days=7)
    return _one(m, "DATE", _week_value(d) + "-WE")


def _r_today(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    word = re.sub(r"\s+", " ", m["w"].lower())
    part = (m["pod"] or "").lower()
    if word in (
        "now",
        "currently",
        "nowadays",
        "at present",
        "the present",
        "these days",
        "right now",
        "the moment",
        "present day",
        "the present day",
    ):
        return _one(m, "DATE", "PRESENT_REF")
    if word in ("recently", "lately", "the past", "the recent past"):
        return _one(m, "DATE", "PAST_REF")
    if word in ("the future", "future"):
        return _one(m, "DATE", "FUTURE_REF")
    if ctx.anchor is None:
        return None
    delta = {
        "yesterday": -1,
        "today": 0,
        "tomorrow": 1,
        "tonight": 0,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
        "last night": -1,
        "this": 0,
    }[word]
    if word == "tonight":
        part = "night"
    if word == "last night":
        part = "night"
    d = ctx.anchor + timedelta(days=delta)
    value, precision = _day_value(ctx, d)
    if precision == "day":
        _set_ref(ctx, d, "day")
    if part and precision == "day":
        return _one(m, "TIME", f"{value}T{_PART_OF_DAY[part]}")
    return _one(m, "DATE", value)


def _weekday_date(ctx: _Ctx, wd: int, rel: str, m: re.Match[str]) -> date | None:
    a = ctx.anchor
    if a is None:
        return None
    diff = wd - a.isoweekday()
    if rel == "last":
        return a + timedelta(days=diff - 7 if diff >= 0 else diff)
    if rel == "next":
        return a + timedelta(days=diff + 7 if diff <= 0 else diff)
    if rel in ("this", "coming", "this coming"):
        return (
            a + timedelta(days=diff if diff >= 0 else diff + 7) if rel != "this" else a + timedelta(days=diff)
        )
    tense = ctx.tense(m.start(), m.end())
    if tense in ("future", "present"):  # "the vote is on Sunday": what is on is ahead
        return a + timedelta(days=diff if diff >= 0 else diff + 7)
    # News reports mostly past: the most recent such day, today included.
    return a + timedelta(days=diff if diff <= 0 else diff - 7)


def _r_weekday(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    wd = _WEEKDAYS[m["wd"].lower().rstrip(".")]
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    part = (m["pod"] or "").lower()
    if m["plural"]:
        return _one(m, "SET", f"XXXX-WXX-{wd}")
    d = _weekday_date(ctx, wd, rel, m)
    if d is None:
        return _one(m, "DATE", f"XXXX-WXX-{wd}")
    if ctx.precision != "day":
        value, _ = _day_value(ctx, ctx.anchor)  # type: ignore[arg-type]
        return _one(m, "DATE", value)
    _set_ref(ctx, d, "day")
    if part:
        return _one(m, "TIME", f"{_fmt_day(d)}T{_PART_OF_DAY[part]}")
    return _one(m, "DATE", _fmt_day(d))


def _r_ago(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    n = _num(m["n"])
    unit = _unit(m["u"])
    direction = m["dir"].lower()
    if direction in ("ago",):
        base = ctx.anchor
    else:
        base, _ = _ref_or_anchor(ctx)
    if direction in ("later", "earlier", "before", "after") and ctx.ref is None and n is not None:
        # "25 years later" with nothing said before it to count from: only the length is known.
        end = m.end("u")
        return [(m.start(), end, "DURATION", _duration(n, unit))]
    if base is not None and n is not None and unit in ("second", "minute", "hour"):
        # Hours later is still the same day, as far as a date can say.
        return _one(m, "DATE", _day_value(ctx, base)[0]) if ctx.precision == "day" else None
    if n is None or base is None or n != int(n):
        if direction == "ago":
            return _one(m, "DATE", "PAST_REF")
        return None
    sign = 1 if direction in ("later", "after", "hence", "from now") else -1
    shifted = _shift(ctx, base, unit, sign * int(n))
    if shifted is None:
        return None
    value, d, precision = shifted
    _set_ref(ctx, d, precision)
    return _one(m, "DATE", value)


def _r_duration(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    n = _num(m["n"])
    unit = _unit(m["u"])
    if unit == "weekend":
        return None
    if m["dir"]:
        if m.group(0).lower().startswith("the "):
            return None
        return _r_ago(m, ctx)
    if unit == "second" and m["n"].lower() in ("a", "an"):
        return None  # "a second term" counts, it does not measure
    if m["n"].lower() in ("a", "an", "one") and _RATE_BEFORE.search(
        ctx.text, max(0, m.start() - 30), m.start()
    ):
        return _one(m, "SET", _duration(1, unit))  # "$20 a month", "twice a year": a rate
    if m["old"]:
        return _one(m, "DURATION", _duration(n, "year"))
    # A count of quarters is a financial duration ("two quarters" -> P2Q).
    return _one(m, "DURATION", _duration(n, unit))


def _r_day_after(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    rel = re.sub(r"\s+", " ", (m["rel"] or m["rel2"]).lower())
    base, _ = _ref_or_anchor(ctx)
    if base is None or (ctx.precision != "day" and base is ctx.anchor):
        return None
    step = {
        "the next": 1,
        "the following": 1,
        "after": 1,
        "the previous": -1,
        "the preceding": -1,
        "the prior": -1,
        "before": -1,
    }.get(rel, 0)
    d = base + timedelta(days=step)
    _set_ref(ctx, d, "day")
    return _one(m, "DATE", _fmt_day(d))


def _r_the_unit(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    if ctx.anchor is None:
        return None
    shifted = _shift(ctx, ctx.anchor, _unit(m["u"]), 0)
    return _one(m, "DATE", shifted[0]) if shifted else None


def _r_vague_duration(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    if m["ago"]:
        return _one(m, "DATE", "PAST_REF")  # "years ago": some time back, no telling when
    unit = _unit(m["u"])
    return _one(m, "DURATION", _duration(None, unit))


def _r_set(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    word = re.sub(r"\s+", " ", m.group(0).lower())
    adverbs = {
        "daily": "P1D",
        "weekly": "P1W",
        "monthly": "P1M",
        "yearly": "P1Y",
        "annually": "P1Y",
        "quarterly": "P3M",
        "hourly": "PT1H",
        "nightly": "P1D",
        "biannually": "P6M",
    }
    if word in adverbs:
        return _one(m, "SET", adverbs[word])
    if m["wd"]:
        return _one(m, "SET", f"XXXX-WXX-{_WEEKDAYS[m['wd'].lower()]}")
    if m["mon"]:
        return _one(m, "SET", f"XXXX-{_month_of(m['mon']):02d}")
    if m["season"]:
        return _one(m, "SET", f"XXXX-{_SEASONS[m['season'].lower()]}")
    if m["u"]:
        unit = _unit(m["u"])
        if unit == "weekend":
            return _one(m, "SET", "XXXX-WXX-WE")
        return _one(m, "SET", _duration(_num(m["n"]) if m["n"] else 1, unit))
    return None


def _r_time(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    hour = int(m["h"])
    minute = int(m["mi"] or 0)
    ap = (m["ap"] or "").lower().replace(".", "").replace(" ", "")
    if ap == "pm" and hour < 12:
        hour += 12
    if ap == "am" and hour == 12:
        hour = 0
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    day = _fmt_day(ctx.anchor) if ctx.anchor is not None and ctx.precision == "day" else "XXXX-XX-XX"
    return _one(m, "TIME", f"{day}T{hour:02d}:{minute:02d}")


def _r_noon(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    day = _fmt_day(ctx.anchor) if ctx.anchor is not None and ctx.precision == "day" else "XXXX-XX-XX"
    if m["oc"]:
        hour = _num(m["oc"])
        return _one(m, "TIME", f"{day}T{int(hour or 0):02d}:00") if hour and hour <= 12 else None
    return _one(m, "TIME", f"{day}T{'12:00' if m.group(0).lower() == 'noon' else '24:00'}")


def _r_holiday(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    name = re.sub(r"\s+", " ", m["name"].lower()).replace("’", "'")
    if name == "thanksgiving" or name == "thanksgiving day":
        month, day = 11, 0
    else:
        month, day = _HOLIDAYS[name]
    if m["y"]:
        year: int | None = int(m["y"])
    elif ctx.anchor is None:
        year = None
    else:
        rel = (m["rel"] or "").lower()
        a = ctx.anchor
        year = a.year + {"last": -1, "next": 1}.get(rel, 0)
        if not rel:
            year = _year_for_month(ctx, month, day or 22, m)
    if year is None:
        return _one(m, "DATE", f"XXXX-{month:02d}-{day:02d}" if day else "XXXX-11")
    if not day:
        first = date(year, 11, 1)
        day = 1 + (3 - first.weekday()) % 7 + 21  # fourth Thursday
    return _one(m, "DATE", f"{year:04d}-{month:02d}-{day:02d}")


def _r_time_any(m: re.Match[str], ctx: _Ctx) -> list[Span] | None:
    if m["h2"]:
        hour, minute = int(m["h2"]), int(m["mi2"])
        day = _fmt_day(ctx.anchor) if ctx.anchor is not None and ctx.precision == "day" else "XXXX-XX-XX"
        if hour > 24:
            return None
        return _one(m, "TIME", f"{day}T{hour:02d}:{minute:02d}")
    return _r_time(m, ctx)


# --- Rules: a named, ordered table of (name, pattern, resolver) ----------------------------------

_W = r"(?<![\w'’-])"  # word start
_E = r"(?![\w'’])"  # word end (possessive "'s" allowed after)
_Y = r"(?:1[0-9]{3}|20[0-9]{2})"

_RULES: list[tuple[str, str, Resolver]] = [
    (
        "iso",
        rf"{_W}(?P<y>{_Y})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<h>[0-2]\d):(?P<mi>\d\d)(?::\d\d)?)?(?!\d)",
        _r_iso,
    ),
    ("numeric", rf"{_W}(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.](?P<y>{_Y}|\d\d)(?![\d/.]\d)", _r_numeric),
    (
        "month_day",
        rf"{_W}(?:(?P<wd>{_WEEKDAY_ANY}),?\s+)?(?P<m>{_MONTH})\s*(?P<d>[0-3]?\d)(?P<suffix>st|nd|rd|th)?(?!\d)"
        rf"(?:\s*(?:-|–|—|and|to|through)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:]))?"
        rf"(?:,?\s+(?P<y>{_Y})(?!\d))?(?![\w:])",
        _r_month_day,
    ),
    (
        "day_month",
        rf"{_W}(?:(?P<wd>{_WEEKDAY_ANY}),?\s+)?(?:the\s+)?"
        rf"(?:(?P<d0>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|—|and|to)\s*(?=[0-3]?\d))?"
        rf"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>{_MONTH})"
        rf"(?:,?\s+(?P<y>{_Y})(?!\d))?{_E}",
        _r_day_month,
    ),
    (
        "month_year",
        rf"{_W}(?:{_PERIOD_MOD}[- ]\s*)?(?P<m>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_Y}){_E}",
        _r_month_year,
    ),
    (
        "month",
        rf"(?:(?P<prep>\b(?:in|since|until|till|by|from|to|through|during|of|before|after|between|and|or|"
        rf"throughout|until|for|on|last|this|next)\s+)|{_W})"
        rf"(?:(?P<mod>{_PERIOD_MOD})[- ]\s*(?:of\s+)?)?(?:(?P<rel>last|next|this|past|that)\s+)?"
        rf"(?P<m>{_FULL_MONTH}){_E}(?!\s*\d)",
        _r_month,
    ),
    ("year_range", rf"{_W}(?P<y1>{_Y})\s*(?:-|–|—|/)\s*(?P<y2>{_Y}|\d\d)(?![\d%])", _r_year_range),
    (
        "year",
        rf"{_W}(?:(?P<mod>{_PERIOD_MOD})[- ]\s*(?:of\s+)?)?"
        rf"(?P<lead>(?:the\s+)?year\s+|fiscal\s+(?:year\s+)?|FY\s*)?(?P<y>{_Y})(?![\d,.]\d|\s*%|s\b|-\d)",
        _r_year,
    ),
    (
        "decade",
        rf"{_W}(?:the\s+)?(?:(?:early|mid|late)[- ]?)?"
        rf"(?:(?P<cent>1[0-9]|20)(?P<dec>\d)0'?s|(?:['’]|(?<=the\s))(?P<short>\d)0s"
        rf"|(?<=the\s)(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)){_E}",
        _r_decade,
    ),
    (
        "century",
        rf"{_W}(?:the\s+)?(?:(?:early|mid|late)[- ]?)?(?:(?P<n>\d{{1,2}}(?:st|nd|rd|th))"
        rf"|(?P<w>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
        rf"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
        rf"|twenty-first))[- ][Cc]entury{_E}",
        _r_century,
    ),
    (
        "season",
        rf"(?:(?P<prep>\b(?:in|during|since|until|by|through|throughout|over|before|after|for)\s+)|{_W})"
        rf"(?:(?P<mod>early|late|mid)[- ]\s*)?(?:(?P<the>the)\s+)?(?:(?P<rel>this|last|next|past|coming)\s+)?"
        rf"(?P<s>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?:\s+(?:of\s+)?(?P<y>{_Y}))?{_E}",
        _r_season,
    ),
    (
        "quarter",
        rf"{_W}(?:the\s+)?(?:(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ]"
        rf"(?:fiscal\s+)?quarter"
        rf"|[Qq](?P<qn>[1-4]))"
        rf"(?:\s+(?:of\s+)?(?:(?P<y>{_Y})|(?P<yrel>this|last|next|the|the\s+fiscal)\s+year))?{_E}"
        rf"|{_W}(?P<y2>{_Y})\s*[Qq](?P<qn2>[1-4]){_E}",
        _r_quarter,
    ),
    ("quarter_rel", rf"{_W}(?P<rel>this|last|next|previous|current|past)\s+quarter{_E}", _r_quarter_rel),
    (
        "half",
        rf"{_W}(?:the\s+)?(?P<h>first|second)\s+half\s+of\s+(?:(?P<y>{_Y})|(?P<yrel>this|last|next|the)\s+year){_E}",
        _r_half,
    ),
    (
        "deictic",
        rf"{_W}(?:(?:{_PERIOD_MOD})[- ]\s*(?:in\s+|of\s+)?)?"
        rf"(?P<rel>this|last|next|past|coming|current|the\s+current|the\s+past|the\s+last|the\s+next"
        rf"|the\s+coming|the\s+following|the\s+previous|the\s+preceding|the\s+prior|that|the\s+same)"
        rf"\s+(?P<u>week|month|year|decade|century|weekend|quarter){_E}",
        _r_deictic,
    ),
    # A day told from the last one mentioned: "the next day", "that day", "the day before".
    (
        "day_after",
        rf"{_W}(?:(?P<rel>that|the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding|the\s+prior)"
        rf"\s+day|the\s+day\s+(?P<rel2>before|after)(?=\s*[,.;:)]))(?!\s+(?:of|when|in)\b){_E}",
        _r_day_after,
    ),
    ("weekend", rf"{_W}the\s+weekend{_E}", _r_weekend),
    # "the end of the year", "earlier in the month": the anchor's own year, month or week.
    (
        "the_unit",
        rf"{_W}(?:{_PERIOD_MOD}[- ]\s*(?:of\s+)?|(?:earlier|later)\s+in\s+)the\s+(?P<u>year|month|week){_E}",
        _r_the_unit,
    ),
    (
        "today",
        rf"{_W}(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
        rf"|last\s+night|this(?=\s+(?:morning|afternoon|evening))|now|currently|nowadays|at\s+present"
        rf"|these\s+days|right\s+now|the\s+moment|recently|lately|the\s+(?:recent\s+)?past(?!\s+(?:\d|{_NUMWORD}|few"
        rf"|several|many|couple|{_UNIT}))|the\s+future|the\s+present(?:\s+day)?)"
        rf"(?:\s+(?P<pod>morning|afternoon|evening|night))?{_E}",
        _r_today,
    ),
    (
        "weekday",
        rf"{_W}(?:(?P<rel>last|next|this|this\s+coming|coming|past)\s+)?(?P<wd>{_WEEKDAY})(?P<plural>s)?(?![\w])"
        rf"(?:\s+(?P<pod>morning|afternoon|evening|night))?",
        _r_weekday,
    ),
    # A count of units: a duration ("three years"), an age ("65 years old") or, followed by
    # "ago"/"later", a date ("two years ago").
    (
        "duration",
        rf"{_W}(?:{_MOD}\s+)?(?:the\s+(?:past|last|next|first|final|coming|previous|following|latest)\s+)?"
        rf"(?P<n>{_NUM})[- ](?P<u>{_UNIT})(?:(?P<old>[- ]old)|\s+(?P<dir>ago|hence|from\s+now"
        rf"|(?:earlier|later)(?!\s+than\b)|(?:before|after)(?=\s*[,.;:)]|\s*$)))?{_E}",
        _r_duration,
    ),
    (
        "vague_duration",
        rf"{_W}(?:(?:the\s+)?(?:past|last|next|coming|recent|previous|following)\s+(?:few\s+)?|the\s+coming\s+"
        rf"|(?<=\bfor\s)|(?<=\bover\s)|(?<=\brecent\s))(?P<u>years|months|weeks|days|decades|centuries|hours|minutes)"
        rf"{_E}"
        rf"|{_W}(?:(?:many|several|some|a\s+few|few)\s+)?(?P<u2>years|months|weeks|days|decades)\s+(?P<ago>ago){_E}",
        _r_vague_duration,
    ),
    (
        "set",
        rf"{_W}(?:daily|weekly|monthly|yearly|annually|quarterly|hourly|nightly|biannually"
        rf"|(?:every|each|per)\s+(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        rf"|(?P<mon>{_FULL_MONTH})|(?P<season>spring|summer|autumn|winter)|(?:(?P<n>{_NUM})\s+)?(?P<u>{_UNIT})))"
        rf"{_E}",
        _r_set,
    ),
    (
        "time",
        rf"{_W}(?P<h>[0-2]?\d)(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\.|[ap]m\b|[AP]M\b|[ap]\.m(?!\w))"
        rf"(?:\s+(?-i:local\s+time|[A-Z]{{2,4}}T|GMT|UTC|ET))?"
        rf"|{_W}(?P<h2>[0-2]?\d):(?P<mi2>[0-5]\d)\s+(?-i:GMT|UTC|local\s+time|[A-Z]{{1,3}}T|ET){_E}",
        _r_time_any,
    ),
    ("noon", rf"{_W}(?:noon|midnight|(?P<oc>[1-9]|1[0-2]|{_NUMWORD})\s+o['’]clock){_E}", _r_noon),
    (
        "holiday",
        rf"{_W}(?:(?P<rel>last|next|this)\s+)?(?P<name>Christmas(?:\s+(?:Eve|Day))?|New\s+Year['’]s\s+(?:Day|Eve)"
        rf"|Halloween|Valentine['’]s\s+Day|Boxing\s+Day|Thanksgiving(?:\s+Day)?)"
        rf"(?:\s+(?P<y>{_Y}))?{_E}",
        _r_holiday,
    ),
]


_COMPILED = [(name, re.compile(pattern, re.IGNORECASE), resolver) for name, pattern, resolver in _RULES]
# Rules whose matches are tried first when two candidates have the same length.
_RANK = {name: i for i, (name, _, _) in enumerate(_RULES)}


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _check_precision(precision: str) -> str:
    if precision not in ("day", "month", "year"):
        raise ValueError(f"anchor precision must be day, month or year, not {precision!r}")
    return precision


# Which rules can match near a word: every rule needs one of these words (or a number), so rules
# only run in small windows around them instead of over the whole text. A number alone starts
# few rules; "10 years" is found from "years", "March 28" from "March".
_SINGULAR = "second minute hour day week fortnight month year decade century weekend quarter".split()
_PLURAL = (
    "seconds minutes hours days weeks fortnights months years decades centuries weekends quarters".split()
)
_TRIGGERS: dict[str, tuple[str, ...]] = {}
for _words, _names in (
    # "Tuesday, March 28" is found from "March": its window reaches back to the weekday.
    (_MONTHS, ("month_day", "day_month", "month_year", "month")),
    (_WEEKDAYS, ("weekday",)),
    ([w + "s" for w in _WEEKDAYS], ("weekday",)),
    (_SEASONS, ("season",)),
    (_SINGULAR, ("deictic", "duration", "the_unit")),
    (_PLURAL, ("duration", "vague_duration")),
    (["day", "days"], ("day_after",)),
    (["weekend", "weekends"], ("weekend",)),
    (["quarter", "quarters", "q", "fiscal", "fy"], ("quarter", "quarter_rel", "year")),
    (["half"], ("half", "duration")),
    (["year"], ("holiday", "half")),
    (["century", "centuries"], ("century",)),
    (
        "today tonight yesterday tomorrow now currently nowadays present recently lately past future moment "
        "morning afternoon evening night".split(),
        ("today", "weekday"),
    ),
    (
        "daily weekly monthly yearly annually quarterly hourly nightly biannually every each per".split(),
        ("set",),
    ),
    (["noon", "midnight", "clock"], ("noon",)),
    (["am", "pm"], ("time",)),
    ("christmas halloween valentine boxing thanksgiving".split(), ("holiday",)),
    (list(_DECADE_WORDS), ("decade",)),
):
    for _w in _words:
        _TRIGGERS[_w] = tuple(dict.fromkeys(_TRIGGERS.get(_w, ()) + tuple(_names)))
# Words of one or two letters are never triggers, except these; skipping them saves a third of the loop.
_TOKEN = re.compile(r"[0-9]+|[a-z]{3,}|q(?=[1-4])|[ap]m\b|fy\b")
_BEFORE, _AFTER = 40, 32  # window around a trigger, in characters: "the beginning of the first quarter of"


def _number_rules(word: str, after: str) -> tuple[str, ...]:
    """The rules a number can start, told by its length and the characters after it."""
    rules: tuple[str, ...] = ()
    if len(word) == 4:
        rules = ("iso", "year_range", "year")
    if word.endswith("0") and len(word) in (2, 4):
        rules += ("decade",)  # "1990s", "'90s"
    if after[:1] in ("/", "."):
        rules += ("numeric",)  # "3/22/2013"
    if after[:1] == ":" or after.lstrip()[:1] in ("a", "p", "g", "u", "e", "l"):
        rules += ("time",)  # "10:30", "10 a.m.", "1500 GMT"
    return rules


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each rule, the merged stretches of text where it can match."""
    by_rule: dict[str, list[tuple[int, int]]] = {}
    size = len(text)
    triggers = _TRIGGERS
    low = text.lower()
    for m in _TOKEN.finditer(low):
        word = m.group()
        start, end = m.span()
        if word[0] <= "9":
            rules: tuple[str, ...] | None = _number_rules(word, low[end : end + 4])
        else:
            rules = triggers.get(word)
        if not rules:
            continue
        # Widen to whole words so no rule sees half a word at a window's edge.
        lo = text.rfind(" ", 0, max(0, start - _BEFORE)) + 1
        hi = text.find(" ", min(size, end + _AFTER))
        hi = size if hi < 0 else hi
        for name in rules:
            spans = by_rule.get(name)
            if spans is None:
                by_rule[name] = [(lo, hi)]
            elif lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
    return by_rule


def tag(text: str, anchor: date | None, *, precision: str = "day") -> list[Timex]:
    """Find the temporal expressions in `text` and normalise them against `anchor`.

    `anchor` is the date relative expressions resolve against (a document's publication date);
    `precision` says how much of it is known ("month" for a source dated only "2017-08": then
    "today" resolves to "2017-08" and "last year" to "2016"). Without an anchor, relative
    expressions that need one are left out; explicit dates are still found.
    """
    precision = _check_precision(precision)
    candidates: list[tuple[int, int, int, re.Match[str], Resolver]] = []
    windows = _windows(text)
    for name, pattern, resolver in _COMPILED:
        for lo, hi in windows.get(name, ()):
            for m in pattern.finditer(text, lo, hi):
                if m.end() > m.start():
                    candidates.append((m.start(), m.end(), _RANK[name], m, resolver))
    # Longest match wins; between equals, the earlier rule in the table.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken = bytearray(len(text) + 1)
    chosen: list[tuple[int, int, int, re.Match[str], Resolver]] = []
    for cand in candidates:
        if any(taken[cand[0] : cand[1]]):
            continue
        taken[cand[0] : cand[1]] = b"\x01" * (cand[1] - cand[0])
        chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    ctx = _Ctx(text=text, anchor=anchor, precision=precision, sentences=_sentences(text))
    out: list[Timex] = []
    for _, _, _, m, resolver in chosen:
        try:
            spans = resolver(m, ctx)
        except (ValueError, OverflowError):
            continue  # a date off the calendar (year 0, year 10000): no value to give
        for start, end, kind, value in spans or []:
            start, end = _trim(text, start, end)
            if end > start:
                out.append(Timex(start, end, text[start:end], kind, value))
    return _merge_time_and_day(text, out)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,":
        start += 1
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return start, end


def _join_pairs(timexes: list[Timex], join: Callable[[Timex, Timex], Timex | None]) -> list[Timex]:
    """Walk neighbouring expressions; where `join` makes one of a pair, keep that instead of both."""
    out: list[Timex] = []
    i = 0
    while i < len(timexes):
        joined = join(timexes[i], timexes[i + 1]) if i + 1 < len(timexes) else None
        if joined is not None:
            out.append(joined)
            i += 2
        else:
            out.append(timexes[i])
            i += 1
    return out


def _merge_time_and_day(text: str, timexes: list[Timex]) -> list[Timex]:
    """Join "10 a.m. Friday" into one TIME on that day: the clock time belongs to the date."""

    def join(t: Timex, u: Timex) -> Timex | None:
        time_t, day_t = (t, u) if t.type == "TIME" else (u, t)
        if (
            re.fullmatch(r"\s*,?\s*(?:on\s+)?", text[t.end : u.start])
            and time_t.type == "TIME"
            and "T" in time_t.value
            and day_t.type == "DATE"
            and re.fullmatch(r"\d{4}-\d\d-\d\d", day_t.value)
            and re.search(r"T\d\d:\d\d$", time_t.value)
        ):
            value = day_t.value + time_t.value[time_t.value.index("T") :]
            return Timex(t.start, u.end, text[t.start : u.end], "TIME", value)
        return None

    return _join_pairs(timexes, join)


_RANGE_LEAD = re.compile(r"(?:from|between)\s+$", re.IGNORECASE)


def join_ranges(text: str, timexes: list[Timex]) -> list[Timex]:
    """Join "from 1989 to 1991", "between 2015 and 2017" and "2015–2017" into one span "1989/1991".

    Only DATE pairs of the same precision are joined, the second later than the first; the
    joined Timex covers both ends and carries the value "start/end".
    """

    def join(t: Timex, u: Timex) -> Timex | None:
        gap = text[t.end : u.start]
        a, b = to_iso(t.value), to_iso(u.value)
        lead = _RANGE_LEAD.search(text[max(0, t.start - 10) : t.start])
        dash = re.fullmatch(r"\s*[-–—]\s*", gap)
        worded = re.fullmatch(r"\s*(?:to|until|till|through|and)\s*", gap) and lead
        if (
            a
            and b
            and (dash or worded)
            and a[1] == b[1]
            and a[0] < b[0]
            and t.type == u.type == "DATE"
            and not (re.fullmatch(r"\s*and\s*", gap) and lead and lead.group(0).lower().startswith("from"))
        ):
            start = t.start - len(lead.group(0)) if lead else t.start
            return Timex(start, u.end, text[start : u.end], "DATE", f"{a[0]}/{b[0]}")
        return None

    return _join_pairs(timexes, join)


_ISO_FORMS = [
    (re.compile(r"\d{4}-\d\d-\d\d"), "day"),
    (re.compile(r"\d{4}-W\d\d"), "week"),
    (re.compile(r"\d{4}-\d\d"), "month"),
    (re.compile(r"\d{4}-Q[1-4]"), "quarter"),
    (re.compile(r"\d{4}-(?:SP|SU|FA|WI)"), "season"),
    (re.compile(r"\d{4}"), "year"),
    (re.compile(r"\d{3}"), "decade"),
    (re.compile(r"\d{2}"), "century"),
]


def to_iso(value: str) -> tuple[str, str] | None:
    """Turn a TIMEX3 DATE value into a chronology date and its precision.

    "2017-03-28" -> ("2017-03-28", "day"), "2017-03" -> ("2017-03", "month"), "201" -> ("201",
    "decade"), "2017-W12" -> ("2017-W12", "week"), a span "1989/1991" -> ("1989/1991", "year").
    Times keep their day; week-ends their week. None for references (PRESENT_REF), durations,
    sets and values with unknown parts (XXXX-03).
    """
    if "/" in value:
        parts = value.split("/")
        if len(parts) != 2:
            return None
        a, b = to_iso(parts[0]), to_iso(parts[1])
        if a is None or b is None or a[1] != b[1]:
            return None
        return f"{a[0]}/{b[0]}", a[1]
    core = value.split("T")[0] if re.match(r"\d{4}-\d\d-\d\dT", value) else value
    if core.endswith("-WE"):
        core = core[:-3]
    for pattern, precision in _ISO_FORMS:
        if pattern.fullmatch(core):
            return core, precision
    return None
