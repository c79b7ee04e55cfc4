"""Find and load templates, and turn a Brief into Markdown through one.

A template is a folder holding `template.yaml` (layout, fonts, section order and budgets, optional
reference .docx and logo) and `brief.md.j2` (Jinja2, run in a sandbox with StrictUndefined; partials
are included from the same folder). docs/templates.md documents the variables and filters. Text
that comes from sources is escaped for Markdown on output unless a filter marks it as Markdown
already, so a source cannot inject formatting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from briefing.errors import TemplateError, yaml_problem
from briefing.model import Brief

SECTIONS = ("summary", "key_figures", "chronology", "challenges", "discrepancies", "sources")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageSpec(_Spec):
    """`page:` the paper and its margins."""

    size: Literal["A4", "Letter"] = "A4"
    orientation: Literal["portrait", "landscape"] = "portrait"
    margins_mm: tuple[float, float, float, float] = Field(
        (18, 18, 18, 18), description="Top, right, bottom, left, in millimetres."
    )


class FontSpec(_Spec):
    """`fonts:` the family and the sizes, in points."""

    # The bundled family (briefing/fonts), so both formats use the same metrics; Arabic script falls
    # back to Noto Sans Arabic.
    family: Literal["Noto Sans"] = "Noto Sans"
    title_pt: float = Field(18, ge=4, le=72)
    h1_pt: float = Field(13, ge=4, le=72, description="Section headings (##).")
    h2_pt: float = Field(11, ge=4, le=72, description="Subsection headings (###).")
    body_pt: float = Field(9.5, ge=4, le=72)
    table_pt: float = Field(8.5, ge=4, le=72)
    note_pt: float = Field(7.5, ge=4, le=72, description="Notes (<!-- small -->), header and footer.")
    min_body_pt: float | None = Field(
        None,
        ge=4,
        le=72,
        description="Smallest body size the fit may shrink to (all sizes shrink with it); "
        "default: body_pt, never shrink.",
    )


_HEX = r"^#?(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$"


class ColorSpec(_Spec):
    """`colors:` '#RRGGBB' values."""

    accent: str = Field("#1F3864", pattern=_HEX, description="Headings, rules, table header, links.")
    text: str = Field("#000000", pattern=_HEX)
    muted: str = Field("#555555", pattern=_HEX, description="Notes, header and footer.")


class SectionSpec(_Spec):
    title: str
    items: int | None = Field(None, ge=0, description="Most items shown; None shows all.")
    words: int | None = Field(None, ge=1, description="Most words over all items of the section.")


class TemplateSpec(_Spec):
    """The contents of a template's `template.yaml`."""

    name: str
    description: str = ""
    audience: str = ""
    page: PageSpec = PageSpec()
    fonts: FontSpec = FontSpec()
    colors: ColorSpec = ColorSpec()
    header: str = Field("", description="Running header: {title} {date} {page} {pages}; ' | ' splits parts.")
    footer: str = Field("", description="Running footer, like header.")
    numbered_headings: bool = False
    max_pages: int | None = Field(None, ge=1, description="Shorten the brief until it fits; None: no limit.")
    fill_page: bool = Field(False, description="With max_pages: grow the budgets (up to 2×) while it fits.")
    reference_docx: str | None = Field(
        None, description="A .docx in the template folder whose styles the DOCX starts from."
    )
    logo: str | None = Field(None, description="A PNG or JPEG in the template folder, right of the header.")
    logo_height_mm: float = Field(12, gt=0, le=60)
    sections: dict[str, SectionSpec] = Field(default_factory=dict)

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, value: dict[str, SectionSpec]) -> dict[str, SectionSpec]:
        unknown = sorted(set(value) - set(SECTIONS))
        if unknown:
            raise ValueError(f"unknown section {', '.join(unknown)}; allowed: {', '.join(SECTIONS)}")
        return value


@dataclass(frozen=True)
class Template:
    """A loaded template: its spec, its folder and its Jinja source."""

    spec: TemplateSpec
    folder: Path
    source: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def reference_docx(self) -> Path | None:
        """The reference document whose styles the DOCX starts from, if the template names one."""
        return self.folder / self.spec.reference_docx if self.spec.reference_docx else None

    @property
    def logo(self) -> Path | None:
        """The logo image, if the template names one."""
        return self.folder / self.spec.logo if self.spec.logo else None

    @cached_property
    def compiled(self) -> Any:
        """`brief.md.j2` compiled in its sandbox (a jinja2.Template), once per loaded template.

        Fitting a brief to its pages composes it several times; compiling is most of a compose. A
        syntax error raises here each time it is asked for, and nothing is cached.
        """
        return _environment(self).get_template(BRIEF_FILE)


def builtin_dir() -> Path:
    """The folder of built-in templates: package data when installed, `templates/` in a checkout."""
    packaged = Path(str(resources.files("briefing"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def _candidates() -> Iterable[Path]:
    local = Path.cwd() / "templates"
    if local.is_dir():
        yield from sorted(p for p in local.iterdir() if (p / "template.yaml").is_file())
    builtin = builtin_dir()
    if builtin.is_dir() and builtin.resolve() != local.resolve():
        yield from sorted(p for p in builtin.iterdir() if (p / "template.yaml").is_file())


def available() -> list[Template]:
    """Every template found by name: `./templates/NAME` first, then the built-in ones."""
    seen: dict[str, Template] = {}
    for folder in _candidates():
        if folder.name not in seen:
            seen[folder.name] = load(folder)
    return list(seen.values())


def find(name_or_path: str) -> Template:
    """Load a template by name (local `./templates/NAME` wins over built-in) or by folder path."""
    path = Path(name_or_path)
    if path.is_dir():
        return load(path)
    if "/" not in name_or_path and "\\" not in name_or_path:
        for folder in (Path.cwd() / "templates" / name_or_path, builtin_dir() / name_or_path):
            if (folder / "template.yaml").is_file():
                return load(folder)
    names = ", ".join(sorted({p.name for p in _candidates()})) or "none"
    raise TemplateError(
        f"no template named '{name_or_path}'",
        hint=f"Use one of: {names}; or pass the path of a folder holding template.yaml and brief.md.j2",
    )


def load(folder: Path) -> Template:
    """Read and validate a template folder."""
    spec_file = folder / "template.yaml"
    body_file = folder / "brief.md.j2"
    for needed in (spec_file, body_file):
        if not needed.is_file():
            raise TemplateError(
                f"template folder has no {needed.name}",
                where=folder,
                hint="A template is a folder with template.yaml and brief.md.j2",
            )
    try:
        raw = yaml.safe_load(spec_file.read_text(encoding="utf-8")) or {}
        source = body_file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TemplateError(
            "a template file is not UTF-8 text", where=folder, hint="Save it as UTF-8"
        ) from None
    except yaml.YAMLError as exc:
        where, problem = yaml_problem(exc, spec_file)
        raise TemplateError(
            f"template.yaml does not parse ({problem})", where=where, hint="Fix the YAML syntax at that line"
        ) from None
    if not isinstance(raw, dict):
        raise TemplateError("template.yaml must be a mapping of keys to values", where=spec_file)
    raw.setdefault("name", folder.name)
    try:
        spec = TemplateSpec.model_validate(raw)
    except ValidationError as exc:
        raise TemplateError(
            _describe(exc),
            where=spec_file,
            hint="docs/templates.md describes every key and its values",
        ) from None
    for key, suffixes in (("reference_docx", (".docx",)), ("logo", (".png", ".jpg", ".jpeg"))):
        _check_file(folder, spec_file, key, getattr(spec, key), suffixes)
    return Template(spec=spec, folder=folder, source=source)


def _check_file(
    folder: Path, spec_file: Path, key: str, value: str | None, suffixes: tuple[str, ...]
) -> None:
    """A file a template names must exist inside its folder and be of a kind the renderers read."""
    if value is None:
        return
    path = (folder / value).resolve()
    allowed = " or ".join(suffixes)
    if path.suffix.lower() not in suffixes:
        raise TemplateError(
            f"key '{key}': '{value}' is not a {allowed} file", where=spec_file, hint=f"Name a {allowed} file"
        )
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        raise TemplateError(
            f"key '{key}': no file '{value}' in the template folder",
            where=spec_file,
            hint=f"Put the {allowed} file in {folder} and give its name relative to that folder",
        )


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at `loc` (a path into template.yaml), for error messages."""
    model: Any = TemplateSpec
    for part in loc:
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            break
        model = field.annotation
    return list(getattr(model, "model_fields", {}))


def _describe(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            allowed = _allowed_keys(tuple(err["loc"][:-1]))
            lines.append(f"key '{loc}' is not permitted here; allowed: {', '.join(allowed)}")
        elif err["type"] == "string_pattern_mismatch":
            lines.append(f"key '{loc}' must be a colour like '#1F3864' (#RRGGBB), not {err['input']!r}")
        else:
            lines.append(f"key '{loc}': {err['msg']}")
    return "; ".join(lines)


# --- Compose: Brief -> Markdown ----------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


class Markdown(str):
    """Text that is Markdown already and must not be escaped again."""


def escape_md(value: object) -> str:
    """Escape characters Markdown would read as formatting; leave Markdown values alone."""
    if isinstance(value, Markdown):
        return value
    text = "" if value is None else str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A line that starts like a list item or heading would change the structure.
    return re.sub(r"^(\s*)(\d+)([.)])", r"\1\2\\\3", text, flags=re.M)


def _cite(item: Any) -> Markdown:
    """An item's citation marks, each linked to its source; three or more in a row as a range,
    "[1]–[10]", so an item many sources share does not end in a line of marks."""
    cites = getattr(item, "cites", None) if not isinstance(item, dict) else item.get("cites")
    numbers = sorted(set(cites or []))
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    marks = []
    for run in runs:
        if len(run) >= 3:
            marks.append(f"[{run[0]}](#src-{run[0]})–[{run[-1]}](#src-{run[-1]})")
        else:
            marks.extend(f"[{n}](#src-{n})" for n in run)
    return Markdown("".join(marks))


def _md(value: object) -> Markdown:
    return Markdown(value if isinstance(value, str) else str(value))


def _link(url: str | None, text: str | None = None) -> Markdown:
    """A Markdown link whose target survives any character a URL may hold."""
    if not url:
        return Markdown("")
    target = (
        url.replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )
    return Markdown(f"[{escape_md(text or url)}](<{target}>)")


def _group(items: Iterable[Any], attribute: str, default: str = "General") -> list[tuple[str, list[Any]]]:
    """Group items by an attribute, groups in order of first appearance (unlike Jinja's groupby)."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        key = getattr(item, attribute, None) or default
        groups.setdefault(key, []).append(item)
    return list(groups.items())


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def format_date(value: str | None) -> str:
    """'2017-03-28' -> '28 March 2017', '2017-03' -> 'March 2017', spans joined by an en dash."""
    if not value:
        return "n.d."
    if "/" in value:
        start, _, end = value.partition("/")
        # Say the shared month or year once: "8–9 June 2017", "March–May 2017".
        if len(start) == len(end) == 10 and start[:7] == end[:7]:
            return f"{int(start[8:])}–{format_date(end)}"
        if len(start) == len(end) == 7 and start[:4] == end[:4]:
            return f"{format_date(start).split()[0]}–{format_date(end)}"
        return f"{format_date(start)}–{format_date(end)}"
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if m:
        return f"Q{m.group(2)} {m.group(1)}"
    seasons = {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "AU": "Autumn", "WI": "Winter"}
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", value)
    if m:
        return f"{seasons[m.group(2)]} {m.group(1)}"
    m = re.fullmatch(r"(\d{3})", value)
    if m:
        return f"{m.group(1)}0s"
    return value


def format_number(value: float, unit: str, value_max: float | None = None) -> str:
    """A compact display of a figure: 2e9 USD -> '$2 bn', 80 percent -> '80%'."""

    def scaled(v: float) -> str:
        for size, word in ((1e12, " tn"), (1e9, " bn"), (1e6, " m")):
            if abs(v) >= size:
                return f"{v / size:,.2f}".rstrip("0").rstrip(".") + word
        return f"{v:,.2f}".rstrip("0").rstrip(".")

    symbols = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
    text = scaled(value) + (f"–{scaled(value_max)}" if value_max is not None else "")
    if unit in symbols:
        return symbols[unit] + text
    if unit == "percent":
        return text + "%"
    if unit == "percentage_points":
        return text + " pp"
    if unit == "count":
        return text
    return f"{text} {unit}" if len(unit) != 3 or not unit.isupper() else f"{unit} {text}"


def _plural(count: int | Iterable[Any], word: str, plural: str | None = None) -> str:
    """'1 source', '5 sources': a count (or the length of a list) with its noun."""
    n = count if isinstance(count, int) else len(list(count))
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _date_range(value: Iterable[str] | None) -> str:
    """A brief's date range at its precision: 'March 2017 to January 2022', or one date if both agree."""
    dates = list(value or [])
    if not dates:
        return ""
    first, last = format_date(dates[0]), format_date(dates[-1])
    return first if first == last else f"{first} to {last}"


def _money(figures: Iterable[Any]) -> list[Any]:
    """The figures in the most common currency among them (an ISO code: three capital letters), in
    their given order: what a bar chart of money can compare without converting currencies."""
    items = list(figures)
    counts: dict[str, int] = {}
    for item in items:
        unit = str(getattr(item, "unit", ""))
        if len(unit) == 3 and unit.isalpha() and unit.isupper():
            counts[unit] = counts.get(unit, 0) + 1
    if not counts:
        return []
    currency = max(counts, key=lambda unit: counts[unit])  # ties: the first seen
    return [item for item in items if getattr(item, "unit", None) == currency]


def _capfirst(value: object) -> object:
    """A quote that starts mid-sentence ("the death of …") set as a list item: only the first letter
    is raised, no word changes; Markdown values and non-text pass through."""
    if isinstance(value, str) and not isinstance(value, Markdown) and value[:1].islower():
        return value[0].upper() + value[1:]
    return value


FILTERS: dict[str, Any] = {
    "cite": _cite,
    "capfirst": _capfirst,
    "md": _md,
    "link": _link,
    "group": _group,
    "date": format_date,
    "date_range": _date_range,
    "number": format_number,
    "plural": _plural,
    "money": _money,
    "escape_md": escape_md,
}
"""The filters a template can use besides Jinja's built-in ones (see docs/templates.md)."""

BRIEF_FILE = "brief.md.j2"


MAX_OUTPUT = 20_000_000
"""Most characters a template may write; a brief is a few pages, so more is a runaway template."""


def _limited_sandbox() -> type:
    """A sandbox that also refuses arithmetic building huge values (`"x" * 10**9`, `9**9**9`)."""
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class LimitedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**":
                if isinstance(right, int | float) and abs(right) > 64 and abs(left) > 1:
                    raise SecurityError(f"{left!r} ** {right!r} is too large for a template")
                return left**right
            sized = [v for v in (left, right) if isinstance(v, str | list | tuple)]
            counts = [v for v in (left, right) if isinstance(v, int)]
            if sized and counts and len(sized[0]) * counts[0] > MAX_OUTPUT:
                raise SecurityError("a repeated value this long is too large for a template")
            whole = all(isinstance(v, int) for v in (left, right))
            if whole and abs(left).bit_length() + abs(right).bit_length() > 4096:
                raise SecurityError("a number this large is too large for a template")
            return left * right

    return LimitedSandbox


def _environment(template: Template) -> Any:
    from jinja2 import FunctionLoader, StrictUndefined
    from jinja2.loaders import split_template_path

    folder = template.folder

    def load_source(name: str) -> tuple[str, str, Any] | None:
        # brief.md.j2 comes from the loaded template; partials ({% include %}) from its folder only.
        path = folder.joinpath(*split_template_path(name))
        if name == BRIEF_FILE:
            return template.source, str(path), lambda: True
        if not path.is_file():
            return None
        return path.read_text(encoding="utf-8"), str(path), lambda: True

    env = _limited_sandbox()(
        loader=FunctionLoader(load_source),
        undefined=StrictUndefined,
        finalize=escape_md,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(FILTERS)
    return env


def _cited_numbers(brief: Brief) -> set[int]:
    items: list[Any] = [*brief.summary, *brief.key_figures, *brief.chronology, *brief.challenges]
    items += brief.discrepancies
    return {n for item in items for n in item.cites}


def variables(brief: Brief, template: Template) -> dict[str, Any]:
    """What `brief.md.j2` sees; docs/templates.md describes each one."""
    sections = {
        key: spec.title.replace("{subject}", brief.title) for key, spec in template.spec.sections.items()
    }
    cited = _cited_numbers(brief)
    return {
        "brief": brief,
        "sections": sections,
        "section_order": list(sections),
        "template": template.spec,
        "subject": brief.title,
        "cited_sources": [s for s in brief.sources if s.n in cited],
        "other_sources": [s for s in brief.sources if s.n not in cited],
    }


def _error_place(exc: BaseException, template: Template) -> tuple[str, int | None]:
    """The template file and line an error happened on: Jinja rewrites tracebacks to point there."""
    import traceback

    name = getattr(exc, "filename", None) or None
    line = getattr(exc, "lineno", None)
    if line is None:
        frames = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if f.filename.startswith(str(template.folder)) or f.filename == "<template>"
        ]
        if frames:
            name, line = frames[-1].filename, frames[-1].lineno
    return name or str(template.folder / BRIEF_FILE), line


def _source_line(template: Template, file_name: str, line: int | None) -> str:
    if not line:
        return ""
    path = Path(file_name)
    try:
        text = template.source if path == template.folder / BRIEF_FILE else path.read_text(encoding="utf-8")
    except OSError:
        return ""
    lines = text.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _available(names: dict[str, Any]) -> str:
    brief_fields = ", ".join(Brief.model_fields)
    shown = [f"brief ({brief_fields})" if key == "brief" else key for key in names]
    return "; ".join(shown)


def _render_capped(jinja_template: Any, names: dict[str, Any]) -> str:
    """Render, stopping a template whose output grows past MAX_OUTPUT characters."""
    from jinja2.exceptions import SecurityError

    parts: list[str] = []
    size = 0
    for part in jinja_template.generate(**names):
        size += len(part)
        if size > MAX_OUTPUT:
            raise SecurityError(f"the template wrote more than {MAX_OUTPUT:,} characters")
        parts.append(part)
    return "".join(parts)


def compose(brief: Brief, template: Template) -> str:
    """Render the template's `brief.md.j2` with the brief: Turn a Brief into Markdown."""
    from jinja2 import TemplateError as JinjaError

    names = variables(brief, template)
    try:
        text = _render_capped(template.compiled, names)
    except (OverflowError, MemoryError, RecursionError) as exc:
        # range(10**20) and deep recursion are refused by Python rather than the sandbox.
        raise TemplateError(
            f"the template asked for too much ({type(exc).__name__}: {exc})",
            where=template.folder / BRIEF_FILE,
            hint="A template renders a few pages; look for a loop or value that grows without bound",
        ) from None
    except JinjaError as exc:
        file_name, line = _error_place(exc, template)
        offending = _source_line(template, file_name, line)
        reads = f"; the line reads: {offending}" if offending else ""
        raise TemplateError(
            f"template failed: {exc.message or exc}{reads}",
            where=file_name + (f":{line}" if line else ""),
            hint=f"Fix the template. Variables: {_available(names)}. Filters: {', '.join(FILTERS)}",
        ) from None
    # Collapse runs of blank lines the template's control blocks leave behind.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
