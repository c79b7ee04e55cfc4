"""Properties that hold for any text: the temporal tagger, the quantity parser, Markdown escaping.

Whatever a source holds, these never raise, every offset lies inside the text, and every quoted
span is exactly the text between its offsets: citations stay verifiable on input nobody foresaw.
"""

from __future__ import annotations

import math
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.extract.quantities import find_quantities
from briefing.extract.timex import tag
from briefing.templates import escape_md

# No example database: the tests write nothing into the repository.
FAST = settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples every run: a failure in CI reproduces on a laptop
    suppress_health_check=[HealthCheck.too_slow],
)

# Words and signs the tagger and the parser react to, so random text reaches their deep branches.
_VOCABULARY = [
    "January", "March", "Sept.", "spring", "Q2", "last", "next", "year", "years", "ago", "week", "today",
    "the", "1990s", "2017", "28", "3rd", "of", "from", "to", "between", "and", "–", "-", "/", ".", ",",
    "$", "€", "£", "billion", "bn", "million", "percent", "%", "per cent", "tonnes", "MW", "barrels",
    "about", "more than", "up to", "nearly", "1,200", "3.5", "½", "twelve", "dozen", "Monday", "noon",
    "midnight", "\n", "\n\n", " ", "Iran", "Russia", "(", ")", "'", "“", "’", "#", "*", "|", "\\",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_VOCABULARY) | st.text(max_size=6), max_size=60).map(" ".join),
    st.lists(st.sampled_from(_VOCABULARY), max_size=60).map("".join),
)
anchors = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
precisions = st.sampled_from(["day", "month", "year"])  # what a publication date can know


@FAST
@given(text=texts, anchor=anchors, precision=precisions)
def test_timex_spans_are_verbatim_and_inside_the_text(text: str, anchor: date | None, precision: str) -> None:
    found = tag(text, anchor, precision=precision)
    previous_end = 0
    for timex in found:
        assert 0 <= timex.start < timex.end <= len(text)
        assert timex.text == text[timex.start : timex.end]
        assert timex.start >= previous_end  # in order, never overlapping
        previous_end = timex.end
        assert timex.type in {"DATE", "TIME", "DURATION", "SET"}
        assert timex.value


@FAST
@given(text=texts)
def test_quantity_spans_are_verbatim_and_values_are_numbers(text: str) -> None:
    for quantity in find_quantities(text):
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert quantity.surface == text[quantity.start : quantity.end]
        assert not math.isnan(quantity.value)
        assert quantity.value_max is None or not math.isnan(quantity.value_max)


@FAST
@given(text=texts)
def test_escaped_markdown_reads_back_as_the_same_text(text: str) -> None:
    escaped = escape_md(text)
    # Every escape is a backslash before a character Markdown would act on; removing them restores it.
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.S) == text
    # No formatting character is left unescaped.
    assert not re.search(r"(?<!\\)(?:\\\\)*[`*_\[\]<>#|]", escaped.replace("\\\\", ""))
    # A line can never start a list or a heading.
    assert not re.search(r"(?m)^\s*\d+[.)]", escaped)


@FAST
@given(text=st.text(max_size=200))
def test_escaped_text_renders_as_plain_text_in_markdown(text: str) -> None:
    from markdown_it import MarkdownIt

    line = " ".join(text.split())  # one paragraph: Markdown folds whitespace anyway
    tokens = MarkdownIt("commonmark").enable("table").parseInline(escape_md(line))
    children = tokens[0].children if tokens else []
    kinds = {child.type for child in children or []}
    assert kinds <= {"text", "softbreak", "text_special"}, kinds
