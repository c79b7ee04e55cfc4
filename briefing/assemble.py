"""Turn Extracts and a template's budgets into a Brief: selected, ordered and cited."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from briefing.model import (
    Brief,
    BriefChallenge,
    BriefDiscrepancy,
    BriefEvent,
    BriefFigure,
    BriefSeries,
    BriefSummaryItem,
    Challenge,
    Discrepancy,
    DocumentInfo,
    Event,
    Extracts,
    Figure,
    Series,
    SourceEntry,
    SourceRef,
    SummaryItem,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Budget:
    """How much of one section a template shows."""

    items: int | None = None
    words: int | None = None


def _top(items: Sequence[T], budget: Budget, key: str = "salience") -> list[T]:
    """The most salient items that fit the budget, in their original order of salience."""
    ranked = sorted(enumerate(items), key=lambda pair: (-getattr(pair[1], key), pair[0]))
    chosen: list[tuple[int, T]] = []
    words = 0
    for index, item in ranked:
        if budget.items is not None and len(chosen) >= budget.items:
            break
        n = len(str(getattr(item, "text", "")).split())
        if budget.words is not None and chosen and words + n > budget.words:
            continue
        words += n
        chosen.append((index, item))
    return [item for _, item in chosen]


_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_LABEL_STOP = frozenset("the and between with from for its their two of in on to by".split())


def _label_words(figure: Figure) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(figure.label.lower()) if w not in _LABEL_STOP)


def _similar_measure(a: Figure, b: Figure) -> bool:
    wa, wb = _label_words(a), _label_words(b)
    return a.unit == b.unit and bool(wa and wb) and 3 * len(wa & wb) >= len(wa | wb)


def _diverse(
    figures: Sequence[Figure], series: Sequence[Series], budget: Budget, per_measure: int = 2
) -> list[Figure]:
    """The most salient figures, but no more than `per_measure` of one measure before other measures
    have had a place: a table of five trade totals tells less than trade, arms and investment.

    Figures measure the same thing when extraction put them in one series, or when their labels
    share a third of their words.
    """
    member = {
        (ref.doc, ref.start, point.value): n
        for n, line in enumerate(series)
        for point in line.points
        for ref in point.sources
    }

    def measure(figure: Figure) -> int | None:
        return next(
            (member[k] for r in figure.sources if (k := (r.doc, r.start, figure.value)) in member), None
        )

    def alike(a: Figure, b: Figure) -> bool:
        ma, mb = measure(a), measure(b)
        return (ma is not None and ma == mb) or _similar_measure(a, b)

    first: list[Figure] = []
    later: list[Figure] = []
    for figure in sorted(figures, key=lambda f: -f.salience):
        crowded = sum(1 for chosen in first if alike(chosen, figure)) >= per_measure
        (later if crowded else first).append(figure)
    return (first + later)[: budget.items]


def _date_key(date: str) -> tuple[str, str]:
    # ISO strings sort by time; a coarser date sorts before finer ones within it ("2017" < "2017-03").
    start = date.split("/")[0]
    return (start, date)


def _overlap(a: SourceRef, b: SourceRef) -> bool:
    return a.doc == b.doc and a.start < b.end and b.start < a.end


class _Citations:
    """Numbers documents in order of first use."""

    def __init__(self, documents: Sequence[DocumentInfo]):
        self.known = {d.id: d for d in documents}
        self.order: list[str] = []

    def cite(self, refs: Sequence[SourceRef]) -> list[int]:
        numbers: list[int] = []
        for ref in refs:
            if ref.doc not in self.known:
                continue
            if ref.doc not in self.order:
                self.order.append(ref.doc)
            n = self.order.index(ref.doc) + 1
            if n not in numbers:
                numbers.append(n)
        return sorted(numbers)

    def entries(self) -> list[SourceEntry]:
        # Documents nothing cites are still listed: the reader should see everything consulted.
        ids = self.order + [d for d in self.known if d not in self.order]
        return [
            SourceEntry(
                n=i + 1,
                id=doc_id,
                title=self.known[doc_id].title or self.known[doc_id].file,
                author=self.known[doc_id].author,
                publisher=self.known[doc_id].publisher,
                published=self.known[doc_id].published,
                published_inferred=self.known[doc_id].published_inferred,
                url=self.known[doc_id].url,
            )
            for i, doc_id in enumerate(ids)
        ]


def assemble(extracts: Extracts, budgets: dict[str, Budget]) -> Brief:
    """Select items under the budgets, order the chronology by date and number the citations."""
    citations = _Citations(extracts.documents)
    none = Budget()

    # One sentence is said once. The challenges section keeps the obstacles (the reason many briefs
    # are commissioned) and the summary keeps its bottom line; other summary points that repeat a
    # challenge shown give way to the next ones.
    bottom = extracts.summary[:1]
    said = [r for item in bottom for r in item.sources]
    fresh = [c for c in extracts.challenges if not any(_overlap(r, s) for r in c.sources for s in said)]
    challenges: list[Challenge] = _top(fresh, budgets.get("challenges", none))
    shown = [r for c in challenges for r in c.sources] if "challenges" in budgets else []
    points = bottom + [
        item for item in extracts.summary[1:] if not any(_overlap(r, s) for r in item.sources for s in shown)
    ]
    summary: list[SummaryItem] = _top(points, budgets.get("summary", none))
    # The summary keeps extraction's order: it leads with the bottom line.
    summary.sort(key=extracts.summary.index)
    labelled = [f for f in extracts.figures if f.label]
    figures: list[Figure] = _diverse(labelled, extracts.series, budgets.get("key_figures", none))
    events: list[Event] = _top(extracts.events, budgets.get("chronology", none))
    events.sort(key=lambda e: _date_key(e.date))
    discrepancies: list[Discrepancy] = list(extracts.discrepancies)[
        : budgets.get("discrepancies", none).items
    ]

    differing = {(f.surface, f.label) for d in extracts.discrepancies for f in d.figures}
    brief_summary = [BriefSummaryItem(**s.model_dump(), cites=citations.cite(s.sources)) for s in summary]
    brief_figures = [
        BriefFigure(
            **f.model_dump(), cites=citations.cite(f.sources), differs=(f.surface, f.label) in differing
        )
        for f in figures
    ]
    brief_events = [BriefEvent(**e.model_dump(), cites=citations.cite(e.sources)) for e in events]
    brief_challenges = [BriefChallenge(**c.model_dump(), cites=citations.cite(c.sources)) for c in challenges]
    brief_discrepancies = [
        BriefDiscrepancy(**d.model_dump(), cites=citations.cite([r for f in d.figures for r in f.sources]))
        for d in discrepancies
    ]

    brief_charts = [
        BriefSeries(**s.model_dump(), cites=citations.cite([r for p in s.points for r in p.sources]))
        for s in extracts.series
    ]

    dated = sorted(d.published for d in extracts.documents if d.published)
    return Brief(
        corpus=extracts.corpus,
        title=extracts.title,
        as_of=dated[-1] if dated else None,
        date_range=(dated[0], dated[-1]) if dated else None,
        sources=citations.entries(),
        summary=brief_summary,
        key_figures=brief_figures,
        chronology=brief_events,
        challenges=brief_challenges,
        discrepancies=brief_discrepancies,
        charts=brief_charts,
    )
