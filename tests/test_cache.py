"""The per-document extraction cache: same output, no re-extraction where nothing changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import briefing.extract
from briefing import cache as cache_mod
from briefing.cache import Cache, document_key
from briefing.cli import app
from briefing.ingest import plan_corpus
from briefing.pipeline import build, extract

runner = CliRunner()


def _no_extraction(*_args, **_kwargs):
    raise AssertionError("extraction ran although the cache holds the result")


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def test_cached_build_is_byte_identical_to_an_uncached_one(corpus_copy, tmp_path):
    cache = tmp_path / "cache"
    formats = ["docx", "pdf", "md", "json"]
    build(corpus_copy, formats=formats, out=tmp_path / "plain")
    build(corpus_copy, formats=formats, out=tmp_path / "cold", cache_dir=cache)
    build(corpus_copy, formats=formats, out=tmp_path / "warm", cache_dir=cache)
    plain = _outputs(tmp_path / "plain")
    assert len(plain) == 4
    assert _outputs(tmp_path / "cold") == plain
    assert _outputs(tmp_path / "warm") == plain


def test_rebuild_after_a_template_edit_does_not_extract_again(corpus_copy, tmp_path, monkeypatch):
    from briefing.templates import find

    template = tmp_path / "memo"
    shutil.copytree(find("one-page").folder, template)
    cache = tmp_path / "cache"
    build(corpus_copy, template=str(template), formats=["md"], out=tmp_path / "out", cache_dir=cache)

    body = template / "brief.md.j2"
    body.write_text("EDITED HEADER\n\n" + body.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(briefing.extract, "extract_document", _no_extraction)
    monkeypatch.setattr(briefing.extract, "combine", _no_extraction)
    (written,) = build(
        corpus_copy, template=str(template), formats=["md"], out=tmp_path / "out", cache_dir=cache
    )
    assert written.read_text(encoding="utf-8").startswith("EDITED HEADER")


def test_a_changed_document_is_the_only_one_extracted_again(corpus_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    extract(corpus_copy, cache_dir=cache)
    changed = corpus_copy / "rouhani-putin-phone-call.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nIn March 2019 trade rose to $2 billion.\n", encoding="utf-8"
    )
    seen: list[str] = []
    real = briefing.extract.extract_document

    def counting(doc):
        seen.append(doc.info.file)
        return real(doc)

    monkeypatch.setattr(briefing.extract, "extract_document", counting)
    warm = extract(corpus_copy, cache_dir=cache)
    assert seen == ["rouhani-putin-phone-call.txt"]
    # The cross-document steps ran again over the cached and the fresh results alike.
    assert warm.model_dump() == extract(corpus_copy).model_dump()
    assert any("2 billion" in f.surface for f in warm.figures)


def test_a_manifest_change_invalidates_that_document_only(corpus_copy):
    before = {job.name: document_key(job) for job in plan_corpus(corpus_copy).jobs}
    manifest = corpus_copy / "sources.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("published: 2017-06-13", "published: 2017-06-14"), encoding="utf-8")
    after = {job.name: document_key(job) for job in plan_corpus(corpus_copy).jobs}
    differs = [name for name in before if before[name] != after[name]]
    assert differs == ["second-term-rouhani.txt"]


def test_a_code_or_version_change_invalidates_every_key(corpus_copy, monkeypatch):
    job = plan_corpus(corpus_copy).jobs[0]
    key = document_key(job)
    assert key == document_key(job)
    monkeypatch.setattr(cache_mod, "EXTRACTOR_VERSION", 999)
    cache_mod.code_fingerprint.cache_clear()
    try:
        assert document_key(job) != key
    finally:
        cache_mod.code_fingerprint.cache_clear()


def test_a_corrupt_entry_is_ignored_and_rewritten(corpus_copy, tmp_path):
    cache = tmp_path / "cache"
    good = extract(corpus_copy, cache_dir=cache).model_dump()
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 6  # five documents and the merged corpus
    for i, path in enumerate(entries):
        path.write_bytes(b"\x00not json" if i % 2 else path.read_bytes()[: len(path.read_bytes()) // 2])
    assert extract(corpus_copy, cache_dir=cache).model_dump() == good
    for path in sorted(cache.rglob("*.json")):
        json.loads(path.read_text(encoding="utf-8"))
    assert Cache(cache).get_document(document_key(plan_corpus(corpus_copy).jobs[0])) is not None


def test_skipped_files_are_cached_and_still_reported(corpus_copy, tmp_path):
    (corpus_copy / "blob.txt").write_bytes(bytes(range(256)) * 64)
    cache = tmp_path / "cache"
    for _ in range(2):
        warnings: list[str] = []
        extract(corpus_copy, cache_dir=cache, warn=warnings.append)
        assert any(w.startswith("blob.txt: skipped") for w in warnings)


def test_documents_sharing_a_name_keep_distinct_ids_from_the_cache(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    text = "In March 2017 Iran and Russia signed 14 agreements worth $2 billion in Moscow.\n"
    (folder / "note.txt").write_text(text, encoding="utf-8")
    (folder / "note.md").write_text(text.replace("14", "15"), encoding="utf-8")
    plain = extract(folder).model_dump()
    cache = tmp_path / "cache"
    extract(folder, cache_dir=cache)
    warm = extract(folder, cache_dir=cache).model_dump()
    assert warm == plain
    assert [d["id"] for d in warm["documents"]] == ["note", "note-2"]


def test_cli_caches_under_the_current_folder_by_default(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFING_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(corpus_copy), "-o", "x.json", "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".briefing-cache" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    assert list((tmp_path / ".briefing-cache" / "doc").rglob("*.json"))


def test_cli_cache_dir_option_and_environment_variable(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "from-env"))
    assert runner.invoke(app, ["extract", str(corpus_copy), "-o", "a.json", "-q"]).exit_code == 0
    assert list((tmp_path / "from-env").rglob("*.json"))
    args = ["extract", str(corpus_copy), "-o", "b.json", "-q", "--cache-dir", str(tmp_path / "opt")]
    assert runner.invoke(app, args).exit_code == 0
    assert list((tmp_path / "opt").rglob("*.json"))
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_cli_no_cache_writes_no_cache(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    result = runner.invoke(app, ["extract", str(corpus_copy), "-o", "x.json", "-q", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "cache").exists()
    assert not (tmp_path / ".briefing-cache").exists()


def test_an_unwritable_cache_only_costs_speed(corpus_copy, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    assert extract(corpus_copy, cache_dir=blocker).model_dump() == extract(corpus_copy).model_dump()


@pytest.mark.parametrize("name", [".briefing-cache"])
def test_the_repository_ignores_the_cache(name):
    ignore = Path(__file__).resolve().parent.parent / ".gitignore"
    assert name in ignore.read_text(encoding="utf-8")
