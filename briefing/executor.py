"""Turn a corpus plan's files into per-document results: from the cache, or read and extracted in parallel.

    extract_documents(jobs, cache, executor)   every Job → DocEntry (result or skip reason), job order
    run_map(fn, items, executor)               the map itself, over one of EXECUTORS

Executors: `serial` (in this process), `process` (a local process pool, used when at least
MIN_PARALLEL documents need extracting and there is more than one core; serial otherwise) and
`dask` (a Dask bag: local processes, or the cluster at $DASK_SCHEDULER_ADDRESS; only when dask
is installed; see docs/scale.md). Results come back in input order whatever the executor and the number of
workers, so output does not depend on them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from briefing.errors import BriefingError

if TYPE_CHECKING:
    from briefing.cache import Cache, DocEntry
    from briefing.ingest import Job

__all__ = [
    "EXECUTORS",
    "MIN_PARALLEL",
    "Progress",
    "cpu_count",
    "extract_documents",
    "extract_job",
    "run_map",
]

EXECUTORS = ("process", "serial", "dask")
MIN_PARALLEL = 8
"""Below this many documents to extract, starting worker processes costs more than it saves."""

Progress = Callable[[int, int], None]
"""Called as documents finish: (done, total)."""

T = TypeVar("T")
R = TypeVar("R")


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_job(job: Job, key: str | None = None, cache_dir: str | None = None) -> DocEntry:
    """Read, clean and extract one file; store the result in the cache when given a key and folder.

    Runs in worker processes, so it takes and returns plain picklable data. A file that cannot be read
    is a skip reason, not an exception; so is an extractor failing on one odd document (with a plea
    to report it), so that one file never stops a build of a thousand.
    """
    from briefing.cache import Cache, DocEntry
    from briefing.extract import extract_document
    from briefing.ingest import ReadError, load_document

    try:
        entry = DocEntry(result=extract_document(load_document(job)))
    except ReadError as exc:
        entry = DocEntry(skipped=str(exc))
    except Exception as exc:
        return DocEntry(skipped=f"extraction failed ({type(exc).__name__}: {exc}); please report this file")
    if key is not None and cache_dir is not None:
        Cache(Path(cache_dir)).put_document(key, entry)
    return entry


def _extract_one(args: tuple[Job, str | None, str | None]) -> DocEntry:
    return extract_job(*args)


def run_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    executor: str = "process",
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[R]:
    """`[fn(x) for x in items]` over the chosen executor, in input order, reporting progress."""
    if executor not in EXECUTORS:
        raise BriefingError(f"unknown executor '{executor}'", hint=f"Use one of: {', '.join(EXECUTORS)}")
    total = len(items)
    workers = workers or cpu_count()
    if executor == "dask":
        return _dask_map(fn, items, progress)
    results: list[R] = []
    if executor == "serial" or total < MIN_PARALLEL or workers < 2:
        for item in items:
            results.append(fn(item))
            if progress:
                progress(len(results), total)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork starts workers in milliseconds with everything imported; elsewhere the platform default.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    # Small chunks keep the progress bar moving and the two cores evenly loaded.
    chunk = max(1, min(8, total // (workers * 8)))
    try:
        with ProcessPoolExecutor(max_workers=min(workers, total), mp_context=context) as pool:
            for result in pool.map(fn, items, chunksize=chunk):
                results.append(result)
                if progress:
                    progress(len(results), total)
    except BrokenProcessPool:
        # A worker killed from outside (out of memory, a signal): say so rather than show a traceback.
        raise BriefingError(
            "a worker process stopped unexpectedly (out of memory?)",
            hint="Run again with fewer workers (--jobs 1) or --executor serial",
        ) from None
    return results


def _dask_map(fn: Callable[[T], R], items: Sequence[T], progress: Progress | None) -> list[R]:
    """The map as a Dask bag: on the cluster at $DASK_SCHEDULER_ADDRESS if set, else local processes."""
    try:
        import dask.bag as bag
    except ImportError:
        raise BriefingError(
            "--executor dask needs the dask package, which is not installed",
            hint="Install it (pip install 'dask[bag]', plus 'distributed' for a cluster) "
            "or use --executor process",
        ) from None
    if not items:
        return []
    address = os.environ.get("DASK_SCHEDULER_ADDRESS", "").strip()
    partitions = min(len(items), max(1, cpu_count() * 4))
    job = bag.from_sequence(list(items), npartitions=partitions).map(fn)
    if address:  # a cluster: its workers need briefing installed and the corpus and cache folders mounted
        try:
            from distributed import Client
        except ImportError:
            raise BriefingError(
                "DASK_SCHEDULER_ADDRESS is set but the distributed package is not installed",
                hint="pip install distributed, or unset DASK_SCHEDULER_ADDRESS to run on this machine",
            ) from None
        with Client(address) as client:
            results = list(client.compute(job).result())
    else:
        results = list(job.compute(scheduler="processes"))
    if progress:
        progress(len(results), len(items))
    return results


def extract_documents(
    jobs: Sequence[Job],
    *,
    cache: Cache | None = None,
    executor: str = "process",
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[list[DocEntry], list[str | None]]:
    """Every job's DocEntry (in job order) and cache key: cached entries are read, the rest extracted.

    The cache folder, not the results, travels to the workers: each writes its own entries, so the
    JSON is serialised in parallel too.
    """
    from briefing.cache import document_key

    keys: list[str | None] = [document_key(job) if cache is not None else None for job in jobs]
    entries: list[DocEntry | None] = [
        cache.get_document(key) if cache is not None and key is not None else None for key in keys
    ]
    todo = [i for i, entry in enumerate(entries) if entry is None]
    done_before = len(jobs) - len(todo)
    folder = str(cache.folder) if cache is not None else None

    def report(done: int, _total: int) -> None:
        if progress:
            progress(done_before + done, len(jobs))

    if progress and done_before:
        progress(done_before, len(jobs))
    fresh = run_map(
        _extract_one,
        [(jobs[i], keys[i], folder) for i in todo],
        executor=executor,
        workers=workers,
        progress=report,
    )
    for i, entry in zip(todo, fresh, strict=True):
        entries[i] = entry
    return [e for e in entries if e is not None], keys
