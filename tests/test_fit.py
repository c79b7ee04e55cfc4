"""One page, guaranteed: the one-page templates fit their page in the PDF and, laid out by a word
processor (LibreOffice), in the DOCX, whatever the corpus: the seed, one short document, or the seed
documents ten times over."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.model import DocumentInfo, Extracts, Figure, SourceRef, SummaryItem
from briefing.pipeline import extract, render_brief
from briefing.render import Meta, Style, office
from briefing.render.fit import Draft, candidates, fit
from briefing.templates import find

ONE_PAGE_TEMPLATES = ("one-page", "talking-points")
CORPORA = ("seed", "tiny", "seed-x10")


def _tiny_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "sources.yaml").write_text(
        "title: Alderia–Brenmark relations\n"
        "documents:\n"
        "  - file: note.txt\n"
        "    title: A short note\n"
        "    published: 2021-05-04\n",
        encoding="utf-8",
    )
    (folder / "note.txt").write_text(
        "In March 2020 Alderia and Brenmark signed a trade agreement worth $2 billion.\n\n"
        "Mistrust over border tariffs remains an obstacle to closer ties.\n",
        encoding="utf-8",
    )
    return folder


def _ten_times(extracts: Extracts) -> Extracts:
    """The seed's extracts as if its documents had been copied ten times under new names: fifty
    sources and ten times the items. (Built from the extracts: extracting fifty files takes seconds.)"""
    data = extracts.model_dump()

    def renamed(value: object, copy: int) -> object:
        if isinstance(value, dict):
            return {
                key: (f"{item}-{copy}" if key in ("doc", "id") else renamed(item, copy))
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [renamed(item, copy) for item in value]
        return value

    for key in ("documents", "events", "figures", "challenges", "summary", "discrepancies"):
        data[key] = [renamed(item, copy) for copy in range(1, 11) for item in data[key]]
    for doc in data["documents"]:
        doc["title"] = f"{doc['title']} ({doc['id'].rsplit('-', 1)[1]})"
    return Extracts.model_validate(data)


@pytest.fixture(scope="module")
def corpora(seed_extracts: Extracts, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return {
        "seed": seed_extracts,
        "tiny": extract(_tiny_corpus(tmp_path_factory.mktemp("fit") / "tiny")),
        "seed-x10": _ten_times(seed_extracts),
    }


@pytest.fixture(scope="module")
def builds(corpora: dict) -> dict[tuple[str, str], dict[str, bytes]]:
    return {
        (corpus, name): render_brief(corpora[corpus], find(name), ["pdf", "docx"]).files
        for corpus in CORPORA
        for name in ONE_PAGE_TEMPLATES
    }


@pytest.mark.parametrize("name", ONE_PAGE_TEMPLATES)
@pytest.mark.parametrize("corpus", CORPORA)
def test_pdf_is_exactly_one_page(builds: dict, corpus: str, name: str) -> None:
    reader = PdfReader(io.BytesIO(builds[corpus, name]["pdf"]))
    assert len(reader.pages) == 1
    assert "Sources" in reader.pages[0].extract_text()


def test_docx_is_one_page_when_laid_out_by_libreoffice(builds: dict) -> None:
    if office.soffice() is None:
        if os.environ.get("BRIEFING_REQUIRE_OFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here but not installed")
        pytest.skip("LibreOffice is not installed")
    keys = sorted(builds)
    # One LibreOffice start for every document: each start costs seconds.
    counts = office.docx_page_counts([builds[key]["docx"] for key in keys])
    assert dict(zip(keys, counts, strict=True)) == dict.fromkeys(keys, 1)


def test_a_long_corpus_is_shortened_and_a_short_one_is_not(corpora: dict) -> None:
    long = render_brief(corpora["seed-x10"], find("one-page"), ["md"])
    short = render_brief(corpora["tiny"], find("one-page"), ["md"])
    assert short.fit_scale >= 1.0
    assert long.fit_scale < 1.0 or long.type_scale < 1.0
    assert "Summary" in long.markdown and "Sources" in long.markdown


def test_a_page_with_room_grows_its_budgets_while_it_fits() -> None:
    ref = SourceRef(doc="a", start=0, end=5, quote="Short")
    extracts = Extracts(
        corpus="thin",
        title="Short lines",
        documents=[DocumentInfo(id="a", file="a.txt", title="A", published="2020")],
        summary=[
            SummaryItem(text=f"Point {n} is short.", sources=[ref], salience=1 - n / 100) for n in range(40)
        ],
        figures=[
            Figure(value=n, unit="count", surface=str(n), label=f"measure {n}", sources=[ref], salience=1)
            for n in range(1, 41)
        ],
    )
    template = find("talking-points")
    built = render_brief(extracts, template, ["pdf"])
    assert built.fit_scale > 1.0
    assert len(built.brief.summary) > template.spec.sections["summary"].items
    assert len(PdfReader(io.BytesIO(built.files["pdf"])).pages) == 1


def test_type_never_shrinks_below_the_minimum() -> None:
    order = candidates(8.0, 7.5)
    assert min(t for _, t in order) == pytest.approx(7.5 / 8.0)
    assert order[0] == (1.0, 1.0)  # full budgets and full type first
    assert [t for _, t in candidates(8.0, None)] == [1.0] * len(candidates(8.0, None))


def test_what_cannot_fit_is_shortened_as_far_as_possible_and_says_so() -> None:
    seen: list[tuple[float, float]] = []

    def make(scale: float, type_scale: float) -> Draft:
        seen.append((scale, type_scale))
        style = Style(body_pt=round(10 * type_scale, 2))
        # Content that does not shrink with the budgets: three pages whatever the scale.
        return Draft("# Title\n\n" + "Words that go on and on. " * 1500, style, Meta(title="t"))

    fitted = fit(make, 1, body_pt=10, min_body_pt=9)
    assert not fitted.fits and fitted.layout.pages > 1
    assert fitted.scale == 0.0 and fitted.type_scale == pytest.approx(0.9)
    assert min(t for _, t in seen) >= 0.9
