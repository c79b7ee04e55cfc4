import pytest

from briefing.extract.sentences import split
from briefing.model import Document, DocumentInfo


def _sentences(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[str]:
    doc = Document(
        info=DocumentInfo(id="d", file="d.txt"), text=text, paragraphs=paragraphs or [(0, len(text))]
    )
    found = split(doc)
    for s in found:
        assert text[s.start : s.end] == s.text and s.ref().quote == s.text
    return [s.text for s in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trade rose. Prices fell!", ["Trade rose.", "Prices fell!"]),
        ("Mr. Putin met Dr. Rouhani. They spoke.", ["Mr. Putin met Dr. Rouhani.", "They spoke."]),
        ("It grew 2.5 percent. Then it fell.", ["It grew 2.5 percent.", "Then it fell."]),
        ("George W. Bush left. Obama came.", ["George W. Bush left.", "Obama came."]),
        ("He met the U.S. president. It went well.", ["He met the U.S. president.", "It went well."]),
        (
            "The deal was abandoned by the U.S. “It hurts,” he said.",
            ["The deal was abandoned by the U.S.", "“It hurts,” he said."],
        ),
        (
            "Sanctions came from the U.S. The talks ended.",
            ["Sanctions came from the U.S.", "The talks ended."],
        ),
        ("“Will it last?” she asked. Nobody knew.", ["“Will it last?” she asked.", "Nobody knew."]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_sentences_never_cross_paragraphs() -> None:
    text = "A heading\n\nThe body starts here. It ends here."
    assert _sentences(text, [(0, 9), (11, len(text))]) == [
        "A heading",
        "The body starts here.",
        "It ends here.",
    ]
