"""Turn a Corpus into Extracts: sentences, dated events, figures, challenges, summary candidates.

Each extractor is a plain function in its own module; this module only runs them in order and
merges what several documents report. The work splits in two so that it can be cached per
document and spread over processes:

    extract_document(doc)        one Document → DocumentExtracts (its events and figures, unmerged)
    combine(corpus, results)     every document's results → Extracts (merged across documents,
                                 challenges, summary, series)
    extract_corpus(corpus)       both, in order
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from briefing.model import Corpus, Document, Event, Extracts, Figure, SourceRef

if TYPE_CHECKING:
    from briefing.extract.sentences import Sentence

# The extractors are imported where they run: a rebuild served from the cache never loads them
# (their regular expressions take a tenth of a second to compile).

__all__ = [
    "EXTRACTOR_VERSION",
    "DocumentExtracts",
    "combine",
    "extract_corpus",
    "extract_document",
    "renamed",
]

EXTRACTOR_VERSION = 1
"""Bump when per-document extraction changes in a way its source code does not show (a data file).

Cached results are keyed by it and by a hash of the extract and ingest source files (briefing.cache),
so an edit to an extractor invalidates the cache by itself.
"""


class DocumentExtracts(BaseModel):
    """What one document yields before anything is merged across documents: the unit of the cache."""

    document: Document
    events: list[Event]
    figures: list[Figure]


def extract_document(doc: Document) -> DocumentExtracts:
    """Run the per-document extractors (events, figures) over one cleaned document."""
    from briefing.extract import events, figures, sentences

    split = sentences.split(doc)
    return DocumentExtracts(
        document=doc,
        events=events.extract_events(doc, split),
        figures=figures.extract_figures(doc, split),
    )


def renamed(result: DocumentExtracts, doc_id: str) -> DocumentExtracts:
    """The same results under another document id (a second "a.txt" in a corpus becomes "a-2").

    Results are extracted before the corpus gives ids out, under the file's own slug; this points
    the document and every source reference at the id the corpus gave it.
    """
    items = [*result.events, *result.figures]
    if result.document.id == doc_id and all(r.doc == doc_id for item in items for r in item.sources):
        return result

    def refs(items: list[SourceRef]) -> list[SourceRef]:
        return [r.model_copy(update={"doc": doc_id}) for r in items]

    document = result.document.model_copy(
        update={"info": result.document.info.model_copy(update={"id": doc_id})}
    )
    return DocumentExtracts(
        document=document,
        events=[e.model_copy(update={"sources": refs(e.sources)}) for e in result.events],
        figures=[f.model_copy(update={"sources": refs(f.sources)}) for f in result.figures],
    )


def combine(corpus: Corpus, results: list[DocumentExtracts]) -> Extracts:
    """Merge per-document results (in corpus order) into the corpus's Extracts.

    Events and figures are merged across sources; challenges, summary and series look at every
    document at once, so they always run here, never from a cache of one document.
    """
    from briefing.extract import challenges, events, figures, sentences, summary

    docs = corpus.documents
    split: dict[str, list[Sentence]] = {doc.id: sentences.split(doc) for doc in docs}
    found_events = [e for result in results for e in result.events]
    found_figures = [f for result in results for f in result.figures]
    merged_events = events.merge_events(found_events)
    merged_figures, discrepancies = figures.merge_figures(found_figures)
    found_challenges = challenges.extract_challenges(docs, split, corpus.title)
    found_summary = summary.extract_summary(docs, split, merged_events, merged_figures, title=corpus.title)

    return Extracts(
        corpus=corpus.id,
        title=corpus.title,
        documents=[doc.info for doc in docs],
        events=merged_events,
        figures=merged_figures,
        challenges=found_challenges,
        summary=found_summary,
        discrepancies=discrepancies,
        series=figures.find_series(merged_figures),
    )


def extract_corpus(corpus: Corpus) -> Extracts:
    """Run every extractor over the corpus and merge across documents."""
    return combine(corpus, [extract_document(doc) for doc in corpus.documents])


class _ExtractModule(types.ModuleType):
    """This package, callable as the public `briefing.extract()`.

    `briefing.extract` names both the public function (DESIGN: build(), extract(), load_corpus())
    and this subpackage; once the subpackage is imported, Python binds the name to the module, so
    the module forwards a call to the pipeline's function instead of breaking the public API.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Extracts:
        from briefing.pipeline import extract

        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _ExtractModule
