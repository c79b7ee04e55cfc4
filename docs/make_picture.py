"""Render docs/one-page.png, the README's picture, from the one-page brief of the seed corpus."""

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

    with tempfile.TemporaryDirectory() as tmp:
        (pdf,) = build(ROOT / "sources" / "iran-russia", template="one-page", formats=["pdf"], out=Path(tmp))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(ROOT / "docs" / "one-page")],
            check=True,
        )
    print(ROOT / "docs" / "one-page.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
