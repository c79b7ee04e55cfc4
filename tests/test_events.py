"""Tests for briefing.extract.events: dated events from small documents, merged across sources."""

from __future__ import annotations

from briefing.extract import sentences
from briefing.extract.events import extract_events, merge_events
from briefing.model import Document, DocumentInfo, Event


def make_doc(doc_id: str, text: str, published: str | None = "2017-06-13") -> Document:
    return Document(
        info=DocumentInfo(id=doc_id, file=f"{doc_id}.txt", published=published),
        text=text,
        paragraphs=[(0, len(text))],
    )


def events_of(text: str, published: str | None = "2017-06-13", doc_id: str = "d1") -> list[Event]:
    doc = make_doc(doc_id, text, published)
    return extract_events(doc, sentences.split(doc))


def test_statistic_only_date_is_not_an_event() -> None:
    text = (
        "Non-oil trade grew from $1.2 billion in 2015 to $2 billion in 2016. "
        "Bilateral trade exceeded $3.5bn in 2021, officials said. "
        "In 2019, analysts thought the relationship was fragile."
    )
    assert events_of(text) == []


def test_event_is_dated_by_the_text_not_the_publication_date() -> None:
    text = "A week later, on May 27, the two leaders held a phone conversation about Syria."
    found = events_of(text)
    assert [(e.date, e.precision) for e in found] == [("2017-05-27", "day")]
    assert "held a phone conversation" in found[0].text


def test_undated_happening_is_not_dated_by_publication() -> None:
    assert events_of("The two presidents met in Sochi and signed a memorandum.") == []


def test_today_with_a_month_precision_source_keeps_month_precision() -> None:
    found = events_of("Rouhani and Putin discussed trade in a telephone call today.", published="2017-08")
    assert [(e.date, e.precision) for e in found] == [("2017-08", "month")]


def test_state_of_affairs_today_is_not_an_event() -> None:
    assert (
        events_of("The Vienna talks are a central aspect of the relationship today.", published="2022-01")
        == []
    )


def test_a_state_that_began_is_not_an_event() -> None:
    assert events_of("Since 2012, the two sides have been holding talks on the nuclear file.") == []


def test_last_week_in_a_month_dated_source_keeps_month_precision() -> None:
    text = "Prior to his departure for Moscow last week, the president said the visit would be historic."
    found = events_of(text, published="2022-01")
    assert [(e.date, e.precision) for e in found] == [("2022-01", "month")]
    # The date belongs to the departure; the sentence is short enough to keep whole.
    assert found[0].text == text


def test_sources_quote_the_text_they_point_to() -> None:
    text = "However, in 2016 Iran and Russia signed an agreement on arms supplies. Trade was flat."
    doc = make_doc("d1", text)
    found = extract_events(doc, sentences.split(doc))
    assert len(found) == 1
    ref = found[0].sources[0]
    assert ref.quote == doc.text[ref.start : ref.end] == found[0].text
    # Dropping "However," would leave a lower-case start: the sentence stays whole.
    assert found[0].text == "However, in 2016 Iran and Russia signed an agreement on arms supplies."


def test_span_of_years() -> None:
    found = events_of("Iran and the Soviet Union signed several arms deals from 1989 to 1991.")
    assert [(e.date, e.precision) for e in found] == [("1989/1991", "year")]


def test_each_date_takes_its_own_happening() -> None:
    text = "Putin, who was elected in 2012, visited Tehran in November 2015 for a gas summit."
    found = {e.date: e.text for e in events_of(text)}
    assert set(found) == {"2012", "2015-11"}


def test_long_sentence_is_trimmed_to_the_clause_with_the_event() -> None:
    text = (
        "Relations between the two countries, which had been strained for decades by mistrust and by the "
        "memory of old wars, improved slowly, and in December 2005 Tehran signed a billion-dollar arms deal "
        "with Moscow, a move that analysts described at the time as a turning point."
    )
    found = events_of(text)
    assert [e.date for e in found] == ["2005-12"]
    assert found[0].text.startswith("in December 2005 Tehran signed")
    assert len(found[0].text.split()) <= 30
    assert found[0].text in text


def test_leaders_and_signings_rank_higher() -> None:
    text = (
        "President Putin and President Rouhani signed a treaty on March 28, 2017. "
        "A trade fair opened in Tabriz on April 3, 2017."
    )
    treaty, fair = events_of(text)
    assert treaty.salience > fair.salience


def test_same_event_from_two_sources_is_merged_with_the_most_precise_date() -> None:
    a = events_of(
        "Rouhani's official visit to Moscow on March 28 ended with the signing of 14 agreements.",
        published="2017-03-30",
        doc_id="a",
    )
    b = events_of(
        "When Iranian President Hassan Rouhani visited Moscow in 2017, the media called it a milestone.",
        published="2018",
        doc_id="b",
    )
    other = events_of("A fair opened in Tabriz on June 1, 2017.", doc_id="c")
    merged = merge_events(b + other + a)
    visit = [e for e in merged if {s.doc for s in e.sources} == {"a", "b"}]
    assert len(visit) == 1
    assert (visit[0].date, visit[0].precision) == ("2017-03-28", "day")
    assert visit[0].discrepancy is None
    assert len(merged) == 2


def test_sources_disagreeing_on_the_date_give_one_entry_with_a_discrepancy() -> None:
    a = events_of("The two presidents held a phone call on May 27, 2017 to discuss Syria.", doc_id="a")
    b = events_of("The two presidents held a phone call on May 28, 2017 to discuss Syria.", doc_id="b")
    merged = merge_events(a + b)
    assert len(merged) == 1
    note = merged[0].discrepancy
    assert note is not None
    assert "2017-05-27" in note and "2017-05-28" in note and "a" in note and "b" in note
    assert {s.doc for s in merged[0].sources} == {"a", "b"}


def test_different_events_stay_apart() -> None:
    a = events_of("Lavrov visited Tehran in June 2012 to discuss Syria.", doc_id="a")
    b = events_of("Zarif visited Moscow in January 2018 to discuss Yemen.", doc_id="b")
    assert len(merge_events(a + b)) == 2


def test_merged_chronology_is_sorted_and_deterministic() -> None:
    text = (
        "In January 2018, Zarif met Lavrov in Moscow. "
        "The Russo-Persian Treaty of Friendship was signed in 1921. "
        "Soviet troops withdrew in 1946."
    )
    found = events_of(text)
    merged = merge_events(found)
    assert [e.date for e in merged] == ["1921", "1946", "2018-01"]
    assert merge_events(list(reversed(found))) == merged
    assert all(0 < e.salience <= 1 for e in merged)


def test_quoted_speech_and_fragments_rank_below_plain_statements() -> None:
    text = (
        "The ministers signed a trade agreement on March 3, 2016. "
        "“The ministers signed a trade agreement on March 4, 2015,” an official said."
    )
    doc = make_doc("d1", text)
    found = extract_events(doc, sentences.split(doc))
    by_date = {e.date: e.salience for e in found}
    assert set(by_date) == {"2016-03-03", "2015-03-04"}
    assert by_date["2016-03-03"] > by_date["2015-03-04"]


# --- Event text: self-contained statements (issue 5, events) -------------------------------------


def merged_from(*docs: tuple[str, str, str]) -> list[Event]:
    """Merge the events of several (id, published, text) documents."""
    found: list[Event] = []
    for doc_id, published, text in docs:
        found += events_of(text, published=published, doc_id=doc_id)
    return merge_events(found)


def test_merged_event_is_told_by_the_report_that_states_the_action() -> None:
    merged = merged_from(
        (
            "a",
            "2019-05-10",
            "On 4 May, right after Minister Holm's visit to Tarsk, some reports were published indicating "
            "that the two sides were planning to sign a fisheries deal.",
        ),
        ("b", "2019-05-20", "Ministers Holm and Varga signed a fisheries accord in Tarsk on 4 May 2019."),
    )
    assert len(merged) == 1
    assert merged[0].text == "Ministers Holm and Varga signed a fisheries accord in Tarsk on 4 May 2019."
    assert {s.doc for s in merged[0].sources} == {"a", "b"}


def test_merged_event_keeps_the_finest_date_even_when_told_by_a_coarser_report() -> None:
    merged = merged_from(
        (
            "a",
            "2019-05-10",
            "On 4 May, right after Premier Holm's visit to Tarsk, some reports were published indicating "
            "that the two sides were planning to sign a fisheries deal.",
        ),
        (
            "b",
            "2020",
            "When Premier Holm visited Tarsk in 2019, observers called it the end of a long freeze.",
        ),
    )
    assert len(merged) == 1
    assert (merged[0].date, merged[0].precision) == ("2019-05-04", "day")
    assert merged[0].text == "Premier Holm visited Tarsk in 2019"


def test_every_event_quotes_its_source_verbatim() -> None:
    text = (
        "However, relations began to improve after the end of the border war (1994), the opening of the "
        "Velm bridge (1997) and the lifting of the grain embargo in 1999. When Premier Holm visited Tarsk in "
        "2019, it was widely seen as a turning point. After years of stalled talks, Varga and Holm signed a "
        "water treaty in 2011."
    )
    doc = make_doc("d1", text, "2020")
    found = extract_events(doc, sentences.split(doc))
    assert len(found) == 5
    for event in found:
        (ref,) = event.sources
        assert ref.quote == doc.text[ref.start : ref.end] == event.text


def test_a_fragment_takes_the_sentence_start_rather_than_starting_mid_sentence() -> None:
    text = (
        "Crowned by the signing of nine accords — covering energy, rail, water and customs — at a ceremony "
        "in "
        "Tarsk on Monday, May 6, the visit of Premier Holm is set to reshape relations between the two "
        "neighbours for years to come."
    )
    (event,) = events_of(text, published="2019-05-08")
    assert event.date == "2019-05-06"
    assert event.text.startswith("Crowned by the signing of nine accords")


def test_dropping_a_connective_does_not_leave_a_lower_case_start() -> None:
    text = (
        "However, the talks between the two capitals began to move forward after Premier Holm returned to "
        "office in 2014, which is discussed in the next chapter."
    )
    (event,) = events_of(text)
    # The trailing aside goes; the connective stays, so the entry starts with a capital.
    assert event.text == (
        "However, the talks between the two capitals began to move forward after Premier Holm returned to "
        "office in 2014"
    )


def test_the_clause_that_states_the_happening_is_kept_with_its_subject() -> None:
    assert [
        e.text
        for e in events_of("After years of stalled talks, Varga and Holm signed a water treaty in 2011.")
    ] == ["Varga and Holm signed a water treaty in 2011."]
    assert [
        e.text for e in events_of("Geography fails to explain why Tarsk backed the embargo on Kelm in 2008.")
    ] == ["Tarsk backed the embargo on Kelm in 2008."]
    assert [
        e.text
        for e in events_of("When Premier Holm visited Tarsk in 2019, it was widely seen as a turning point.")
    ] == ["Premier Holm visited Tarsk in 2019"]


def test_a_closing_attribution_is_trimmed_from_the_event() -> None:
    (event,) = events_of(
        "Holm and Varga held talks in Tarsk on June 2, 2017, the state news agency reported."
    )
    assert event.text == "Holm and Varga held talks in Tarsk on June 2, 2017"


def test_a_sentence_listing_dated_happenings_gives_each_its_own_part() -> None:
    text = (
        "However, relations began to improve after the end of the border war (1994), the opening of the "
        "Velm bridge (1997) and the lifting of the grain embargo in 1999."
    )
    found = {e.date: e.text for e in events_of(text)}
    assert found == {
        "1994": "However, relations began to improve after the end of the border war (1994)",
        "1997": "the opening of the Velm bridge (1997)",
        "1999": "the lifting of the grain embargo in 1999.",
    }


def test_a_biography_aside_in_a_quoted_remark_is_not_an_event() -> None:
    text = (
        "“The summit changed little,” the analyst told reporters, referring to Holm's predecessor, whose "
        "term ended in March 2016."
    )
    assert events_of(text) == []


def test_a_happening_that_has_not_happened_is_not_an_event() -> None:
    assert (
        events_of(
            "The banks agreed to link their card networks. The link has yet to be built, two years later."
        )
        == []
    )


def test_a_relative_aside_ranks_below_the_news() -> None:
    found = {
        e.date: e.salience
        for e in events_of("Holm, who was elected in 2012, visited Tarsk in November 2015.")
    }
    assert found["2012"] < found["2015-11"]


def test_a_reported_plan_ranks_below_a_plain_signing() -> None:
    text = (
        "On 4 May, right after Minister Holm's visit to Tarsk, some reports were published indicating that "
        "the two sides were planning to sign a fisheries deal. "
        "Ministers Holm and Varga signed a grain accord in Tarsk on 9 May 2019."
    )
    plan, signing = events_of(text, published="2019-05-20")
    assert plan.salience < signing.salience


def test_a_date_that_frames_a_lasting_state_ranks_below_a_happening() -> None:
    text = (
        "The memory of the 1974 border war still fuels mistrust between the two countries. "
        "The two armies fought a second border war in 1981."
    )
    found = {e.date: e.salience for e in events_of(text)}
    assert found["1974"] < found["1981"]


def test_a_long_sentence_after_a_connective_keeps_its_capital_start() -> None:
    text = (
        "Similarly, in August 2016, Tarsk and Kelm launched joint patrols along the river border after "
        "smugglers had repeatedly raided the customs posts on both banks of the river near the town of Velm."
    )
    (event,) = events_of(text)
    assert event.text == text
