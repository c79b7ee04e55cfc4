"""The `briefing` command: parse options, call the pipeline, report warnings and errors.

The only place that prints or exits. Heavy modules are imported inside the commands so that
`briefing --help` starts fast.
"""

from __future__ import annotations

import gc
import os
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
    # While a progress bar is drawn, lines go above it instead of through it.
    if _Reporter.active is not None:
        _Reporter.active.say(message)
    else:
        typer.echo(message, err=True)


def _warner(quiet: bool, strict: bool) -> Callable[[str], None]:
    def warn(message: str) -> None:
        if strict:
            # Stop at once: nothing is written for a build that --strict will fail.
            raise BriefingError(
                f"{message} (a warning, and --strict is set)", hint="Fix the input or drop --strict"
            )
        if not quiet:
            _stderr(f"warning: {message}")

    return warn


class _Reporter:
    """What a command shows while the pipeline runs: a progress bar on a terminal, timings if verbose.

    The bar is refreshed by hand rather than by rich's refresh thread: worker processes are forked,
    and a fork must not happen while another thread holds the terminal's lock.
    """

    active: _Reporter | None = None
    """The reporter whose bar is on screen, if any."""

    def __init__(self, quiet: bool, verbose: bool) -> None:
        import time

        self._clock = time.perf_counter
        self.verbose = verbose and not quiet
        self.started = self._stage_started = self._clock()
        self.current: str | None = None
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
                auto_refresh=False,
            )
            self.bar.start()
            self.task = self.bar.add_task("Starting…", total=None)
            self.bar.refresh()
            _Reporter.active = self

    def say(self, message: str) -> None:
        """Print a line to standard error, above the bar when there is one."""
        if self.bar is not None:
            self.bar.console.print(message, markup=False, highlight=False, soft_wrap=True)
            self.bar.refresh()
        else:
            typer.echo(message, err=True)

    def _end_stage(self) -> None:
        now = self._clock()
        if self.verbose and self.current is not None:
            self.say(f"{now - self._stage_started:8.3f} s  {self.current}")
        self._stage_started = now

    def stage(self, message: str) -> None:
        """A new stage begins (the pipeline's `stage` callback)."""
        self._end_stage()
        self.current = message
        if self.bar is not None:
            # A new task per stage: a stage has no count until it reports one.
            self.bar.remove_task(self.task)
            self.task = self.bar.add_task(f"{message}…", total=None)
            self.bar.refresh()

    def progress(self, done: int, total: int) -> None:
        """Documents done so far (the pipeline's `progress` callback)."""
        if self.bar is not None:
            self.bar.update(self.task, total=total, completed=done)
            self.bar.refresh()

    def close(self) -> None:
        """Stop the bar; with --verbose, the last stage's time and the total."""
        self._end_stage()
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
            _Reporter.active = None
        if self.verbose:
            _stderr(f"{self._clock() - self.started:8.3f} s  total")


@contextmanager
def _progress(quiet: bool, verbose: bool = False) -> Iterator[_Reporter]:
    """A progress bar naming the current stage and counting documents on a terminal; nothing when
    piped or quiet. With `verbose`, each stage's time goes to standard error when it ends."""
    reporter = _Reporter(quiet, verbose)
    try:
        yield reporter
    finally:
        reporter.close()


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
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Print each stage's time to standard error.")]
CacheDir = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        help="Folder of the per-document extraction cache. Default: $BRIEFING_CACHE_DIR, else "
        "./.briefing-cache (safe to delete).",
        show_default=False,
    ),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the extraction cache.")]
Executor = Annotated[
    str,
    typer.Option(
        "--executor",
        help="Where documents are extracted: process (a process pool on this machine's cores, from 8 "
        "documents), serial, or dask (needs dask installed; the cluster at $DASK_SCHEDULER_ADDRESS "
        "if set). See docs/scale.md.",
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help="Worker processes. Default: the number of cores.", show_default=False
    ),
]


def _cache_dir(cache_dir: Path | None, no_cache: bool) -> Path | None:
    """The cache folder a command uses: none with --no-cache, else --cache-dir, $BRIEFING_CACHE_DIR, ./."""
    if no_cache:
        return None
    from briefing.cache import default_dir

    return cache_dir if cache_dir is not None else default_dir()


def _pipeline_options(
    report: Any, cache_dir: Path | None, no_cache: bool, executor: str, jobs: int | None
) -> dict[str, Any]:
    """What `build` and `extract` both pass to the pipeline: progress, cache and executor."""
    return {
        "stage": report.stage,
        "progress": report.progress,
        "cache_dir": _cache_dir(cache_dir, no_cache),
        "executor": executor,
        "workers": jobs,
    }


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
    verbose: Verbose = False,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    executor: Executor = "process",
    jobs: Jobs = None,
) -> None:
    """Build a brief and write OUT/<corpus>-<template>.<format>.

    Examples:

      briefing build

      briefing build sources/iran-russia -t report -f docx,pdf,md,json -o out

      briefing build --extracts extracts.yaml -t one-page
    """
    warn = _warner(quiet, strict)
    with _user_errors():
        from briefing.pipeline import build as run_build
        from briefing.pipeline import parse_formats

        chosen = parse_formats(formats)
        if sources is not None and extracts is not None:
            raise BriefingError(
                "give either a sources folder or --extracts, not both",
                hint="--extracts builds without reading the sources again",
            )
        with _progress(quiet, verbose) as report:
            written = run_build(
                sources,
                template=template,
                formats=chosen,
                out=out,
                extracts_file=extracts,
                warn=warn,
                **_pipeline_options(report, cache_dir, no_cache, executor, jobs),
            )
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
    verbose: Verbose = False,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    executor: Executor = "process",
    jobs: Jobs = None,
) -> None:
    """Extract documents, events, figures, challenges and summary candidates, with their sources.

    Examples:

      briefing extract -o -                  # JSON on standard output

      briefing extract -o extracts.yaml      # edit it, then: briefing build --extracts extracts.yaml
    """
    warn = _warner(quiet, strict)
    with _user_errors():
        from briefing.io import dump_extracts, write_atomic
        from briefing.pipeline import default_sources
        from briefing.pipeline import extract as run_extract

        with _progress(quiet, verbose) as report:
            result = run_extract(
                sources or default_sources(),
                warn=warn,
                **_pipeline_options(report, cache_dir, no_cache, executor, jobs),
            )
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
        # Corpus warnings hold every document's too, each prefixed with its file.
        for message in corpus.warnings:
            console.print(f"warning: {message}", markup=False, highlight=False)


@templates_app.command("list")
def templates_list() -> None:
    """List the templates found by name, with their descriptions (local ./templates/ first)."""
    with _user_errors():
        from briefing.templates import available, builtin_dir

        builtin = builtin_dir().resolve()
        for found in available():
            where = "" if found.folder.resolve().parent == builtin else f"  [{found.folder}]"
            typer.echo(f"{found.name:<16} {found.spec.description}{where}")


@templates_app.command("show")
def templates_show(name: Annotated[str, typer.Argument(help="Template name or folder.")]) -> None:
    """Show where a template lives, its files, and every setting it makes (defaults filled in).

    Example:

      briefing templates show one-page
    """
    with _user_errors():
        import yaml

        from briefing.templates import builtin_dir, find

        found = find(name)
        folder = found.folder.resolve()
        builtin = builtin_dir().resolve()
        if folder.parent == builtin:
            kind = "built-in"
        elif (builtin / folder.name / "template.yaml").is_file():
            kind = f"local, overrides the built-in {folder.name}"
        else:
            kind = "local"
        typer.echo(f"# {found.name} ({kind})")
        typer.echo(f"# folder: {folder}")
        files = sorted(p.name for p in folder.iterdir() if p.is_file())
        typer.echo(f"# files: {', '.join(files)}")
        typer.echo(f"# section order: {', '.join(found.spec.sections) or '(none)'}")
        typer.echo(yaml.safe_dump(found.spec.model_dump(mode="json"), sort_keys=False, allow_unicode=True))


@templates_app.command("new")
def templates_new(
    name: Annotated[str, typer.Argument(help="Name of the new template (a folder under ./templates/).")],
    base: Annotated[str, typer.Option("--from", help="Template to copy.")] = "one-page",
) -> None:
    """Create ./templates/NAME as a copy of an existing template, ready to edit; it builds as it is.

    template.yaml keeps the comments that explain each key; brief.md.j2 is the Jinja2 template.
    Build with it by name (`-t NAME`, run from the folder that holds templates/).

    Example:

      briefing templates new board-memo --from report
    """
    with _user_errors():
        import re
        import shutil

        from briefing.templates import find, load

        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
            raise BriefingError(
                f"'{name}' cannot name a template folder",
                hint="Use letters, digits, '-', '_' or '.', starting with a letter or digit",
            )
        source = find(base)
        target = Path("templates") / name
        if target.exists():
            raise BriefingError(
                "a template folder by that name exists already",
                where=target,
                hint="Choose another name or edit that folder",
            )
        shutil.copytree(source.folder, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        spec_file = target / "template.yaml"
        # Edit the text rather than re-dumping the YAML, so the comments explaining each key survive.
        text = spec_file.read_text(encoding="utf-8")
        name_line = f"name: {name}"
        text, count = re.subn(
            r"(?m)^name:[^#\n]*?([ \t]*#.*)?$", lambda m: name_line + (m.group(1) or ""), text, count=1
        )
        if not count:
            text = f"{name_line}\n{text}"
        spec_file.write_text(text, encoding="utf-8")
        load(target)  # the copy must load as it is
        typer.echo(f"created {target} from {source.name} ({source.folder})")
        typer.echo("edit template.yaml (each key is explained there) and brief.md.j2")
        typer.echo(f"build with: briefing build -t {name}")


def main() -> None:
    """Entry point of the console script."""
    try:
        app()
    except Exception as exc:
        # A user error never gets here (BriefingError is reported by each command); this is a bug.
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        _stderr(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in briefing, not a problem with "
            "your input; run again with BRIEFING_DEBUG=1 to see the traceback, and report it."
        )
        sys.exit(1)
    finally:
        # Outputs are closed by now; sparing the collector the interpreter's teardown saves ~50 ms a run.
        gc.freeze()
