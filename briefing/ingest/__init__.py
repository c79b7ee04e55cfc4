"""Turn a folder of source files and its sources.yaml into a Corpus of clean, citable documents.

    load_corpus(folder)      the folder → Corpus (documents in manifest order, then the rest by name)
    plan_corpus(folder)      the folder → Plan: the manifest and the files to read (Jobs)
    load_document(job)       one Job → Document (the unit that runs in parallel and is cached)
    corpus_from(plan, docs)  the Documents (or skip reasons), in job order → Corpus
    sources_table(corpus)    one row per document, for `briefing sources`
    READERS                  the readers by file suffix (readers.py); one module per format
    clean.RULES              the cleaning rules, in order (clean.py)

Per-file problems (an empty or binary file, bytes that cannot be decoded, an encrypted PDF, an
unsupported format) are warnings: the file is skipped and the build goes on. Problems with the
folder or the manifest raise SourcesError.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import SourcesError
from briefing.ingest import metadata
from briefing.ingest.manifest import MANIFEST_NAMES, load_manifest
from briefing.ingest.raw import RawDocument, Reader, ReadError
from briefing.ingest.readers import READERS
from briefing.model import Corpus, Document, DocumentInfo

__all__ = [
    "MAX_BYTES",
    "READERS",
    "Job",
    "Plan",
    "RawDocument",
    "ReadError",
    "Reader",
    "corpus_from",
    "load_corpus",
    "load_document",
    "plan_corpus",
    "slug",
    "sources_table",
]

MAX_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused with a warning (50 MB)."""


def slug(name: str) -> str:
    """A file stem as an id: lower case ASCII letters, digits and single hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "document"


@dataclass(frozen=True, slots=True)
class Job:
    """One file to read: its name in the corpus, where it is, and what the manifest says about it."""

    name: str
    """File name relative to the corpus folder, as the manifest or the folder gives it."""
    path: Path
    """The resolved path of the file."""
    fields: dict[str, str] = field(default_factory=dict)
    """The manifest entry's fields (title, author, publisher, published, url, notes), when listed."""


@dataclass(slots=True)
class Plan:
    """What a corpus folder holds before any document is read: the manifest and the files to read."""

    folder: Path
    root: Path
    corpus: str | None
    """The manifest's corpus id, if it gives one."""
    title: str | None
    """The manifest's title, if it gives one."""
    jobs: list[Job]
    """The files to read: manifest order, then the unlisted files by name."""
    warnings: list[str]
    """Warnings about the folder and manifest (already reported when planned)."""


def load_corpus(folder: Path, *, warn: Callable[[str], None] | None = None) -> Corpus:
    """Read every document in `folder` (per its sources.yaml, if any) into a Corpus.

    `warn` receives each warning as it happens ("file: what"); warnings are also kept in
    Corpus.warnings and, for a document that was read, in its DocumentInfo.warnings.
    """
    plan = plan_corpus(folder, warn=warn)
    loaded: list[Document | str] = []
    for job in plan.jobs:
        try:
            loaded.append(load_document(job))
        except ReadError as exc:
            loaded.append(str(exc))
    return corpus_from(plan, loaded, warn=warn)


def plan_corpus(folder: Path, *, warn: Callable[[str], None] | None = None) -> Plan:
    """Check the folder and its manifest and list the files to read, without reading them.

    SourcesError for a missing folder or a manifest that cannot be used; warnings (unknown keys,
    a link out of the folder, files in subfolders) go to `warn` and into Plan.warnings.
    """
    folder = Path(folder)
    if not folder.exists():
        raise SourcesError(
            "the sources folder does not exist",
            where=folder,
            hint="Give the path of a folder of source documents",
        )
    if not folder.is_dir():
        raise SourcesError(
            "the sources path is a file, not a folder",
            where=folder,
            hint="Give the folder that holds the documents and sources.yaml",
        )
    warnings: list[str] = []

    def report(message: str) -> None:
        warnings.append(message)
        if warn is not None:
            warn(message)

    try:
        manifest = load_manifest(folder)
    except (OSError, RuntimeError) as exc:  # an entry naming a symbolic link that loops
        raise SourcesError(
            f"the manifest names a file that cannot be opened ({exc})",
            where=folder / "sources.yaml",
            hint="Fix or remove the entry, or the symbolic link it names",
        ) from None
    for message in manifest.warnings:
        report(message)
    jobs = [Job(e.file, e.path, dict(e.fields)) for e in manifest.entries]
    listed = {e.path for e in manifest.entries}
    jobs += [Job(name, path, fields) for name, path, fields in _unlisted(folder, listed, report)]
    return Plan(
        folder=folder,
        root=folder.resolve(),
        corpus=manifest.corpus,
        title=manifest.title,
        jobs=jobs,
        warnings=warnings,
    )


def load_document(job: Job) -> Document:
    """Read, clean and describe one file of a plan; ReadError (the warning's text) when it must be skipped.

    The document's id is the slug of its file name; `corpus_from` makes ids unique across the corpus.
    """
    return _load_document(job.name, job.path, job.fields)


def corpus_from(
    plan: Plan, loaded: list[Document | str], *, warn: Callable[[str], None] | None = None
) -> Corpus:
    """The Corpus of a plan, given each job's Document or the reason it was skipped, in job order.

    Gives documents unique ids (a second "a" becomes "a-2"), reports each document's warnings and
    each skipped file, and raises SourcesError when no document is usable.
    """
    warnings = list(plan.warnings)

    def report(message: str) -> None:
        warnings.append(message)
        if warn is not None:
            warn(message)

    documents: list[Document] = []
    ids: set[str] = set()
    for job, document in zip(plan.jobs, loaded, strict=True):
        name = job.name
        if isinstance(document, str):
            report(f"{name}: skipped: {document}")
            continue
        base = doc_id = slug(Path(name).stem)
        n = 2
        while doc_id in ids:  # "a.txt" and "a.md" both exist: the second gets a suffix
            doc_id = f"{base}-{n}"
            n += 1
        ids.add(doc_id)
        document.info.id = doc_id
        for message in document.info.warnings:
            report(f"{name}: {message}")
        documents.append(document)

    folder = plan.folder
    if not documents:
        raise SourcesError(
            "no usable document in the sources folder"
            + (
                f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''}: {'; '.join(warnings[:3])})"
                if warnings
                else ""
            ),
            where=folder,
            hint=f"Add source documents ({', '.join(sorted({s.lstrip('.') for s in READERS}))})",
        )
    corpus_id = plan.corpus or slug(plan.root.name)
    title, title_inferred = (
        (plan.title, False) if plan.title else (_infer_title(plan.root.name, documents), True)
    )
    return Corpus(
        id=corpus_id,
        title=title,
        title_inferred=title_inferred,
        folder=str(folder),
        documents=documents,
        warnings=warnings,
    )


# Files that live in folders but are nobody's source: lock files, thumbnails, the folder's own notes.
_NOT_SOURCES = re.compile(r"(?i)^(?:~\$.*|thumbs\.db|desktop\.ini|icon\r?)$")
_FOLDER_NOTES = re.compile(r"(?i)^(?:readme|license|licence|changelog)(?:\.\w+)?$")


def _unlisted(folder: Path, listed: set[Path], report: Callable[[str], None]) -> list[tuple[str, Path, dict]]:
    """The folder's files that the manifest does not list, by name; subfolders only with a warning."""
    root = folder.resolve()
    jobs: list[tuple[str, Path, dict]] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        name = path.name
        if name.startswith(".") or name in MANIFEST_NAMES or _NOT_SOURCES.match(name):
            continue
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a link that points to itself, directly or round a loop
            report(f"{name}: skipped: a symbolic link that loops back on itself")
            continue
        if path.is_dir():
            unread = [p for p in sorted(path.rglob("*")) if p.is_file() and p.resolve() not in listed]
            if any(p.suffix.lower() in READERS for p in unread):
                report(f"{name}/: files in subfolders are read only when sources.yaml lists them")
            continue
        if resolved in listed:
            continue
        if not resolved.is_relative_to(root):
            report(f"{name}: skipped: a link to a file outside the sources folder")
        elif _FOLDER_NOTES.match(name):
            report(
                f"{name}: skipped: looks like notes about the folder, not a source; "
                "list it in sources.yaml to read it"
            )
        else:
            jobs.append((name, resolved, {}))
    return jobs


def _load_document(name: str, path: Path, given: dict[str, str]) -> Document:
    """Read, clean and describe one file; ReadError when it must be skipped."""
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        supported = ", ".join(sorted({s for s in READERS}))
        raise ReadError(f"unsupported format '{suffix or '(no suffix)'}' (supported: {supported})")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(
            f"file too large ({size / 1024 / 1024:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB)"
        )
    if size == 0:
        raise ReadError("empty file")
    try:
        raw = reader(path)
    except ReadError:
        raise
    except Exception as exc:  # a library choking on a damaged file must not stop the build
        raise ReadError(f"cannot be read as {suffix.lstrip('.')} ({type(exc).__name__}: {exc})") from exc
    if not raw.text.strip():
        raise ReadError("no text in the file" if raw.format != "pdf" else "no text layer (a scanned PDF?)")
    known = {k: v for k, v in {**raw.metadata, **given}.items() if v and k in ("title", "author")}
    try:
        from briefing.ingest.clean import clean as clean_text  # here: a cached rebuild never cleans

        cleaned = clean_text(raw.text, known=known, footnotes_in=raw.footnotes)
    except Exception as exc:  # a cleaning rule failing on one odd file must not stop the build
        raise ReadError(
            f"could not be cleaned ({type(exc).__name__}: {exc}); please report this file"
        ) from exc
    if not cleaned.text.strip():
        raise ReadError("no body text left after removing boilerplate")
    fields, inferred = metadata.merge(given, raw.metadata, cleaned.found)
    if not fields["title"]:
        fields["title"] = Path(name).stem.replace("-", " ").replace("_", " ").strip().capitalize()
        inferred.append("title")
    warnings = list(raw.warnings) + _date_warnings(fields, inferred, given, raw, cleaned.found)
    notes = [given["notes"]] if given.get("notes") else []
    notes += [f"Set aside from the text: {note}" for note in cleaned.notes]
    info = DocumentInfo(
        id=slug(Path(name).stem),
        file=name,
        title=fields["title"],
        author=fields["author"],
        publisher=fields["publisher"],
        published=fields["published"],
        published_inferred="published" in inferred,
        url=fields["url"],
        notes="\n".join(notes) or None,
        inferred=inferred,
        format=raw.format,
        words=len(cleaned.text.split()),
        warnings=warnings,
        footnotes=cleaned.footnotes,
    )
    return Document(info=info, text=cleaned.text, paragraphs=cleaned.paragraphs)


def _date_warnings(
    fields: dict[str, str | None],
    inferred: list[str],
    given: dict[str, str],
    raw: RawDocument,
    found: dict[str, str],
) -> list[str]:
    """What a reader of the brief should know about the publication date: none, a weak one, or a
    manifest date that the document itself contradicts."""
    if not fields["published"]:
        return [
            "no publication date found: relative dates ('last year') cannot be anchored; "
            "add 'published' to its sources.yaml entry"
        ]
    if "published" in inferred and not raw.metadata.get("published") and not found.get("published"):
        return [
            "publication date taken from the file's creation date; check it and add 'published' "
            "to its sources.yaml entry"
        ]
    warnings = []
    manifest_date = given.get("published", "")
    for where, value in (("metadata", raw.metadata.get("published")), ("text", found.get("published"))):
        stated = metadata.parse_published(value or "")
        if (
            manifest_date
            and stated
            and not (stated.startswith(manifest_date) or manifest_date.startswith(stated))
        ):
            warnings.append(
                f"the manifest dates it {manifest_date} but its {where} says {stated}; "
                "the manifest's date is used"
            )
    return warnings


def _infer_title(folder_name: str, documents: list[Document]) -> str:
    """A corpus title from the folder name: "iran-russia" → "Iran–Russia relations" when both names
    occur capitalised in the documents (a relationship), else the name in words."""
    parts = [p for p in re.split(r"[-_\s]+", folder_name) if p]
    text = " ".join(d.text for d in documents)
    names = [p.capitalize() for p in parts]
    if len(parts) == 2 and all(re.search(rf"\b{re.escape(n)}", text) for n in names):
        return f"{names[0]}–{names[1]} relations"
    return " ".join(names) or "Sources"


def sources_table(corpus: Corpus) -> list[dict[str, object]]:
    """One row per document for `briefing sources`: what was read, from where, and what was set aside.

    Keys: id, file, title, publisher, published, published_inferred, format, words, footnotes (count),
    warnings (count), inferred (comma-separated field names).
    """
    rows: list[dict[str, object]] = []
    for document in corpus.documents:
        info = document.info
        rows.append(
            {
                "id": info.id,
                "file": info.file,
                "title": info.title,
                "publisher": info.publisher,
                "published": info.published,
                "published_inferred": info.published_inferred,
                "format": info.format,
                "words": info.words,
                "footnotes": len(info.footnotes),
                "warnings": len(info.warnings),
                "inferred": ", ".join(info.inferred),
            }
        )
    return rows
