from briefing.assemble import Budget, assemble
from briefing.model import DocumentInfo, Event, Extracts, Figure, SourceRef, SummaryItem


def _ref(doc: str, text: str = "x") -> SourceRef:
    return SourceRef(doc=doc, start=0, end=len(text), quote=text)


def _extracts() -> Extracts:
    return Extracts(
        corpus="c",
        title="A–B relations",
        documents=[
            DocumentInfo(id="old", file="old.txt", title="Old", published="2015"),
            DocumentInfo(id="new", file="new.txt", title="New", published="2020-05-01"),
            DocumentInfo(id="unused", file="unused.txt", title="Unused"),
        ],
        events=[
            Event(date="2019-03", precision="month", text="late", sources=[_ref("new")], salience=0.9),
            Event(date="2001", precision="year", text="early", sources=[_ref("old")], salience=0.8),
            Event(date="2010", precision="year", text="minor", sources=[_ref("old")], salience=0.1),
        ],
        figures=[
            Figure(
                value=2e9, unit="USD", surface="$2 billion", label="trade", sources=[_ref("old")], salience=1
            ),
            Figure(value=5, unit="count", surface="five", label="", sources=[_ref("new")], salience=2),
        ],
        summary=[
            SummaryItem(text="bottom line here", sources=[_ref("new")], salience=0.5),
            SummaryItem(text="a second point", sources=[_ref("old")], salience=0.9),
        ],
    )


def test_chronology_keeps_the_most_salient_in_date_order():
    brief = assemble(_extracts(), {"chronology": Budget(items=2)})
    assert [e.text for e in brief.chronology] == ["early", "late"]


def test_citations_are_numbered_in_order_of_first_use_and_every_source_listed():
    brief = assemble(_extracts(), {})
    assert brief.summary[0].cites == [1]  # "new" is cited first
    assert [s.id for s in brief.sources] == ["new", "old", "unused"]
    assert [s.n for s in brief.sources] == [1, 2, 3]
    assert brief.chronology[0].cites == [2]


def test_summary_keeps_extraction_order_within_budget():
    brief = assemble(_extracts(), {"summary": Budget(items=2)})
    assert [s.text for s in brief.summary] == ["bottom line here", "a second point"]
    brief = assemble(_extracts(), {"summary": Budget(words=3)})
    assert [s.text for s in brief.summary] == ["a second point"]


def test_figures_without_a_label_are_not_shown():
    brief = assemble(_extracts(), {})
    assert [f.surface for f in brief.key_figures] == ["$2 billion"]


def test_as_of_is_the_newest_source_date():
    brief = assemble(_extracts(), {})
    assert brief.as_of == "2020-05-01"
    assert brief.date_range == ("2015", "2020-05-01")


def test_a_summary_sentence_is_not_repeated_as_a_challenge():
    from briefing.model import Challenge

    extracts = _extracts()
    same = extracts.summary[0].sources[0]
    extracts.challenges = [
        Challenge(theme="Mistrust", text="bottom line here", sources=[same], salience=1.0),
        Challenge(
            theme="Economic limits",
            text="trade is small",
            sources=[SourceRef(doc="old", start=100, end=114, quote="trade is small")],
        ),
    ]
    brief = assemble(extracts, {"summary": Budget(items=2)})
    assert [c.text for c in brief.challenges] == ["trade is small"]


def test_a_summary_point_that_repeats_a_challenge_shown_gives_way():
    from briefing.model import Challenge

    extracts = _extracts()
    repeated = extracts.summary[1].sources[0]
    extracts.challenges = [
        Challenge(theme="Mistrust", text="a second point", sources=[repeated], salience=1.0)
    ]
    extracts.summary.append(
        SummaryItem(
            text="a third point", sources=[SourceRef(doc="old", start=50, end=63, quote="a third point")]
        )
    )
    brief = assemble(extracts, {"summary": Budget(items=2), "challenges": Budget(items=3)})
    assert [s.text for s in brief.summary] == ["bottom line here", "a third point"]
    assert [c.text for c in brief.challenges] == ["a second point"]
    # A template without a challenges section keeps the point in its summary.
    brief = assemble(extracts, {"summary": Budget(items=2)})
    assert [s.text for s in brief.summary] == ["bottom line here", "a second point"]


def test_key_figures_give_several_measures_a_place_before_a_third_value_of_one():
    from briefing.model import Series, SeriesPoint

    def fig(value: float, label: str, start: int, salience: float) -> Figure:
        ref = SourceRef(doc="old", start=start, end=start + 1, quote="x")
        return Figure(
            value=value, unit="USD", surface=f"${value:g}", label=label, sources=[ref], salience=salience
        )

    trade = [
        fig(1e9, "bilateral trade", 0, 0.9),
        fig(2e9, "trade turnover", 10, 0.8),
        fig(3e9, "trade", 20, 0.7),
    ]
    arms = fig(5e9, "arms deal", 30, 0.5)
    extracts = _extracts()
    extracts.figures = [*trade, arms]
    extracts.series = [
        Series(
            label="trade",
            unit="USD",
            points=[
                SeriesPoint(year=str(2000 + i), value=f.value, surface=f.surface, sources=f.sources)
                for i, f in enumerate(trade)
            ],
        )
    ]
    brief = assemble(extracts, {"key_figures": Budget(items=3)})
    assert [f.label for f in brief.key_figures] == ["bilateral trade", "trade turnover", "arms deal"]
