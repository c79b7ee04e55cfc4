"""Tests for briefing.extract.timex: temporal expressions found and normalised, on our own sentences."""

from __future__ import annotations

from datetime import date

import pytest

from briefing.extract.timex import Timex, join_ranges, tag, to_iso

ANCHOR = date(2017, 6, 13)  # a Tuesday


def values(text: str, anchor: date | None = ANCHOR, **kw: str) -> list[tuple[str, str]]:
    """(surface, value) of every expression found."""
    return [(t.text, t.value) for t in tag(text, anchor, **kw)]


def value_of(text: str, surface: str, anchor: date | None = ANCHOR, **kw: str) -> str:
    found = dict(values(text, anchor, **kw))
    assert surface in found, f"{surface!r} not found in {found}"
    return found[surface]


# --- Explicit dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("The treaty was signed on March 28, 2017 in Moscow.", "March 28, 2017", "2017-03-28"),
        ("The treaty was signed on 28 March 2017 in Moscow.", "28 March 2017", "2017-03-28"),
        ("It came into force on the 4th of July 1999.", "the 4th of July 1999", "1999-07-04"),
        ("Talks resumed Sept. 5, 2016, in Geneva.", "Sept. 5, 2016", "2016-09-05"),
        ("The decree is dated 2016-11-03.", "2016-11-03", "2016-11-03"),
        ("The filing is dated 11/03/2016.", "11/03/2016", "2016-11-03"),
        ("The invoice is dated 25/12/2015.", "25/12/2015", "2015-12-25"),
        ("The ministers met in April 2018 and again in June of 2019.", "April 2018", "2018-04"),
        ("The ministers met in April 2018 and again in June of 2019.", "June of 2019", "2019-06"),
        ("The plant was finished in 2013.", "2013", "2013"),
        ("Prices collapsed during the 1990s.", "the 1990s", "199"),
        ("Prices collapsed in the late 1980s.", "the late 1980s", "198"),
        ("Trade boomed in the '70s.", "the '70s", "197"),
        ("The empire expanded in the 19th century.", "the 19th century", "18"),
        ("Sanctions were eased in the first quarter of 2016.", "the first quarter of 2016", "2016-Q1"),
        ("Output fell in Q3 2015.", "Q3 2015", "2015-Q3"),
        ("The drills took place in the summer of 2015.", "the summer of 2015", "2015-SU"),
        ("The first half of 2014 was calm.", "The first half of 2014", "2014-H1"),
    ],
)
def test_explicit_dates(text: str, surface: str, value: str) -> None:
    assert value_of(text, surface) == value


def test_a_weekday_given_with_the_day_settles_the_year() -> None:
    # 28 March was a Tuesday in 2017, not in 2016: a source dated only "2017-03" is read right.
    assert (
        value_of(
            "The ceremony on Tuesday, March 28, was brief.",
            "Tuesday, March 28",
            date(2017, 3, 1),
            precision="month",
        )
        == "2017-03-28"
    )


def test_day_and_month_without_a_year_take_the_anchor_year_by_tense() -> None:
    assert value_of("The two leaders spoke on May 27.", "May 27") == "2017-05-27"
    # Said in June, a past November is last year's.
    assert value_of("The deal was signed on November 2.", "November 2") == "2016-11-02"
    # A future January is next year's.
    assert value_of("The summit will open on January 9.", "January 9") == "2018-01-09"


def test_second_day_of_a_pair_is_found() -> None:
    assert values("The visit on January 19 and 20 went well.", date(2022, 1, 25)) == [
        ("January 19", "2022-01-19"),
        ("20", "2022-01-20"),
    ]


def test_numbers_that_are_not_years_are_left_alone() -> None:
    text = "The plants have 2000 megawatts of capacity; 1500 troops and about 2000 people were there."
    assert values(text) == []
    assert values("The deal is worth $2017 million.") == []


def test_modal_may_and_verb_march_are_not_months() -> None:
    assert values("Iran may march on and it may not.") == []


def test_bare_month_needs_a_preposition() -> None:
    assert value_of("The talks ended in March.", "March") == "2017-03"
    assert value_of("The talks will resume in September.", "September") == "2017-09"
    assert values("March is cold.") == []


# --- Spans ---------------------------------------------------------------------------------------


def test_year_spans_are_tagged_as_two_ends_and_joined_on_request() -> None:
    text = "The war lasted from 1989 to 1991, and the sanctions 2015–2017."
    assert values(text) == [("1989", "1989"), ("1991", "1991"), ("2015", "2015"), ("2017", "2017")]
    joined = join_ranges(text, tag(text, ANCHOR))
    assert [(t.text, t.value) for t in joined] == [
        ("from 1989 to 1991", "1989/1991"),
        ("2015–2017", "2015/2017"),
    ]


def test_short_year_span_expands_the_second_year() -> None:
    text = "During the period 1989-91 arms deals were signed."
    assert [(t.text, t.value) for t in join_ranges(text, tag(text, ANCHOR))] == [("1989-91", "1989/1991")]


def test_between_and_span() -> None:
    text = "Trade doubled between 2010 and 2014."
    assert [t.value for t in join_ranges(text, tag(text, ANCHOR))] == ["2010/2014"]


# --- Relative expressions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Last year the embassy reopened.", "Last year", "2016"),
        ("The embassy will reopen next year.", "next year", "2018"),
        ("Prices rose this year.", "this year", "2017"),
        ("The deal was signed two years ago.", "two years ago", "2015"),
        ("The envoy left three days ago.", "three days ago", "2017-06-10"),
        ("The minister will visit next month.", "next month", "2017-07"),
        ("The minister visited last month.", "last month", "2017-05"),
        ("The bank was set up earlier this month.", "earlier this month", "2017-06"),
        ("Exports should recover later this year.", "later this year", "2017"),
        ("The office opened last week.", "last week", "2017-W23"),
        ("The talks resume next week.", "next week", "2017-W25"),
        ("The statement came yesterday.", "yesterday", "2017-06-12"),
        ("They spoke by phone today.", "today", "2017-06-13"),
        ("Voting ends tomorrow.", "tomorrow", "2017-06-14"),
        ("The vote was held last spring.", "last spring", "2017-SP"),
        ("The vote was held last autumn.", "last autumn", "2016-FA"),
        ("The plant will be finished next quarter.", "next quarter", "2017-Q3"),
        ("The decade ended a decade ago.", "a decade ago", "200"),
        ("Growth should pick up by the end of the year.", "the end of the year", "2017"),
        ("Late last year the minister resigned.", "Late last year", "2016"),
        ("The court rules early next week.", "early next week", "2017-W25"),
        ("Protesters gathered over the weekend.", "the weekend", "2017-W23-WE"),
        ("Christmas sales were weak.", "Christmas", "2016-12-25"),
        ("The strike began in mid-March.", "mid-March", "2017-03"),
        ("The plant reopened in early 2012.", "early 2012", "2012"),
        ("Many years ago the town was rich.", "Many years ago", "PAST_REF"),
    ],
)
def test_relative_to_the_anchor(text: str, surface: str, value: str) -> None:
    assert value_of(text, surface) == value


def test_weekday_follows_the_tense_of_the_sentence() -> None:
    text = "He met Putin on Monday and will visit Beijing on Friday."
    assert values(text) == [("Monday", "2017-06-12"), ("Friday", "2017-06-16")]
    # "would" in reported speech looks forward too.
    assert value_of("She said she would sign the deal on Thursday.", "Thursday") == "2017-06-15"


def test_weekday_of_the_anchor_itself_is_the_anchor_in_past_tense() -> None:
    assert value_of("The ministers met on Tuesday.", "Tuesday") == "2017-06-13"


def test_last_and_next_weekday() -> None:
    assert value_of("It happened last Friday.", "last Friday") == "2017-06-09"
    assert value_of("It happens next Monday.", "next Monday") == "2017-06-19"


def test_bare_month_follows_tense() -> None:
    # Said in June: a past December is last year's, a coming December this year's.
    assert value_of("The reactor was connected in December.", "December") == "2016-12"
    assert value_of("The reactor will be connected in December.", "December") == "2017-12"


def test_anaphora_follows_the_last_date_mentioned() -> None:
    text = "The treaty was signed in 1921. The following year, trade resumed. Two years later it stalled."
    assert values(text) == [("1921", "1921"), ("The following year", "1922"), ("Two years later", "1924")]
    assert value_of("Talks began in 2004. That year, oil prices rose.", "That year") == "2004"
    assert value_of("Talks began in 2004. In the same year, oil prices rose.", "the same year") == "2004"


def test_anchor_near_the_end_of_a_year() -> None:
    new_year = date(2016, 12, 30)
    assert value_of("Parliament will vote next month.", "next month", new_year) == "2017-01"
    assert value_of("Parliament will vote next week.", "next week", new_year) == "2017-W01"
    assert value_of("The decree is due on January 5.", "January 5", new_year) == "2017-01-05"
    assert value_of("The bill will pass tomorrow.", "tomorrow", new_year) == "2016-12-31"
    new_years_day = date(2017, 1, 2)
    assert value_of("Parliament voted last month.", "last month", new_years_day) == "2016-12"
    assert value_of("Parliament voted on December 28.", "December 28", new_years_day) == "2016-12-28"
    assert value_of("Parliament voted last week.", "last week", new_years_day) == "2016-W52"


def test_month_precision_anchor_resolves_at_month_precision() -> None:
    august = date(2017, 8, 1)
    found = dict(
        values("They spoke today. Last year trade fell. Last month they met.", august, precision="month")
    )
    assert found == {"today": "2017-08", "Last year": "2016", "Last month": "2017-07"}


def test_year_precision_anchor_resolves_at_year_precision() -> None:
    found = dict(
        values(
            "They spoke today. Last year trade fell. The mission ended last month.",
            date(2018, 1, 1),
            precision="year",
        )
    )
    assert found == {"today": "2018", "Last year": "2017", "last month": "2018"}


def test_relative_dates_need_an_anchor() -> None:
    assert values("Last year the embassy reopened on March 5, 2016.", None) == [
        ("March 5, 2016", "2016-03-05")
    ]


# --- Durations, references, sets, times -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "kind", "value"),
    [
        ("The war lasted eight years.", "eight years", "DURATION", "P8Y"),
        ("The talks took three hours.", "three hours", "DURATION", "PT3H"),
        ("Trade grew over the past three years.", "the past three years", "DURATION", "P3Y"),
        ("Trade grew over the past year.", "the past year", "DURATION", "P1Y"),
        ("A two-day visit began.", "two-day", "DURATION", "P2D"),
        ("A 20-year agreement was signed.", "20-year", "DURATION", "P20Y"),
        ("The talks took several months.", "several months", "DURATION", "PXM"),
        ("Relations improved in recent years.", "recent years", "DURATION", "PXY"),
        ("The 65-year-old minister resigned.", "65-year-old", "DURATION", "P65Y"),
        ("The plan is now complete.", "now", "DATE", "PRESENT_REF"),
        ("The parties recently agreed.", "recently", "DATE", "PAST_REF"),
        ("In the past, ties were cool.", "the past", "DATE", "PAST_REF"),
        ("Prices are reported weekly.", "weekly", "SET", "P1W"),
        ("They meet every year.", "every year", "SET", "P1Y"),
        ("They meet every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
        ("The vote closed at 8 p.m. on Friday.", "8 p.m. on Friday", "TIME", "2017-06-09T20:00"),
        ("The blast came this morning.", "this morning", "TIME", "2017-06-13TMO"),
    ],
)
def test_other_types(text: str, surface: str, kind: str, value: str) -> None:
    found = {t.text: (t.type, t.value) for t in tag(text, ANCHOR)}
    assert found.get(surface) == (kind, value), found


def test_day_ranges_keep_month_and_year() -> None:
    text = "Floods hit on March 3-5, 2012, and again from 8 to 10 April 2012."
    assert [(t.text, t.value) for t in join_ranges(text, tag(text, ANCHOR))] == [
        ("March 3-5, 2012", "2012-03-03/2012-03-05"),
        ("from 8 to 10 April 2012", "2012-04-08/2012-04-10"),
    ]


def test_rates_are_sets() -> None:
    found = {t.text: (t.type, t.value) for t in tag("The fee is $20 a month, reviewed twice a year.", ANCHOR)}
    assert found == {"a month": ("SET", "P1M"), "a year": ("SET", "P1Y")}


def test_numbered_labels_are_not_years() -> None:
    assert values("Resolution 1929 and Flight 1549 were in the news.") == []


def test_anaphoric_day() -> None:
    text = "The bombing happened on March 3, 2012. The next day, police arrested two men."
    assert values(text) == [("March 3, 2012", "2012-03-03"), ("The next day", "2012-03-04")]


def test_a_second_term_is_not_a_duration() -> None:
    assert values("He won a second term.") == []


def test_offsets_point_into_the_text() -> None:
    text = "On 3 May 2016, and again last year, they met."
    for t in tag(text, ANCHOR):
        assert isinstance(t, Timex)
        assert text[t.start : t.end] == t.text


def test_same_input_same_output() -> None:
    text = "Next Tuesday, two years after the 2015 deal, the ministers meet again."
    assert tag(text, ANCHOR) == tag(text, ANCHOR)


def test_bad_anchor_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="precision"):
        tag("today", ANCHOR, precision="week")


# --- to_iso ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-03-28", ("2017-03-28", "day")),
        ("2017-03", ("2017-03", "month")),
        ("2017", ("2017", "year")),
        ("201", ("201", "decade")),
        ("19", ("19", "century")),
        ("2017-Q2", ("2017-Q2", "quarter")),
        ("2017-SU", ("2017-SU", "season")),
        ("2017-W12", ("2017-W12", "week")),
        ("2017-W12-WE", ("2017-W12", "week")),
        ("2017-03-28T10:00", ("2017-03-28", "day")),
        ("2017-03-28TMO", ("2017-03-28", "day")),
        ("1989/1991", ("1989/1991", "year")),
        ("2017-03-01/2017-03-05", ("2017-03-01/2017-03-05", "day")),
        ("PRESENT_REF", None),
        ("PAST_REF", None),
        ("P3Y", None),
        ("XXXX-03", None),
        ("XXXX-WXX-2", None),
    ],
)
def test_to_iso(value: str, expected: tuple[str, str] | None) -> None:
    assert to_iso(value) == expected
