"""briefing: turn a folder of source documents into a cited brief, rendered to DOCX and PDF.

    >>> from briefing import build
    >>> build(Path("sources/iran-russia"), template="report", formats=["docx", "pdf"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["BriefingError", "__version__", "build", "extract", "load_corpus"]

if TYPE_CHECKING:
    from briefing.errors import BriefingError
    from briefing.ingest import load_corpus
    from briefing.pipeline import build, extract


def __getattr__(name: str) -> Any:
    # Lazy so that `import briefing` (and the CLI's start-up) stays cheap.
    if name in {"build", "extract"}:
        from briefing import pipeline

        return getattr(pipeline, name)
    if name == "load_corpus":
        from briefing.ingest import load_corpus

        return load_corpus
    if name == "BriefingError":
        from briefing.errors import BriefingError

        return BriefingError
    raise AttributeError(name)
