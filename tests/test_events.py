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
    assert found[0].text == "in 2016 Iran and Russia signed an agreement on arms supplies."


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
