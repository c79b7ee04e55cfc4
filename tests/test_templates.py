from pathlib import Path

import pytest

from briefing.errors import TemplateError
from briefing.model import Brief, BriefSummaryItem, SourceEntry, SourceRef
from briefing.templates import available, compose, escape_md, find, format_date, load


def _brief(text: str = "Trade rose.") -> Brief:
    ref = SourceRef(doc="a", start=0, end=len(text), quote=text)
    return Brief(
        corpus="c",
        title="A–B relations",
        as_of="2020-01",
        date_range=("2019", "2020-01"),
        sources=[SourceEntry(n=1, id="a", title="Doc A", published="2020-01")],
        summary=[BriefSummaryItem(text=text, sources=[ref], cites=[1])],
        key_figures=[],
        chronology=[],
        challenges=[],
        discrepancies=[],
    )


def test_builtin_templates_are_listed_with_descriptions():
    names = {t.name: t.spec.description for t in available()}
    assert {"one-page", "report"} <= set(names)
    assert all(names[n] for n in ("one-page", "report"))


def test_unknown_template_names_the_choices():
    with pytest.raises(TemplateError) as err:
        find("no-such-template")
    assert "one-page" in err.value.message and "report" in err.value.message


def test_local_template_overrides_builtin(tmp_path, monkeypatch):
    local = tmp_path / "templates" / "one-page"
    local.mkdir(parents=True)
    (local / "template.yaml").write_text("description: mine\n", encoding="utf-8")
    (local / "brief.md.j2").write_text("# {{ brief.title }}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert find("one-page").spec.description == "mine"


def test_bad_template_yaml_names_key_and_allowed_values(tmp_path):
    (tmp_path / "template.yaml").write_text(
        "page: {size: A3}\nsections: {sumary: {title: x}}\n", encoding="utf-8"
    )
    (tmp_path / "brief.md.j2").write_text("x", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        load(tmp_path)
    assert "page.size" in err.value.message and "'A4'" in err.value.message
    assert "sumary" in err.value.message


def test_source_text_cannot_inject_markdown(tmp_path):
    brief = _brief("A *bold* claim | with [a link](http://x) # and 1. a list")
    md = compose(brief, find("one-page"))
    assert "\\*bold\\*" in md and "\\[a link\\]" in md and "\\|" in md
    assert "[1](#src-1)" in md  # citation marks are Markdown, not escaped


def test_template_error_reports_file_and_line(tmp_path):
    (tmp_path / "template.yaml").write_text("name: broken\n", encoding="utf-8")
    (tmp_path / "brief.md.j2").write_text("# ok\n{{ brief.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        compose(_brief(), load(tmp_path))
    assert "brief.md.j2:2" in err.value.message


def test_sandbox_blocks_python_internals(tmp_path):
    (tmp_path / "template.yaml").write_text("name: evil\n", encoding="utf-8")
    (tmp_path / "brief.md.j2").write_text(
        "{{ brief.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8"
    )
    with pytest.raises(TemplateError):
        compose(_brief(), load(tmp_path))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2017-03-28", "28 March 2017"),
        ("2017-03", "March 2017"),
        ("2017", "2017"),
        ("1989/1991", "1989–1991"),
        ("201", "2010s"),
        ("2017-Q2", "Q2 2017"),
        (None, "n.d."),
    ],
)
def test_dates_display_at_their_precision(value, shown):
    assert format_date(value) == shown


def test_escape_keeps_plain_text_readable():
    assert escape_md("Iran–Russia trade, 2017") == "Iran–Russia trade, 2017"
    assert escape_md(Path("x").name) == "x"
