"""Turn DOCX bytes into a page count by laying them out with LibreOffice, as a word processor would.

The PDF is measured directly (`pdf_page_count`); a DOCX has no pages until a word processor lays it
out. This helper converts it with ``soffice --headless`` when LibreOffice is installed and returns
None when it is not, so checks and tests can skip rather than fail. It takes about a second (a cold
LibreOffice start), so it is for tests and final checks, not for a fitting loop: the DOCX writer uses
the PDF's line pitch and spacing, and lays out no longer than the PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from briefing.render import pdf_page_count

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_S = 120


def soffice() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(data: bytes) -> bytes | None:
    """Convert DOCX bytes to PDF bytes with LibreOffice headless; None if LibreOffice is not installed.

    Raises RuntimeError when LibreOffice is there but the conversion fails.
    """
    converted = docs_to_pdfs([data])
    return None if converted is None else converted[0]


def docx_page_count(data: bytes) -> int | None:
    """Pages of a DOCX as LibreOffice lays it out; None if LibreOffice is not installed."""
    counts = docx_page_counts([data])
    return None if counts is None else counts[0]


def docx_page_counts(documents: Sequence[bytes]) -> list[int] | None:
    """Pages of each DOCX as LibreOffice lays it out, with one LibreOffice start for all of them (a
    start costs a few seconds); None if LibreOffice is not installed."""
    converted = docs_to_pdfs(documents)
    if converted is None:
        return None
    # LibreOffice, like reportlab, writes its page dictionaries uncompressed.
    return [pdf_page_count(pdf) for pdf in converted]


def docs_to_pdfs(documents: Sequence[bytes]) -> list[bytes] | None:
    """Convert several DOCX files to PDF bytes in one LibreOffice run; None if it is not installed.

    Raises RuntimeError when LibreOffice is there but a conversion fails.
    """
    program = soffice()
    if program is None:
        return None
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="briefing-office-") as tmp:
        folder = Path(tmp)
        sources = []
        for index, data in enumerate(documents):
            source = folder / f"brief-{index:03d}.docx"
            source.write_bytes(data)
            sources.append(source)
        profile = (folder / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ]
        result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        targets = [source.with_suffix(".pdf") for source in sources]
        missing = [t.name for t in targets if not t.exists()]
        if result.returncode != 0 or missing:
            message = result.stderr.decode(errors="replace").strip() or f"no PDF for {', '.join(missing)}"
            raise RuntimeError(f"LibreOffice could not convert the DOCX: {message}")
        return [target.read_bytes() for target in targets]
