"""Turn a corpus's sentences into the challenges to the relationship it names, themed and cited.

A challenge is a sentence (trimmed to a whole statement) that carries a friction cue from the
lexicon (mistrust, diverging interests, competition, sanctions, economic limits, ...) that is not
negated ("did not hinder", "removal of hurdles"), and that is about the relationship (it names a
party, both, or the relationship itself). Statements that say the same thing, in one source or
several, are merged into one challenge citing every source. Salience rewards challenges raised by
several sources, stressed by the writer, stated with strong cues, or placed under a heading about
challenges; it is normalised to (0, 1].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from briefing.extract import lexicon as lx
from briefing.extract.sentences import Sentence
from briefing.model import Challenge, Document, SourceRef

# Below this cue strength a sentence mentions a difficulty in passing rather than naming one.
_MIN_CUE = 0.75
_MIN_CUE_HEADED = 0.6
_MIN_CUE_ONE_PARTY = 1.0
_MIN_CUE_NO_PARTY = 0.9
# Each further challenge of a theme already listed counts this much less in the ranking.
_THEME_DISCOUNT = 0.85
# Cosine above which two statements are the same challenge.
_SAME = 0.3
_SAME_ANY = 0.6
# A heading (short line, no final stop) that introduces a section about difficulties.
_CHALLENGE_HEADING = re.compile(
    r"\b(challenges?|obstacles?|risks?|problems?|frictions?|tensions?|limits?|limitations?|"
    r"difficult\w*|hurdles?|constraints?|weakness\w*|irritants?|disputes?)\b",
    re.IGNORECASE,
)
_OTHER_THEME = "Other frictions"
# Merging compares each statement with every group so far, quadratic in their number: past this
# many (several hundred documents), only the strongest statements are merged and ranked.
_MAX_CANDIDATES = 1000


@dataclass
class _Candidate:
    span: lx.Span
    doc: Document
    cue: float
    theme: str
    score: float
    index: int = 0
    extended: bool = False
    names: set[str] = field(default_factory=set)
    concepts: set[str] = field(default_factory=set)
    key: int = 0
    vector: dict[str, float] = field(default_factory=dict)
    near: dict[int, float] = field(default_factory=dict)


def extract_challenges(
    docs: list[Document], sentences: dict[str, list[Sentence]], title: str
) -> list[Challenge]:
    """Find the challenges the sources name, merge repeats across sources, rank them by salience."""
    patterns = lx.party_patterns(title, [d.text for d in docs])
    by_id = {d.id: d for d in docs}
    candidates: list[_Candidate] = []
    for doc_id in sorted(sentences):
        doc = by_id.get(doc_id)
        if doc is None:
            continue
        headed = _under_challenge_heading(doc)
        units = [piece for whole in sentences[doc_id] for piece in lx.pieces(whole)]
        for index, sentence in enumerate(units):
            before = units[index - 1] if index and units[index - 1].paragraph == sentence.paragraph else None
            cand = _candidate(sentence, before, doc, patterns, headed)
            if cand is not None:
                cand.index = index
                candidates.append(cand)
    if not candidates:
        return []
    if len(candidates) > _MAX_CANDIDATES:
        strongest = sorted(range(len(candidates)), key=lambda i: (-candidates[i].score, i))
        candidates = [candidates[i] for i in sorted(strongest[:_MAX_CANDIDATES])]
    vectors = lx.tfidf([c.span.text for c in candidates])
    for key, (cand, vec, near) in enumerate(zip(candidates, vectors, lx.neighbours(vectors), strict=True)):
        cand.key, cand.vector, cand.near = key, vec, near
        cand.concepts = lx.concepts(cand.span.text)
    clusters = _merge(candidates)
    return _rank([_challenge(cluster) for cluster in clusters])


def _rank(challenges: list[Challenge]) -> list[Challenge]:
    """Order by salience, each further challenge of an already-listed theme discounted.

    The discount makes any top-k of the list span several themes when the sources do, so a
    one-page brief that keeps the first few shows more than one kind of challenge. Salience is
    rescaled to (0, 1] and never rises down the list.
    """
    theme_rank = {t: i for i, t in enumerate([*lx.CHALLENGE_THEMES, _OTHER_THEME])}
    pool = sorted(
        challenges,
        key=lambda c: (-c.salience, theme_rank.get(c.theme, 99), c.sources[0].doc, c.sources[0].start),
    )
    seen: dict[str, int] = {}
    ranked: list[tuple[float, Challenge]] = []
    while pool:
        best = max(
            range(len(pool)),
            key=lambda i: (pool[i].salience * _THEME_DISCOUNT ** seen.get(pool[i].theme, 0), -i),
        )
        chosen = pool.pop(best)
        ranked.append((chosen.salience * _THEME_DISCOUNT ** seen.get(chosen.theme, 0), chosen))
        seen[chosen.theme] = seen.get(chosen.theme, 0) + 1
    top = ranked[0][0] or 1.0
    previous = 1.0
    out: list[Challenge] = []
    for value, challenge in ranked:
        previous = min(previous, round(value / top, 4))
        challenge.salience = previous
        out.append(challenge)
    return out


def _under_challenge_heading(doc: Document) -> set[int]:
    """Indexes of paragraphs that sit under a heading about challenges."""
    inside: set[int] = set()
    active = False
    for index, (start, end) in enumerate(doc.paragraphs):
        para = doc.text[start:end].strip()
        is_heading = 0 < len(para.split()) <= 10 and para[-1:] not in '.!?"”;,'
        if is_heading:
            active = bool(_CHALLENGE_HEADING.search(para))
            continue
        if active:
            inside.add(index)
    return inside


_BETWEEN = re.compile(
    r"\b(tensions?|frictions?|disputes?|disagreements?|rivalr\w+|competition|hostilit\w+|conflicts?)"
    r"\s+(?:\w+\s+){0,2}?between\s+([^,;.]{1,60}?)\s+and\s+([^,;.]{1,60}?)(?=[,;.]|\s+(?:over|on|about|in|as|"
    r"which|that|is|are|was|were|has|have)\b|$)",
    re.IGNORECASE,
)


def _third_party_frictions(text: str, patterns: list[re.Pattern[str]]) -> str:
    """Blank out frictions between two others ("tensions between A and B" where neither is a party)."""

    def keep(match: re.Match[str]) -> str:
        sides = match.group(2) + " " + match.group(3)
        if any(p.search(sides) for p in patterns) or re.search(r"\b(them|the two|each other)\b", sides, re.I):
            return match.group(0)
        return " " * len(match.group(0))

    return _BETWEEN.sub(keep, text)


def _friction(text: str, patterns: list[re.Pattern[str]] | None = None) -> tuple[float, list[int]]:
    """Strength of the friction cues in a text (ignoring negated or resolved ones) and where they are."""
    text = lx.NOT_FRICTION.sub(lambda m: " " * len(m.group(0)), text)
    text = _third_party_frictions(text, patterns or [])
    total = 0.0
    where: list[int] = []
    for pattern, weight in lx.FRICTION_CUES:
        for match in pattern.finditer(text):
            if lx.NEGATORS.search(text[max(0, match.start() - 45) : match.start()]):
                continue
            total += weight
            where.append(match.start())
            break  # one hit per cue family: repetition is not strength
    return total, where


_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)s?\b")


def _is_history(text: str, published: str | None) -> bool:
    """Whether a statement is about the past: every year it names is long before its source."""
    years = [int(y) for y in _YEAR.findall(text)]
    if not years or not published or not published[:4].isdigit():
        return False
    return max(years) <= int(published[:4]) - 15


def _theme(text: str, history: bool = False) -> str:
    """The challenge theme whose cues and topic words a statement matches best."""
    scores = {theme: float(lx.pattern_hits(p, text)) for theme, p in lx.CHALLENGE_THEMES.items()}
    first: tuple[int, str] | None = None
    for pattern, theme in lx.CUE_THEME:
        match = pattern.search(text)
        if match:
            scores[theme] += 2.5
            if first is None or match.start() < first[0]:
                first = (match.start(), theme)
    if first is not None:
        # The friction named first is usually the head of the statement ("a history of distrust and ...").
        scores[first[1]] += 1.5
    if history:
        scores["Mistrust and history"] += 2.0
    best = max(scores.values())
    if best <= 0:
        return _OTHER_THEME
    return next(t for t, s in scores.items() if s == best)


def _candidate(
    sentence: Sentence,
    before: Sentence | None,
    doc: Document,
    patterns: list[re.Pattern[str]],
    headed: set[int],
) -> _Candidate | None:
    """A challenge statement from one sentence (with the one before when it points back), or None."""
    span = lx.trim(sentence)
    shape = lx.shape(span.text)
    if not shape.usable or shape.n_words < 5:
        return None
    cue, where = _friction(span.text, patterns)
    # Under a heading about challenges, the writer has already said these are frictions.
    if cue < (_MIN_CUE_HEADED if sentence.paragraph in headed else _MIN_CUE):
        return None
    extended = False
    if (shape.dangling or shape.definite) and before is not None:
        # "The link has yet to be implemented." says little alone: quote the sentence it points back to.
        lead_in = lx.trim(before)
        lead_shape = lx.shape(lead_in.text)
        if lead_shape.usable and not lead_shape.dangling and lead_shape.n_words + shape.n_words <= 50:
            offset = lead_in.start - span.start
            where = [w - offset for w in where]
            text = doc.text[lead_in.start : span.end]
            span = lx.Span(sentence, lead_in.start, span.end, text)
            shape = lx.shape(text)
            extended = True
    parties = lx.party_mentions(span.text, patterns)
    relation = _about_the_relationship(span.text, patterns)
    emphasis = min(2, lx.pattern_hits(lx.EMPHASIS, span.text))
    score = min(cue, 2.5) + 0.3 * emphasis + 0.25 * parties
    # Naming one party only, the friction is often with someone else ("a bone of contention between
    # X and Z"): it must be stated strongly. Naming none, it leans on the sentences around it
    # ("Trade still falls far short of the target").
    if parties < 2 and not relation:
        if cue < (_MIN_CUE_ONE_PARTY if parties else _MIN_CUE_NO_PARTY):
            return None
        score *= 0.5
    if sentence.paragraph in headed:
        score += 0.5
    if lx.DOWNPLAY.search(span.text):
        score *= 0.8
    # A cue far from any mention of the parties is often someone else's friction.
    if (parties or relation) and _distance(span.text, where, patterns, parties) > 10:
        score *= 0.6
    # A statement that leans on context ("this", a quote) is a weaker citation, not a non-challenge.
    # An analyst quoted on a difficulty is a source like any other, so quotes are not penalised here.
    score *= replace(shape, quote=False).quality() ** 0.5
    theme = _theme(span.text, _is_history(span.text, doc.info.published))
    return _Candidate(span, doc, cue, theme, score, extended=extended, names=_names(span.text, patterns))


_WITH_OTHER = re.compile(r"\s+with\s+(?:the\s+)?([A-Z][\w.-]*)")


def _about_the_relationship(text: str, patterns: list[re.Pattern[str]]) -> bool:
    """Whether a statement speaks of a relationship that is not one party's ties with someone else.

    "X's strained relations with the West" is about X and the West, not about the two parties.
    """
    for match in lx.RELATION_NOUNS.finditer(text):
        other = _WITH_OTHER.match(text, match.end())
        if other is None or any(p.fullmatch(other.group(1)) for p in patterns):
            return True
    return False


_NAME = re.compile(r"(?<=\w[ ,(])[A-Z][a-z]{2,}\b")


def _names(text: str, patterns: list[re.Pattern[str]]) -> set[str]:
    """Capitalised words inside a statement that are not the parties' names."""
    return {n for n in _NAME.findall(text) if not any(p.fullmatch(n) for p in patterns)}


_PRONOUNS = re.compile(r"\b(their|they|them|both|each other)\b", re.IGNORECASE)


def _distance(text: str, cues: list[int], patterns: list[re.Pattern[str]], parties: int) -> int:
    """Words between the nearest friction cue and the nearest mention of a party or the relationship."""
    anchor_patterns = [*patterns, lx.BOTH_PARTIES, lx.RELATION_NOUNS]
    if parties >= 2:
        # Once both parties are named, "their" and "they" are them.
        anchor_patterns.append(_PRONOUNS)
    anchors = [m.start() for p in anchor_patterns for m in p.finditer(text)]
    if not anchors or not cues:
        return 99
    # Characters to words, roughly: the average English word with its space is about six characters.
    return min(abs(a - c) for a in anchors for c in cues) // 6


def _merge(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Group statements of the same challenge; the strongest statement leads its group."""
    # Strongest first; on a tie the newer source states it, as it is the more current view.
    order = sorted(
        candidates, key=lambda c: (-round(c.score, 6), _newest_first(c.doc), c.doc.id, c.span.start)
    )
    clusters: list[list[_Candidate]] = []
    topic_of = _topic_sentences(candidates)
    for cand in order:
        host = topic_of.get(id(cand))
        if host is not None:
            home = next((cl for cl in clusters if host in cl), None)
            if home is not None:
                home.append(cand)
                continue
        best, best_sim = None, 0.0
        for cluster in clusters:
            sim = max(_similarity(cand, member) for member in cluster)
            if sim > best_sim:
                best, best_sim = cluster, sim
        same_theme = (best is not None and _OTHER_THEME in (best[0].theme, cand.theme)) or (
            best is not None and best[0].theme == cand.theme
        )
        if best is not None and ((best_sim >= _SAME and same_theme) or best_sim >= _SAME_ANY):
            best.append(cand)
        else:
            clusters.append([cand])
    return clusters


def _topic_sentences(candidates: list[_Candidate]) -> dict[int, _Candidate]:
    """Adjacent statements that make one challenge, mapped both ways.

    A short topic sentence ("Payments are the main obstacle.") and the sentence that explains it are
    one challenge; so are a statement and the next one that points back to it ("This makes ...").
    """
    pairs: dict[int, _Candidate] = {}
    for first, second in pairwise(candidates):
        adjacent = (
            first.doc.id == second.doc.id
            and first.span.sentence.paragraph == second.span.sentence.paragraph
            and second.index == first.index + 1
        )
        if adjacent and (
            second.extended or (first.theme == second.theme and len(first.span.text.split()) < 10)
        ):
            pairs[id(first)] = second
            pairs[id(second)] = first
    return pairs


def _newest_first(doc: Document) -> str:
    """A sort key that puts later publication dates first (undated last)."""
    date = doc.info.published or ""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in date) if date else "\U0010ffff"


def _similarity(a: _Candidate, b: _Candidate) -> float:
    """Word overlap, plus credit for naming the same concept in other words ("distrust", "suspicion")."""
    shared = a.concepts & b.concepts
    # Some concepts pin a challenge down (distrust, low trade volume, payments); others are broad
    # enough ("sanctions", "competition") that two statements sharing them may be different challenges.
    pinned = len(shared & lx.PINNED_CONCEPTS)
    # The same named place, project or body ("the Kessel dam") is strong evidence of the same issue.
    names = len(a.names & b.names)
    return (
        (1.0 if a.key == b.key else a.near.get(b.key, 0.0))
        + 0.3 * pinned
        + 0.1 * (len(shared) - pinned)
        + min(0.3, 0.15 * names)
    )


def _challenge(cluster: list[_Candidate]) -> Challenge:
    """One challenge from a group of statements: the clearest states it, every source is cited."""
    # The statement shown is the strongest one that says enough to stand alone.
    lead = next((m for m in cluster if len(m.span.text.split()) >= 10 and not m.extended), None)
    lead = lead or next((m for m in cluster if len(m.span.text.split()) >= 10), cluster[0])
    top = max(m.score for m in cluster)
    sources: list[SourceRef] = []
    seen: set[str] = set()
    for member in [lead, *(m for m in cluster if m is not lead)]:
        if member.doc.id in seen:
            continue  # a pull quote repeating the body is one source, not two
        seen.add(member.doc.id)
        sp = member.span
        sources.append(SourceRef(doc=member.doc.id, start=sp.start, end=sp.end, quote=sp.text))
    salience = top + 0.6 * (len(sources) - 1)
    return Challenge(theme=lead.theme, text=lead.span.text, sources=sources, salience=salience)
