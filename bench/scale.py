"""Time briefing at scale: synthetic corpora of 10, 100 and 1,000 documents, cold and warm.

The corpora are generated from the seed texts (sources/iran-russia) by recombining paragraphs, with
years shifted and figures scaled (a fixed random seed: the same corpora every run), in a temporary
folder. For the seed corpus and each size it prints, for a fresh `briefing` process each:

    cold build      all formats, empty cache
    warm rebuild    the same after editing the template (cache full): assemble, compose, render only
    extract         `briefing extract --no-cache` alone

with wall time and peak memory (the largest process's maximum resident set, from wait4), then the
ratios (warm vs cold, time per document across sizes), and the same brief's DOCX against
`pandoc brief.md -o brief.docx` and its PDF against LibreOffice converting our DOCX.

    python bench/scale.py                       # seed, 10, 100, 1000 documents
    python bench/scale.py --sizes 10,100        # a quicker run
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sources" / "iran-russia"
BRIEFING = [sys.executable, "-m", "briefing"]
FORMATS = "docx,pdf,md,json"

# Targets of issue 9, on a 2-core machine.
TARGET_SEED_COLD = 1.5
TARGET_SEED_WARM = 0.5
TARGET_1000 = 60.0
TARGET_MEMORY_MB = 1024
TARGET_WARM_SPEEDUP_100 = 5.0

_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
# A number that is not part of a word: years are shifted, other numbers scaled, keeping their format.
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+\.\d+|\d+)(?![\w,.]\d)")


# --- Synthetic corpora ---------------------------------------------------------------------------


def _paragraphs() -> list[str]:
    """Every paragraph of the seed texts long enough to carry a sentence or two."""
    pool: list[str] = []
    for path in sorted(SEED.glob("*.txt")):
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            para = " ".join(para.split())
            if len(para.split()) >= 25:
                pool.append(para)
    return pool


def _shift(text: str, years: int, factor: float) -> str:
    """The paragraph with its years moved by `years` and its other numbers multiplied by `factor`."""

    def number(m: re.Match[str]) -> str:
        raw = m.group(1)
        if _YEAR.fullmatch(raw):
            return str(int(raw) + years)
        value = float(raw.replace(",", "")) * factor
        if "." in raw:
            return f"{value:.{len(raw.split('.')[1])}f}"
        if "," in raw:
            return f"{round(value):,}"
        return str(max(1, round(value)))

    return _NUMBER.sub(number, text)


def generate(n: int, folder: Path, seed: int = 7) -> Path:
    """Write `n` documents and their sources.yaml into `folder`; the same arguments give the same files."""
    rng = random.Random(seed)
    pool = _paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for i in range(n):
        years = rng.randint(-4, 4)
        factor = rng.choice((0.5, 0.8, 1.0, 1.25, 1.5, 2.0))
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(4, 9)))
        name = f"doc-{i:04d}.txt"
        (folder / name).write_text(
            "\n\n".join(_shift(p, years, factor) for p in chosen) + "\n", encoding="utf-8"
        )
        entries.append(
            f"  - file: {name}\n    title: Synthetic source {i}\n    publisher: Bench Wire\n"
            f"    published: {2018 + years}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
        )
    manifest = f"corpus: synth-{n}\ntitle: Iran–Russia relations\ndocuments:\n" + "".join(entries)
    (folder / "sources.yaml").write_text(manifest, encoding="utf-8")
    return folder


# --- Measuring -----------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float


def _tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc), in MB; 0 elsewhere."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total / 1024 / 1024


def measure(cmd: list[str], cwd: Path) -> Run:
    """Run a command: its wall time and peak memory, the larger of the biggest single process (wait4)
    and the whole process tree (main process plus pool workers, sampled every 0.1 s)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal tree_peak
        while not done.wait(0.1):
            tree_peak = max(tree_peak, _tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if Path("/proc/self/stat").exists():
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return Run(seconds, max(usage.ru_maxrss / 1024, tree_peak))  # ru_maxrss is in KiB on Linux


def best(cmd: list[str], cwd: Path, runs: int) -> Run:
    """The fastest of `runs` runs (and the highest peak memory seen)."""
    results = [measure(cmd, cwd) for _ in range(runs)]
    return Run(min(r.seconds for r in results), max(r.peak_mb for r in results))


@dataclass
class Size:
    label: str
    documents: int
    cold: Run
    warm: Run
    extract: Run


def bench_corpus(label: str, corpus: Path, work: Path, runs: int) -> Size:
    """Cold build, warm rebuild after a template edit, and extract alone, for one corpus."""
    template = work / f"tpl-{label}"
    shutil.rmtree(template, ignore_errors=True)
    shutil.copytree(ROOT / "templates" / "one-page", template)
    cache = work / f"cache-{label}"
    out = work / f"out-{label}"
    build = [*BRIEFING, "build", str(corpus), "-t", str(template), "-f", FORMATS, "-o", str(out), "-q"]
    colds = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(measure([*build, "--cache-dir", str(cache)], work))
    cold = Run(min(r.seconds for r in colds), max(r.peak_mb for r in colds))
    warms = []
    for i in range(runs):
        body = template / "brief.md.j2"
        body.write_text(body.read_text(encoding="utf-8") + f"\n<!-- edit {i} -->\n", encoding="utf-8")
        warms.append(measure([*build, "--cache-dir", str(cache)], work))
    warm = Run(min(r.seconds for r in warms), max(r.peak_mb for r in warms))
    extract = best(
        [*BRIEFING, "extract", str(corpus), "-o", str(work / "x.json"), "-q", "--no-cache"], work, runs
    )
    documents = sum(1 for p in corpus.iterdir() if p.suffix == ".txt")
    return Size(label, documents, cold, warm, extract)


def warm_in_process(work: Path, runs: int) -> float:
    """The seed corpus's warm rebuild after a template edit inside one Python process (the library),
    where imports are paid once: what an editor integration or a watch loop would see."""
    from briefing.pipeline import build

    template = work / "tpl-in-process"
    shutil.rmtree(template, ignore_errors=True)
    shutil.copytree(ROOT / "templates" / "one-page", template)
    cache, out = work / "cache-in-process", work / "out-in-process"
    formats = FORMATS.split(",")
    build(SEED, template=str(template), formats=formats, out=out, cache_dir=cache)
    times = []
    for i in range(max(runs, 3)):
        body = template / "brief.md.j2"
        body.write_text(body.read_text(encoding="utf-8") + f"\n<!-- edit {i} -->\n", encoding="utf-8")
        start = time.perf_counter()
        build(SEED, template=str(template), formats=formats, out=out, cache_dir=cache)
        times.append(time.perf_counter() - start)
    return min(times)


def _row(size: Size) -> str:
    def cell(run: Run) -> str:
        return f"{run.seconds:8.2f} s {run.peak_mb:6.0f} MB"

    per_doc = size.cold.seconds / size.documents * 1000
    speedup = size.cold.seconds / size.warm.seconds
    return (
        f"{size.label:<6} {size.documents:>5}  {cell(size.cold)}  {cell(size.warm)}  {cell(size.extract)}"
        f"  {per_doc:7.1f} ms  {speedup:5.1f}x"
    )


# --- Against Pandoc and LibreOffice --------------------------------------------------------------


def compare_tools(work: Path, runs: int) -> list[str]:
    """Our DOCX and PDF of the seed brief against pandoc (Markdown → DOCX) and LibreOffice (DOCX → PDF)."""
    from briefing.pipeline import _style, created_at, extract, render_brief
    from briefing.render import Meta, render
    from briefing.templates import find, format_date

    template = find("one-page")
    built = render_brief(extract(SEED), template, ["md", "docx", "pdf"])
    markdown = built.markdown
    meta = Meta(
        title=built.brief.title,
        subject=template.spec.description,
        date=format_date(built.brief.as_of) if built.brief.as_of else "",
        created=created_at(built.brief),
    )
    style = _style(template)
    lines = []

    def ours(fmt: str) -> float:
        times = []
        for _ in range(max(runs, 3)):
            start = time.perf_counter()
            render(markdown, fmt, style, meta)
            times.append(time.perf_counter() - start)
        return min(times)

    render(markdown, "docx", style, meta), render(markdown, "pdf", style, meta)  # warm the imports
    (work / "brief.md").write_text(markdown, encoding="utf-8")
    (work / "brief.docx").write_bytes(built.files["docx"])
    docx = ours("docx")
    pdf = ours("pdf")
    lines.append(f"our DOCX renderer (Markdown → DOCX, in process)   {docx * 1000:8.1f} ms")
    lines.append(f"our PDF renderer (Markdown → PDF, in process)     {pdf * 1000:8.1f} ms")
    if shutil.which("pandoc"):
        theirs = best(["pandoc", "brief.md", "-o", "pandoc.docx"], work, max(runs, 3))
        lines.append(
            f"pandoc brief.md -o brief.docx                     {theirs.seconds * 1000:8.1f} ms"
            f"   ratio pandoc/ours {theirs.seconds / docx:5.1f}x"
        )
    else:
        lines.append("pandoc: not installed, comparison skipped (apt-get install pandoc)")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        profile = work / "lo-profile"
        cmd = [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "lo"),
            "brief.docx",
        ]
        measure(cmd, work)  # the first run creates LibreOffice's profile: not counted
        theirs = best(cmd, work, max(runs, 3))
        lines.append(
            f"soffice --headless --convert-to pdf brief.docx    {theirs.seconds * 1000:8.1f} ms"
            f"   ratio LibreOffice/ours {theirs.seconds / pdf:5.1f}x"
        )
    else:
        lines.append(
            "LibreOffice: not installed, comparison skipped (apt-get install libreoffice-writer-nogui)"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="Comma-separated corpus sizes.")
    parser.add_argument(
        "--runs", type=int, default=3, help="Runs per measure below 1,000 documents (best kept)."
    )
    parser.add_argument("--no-seed", action="store_true", help="Skip the seed corpus.")
    parser.add_argument("--no-compare", action="store_true", help="Skip Pandoc and LibreOffice.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, "
        f"{platform.system()}"
    )
    print(
        f"each measure is a fresh `briefing` process; formats {FORMATS}; best of {args.runs} below 1,000 docs"
    )
    header = (
        f"{'corpus':<6} {'docs':>5}  {'cold build':>19}  {'warm rebuild':>19}  {'extract (no cache)':>19}"
        f"  {'cold/doc':>10}  {'warm':>6}"
    )
    print(header)
    results: list[Size] = []
    with tempfile.TemporaryDirectory(prefix="briefing-scale-") as tmp:
        work = Path(tmp)
        if not args.no_seed:
            results.append(bench_corpus("seed", SEED, work, args.runs))
            print(_row(results[-1]), flush=True)
        for n in sizes:
            corpus = generate(n, work / f"synth-{n}")
            results.append(bench_corpus(str(n), corpus, work, args.runs if n < 1000 else 1))
            print(_row(results[-1]), flush=True)
        in_process = warm_in_process(work, args.runs) if not args.no_seed else None
        print()
        _verdicts(results, in_process)
        if not args.no_compare:
            print()
            for line in compare_tools(work, args.runs):
                print(line)


def _verdicts(results: list[Size], in_process: float | None) -> None:
    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    by = {r.label: r for r in results}
    if "seed" in by:
        seed = by["seed"]
        print(
            f"seed cold build {seed.cold.seconds:.2f} s (target ≤ {TARGET_SEED_COLD} s) "
            f"{verdict(seed.cold.seconds <= TARGET_SEED_COLD)}"
        )
        print(
            f"seed warm rebuild {seed.warm.seconds:.2f} s in a fresh process (target ≤ {TARGET_SEED_WARM} s) "
            f"{verdict(seed.warm.seconds <= TARGET_SEED_WARM)}"
        )
        if in_process is not None:
            print(
                f"seed warm rebuild {in_process:.2f} s inside one process, imports paid once "
                f"(target ≤ {TARGET_SEED_WARM} s) {verdict(in_process <= TARGET_SEED_WARM)}"
            )
    if "100" in by:
        hundred = by["100"]
        speedup = hundred.cold.seconds / hundred.warm.seconds
        print(
            f"100 docs warm rebuild {speedup:.1f}x faster than cold (target ≥ {TARGET_WARM_SPEEDUP_100}x) "
            f"{verdict(speedup >= TARGET_WARM_SPEEDUP_100)}"
        )
    if "1000" in by:
        big = by["1000"]
        print(
            f"1000 docs cold build {big.cold.seconds:.1f} s (target ≤ {TARGET_1000} s) "
            f"{verdict(big.cold.seconds <= TARGET_1000)}"
        )
    synth = [r for r in results if r.label != "seed"]
    if len(synth) >= 2:
        first, last = synth[0], synth[-1]
        growth = (last.cold.seconds / first.cold.seconds) / (last.documents / first.documents)
        per_doc = ", ".join(f"{r.documents}: {r.cold.seconds / r.documents * 1000:.0f} ms" for r in synth)
        print(f"cold time per document ({per_doc}); growth vs linear {growth:.2f} (1.0 = linear)")
        if len(synth) >= 3:
            mid = synth[-2]
            step = (last.cold.seconds / mid.cold.seconds) / (last.documents / mid.documents)
            print(f"  from {mid.documents} to {last.documents} documents: growth vs linear {step:.2f}")
    peak = max(max(r.cold.peak_mb, r.warm.peak_mb, r.extract.peak_mb) for r in results)
    print(
        f"peak memory {peak:.0f} MB (main process and workers together; target < {TARGET_MEMORY_MB} MB) "
        f"{verdict(peak < TARGET_MEMORY_MB)}"
    )


if __name__ == "__main__":
    main()
