"""Time a cold `briefing build` (no extraction cache) of the seed corpus (all formats) and `briefing --help`.

Each command runs in a fresh process pinned to one core (taskset, where available), several times;
the median and the best are printed next to the targets (build ≤ 1.5 s, --help ≤ 0.3 s).

    python bench/build.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _time(cmd: list[str], runs: int) -> list[float]:
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    briefing = [sys.executable, "-m", "briefing"]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}; each run pinned to one core")
    with tempfile.TemporaryDirectory() as out:
        seed = "sources/iran-russia"
        build = [*briefing, "build", seed, "-f", "docx,pdf,md,json", "-o", out, "-q", "--no-cache"]
        cases = {
            "build (seed corpus, docx,pdf,md,json)": (build, 1.5),
            "build -t report (all formats)": ([*build, "-t", "report"], 1.5),
            "--help": ([*briefing, "--help"], 0.3),
        }
        for name, (cmd, target) in cases.items():
            times = _time(cmd, args.runs)
            median = statistics.median(times)
            verdict = "ok" if median <= target else "OVER"
            print(
                f"{name:<42} median {median:6.3f} s  best {min(times):6.3f} s  target {target} s  {verdict}"
            )


if __name__ == "__main__":
    main()
