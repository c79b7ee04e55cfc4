"""sources.yaml and the sources folder: errors that say what to fix, warnings that let a build go on."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import SourcesError
from briefing.ingest import load_corpus

BODY = "Iran and Russia signed a trade agreement in Moscow on 3 March 2019. Trade grew by 10 percent.\n"


def folder(tmp_path: Path, manifest: str | None, files: dict[str, str | bytes] | None = None) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for name, content in (files if files is not None else {"a.txt": BODY}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if manifest is not None:
        (root / "sources.yaml").write_text(manifest, encoding="utf-8")
    return root


def error(root: Path) -> SourcesError:
    with pytest.raises(SourcesError) as info:
        load_corpus(root)
    return info.value


def test_a_manifest_that_does_not_parse_names_file_line_and_column(tmp_path: Path) -> None:
    root = folder(tmp_path, "corpus: x\ndocuments:\n  - file: a.txt\n    title: [unclosed\n")
    err = error(root)
    assert err.where is not None and err.where.startswith(str(root / "sources.yaml") + ":")
    line, column = err.where.rsplit(":", 2)[1:]
    assert line.isdigit() and column.isdigit() and int(line) >= 4
    assert "not valid YAML" in err.message and err.hint


def test_a_manifest_entry_for_a_missing_file_names_it(tmp_path: Path) -> None:
    err = error(folder(tmp_path, "documents:\n  - file: a.txt\n  - file: missing.txt\n"))
    assert "missing.txt" in err.message and "entry 2" in err.message


@pytest.mark.parametrize(
    ("manifest", "named"),
    [
        ("- a.txt\n", "mapping"),
        ("documents: a.txt\n", "'documents'"),
        ("documents:\n  - title: no file\n", "'file'"),
        ("documents:\n  - file: a.txt\n    title: [1, 2]\n", "'title'"),
        ("documents:\n  - file: a.txt\n    published: last spring\n", "'published'"),
        ("title: {a: 1}\ndocuments: []\n", "'title'"),
        ("corpus: 'a b/c'\n", "'corpus'"),
    ],
)
def test_wrong_types_name_the_key_and_the_entry(tmp_path: Path, manifest: str, named: str) -> None:
    err = error(folder(tmp_path, manifest))
    assert named in err.message
    assert err.where == str(tmp_path / "corpus" / "sources.yaml")


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/hostname"])
def test_a_path_outside_the_folder_is_refused(tmp_path: Path, path: str) -> None:
    (tmp_path / "outside.txt").write_text(BODY)
    err = error(folder(tmp_path, f"documents:\n  - file: {path}\n"))
    assert "outside the corpus folder" in err.message


def test_manifest_dates_of_each_precision_and_unknown_keys(tmp_path: Path) -> None:
    files = {"a.txt": BODY, "b.txt": BODY, "c.txt": BODY}
    manifest = (
        "corpus: demo\ntitle: Demo relations\nextra: 1\ndocuments:\n"
        "  - file: a.txt\n    published: 2017-06-13\n    tags: x\n"
        "  - file: b.txt\n    published: 2018\n"
        "  - file: c.txt\n    published: 2017-08\n"
    )
    warnings: list[str] = []
    corpus = load_corpus(folder(tmp_path, manifest, files), warn=warnings.append)
    assert [d.info.published for d in corpus.documents] == ["2017-06-13", "2018", "2017-08"]
    assert (corpus.id, corpus.title) == ("demo", "Demo relations")
    assert any("'extra'" in w for w in warnings) and any("'tags'" in w for w in warnings)


def test_listed_files_come_first_then_the_rest_by_name(tmp_path: Path) -> None:
    files = {"b.txt": BODY, "a.txt": BODY, "c.md": BODY, "Ünïcode Name.txt": BODY, "sub/z.txt": BODY}
    corpus = load_corpus(folder(tmp_path, "documents:\n  - file: c.md\n  - file: sub/z.txt\n", files))
    assert [d.id for d in corpus.documents] == ["c", "z", "a", "b", "unicode-name"]
    assert corpus.documents[1].info.file == "sub/z.txt"
    assert corpus.id == "corpus" and corpus.title_inferred


def test_same_stem_in_two_formats_gets_distinct_ids(tmp_path: Path) -> None:
    corpus = load_corpus(folder(tmp_path, None, {"a.txt": BODY, "a.md": BODY}))
    assert [d.id for d in corpus.documents] == ["a", "a-2"]


def test_a_missing_folder_or_a_file_is_an_error(tmp_path: Path) -> None:
    assert "does not exist" in error(tmp_path / "nope").message
    (tmp_path / "file.txt").write_text(BODY)
    assert "not a folder" in error(tmp_path / "file.txt").message


def test_no_usable_document_is_an_error_that_lists_the_warnings(tmp_path: Path) -> None:
    err = error(folder(tmp_path, None, {"empty.txt": "", "x.rtf": "{\\rtf1}"}))
    assert "no usable document" in err.message
    assert "empty.txt: skipped: empty file" in err.message
    assert err.hint


def test_bad_files_are_skipped_with_a_warning_that_names_them(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "good.txt": BODY,
        "empty.txt": "",
        "blank.txt": "  \n\n ",
        "binary.txt": bytes(range(256)) * 8,
        "broken-utf8.txt": "Iran’s “trade” grew. ".encode() * 5 + b"\xff\xfe\xfa more",
        "notes.rtf": "{\\rtf1 hello}",
        "fake.pdf": b"%PDF-1.4\nthis is not really a pdf",
        "fake.docx": b"PK\x03\x04 not a zip",
    }
    warnings: list[str] = []
    corpus = load_corpus(folder(tmp_path, None, files), warn=warnings.append)
    assert [d.id for d in corpus.documents] == ["good"]
    skipped = {w.split(":")[0]: w for w in warnings if "skipped" in w}
    assert set(skipped) == set(files) - {"good.txt"}
    assert "empty" in skipped["empty.txt"]
    assert "binary" in skipped["binary.txt"]
    assert "invalid UTF-8" in skipped["broken-utf8.txt"]
    assert "unsupported format '.rtf'" in skipped["notes.rtf"]
    assert "PDF" in skipped["fake.pdf"]
    assert "Word" in skipped["fake.docx"]
    assert corpus.warnings == warnings


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_BYTES", 50)
    warnings: list[str] = []
    root = folder(tmp_path, None, {"big.txt": BODY * 3, "small.txt": "Short text about trade."})
    corpus = load_corpus(root, warn=warnings.append)
    assert [d.id for d in corpus.documents] == ["small"]
    assert any(w.startswith("big.txt: skipped: file too large") for w in warnings)


def test_a_manifest_date_that_contradicts_the_text_is_used_with_a_warning(tmp_path: Path) -> None:
    text = "13 June 2017 – TEHRAN — Iran and Russia signed a trade agreement in Moscow, officials said.\n"
    manifest = "documents:\n  - file: a.txt\n    published: 2016-06\n"
    warnings: list[str] = []
    corpus = load_corpus(folder(tmp_path, manifest, {"a.txt": text}), warn=warnings.append)
    assert corpus.documents[0].info.published == "2016-06"
    assert warnings == [
        "a.txt: the manifest dates it 2016-06 but its text says 2017-06-13; the manifest's date is used"
    ]


def test_folder_notes_lock_files_and_subfolders_are_not_taken_for_sources(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "a.txt": BODY,
        "README.md": "# About this folder\n\nSources for the brief.\n",
        "~$draft.docx": b"\x00lock",
        "Thumbs.db": b"\x00",
        "extra/b.txt": BODY,
    }
    warnings: list[str] = []
    corpus = load_corpus(folder(tmp_path, None, files), warn=warnings.append)
    assert [d.id for d in corpus.documents] == ["a"]
    assert [w.split(":")[0] for w in warnings if "publication date" not in w] == ["README.md", "extra/"]
