"""Render the README's pictures: the first page of each built-in template, built from the seed corpus."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 1
    from briefing.pipeline import build

    for template in ("one-page", "report", "talking-points"):
        target = ROOT / "docs" / template
        with tempfile.TemporaryDirectory() as tmp:
            seed = ROOT / "sources" / "iran-russia"
            (pdf,) = build(seed, template=template, formats=["pdf"], out=Path(tmp))
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
                check=True,
            )
        print(f"{target}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
