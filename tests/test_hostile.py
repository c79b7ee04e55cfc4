"""Hostile input through the command line: a clear warning or error, the documented exit status, no
traceback, and earlier outputs left byte-identical.

Per-file cases already pinned at the library level (tests/test_ingest_manifest.py, test_ingest_formats.py)
are taken here through `briefing build`, together, as an analyst's messy folder would hold them.
Exit status: 0 when the build goes on with warnings, 2 for input the build cannot use (README).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader
from typer.testing import CliRunner

import briefing.pipeline
from briefing.cli import app
from briefing.ingest import MAX_BYTES

runner = CliRunner()

GOOD = (
    "Iran and Russia signed a gas agreement worth $2 billion in Moscow on 28 March 2017, officials said. "
    "Bilateral trade reached $3.1 billion in 2018, up 10 percent from the year before.\n\n"
    "Analysts warned that sanctions and payment problems remain the main obstacle to closer ties.\n"
)
EARLIER = {"x-one-page.md": b"earlier brief\n", "x-one-page.pdf": b"%PDF earlier"}


def _run(*args: str):
    return runner.invoke(app, [*args, "--no-cache"], catch_exceptions=False)


def _corpus(tmp_path: Path, files: dict[str, str | bytes], manifest: str | None = None) -> Path:
    folder = tmp_path / "x"
    folder.mkdir()
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    if manifest is not None:
        (folder / "sources.yaml").write_text(manifest, encoding="utf-8")
    return folder


def _earlier(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    for name, data in EARLIER.items():
        (out / name).write_bytes(data)
    return out


def _assert_refused(result, out: Path, *phrases: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == EARLIER


def _pdf(text: str | None, **kwargs) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1, **kwargs)
    if text:
        page.drawString(72, 720, text)
    else:
        page.rect(72, 72, 400, 600, fill=1)
    page.save()
    return buffer.getvalue()


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- Files ---------------------------------------------------------------------------------------


def test_a_messy_folder_builds_from_what_it_can_read_with_a_warning_per_file(tmp_path):
    whole = _pdf("Iran and Russia signed a deal worth $2 billion in 2017.")
    files: dict[str, str | bytes] = {
        "good.txt": GOOD,
        "empty.txt": "",
        "blank.md": " \n\t\n  \n",
        "binary.txt": os.urandom(4096),
        "bad-utf8.txt": "Iran’s trade grew. ".encode() * 4 + b"\xff\xfe\xc0\xaf end",
        "truncated.pdf": whole[: len(whole) // 2],
        "locked.pdf": _pdf("A secret text about trade.", encrypt="secret"),
        "scanned.pdf": _pdf(None),
        "renamed.docx": _zip({"readme.txt": b"this zip is not a Word document"}),
    }
    folder = _corpus(tmp_path, files)
    # A 50 MB text: over the size limit, refused on its size without being read (a sparse file).
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    out = tmp_path / "out"
    result = _run("build", str(folder), "-f", "md,docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    skipped = {line.split(":")[1].strip() for line in result.stderr.splitlines() if ": skipped:" in line}
    assert skipped == set(files) - {"good.txt"} | {"huge.txt"}
    assert "file too large" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["x-one-page.docx", "x-one-page.md"]
    strict = _run("build", str(folder), "-f", "md", "-o", str(tmp_path / "strict"), "--strict")
    assert strict.exit_code == 2 and "--strict" in strict.stderr


def test_a_folder_with_nothing_readable_is_refused_and_earlier_outputs_stay(tmp_path):
    folder = _corpus(tmp_path, {"empty.txt": "", "noise.txt": os.urandom(2048), "blank.txt": "\n \n"})
    out = _earlier(tmp_path)
    _assert_refused(_run("build", str(folder), "-o", str(out)), out, "no usable document", "empty.txt")


# --- The manifest --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("manifest", "phrase"),
    [
        ("documents: 5\n", "'documents' must be a list"),
        ("title: [1, 2]\ndocuments: [good.txt]\n", "'title'"),
        ("documents:\n  - file: 7\n", "'file'"),
        ("documents:\n  - file: good.txt\n    published: yesterday\n", "'published'"),
        ("documents:\n  - file: ../../etc/passwd\n", "outside the corpus folder"),
        ("documents:\n  - file: /etc/passwd\n", "outside the corpus folder"),
        ("documents: [good.txt\n", "not valid YAML"),
        ("just a string\n", "must be a mapping"),
    ],
)
def test_a_manifest_that_cannot_be_used_is_refused(tmp_path, manifest, phrase):
    folder = _corpus(tmp_path, {"good.txt": GOOD}, manifest)
    out = _earlier(tmp_path)
    _assert_refused(_run("build", str(folder), "-o", str(out)), out, phrase, "sources.yaml")


def test_unknown_keys_and_duplicate_entries_are_warnings(tmp_path):
    manifest = (
        "colour: blue\ndocuments:\n  - file: good.txt\n    mood: cheerful\n  - file: good.txt\n"
        "  - file: ./good.txt\n"
    )
    folder = _corpus(tmp_path, {"good.txt": GOOD}, manifest)
    result = _run("build", str(folder), "-f", "md", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "unknown key 'colour'" in result.stderr
    assert "unknown key 'mood'" in result.stderr
    assert result.stderr.count("repeats") == 2
    assert (tmp_path / "out" / "x-one-page.md").is_file()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symbolic_links_out_of_the_folder_or_round_a_loop_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Private notes: Iran and Russia agreed on nothing in 2017.\n", encoding="utf-8")
    folder = _corpus(tmp_path, {"good.txt": GOOD})
    (folder / "leak.txt").symlink_to(secret)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop
    out = tmp_path / "out"
    result = _run("build", str(folder), "-f", "md,json", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "leak.txt: skipped: a link to a file outside the sources folder" in result.stderr
    assert "loop.txt: skipped: a symbolic link that loops" in result.stderr
    assert "Private notes" not in (out / "x-one-page.json").read_text(encoding="utf-8")

    (tmp_path / "again").mkdir()
    earlier = _earlier(tmp_path / "again")
    for entry in ("leak.txt", "loop.txt"):
        (folder / "sources.yaml").write_text(f"documents:\n  - file: {entry}\n", encoding="utf-8")
        _assert_refused(_run("build", str(folder), "-o", str(earlier)), earlier, "sources.yaml")


# --- Templates -----------------------------------------------------------------------------------


def _template(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "template.yaml").write_text("name: hostile\n", encoding="utf-8")
    (folder / "brief.md.j2").write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ("# {{ brief.title }\n", "brief.md.j2:1"),
        ("{% for x in brief.summary %}\n{{ x.text }}\n", "brief.md.j2"),
        ("{% for i in range(10**9) %}x{% endfor %}\n", "too much"),
        ("{{ brief.__class__.__mro__[1].__subclasses__() }}\n", "unsafe"),
        ("{{ cycler.__init__.__globals__.os.system('touch PWNED') }}\n", "unsafe"),
        ("{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}\n", "unsafe"),
        ("{{ brief.title.__class__.__base__.__subclasses__() }}\n", "unsafe"),
        ("{{ self._TemplateReference__context }}\n", "unsafe"),
        ("{{ brief.sources.append(1) }}\n", "unsafe"),
        ("{{ 'x' * 10**9 }}\n", "too large"),
        ("{{ (9**9) ** (9**9) }}\n", "too large"),
        ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}\n", "more than 20,000,000 characters"),
    ],
)
def test_a_hostile_template_is_stopped_with_an_error_naming_it(
    tmp_path, seed_corpus, body, phrase, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    template = _template(tmp_path, body)
    out = _earlier(tmp_path)
    result = _run("build", str(seed_corpus), "-t", str(template), "-f", "md", "-o", str(out))
    _assert_refused(result, out, phrase)
    assert not (tmp_path / "PWNED").exists()


def test_a_template_that_never_ends_is_stopped(tmp_path, seed_corpus, monkeypatch):
    # range() is capped by the sandbox, but loops inside loops multiply: the render timer stops them.
    monkeypatch.setattr(briefing.pipeline, "RENDER_TIMEOUT", 0.5)
    body = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    template = _template(tmp_path, body)
    out = _earlier(tmp_path)
    result = _run("build", str(seed_corpus), "-t", str(template), "-f", "md", "-o", str(out))
    _assert_refused(result, out, "rendering stopped after 0.5 s")


# --- Text that markup, XML and layout choke on ---------------------------------------------------

HOSTILE_TEXT = (
    "Iran and Russia signed a **bold** deal worth $2 billion in March 2017 | a # heading [link](http://x) "
    "<script>alert('x')</script> <b>html</b> &amp; entities, officials said in Moscow.\n\n"
    "Control characters\x01\x02\x03\x07\x08\x0b\x0c\x1b\x7f in the middle of a sentence about trade of "
    "$3 billion in 2018 between Iran and Russia.\n\n"
    "الرئيس الإيراني التقى بوتين في موسكو عام 2017 لبحث التجارة بين إيران وروسيا. "
    "Then a sentence mixing עברית and English about sanctions on Iran and Russia in 2019.\n\n"
    "A surrogate-free oddity: \ufeff\u200b\u202e reversed \u202c text and \ufffd replacement, and "
    "sanctions remain the main obstacle to trade between Iran and Russia.\n"
)


def test_markup_control_characters_and_right_to_left_text_render_safely(tmp_path):
    folder = _corpus(tmp_path, {"hostile.txt": HOSTILE_TEXT})
    out = tmp_path / "out"
    result = _run("build", str(folder), "-f", "docx,pdf,md,json", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    docx = DocxDocument(str(out / "x-one-page.docx"))
    text = "\n".join(p.text for p in docx.paragraphs) + "\n".join(
        cell.text for table in docx.tables for row in table.rows for cell in row.cells
    )
    assert "<script>" not in "".join(
        r.element.xml for p in docx.paragraphs for r in p.runs if "script" in r.text
    )
    assert not any(ch in text for ch in "\x01\x02\x03\x07\x08\x0b\x0c\x1b")
    assert len(PdfReader(out / "x-one-page.pdf").pages) >= 1
    markdown = (out / "x-one-page.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown


def test_control_characters_from_the_manifest_or_an_edited_extracts_file_are_dropped(tmp_path, seed_corpus):
    manifest = 'title: "Iran\\a Russia"\ndocuments:\n  - file: good.txt\n    author: "Jo\\x01hn"\n'
    folder = _corpus(tmp_path, {"good.txt": GOOD}, manifest)
    result = _run("build", str(folder), "-f", "docx,pdf", "-o", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert "removed 2 control character(s)" in result.stderr
    assert DocxDocument(str(tmp_path / "a" / "x-one-page.docx")).paragraphs

    extracts = tmp_path / "extracts.json"
    assert _run("extract", str(seed_corpus), "-o", str(extracts)).exit_code == 0
    text = extracts.read_text(encoding="utf-8").replace('"title": "Iran', '"title": "\\u0007Iran', 1)
    extracts.write_text(text, encoding="utf-8")
    result = _run("build", "--extracts", str(extracts), "-f", "docx", "-o", str(tmp_path / "b"))
    assert result.exit_code == 0, result.output
    assert "removed 1 control character(s)" in result.stderr


# Nine lines of YAML that expand to 9**7 (4.8 million) items through aliases.
_ALIASES = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f"], "abcdefg", strict=True)
)


def test_a_yaml_alias_bomb_in_front_matter_or_manifest_does_not_explode(tmp_path):
    bomb = f"---\n{_ALIASES}title: *g\nauthor: *g\n---\n{GOOD}"
    folder = _corpus(tmp_path, {"bomb.md": bomb, "good.txt": GOOD})
    result = _run("build", str(folder), "-f", "md", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "bomb.md: front matter 'title' is not a plain value or list; ignored" in result.stderr
    assert len((tmp_path / "out" / "x-one-page.md").read_bytes()) < 100_000

    (folder / "sources.yaml").write_text(f"{_ALIASES}title: *g\n", encoding="utf-8")
    out = _earlier(tmp_path / "out")
    _assert_refused(_run("build", str(folder), "-o", str(out)), out, "'title' must be a string")
