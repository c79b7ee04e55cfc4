"""Turn a Corpus into Extracts: sentences, dated events, figures, challenges, summary candidates.

Each extractor is a plain function in its own module; this module only runs them in order and
merges what several documents report.
"""

from __future__ import annotations

from briefing.extract import challenges, events, figures, sentences, summary
from briefing.extract.sentences import Sentence
from briefing.model import Corpus, Extracts


def extract_corpus(corpus: Corpus) -> Extracts:
    """Run every extractor over the corpus and merge across documents."""
    split: dict[str, list[Sentence]] = {doc.id: sentences.split(doc) for doc in corpus.documents}

    found_events = [e for doc in corpus.documents for e in events.extract_events(doc, split[doc.id])]
    found_figures = [f for doc in corpus.documents for f in figures.extract_figures(doc, split[doc.id])]
    merged_events = events.merge_events(found_events)
    merged_figures, discrepancies = figures.merge_figures(found_figures)
    found_challenges = challenges.extract_challenges(corpus.documents, split, corpus.title)
    found_summary = summary.extract_summary(
        corpus.documents, split, merged_events, merged_figures, title=corpus.title
    )

    return Extracts(
        corpus=corpus.id,
        title=corpus.title,
        documents=[doc.info for doc in corpus.documents],
        events=merged_events,
        figures=merged_figures,
        challenges=found_challenges,
        summary=found_summary,
        discrepancies=discrepancies,
        series=figures.find_series(merged_figures),
    )
