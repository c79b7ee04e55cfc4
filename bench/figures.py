"""Turn a labelled set of news sentences into precision, recall and value accuracy for two quantity
extractors: briefing's `find_quantities` and quantulum3.

    .venv/bin/python bench/figures.py [-v] [--data bench/data/figures.jsonl]

The data file holds one sentence a line, `{"text": ..., "quantities": [{"surface", "value", "unit",
"value_max"?}]}`; a sentence with no quantities tests what must not be found (years, dates, names,
phone, page and footnote numbers). Sentences are written for this bench in the style of public news
text; none comes from a corpus the tool is built on.

A found quantity matches a gold one when their character spans overlap (one to one, first come).
Reported per tool: precision and recall of detection; among matches, value accuracy (value and
upper bound within 0.5%), unit accuracy and both together; F1 of fully correct quantities; time.

quantulum3 is a bench-only dependency (`pip install quantulum3`); it runs offline without its
optional classifier. Its unit names are mapped to briefing's unit codes so units can be compared;
a unit it names in another way (e.g. "bit centimetre" for "bcm") counts as wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.extract.quantities import find_quantities

DATA = Path(__file__).parent / "data" / "figures.jsonl"


@dataclass(frozen=True, slots=True)
class Found:
    """One quantity as a tool reports it, in briefing's units."""

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str


def briefing_tool(text: str) -> list[Found]:
    """briefing's grammar."""
    return [Found(q.start, q.end, q.value, q.value_max, q.unit) for q in find_quantities(text)]


# quantulum3 unit names -> briefing unit codes.
_QUANTULUM_UNITS = {
    "dollar": "USD", "united states dollar": "USD", "euro": "EUR", "pound sterling": "GBP",
    "russian ruble": "RUB", "chinese yuan": "CNY", "renminbi": "CNY", "japanese yen": "JPY", "yen": "JPY",
    "indian rupee": "INR", "iranian rial": "IRR", "percentage": "percent", "per cent": "percent",
    "percentage point": "percentage_points", "basis point": "basis_points", "tonne": "tonnes",
    "ton": "tonnes", "metric ton": "tonnes", "barrel": "barrels", "barrel per day": "barrels_per_day",
    "megawatt": "MW", "kilometre": "km", "cubic metre": "cubic_metres", "year": "years",
    "month": "months", "dimensionless": "count", "dozen": "count",
}  # fmt: skip


def quantulum_tool(text: str) -> list[Found]:
    """quantulum3's parser, units mapped to briefing's codes."""
    from quantulum3 import parser

    out = []
    for q in parser.parse(text):
        name = q.unit.name
        unit = getattr(q.unit, "currency_code", None) or _QUANTULUM_UNITS.get(name)
        if unit is None and " per " in name:
            # A price ("dollar per barrel") is an amount of that currency.
            unit = _QUANTULUM_UNITS.get(name.split(" per ")[0], name)
        unit = unit or name
        value = float(q.value) * (12 if name == "dozen" else 1)
        value_max = None
        if q.uncertainty:
            value, value_max = value - float(q.uncertainty), value + float(q.uncertainty)
        start, end = q.span
        out.append(Found(start, end, value, value_max, unit))
    return out


@dataclass(slots=True)
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0
    value_ok: int = 0
    unit_ok: int = 0
    both_ok: int = 0
    seconds: float = 0.0

    def line(self, name: str) -> str:
        p = self.matched / self.found if self.found else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        exact_p = self.both_ok / self.found if self.found else 0.0
        exact_r = self.both_ok / self.gold if self.gold else 0.0
        f1 = 2 * exact_p * exact_r / (exact_p + exact_r) if exact_p + exact_r else 0.0
        m = self.matched or 1
        return (
            f"{name:<12} {p:9.3f} {r:7.3f} {self.value_ok / m:10.3f} {self.unit_ok / m:9.3f}"
            f" {self.both_ok / m:9.3f} {f1:9.3f} {1000 * self.seconds:9.1f}"
        )


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)


def _upper(item: dict) -> str:
    return f"-{item['value_max']:g}" if "value_max" in item else ""


def evaluate(rows: list[dict], tool: Callable[[str], list[Found]], verbose: bool, name: str) -> Score:
    """Score one tool over every row."""
    score = Score()
    for row in rows:
        text = row["text"]
        gold = []
        for item in row["quantities"]:
            start = text.index(item["surface"])
            gold.append((start, start + len(item["surface"]), item))
        began = time.perf_counter()
        found = tool(text)
        score.seconds += time.perf_counter() - began
        score.gold += len(gold)
        score.found += len(found)
        used: set[int] = set()
        problems = []
        for f in found:
            hit = next(
                (
                    k
                    for k, (gs, ge, _item) in enumerate(gold)
                    if k not in used and f.start < ge and gs < f.end
                ),
                None,
            )
            if hit is None:
                problems.append(f"  extra   {text[f.start : f.end]!r} = {f.value:g} {f.unit}")
                continue
            used.add(hit)
            item = gold[hit][2]
            score.matched += 1
            value_ok = _close(f.value, item["value"]) and _close(f.value_max, item.get("value_max"))
            unit_ok = f.unit == item["unit"]
            score.value_ok += value_ok
            score.unit_ok += unit_ok
            score.both_ok += value_ok and unit_ok
            if not (value_ok and unit_ok):
                problems.append(
                    f"  wrong   {text[f.start : f.end]!r} = {f.value:g}"
                    f"{'' if f.value_max is None else f'-{f.value_max:g}'} {f.unit}"
                    f"  (gold {item['value']:g}{_upper(item)} {item['unit']})"
                )
        for k, (_s, _e, item) in enumerate(gold):
            if k not in used:
                problems.append(f"  missed  {item['surface']!r} = {item['value']:g} {item['unit']}")
        if verbose and problems:
            print(f"[{name}] {text}")
            print("\n".join(problems))
    return score


def main() -> None:
    """Run both tools over the data and print the table."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("-v", "--verbose", action="store_true", help="list every miss, extra and wrong value")
    args.add_argument("--data", type=Path, default=DATA)
    opts = args.parse_args()
    rows = [json.loads(line) for line in opts.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = sum(len(r["quantities"]) for r in rows)
    print(
        f"{len(rows)} sentences, {gold} gold quantities, {sum(not r['quantities'] for r in rows)} with none"
    )

    tools: list[tuple[str, Callable[[str], list[Found]]]] = [("briefing", briefing_tool)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantulum_tool("warm up: 5 km")
        tools.append(("quantulum3", quantulum_tool))
    except ImportError:
        print("quantulum3 is not installed: pip install quantulum3 (bench only)")

    scores = []
    for name, tool in tools:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scores.append((name, evaluate(rows, tool, opts.verbose, name)))
    print(f"{'tool':<12} {'precision':>9} {'recall':>7} {'value acc':>10} {'unit acc':>9} {'both acc':>9}"
          f" {'exact F1':>9} {'ms total':>9}")  # fmt: skip
    for name, score in scores:
        print(score.line(name))


if __name__ == "__main__":
    main()
