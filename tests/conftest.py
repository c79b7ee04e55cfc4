"""Shared fixtures: the seed corpus and briefs built from it once per test session."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sources" / "iran-russia"

# Builds run by tests (and the CLI processes they start) cache extraction in a throwaway folder,
# never in .briefing-cache/ of the repository; hypothesis keeps its files there too.
_CACHE = tempfile.mkdtemp(prefix="briefing-test-cache-")
os.environ["BRIEFING_CACHE_DIR"] = _CACHE
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = os.path.join(_CACHE, "hypothesis")  # nor .hypothesis/
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def seed_corpus() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_extracts():
    from briefing.pipeline import extract

    return extract(SEED)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """out/ after building both built-in templates of the seed corpus in every format."""
    from briefing.pipeline import build

    out = tmp_path_factory.mktemp("out")
    for template in ("one-page", "report"):
        build(SEED, template=template, formats=["docx", "pdf", "md", "json"], out=out)
    return out


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "iran-russia"
    shutil.copytree(SEED, target)
    return target
