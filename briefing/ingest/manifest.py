"""Turn a corpus folder's sources.yaml into a checked Manifest, or a SourcesError saying what to fix."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import SourcesError, yaml_problem

MANIFEST_NAMES = ("sources.yaml", "sources.yml")
ENTRY_FIELDS = ("file", "title", "author", "publisher", "published", "url", "notes")
_ISO_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")
_HINT = "See the manifest format in DESIGN.md: corpus, title, documents: [{file, title, published, ...}]"


@dataclass(slots=True)
class Entry:
    """One manifest entry: a file and what the analyst says about it."""

    file: str
    """Path relative to the corpus folder, as written in the manifest."""
    path: Path
    """The resolved file path, inside the folder."""
    fields: dict[str, str] = field(default_factory=dict)
    """title, author, publisher, published (ISO), url, notes: only those given."""


@dataclass(slots=True)
class Manifest:
    """What sources.yaml says; an empty Manifest for a folder without one."""

    path: Path | None = None
    corpus: str | None = None
    title: str | None = None
    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def find_manifest(folder: Path) -> Path | None:
    """The folder's manifest file, if it has one."""
    for name in MANIFEST_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def load_manifest(folder: Path) -> Manifest:
    """Read and check the folder's sources.yaml; a folder without one gives an empty Manifest."""
    path = find_manifest(folder)
    if path is None:
        return Manifest()
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourcesError("the manifest is not UTF-8 text", where=path, hint="Save it as UTF-8") from exc
    except yaml.YAMLError as exc:
        where, problem = yaml_problem(exc, path)
        raise SourcesError(
            f"the manifest is not valid YAML: {problem}",
            where=where,
            hint="Fix the YAML syntax at that line and column (indentation, a missing colon, "
            "a value with ': ' that needs quotes)",
        ) from exc
    if data is None:
        return Manifest(path=path)
    if not isinstance(data, dict):
        raise SourcesError(
            f"the manifest must be a mapping with keys corpus, title and documents, not a {_kind(data)}",
            where=path,
            hint=_HINT,
        )
    manifest = Manifest(path=path)
    for key in data:
        if key not in ("corpus", "title", "documents"):
            manifest.warnings.append(f"{path.name}: unknown key '{key}' ignored")
    manifest.corpus = _optional_str(data, "corpus", path, "the manifest")
    manifest.title = _optional_str(data, "title", path, "the manifest")
    if manifest.corpus is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", manifest.corpus):
        raise SourcesError(
            f"'corpus' must be a plain name (letters, digits, '-', '_', '.'), not {manifest.corpus!r}",
            where=path,
            hint="It names the output files; use something like 'iran-russia'",
        )
    documents = data.get("documents")
    if documents is None:
        return manifest
    if not isinstance(documents, list):
        raise SourcesError(
            f"'documents' must be a list of entries, not a {_kind(documents)}", where=path, hint=_HINT
        )
    root = folder.resolve()
    seen: set[Path] = set()
    for index, item in enumerate(documents, start=1):
        entry = _entry(item, index, path, root, manifest.warnings)
        if entry.path in seen:
            manifest.warnings.append(f"{path.name}: documents entry {index} repeats '{entry.file}'; ignored")
            continue
        seen.add(entry.path)
        manifest.entries.append(entry)
    return manifest


def _entry(item: object, index: int, path: Path, root: Path, warnings: list[str]) -> Entry:
    """Check one documents entry and resolve its file."""
    label = f"documents entry {index}"
    if isinstance(item, str):
        item = {"file": item}
    if not isinstance(item, dict):
        raise SourcesError(
            f"{label} must be a mapping with at least 'file', not a {_kind(item)}", where=path, hint=_HINT
        )
    file = item.get("file")
    if not isinstance(file, str) or not file.strip():
        raise SourcesError(
            f"{label} needs 'file': the document's file name as a string", where=path, hint=_HINT
        )
    label = f"documents entry {index} ('{file}')"
    fields: dict[str, str] = {}
    for key, value in item.items():
        if key == "file":
            continue
        if key not in ENTRY_FIELDS:
            # A typo ('publised') loses information, but extra keys should not stop a build.
            warnings.append(f"{path.name}: {label} has an unknown key '{key}', ignored")
            continue
        if value is None:
            continue
        if key == "published":
            fields[key] = _published(value, label, path)
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            fields[key] = str(value).strip()
        else:
            raise SourcesError(
                f"{label}: '{key}' must be a string, not a {_kind(value)}", where=path, hint=_HINT
            )
    candidate = Path(file)
    resolved = (root / candidate).resolve()
    if candidate.is_absolute() or not resolved.is_relative_to(root):
        raise SourcesError(
            f"{label} points outside the corpus folder",
            where=path,
            hint="Put the file inside the folder and name it relative to the folder",
        )
    if not resolved.is_file():
        raise SourcesError(
            f"{label}: the file '{file}' does not exist in {root}",
            where=path,
            hint="Fix the file name in the manifest, or remove the entry",
        )
    return Entry(file=file, path=resolved, fields=fields)


def _published(value: object, label: str, path: Path) -> str:
    """A manifest date as ISO text (YAML reads 2017-06-13 as a date and 2018 as an int)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not _ISO_DATE.fullmatch(text):
        raise SourcesError(
            f"{label}: 'published' must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), not {value!r}",
            where=path,
            hint="Write for example 'published: 2017-06' or 'published: 2017-06-13'",
        )
    return text


def _optional_str(data: dict, key: str, path: Path, what: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip() or None
    raise SourcesError(f"{what}: '{key}' must be a string, not a {_kind(value)}", where=path, hint=_HINT)


def _kind(value: object) -> str:
    return {dict: "mapping", list: "list", str: "string", int: "number", float: "number"}.get(
        type(value), type(value).__name__
    )
