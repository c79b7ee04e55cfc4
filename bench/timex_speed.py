"""Turn the TempEval-3 platinum texts into a timing of our tagger against dateparser's search_dates.

Both find dates in the same 20 news texts, each anchored at the document's creation time; the
best (least disturbed) and the median of several runs over all texts are printed for each, with
the speed ratios (target: our tagger at least 20x faster). On a shared machine other processes
only ever add time, so the best times are the fairer comparison. dateparser is a benchmark-only
dependency: `pip install dateparser`.

    python bench/timex_speed.py [--runs 5] [--bench ../shared/benchmarks/tempeval3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.extract.timex import tag  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "benchmarks" / "tempeval3"


def _texts(bench: Path) -> list[tuple[str, date]]:
    spec = importlib.util.spec_from_file_location("timeml", bench / "timeml.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer at {bench / 'timeml.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["timeml"] = module
    spec.loader.exec_module(module)
    out = []
    for path in sorted((bench / "platinum").glob("*.tml")):
        doc = module.read_tml(path)
        out.append((doc.text, date.fromisoformat(doc.dct[:10])))
    return out


def _times(fn: Callable[[], int], runs: int) -> tuple[float, float]:
    """Best and median wall time of fn over several runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--runs", type=int, default=10)
    a = ap.parse_args()
    try:
        from dateparser.search import search_dates
    except ImportError:
        raise SystemExit("dateparser is not installed: pip install dateparser (benchmark only)") from None
    texts = _texts(a.bench)
    words = sum(len(t.split()) for t, _ in texts)

    def ours() -> int:
        return sum(len(tag(text, anchor)) for text, anchor in texts)

    def theirs() -> int:
        found = 0
        for text, anchor in texts:
            settings = {"RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day)}
            found += len(search_dates(text, languages=["en"], settings=settings) or [])
        return found

    n_ours, n_theirs = ours(), theirs()  # warm caches and imports, count what each finds
    best_ours, median_ours = _times(ours, a.runs)
    best_theirs, median_theirs = _times(theirs, max(3, a.runs // 3))
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"texts: {len(texts)} ({words} words)")
    print(
        f"briefing.timex.tag        best {1000 * best_ours:7.1f} ms  median {1000 * median_ours:7.1f} ms"
        f"  ({n_ours} expressions)"
    )
    print(
        f"dateparser.search_dates   best {1000 * best_theirs:7.1f} ms  median {1000 * median_theirs:7.1f} ms"
        f"  ({n_theirs} dates)"
    )
    print(
        f"speed ratio: {best_theirs / best_ours:.0f}x faster on best times, "
        f"{median_theirs / median_ours:.0f}x on medians (target >= 20x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
