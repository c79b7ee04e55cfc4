"""Turn the TempEval-3 platinum test set into strict/relaxed span F1 and value F1 for our tagger.

Runs `briefing.extract.timex.tag` on the text of each platinum .tml file with its document
creation time (DCT) as anchor, writes the result as TimeML (one .tml per document, TIMEX3 tags
inline) and scores it with the shared official scorer, next to the 2013 HeidelTime and SUTime runs.

    python bench/tempeval3.py [--bench ../shared/benchmarks/tempeval3] [--out out/tempeval3] [--errors]

It is a test set: the tagger's rules come from English and the TimeML guidelines, not from
these files. Use --errors to list the misses for a report, not to write rules for them.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.extract.timex import Timex, tag  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "benchmarks" / "tempeval3"


def _scorer(bench: Path) -> ModuleType:
    """The shared TimeML reader and scorer, loaded from its file."""
    spec = importlib.util.spec_from_file_location("timeml", bench / "timeml.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer at {bench / 'timeml.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["timeml"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _anchor(dct: str) -> date | None:
    try:
        return date.fromisoformat(dct[:10])
    except ValueError:
        return None


def to_timeml(name: str, text: str, dct: str, timexes: list[Timex]) -> str:
    """A TimeML document with our TIMEX3 tags inline in the text."""
    parts = []
    cursor = 0
    for i, t in enumerate(timexes, start=1):
        parts.append(escape(text[cursor : t.start]))
        parts.append(
            f'<TIMEX3 tid="t{i}" type={quoteattr(t.type)} value={quoteattr(t.value)}>'
            f"{escape(text[t.start : t.end])}</TIMEX3>"
        )
        cursor = t.end
    parts.append(escape(text[cursor:]))
    return (
        '<?xml version="1.0" ?>\n<TimeML>\n'
        f"<DOCID>{escape(name)}</DOCID>\n"
        f'<DCT><TIMEX3 tid="t0" type="DATE" value={quoteattr(dct)} functionInDocument="CREATION_TIME">'
        f"{escape(dct)}</TIMEX3></DCT>\n"
        f"<TEXT>{''.join(parts)}</TEXT>\n</TimeML>\n"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "tempeval3")
    ap.add_argument("--errors", action="store_true", help="list every miss and wrong value")
    a = ap.parse_args()
    timeml = _scorer(a.bench)
    gold_dir = a.bench / "platinum"
    a.out.mkdir(parents=True, exist_ok=True)
    predictions: dict[str, list[dict]] = {}
    for path in sorted(gold_dir.glob("*.tml")):
        doc = timeml.read_tml(path)
        found = tag(doc.text, _anchor(doc.dct))
        predictions[doc.name] = [
            {"start": t.start, "end": t.end, "type": t.type, "value": t.value} for t in found
        ]
        (a.out / f"{doc.name}.tml").write_text(
            to_timeml(doc.name, doc.text, doc.dct, found), encoding="utf-8"
        )
    # Score the TimeML we wrote, read back like any other run.
    runs = {
        p.stem: [timeml._as_dict(t) for t in timeml.read_tml(p).timexes] for p in sorted(a.out.glob("*.tml"))
    }
    ours = timeml.score(runs, gold_dir)
    if a.errors:
        print("\n".join(ours["errors"]))
    print(f"briefing    {timeml.report(ours)}")
    for ref in ("heideltime-2013", "sutime-2013"):
        folder = a.bench / "reference-runs" / ref
        if folder.is_dir():
            preds = {
                p.stem: [timeml._as_dict(t) for t in timeml.read_tml(p).timexes] for p in folder.glob("*.tml")
            }
            print(f"{ref.split('-')[0]:<11} {timeml.report(timeml.score(preds, gold_dir))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
