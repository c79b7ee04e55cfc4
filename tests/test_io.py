import pytest

from briefing.errors import ExtractsError
from briefing.io import dump_extracts, read_extracts, write_atomic
from briefing.model import DocumentInfo, Event, Extracts, SourceRef


def _extracts() -> Extracts:
    ref = SourceRef(doc="d", start=0, end=4, quote="text")
    return Extracts(
        corpus="c",
        title="t",
        documents=[DocumentInfo(id="d", file="d.txt")],
        events=[Event(date="2017", precision="year", text="A visit", sources=[ref])],
    )


@pytest.mark.parametrize("name", ["x.json", "x.yaml", "x.yml"])
def test_extracts_round_trip(tmp_path, name):
    path = tmp_path / name
    path.write_text(dump_extracts(_extracts(), path), encoding="utf-8")
    assert read_extracts(path) == _extracts()


def test_an_edited_item_that_breaks_the_schema_is_named(tmp_path):
    path = tmp_path / "x.yaml"
    text = dump_extracts(_extracts(), path).replace("precision: year", "precision: yearly")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExtractsError) as err:
        read_extracts(path)
    assert "events[0].precision" in err.value.message and "A visit" in err.value.message


def test_yaml_syntax_error_has_line_and_column(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("corpus: c\nevents: [\n", encoding="utf-8")
    with pytest.raises(ExtractsError) as err:
        read_extracts(path)
    assert "x.yaml:3:" in err.value.message


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "deep" / "out.txt"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]
