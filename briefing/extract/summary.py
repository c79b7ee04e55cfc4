"""Turn a corpus's sentences into an extractive summary: bottom line first, then MMR-ordered points.

Each candidate is a source sentence, trimmed of leading connectives and trailing footnote marks
only where a whole sentence remains, so its text is a verbatim span of the cleaned source. Scores
combine centrality across documents (LexRank over TF-IDF cosines, links between different
documents weighing more than links inside one), coverage of the parties, the relationship and the
extracted events and figures, the recency of the source, and the statement's shape (self-contained,
not hedged, not a quote, not a question). The bottom line is the best-scored statement of the
relationship as a whole; the rest follow by maximal marginal relevance, so any prefix of the list
is non-redundant and draws on several sources.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from briefing.extract import lexicon as lx
from briefing.extract.sentences import Sentence
from briefing.model import Document, Event, Figure, SourceRef, SummaryItem

# How many items to offer the assemble stage; it picks the top N under the template's budget.
_LIMIT = 15
# MMR trade-off between relevance and novelty, and the similarity above which a point is a repeat.
_LAMBDA = 0.7
_REPEAT = 0.5
# Near-identical sentences in one document (pull quotes, repeated abstracts) count once.
_DUPLICATE = 0.85
# Below this cosine two sentences are not linked in the centrality graph (as in LexRank).
_LINK = 0.08
# Two sources making the same point, and two sources quoting the same sentence.
_SAME_POINT = 0.6
_SAME_SENTENCE = 0.8
# Each further sentence from a document already quoted counts this much less: the summary should
# draw on several sources, not retell the longest one.
_DOC_REUSE = 0.8
# A sentence about events long before the newest source is background, not the current state.
_BACKGROUND = 0.6
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)s?\b")
# Centrality compares every candidate with every other, in time and memory quadratic in their
# number: past this many (a corpus of a hundred documents or more), only the candidates strongest
# on everything but centrality are compared. Smaller corpora are not affected.
_MAX_CANDIDATES = 1500

# Verbs that say where a relationship stands, and words that characterise it: what a bottom line says.
_STATE = re.compile(
    r"\b(remains?|remained|has become|have become|is now|are now|has grown|have grown|grew|deepen\w*|"
    r"improv\w+|strengthen\w*|stronger|weaker|closer|strained|fluctuat\w+|reached|deteriorat\w+|"
    r"warm\w*|cool\w*|soured|stands? (?:on|at))\b",
    re.IGNORECASE,
)
_CHARACTER = re.compile(
    r"\b(unprecedented|strategic|marriage of convenience|alliance|partnership|tactical|pragmatic|"
    r"complicated|cooperative|fragile|cordial|distant|uneasy|close|limited)\b",
    re.IGNORECASE,
)
# A report of one meeting or signing is news, not a bottom line.
_EVENT_VERB = re.compile(
    r"\b(signed|met|visited|discussed|held|announced|agreed|hosted|attended|arrived|travel+ed|called)\b"
)


@dataclass
class _Candidate:
    span: lx.Span
    doc: Document
    shape: lx.Shape
    parties: int
    relation: bool
    recency: float
    background: bool = False
    coverage: float = 0.0
    index: int = 0
    vector: dict[str, float] = field(default_factory=dict)
    near: dict[int, float] = field(default_factory=dict)
    centrality: float = 0.0
    score: float = 0.0


def extract_summary(
    docs: list[Document],
    sentences: dict[str, list[Sentence]],
    events: list[Event],
    figures: list[Figure],
    title: str | None = None,
) -> list[SummaryItem]:
    """Pick the summary sentences, bottom line first, each later one adding a new point.

    `title` names the relationship ("A–B relations"); without one the parties are guessed.
    """
    title_guess = title if title and len(lx.parties(title)) >= 2 else _title_from_docs(docs)
    patterns = lx.party_patterns(title_guess, [d.text for d in docs]) if title_guess else []
    by_id = {d.id: d for d in docs}
    recency = _recency(docs)
    years = [int(d.info.published[:4]) for d in docs if (d.info.published or "")[:4].isdigit()]
    newest = max(years) if years else None
    candidates: list[_Candidate] = []
    for doc_id in sorted(sentences):
        doc = by_id.get(doc_id)
        if doc is None:
            continue
        for sentence in (piece for whole in sentences[doc_id] for piece in lx.pieces(whole)):
            span = lx.trim(sentence)
            shape = lx.shape(span.text)
            if not shape.usable or shape.n_words < 8 or shape.n_words > 70:
                continue
            candidates.append(
                _Candidate(
                    span=span,
                    doc=doc,
                    shape=shape,
                    parties=lx.party_mentions(span.text, patterns) if patterns else 0,
                    relation=bool(lx.RELATION_NOUNS.search(span.text)),
                    recency=recency.get(doc_id, 0.0),
                    background=_is_background(span.text, newest),
                )
            )
    if not candidates:
        return []
    if len(candidates) > _MAX_CANDIDATES:
        candidates = _strongest(candidates, events, figures)
    vectors = lx.tfidf([c.span.text for c in candidates])
    for index, (cand, vec, near) in enumerate(zip(candidates, vectors, lx.neighbours(vectors), strict=True)):
        cand.index, cand.vector, cand.near = index, vec, near
    candidates = _drop_duplicates(candidates)
    _coverage(candidates, events, figures)
    _centrality(candidates)
    for cand in candidates:
        cand.score = _score(cand)
    _prefer_newer(candidates)
    chosen = _select(candidates)
    items: list[SummaryItem] = []
    previous = 1.0
    for rank, (cand, value) in enumerate(chosen):
        # Salience follows presentation order: never above the item before it.
        salience = 1.0 if rank == 0 else round(max(0.0, min(previous - 0.0001, value)), 4)
        previous = salience
        sources = _sources(cand, candidates)
        items.append(
            SummaryItem(
                text=sources[0].quote,
                sources=sources,
                salience=salience,
                theme=lx.OVERALL_THEME if rank == 0 else _theme(cand),
            )
        )
    return items


def _title_from_docs(docs: list[Document]) -> str:
    """The parties are not passed to the summary: infer them as the two most-named proper nouns.

    Only capitalised words inside a sentence count (so "The", "However" do not), less months and
    titles; a demonym of a name already taken ("Iranian" after "Iran") is the same party.
    """
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(_MID_SENTENCE_NAME.findall(doc.text))
    picked: list[str] = []
    for name, _ in counts.most_common(40):
        if name in lx.NOT_NAMES:
            continue
        if any(name.startswith(p[:-1] if len(p) > 4 else p) or p.startswith(name[:-1]) for p in picked):
            continue
        picked.append(name)
        if len(picked) == 2:
            break
    return " and ".join(picked)


_MID_SENTENCE_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]{2,}\b")


def _is_background(text: str, newest: int | None) -> bool:
    """Whether every year a sentence names is long before the newest source."""
    found = [int(y) for y in _YEAR.findall(text)]
    return bool(found and newest and max(found) <= newest - 15)


def _recency(docs: list[Document]) -> dict[str, float]:
    """Each document's rank by publication date, scaled to [0, 1]; undated documents count as oldest."""
    dated = sorted({d.info.published for d in docs if d.info.published})
    if len(dated) < 2:
        return {d.id: 0.5 if d.info.published else 0.0 for d in docs}
    position = {date: i / (len(dated) - 1) for i, date in enumerate(dated)}
    return {d.id: position.get(d.info.published or "", 0.0) for d in docs}


def _sim(a: _Candidate, b: _Candidate) -> float:
    """Cosine similarity of two candidates (1 for a candidate with itself)."""
    return 1.0 if a.index == b.index else a.near.get(b.index, 0.0)


def _drop_duplicates(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the first of near-identical sentences within one document (pull quotes, abstracts)."""
    kept: list[_Candidate] = []
    kept_at: dict[int, str] = {}
    for cand in candidates:
        doc_id = cand.doc.id
        if any(kept_at.get(i) == doc_id for i, sim in cand.near.items() if sim >= _DUPLICATE):
            continue
        kept.append(cand)
        kept_at[cand.index] = doc_id
    return kept


def _strongest(candidates: list[_Candidate], events: list[Event], figures: list[Figure]) -> list[_Candidate]:
    """The _MAX_CANDIDATES candidates scoring best before centrality is known, in their order."""
    _coverage(candidates, events, figures)
    ranked = sorted(range(len(candidates)), key=lambda i: (-_score(candidates[i]), i))
    return [candidates[i] for i in sorted(ranked[:_MAX_CANDIDATES])]


def _coverage(candidates: list[_Candidate], events: list[Event], figures: list[Figure]) -> None:
    """Credit sentences that carry an extracted event or figure (by overlapping source span)."""
    # Spans by document, in item order: each sentence is checked against its own document's only.
    spans: dict[str, list[tuple[int, int, float]]] = {}
    for item in [*events, *figures]:
        weight = 0.5 + 0.5 * min(1.0, max(0.0, item.salience))
        for ref in item.sources:
            spans.setdefault(ref.doc, []).append((ref.start, ref.end, weight))
    for cand in candidates:
        total = 0.0
        for start, end, weight in spans.get(cand.doc.id, ()):
            if start < cand.span.end and end > cand.span.start:
                total += weight
        cand.coverage = min(1.0, total)


def _centrality(candidates: list[_Candidate]) -> None:
    """LexRank: PageRank over the cosine graph; a point made across documents gains more."""
    n = len(candidates)
    edges: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    position = {cand.index: i for i, cand in enumerate(candidates)}
    doc_of = [cand.doc.id for cand in candidates]
    for i, cand in enumerate(candidates):
        for other, sim in sorted(cand.near.items()):
            j = position.get(other)
            if j is None or sim < _LINK:
                continue
            edges[i].append((j, sim * 0.5 if doc_of[j] == doc_of[i] else sim))
    out_weight = [sum(w for _, w in e) or 1.0 for e in edges]
    rank = [1.0 / n] * n
    for _ in range(40):
        # A sentence linked to nothing spreads its rank evenly over all.
        loose = sum(rank[i] for i in range(n) if not edges[i])
        new = [(0.15 + 0.85 * loose) / n] * n
        for i in range(n):
            share = 0.85 * rank[i] / out_weight[i]
            for j, w in edges[i]:
                new[j] += share * w
        rank = new
    top = max(rank) or 1.0
    floor = min(rank)
    for i, cand in enumerate(candidates):
        # A sentence no other resembles has no support, whatever rank the random jumps gave it.
        cand.centrality = (rank[i] if edges[i] else floor) / top


def _score(cand: _Candidate) -> float:
    """Relevance: centrality, shape, parties and relationship named, coverage, specificity, recency."""
    party = {0: 0.75, 1: 1.0}.get(cand.parties, 1.25)
    relation = 1.15 if cand.relation else 1.0
    return (
        (0.35 + cand.centrality)
        * cand.shape.quality()
        * party
        * relation
        * (1.0 + 0.6 * cand.coverage)
        * (1.0 + 0.15 * _specificity(cand.span.text))
        * (1.0 + 0.2 * cand.recency)
        * (_BACKGROUND if cand.background else 1.0)
    )


_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_PROPER = re.compile(r"(?<=\w[ ,(])[A-Z][a-z]{2,}\b")


def _specificity(text: str) -> float:
    """How much concrete information (numbers, dates, names) a statement carries, in [0, 1]."""
    return min(1.0, 0.25 * len(_NUMBER.findall(text)) + 0.1 * len(_PROPER.findall(text)))


_DATED = re.compile(
    r"\b(?:on|last|this|next) (?:\w+ )?(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month)\b|"
    r"\b(?:today|yesterday|tomorrow)\b"
)


def _bottom_line(cand: _Candidate) -> float:
    """How well a sentence states the overall state of the relationship.

    A bottom line is an assessment, not a report of one event: it names both parties and the
    relationship, says where it stands ("remains", "has grown closer", "strained"), and is judged
    on centrality and shape rather than on the events and figures it carries.
    """
    if cand.parties < 2 or not cand.relation or cand.shape.dangling or cand.shape.quality() < 0.6:
        return 0.0
    text = cand.span.text
    state = min(2.0, len(_STATE.findall(text)) + 0.5 * len(_CHARACTER.findall(text)))
    if state == 0:
        return 0.0
    event_like = 0.6 if _DATED.search(text) or _EVENT_VERB.search(text) else 1.0
    return (
        (0.35 + cand.centrality)
        * cand.shape.quality()
        * (1.0 + 0.5 * state)
        * (1.0 + 0.15 * cand.recency)
        * event_like
    )


def _prefer_newer(candidates: list[_Candidate]) -> None:
    """On the same point made by two sources, the older statement yields to the newer one."""
    by_index = {cand.index: cand for cand in candidates}
    for a in candidates:
        for index, sim in sorted(a.near.items()):
            b = by_index.get(index)
            if b is None or sim < _SAME_POINT or b.doc.id == a.doc.id or a.recency >= b.recency:
                continue
            if a.score >= b.score:
                a.score = b.score * 0.95


def _sources(cand: _Candidate, candidates: list[_Candidate]) -> list[SourceRef]:
    """The sentence's source, plus every other document stating it near-verbatim; newest first.

    A sentence a later source repeats is cited from the later source first: it is the current view.
    """
    copies = [cand]
    for other in candidates:
        if other.doc.id not in {c.doc.id for c in copies} and _sim(cand, other) >= _SAME_SENTENCE:
            copies.append(other)
    copies.sort(key=lambda c: (-c.recency, c is not cand, c.doc.id))
    return [SourceRef(doc=c.doc.id, start=c.span.start, end=c.span.end, quote=c.span.text) for c in copies]


def _select(candidates: list[_Candidate]) -> list[tuple[_Candidate, float]]:
    """Bottom line first, then maximal marginal relevance with a nudge towards unused documents."""
    top = max(c.score for c in candidates) or 1.0
    order = sorted(
        range(len(candidates)),
        key=lambda i: (-candidates[i].score, candidates[i].doc.id, candidates[i].span.start),
    )
    lead = max(order, key=lambda i: (_bottom_line(candidates[i]), candidates[i].score))
    chosen: list[tuple[_Candidate, float]] = [(candidates[lead], 1.0)]
    used_docs: dict[str, int] = {}
    _use(candidates[lead], candidates, used_docs)
    remaining = [i for i in order if i != lead]
    while remaining and len(chosen) < _LIMIT:
        best, best_value = None, float("-inf")
        for i in remaining:
            cand = candidates[i]
            redundancy = max(_sim(cand, c) for c, _ in chosen)
            if redundancy >= _REPEAT:
                continue
            relevance = cand.score / top * _DOC_REUSE ** used_docs.get(cand.doc.id, 0)
            value = _LAMBDA * relevance - (1 - _LAMBDA) * redundancy
            if value > best_value:
                best, best_value = i, value
        if best is None:
            break
        chosen.append((candidates[best], best_value))
        _use(candidates[best], candidates, used_docs)
        remaining.remove(best)
    return chosen


def _use(chosen: _Candidate, candidates: list[_Candidate], used_docs: dict[str, int]) -> None:
    """Count the documents a chosen sentence cites (its own and near-verbatim copies) as used once more."""
    for doc_id in {c.doc.id for c in candidates if _sim(chosen, c) >= _SAME_SENTENCE} | {chosen.doc.id}:
        used_docs[doc_id] = used_docs.get(doc_id, 0) + 1


def _theme(cand: _Candidate) -> str:
    """The summary theme with most cue words; a statement about the two parties' ties is overall."""
    # Topic words inside names ("Volta Energy", "Energy Minister") do not make a topic.
    text = _MID_SENTENCE_NAME.sub(" ", cand.span.text)
    hits = {theme: lx.pattern_hits(p, text) for theme, p in lx.SUMMARY_THEMES.items()}
    best = max(hits.values())
    if best >= 2 or (best == 1 and not (cand.relation and cand.parties >= 2)):
        return next(t for t, h in hits.items() if h == best)
    return lx.OVERALL_THEME
