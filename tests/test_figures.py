"""Tests for briefing.extract.figures: labels, years, salience, merging and discrepancies."""

from __future__ import annotations

import re

import pytest

from briefing.extract.figures import extract_figures, find_series, merge_figures
from briefing.extract.quantities import find_quantities
from briefing.extract.sentences import split
from briefing.model import Document, DocumentInfo, Figure


def make_doc(text: str, doc_id: str = "d1", published: str | None = "2017-06-13") -> Document:
    return Document(
        info=DocumentInfo(id=doc_id, file=f"{doc_id}.txt", published=published),
        text=text,
        paragraphs=[(0, len(text))],
    )


def figures_of(text: str, doc_id: str = "d1", published: str | None = "2017-06-13") -> list[Figure]:
    doc = make_doc(text, doc_id, published)
    return extract_figures(doc, split(doc))


def only(text: str, **kwargs: str) -> Figure:
    found = figures_of(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


# --- Label ---------------------------------------------------------------------------------------

LABELS = [
    ("The Kremlin signed arms supply deals with Tehran worth $5.1 billion.", "arms supply deals with Tehran"),
    ("Russia also invested $750 million in energy projects in Iran.",
     "invested in energy projects in Iran"),
    ("Iran signed a $5 billion loan for power plants.", "loan for power plants"),
    ("The $900 million contract was signed.", "contract"),
    ("Last year bilateral trade reached $2.2 billion.", "bilateral trade"),
    ("The aggregate trade turnover was still a meager $2 billion.", "aggregate trade turnover"),
    ("The volume of trade between Russia and Iran has increased by about 80 percent.",
     "trade between Russia and Iran"),
    ("There has been a 60% growth in their bilateral trade.", "growth in bilateral trade"),
    ("Russia supplies 55 percent of Egypt's wheat imports.", "Egypt's wheat imports"),
    ("Russia delivered 29 Tor-M1 air defence systems.", "Tor-M1 air defence systems"),
    ("The airline runs 12 flights a week to Moscow.", "flights a week"),
    ("Iran exported $400 million worth of commodities to Russia.", "exported commodities to Russia"),
    ("The non-oil trade, which grew to $2 billion, is on the agenda.", "non-oil trade"),
    ("The oil for goods deal, worth up to $20 billion, stalled.", "oil for goods deal"),
    ("Iran's share of Russian foreign trade decreased from 0.5 percent to 0.2 percent.",
     "Iran's share of Russian foreign trade"),
    ("Kazakhstan sold 5 million tonnes of wheat.", "sold wheat"),
    ("Exports reached 5 million tonnes of wheat.", "wheat"),
    ("The two plants with the combined capacity of 2000 megawatts are planned.", "combined capacity"),
    ("They signed a new 20-year cooperation agreement.", "cooperation agreement"),
    ("Moscow and Tehran have pledged to boost bilateral trade to $10 billion.",
     "pledged to boost bilateral trade"),
    ("The new railway line is 162 km long.", "new railway line"),
    ("Wheat imports from Russia account for 80 per cent of the total.", "wheat imports from Russia"),
    ("The budget deficit widened to 4.1 percent of GDP.", "budget deficit"),
    ("Inflation slowed to 61.5 percent in October.", "inflation"),
    ("Tehran has offered a 20 percent discount on its crude.", "discount on crude"),
    ("Oil output in the field averaged 1.2 million barrels a day.", "oil output in the field"),
    ("The pipeline will carry 38 bcm a year.", "pipeline"),
    ("Remittances totalled ¥3.4 trillion in the first quarter.", "remittances"),
    ("Chinese investment in the port is estimated at USD 1.5 billion.", "Chinese investment in the port"),
    ("The reactors will triple electricity production to about 3.3 thousand megawatts.",
     "electricity production"),
    ("Trade is expected to reach $5 billion.", "trade expected to reach"),
    ("Tariffs on steel were raised from 10 to 25 per cent.", "tariffs on steel"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "label"), LABELS)
def test_label_says_what_the_figure_measures(text: str, label: str) -> None:
    assert figures_of(text)[0].label == label


@pytest.mark.parametrize(("text", "_label"), LABELS)
def test_label_words_are_taken_from_the_sentence(text: str, _label: str) -> None:
    for figure in figures_of(text):
        words = re.findall(r"[\w'’-]+", figure.label)
        assert len(words) <= 8
        for word in words:
            assert word.lower() in text.lower()


def test_a_second_value_of_the_same_measure_takes_its_label() -> None:
    found = figures_of("Bilateral trade reached $85 billion in 2022, up from $73 billion in 2021.")
    assert [(f.label, f.year) for f in found] == [("bilateral trade", "2022"), ("bilateral trade", "2021")]


def test_a_conversion_in_brackets_takes_the_label_of_the_amount() -> None:
    found = figures_of("Britain will spend £2.5 billion ($3.1 billion) on new frigates.")
    assert [(f.unit, f.label) for f in found] == [
        ("GBP", "new frigates"),
        ("USD", "new frigates"),
    ]


def test_a_restatement_in_another_unit_takes_the_label() -> None:
    found = figures_of("Defence spending climbed to 3.4% of GDP, or about $86bn, a record.")
    assert [(f.surface, f.label) for f in found] == [
        ("3.4%", "defence spending"),
        ("about $86bn", "defence spending"),
    ]


def test_a_bare_name_is_not_a_label() -> None:
    figure = only("Supplies to the Islamic Republic in 2016 were worth more than $300 million.")
    assert figure.label == "supplies to the Islamic Republic"


def test_a_figure_without_a_recoverable_label_is_kept_with_an_empty_label() -> None:
    figure = only("They amounted to less than $50 million.")
    assert figure.label == ""
    assert figure.surface == "less than $50 million"


def test_a_duration_without_a_noun_has_no_label() -> None:
    assert only("The talks lasted for four years.").label == ""


# --- Label shape: a noun phrase a reader understands without the source -------------------------

NOUN_PHRASES = [
    # No finite verb: the subject of "rose", "fell", "increased" is the label.
    ("Exports of rubber from Malaysia fell by 12 percent in 2023.", "exports of rubber from Malaysia"),
    ("The volume of freight between the ports increased by 30 percent.", "freight between the ports"),
    ("Annual sales have risen 9% since January.", "annual sales"),
    # A transfer verb stands as a participle without its subject, or leaves the thing paid for.
    ("Chile invested $400 million in solar farms.", "invested in solar farms"),
    ("Ghana will spend $300 million on rural roads.", "rural roads"),
    ("The government has allocated $250 million for the reconstruction of roads.",
     "allocated for reconstruction of roads"),
    # A generic head gives way to the "of" phrase that names the measure.
    ("The total value of exports reached $4.2 billion in 2022.", "exports"),
    ("The level of unemployment stood at 7.3 percent.", "unemployment"),
    ("The amount of the loan was $1.5 billion.", "loan"),
    ("A record figure of bilateral trade exceeded $3.5bn.", "bilateral trade"),
    # "between the two" and possessive pronouns stand for parties named elsewhere.
    ("Trade between the two countries fell to $870 million.", "trade"),
    ("Trade relations between the two grew to $3.7 billion.", "trade relations"),
    ("Their bilateral trade is worth about $3 billion a year.", "bilateral trade"),
    ("There was a 15% rise in their joint output.", "rise in joint output"),
    # The word after a relative pronoun is its verb.
    ("Brokers charge a fee, which adds costs of up to 6 percent per trade.", "costs"),
    # A list the label starts is finished when it fits, else left out.
    ("The two sides signed 15 agreements on trade, energy and transport.",
     "agreements on trade, energy and transport"),
    ("They signed 15 agreements on trade, energy, transport, farming, tourism, schools and health.",
     "agreements"),
    ("Iran signed a $5 billion loan for power plants, the ministry said.", "loan for power plants"),
    # A pronoun after a colon stands for the subject of the clause before it.
    ("Foreign investments in the sector were also modest: they amounted to less than $50 million.",
     "foreign investments in the sector"),
    # A place name alone says where, not what: the noun before it stays, and so does a party lent to.
    ("Remittances from the Gulf, which make up 9 percent of GDP, fell.", "remittances from the Gulf"),
    ("Beijing lent Zambia $6.6 billion between 2000 and 2018.", "lent Zambia"),
    ("Russia invested $2 billion.", "invested"),
    # A proper noun keeps its capital; a common word that starts the sentence does not.
    ("Kenya's debt amounts to 70 percent of GDP.", "Kenya's debt"),
    ("Bilateral trade reached $1.8 billion in 2023.", "bilateral trade"),
    ("Remittances totalled $3.4 billion in the first quarter.", "remittances"),
]  # fmt: skip

# A bare determiner or preposition never opens or closes a label.
_EDGE = {"the", "a", "an", "its", "their", "of", "for", "in", "on", "to", "with", "between", "and"}


@pytest.mark.parametrize(("text", "label"), NOUN_PHRASES)
def test_label_is_a_noun_phrase(text: str, label: str) -> None:
    assert figures_of(text)[0].label == label


@pytest.mark.parametrize(("text", "_label"), [*LABELS, *NOUN_PHRASES])
def test_label_has_no_dangling_word_at_its_edges(text: str, _label: str) -> None:
    for figure in figures_of(text):
        words = figure.label.split()
        if words:
            assert words[0].lower() not in _EDGE and words[-1].lower() not in _EDGE
            assert words[-1].lower() not in {"rose", "fell", "increased", "grew", "decreased", "was"}


@pytest.mark.parametrize(("text", "_label"), NOUN_PHRASES)
def test_label_shape_words_come_from_the_sentence_in_order(text: str, _label: str) -> None:
    for figure in figures_of(text):
        words = re.findall(r"[\w'’-]+", figure.label)
        assert len(words) <= 8
        pattern = r"\b" + r"\b.*?\b".join(re.escape(w) for w in words) + r"\b" if words else ""
        assert re.search(pattern, text, re.I | re.S), (figure.label, text)


def test_a_bare_generic_head_is_not_a_label() -> None:
    assert only("Officials in Tehran said the figure was $300 million.").label == ""
    assert only("Yet the total reached only $1.2 billion.").label == ""


def test_a_name_used_inside_sentences_keeps_its_capital_at_the_start() -> None:
    text = "Sonatrach exports rose to $40 billion. Analysts expect Sonatrach to grow."
    assert figures_of(text)[0].label == "Sonatrach exports"


def test_a_word_the_document_writes_in_lower_case_loses_its_capital() -> None:
    text = "Pistachio shipments reached $900 million. Iran grows pistachio trees."
    assert figures_of(text)[0].label == "pistachio shipments"


def test_an_earlier_value_after_an_aside_takes_the_label() -> None:
    found = figures_of(
        "Bilateral trade reached $1.8 billion in 2023, according to the office, up from $1.2 billion."
    )
    assert [f.label for f in found] == ["bilateral trade", "bilateral trade"]


# --- Year ----------------------------------------------------------------------------------------

YEARS = [
    ("Trade reached $2 billion in 2015.", ["2015"]),
    ("In 2015, trade reached $2 billion.", ["2015"]),
    ("In early 2006, Russia invested $750 million in energy projects.", ["2006"]),
    ("In the financial year 2017, Iran exported $400 million worth of goods.", ["2017"]),
    ("Trade grew from $1 billion in 2005 to $3 billion in 2008.", ["2005", "2008"]),
    ("Between 1989 and 1991, Moscow signed deals worth $5.1 billion.", ["1989/1991"]),
    ("Between 2011 and 2014, the share decreased from 0.5 percent to 0.2 percent.", ["2011", "2014"]),
    ("Trade turnover was $2 billion last year.", ["2016"]),
    ("By mid-2016 exports had reached 20 percent.", ["2016"]),
]


@pytest.mark.parametrize(("text", "years"), YEARS)
def test_year_the_figure_refers_to(text: str, years: list[str]) -> None:
    found = figures_of(text)
    assert [f.year for f in found] == years
    assert not any(f.year_inferred for f in found)


def test_year_falls_back_to_the_publication_year_flagged_as_inferred() -> None:
    figure = only("Trade reached $2 billion.")
    assert (figure.year, figure.year_inferred) == ("2017", True)


def test_a_year_used_as_a_name_is_not_the_figures_year() -> None:
    figure = only("The 2015 nuclear deal lifted trade by 60%.", published="2017-03")
    assert (figure.year, figure.year_inferred) == ("2017", True)


def test_no_publication_date_leaves_the_year_empty() -> None:
    figure = only("Trade reached $2 billion.", published=None)
    assert (figure.year, figure.year_inferred) == (None, False)


# --- Sources -------------------------------------------------------------------------------------


def test_each_figure_cites_its_sentence_verbatim() -> None:
    text = "Relations are old. Trade reached $2 billion in 2015. Arms sales were $1 billion."
    doc = make_doc(text)
    for figure in extract_figures(doc, split(doc)):
        (ref,) = figure.sources
        assert ref.doc == "d1"
        assert ref.quote == doc.text[ref.start : ref.end]
        assert figure.surface in ref.quote


def test_no_year_appears_as_a_figure() -> None:
    found = figures_of("In 2015 and 2016, trade grew; by 2018 it reached $3 billion, in 2019 it fell.")
    assert [f.surface for f in found] == ["$3 billion"]


# --- Salience ------------------------------------------------------------------------------------


def test_money_and_trade_rank_above_generic_percentages_and_small_counts() -> None:
    text = (
        "Officials held 3 meetings. "
        "About 40 percent agreed. "
        "Bilateral trade reached $2 billion. "
        "Arms deals worth $1 billion were signed. "
        "Output hit 500,000 barrels per day of oil."
    )
    ranked, _ = merge_figures(figures_of(text))
    surfaces = [f.surface for f in ranked]
    assert surfaces.index("$2 billion") < surfaces.index("About 40 percent")
    assert surfaces.index("$1 billion") < surfaces.index("About 40 percent")
    assert surfaces.index("500,000 barrels per day") < surfaces.index("About 40 percent")
    assert surfaces[-1] == "3"


def test_figures_repeated_across_sources_rank_higher() -> None:
    a = figures_of("Loans for power plants came to $1 billion. Bilateral trade reached $2 billion.", "a")
    b = figures_of("Bilateral trade reached $2 billion in 2017.", "b")
    ranked, _ = merge_figures(a + b)
    assert ranked[0].surface == "$2 billion"
    assert {s.doc for s in ranked[0].sources} == {"a", "b"}


# --- Merging and discrepancies -------------------------------------------------------------------


def test_identical_figures_from_several_sources_merge_into_one_with_all_sources() -> None:
    a = figures_of("Bilateral trade reached $2 billion in 2016.", "a")
    b = figures_of("In 2016, bilateral trade was $2 billion.", "b")
    merged, discrepancies = merge_figures(a + b)
    assert len(merged) == 1
    assert [s.doc for s in merged[0].sources] == ["a", "b"]
    assert discrepancies == []


def test_same_measure_with_different_values_is_a_discrepancy_and_both_stay() -> None:
    a = figures_of("Bilateral trade reached $1.2 billion in 2016.", "a")
    b = figures_of("In 2016, bilateral trade was $2 billion.", "b")
    merged, discrepancies = merge_figures(a + b)
    assert len(merged) == 2
    (item,) = discrepancies
    assert item.about.lower() == "bilateral trade"
    assert sorted(f.value for f in item.figures) == [1.2e9, 2e9]
    assert item.note.startswith("sources differ: ")
    assert "$1.2 billion (a, 2016)" in item.note and "$2 billion (b, 2016)" in item.note


def test_one_source_giving_two_values_in_two_places_is_a_discrepancy() -> None:
    found = figures_of(
        "Bilateral trade reached $1.2 billion in 2016. In 2016, bilateral trade was $2 billion."
    )
    _, discrepancies = merge_figures(found)
    assert len(discrepancies) == 1


def test_rounding_is_not_a_discrepancy() -> None:
    a = figures_of("Bilateral trade reached $2.2 billion in 2016.", "a")
    b = figures_of("In 2016, bilateral trade was about $2 billion.", "b")
    merged, discrepancies = merge_figures(a + b)
    assert discrepancies == []
    assert len(merged) == 2


def test_a_bound_consistent_with_a_value_is_not_a_discrepancy() -> None:
    a = figures_of("Bilateral trade exceeded $3 billion in 2021.", "a")
    b = figures_of("Bilateral trade reached $3.5 billion in 2021.", "b")
    assert merge_figures(a + b)[1] == []


def test_a_target_is_not_an_actual() -> None:
    a = figures_of("Bilateral trade reached $2 billion in 2017.", "a")
    b = figures_of("The two sides pledged to boost bilateral trade to $10 billion in 2017.", "b")
    assert merge_figures(a + b)[1] == []


def test_different_years_or_measures_are_not_discrepancies() -> None:
    a = figures_of("Bilateral trade reached $1 billion in 2005.", "a")
    b = figures_of("Bilateral trade reached $3 billion in 2008.", "b")
    c = figures_of("Arms sales reached $3 billion in 2005.", "c")
    d = figures_of("Bilateral trade grew by 40 percent in 2005.", "d")
    merged, discrepancies = merge_figures(a + b + c + d)
    assert discrepancies == []
    assert len(merged) == 4


def test_the_same_value_in_different_years_stays_two_rows() -> None:
    a = figures_of("Bilateral trade reached $2 billion in 2015.", "a")
    b = figures_of("Bilateral trade reached $2 billion in 2016.", "b")
    merged, _ = merge_figures(a + b)
    assert [f.year for f in merged] == ["2015", "2016"]


def test_merging_keeps_a_stated_year_over_an_inferred_one() -> None:
    a = figures_of("Bilateral trade reached $2 billion.", "a", published="2016-05")
    b = figures_of("Bilateral trade reached $2 billion in 2016.", "b")
    (merged,) = merge_figures(a + b)[0]
    assert (merged.year, merged.year_inferred) == ("2016", False)


def test_an_inferred_year_is_compared_with_the_year_before_publication() -> None:
    a = figures_of("There has been a 60% growth in bilateral trade.", "a", published="2017-03")
    b = figures_of("Last year bilateral trade grew by about 80 percent.", "b", published="2017-08")
    (item,) = merge_figures(a + b)[1]
    assert "60% (a, 2017, year inferred)" in item.note
    assert "about 80 percent (b, 2016)" in item.note


def test_a_change_within_one_sentence_is_not_a_discrepancy() -> None:
    found = figures_of("In 2014, the share decreased from 0.5 percent to 0.2 percent.")
    assert merge_figures(found)[1] == []


def test_merge_is_deterministic_and_ordered_by_salience_then_position() -> None:
    text = "Officials held 3 meetings. Trade reached $1 billion. Investment reached $1 billion."
    first = merge_figures(figures_of(text))
    second = merge_figures(figures_of(text))
    assert first == second
    saliences = [f.salience for f in first[0]]
    assert saliences == sorted(saliences, reverse=True)


def test_every_money_amount_and_percentage_is_found_or_excluded_by_a_rule() -> None:
    """Money and percentages in a news-like paragraph: each is a figure or a stated exclusion."""
    text = (
        "Iran purchased several billion dollars of weaponry. "  # vague amount: excluded
        "In 2016 the $900 million contract was completed and trade rose 70%. "
        "The rial fell against the ruble."  # currency names, no amount: excluded
    )
    cues = [m.start() for m in re.finditer(r"\$|%|percent|billion|million", text)]
    spans = [(q.start, q.end) for q in find_quantities(text)]
    uncovered = [text[c : c + 20] for c in cues if not any(s <= c < e for s, e in spans)]
    assert uncovered == ["billion dollars of w"]


def test_a_measure_reported_for_three_years_becomes_a_series() -> None:
    text = (
        "Bilateral trade reached $1 billion in 2005. Bilateral trade turnover rose to $3 billion in 2010. "
        "Trade turnover stood at $2.5 billion in 2015. Both aim to lift bilateral trade to $10 billion. "
        "Arms sales were worth $4 billion in 2012."
    )
    doc = make_doc(text, published="2016")
    series = find_series(extract_figures(doc, split(doc)))
    assert len(series) == 1
    (trade,) = series
    assert trade.unit == "USD" and "trade" in trade.label.lower()
    assert [(p.year, p.value) for p in trade.points] == [("2005", 1e9), ("2010", 3e9), ("2015", 2.5e9)]
    for point in trade.points:
        ref = point.sources[0]
        assert text[ref.start : ref.end] == ref.quote


def test_measures_about_the_same_places_do_not_make_a_series() -> None:
    text = (
        "Russian investments in Iran reached $50 million in 2014. "
        "Russian arms sales to Iran were worth $2 billion in 2015. "
        "Russian loans to Iran stood at $1 billion in 2016."
    )
    doc = make_doc(text, published="2017")
    assert find_series(extract_figures(doc, split(doc))) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Trade between the two countries rose by 40 percent in 2023.", "change"),
        ("Exports were up 18% last year.", "change"),
        ("Exports reached $5 billion, up 12 percent.", "level"),
        ("Imports fell, down 7 percent on the year.", "change"),
        ("There was a 60% growth in bilateral trade.", "change"),
        ("Oil makes up 70 percent of exports.", "level"),
        ("Both sides aim to raise bilateral trade to $10 billion by 2030.", "target"),
        ("Bilateral trade reached $2 billion in 2016.", "level"),
        ("The plan should be finished in the next two years, officials pledged.", None),
    ],
)
def test_a_figure_says_whether_it_is_a_level_a_change_or_a_target(text: str, kind: str | None) -> None:
    found = figures_of(text)
    if kind is None:
        assert all(f.kind != "target" for f in found)  # a duration is not itself a goal
    else:
        assert next(f.kind for f in found if f.unit != "years") == kind
