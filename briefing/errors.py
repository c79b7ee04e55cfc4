"""Errors a user can fix, each with what went wrong, where, and how to fix it.

    BriefingError              base: the CLI prints it and exits with `exit_code`
     ├── SourcesError          a sources folder or manifest that cannot be used
     ├── ExtractsError         an extracts file that does not fit the schema
     ├── TemplateError         a template that cannot be found, loaded or rendered
     └── OutputError           an unknown format, an output that cannot be written

Only the CLI prints or exits; library code raises these and lets them travel.
"""

from __future__ import annotations

from pathlib import Path


class BriefingError(Exception):
    """A problem in the user's input, reported without a traceback."""

    exit_code = 2

    def __init__(self, what: str, *, where: str | Path | None = None, hint: str | None = None):
        self.what = what
        self.where = str(where) if where is not None else None
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = [self.what.rstrip(".") + "."]
        if self.where:
            parts.insert(0, f"{self.where}:")
        if self.hint:
            parts.append(self.hint.rstrip(".") + ".")
        return " ".join(parts)


class SourcesError(BriefingError):
    """A sources folder, file or manifest that cannot be used."""


class ExtractsError(BriefingError):
    """An extracts file that cannot be read or does not fit the schema."""


class TemplateError(BriefingError):
    """A template that cannot be found, loaded or rendered."""


class OutputError(BriefingError):
    """An output that cannot be produced: unknown format, unwritable folder."""


def yaml_problem(exc: Exception, path: str | Path) -> tuple[str, str]:
    """Where a YAML parse error is ("file:line:column") and what it is, for a user's message."""
    mark = getattr(exc, "problem_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unreadable"])[0]
    return where, problem
