"""Find and load templates, and turn a Brief into Markdown through one.

A template is a folder holding `template.yaml` (layout, fonts, section budgets) and `brief.md.j2`
(Jinja2, run in a sandbox with StrictUndefined). Text that comes from sources is escaped for Markdown
on output unless a filter marks it as Markdown already, so a source cannot inject formatting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from briefing.errors import TemplateError
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


FONT_FAMILIES = ("Noto Sans",)
"""Families bundled with briefing (briefing/fonts); Arabic-script text falls back to Noto Sans Arabic."""


class FontSpec(_Spec):
    """`fonts:` the family and the sizes, in points."""

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
    reference_docx: str | None = Field(
        None, description="A .docx in the template folder whose styles the DOCX starts from."
    )
    logo: str | None = Field(None, description="A PNG or JPEG in the template folder, top right of page 1.")
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
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{spec_file}:{mark.line + 1}:{mark.column + 1}" if mark else spec_file
        raise TemplateError(
            f"template.yaml does not parse ({getattr(exc, 'problem', exc)})",
            where=where,
            hint="Fix the YAML syntax at that line",
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
            hint="See the template section of the README for the keys and their values",
        ) from None
    return Template(spec=spec, folder=folder, source=body_file.read_text(encoding="utf-8"))


def _describe(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"])
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
    cites = getattr(item, "cites", None) if not isinstance(item, dict) else item.get("cites")
    return Markdown("".join(f"[{n}](#src-{n})" for n in cites or []))


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


def _environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        finalize=escape_md,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(
        cite=_cite,
        md=_md,
        link=_link,
        group=_group,
        date=format_date,
        number=format_number,
        escape_md=escape_md,
    )
    return env


def _template_line(exc: BaseException) -> int | None:
    """The template line a runtime error happened on: Jinja rewrites tracebacks to point there."""
    import traceback

    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return lines[-1] if lines else None


def compose(brief: Brief, template: Template) -> str:
    """Render the template's `brief.md.j2` with the brief: Turn a Brief into Markdown."""
    from jinja2 import TemplateError as JinjaError

    env = _environment()
    sections = {
        key: spec.title.replace("{subject}", brief.title) for key, spec in template.spec.sections.items()
    }
    try:
        jinja_template = env.from_string(template.source)
        text = jinja_template.render(brief=brief, sections=sections, template=template.spec)
    except JinjaError as exc:
        line = getattr(exc, "lineno", None) or _template_line(exc)
        where = f"{template.folder / 'brief.md.j2'}" + (f":{line}" if line else "")
        raise TemplateError(
            f"template failed: {exc.message or exc}",
            where=where,
            hint="Fix the template; variables available are brief, sections, template",
        ) from None
    # Collapse runs of blank lines the template's control blocks leave behind.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
