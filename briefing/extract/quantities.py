"""Turn text into quantities: money, percentages, physical amounts and counts, normalised.

The grammar is a small hand-written scanner, not a model: a number (digits or words) with what
sits around it — a currency before or after, a scale word ("billion", "bn", "m"), a percent sign,
a unit, a qualifier ("about", "more than"), a second number making a range. Numbers that are
not quantities are refused by rules: years and dates, times, ordinals, footnote, page and section
numbers, phone numbers, numbers inside names ("S-300", "G20", "P5+1") and citation markers.

Values are in base units: "$2 billion" is 2e9 USD, "80 percent" is 80, "2 bcm" is 2e9
cubic metres. A range sets `value` and `value_max` with qualifier "range".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in a text."""

    start: int
    """Offset of the first character of the quantity (qualifier included when it is not a verb)."""
    end: int
    """Offset one past its last character."""
    surface: str
    """The text between start and end, verbatim."""
    value: float
    """The number in base units: 2e9 for "$2 billion", 80 for "80 percent"."""
    value_max: float | None
    """Upper bound of a range, else None."""
    unit: str
    """ISO 4217 code, "percent", "percentage_points", an SI-style unit, "times" or "count"."""
    qualifier: str
    """none|about|more_than|less_than|up_to|at_least|range."""
    kind: str
    """money|percent|physical|count."""


# --- Vocabularies -------------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}

_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
    "tr": 1e12, "lakh": 1e5, "crore": 1e7,
}  # fmt: skip
# One-letter scale abbreviations are also units or initials ("500m" may be metres); they count as
# scales only when a currency or a following unit confirms the amount.
_WEAK_SCALES = frozenset({"k", "m", "b", "tr"})

_ISO = frozenset(
    """USD EUR GBP JPY CNY RMB RUB IRR INR TRY SAR AED CHF KZT AZN IQD CAD AUD NZD HKD SGD KRW BRL
    ZAR MXN UAH SEK NOK DKK PLN CZK HUF EGP PKR QAR KWD OMR BHD ILS AMD GEL TMT UZS AFN SYP LBP""".split()
)
_SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "S$": "SGD", "NZ$": "NZD",
    "R$": "BRL", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₹": "INR", "₺": "TRY",
    "₩": "KRW", "₴": "UAH", "﷼": "IRR", "Rs": "INR", "Rs.": "INR",
}  # fmt: skip
# Currency words after the amount, singular or plural; a nationality word may come between.
_CURRENCY_WORDS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "ruble": "RUB", "rouble": "RUB",
    "rial": "IRR", "toman": "IRR", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY", "rupee": "INR",
    "lira": "TRY", "riyal": "SAR", "dirham": "AED", "manat": "AZN", "tenge": "KZT", "hryvnia": "UAH",
    "franc": "CHF", "won": "KRW", "dinar": "IQD", "shekel": "ILS", "dram": "AMD", "lari": "GEL",
}  # fmt: skip
# Where a national word picks a different currency than the default of the word.
_NATIONAL = {
    ("canadian", "dollar"): "CAD", ("australian", "dollar"): "AUD", ("hong kong", "dollar"): "HKD",
    ("singapore", "dollar"): "SGD", ("new zealand", "dollar"): "NZD", ("swiss", "franc"): "CHF",
    ("egyptian", "pound"): "EGP", ("syrian", "pound"): "SYP", ("lebanese", "pound"): "LBP",
    ("turkish", "lira"): "TRY", ("qatari", "riyal"): "QAR", ("saudi", "riyal"): "SAR",
    ("omani", "rial"): "OMR", ("iranian", "rial"): "IRR", ("indian", "rupee"): "INR",
    ("pakistani", "rupee"): "PKR", ("kuwaiti", "dinar"): "KWD", ("iraqi", "dinar"): "IQD",
    ("turkmen", "manat"): "TMT", ("azerbaijani", "manat"): "AZN", ("south korean", "won"): "KRW",
}  # fmt: skip
# A toman is ten rials; values are in the ISO currency's base unit.
_CURRENCY_FACTOR = {"toman": 10.0}

# Physical units: (pattern, unit, factor). Longest forms first; matched right after the number.
_UNIT_TABLE: list[tuple[str, str, float]] = [
    (r"(?:barrels?|bbls?)(?: of (?:crude )?oil)? (?:per|a|each) day", "barrels_per_day", 1.0),
    (r"(?:bpd|b/d|bbl/d)", "barrels_per_day", 1.0),
    (r"(?:mb/d|mbpd|mmbpd|mmb/d)", "barrels_per_day", 1e6),
    (r"(?:kb/d|kbpd)", "barrels_per_day", 1e3),
    (r"(?:barrels?|bbls?)", "barrels", 1.0),
    (r"(?:bcm|bcm/y)", "cubic_metres", 1e9),
    (r"tcm", "cubic_metres", 1e12),
    (r"mcm", "cubic_metres", 1e6),
    (r"cubic (?:met(?:re|er)s?|m)", "cubic_metres", 1.0),
    (r"(?:m3|m³)", "cubic_metres", 1.0),
    (r"bcf", "cubic_feet", 1e9),
    (r"tcf", "cubic_feet", 1e12),
    (r"cubic f(?:ee|oo)t", "cubic_feet", 1.0),
    (r"(?:metric )?(?:tonnes?|tons?)(?: per (?:year|annum)| a year)?", "tonnes", 1.0),
    (r"(?:mt|mtpa)", "tonnes", 1e6),
    (r"(?:kilograms?|kgs?)", "kg", 1.0),
    (r"(?:TWh|terawatt[- ]hours?)", "TWh", 1.0),
    (r"(?:GWh|gigawatt[- ]hours?)", "GWh", 1.0),
    (r"(?:MWh|megawatt[- ]hours?)", "MWh", 1.0),
    (r"(?:kWh|kilowatt[- ]hours?)", "kWh", 1.0),
    (r"(?:GW|gigawatts?)", "GW", 1.0),
    (r"(?:MW|megawatts?)", "MW", 1.0),
    (r"(?:kW|kilowatts?)", "kW", 1.0),
    (r"(?:km/h|kph|kilomet(?:re|er)s? (?:per|an) hour)", "km/h", 1.0),
    (r"(?:mph|miles (?:per|an) hour)", "mph", 1.0),
    (r"(?:°\s?C|degrees? Celsius|degrees? centigrade)", "degC", 1.0),
    (r"(?:°\s?F|degrees? Fahrenheit)", "degF", 1.0),
    (r"(?:square kilomet(?:re|er)s?|sq\.? ?km|km2|km²)", "km2", 1.0),
    (r"(?:square met(?:re|er)s?|sq\.? ?m|m2|m²)", "m2", 1.0),
    (r"(?:hectares?|ha)", "hectares", 1.0),
    (r"(?:kilomet(?:re|er)s?|kms?)", "km", 1.0),
    (r"miles?", "miles", 1.0),
    (r"(?:met(?:re|er)s?)", "m", 1.0),
    (r"(?:litres?|liters?)", "litres", 1.0),
    (r"gallons?", "gallons", 1.0),
    (r"decades?", "decades", 1.0),
    (r"years?", "years", 1.0),
    (r"months?", "months", 1.0),
    (r"weeks?", "weeks", 1.0),
    (r"days?", "days", 1.0),
    (r"hours?", "hours", 1.0),
]
_UNITS = [(re.compile(r"[\s-]?(?:" + p + r")(?![\w/])", re.I if p.islower() else 0), u, f)
          for p, u, f in _UNIT_TABLE]  # fmt: skip
# Energy and trade units: physical amounts that matter in a brief.
ENERGY_UNITS = frozenset({"barrels_per_day", "barrels", "cubic_metres", "cubic_feet", "tonnes", "TWh",
                          "GWh", "MWh", "kWh", "GW", "MW", "kW"})  # fmt: skip
DURATION_UNITS = frozenset({"decades", "years", "months", "weeks", "days", "hours"})

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# Plural nouns that do not end in -s, for counts ("3,000 personnel").
_IRREGULAR_PLURALS = frozenset(
    "people personnel aircraft children men women staff police cattle sheep fish troops crew".split()
)
# Lower-case words ending in -s that are not plural nouns.
_NOT_PLURAL = frozenset(
    """is was has as this thus its his hers us yes always perhaps across plus whereas less unless
    bus gas news series species means various previous serious famous towards afterwards besides
    nevertheless its' ours yours""".split()
)
# Words that may stand before a number at a sentence's start: not names ("In 2015", "Some 300").
_FUNCTION_WORDS = frozenset(
    """a an the in on at by of for to from with into about around approximately roughly some nearly
    almost over under above below more less fewer than up only just another all these those its their
    his her our your my this that and or but nor since until till after before during between among
    total totalling worth about estimated nearly exactly just barely some reaching reached top topped
    of whereas while when where which who whom whose if as per than then there here both each every
    including excluding plus minus versus vs via like unlike against toward towards within without
    around across beyond despite except following past recently also still even already almost
    approx circa""".split()
)
_DETERMINERS = frozenset("the these those its their his her our your my both all".split())

# Qualifiers before the amount: (pattern, qualifier, part of the figure's surface?). The verbs
# ("exceeded") qualify the figure but are not part of it as written.
_QUALIFIERS: list[tuple[str, str, bool]] = [
    (r"did not exceed|does not exceed|not exceeding|no more than|not more than|at most|"
     r"as (?:much|many|high) as|a maximum of|maximum of|up to", "up_to", True),
    (r"at least|no less than|no fewer than|not less than|a minimum of|upwards of", "at_least", True),
    (r"more than|over|above|in excess of|greater than|just over|north of|exceeding|beyond",
     "more_than", True),
    (r"exceeded|exceeds|exceed|surpassed|surpassing|topped|tops", "more_than", False),
    (r"less than|fewer than|under|below|just under|short of|lower than", "less_than", True),
    (r"about|around|approximately|approx\.|roughly|some|nearly|almost|close to|circa|c\.|"
     r"an estimated|estimated at|an approximate|in the region of|on the order of|~", "about", True),
]  # fmt: skip
_QUAL_RE = [(re.compile(r"(?:^|(?<=[\s(]))(?:" + p + r")\s*$", re.I), q, inc) for p, q, inc in _QUALIFIERS]
_TRAILING_QUAL = re.compile(r"\s*(?:or more|or over|plus\b|\+)|\s*(?:or so|or less|odd\b)", re.I)

# --- The number ----------------------------------------------------------------------------------

# Thousands grouped by commas, thin or plain spaces ("1,500", "1 500 000"), or plain digits.
_DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?"
)
_WRITTEN = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
    r"|(?:" + "|".join(sorted(_SMALL, key=len, reverse=True)) + r"))"
)
_NUMBER = re.compile(
    r"(?P<fold>(?:" + _WRITTEN + r"|\d+(?:\.\d+)?)-?fold)\b"
    r"|(?P<digits>" + _DIGITS + r")"
    r"|(?P<mixed>(?:" + _WRITTEN + r"|\d+) and an? half)\b"
    r"|(?P<frac>(?:an?|one|two|three|four) (?:half|third|quarter|fifth|tenth)s?"
    r"|(?:one|two|three|four)-(?:third|quarter|fifth|tenth)s?)\b"
    r"|(?P<half>half)\b"
    r"|(?P<dozen>(?:an?|one|two|three|four|five|half an?) dozen)\b"
    r"|(?P<hundred>(?:an?|" + _WRITTEN + r") hundred(?:(?: and)? " + _WRITTEN + r")?)\b"
    r"|(?P<a>an?)(?= (?:thousand|million|billion|trillion)\b)"
    r"|(?P<word>" + _WRITTEN + r")\b",
    re.I,
)


def _written_value(words: str) -> float:
    """Value of a written number like "twenty-five", "three", "a hundred and ten"."""
    current = 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("a", "an"):
            current = 1.0
        elif word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word.isdigit():
            current += float(word)
    return current


def _number_value(match: re.Match[str]) -> tuple[float, str]:
    """(value, form) of a number match; form names which alternative matched."""
    form = match.lastgroup or ""
    raw = match.group(0)
    low = raw.lower()
    if form == "digits":
        return float(re.sub(r"[,\u00a0\u202f\u2009 ]", "", raw)), form
    if form == "mixed":
        return _written_value(low.split(" and ")[0]) + 0.5, form
    if form == "frac":
        head, tail = re.split(r"[-\s]", low)
        return (_written_value(head) or 1.0) * _FRACTIONS[tail.rstrip("s")], form
    if form == "half":
        return 0.5, form
    if form == "dozen":
        head = low.rsplit(" ", 1)[0]
        return (0.5 if head.startswith("half") else _written_value(head)) * 12, form
    if form == "fold":
        head = low.removesuffix("fold").rstrip("-")
        return (float(head) if head[:1].isdigit() else _written_value(head)), form
    if form in ("hundred", "word"):
        return _written_value(low.replace(" and ", " ")), form
    if form == "a":
        return 1.0, form
    return 0.0, form


# --- Masks: numbers that are not quantities ------------------------------------------------------

_MASKS = [
    # ISO dates, numeric dates, times.
    r"\b\d{4}-\d{1,2}-\d{1,2}\b",
    r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b",
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?",
    r"\b\d{1,2}\s?[ap]\.m\.",
    r"\b\d{1,2}\s?[ap]m\b",
    # Day and month, either order; a year after it is a year anyway.
    r"\b" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:[-–]|and|to)\s*\d{1,2}(?:st|nd|rd|th)?)?"
    r"\b(?!\s*(?:%|percent|per cent))",
    r"\b\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:[-–]|and|to)\s*\d{1,2}(?:st|nd|rd|th)?)?\s+(?:of\s+)?"
    + _MONTHS
    + r"(?![a-z])",
    # Ordinals, decades, year spans, fiscal years.
    r"\b\d+(?:st|nd|rd|th)\b",
    r"\b\d{4}s\b|'\d0s\b|\b\d0s\b",
    r"\b(?:1[0-9]|20|21)\d{2}\s?[-–/]\s?(?:(?:1[0-9]|20|21)\d{2}|\d{2})\b(?!\s*(?:%|percent|per cent))",
    r"\bFY\s?\d{2,4}\b",
    # Phone numbers.
    r"\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,}",
    r"\(\d{2,4}\)\s?\d{3,4}[\s.-]\d{3,4}",
    r"\b\d{2,4}(?:[.-]\d{2,4}){2,}\b",
    # Citation markers and footnote numbers stuck to the end of a word or sentence.
    r"\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]",
    r"(?<=[A-Za-z.,;:!?\"”’)])\d{1,3}(?=\s|$)",
    r"\^\d+",
    # Section, page, reference numbers.
    r"^\s*\d+(?:\.\d+)+\.?(?=\s+[A-Z])|^\s*\d+[.)](?=\s+[A-Z])",
    r"\b\d+(?:\.\d+){2,}\b",
    r"\b(?:pp?\.|pages?|sections?|sec\.|§|chapters?|ch\.|articles?|art\.|clauses?|paragraphs?|para\.|"
    r"paras?\.?|parts?|tables?|figures?|fig\.|vol\.|volumes?|no\.|nos\.|nr\.|numbers?|issues?|annex|"
    r"appendix|item|footnotes?|notes?|resolutions?|rule|line|lines|#)\s*\d+[a-z]?"
    r"(?:\s*(?:[-–,]|and|to)\s*\d+[a-z]?)*",
    # Numbers inside names: S-300, Su-35, G20, P5+1, COVID-19, 2S19, A321neo, mid-2015.
    r"(?<![\w$€£¥₽])[A-Za-z][A-Za-z.]*-?\d+(?:[A-Za-z]+\d*)*(?:[+/-]\w+)*",
    r"\b\d+[A-Za-z]+\d\w*",
]
_MASK_RE = re.compile("|".join("(?:" + m + ")" for m in _MASKS), re.M)


def _masked(text: str) -> list[bool]:
    """Characters that belong to a date, a name, a marker: no number starts there."""
    mask = [False] * (len(text) + 1)
    for match in _MASK_RE.finditer(text):
        token = match.group(0)
        # An ISO code glued to an amount ("USD1.5bn", "EUR500m") is money, not a name.
        if re.match(r"(?:" + "|".join(_ISO) + r")\d", token):
            continue
        for i in range(match.start(), match.end()):
            mask[i] = True
    return mask


# --- The scanner ---------------------------------------------------------------------------------

_CODES = "|".join(sorted(_ISO, key=len, reverse=True))
_PREFIX = re.compile(
    r"(?:(?P<code>"
    + _CODES
    + r")\s?(?=\\?\$?\d)|(?P<sym>US\s?\\?\$|U\.S\.\s?\\?\$|NZ\\?\$|HK\\?\$|[ACSR]\\?\$"
    r"|\\?\$|€|£|¥|₽|₹|₺|₩|₴|﷼|Rs\.?)\s?)(?=\d|(?:an?|one|two|three|four|five|six|seven|eight|nine|ten)\b)"
)
_SCALE_RE = re.compile(
    r"(?P<sep>[\s-]?)(?P<scale>hundred|thousand|million|billion|trillion|lakh|crore|mln|mn|bln|bn|trn|tn|tr|k|m|b)"
    r"(?![A-Za-z])",
    re.I,
)
_CURRENCY_WORD_RE = re.compile(
    r"[\s-]+(?:(?P<nat>U\.?S\.?|American|[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+)?(?P<word>"
    + "|".join(_CURRENCY_WORDS)
    + r")(?:e?s)?(?: sterling)?\b",
)
_CURRENCY_CODE_AFTER = re.compile(r"\s?(?P<code>" + _CODES + r")\b")
_PERCENT = re.compile(
    r"(?P<pp>\s?(?:percentage|per cent|percent)[-\s]points?|\s?(?:pp|ppts?)\b|\s?% points?)"
    r"|(?P<bp>\s?(?:basis points?|bps)\b)"
    r"|(?P<pct>\s?%|\s?-?\s?(?:percent|per\s?cent|pct)\b|pc\b)",
    re.I,
)


@dataclass(slots=True)
class _Amount:
    """One side of a quantity while it is being read."""

    start: int
    num_start: int
    num_end: int
    end: int
    number: float
    form: str
    scale: float = 1.0
    scale_word: str = ""
    currency: str = ""
    unit: str = ""
    kind: str = ""


def _read_amount(text: str, pos: int, mask: list[bool]) -> _Amount | None:
    """Read currency, number, scale and unit starting at pos; None when no amount starts there."""
    currency = ""
    start = pos
    prefix = _PREFIX.match(text, pos)
    if prefix:
        if prefix.group("code"):
            currency = prefix.group("code").upper().replace("RMB", "CNY")
        else:
            sym = prefix.group("sym").replace("\\", "").replace(" ", "").rstrip()
            currency = _SYMBOLS.get(sym, _SYMBOLS.get(sym.rstrip("."), "USD"))
        pos = prefix.end()
    number = _NUMBER.match(text, pos)
    if not number or (mask[number.start()] and not currency):
        return None
    value, form = _number_value(number)
    if form == "digits" and number.end() < len(text) and text[number.end()].isdigit():
        return None
    amount = _Amount(start, number.start(), number.end(), number.end(), value, form, currency=currency)
    if form == "fold":
        # "a three-fold rise", "grew tenfold"; "the reason is two-fold" is not a figure.
        before = text[max(0, start - 30) : start].lower()
        after = text[number.end() : number.end() + 30].lower()
        if not (
            re.match(
                r"\s+(?:increase|rise|growth|jump|expansion|surge|hike|gain|boost|drop|fall|decline|"
                r"reduction|cut|more|higher|larger|bigger)",
                after,
            )
            or re.search(
                r"(?:increased|increase|increases|rose|rise|grew|grow|grown|expanded|jumped|surged|"
                r"fell|dropped|declined|multiplied|up|down|by)\s+(?:an?\s+)?$",
                before,
            )
        ):
            return None
        amount.unit, amount.kind = "times", "percent"
        return amount
    cur = number.end()
    scale = _SCALE_RE.match(text, cur)
    if scale and form == "half" and not re.match(r"\s(?:an?\s)?", text[cur : cur + 3]):
        scale = None
    if form == "half":
        # "half a million", "half a billion dollars"
        half_a = re.match(r"\s+an?(?=\s)", text[cur:])
        if half_a:
            scale = _SCALE_RE.match(text, cur + half_a.end())
    if scale:
        word = scale.group("scale").lower()
        weak = word in _WEAK_SCALES or scale.group("scale") in ("M", "B", "K")
        # A spelled-out scale needs a separator; an abbreviation may be glued ("2bn") or spaced.
        glued = scale.group("sep") == ""
        ok = not (len(word) > 3 and glued and form == "digits" and not currency)
        if word == "hundred" and form != "digits":
            ok = False
        if ok and weak:
            after = scale.end()
            ok = (
                bool(currency)
                or _unit_at(text, after) is not None
                or bool(_CURRENCY_WORD_RE.match(text, after))
            )
            if ok and glued is False and not currency:
                ok = False
        if ok and form == "a" and word not in ("thousand", "million", "billion", "trillion"):
            ok = False
        if ok:
            amount.scale = _SCALES[word]
            amount.scale_word = word
            cur = scale.end()
    elif form == "a":
        return None
    # "1.5 times faster", "three times as much": a multiplier.
    times = re.match(
        r"\s+times\b(?=\s+(?:faster|more|higher|larger|bigger|greater|smaller|lower|less|as|over|"
        r"the|that|what|its|their))",
        text[cur:],
    )
    if times and not currency:
        amount.unit, amount.kind = "times", "percent"
        amount.end = cur + times.end()
        return amount
    # "a billion-dollar deal", "$400-million"
    adj = re.match(r"-(dollar|euro|pound|ruble|rouble|rial|yuan)\b", text[cur:])
    if adj and amount.scale > 1:
        amount.currency = _CURRENCY_WORDS[adj.group(1)]
        amount.end = cur + adj.end()
        amount.kind, amount.unit = "money", amount.currency
        return amount
    if not currency:
        word = _CURRENCY_WORD_RE.match(text, cur)
        code = _CURRENCY_CODE_AFTER.match(text, cur)
        if word:
            key = word.group("word").lower()
            nat = (word.group("nat") or "").lower().rstrip("s")
            amount.currency = _NATIONAL.get((nat, key), _CURRENCY_WORDS[key])
            if key == "pound" and not (amount.scale > 1 or "sterling" in word.group(0)):
                amount.currency = ""  # "500 pounds" is more often a weight than money
            else:
                amount.number *= _CURRENCY_FACTOR.get(key, 1.0)
                cur = word.end()
        elif code:
            amount.currency = code.group("code").replace("RMB", "CNY")
            cur = code.end()
    else:
        amount.currency = currency
    if amount.currency:
        amount.kind, amount.unit = "money", amount.currency
        amount.end = cur
        return amount
    pct = _PERCENT.match(text, cur)
    if pct:
        if pct.group("pp"):
            amount.unit = "percentage_points"
        elif pct.group("bp"):
            amount.unit = "basis_points"
        else:
            amount.unit = "percent"
        amount.kind = "percent"
        amount.end = pct.end()
        return amount
    unit = _unit_at(text, cur)
    if unit:
        name, factor, end = unit
        if name in DURATION_UNITS and _is_time_reference(text, start, end):
            return None
        amount.unit, amount.kind = name, "physical"
        amount.number *= factor
        amount.end = end
        return amount
    if form in ("half", "frac"):
        # A share ("half of the wheat", "a third of exports") or a change ("cut by a third").
        # "The first half of 2017" is a period, not a figure.
        lead = text[max(0, start - 30) : start].lower()
        if re.search(r"\b(?:first|second|latter|former|other|the|a|each)\s+$", lead) and form == "half":
            return None
        share = re.match(r"\s+of\b" + (r"|\s+the\b" if form == "half" else ""), text[cur:])
        change = re.search(r"\bby\s+(?:(?:nearly|almost|about|around|roughly|more than|over|less than|"
                           r"just under|just over)\s+)?$", lead)  # fmt: skip
        if share or change:
            amount.number = 50.0 if form == "half" else amount.number * 100
            amount.unit, amount.kind = "percent", "percent"
            amount.end = cur
            return amount
        return None
    amount.unit, amount.kind = "count", "count"
    amount.end = cur
    return amount


def _is_time_reference(text: str, start: int, end: int) -> bool:
    """Whether a duration says when rather than how long: "two years ago", "the next four years"."""
    before = text[max(0, start - 25) : start].lower()
    after = text[end : end + 30]
    return bool(
        re.match(r"\s+(?:ago|later|earlier|before|after|since|from now|hence)\b", after, re.I)
        # "in the 12 months to March", "the year ending June 2023": a period named by its end.
        or re.match(r"\s+(?:to|ending|through|until)\s+(?:the\s+end\b|[A-Z]|\d)", after)
        or re.search(
            r"\b(?:first|last|next|past|coming|previous|recent|final|following|preceding)\s+$", before
        )
    )


def _unit_at(text: str, pos: int) -> tuple[str, float, int] | None:
    """The physical unit starting at pos: (unit, factor, end)."""
    for pattern, unit, factor in _UNITS:
        match = pattern.match(text, pos)
        if match:
            # "5 m" alone is ambiguous; keep only when glued or written out.
            if unit == "m" and match.group(0).strip() == "m":
                continue
            return unit, factor, match.end()
    return None


def _is_plural_noun(word: str) -> bool:
    low = word.lower()
    if low in _IRREGULAR_PLURALS:
        return True
    return word.islower() and len(low) > 3 and low.endswith("s") and not low.endswith("ss") and \
        low not in _NOT_PLURAL  # fmt: skip


def _count_ok(text: str, amount: _Amount) -> bool:
    """Whether a bare number (no currency, percent or unit) is a count worth keeping."""
    raw = text[amount.num_start : amount.num_end]
    before = text[max(0, amount.num_start - 40) : amount.num_start]
    prev = re.search(r"([A-Za-z][\w.'’-]*)\s*$", before)
    prev_word = prev.group(1) if prev else ""
    if amount.scale > 1:
        return True
    if amount.form == "digits":
        digits = raw.replace(",", "")
        # A bare four-digit number in the range of years is a year, whatever follows it.
        if re.fullmatch(r"\d{4}", raw) and 1000 <= int(digits) <= 2199:
            return False
        # "Resolution 2231", "Boeing 737": a number right after a name is part of the name.
        return not (
            prev_word
            and prev_word[0].isupper()
            and prev_word.lower() not in _FUNCTION_WORDS
            and not re.search(_MONTHS + "$", prev_word)
            and before.endswith(" ")
        )
    # Written numbers: only with a plural noun after them, not after a determiner ("the two sides").
    if prev_word.lower() in _DETERMINERS:
        return False
    if amount.form in ("word", "hundred") and amount.number <= 1:
        return False
    following = re.match(
        r"\s+(?:(?:[a-z][\w-]*|[A-Z][\w-]*)\s+){0,2}?([A-Za-z][\w'’-]*)", text[amount.num_end :]
    )
    if not following:
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", text[amount.num_end : amount.num_end + 60])[:3]
    return any(_is_plural_noun(w) for w in words[:3]) and not (words and words[0].lower() in ("of", "or"))


def _qualifier_before(text: str, start: int) -> tuple[str, int]:
    """(qualifier, new start) from the words just before start."""
    window = text[max(0, start - 40) : start]
    for pattern, qualifier, include in _QUAL_RE:
        match = pattern.search(window)
        if match:
            begin = start - (len(window) - match.start())
            return qualifier, (begin if include else start)
    return "none", start


_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|and|or)\s*", re.I)


def _combine(first: _Amount, second: _Amount) -> None:
    """Share currency, scale and unit across a range's two ends ("$1-2 billion")."""
    if second.kind == "count":
        second.unit, second.kind = first.unit, first.kind
    if second.kind in ("money", "percent", "physical") and first.kind in ("", "count"):
        first.unit, first.kind = second.unit, second.kind
    if (
        first.scale == 1.0
        and second.scale > 1
        and first.form == "digits"
        and first.number < second.number * 1000
    ):
        first.scale = second.scale


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in a text, in order of position, with values in base units."""
    mask = _masked(text)
    out: list[Quantity] = []
    last_end = 0
    starts = re.compile(r"(?:" + _PREFIX.pattern + r")|(?<![\w.,])(?=[\d]|[A-Za-z])")
    pos = 0
    while pos < len(text):
        match = starts.search(text, pos)
        if not match:
            break
        at = match.start()
        pos = at + 1
        if at < last_end:
            continue
        if text[at].isalpha() and at > 0 and (text[at - 1].isalnum() or text[at - 1] in "'’"):
            continue
        amount = _read_amount(text, at, mask)
        if amount is None:
            continue
        quantity = _finish(text, amount, mask)
        if quantity is None:
            pos = max(pos, amount.num_end)
            continue
        out.append(quantity)
        last_end = quantity.end
        pos = quantity.end
    return out


def _finish(text: str, first: _Amount, mask: list[bool]) -> Quantity | None:
    """Read a possible second end of a range, the qualifier and decide whether to keep it."""
    second: _Amount | None = None
    before = text[max(0, first.start - 12) : first.start]
    between = re.search(r"\bbetween\s+$", before, re.I)
    from_ = re.search(r"\bfrom\s+$", before, re.I)
    sep = _RANGE_SEP.match(
        text, first.num_end if first.kind in ("", "count") and first.scale == 1 else first.end
    )
    if sep is None:
        sep = _RANGE_SEP.match(text, first.end)
    if sep and not from_:
        word = sep.group(0).strip().lower()
        allowed = (
            (word == "and" and between)
            or word in ("-", "–", "—")
            or (word == "to" and not between)
            or (word == "or" and first.form == "word")
        )
        if allowed:
            candidate = _read_amount(text, sep.end(), mask)
            if candidate and candidate.form != "fold" and (word != "or" or candidate.form == "word"):
                # "-" glued to a name part or a date has already been masked.
                if candidate.kind in ("", "count") and first.kind not in ("", "count") and word == "to":
                    candidate = None  # "rose 5% to 300 ..." is not a range
                elif candidate.kind != first.kind and candidate.kind != "count" and first.kind != "count":
                    candidate = None
                elif first.kind != "count" and candidate.kind != "count" and candidate.unit != first.unit:
                    candidate = None  # "0.3 percentage points to 4.1%"
                if candidate and candidate.number * candidate.scale >= first.number * (
                    candidate.scale if first.scale == 1.0 and first.form == "digits" else first.scale
                ):
                    second = candidate
    if from_ and sep and sep.group(0).strip().lower() == "to" and first.kind == "count" and first.scale == 1:
        # "from 10 to 25 per cent": a change between two values that share the second's unit.
        target = _read_amount(text, sep.end(), mask)
        if target is not None and target.kind in ("money", "percent", "physical"):
            first.unit, first.kind = target.unit, target.kind
            if target.scale > 1 and first.form == "digits" and first.number < target.number * 1000:
                first.scale = target.scale
    if second is not None:
        _combine(first, second)
        if not second.currency and first.currency:
            second.currency = first.currency
        end = second.end
    else:
        end = first.end
    if first.kind in ("", "count"):
        if not _count_ok(text, first):
            return None
        # A bare number glued to letters after it ("5G", "3D") is a name.
        glued = first.num_end < len(text) and text[first.num_end].isalpha()
        if first.form == "digits" and first.scale == 1 and glued:
            return None
        first.unit, first.kind = "count", "count"
    start = first.start
    qualifier = "none"
    if second is not None:
        qualifier = "range"
        if between:
            start = first.start - len(before) + between.start()
    else:
        qualifier, start = _qualifier_before(text, first.start)
        trailing = _TRAILING_QUAL.match(text, end)
        if trailing and qualifier == "none":
            word = trailing.group(0).strip().lower()
            qualifier = (
                "about" if word in ("or so", "odd") else ("up_to" if word == "or less" else "more_than")
            )
            end = trailing.end()
    value = first.number * first.scale
    value_max = second.number * second.scale if second is not None else None
    if first.form == "a" and "-" in text[first.num_end : end] and qualifier == "none":
        qualifier = "about"  # "a billion-dollar deal" is an order of magnitude
    return Quantity(
        start=start,
        end=end,
        surface=text[start:end],
        value=_clean(value),
        value_max=_clean(value_max) if value_max is not None else None,
        unit=first.unit,
        qualifier=qualifier,
        kind=first.kind,
    )


def _clean(value: float) -> float:
    """Round away binary noise (1.2 * 1e9 = 1200000000.0000002)."""
    return float(f"{value:.12g}")


def precision(surface: str, value: float) -> float:
    """The step of the last significant digit of an amount as written: 1e8 for "$2.2 billion".

    Trailing zeros of a whole number of three digits or more are taken as rounding ("3,000 troops"
    is precise to 1,000, "$750 million" to 10 million); "$10 billion" is precise to a billion.
    """
    match = re.search(_DIGITS, surface)
    if not match:
        return abs(value) or 1.0
    raw = re.sub(r"[,\u00a0\u202f\u2009 ]", "", match.group(0))
    number = float(raw)
    scale = value / number if number else 1.0
    if "." in raw:
        step = 10.0 ** -len(raw.split(".")[1])
    elif len(raw) >= 3:
        stripped = raw.rstrip("0")
        step = 10.0 ** (len(raw) - len(stripped)) if stripped else 1.0
    else:
        step = 1.0
    return step * scale
