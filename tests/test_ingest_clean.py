"""The cleaning rules, one kind of mess at a time, on text that is not from the seed corpus."""

from __future__ import annotations

import pytest

from briefing.ingest.clean import RULES, clean


def body(text: str, **known: str) -> list[str]:
    cleaned = clean(text, known=known)
    return [cleaned.text[s:e] for s, e in cleaned.paragraphs]


PROSE = "The two ministers met in Baku on Monday and agreed to extend the rail link to the southern border."
OTHER = "Freight volumes on the northern route doubled over the year, the railway company reported."


def test_website_furniture_goes_and_prose_stays() -> None:
    text = "\n\n".join(
        [
            "Share this article",
            "Facebook | Twitter | LinkedIn | Email",
            PROSE,
            "Photo: Jane Smith/Agency",
            "Image credit: Ministry of Energy",
            "Click here to subscribe to our weekly newsletter",
            "Sign up for our free daily newsletter",
            "Related Articles",
            "Copyright © 2021 Caspian Times. All rights reserved.",
            "e-ISSN 1234-5678",
            "Tags: energy, rail, Caspian",
            "12 Comments",
            "Leave a Comment",
            "Your email address will not be published. Required fields are marked *",
            "This article was originally published by Caspian Times.",
            "The views expressed in this article are the author's own.",
        ]
    )
    assert body(text) == [PROSE]


def test_furniture_glued_to_the_end_of_a_paragraph_is_cut() -> None:
    text = (
        PROSE
        + "  Read more: https://example.org/x\n\n"
        + OTHER
        + " Content on this site is licensed under a Creative Commons licence."
    )
    assert body(text) == [PROSE, OTHER]


def test_an_editors_note_or_correction_becomes_a_note() -> None:
    correction = "Correction: An earlier version misstated the length of the line."
    text = f"{PROSE}\n\n{correction}\n\nEditor’s note: The author advises the ministry."
    cleaned = clean(text)
    assert cleaned.text == PROSE
    assert cleaned.notes == [
        "Correction: An earlier version misstated the length of the line.",
        "Editor’s note: The author advises the ministry.",
    ]


def test_author_bios_go_when_they_name_the_author_or_sit_at_the_edges() -> None:
    middle = [
        f"The {topic} question came up again in the talks, officials said."
        for topic in ("rail", "gas", "visa", "banking", "fisheries", "tariff")
    ]
    text = "\n\n".join(
        [
            PROSE,
            *middle[:3],
            "Dr. Leila Karimi, a historian, is a senior fellow at the Institute of Caspian Studies.",
            "Omar Said is an economist who has advised three governments on energy policy.",
            *middle[3:],
            "About the author",
            "She writes on trade for several newspapers.",
            "Leila Karimi",
        ]
    )
    # A name-shaped heading is not taken for a signature unless it ends the text.
    assert body(text, author="Leila Karimi") == [
        PROSE,
        *middle[:3],
        "Omar Said is an economist who has advised three governments on energy policy.",
        *middle[3:],
    ]


def test_numbered_citations_are_set_aside_and_their_marks_removed() -> None:
    text = (
        "Exports rose sharply in 2016.³ Imports fell,⁴ and the deficit closed.\n\n"
        "3. A. Author, “Trade Review”, Caspian Quarterly, vol. 2, 2017, pp. 4-9.\n\n"
        "4. Op. cit., p. 7.\n\n"
        "Ibid.\n\n"
        "<https://example.org/a-report.pdf>\n\n"
        "1. First, the rail link was extended to the border."
    )
    cleaned = clean(text)
    assert (
        cleaned.text == "Exports rose sharply in 2016. Imports fell, and the deficit closed.\n\n"
        "1. First, the rail link was extended to the border."
    )
    assert cleaned.footnotes == {
        "3": "A. Author, “Trade Review”, Caspian Quarterly, vol. 2, 2017, pp. 4-9.",
        "4": "Op. cit., p. 7.",
    }


def test_ascii_marks_go_only_when_they_match_a_footnote_and_numbers_stay() -> None:
    text = (
        "The accord was signed in Tehran.12 It covered 2.5 km² of land and 10⁶ tonnes, up 3.7 percent.\n\n"
        "Prices rose in 2017.5 percent of it was oil.\n\n"
        "12. B. Author, “Accord”, https://example.org/accord. Accessed on May 4, 2018."
    )
    assert body(text) == [
        "The accord was signed in Tehran. It covered 2.5 km² of land and 10⁶ tonnes, up 3.7 percent.",
        "Prices rose in 2017.5 percent of it was oil.",
    ]


def test_a_pull_quote_that_repeats_the_body_is_dropped() -> None:
    quote = "Sanctions have made every payment between the two countries slow and expensive."
    banks = "Banks now settle in local currencies."
    text = f"{PROSE} {quote} {banks}\n\n“{quote}”\n\n{PROSE.replace('Baku', 'Aktau')}"
    assert body(text) == [
        f"{PROSE} {quote} Banks now settle in local currencies.",
        PROSE.replace("Baku", "Aktau"),
    ]


def test_a_sentence_split_by_a_page_break_or_a_footnote_block_is_rejoined() -> None:
    text = (
        "CHAPTER TWO\n\n"
        "The pipeline was approved in 2015, but construction was delayed by a dispute over\n\n"
        "7. C. Author, “Pipelines”, Energy Policy, 2016, p. 3.\n\n"
        "the price of transit gas. It opened in 2019.\n\n"
        "Trade Outlook\n\n"
        "Both sides expect growth."
    )
    assert body(text) == [
        "CHAPTER TWO",
        "The pipeline was approved in 2015, but construction was delayed by a dispute over the price of "
        "transit gas. It opened in 2019.",
        "Trade Outlook",
        "Both sides expect growth.",
    ]


def test_converter_escapes_entities_and_emphasis_are_undone() -> None:
    text = (
        "A \\$5 billion deal for the *Caspian* \\_north\\_ field &amp; a **new** port &mdash; AT&T, R&D kept."
    )
    assert body(text) == ["A $5 billion deal for the Caspian _north_ field & a new port — AT&T, R&D kept."]


def test_a_flattened_subheading_becomes_its_own_paragraph() -> None:
    text = f"{PROSE}  Energy Ties  {OTHER}"
    assert body(text) == [PROSE, "Energy Ties", OTHER]


def test_title_byline_and_dateline_become_metadata() -> None:
    cleaned = clean(
        f"Rail Link Extended to the Border\n\nBy Maria Example and John Roe\n\n"
        f"March 3, 2021\n\nBAKU, Azerbaijan — {PROSE}"
    )
    assert cleaned.text == PROSE
    assert cleaned.found == {
        "title": "Rail Link Extended to the Border",
        "author": "Maria Example and John Roe",
        "published": "2021-03-03",
    }


def test_a_line_repeating_the_known_title_is_dropped_in_any_case() -> None:
    assert body(f"RAIL LINK EXTENDED TO THE BORDER\n\n{PROSE}", title="Rail link extended to the border") == [
        PROSE
    ]


def test_a_dateline_with_a_publisher_gives_the_date() -> None:
    cleaned = clean(f"13 June 2017 – CASPIAN TIMES – BAKU — {PROSE}")
    assert cleaned.text == PROSE and cleaned.found["published"] == "2017-06-13"


@pytest.mark.parametrize(
    "dateline", ["BRASILIA, April 14 (Staff) — ", "LONDON, March 3, 2020 (Reuters) - ", "WASHINGTON (AP) — "]
)
def test_a_wire_dateline_with_month_day_and_agency_is_not_body_text(dateline: str) -> None:
    assert clean(dateline + PROSE).text == PROSE


def test_the_rules_are_a_named_ordered_table() -> None:
    names = [name for name, _ in RULES]
    assert (
        names.index("set_aside_footnotes")
        < names.index("drop_pull_quotes")
        < names.index("rejoin_broken_sentences")
    )
    assert len(set(names)) == len(names)


def test_text_extracted_from_a_paged_document_loses_its_page_furniture() -> None:
    header = "Caspian Review 12(3) · Trade and Transit"
    text = (
        f"{header}\n\nThe rail corridor opened in 2019 and carried its first freight trains in the\n"
        "spring, a year later than planned.¹ Its capacity is expected to double by\n\n"
        "1 Ibid., p. 4.\n"
        "2. C. Author, “Corridors”, https://example.org/c. Accessed on May 4, 2020.\n\n"
        f"14\n\f{header}\n\n"
        "2024, the operator said.² Tariffs remain the main obstacle.\n\n"
        f"Page 15 of 20\n\f{header}\n\nPublished on 4 May 2021\n\n4 min read\n\nA last paragraph of prose.\n"
    )
    cleaned = clean(text)
    assert [cleaned.text[s:e] for s, e in cleaned.paragraphs] == [
        "The rail corridor opened in 2019 and carried its first freight trains in the spring, a year later "
        "than planned. Its capacity is expected to double by 2024, the operator said. Tariffs remain the "
        "main obstacle.",
        "A last paragraph of prose.",
    ]
    assert cleaned.footnotes == {
        "1": "Ibid., p. 4.",
        "2": "C. Author, “Corridors”, https://example.org/c. Accessed on May 4, 2020.",
    }


def test_a_colon_or_a_heading_does_not_pull_the_next_paragraph_in() -> None:
    text = "The agreement covers three sectors:\n\nOil and gas exploration.\n\nRail Transit\n\nBanking links."
    assert body(text) == [
        "The agreement covers three sectors:",
        "Oil and gas exploration.",
        "Rail Transit",
        "Banking links.",
    ]


def test_a_comment_section_and_related_headlines_are_cut() -> None:
    article = [PROSE, OTHER, "Tariffs on grain were cut by half in the same month, the ministry said."]
    text = "\n\n".join(
        [
            *article,
            "Related Articles",
            "Iran and Russia sign $5 billion rail deal",
            "Caspian summit ends without agreement on seabed",
            "3 thoughts on “Rail link extended”",
            "Reader99 says:",
            "March 5, 2021 at 10:32 am",
            "This project will never be finished, and everybody in the region knows it very well.",
            "Reply",
        ]
    )
    assert body(text) == article


def test_a_comment_paragraph_in_the_body_is_kept() -> None:
    text = f"Comment: {PROSE}\n\n{OTHER}"
    assert body(text) == [f"Comment: {PROSE}", OTHER]


def test_a_lede_about_a_person_is_not_a_bio() -> None:
    text = "\n\n".join(
        [
            "Hassan Rouhani was re-elected president on Friday with 57 percent of the vote.",
            OTHER,
            "Ali Vaez is the director of the Iran project at the International Crisis Group.",
        ]
    )
    assert body(text) == [
        "Hassan Rouhani was re-elected president on Friday with 57 percent of the vote.",
        OTHER,
    ]


def test_a_numbered_list_in_the_body_is_not_taken_for_footnotes() -> None:
    text = (
        "The resolution set out three steps:\n\n"
        "1. Resolution No. 2231 was endorsed by the Security Council in July 2015.\n\n"
        "2. Putin said “we will cooperate” in 2019, and trade rose."
    )
    assert len(body(text)) == 3


def test_a_hyphen_at_a_line_end_stays_only_in_a_compound_the_text_uses() -> None:
    text = (
        "The well-known route carries most of the freight. Its inter-\n"
        "national status is disputed, and the route is well-\nknown to smugglers as well."
    )
    assert body(text) == [
        "The well-known route carries most of the freight. Its international status is disputed, "
        "and the route is well-known to smugglers as well."
    ]


def test_date_lines_and_bylines_in_their_common_shapes() -> None:
    for date_line in [
        "Monday, 13 June 2017 10:32 GMT",
        "Published: 2017-06-13",
        "Updated on June 13, 2017 at 4 pm",
    ]:
        cleaned = clean(f"Rail link extended\n\nAuthor: Maria Example\n\n{date_line}\n\n{PROSE}")
        assert cleaned.text == PROSE, date_line
        assert cleaned.found["published"] == "2017-06-13"
        assert cleaned.found["author"] == "Maria Example"
    assert body(f"The March 2017 Summit\n\n{PROSE}", title="Rail deal") == ["The March 2017 Summit", PROSE]
    assert "author" not in clean(f"By the way, trade grew.\n\n{PROSE}").found


def test_a_reference_list_and_figure_captions_leave_the_body() -> None:
    text = "\n\n".join(
        [
            PROSE,
            "Figure 2: Freight on the northern route, 2015–2020 (million tonnes)",
            "Source: National Railway Statistics",
            OTHER,
            "References",
            "Doe, J. (2019). Corridors of the Caspian. Basin Press.",
            "Roe, R. 2020. Rail and Power. Journal of Transit 4(2): 1–20.",
            "Annex tables follow on the next page.",
        ]
    )
    assert body(text) == [PROSE, OTHER]
