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
        ("2017-06-08/2017-06-09", "8–9 June 2017"),
        ("2017-03/2017-05", "March–May 2017"),
        ("2016-12-30/2017-01-02", "30 December 2016–2 January 2017"),
        ("201", "2010s"),
        ("2017-Q2", "Q2 2017"),
        (None, "n.d."),
    ],
)
def test_dates_display_at_their_precision(value, shown):
    assert format_date(value) == shown


def test_escape_keeps_plain_text_readable():
    assert escape_md("Iran–Russia trade, 2017") == "Iran–Russia trade, 2017"


# --- The template contract -----------------------------------------------------------------------


def _copy_builtin(name: str, target: Path) -> Path:
    import shutil

    shutil.copytree(find(name).folder, target)
    return target


def test_the_three_builtins_load_and_talking_points_fits_one_page_in_large_type():
    names = {t.name: t for t in available()}
    assert {"one-page", "report", "talking-points"} <= set(names)
    talking = names["talking-points"].spec
    assert talking.max_pages == 1
    assert talking.fonts.body_pt > names["one-page"].spec.fonts.body_pt


def test_talking_points_has_no_tables_and_its_own_wording(seed_extracts):
    from briefing.pipeline import render_brief

    built = render_brief(seed_extracts, find("talking-points"), ["md"])
    assert "|---" not in built.markdown
    assert "Talking points" in built.markdown and "## The message" in built.markdown


def test_sections_follow_the_order_template_yaml_gives(tmp_path):
    folder = _copy_builtin("one-page", tmp_path / "reordered")
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8")
    chronology = next(line for line in text.splitlines() if line.strip().startswith("chronology:"))
    text = text.replace(chronology + "\n", "").replace("sections:\n", "sections:\n" + chronology + "\n")
    spec.write_text(text, encoding="utf-8")
    template = load(folder)
    assert next(iter(template.spec.sections)) == "chronology"
    brief = _brief()
    brief.chronology.append(
        __import__("briefing.model", fromlist=["BriefEvent"]).BriefEvent(
            date="2019", precision="year", text="A visit.", sources=brief.summary[0].sources, cites=[1]
        )
    )
    md = compose(brief, template)
    assert md.index("## Chronology") < md.index("## Summary")


@pytest.mark.parametrize(
    ("yaml_text", "named", "allowed"),
    [
        ("fonts: {family: Comic Sans}\n", "fonts.family", "'Noto Sans'"),
        ("page: {orientation: sideways}\n", "page.orientation", "'landscape'"),
        ("colors: {accent: blue}\n", "colors.accent", "RRGGBB"),
        ("fonts: {min_body_pt: 2}\n", "fonts.min_body_pt", "4"),
        ("max_pages: 0\n", "max_pages", "1"),
        ("colour: red\n", "colour", "not permitted"),
    ],
)
def test_each_bad_value_names_its_key_and_what_is_allowed(tmp_path, yaml_text, named, allowed):
    (tmp_path / "template.yaml").write_text(yaml_text, encoding="utf-8")
    (tmp_path / "brief.md.j2").write_text("x", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        load(tmp_path)
    assert named in err.value.message and allowed in err.value.message


@pytest.mark.parametrize("key", ["reference_docx", "logo"])
def test_a_missing_reference_or_logo_file_names_the_key(tmp_path, key):
    (tmp_path / "template.yaml").write_text(f"{key}: nowhere.{'docx' if key != 'logo' else 'png'}\n")
    (tmp_path / "brief.md.j2").write_text("x", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        load(tmp_path)
    assert f"key '{key}'" in err.value.message and "nowhere" in err.value.message


def test_syntax_error_gives_file_line_and_the_offending_line(tmp_path):
    (tmp_path / "template.yaml").write_text("name: broken\n", encoding="utf-8")
    (tmp_path / "brief.md.j2").write_text("# ok\n\n{% for x in brief.summary %}\n{{ x.text }\n", "utf-8")
    with pytest.raises(TemplateError) as err:
        compose(_brief(), load(tmp_path))
    message = err.value.message
    assert f"{tmp_path / 'brief.md.j2'}:4" in message and "{{ x.text }" in message


def test_undefined_variable_lists_the_variables_that_exist(tmp_path):
    (tmp_path / "template.yaml").write_text("name: broken\n", encoding="utf-8")
    (tmp_path / "brief.md.j2").write_text("# ok\n{{ breif.title }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        compose(_brief(), load(tmp_path))
    message = err.value.message
    assert "brief.md.j2:2" in message and "breif" in message
    assert "brief (" in message and "section_order" in message and "cited_sources" in message


def test_partials_are_included_from_the_template_folder_and_errors_name_them(tmp_path):
    (tmp_path / "template.yaml").write_text("name: parts\n", encoding="utf-8")
    (tmp_path / "brief.md.j2").write_text('# {{ brief.title }}\n{% include "part.md.j2" %}\n', "utf-8")
    (tmp_path / "part.md.j2").write_text("Sources: {{ brief.sources | plural('source') }}\n", "utf-8")
    assert "Sources: 1 source" in compose(_brief(), load(tmp_path))
    (tmp_path / "part.md.j2").write_text("fine\n{{ nope }}\n", "utf-8")
    with pytest.raises(TemplateError) as err:
        compose(_brief(), load(tmp_path))
    assert "part.md.j2:2" in err.value.message


def test_reference_docx_styles_are_used_and_its_content_dropped(tmp_path, seed_extracts):
    import io

    import docx

    from briefing.pipeline import render_brief

    folder = _copy_builtin("report", tmp_path / "house")
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Georgia"
    reference.add_paragraph("REFERENCE BODY TEXT")
    reference.save(folder / "house.docx")
    with (folder / "template.yaml").open("a", encoding="utf-8") as spec:
        spec.write("reference_docx: house.docx\n")
    built = render_brief(seed_extracts, load(folder), ["docx"])
    document = docx.Document(io.BytesIO(built.files["docx"]))
    assert document.styles["Normal"].font.name == "Georgia"
    assert "REFERENCE BODY TEXT" not in [p.text for p in document.paragraphs]
    assert document.paragraphs[0].style.name == "Title"


def test_logo_is_drawn_in_both_formats(tmp_path, seed_extracts):
    import io
    import zipfile

    from PIL import Image

    from briefing.pipeline import render_brief

    folder = _copy_builtin("one-page", tmp_path / "logo")
    Image.new("RGB", (300, 100), "#1F3864").save(folder / "logo.png")
    with (folder / "template.yaml").open("a", encoding="utf-8") as spec:
        spec.write("logo: logo.png\n")
    built = render_brief(seed_extracts, load(folder), ["pdf", "docx"])
    assert b"/Subtype /Image" in built.files["pdf"]
    with zipfile.ZipFile(io.BytesIO(built.files["docx"])) as package:
        assert any(name.startswith("word/media/") for name in package.namelist())


# --- briefing templates new / show -----------------------------------------------------------------


def test_scaffolded_template_is_commented_and_builds_unchanged(tmp_path, monkeypatch, seed_corpus):
    from typer.testing import CliRunner

    from briefing.cli import app

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["templates", "new", "memo", "--from", "one-page"])
    assert result.exit_code == 0, result.output
    spec = (tmp_path / "templates" / "memo" / "template.yaml").read_text(encoding="utf-8")
    assert spec.count("#") > 20 and "\nname: memo " in spec
    result = runner.invoke(app, ["build", str(seed_corpus), "-t", "memo", "-f", "pdf,md", "-o", "out", "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "iran-russia-memo.pdf").is_file()
    again = runner.invoke(app, ["templates", "new", "memo"])
    assert again.exit_code == 2 and "exists already" in again.output


def test_show_says_where_a_template_lives_and_what_it_sets(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from briefing.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["templates", "show", "talking-points"])
    assert result.exit_code == 0
    assert "built-in" in result.output and str(find("talking-points").folder.resolve()) in result.output
    assert "max_pages: 1" in result.output and "body_pt: 10.5" in result.output
    monkeypatch.chdir(tmp_path)
    _copy_builtin("one-page", tmp_path / "templates" / "one-page")
    assert "overrides the built-in" in runner.invoke(app, ["templates", "show", "one-page"]).output


def test_capfirst_raises_only_the_first_letter():
    from briefing.templates import FILTERS

    capfirst = FILTERS["capfirst"]
    assert capfirst("the death of Khomeini (1989)") == "The death of Khomeini (1989)"
    assert capfirst("Already capital") == "Already capital"
    assert capfirst("") == ""
