"""Run the stages in order: ingest → extract → assemble → compose → render.

`extract()` and `build()` are the library's entry points; the CLI is a thin shell around them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from briefing.assemble import Budget, assemble
from briefing.errors import OutputError, SourcesError
from briefing.model import Brief, Extracts
from briefing.templates import Template, compose, find, format_date

FORMATS = ("docx", "pdf", "md", "json")

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


def extract(sources: Path, *, warn: Warn = _ignore, stage: Warn = _ignore) -> Extracts:
    """Read a corpus folder and extract everything a brief can be built from."""
    from briefing.extract import extract_corpus
    from briefing.ingest import load_corpus

    stage(f"Reading {sources}")
    corpus = load_corpus(sources, warn=warn)
    stage(f"Extracting from {len(corpus.documents)} documents")
    return extract_corpus(corpus)


def parse_formats(text: str) -> list[str]:
    """'docx,pdf' -> ['docx', 'pdf'], with an error naming an unknown format."""
    formats = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
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
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    if brief.as_of:
        parts = [int(p) for p in brief.as_of.split("-")] + [1, 1]
        return datetime(parts[0], parts[1], parts[2], tzinfo=UTC)
    return datetime(2000, 1, 1, tzinfo=UTC)


def _style(template: Template):  # -> briefing.render.style.Style
    from briefing.render.style import Style

    spec = template.spec
    return Style(
        page_size=spec.page.size,
        orientation=spec.page.orientation,
        margins_mm=spec.page.margins_mm,
        font_family=spec.fonts.family,
        title_pt=spec.fonts.title_pt,
        h1_pt=spec.fonts.h1_pt,
        h2_pt=spec.fonts.h2_pt,
        body_pt=spec.fonts.body_pt,
        table_pt=spec.fonts.table_pt,
        note_pt=spec.fonts.note_pt,
        accent_color=spec.colors.accent,
        text_color=spec.colors.text,
        muted_color=spec.colors.muted,
        header=spec.header,
        footer=spec.footer,
        numbered_headings=spec.numbered_headings,
    )


@dataclass
class Built:
    """What a build produced: the brief, its Markdown and the rendered files by format."""

    brief: Brief
    markdown: str
    files: dict[str, bytes] = field(default_factory=dict)
    fit_scale: float = 1.0


def render_brief(extracts: Extracts, template: Template, formats: list[str]) -> Built:
    """Assemble, compose and render; shrink the budgets until the PDF fits the template's max_pages."""
    from briefing.io import to_json
    from briefing.render import Meta, pdf_page_count, render

    style = _style(template)
    max_pages = template.spec.max_pages
    scales = [1.0, 0.85, 0.7, 0.55, 0.4, 0.25, 0.0] if max_pages else [1.0]
    for scale in scales:
        brief = assemble(extracts, budgets(template, scale))
        markdown = compose(brief, template)
        meta = Meta(
            title=brief.title,
            subject=template.spec.description,
            date=format_date(brief.as_of) if brief.as_of else "",
            created=created_at(brief),
        )
        pdf = render(markdown, "pdf", style, meta) if ("pdf" in formats or max_pages) else b""
        if not max_pages or pdf_page_count(pdf) <= max_pages:
            break
    built = Built(brief=brief, markdown=markdown, fit_scale=scale)
    for fmt in formats:
        if fmt == "pdf":
            built.files["pdf"] = pdf
        elif fmt == "docx":
            built.files["docx"] = render(markdown, "docx", style, meta)
        elif fmt == "md":
            built.files["md"] = markdown.encode("utf-8")
        elif fmt == "json":
            built.files["json"] = to_json(brief).encode("utf-8")
    return built


def build(
    sources: Path | None = None,
    *,
    template: str = "one-page",
    formats: list[str] | None = None,
    out: Path = Path("out"),
    extracts_file: Path | None = None,
    warn: Warn = _ignore,
    stage: Warn = _ignore,
) -> list[Path]:
    """Build a brief from a corpus folder (or a reviewed extracts file) and write it to `out`."""
    from briefing.io import read_extracts, write_atomic

    formats = formats or ["docx", "pdf"]
    chosen = find(template)
    if extracts_file is not None:
        extracts = read_extracts(extracts_file)
    else:
        extracts = extract(sources or default_sources(), warn=warn, stage=stage)
    stage(f"Rendering {', '.join(formats)} with template {chosen.name}")
    built = render_brief(extracts, chosen, formats)
    # Everything is rendered before anything is written: a failure leaves earlier outputs intact.
    written = []
    for fmt in formats:
        path = out / f"{extracts.corpus}-{chosen.name}.{fmt}"
        write_atomic(path, built.files[fmt])
        written.append(path)
    if built.fit_scale < 1.0:
        warn(f"shortened the brief to fit {chosen.spec.max_pages} page(s) (budgets × {built.fit_scale:.2f})")
    return written
