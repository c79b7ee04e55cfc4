"""Turn per-document (and per-corpus) extraction results into files on disk, and back, by content key.

    .briefing-cache/            under the current folder (BRIEFING_CACHE_DIR or --cache-dir moves it)
      .gitignore                "*": the cache never shows up in git
      doc/ab/abcdef….json       one document's DocumentExtracts, or the reason it was skipped
      corpus/12/1234….json      a whole corpus's Extracts, for a rebuild where no document changed

A document's key hashes its bytes, its manifest entry, its name, the extractor version, a hash of
the extract and ingest source files and the settings; a corpus's key hashes its documents' keys.
Anything that changes an input changes the key, so entries are never invalidated, only orphaned:
the folder is safe to delete at any time. Entries are JSON (pydantic), written atomically; an
entry that does not parse (a crash mid-write on another machine, a hand edit) is ignored and
rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ValidationError

from briefing.extract import EXTRACTOR_VERSION, DocumentExtracts
from briefing.ingest import MAX_BYTES, Job
from briefing.model import Extracts

__all__ = [
    "CACHE_ENV",
    "DEFAULT_DIR",
    "Cache",
    "DocEntry",
    "code_fingerprint",
    "corpus_key",
    "default_dir",
    "document_key",
]

CACHE_ENV = "BRIEFING_CACHE_DIR"
DEFAULT_DIR = ".briefing-cache"

# Settings that change what per-document extraction produces; part of every key.
SETTINGS = {"max_bytes": MAX_BYTES}

_PACKAGE = Path(__file__).resolve().parent


def default_dir() -> Path:
    """Where the cache lives: $BRIEFING_CACHE_DIR, else .briefing-cache/ under the current folder."""
    env = os.environ.get(CACHE_ENV, "").strip()
    return Path(env) if env else Path.cwd() / DEFAULT_DIR


_READERS = ("trafilatura", "pdfminer.six", "python-docx", "charset-normalizer", "lxml")
"""Libraries whose version changes what a document reads as."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the extractor version, every source file of briefing/extract and briefing/ingest,
    the data model, and the versions of the libraries that read documents.

    Editing an extractor, a cleaning rule or the model, or upgrading a reader, changes it, so stale
    results are never reused.
    """
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(f"extractor {EXTRACTOR_VERSION}\n".encode())
    files = [_PACKAGE / "model.py"]
    for folder in ("extract", "ingest"):
        files += sorted((_PACKAGE / folder).glob("*.py"))
    for path in files:
        digest.update(f"{path.relative_to(_PACKAGE)}\n".encode())
        digest.update(path.read_bytes())
    for package in _READERS:
        try:
            digest.update(f"{package} {version(package)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{package} absent\n".encode())
    return digest.hexdigest()


def document_key(job: Job) -> str | None:
    """The cache key of one file to read, or None when it should not be cached (unreadable, too big).

    A file over the size limit is refused by ingest on its size alone; hashing 50 MB to remember
    that would cost more than refusing it again.
    """
    try:
        if job.path.stat().st_size > MAX_BYTES:
            return None
        content = hashlib.sha256(job.path.read_bytes()).hexdigest()
    except OSError:
        return None
    described = json.dumps(
        {"name": job.name, "fields": job.fields, "settings": SETTINGS, "code": code_fingerprint()},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{described}\n{content}".encode()).hexdigest()


def corpus_key(keys: list[str], corpus_id: str, title: str, title_inferred: bool, ids: list[str]) -> str:
    """The cache key of a corpus's merged Extracts: its documents' keys and ids, in order, and its title."""
    described = json.dumps(
        {
            "code": code_fingerprint(),
            "corpus": corpus_id,
            "title": title,
            "title_inferred": title_inferred,
            "documents": list(zip(keys, ids, strict=True)),
        },
        ensure_ascii=False,
    )
    return hashlib.sha256(described.encode()).hexdigest()


class DocEntry(BaseModel):
    """A cached per-document result: what it yielded, or the reason it was skipped."""

    result: DocumentExtracts | None = None
    skipped: str | None = None


class Cache:
    """A content-addressed store of extraction results in one folder; `None` for a missing entry."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.json"

    def _read(self, kind: str, key: str) -> bytes | None:
        try:
            return self._path(kind, key).read_bytes()
        except OSError:
            return None

    def _write(self, kind: str, key: str, payload: str) -> None:
        """Write atomically; a cache that cannot be written only makes the next build slower."""
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# briefing's extraction cache: safe to delete\n*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:8]}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass

    def get_document(self, key: str) -> DocEntry | None:
        """The cached result for a document key; None when absent or unreadable (then rewritten)."""
        data = self._read("doc", key)
        if data is not None:
            try:
                entry = DocEntry.model_validate_json(data)
                self.hits += 1
                return entry
            except ValidationError:
                pass  # a damaged entry counts as missing and is written again
        self.misses += 1
        return None

    def put_document(self, key: str, entry: DocEntry) -> None:
        """Store one document's result."""
        self._write("doc", key, entry.model_dump_json())

    def get_corpus(self, key: str) -> Extracts | None:
        """The cached merged Extracts of a corpus; None when absent or unreadable."""
        data = self._read("corpus", key)
        if data is None:
            return None
        try:
            return Extracts.model_validate_json(data)
        except ValidationError:
            return None

    def put_corpus(self, key: str, extracts: Extracts) -> None:
        """Store a corpus's merged Extracts."""
        self._write("corpus", key, extracts.model_dump_json())
