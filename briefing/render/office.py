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
    program = soffice()
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="briefing-office-") as tmp:
        folder = Path(tmp)
        source = folder / "brief.docx"
        source.write_bytes(data)
        # A private profile lets several conversions run at once (LibreOffice locks its profile).
        profile = (folder / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        target = folder / "brief.pdf"
        if result.returncode != 0 or not target.exists():
            message = result.stderr.decode(errors="replace").strip() or "no PDF produced"
            raise RuntimeError(f"LibreOffice could not convert the DOCX: {message}")
        return target.read_bytes()


def docx_page_count(data: bytes) -> int | None:
    """Pages of a DOCX as LibreOffice lays it out; None if LibreOffice is not installed."""
    converted = docx_to_pdf(data)
    if converted is None:
        return None
    # LibreOffice, like reportlab, writes its page dictionaries uncompressed.
    return pdf_page_count(converted)
