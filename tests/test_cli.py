"""The user's view: commands, exit codes, files written, and what the built brief contains."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from docx import Document as DocxDocument
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app

runner = CliRunner()
SECTIONS = ("Summary", "Key figures", "Chronology", "Challenges to Iran–Russia relations")


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_one_page_pdf_is_exactly_one_page_with_every_section(built):
    pdf = built / "iran-russia-one-page.pdf"
    assert len(PdfReader(pdf).pages) == 1
    text = _pdf_text(pdf)
    for heading in SECTIONS:
        assert heading in text


def test_every_section_of_the_one_page_brief_has_cited_items(built):
    brief = json.loads((built / "iran-russia-one-page.json").read_text(encoding="utf-8"))
    numbers = {s["n"] for s in brief["sources"]}
    for section in ("summary", "key_figures", "chronology", "challenges"):
        assert brief[section], section
        for item in brief[section]:
            assert item["cites"] and set(item["cites"]) <= numbers


def test_docx_has_the_same_headings_and_a_table(built):
    doc = DocxDocument(str(built / "iran-russia-one-page.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for heading in SECTIONS:
        assert heading in headings
    assert doc.tables and len(doc.tables[0].rows) > 1


def test_report_has_several_pages_and_bookmarks(built):
    reader = PdfReader(built / "iran-russia-report.pdf")
    assert len(reader.pages) > 1
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert any("Chronology" in t for t in titles)


def test_chronology_cites_real_source_spans(built, seed_corpus):
    from briefing.ingest import load_corpus

    texts = {d.id: d.text for d in load_corpus(seed_corpus).documents}
    brief = json.loads((built / "iran-russia-report.json").read_text(encoding="utf-8"))
    assert brief["chronology"]
    for event in brief["chronology"]:
        assert event["date"] and event["cites"]
        for ref in event["sources"]:
            assert texts[ref["doc"]][ref["start"] : ref["end"]] == ref["quote"]


def test_two_builds_give_identical_bytes(built, tmp_path, seed_corpus):
    from briefing.pipeline import build

    build(seed_corpus, template="one-page", formats=["docx", "pdf"], out=tmp_path)
    for ext in ("docx", "pdf"):
        name = f"iran-russia-one-page.{ext}"
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


def test_extract_prints_json_with_sources_on_every_item(seed_corpus):
    result = _run("extract", str(seed_corpus), "-o", "-")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in ("documents", "events", "figures", "challenges", "summary", "discrepancies"):
        assert key in data
    for key in ("events", "figures", "challenges", "summary"):
        assert data[key]
        for item in data[key]:
            assert item["sources"] and {"doc", "start", "end", "quote"} <= set(item["sources"][0])


def test_build_from_edited_extracts(seed_corpus, tmp_path):
    extracts = tmp_path / "extracts.yaml"
    assert _run("extract", str(seed_corpus), "-o", str(extracts)).exit_code == 0
    data = yaml.safe_load(extracts.read_text(encoding="utf-8"))
    dropped = data["events"].pop(0)["text"]
    edited = data["events"][0]["text"]
    data["events"][0]["date"] = "1999-12-31"
    data["events"][0]["precision"] = "day"
    data["events"][0]["salience"] = 100.0
    extracts.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    result = _run("build", "--extracts", str(extracts), "-t", "report", "-f", "json,md", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    brief = json.loads((tmp_path / "iran-russia-report.json").read_text(encoding="utf-8"))
    assert dropped not in [e["text"] for e in brief["chronology"]]
    assert {e["text"]: e["date"] for e in brief["chronology"]}[edited] == "1999-12-31"
    assert "31 December 1999" in (tmp_path / "iran-russia-report.md").read_text(encoding="utf-8")


def test_edited_extracts_that_break_the_schema_name_item_and_field(seed_corpus, tmp_path):
    extracts = tmp_path / "extracts.json"
    assert _run("extract", str(seed_corpus), "-o", str(extracts)).exit_code == 0
    data = json.loads(extracts.read_text(encoding="utf-8"))
    del data["figures"][1]["value"]
    extracts.write_text(json.dumps(data), encoding="utf-8")
    result = _run("build", "--extracts", str(extracts), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "figures[1].value" in result.stderr and "Traceback" not in result.output


def test_templates_list_shows_builtins():
    result = _run("templates", "list")
    assert result.exit_code == 0
    assert "one-page" in result.stdout and "report" in result.stdout


@pytest.mark.parametrize("command", [[], ["build"], ["extract"], ["templates"], ["sources"]])
def test_help_explains_with_examples(command):
    result = _run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout
    if command in (["build"], ["extract"]):
        assert "Example" in result.stdout


def test_python_dash_m_works():
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "build" in result.stdout


def _error_cases(tmp_path: Path, corpus: Path) -> dict[str, list[str]]:
    empty = tmp_path / "empty"
    empty.mkdir()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "a.txt").write_text("Some text about trade in 2017.", encoding="utf-8")
    (broken / "sources.yaml").write_text(
        "documents:\n  - file: a.txt\n   title: [unclosed\n", encoding="utf-8"
    )
    return {
        "missing folder": ["build", str(tmp_path / "nope")],
        "empty folder": ["build", str(empty)],
        "unknown template": ["build", str(corpus), "-t", "no-such-template"],
        "unknown format": ["build", str(corpus), "-f", "docx,odt"],
        "unreadable manifest": ["build", str(broken)],
    }


@pytest.mark.parametrize(
    "case", ["missing folder", "empty folder", "unknown template", "unknown format", "unreadable manifest"]
)
def test_bad_input_exits_2_with_a_message_and_keeps_earlier_outputs(case, tmp_path, seed_corpus):
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "iran-russia-one-page.pdf"
    earlier.write_bytes(b"earlier output")
    args = _error_cases(tmp_path, seed_corpus)[case] + ["-o", str(out)]
    result = _run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output
    assert earlier.read_bytes() == b"earlier output"
    assert [p.name for p in out.iterdir()] == ["iran-russia-one-page.pdf"]


def test_manifest_error_gives_line_and_column(tmp_path, seed_corpus):
    args = _error_cases(tmp_path, seed_corpus)["unreadable manifest"]
    result = _run(*args)
    assert "sources.yaml:3:" in result.stderr


def test_warnings_go_to_stderr_and_strict_makes_them_fatal(corpus_copy, tmp_path):
    (corpus_copy / "notes.xyz").write_bytes(b"\x00\x01")
    result = _run("build", str(corpus_copy), "-f", "md", "-o", str(tmp_path))
    assert result.exit_code == 0 and "notes.xyz" in result.stderr
    result = _run("build", str(corpus_copy), "-f", "md", "-o", str(tmp_path), "--strict")
    assert result.exit_code == 2


def test_output_is_readable_as_a_whole(built):
    # Nothing half-written: every file parses in its format.
    for name in ("iran-russia-one-page.docx", "iran-russia-report.docx"):
        DocxDocument(io.BytesIO((built / name).read_bytes()))
    for name in ("iran-russia-one-page.pdf", "iran-russia-report.pdf"):
        assert PdfReader(built / name).pages


def test_sources_lists_every_document_with_its_date(seed_corpus):
    result = _run("sources", str(seed_corpus))
    assert result.exit_code == 0
    for name in ("rouhani-putin-phone-call.txt", "building-strategic-partnership.txt"):
        assert name in result.stdout
    assert "2017-06-13" in result.stdout and "footnotes" in result.stdout


def test_another_corpus_builds_with_its_own_subject(tmp_path):
    planted = Path(__file__).parent / "fixtures" / "norvania-caltera"
    result = _run("build", str(planted), "-f", "pdf,json", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "norvania-caltera-one-page.pdf"
    assert len(PdfReader(pdf).pages) == 1
    text = _pdf_text(pdf)
    assert "Challenges to Norvania–Caltera relations" in text
    assert "Iran" not in text and "Russia" not in text


def test_a_brief_that_cannot_fit_its_page_says_so(tmp_path, seed_corpus):
    big = tmp_path / "huge-type"
    big.mkdir()
    (big / "template.yaml").write_text(
        "max_pages: 1\n"
        "fonts: {body_pt: 40, min_body_pt: 40, title_pt: 60, h1_pt: 50, h2_pt: 45, table_pt: 40,"
        " note_pt: 40}\n"
        "sections: {summary: {title: Summary}, sources: {title: Sources}}\n",
        encoding="utf-8",
    )
    (big / "brief.md.j2").write_text(
        "# {{ brief.title }}\n\n{% for s in brief.summary %}{{ s.text }}\n\n{% endfor %}", encoding="utf-8"
    )
    args = ["build", str(seed_corpus), "-t", str(big), "-f", "pdf", "-o", str(tmp_path / "out")]
    result = _run(*args)
    assert result.exit_code == 0
    assert "does not fit 1 page" in result.stderr
    result = _run(*args, "--strict")
    assert result.exit_code == 2


def test_an_unexpected_failure_is_reported_without_a_traceback(tmp_path, seed_corpus):
    # A corrupt built-in is not a user error: main() reports a bug in one line and exits 1.
    code = (
        "import briefing.pipeline as p\n"
        "def boom(*a, **k):\n    raise RuntimeError('kaput')\n"
        "p.render_brief = boom\n"
        "import sys\nsys.argv = ['briefing', 'build', sys.argv[1], '-o', sys.argv[2], '--no-cache']\n"
        "from briefing.cli import main\nmain()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(seed_corpus), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "internal error: RuntimeError: kaput" in result.stderr and "Traceback" not in result.stderr


def _edited_extracts(tmp_path: Path, seed_corpus: Path, edit) -> Path:
    path = tmp_path / "extracts.json"
    assert _run("extract", str(seed_corpus), "-o", str(path), "--no-cache").exit_code == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["events"][0].update(date="someday"), "events[0].date"),
        (lambda d: d["documents"][0].update(published="2017-13-45"), "documents[0].published"),
        (lambda d: d["events"][0]["sources"][0].update(doc="nowhere"), "cites document 'nowhere'"),
        (lambda d: d.update(corpus="../../escaped"), "corpus id '../../escaped'"),
    ],
)
def test_an_edited_extracts_file_is_checked_before_anything_is_written(tmp_path, seed_corpus, edit, expected):
    extracts = _edited_extracts(tmp_path, seed_corpus, edit)
    out = tmp_path / "deep" / "out"
    result = _run("build", "--extracts", str(extracts), "-f", "md", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert expected in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "escaped-one-page.md").exists() and not out.exists()


def test_strict_stops_before_writing(corpus_copy, tmp_path):
    (corpus_copy / "notes.xyz").write_bytes(b"\x00\x01")
    out = tmp_path / "out"
    result = _run("build", str(corpus_copy), "-f", "md", "-o", str(out), "--strict", "--no-cache")
    assert result.exit_code == 2 and "--strict" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("out is a file", "is a file, not a folder"),
        ("no format", "no output format given"),
        ("epoch", "SOURCE_DATE_EPOCH"),
        ("margins", "margins_mm"),
    ],
)
def test_more_bad_input_gets_a_message_not_a_bug_report(tmp_path, seed_corpus, monkeypatch, case, expected):
    args = ["build", str(seed_corpus), "-f", "md", "-o", str(tmp_path / "out"), "--no-cache"]
    if case == "out is a file":
        (tmp_path / "file").write_text("x")
        args[args.index("-o") + 1] = str(tmp_path / "file")
    elif case == "no format":
        args[args.index("-f") + 1] = ""
    elif case == "epoch":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    else:
        template = tmp_path / "wide"
        template.mkdir()
        (template / "template.yaml").write_text(
            "page: {margins_mm: [150, 150, 150, 150]}\n", encoding="utf-8"
        )
        (template / "brief.md.j2").write_text("# {{ brief.title }}\n", encoding="utf-8")
        args += ["-t", str(template)]
    result = _run(*args)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr and "Traceback" not in result.output
