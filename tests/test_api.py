"""The public API of the package: what `import briefing` offers is a promise to other tools."""

import briefing


def test_exported_members_are_pinned():
    assert sorted(briefing.__all__) == ["BriefingError", "__version__", "build", "extract", "load_corpus"]
    for name in briefing.__all__:
        assert getattr(briefing, name) is not None


def test_build_and_extract_are_the_pipeline_entry_points(seed_corpus, tmp_path):
    # The subpackage briefing.extract shares the function's name; importing it must not hide the function.
    import briefing.extract.timex

    extracts = briefing.extract(seed_corpus)
    assert extracts.corpus == "iran-russia" and extracts.events
    written = briefing.build(seed_corpus, formats=["md"], out=tmp_path)
    assert [p.name for p in written] == ["iran-russia-one-page.md"]
