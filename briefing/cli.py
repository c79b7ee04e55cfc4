"""The `briefing` command: parse options, call the pipeline, report warnings and errors.

The only place that prints or exits. Heavy modules are imported inside the commands so that
`briefing --help` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from briefing.errors import BriefingError

app = typer.Typer(
    name="briefing",
    help=(
        "Turn a folder of source documents into a cited brief: summary, key figures, chronology and "
        "challenges, rendered to DOCX and PDF through a template.\n\n"
        "Examples:\n\n"
        "  briefing build                         # one-page brief of ./sources/<corpus> into out/\n\n"
        "  briefing build -t report -f docx,pdf,md,json\n\n"
        "  briefing extract -o extracts.yaml      # review and edit, then:\n\n"
        "  briefing build --extracts extracts.yaml"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
templates_app = typer.Typer(help="List, show and create templates.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")


def _stderr(message: str) -> None:
    typer.echo(message, err=True)


def _warner(quiet: bool, strict: bool) -> tuple[Callable[[str], None], list[str]]:
    seen: list[str] = []

    def warn(message: str) -> None:
        seen.append(message)
        if not quiet:
            _stderr(f"warning: {message}")

    return warn, seen


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A spinner naming the current stage on a terminal; nothing when piped or quiet."""
    if quiet or not sys.stderr.isatty():
        yield lambda _message: None
        return
    from rich.console import Console

    with Console(stderr=True).status("Starting…") as status:
        yield lambda message: status.update(f"{message}…")


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn a BriefingError into its message and exit code, without a traceback."""
    try:
        yield
    except BriefingError as exc:
        _stderr(f"error: {exc.message}")
        raise typer.Exit(code=exc.exit_code) from None


SourcesArg = Annotated[
    Path | None,
    typer.Argument(
        help="Folder of source documents, with an optional sources.yaml. Default: the corpus in ./sources/.",
        show_default=False,
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
Strict = Annotated[
    bool, typer.Option("--strict", help="Treat warnings (a skipped file, a shortened brief) as errors.")
]


def _check_strict(strict: bool, seen: list[str]) -> None:
    if strict and seen:
        raise BriefingError(
            f"{len(seen)} warning(s) and --strict is set", hint="Fix the inputs or drop --strict"
        )


@app.command()
def build(
    sources: SourcesArg = None,
    template: Annotated[
        str,
        typer.Option(
            "--template", "-t", help="Template name (see `briefing templates list`) or folder path."
        ),
    ] = "one-page",
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated formats: docx, pdf, md, json.")
    ] = "docx,pdf",
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    extracts: Annotated[
        Path | None,
        typer.Option(
            "--extracts",
            "-e",
            help="Build from a reviewed extracts file (JSON or YAML) instead of the sources.",
        ),
    ] = None,
    quiet: Quiet = False,
    strict: Strict = False,
) -> None:
    """Build a brief and write OUT/<corpus>-<template>.<format>.

    Examples:

      briefing build

      briefing build sources/iran-russia -t report -f docx,pdf,md,json -o out

      briefing build --extracts extracts.yaml -t one-page
    """
    warn, seen = _warner(quiet, strict)
    with _user_errors():
        from briefing.pipeline import build as run_build
        from briefing.pipeline import parse_formats

        chosen = parse_formats(formats)
        if sources is not None and extracts is not None:
            raise BriefingError(
                "give either a sources folder or --extracts, not both",
                hint="--extracts builds without reading the sources again",
            )
        with _progress(quiet) as stage:
            written = run_build(
                sources,
                template=template,
                formats=chosen,
                out=out,
                extracts_file=extracts,
                warn=warn,
                stage=stage,
            )
        _check_strict(strict, seen)
    if not quiet:
        for path in written:
            typer.echo(f"wrote {path}")


@app.command()
def extract(
    sources: SourcesArg = None,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="File to write (.json, .yaml or .yml), or - for standard output."
        ),
    ] = "-",
    quiet: Quiet = False,
    strict: Strict = False,
) -> None:
    """Extract documents, events, figures, challenges and summary candidates, with their sources.

    Examples:

      briefing extract -o -                  # JSON on standard output

      briefing extract -o extracts.yaml      # edit it, then: briefing build --extracts extracts.yaml
    """
    warn, seen = _warner(quiet, strict)
    with _user_errors():
        from briefing.io import dump_extracts, write_atomic
        from briefing.pipeline import default_sources
        from briefing.pipeline import extract as run_extract

        with _progress(quiet) as stage:
            result = run_extract(sources or default_sources(), warn=warn, stage=stage)
        _check_strict(strict, seen)
        if output == "-":
            sys.stdout.write(dump_extracts(result, Path("-.json")))
        else:
            path = Path(output)
            write_atomic(path, dump_extracts(result, path))
            if not quiet:
                _stderr(f"wrote {path}")


@app.command()
def sources(sources: SourcesArg = None) -> None:
    """Show what was read from each document: title, publisher, date, format, words, footnotes, warnings.

    Example:

      briefing sources sources/iran-russia
    """
    with _user_errors():
        from rich.console import Console
        from rich.table import Table

        from briefing.ingest import load_corpus, sources_table
        from briefing.pipeline import default_sources

        corpus = load_corpus(sources or default_sources())
        table = Table(title=f"{corpus.title} — {len(corpus.documents)} documents", title_justify="left")
        table.add_column("file", no_wrap=True)
        table.add_column("title", ratio=3)
        table.add_column("publisher", ratio=2)
        table.add_column("date", no_wrap=True)
        for name in ("format", "words", "footnotes", "warnings"):
            table.add_column(name, justify="right", no_wrap=True)
        for row in sources_table(corpus):
            date = str(row["published"] or "—") + (" (inferred)" if row["published_inferred"] else "")
            table.add_row(
                str(row["file"]),
                str(row["title"] or "—"),
                str(row["publisher"] or "—"),
                date,
                str(row["format"]),
                str(row["words"]),
                str(row["footnotes"]),
                str(row["warnings"]),
            )
        # A pipe gets a wide table rather than one folded into 80 columns.
        console = Console() if sys.stdout.isatty() else Console(width=160)
        console.print(table)
        for doc in corpus.documents:
            for message in doc.info.warnings:
                console.print(f"warning: {message}", markup=False, highlight=False)
        for message in corpus.warnings:
            console.print(f"warning: {message}", markup=False, highlight=False)


@templates_app.command("list")
def templates_list() -> None:
    """List the templates found by name, with their descriptions."""
    with _user_errors():
        from briefing.templates import available

        for found in available():
            typer.echo(f"{found.name:<16} {found.spec.description}")


@templates_app.command("show")
def templates_show(name: Annotated[str, typer.Argument(help="Template name or folder.")]) -> None:
    """Show a template's settings and where it lives."""
    with _user_errors():
        import yaml

        from briefing.templates import find

        found = find(name)
        typer.echo(f"# {found.folder}")
        typer.echo(yaml.safe_dump(found.spec.model_dump(mode="json"), sort_keys=False, allow_unicode=True))


@templates_app.command("new")
def templates_new(
    name: Annotated[str, typer.Argument(help="Name of the new template (a folder under ./templates/).")],
    base: Annotated[str, typer.Option("--from", help="Template to copy.")] = "one-page",
) -> None:
    """Create ./templates/NAME as a copy of an existing template, ready to edit.

    Example:

      briefing templates new board-memo --from report
    """
    with _user_errors():
        import shutil

        import yaml

        from briefing.templates import find

        source = find(base)
        target = Path("templates") / name
        if target.exists():
            raise BriefingError(
                "a template folder by that name exists already",
                where=target,
                hint="Choose another name or edit that folder",
            )
        shutil.copytree(source.folder, target)
        spec_file = target / "template.yaml"
        data: dict[str, Any] = yaml.safe_load(spec_file.read_text(encoding="utf-8")) or {}
        data["name"] = name
        spec_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        typer.echo(f"created {target} from {source.name}; edit template.yaml and brief.md.j2")


def main() -> None:
    """Entry point of the console script."""
    app()
