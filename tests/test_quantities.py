"""Tests for briefing.extract.quantities: every form of money, percentage, unit and qualifier the
grammar reads, and the numbers it must refuse."""

from __future__ import annotations

import re

import pytest

from briefing.extract.quantities import Quantity, find_quantities, precision


def one(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, f"{text!r} -> {found}"
    return found[0]


# --- Money ---------------------------------------------------------------------------------------

MONEY = [
    ("Trade reached $2 billion last year.", 2e9, None, "USD"),
    ("The bank lent US$2bn to the utility.", 2e9, None, "USD"),
    ("It raised USD 1.5 billion from investors.", 1.5e9, None, "USD"),
    ("It borrowed USD1.2bn from a consortium.", 1.2e9, None, "USD"),
    ("The deal is worth 2 billion dollars.", 2e9, None, "USD"),
    ("The deal is worth 2 billion US dollars.", 2e9, None, "USD"),
    ("Brussels approved a €500m package.", 5e8, None, "EUR"),
    ("The budget sets aside 10 trillion rials for housing.", 1e13, None, "IRR"),
    ("The bank sold 5 billion rubles of currency.", 5e9, None, "RUB"),
    ("A $400-million credit line was signed.", 4e8, None, "USD"),
    ("A $1.1-billion loan will fund the metro.", 1.1e9, None, "USD"),
    ("It will cost $1–2 billion.", 1e9, 2e9, "USD"),
    ("It will cost $1-2bn.", 1e9, 2e9, "USD"),
    ("Investors put in between $5 and $10 billion.", 5e9, 1e10, "USD"),
    ("The budget is €3 to €4 billion.", 3e9, 4e9, "EUR"),
    ("It paid $50k in fees.", 5e4, None, "USD"),
    ("It paid $750 thousand in fees.", 7.5e5, None, "USD"),
    ("Sales were $3.5 mn in May.", 3.5e6, None, "USD"),
    ("Debt stands at $1.3tn.", 1.3e12, None, "USD"),
    ("Debt stands at $1.3 trillion.", 1.3e12, None, "USD"),
    ("Profit was $2b this year.", 2e9, None, "USD"),
    ("Profit was $2.5 bln this year.", 2.5e9, None, "USD"),
    ("Britain will spend £2.5 billion on frigates.", 2.5e9, None, "GBP"),
    ("Remittances totalled ¥3.4 trillion.", 3.4e12, None, "JPY"),
    ("The lender set aside CHF 1.2bn.", 1.2e9, None, "CHF"),
    ("Net profit was Rs 3,200 crore.", 3.2e10, None, "INR"),
    ("Revenue was 620 million yuan.", 6.2e8, None, "CNY"),
    ("Prices rose by 4.5 trillion tomans.", 4.5e13, None, "IRR"),
    ("Exports were worth \\$3.2 billion.", 3.2e9, None, "USD"),
    ("A billion-dollar arms deal was signed.", 1e9, None, "USD"),
    ("Germany pledged two billion euros.", 2e9, None, "EUR"),
    ("A $2billion deal was agreed.", 2e9, None, "USD"),
    ("Sales reached 1.5bn euros.", 1.5e9, None, "EUR"),
    ("The bank holds GBP 200m in gold.", 2e8, None, "GBP"),
]


@pytest.mark.parametrize(("text", "value", "value_max", "unit"), MONEY)
def test_money_in_every_common_form(text: str, value: float, value_max: float | None, unit: str) -> None:
    q = one(text)
    assert (q.value, q.value_max, q.unit, q.kind) == (value, value_max, unit, "money")
    assert q.surface == text[q.start : q.end]
    assert q.qualifier == ("range" if value_max is not None else q.qualifier)


def test_surface_is_the_amount_as_written() -> None:
    text = "Bilateral trade reached $85 billion in 2022, up from $73 billion a year earlier."
    assert [q.surface for q in find_quantities(text)] == ["$85 billion", "$73 billion"]


def test_a_change_from_one_amount_to_another_is_two_figures_not_a_range() -> None:
    found = find_quantities("Trade grew from $1 billion in 2005 to $3 billion in 2008.")
    assert [(q.value, q.value_max, q.qualifier) for q in found] == [(1e9, None, "none"), (3e9, None, "none")]


def test_vague_amounts_are_not_figures() -> None:
    assert find_quantities("Iran bought several billion dollars of arms.") == []
    assert find_quantities("It did not exceed a few million dollars.") == []
    assert find_quantities("Damage ran to hundreds of millions of dollars.") == []


def test_a_weight_in_pounds_is_not_money() -> None:
    assert find_quantities("The parcel weighed 5 pounds.")[0].unit != "GBP"


# --- Percentages ---------------------------------------------------------------------------------

PERCENT = [
    ("Trade grew 80 percent.", 80, None, "percent"),
    ("Trade grew 80%.", 80, None, "percent"),
    ("Trade grew 80 per cent.", 80, None, "percent"),
    ("Trade grew 80 % in a year.", 80, None, "percent"),
    ("Debt is 60pc of GDP.", 60, None, "percent"),
    ("Sixty percent of voters agreed.", 60, None, "percent"),
    ("Unemployment fell 0.3 percentage points.", 0.3, None, "percentage_points"),
    ("The rate rose by 50 basis points.", 50, None, "basis_points"),
    ("Tariffs may cut imports by 15-20%.", 15, 20, "percent"),
    ("Growth of 5 to 10 percent is expected.", 5, 10, "percent"),
    ("Half of the wheat comes from Russia.", 50, None, "percent"),
    ("Two-thirds of the grain went by rail.", 200 / 3, None, "percent"),
    ("A quarter of the fleet is idle.", 25, None, "percent"),
    ("A fifth of exports go by sea.", 20, None, "percent"),
    ("Sanctions cut the bank's assets by a third.", 100 / 3, None, "percent"),
    ("Investment fell by nearly half.", 50, None, "percent"),
    ("Profits rose three-fold.", 3, None, "times"),
    ("Exports rose 1.5-fold.", 1.5, None, "times"),
    ("Wages grew 1.5 times faster than prices.", 1.5, None, "times"),
]


@pytest.mark.parametrize(("text", "value", "value_max", "unit"), PERCENT)
def test_percentages_points_shares_and_growth(
    text: str, value: float, value_max: float | None, unit: str
) -> None:
    q = one(text)
    assert q.value == pytest.approx(value)
    assert (q.value_max, q.unit, q.kind) == (value_max, unit, "percent")


def test_growth_is_read_as_the_percentage() -> None:
    q = one("Bilateral trade rose by 70% last year.")
    assert (q.value, q.unit, q.surface) == (70, "percent", "70%")


def test_percentage_points_to_a_level_are_two_figures() -> None:
    found = find_quantities("Unemployment fell by 0.3 percentage points to 4.1%.")
    assert [(q.value, q.unit) for q in found] == [(0.3, "percentage_points"), (4.1, "percent")]


def test_a_change_between_bare_and_unit_numbers_shares_the_unit() -> None:
    found = find_quantities("Tariffs were raised from 10 to 25 per cent.")
    assert [(q.value, q.unit) for q in found] == [(10, "percent"), (25, "percent")]


def test_a_two_fold_reason_is_not_a_figure() -> None:
    assert find_quantities("The decision is two-fold: money and security.") == []


# --- Physical quantities and counts --------------------------------------------------------------

PHYSICAL = [
    ("Kazakhstan exports 2.5 million tonnes of wheat.", 2.5e6, "tonnes"),
    ("It shipped 200,000 tons of cargo.", 2e5, "tonnes"),
    ("Output reached 10.5 million barrels per day.", 10.5e6, "barrels_per_day"),
    ("Output reached 1.2 million barrels a day.", 1.2e6, "barrels_per_day"),
    ("The refinery processes 200,000 bpd.", 2e5, "barrels_per_day"),
    ("Up to 500,000 barrels were spilled.", 5e5, "barrels"),
    ("Gazprom shipped 15.5 bcm of gas.", 15.5e9, "cubic_metres"),
    ("The terminal handles 10 billion cubic meters a year.", 1e10, "cubic_metres"),
    ("The solar park has 1,500 MW of capacity.", 1500, "MW"),
    ("The reactor produces 1,000 megawatts.", 1000, "MW"),
    ("The railway is 162 km long.", 162, "km"),
    ("The motorway runs 1,200 kilometres.", 1200, "km"),
    ("The park covers 40,000 sq km.", 40000, "km2"),
    ("Half a million barrels were stored.", 5e5, "barrels"),
    ("The field holds 1 500 000 tonnes of ore.", 1.5e6, "tonnes"),
    ("Temperatures hit 45°C in July.", 45, "degC"),
    ("The train runs at 300 km/h.", 300, "km/h"),
    ("The plant covers 4,000 square metres.", 4000, "m2"),
    ("The warhead weighs 450 kg.", 450, "kg"),
    ("Purchases averaged 1.4 mb/d.", 1.4e6, "barrels_per_day"),
    ("They signed a 25-year cooperation pact.", 25, "years"),
]


@pytest.mark.parametrize(("text", "value", "unit"), PHYSICAL)
def test_physical_quantities_with_their_unit(text: str, value: float, unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit, q.kind) == (value, unit, "physical")


COUNTS = [
    ("About 3,000 troops took part.", 3000),
    ("The airline runs 14 flights a week.", 14),
    ("Russia delivered two reactors.", 2),
    ("A dozen tankers waited at the terminal.", 12),
    ("Twenty-five ships passed the strait.", 25),
    ("The city has 2 million people.", 2e6),
    ("Russia delivered 29 Tor-M1 systems.", 29),
    ("A 5,000-strong force was deployed.", 5000),
]


@pytest.mark.parametrize(("text", "value"), COUNTS)
def test_counts_and_written_numbers(text: str, value: float) -> None:
    q = one(text)
    assert (q.value, q.unit, q.kind) == (value, "count", "count")


# --- Qualifiers ----------------------------------------------------------------------------------

QUALIFIERS = [
    ("Trade was about $2 billion.", "about", "about $2 billion"),
    ("Trade was around $2 billion.", "about", "around $2 billion"),
    ("Trade was approximately $2 billion.", "about", "approximately $2 billion"),
    ("Trade was nearly $2 billion.", "about", "nearly $2 billion"),
    ("Trade was almost 40 percent higher.", "about", "almost 40 percent"),
    ("Some 3,000 troops took part.", "about", "Some 3,000"),
    ("Trade was more than $300 million.", "more_than", "more than $300 million"),
    ("Trade was over $300 million.", "more_than", "over $300 million"),
    ("Imports exceeded $1.5 billion.", "more_than", "$1.5 billion"),
    ("Investment was less than $50 million.", "less_than", "less than $50 million"),
    ("Exports were under $50 million.", "less_than", "under $50 million"),
    ("The deal is worth up to $20 billion.", "up_to", "up to $20 billion"),
    ("At least 300 people came.", "at_least", "At least 300"),
    ("It cost $5 and $10 billion.", "none", "$5"),
    ("It cost between $5 and $10 billion.", "range", "between $5 and $10 billion"),
]


@pytest.mark.parametrize(("text", "qualifier", "surface"), QUALIFIERS)
def test_qualifiers(text: str, qualifier: str, surface: str) -> None:
    q = find_quantities(text)[0]
    assert (q.qualifier, q.surface) == (qualifier, surface)


# --- Numbers that are not figures ----------------------------------------------------------------

NOT_FIGURES = [
    "The nuclear deal was signed in 2015.",
    "The 2015 elections changed little.",
    "Between 1989 and 1991 relations improved.",
    "The deal was signed on March 28, 2017, in Moscow.",
    "Leaders met in Bali on 15 November 2022.",
    "The summit on June 8-9 was cancelled.",
    "The visit on January 19 and 20 went well.",
    "The meeting began at 10:30 and ended at 3 p.m.",
    "Dated 2017-03-28 and 28/03/2017.",
    "It came second in the 2nd round.",
    "The 1990s were hard; the '90s were worse.",
    "The fiscal year 2016-17 was good.",
    "Russia sold Iran the S-300 system.",
    "The G20 and the G7 met.",
    "Su-35 and MiG-29 jets flew over.",
    "Talks with the P5+1 resumed.",
    "COVID-19 spread fast.",
    "The Boeing 737 was grounded.",
    "Resolution 2231 endorsed the deal.",
    "See page 12 and pp. 14-15.",
    "Section 3.2 and Article 5 apply.",
    "As chapter 4 shows, 3.2.1 is key.",
    "Call +7 495 123-45-67 or (021) 555-1234.",
    "The ties deepened.23 Then came war.",
    "As shown in [12] and [3, 4].",
    "The two countries agreed.",
    "It was one of the largest deals.",
    "The deal was signed two years ago.",
    "Footnote 4 refers to Article 12.",
    "1. Introduction",
    "5G networks and 3D printing spread.",
    "Exports grew in the first half of 2017.",
    "Sales doubled in the 12 months to March.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_numbers_that_are_not_figures(text: str) -> None:
    assert find_quantities(text) == []


def test_a_year_next_to_a_figure_stays_out_of_it() -> None:
    found = find_quantities("In 2015, trade reached $2 billion and in 2016 $3 billion.")
    assert [q.value for q in found] == [2e9, 3e9]
    assert not any(re.fullmatch(r"\d{4}", q.surface) for q in found)


def test_found_in_order_with_exact_offsets() -> None:
    text = "Russia invested $750 million in 2006, 55 percent more than 29 Tor-M1 systems cost."
    found = find_quantities(text)
    assert [q.start for q in found] == sorted(q.start for q in found)
    for q in found:
        assert text[q.start : q.end] == q.surface


# --- Precision -----------------------------------------------------------------------------------


def test_precision_is_the_step_of_the_last_written_digit() -> None:
    assert precision("$2.2 billion", 2.2e9) == pytest.approx(1e8)
    assert precision("about $2 billion", 2e9) == pytest.approx(1e9)
    assert precision("3,000", 3000) == pytest.approx(1000)
    assert precision("80 percent", 80) == pytest.approx(1)
    assert precision("$750 million", 7.5e8) == pytest.approx(1e7)
