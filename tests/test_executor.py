"""Extraction over executors: the same extracts whatever the executor and workers; progress; errors."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import briefing.extract
from briefing.cli import app
from briefing.errors import BriefingError
from briefing.executor import MIN_PARALLEL, run_map
from briefing.pipeline import extract

runner = CliRunner()


def _square(x: int) -> int:
    return x * x


@pytest.fixture(scope="module")
def ten_docs(tmp_path_factory: pytest.TempPathFactory, seed_corpus: Path) -> Path:
    """Ten documents (each seed text twice, under two names): enough for the process pool."""
    folder = tmp_path_factory.mktemp("ten")
    for path in sorted(seed_corpus.glob("*.txt")):
        for copy in ("a", "b"):
            shutil.copy(path, folder / f"{path.stem}-{copy}.txt")
    return folder


def test_process_pool_keeps_input_order_and_reports_progress():
    seen: list[tuple[int, int]] = []
    items = list(range(40))
    assert run_map(_square, items, executor="process", workers=2, progress=lambda *a: seen.append(a)) == [
        x * x for x in items
    ]
    assert seen[-1] == (40, 40)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_serial_and_process_extracts_are_identical(ten_docs):
    assert len(list(ten_docs.iterdir())) >= MIN_PARALLEL
    serial = extract(ten_docs, executor="serial")
    pooled = extract(ten_docs, executor="process", workers=2)
    single = extract(ten_docs, executor="process", workers=1)
    assert pooled.model_dump() == serial.model_dump() == single.model_dump()
    assert len(serial.documents) == 10


def test_progress_counts_every_document(ten_docs, tmp_path):
    seen: list[tuple[int, int]] = []
    extract(ten_docs, executor="serial", progress=lambda *a: seen.append(a), cache_dir=tmp_path / "c")
    assert seen[-1] == (10, 10)
    seen.clear()
    extract(ten_docs, executor="serial", progress=lambda *a: seen.append(a), cache_dir=tmp_path / "c")
    assert seen == [(10, 10)]  # all from the cache at once


def test_an_extractor_failing_on_one_document_skips_it_with_a_warning(corpus_copy, monkeypatch):
    real = briefing.extract.extract_document

    def fragile(doc):
        if doc.info.file.startswith("raisi"):
            raise ValueError("odd input")
        return real(doc)

    monkeypatch.setattr(briefing.extract, "extract_document", fragile)
    warnings: list[str] = []
    result = extract(corpus_copy, executor="serial", warn=warnings.append)
    assert len(result.documents) == 4
    assert any(
        w.startswith("raisi-moscow-visit.txt: skipped: extraction failed (ValueError") for w in warnings
    )


def test_unknown_executor_is_a_user_error(corpus_copy):
    with pytest.raises(BriefingError, match="unknown executor"):
        extract(corpus_copy, executor="threads")
    result = runner.invoke(app, ["extract", str(corpus_copy), "--executor", "threads", "-q"])
    assert result.exit_code == 2
    assert "unknown executor 'threads'" in result.output and "Traceback" not in result.output


def test_dask_executor_without_dask_says_how_to_install_it(corpus_copy, monkeypatch):
    # As on a machine without dask: a None in sys.modules makes the import fail.
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    result = runner.invoke(app, ["extract", str(corpus_copy), "--executor", "dask", "-q", "--no-cache"])
    assert result.exit_code == 2
    assert "needs the dask package" in result.output and "pip install" in result.output


def test_dask_executor_gives_the_same_extracts(ten_docs):
    if not os.environ.get("CI"):
        pytest.importorskip("dask.bag")  # optional for users; .ci/run installs it, so CI never skips
    assert (
        extract(ten_docs, executor="dask").model_dump() == extract(ten_docs, executor="serial").model_dump()
    )


def test_verbose_prints_stage_timings_and_quiet_prints_nothing(corpus_copy, tmp_path):
    out = tmp_path / "out"
    loud = runner.invoke(app, ["build", str(corpus_copy), "-f", "md", "-o", str(out), "--verbose"])
    assert loud.exit_code == 0, loud.output
    assert " s  Extracting from 5 documents" in loud.output
    assert " s  total" in loud.output
    quiet = runner.invoke(app, ["build", str(corpus_copy), "-f", "md", "-o", str(out), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""


def _die(x: int) -> int:
    if x == 3:
        os._exit(9)  # a worker killed from outside, as the out-of-memory killer would
    return x


def test_a_worker_that_dies_is_a_user_error_not_a_traceback():
    with pytest.raises(BriefingError, match="worker process stopped"):
        run_map(_die, list(range(MIN_PARALLEL * 2)), executor="process", workers=2)
