"""Read and write the files between stages: extracts (JSON or YAML) and outputs, atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from briefing.errors import ExtractsError, OutputError, yaml_problem
from briefing.model import Extracts


def to_json(model: BaseModel) -> str:
    """Serialise a model as stable, readable JSON."""
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def to_yaml(model: BaseModel) -> str:
    """Serialise a model as YAML an analyst can edit by hand."""
    return yaml.safe_dump(
        model.model_dump(mode="json"),
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


def dump_extracts(extracts: Extracts, path: Path) -> str:
    """The extracts as text, YAML for a .yaml/.yml path and JSON otherwise."""
    return to_yaml(extracts) if path.suffix.lower() in {".yaml", ".yml"} else to_json(extracts)


def read_extracts(path: Path) -> Extracts:
    """Load an extracts file, with an error naming the item and field that do not fit."""
    if not path.is_file():
        raise ExtractsError(
            "extracts file not found", where=path, hint="Write one with `briefing extract -o extracts.yaml`"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ExtractsError(
            "the extracts file is not UTF-8 text",
            where=path,
            hint="Write it with `briefing extract -o FILE`, or save it as UTF-8",
        ) from None
    try:
        data: Any = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise ExtractsError(
            f"not valid JSON ({exc.msg})",
            where=f"{path}:{exc.lineno}:{exc.colno}",
            hint="Fix the syntax at that line",
        ) from None
    except yaml.YAMLError as exc:
        where, problem = yaml_problem(exc, path)
        raise ExtractsError(
            f"not valid YAML ({problem})",
            where=where,
            hint="Fix the syntax at that line",
        ) from None
    if not isinstance(data, dict):
        raise ExtractsError(
            "an extracts file must hold a mapping with documents, events, figures, …",
            where=path,
            hint="Start from the output of `briefing extract`",
        )
    try:
        return Extracts.model_validate(data)
    except ValidationError as exc:
        raise ExtractsError(
            _describe(exc, data),
            where=path,
            hint="Fix or remove that item; `briefing extract` shows the expected shape",
        ) from None


def _describe(exc: ValidationError, data: Any) -> str:
    problems = []
    for err in exc.errors()[:5]:
        loc = err["loc"]
        path = "".join(
            f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc)
        )
        what = _item_name(data, loc)
        problems.append(f"{path}{what}: {err['msg']}")
    more = len(exc.errors()) - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def _item_name(data: Any, loc: tuple[Any, ...]) -> str:
    """A few words identifying the item at loc, so the analyst finds it in a long file."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        try:
            item = data[loc[0]][loc[1]]
        except (KeyError, IndexError, TypeError):
            return ""
        if isinstance(item, dict):
            label = item.get("text") or item.get("label") or item.get("surface") or item.get("id")
            if isinstance(label, str) and label:
                return f" ('{label[:50]}{'…' if len(label) > 50 else ''}')"
    return ""


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file so that a reader never sees it half-written and a failure leaves the old one."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        what = "is a file, not a folder" if path.parent.exists() and not path.parent.is_dir() else None
        raise OutputError(
            f"the output folder {what}" if what else f"cannot write output ({exc.strerror})",
            where=path.parent,
            hint="Choose another folder with -o",
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        what = "is a folder, not a file" if path.is_dir() else f"cannot be written ({exc.strerror})"
        raise OutputError(
            f"the output {what}", where=path, hint="Choose another file or folder with -o"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
