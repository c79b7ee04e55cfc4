"""Ingesting the seed corpus: clean bodies, footnotes set aside, broken sentences whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.ingest import load_corpus, sources_table
from briefing.ingest.boilerplate import is_boilerplate
from briefing.model import Corpus

SEED = Path(__file__).resolve().parent.parent / "sources" / "iran-russia"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(SEED)


def doc(corpus: Corpus, doc_id: str):
    return next(d for d in corpus.documents if d.id == doc_id)


def test_documents_follow_the_manifest_with_its_metadata(corpus: Corpus) -> None:
    assert corpus.id == "iran-russia"
    assert corpus.title == "Iran–Russia relations" and not corpus.title_inferred
    assert [d.id for d in corpus.documents] == [
        "rouhani-putin-phone-call",
        "new-milestone-oped",
        "raisi-moscow-visit",
        "second-term-rouhani",
        "building-strategic-partnership",
    ]
    second = doc(corpus, "second-term-rouhani").info
    assert (second.author, second.publisher, second.published) == (
        "Hamidreza Azizi",
        "Al-Monitor",
        "2017-06-13",
    )
    assert not second.published_inferred and second.inferred == []
    assert doc(corpus, "building-strategic-partnership").info.published == "2018"


# Lines of website furniture and footnote apparatus found in the raw files; none may survive.
LEFTOVERS = [
    "ISSN",
    "Leave a Reply",
    "Your email address",
    "Akismet",
    "Read more",
    "All Content by",
    "Creative Commons",
    "Editor's Note",
    "This article was published",
    "is Research Associate at",
    "Accessed on",
    "Ibid",
    "http",
    "\\$",
    "*",
    "Jay Sekulow",
]


def test_no_boilerplate_or_footnote_text_in_any_body(corpus: Corpus) -> None:
    for document in corpus.documents:
        for leftover in LEFTOVERS:
            assert leftover not in document.text, (document.id, leftover)
        assert not re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", document.text), document.id
        for start, end in document.paragraphs:
            paragraph = document.text[start:end]
            assert not is_boilerplate(paragraph), (document.id, paragraph)
            assert not re.match(r"\d{1,3}\. ", paragraph), (document.id, paragraph)
        for note in document.info.footnotes.values():
            assert note[:40] not in document.text


def test_footnotes_are_set_aside_by_number(corpus: Corpus) -> None:
    notes = doc(corpus, "building-strategic-partnership").info.footnotes
    assert list(notes) == [str(n) for n in range(1, 47)]
    assert notes["1"].startswith("Jay Sekulow, Unholy Alliance")
    assert notes["2"] == "Ibid."
    assert "Accessed on January 1, 2017" in notes["4"]
    assert "$10 Billion Arms Deal" in notes["31"]  # escapes undone in footnotes too


def test_sentences_broken_by_page_breaks_and_footnotes_read_whole(corpus: Corpus) -> None:
    text = doc(corpus, "building-strategic-partnership").text
    for whole in [
        "A strategic alliance may be defined as one that is based on cooperation against a threat from a "
        "specific state and has a long-term institutional base.",
        "At the same time, it is also correct to say that both Iran and Russia have a mutual ally in Syria. "
        "The relations between Russia and Iran are deepening",
        "the political system was in turmoil in Iran with the newly appointed Iranian Prime Minister",
        "However, this 'new great game' was related more",
        "because Russia was preoccupied with its own internal problems",
        "the value of imports exceeded $1.5 billion. However, one of the issues",
        "was not acceptable to the Western policy-makers.",
        "On the military front, Moscow's intervention in September 2015",
        "conducted jointly by the Atomic Energy Organisation of Iran",
        "$3.7 billion in 2008.",
        "on the verge of victory or collapse",
        "Moscow and Tehran have chosen Turkey",
        "the Syrian crisis and the security collaboration",
    ]:
        assert whole in text


def test_pull_quotes_are_dropped_and_their_sentences_kept_once(corpus: Corpus) -> None:
    text = doc(corpus, "building-strategic-partnership").text
    for sentence in [
        "The relations between Russia and Iran are deepening",
        "Both Iran and Russia have a mutual ally in Syria which becomes a convergence point",
        "During the period 1989-91, the Kremlin signed arms supply deals",
        "There occurred a visible shift in relations",
        "Syria is vital for Iran",
        "opposition to the sanctions on Iran served the economic interests",
        "one of the issues which still affects the trade relations",
        "have fluctuated between the tactical and strategic",
    ]:
        assert text.count(sentence) == 1, sentence


def test_reference_marks_and_escapes_are_removed(corpus: Corpus) -> None:
    text = doc(corpus, "building-strategic-partnership").text
    assert "refusal to withdraw their troops from Iran. By the early 1940s" in text
    assert "worth $5.1 billion" in text
    assert "the exchange rate of the rial against the ruble" in text
    assert "Russia's stance vis-à-vis Iran" in text


def test_title_byline_and_dateline_leave_the_body(corpus: Corpus) -> None:
    second = doc(corpus, "second-term-rouhani")
    assert second.text.startswith("After weeks of heated campaigning")
    assert second.text.endswith("to a comprehensive strategic partnership.")
    raisi = doc(corpus, "raisi-moscow-visit")
    assert raisi.text.startswith("Prior to his departure for Moscow")
    assert raisi.text.endswith("with Yemen, Syria and Iraq as well.")
    assert "Shared regional interests" in [raisi.text[s:e] for s, e in raisi.paragraphs]
    paper = doc(corpus, "building-strategic-partnership")
    assert paper.text.startswith("INTRODUCTION\n\nIran's relations with Russia")
    oped = doc(corpus, "new-milestone-oped")
    assert oped.text.startswith("By all indications")
    assert oped.text.endswith("binding the two nations together.")


def test_an_editors_note_is_kept_as_a_note(corpus: Corpus) -> None:
    info = doc(corpus, "new-milestone-oped").info
    assert info.notes.startswith("Opinion piece")  # the manifest's note comes first
    assert "Editor's Note: Federal authorities in 2021 charged this contributor" in info.notes


def test_paragraph_spans_point_into_the_cleaned_text(corpus: Corpus) -> None:
    for document in corpus.documents:
        pieces = [document.text[s:e] for s, e in document.paragraphs]
        assert "\n\n".join(pieces) == document.text
        assert all(p and p == p.strip() and "\n" not in p for p in pieces)
        assert document.info.words == len(document.text.split())


def test_loading_twice_gives_the_same_corpus(corpus: Corpus) -> None:
    assert load_corpus(SEED).model_dump() == corpus.model_dump()


def test_without_a_manifest_metadata_is_inferred_from_the_text(tmp_path: Path) -> None:
    for path in SEED.glob("*.txt"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    warnings: list[str] = []
    corpus = load_corpus(tmp_path, warn=warnings.append)
    assert corpus.title_inferred
    second = doc(corpus, "second-term-rouhani").info
    assert second.title == "Second-term Rouhani likely to move closer to Russia"
    assert (second.author, second.published, second.published_inferred) == (
        "Hamidreza Azizi",
        "2017-06-13",
        True,
    )
    assert set(second.inferred) == {"title", "author", "published"}
    paper = doc(corpus, "building-strategic-partnership")
    assert paper.info.title == "Iran and Russia: Building a Strategic Partnership"
    assert paper.info.author == "Anu Sharma"
    assert "Research Associate" not in paper.text
    assert doc(corpus, "new-milestone-oped").info.author == "Kaveh L. Afrasiabi"
    undated = [w for w in warnings if "no publication date" in w]
    assert len(undated) == 4 and all(w.split(":")[0].endswith(".txt") for w in undated)


def test_sources_table_has_a_row_per_document(corpus: Corpus) -> None:
    rows = sources_table(corpus)
    assert [r["id"] for r in rows] == [d.id for d in corpus.documents]
    paper = rows[-1]
    assert paper["footnotes"] == 46 and paper["format"] == "txt" and paper["published"] == "2018"
    assert set(paper) >= {"title", "publisher", "published", "published_inferred", "words", "warnings"}
