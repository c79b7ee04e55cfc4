"""The pipeline as a whole: atomic outputs, builds that race, Ctrl-C, determinism across processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import briefing.io
from briefing.io import write_atomic
from briefing.pipeline import build

FORMATS = "docx,pdf,md,json"
NAMES = [f"iran-russia-one-page.{ext}" for ext in FORMATS.split(",")]


def _briefing(*args: str, hash_seed: str = "0", cache: Path | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    extra = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", *args, *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_builds_in_processes_with_different_hash_seeds_give_identical_bytes(tmp_path, seed_corpus):
    runs = {
        seed: _briefing("build", str(seed_corpus), "-f", FORMATS, "-o", str(tmp_path / seed), hash_seed=seed)
        for seed in ("1", "4242")
    }
    for proc in runs.values():
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    first, second = (_files(tmp_path / seed) for seed in runs)
    assert sorted(first) == sorted(NAMES)
    assert first == second


def test_two_builds_racing_into_one_folder_and_one_cache_leave_whole_files(tmp_path, seed_corpus, built):
    out, cache = tmp_path / "out", tmp_path / "cache"
    procs = [
        _briefing("build", str(seed_corpus), "-f", FORMATS, "-o", str(out), hash_seed=seed, cache=cache)
        for seed in ("1", "2")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    # Exactly the outputs, each whole and the same as a build alone; no temporary file left over.
    assert _files(out) == {name: (built / name).read_bytes() for name in NAMES}
    assert not [p for p in cache.rglob("*") if p.name.endswith(".tmp")]
    # The cache both wrote is whole too: a build from it gives the same files.
    build(seed_corpus, formats=FORMATS.split(","), out=tmp_path / "again", cache_dir=cache)
    assert _files(tmp_path / "again") == _files(out)


def test_ctrl_c_during_a_build_leaves_earlier_outputs_and_no_partial_file(tmp_path, seed_corpus):
    out = tmp_path / "out"
    out.mkdir()
    earlier = {name: f"earlier {name}".encode() for name in NAMES}
    for name, data in earlier.items():
        (out / name).write_bytes(data)
    proc = _briefing("build", str(seed_corpus), "-f", FORMATS, "-o", str(out), "--verbose")
    # --verbose prints a line as each stage ends: interrupt once reading is done, mid-build.
    assert proc.stderr is not None
    proc.stderr.readline()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert _files(out) == earlier


def test_an_interrupted_write_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"old brief")
    real_fdopen = os.fdopen

    class Interrupted:
        def __init__(self, fd: int, mode: str) -> None:
            self.handle = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            raise KeyboardInterrupt  # Ctrl-C half-way through the bytes

    monkeypatch.setattr(briefing.io.os, "fdopen", Interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new brief " * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"old brief"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_a_failed_render_writes_nothing(tmp_path, seed_corpus, monkeypatch):
    import briefing.pipeline

    out = tmp_path / "out"
    out.mkdir()
    (out / NAMES[0]).write_bytes(b"earlier")

    def broken(*_args, **_kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(briefing.pipeline, "render_brief", broken)
    with pytest.raises(RuntimeError):
        build(seed_corpus, formats=FORMATS.split(","), out=out)
    assert _files(out) == {NAMES[0]: b"earlier"}
