"""Run the stages in order: ingest → extract → assemble → compose → render.

`extract()` and `build()` are the library's entry points; the CLI is a thin shell around them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefing.assemble import Budget, assemble
from briefing.errors import OutputError, SourcesError, TemplateError
from briefing.model import Brief, Extracts
from briefing.templates import Template, compose, find, format_date

FORMATS = ("docx", "pdf", "md", "json")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

Warn = Callable[[str], None]


def _ignore(_: str) -> None:
    pass


def default_sources(root: Path | None = None) -> Path:
    """The single corpus under ./sources/, or an error that says what to pass instead."""
    base = (root or Path.cwd()) / "sources"
    corpora = sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
    if len(corpora) == 1:
        return corpora[0]
    if not corpora:
        raise SourcesError(
            "no sources folder given and ./sources/ holds no corpus",
            where=base,
            hint="Pass the folder of your documents: `briefing build path/to/corpus`",
        )
    names = ", ".join(p.name for p in corpora)
    raise SourcesError(
        f"./sources/ holds several corpora ({names})",
        where=base,
        hint="Name the one to build: `briefing build sources/NAME`",
    )


def extract(
    sources: Path,
    *,
    warn: Warn = _ignore,
    stage: Warn = _ignore,
    cache_dir: Path | None = None,
    executor: str = "process",
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Extracts:
    """Read a corpus folder and extract everything a brief can be built from.

    With `cache_dir`, per-document results (and the merged extracts of an unchanged corpus) are
    reused from and stored in that folder (see briefing.cache); without it nothing is cached.
    Documents not in the cache are extracted over `executor` (briefing.executor.EXECUTORS);
    `progress(done, total)` follows them. The result does not depend on the cache or the executor.
    """
    from briefing.cache import Cache, corpus_key
    from briefing.executor import extract_documents
    from briefing.extract import combine, renamed
    from briefing.ingest import corpus_from, plan_corpus

    stage(f"Reading {sources}")
    plan = plan_corpus(sources, warn=warn)
    cache = Cache(cache_dir) if cache_dir is not None else None
    stage(f"Extracting from {len(plan.jobs)} documents")
    entries, keys = extract_documents(
        plan.jobs, cache=cache, executor=executor, workers=workers, progress=progress
    )
    loaded = [e.result.document if e.result is not None else (e.skipped or "") for e in entries]
    corpus = corpus_from(plan, loaded, warn=warn)
    kept = [(e.result, k) for e, k in zip(entries, keys, strict=True) if e.result is not None]
    results = [renamed(result, doc.id) for (result, _), doc in zip(kept, corpus.documents, strict=True)]
    stage(f"Merging across {len(corpus.documents)} documents")
    doc_keys = [k for _, k in kept]
    if cache is None or any(k is None for k in doc_keys):
        return combine(corpus, results)
    ids = [d.id for d in corpus.documents]
    key = corpus_key([k for k in doc_keys if k], corpus.id, corpus.title, corpus.title_inferred, ids)
    extracts = cache.get_corpus(key)
    if extracts is None:
        extracts = combine(corpus, results)
        cache.put_corpus(key, extracts)
    return extracts


def parse_formats(text: str) -> list[str]:
    """'docx,pdf' -> ['docx', 'pdf'], with an error naming an unknown format."""
    formats = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    if not formats:
        raise OutputError(
            "no output format given", hint=f"Use a comma-separated list of: {', '.join(FORMATS)}"
        )
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise OutputError(
            f"unknown output format '{','.join(unknown) or text}'",
            hint=f"Use a comma-separated list of: {', '.join(FORMATS)}",
        )
    return list(dict.fromkeys(formats))


def budgets(template: Template, scale: float = 1.0) -> dict[str, Budget]:
    """The template's section budgets, optionally scaled down to make a brief fit its pages."""
    out = {}
    for key, spec in template.spec.sections.items():
        items = None if spec.items is None else max(1 if spec.items else 0, int(spec.items * scale))
        words = None if spec.words is None else max(20, int(spec.words * scale))
        out[key] = Budget(items=items, words=words)
    return out


def created_at(brief: Brief) -> datetime:
    """The timestamp stamped into output files: SOURCE_DATE_EPOCH, else the newest source's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (OverflowError, ValueError, OSError):
            raise OutputError(
                f"SOURCE_DATE_EPOCH={epoch.strip()} is not a usable time",
                hint="Set it to seconds since 1970 (for example `date +%s`), or unset it",
            ) from None
    if brief.as_of:
        parts = [int(p) for p in brief.as_of.split("-")] + [1, 1]
        return datetime(parts[0], parts[1], parts[2], tzinfo=UTC)
    return datetime(2000, 1, 1, tzinfo=UTC)


def _style(template: Template, type_scale: float = 1.0):  # -> briefing.render.style.Style
    """The template's look as the renderers take it; `type_scale` shrinks every type size to fit a page."""
    from briefing.render.style import Style, validate

    spec = template.spec
    fonts = spec.fonts
    style = Style(
        page_size=spec.page.size,
        orientation=spec.page.orientation,
        margins_mm=spec.page.margins_mm,
        font_family=fonts.family,
        title_pt=round(fonts.title_pt * type_scale, 2),
        h1_pt=round(fonts.h1_pt * type_scale, 2),
        h2_pt=round(fonts.h2_pt * type_scale, 2),
        body_pt=round(fonts.body_pt * type_scale, 2),
        table_pt=round(fonts.table_pt * type_scale, 2),
        note_pt=round(max(fonts.note_pt * type_scale, 4), 2),
        accent_color=spec.colors.accent,
        text_color=spec.colors.text,
        muted_color=spec.colors.muted,
        header=spec.header,
        footer=spec.footer,
        numbered_headings=spec.numbered_headings,
        reference_docx=str(template.reference_docx) if template.reference_docx else None,
        logo=str(template.logo) if template.logo else None,
        logo_height_mm=spec.logo_height_mm,
    )
    try:
        validate(style)
    except ValueError as exc:
        raise TemplateError(
            str(exc),
            where=template.folder / "template.yaml",
            hint="docs/templates.md gives the values each key allows",
        ) from None
    return style


@dataclass
class Built:
    """What a build produced: the brief, its Markdown and the rendered files by format."""

    brief: Brief
    markdown: str
    files: dict[str, bytes] = field(default_factory=dict)
    fit_scale: float = 1.0
    """The factor the section budgets were scaled by to fit the pages (below 1: items dropped)."""
    type_scale: float = 1.0
    """The factor the type sizes were scaled by to fit (below 1: smaller type)."""
    fits: bool = True
    """False when even the shortest version overflows the template's max_pages."""


def render_brief(extracts: Extracts, template: Template, formats: list[str]) -> Built:
    """Assemble, compose and render; fit the brief to the template's max_pages by measuring the PDF.

    See `briefing.render.fit`: budgets shrink (dropping the lowest-salience items) until the PDF fits
    with a little room to spare, so the DOCX fits too; past a point the type shrinks as well, never
    below `fonts.min_body_pt`. A template with `fill_page` grows its budgets while the brief still fits.
    """
    from briefing.io import to_json
    from briefing.render import Meta, render, render_pdf
    from briefing.render.background import render_in_background
    from briefing.render.fit import Draft, fit

    spec = template.spec
    drafts: dict[tuple[float, float], Draft] = {}

    def make(scale: float, type_scale: float) -> Draft:
        if (scale, type_scale) in drafts:
            return drafts[scale, type_scale]
        chosen = budgets(template, scale)
        brief = assemble(extracts, chosen)
        meta = Meta(
            title=brief.title,
            subject=spec.description,
            date=format_date(brief.as_of) if brief.as_of else "",
            created=created_at(brief),
        )
        key = (tuple(sorted(chosen.items())), type_scale)
        draft = Draft(compose(brief, template), _style(template, type_scale), meta, brief, key)
        drafts[scale, type_scale] = draft
        return draft

    # While PDFs are rendered (to fit the pages, or as an output) a second core writes the DOCX of the
    # full-size draft, the one usually kept; see briefing.render.background.
    early = None
    if "docx" in formats and (spec.max_pages or "pdf" in formats):
        first = make(1.0, 1.0)
        early = render_in_background(first.markdown, "docx", first.style, first.meta)
    try:
        if spec.max_pages:
            fitted = fit(
                make,
                spec.max_pages,
                body_pt=spec.fonts.body_pt,
                min_body_pt=spec.fonts.min_body_pt,
                grow=spec.fill_page,
            )
            draft, pdf = fitted.draft, fitted.pdf
            built = Built(
                draft.payload,
                draft.markdown,
                fit_scale=fitted.scale,
                type_scale=fitted.type_scale,
                fits=fitted.fits,
            )
        else:
            draft = make(1.0, 1.0)
            pdf = render_pdf(draft.markdown, draft.style, draft.meta)[0] if "pdf" in formats else b""
            built = Built(brief=draft.payload, markdown=draft.markdown)
        for fmt in formats:
            if fmt == "pdf":
                built.files["pdf"] = pdf
            elif fmt == "docx":
                if early is not None and early.matches(draft.markdown, "docx", draft.style, draft.meta):
                    built.files["docx"] = early.result()
                else:
                    built.files["docx"] = render(draft.markdown, "docx", draft.style, draft.meta)
            elif fmt == "md":
                built.files["md"] = draft.markdown.encode("utf-8")
            elif fmt == "json":
                built.files["json"] = to_json(draft.payload).encode("utf-8")
    finally:
        if early is not None:
            early.cancel()  # not needed after all, or the build failed
    return built


# Characters XML 1.0 cannot hold (DOCX is XML): python-docx refuses them, so they must not reach it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(extracts: Extracts, warn: Warn) -> Extracts:
    """The extracts without characters a DOCX cannot hold, with a warning when there were any.

    Ingest removes them from document text, so quotes never carry them; a manifest field or an
    edited extracts file can ("Iran\\a Russia" in YAML is a bell character).
    """
    removed = 0

    def clean(value: Any) -> Any:
        nonlocal removed
        if isinstance(value, str):
            text, n = _NOT_XML.subn("", value)
            removed += n
            return text
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(clean(v) for v in value)
        return value

    data = clean(extracts.model_dump())
    if not removed:
        return extracts
    warn(f"removed {removed} control character(s) that DOCX cannot hold, from the manifest or extracts")
    return Extracts.model_validate(data)


RENDER_TIMEOUT = 120.0
"""Seconds a build may spend assembling, composing and rendering before it is stopped, so that a
template loop that never ends (a `{% for %}` inside a `{% for %}`, each over the sandbox's largest
range) cannot hang the analyst's terminal. Enforced in the main thread on Unix (a timer signal)."""


class _Timeout(BaseException):
    """Raised by the render timer; a BaseException so that no `except Exception` swallows it."""


@contextmanager
def _render_guard(template: Template) -> Iterator[None]:
    """Turn a runaway template (too long, too big, too deep) into a TemplateError naming it."""
    import signal
    import threading

    where = template.folder / "brief.md.j2"
    hint = "Look for a loop over a huge range, or a huge repetition, in the template"
    armed = (
        RENDER_TIMEOUT > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    previous: Any = None
    if armed:

        def stop(_signum: int, _frame: Any) -> None:
            raise _Timeout

        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, RENDER_TIMEOUT)
    try:
        yield
    except _Timeout:
        raise TemplateError(f"rendering stopped after {RENDER_TIMEOUT:g} s", where=where, hint=hint) from None
    except (OverflowError, MemoryError, RecursionError) as exc:
        # The sandbox refuses a range over 100,000 items with an OverflowError that is no Jinja error.
        raise TemplateError(
            f"the template asked for too much ({type(exc).__name__}: {exc})", where=where, hint=hint
        ) from None
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def build(
    sources: Path | None = None,
    *,
    template: str = "one-page",
    formats: list[str] | None = None,
    out: Path = Path("out"),
    extracts_file: Path | None = None,
    warn: Warn = _ignore,
    stage: Warn = _ignore,
    cache_dir: Path | None = None,
    executor: str = "process",
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Build a brief from a corpus folder (or a reviewed extracts file) and write it to `out`.

    `cache_dir`, `executor`, `workers` and `progress` are as for `extract()`: with a cache, a
    rebuild after a template edit re-runs only assemble, compose and render.
    """
    from briefing.io import read_extracts, write_atomic

    formats = formats or ["docx", "pdf"]
    chosen = find(template)
    if extracts_file is not None:
        extracts = read_extracts(extracts_file)
    else:
        extracts = extract(
            sources or default_sources(),
            warn=warn,
            stage=stage,
            cache_dir=cache_dir,
            executor=executor,
            workers=workers,
            progress=progress,
        )
    stage(f"Rendering {', '.join(formats)} with template {chosen.name}")
    extracts = _xml_safe(extracts, warn)
    with _render_guard(chosen):
        built = render_brief(extracts, chosen, formats)
    # Everything is rendered before anything is written: a failure leaves earlier outputs intact.
    stage(f"Writing {len(formats)} file(s) to {out}")
    written = []
    for name, what in ((extracts.corpus, "corpus id"), (chosen.name, "template name")):
        # Both come from files a user edits; either could otherwise point outside the output folder.
        if not _SAFE_NAME.fullmatch(name):
            raise OutputError(
                f"the {what} '{name}' cannot be part of a file name",
                hint="Use letters, digits, '.', '_' and '-', starting with a letter or digit",
            )
    for fmt in formats:
        path = out / f"{extracts.corpus}-{chosen.name}.{fmt}"
        write_atomic(path, built.files[fmt])
        written.append(path)
    # Dropping low-salience items to fit is what a page budget means; smaller type or an overflow
    # is worth a warning.
    pages = chosen.spec.max_pages
    if not built.fits:
        warn(f"the brief does not fit {pages} page(s) even with one item per section and the smallest type")
    elif built.type_scale < 1.0:
        size = chosen.spec.fonts.body_pt * built.type_scale
        warn(f"type reduced to {size:.1f} pt to fit {pages} page(s)")
    return written
