"""A loader that bypasses ingest, so extractor tests see exactly the text of their fixtures."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from briefing.model import Document, DocumentInfo


def load_plain(folder: Path) -> tuple[str, list[Document]]:
    """(corpus title, documents): each .txt file a document, paragraphs split on blank lines."""
    manifest = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8"))
    published = {d["file"]: str(d["published"]) for d in manifest["documents"] if d.get("published")}
    docs = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", text, re.S)]
        info = DocumentInfo(id=path.stem, file=path.name, published=published.get(path.name))
        docs.append(Document(info=info, text=text, paragraphs=paragraphs))
    return manifest["title"], docs
