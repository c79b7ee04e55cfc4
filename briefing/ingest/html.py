"""Turn an HTML page into the article's main text and the metadata in its meta tags.

trafilatura finds the main text (not navigation, share buttons, related links or comments); the
meta tags (Open Graph, article:*, Dublin Core, JSON-LD) give title, author, site and date.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from briefing.ingest.raw import RawDocument, ReadError
from briefing.ingest.text import decode

# Meta tags by field, most specific first.
_META = {
    "title": ("og:title", "twitter:title", "dc.title", "dcterms.title", "citation_title", "title"),
    "author": (
        "author", "article:author", "dc.creator", "dcterms.creator", "citation_author", "parsely-author",
        "sailthru.author", "byl",
    ),
    "publisher": (
        "og:site_name", "dc.publisher", "dcterms.publisher", "citation_publisher", "publisher",
        "application-name",
    ),
    "published": (
        "article:published_time", "og:published_time", "datepublished", "dc.date.issued", "dcterms.issued",
        "dc.date", "dcterms.created", "citation_publication_date", "citation_date", "pubdate",
        "publishdate", "publish_date", "date", "sailthru.date", "parsely-pub-date",
    ),
    "url": ("og:url",),
}  # fmt: skip


def read_html(path: Path) -> RawDocument:
    """Read an .html/.htm file: main text via trafilatura, metadata from the meta tags."""
    text, _encoding = decode(path.read_bytes())
    return html_to_raw(text)


def html_to_raw(markup: str) -> RawDocument:
    """Main text and metadata of an HTML document given as a string."""
    import lxml.html
    import trafilatura

    warnings: list[str] = []
    try:
        tree = lxml.html.fromstring(markup.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception as exc:  # lxml raises several kinds on hopeless markup
        raise ReadError(f"not a readable HTML document ({type(exc).__name__})") from exc
    metadata = _meta_tags(tree)
    body = trafilatura.extract(
        markup,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        with_metadata=False,
    )
    if not body:
        # A page too short or odd for trafilatura: fall back to its paragraphs.
        body = "\n".join(" ".join(p.text_content().split()) for p in tree.iter("p"))
        if body.strip():
            warnings.append("main text not recognised; read all paragraphs of the page")
    if not metadata.get("author") or not metadata.get("published") or not metadata.get("publisher"):
        found = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False)
        extra = found.as_dict() if hasattr(found, "as_dict") else (found or {})
        for field, key in (("author", "author"), ("published", "date"), ("publisher", "sitename")):
            if not metadata.get(field) and extra.get(key):
                metadata[field] = str(extra[key])
    return RawDocument(text=_paragraphs(body or ""), metadata=metadata, format="html", warnings=warnings)


def _paragraphs(text: str) -> str:
    """trafilatura's text has one paragraph per line; tables come as Markdown rows."""
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if re.fullmatch(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*", line):
            continue  # the rule under a table's header row
        if line.startswith("|") and line.endswith("|"):
            line = " | ".join(cell.strip() for cell in line.strip("|").split("|"))
        elif re.match(r"^[-*•]\s+", line):
            line = re.sub(r"^[-*•]\s+", "", line)
        if line:
            out.append(line)
    return "\n\n".join(out)


def _meta_tags(tree: Any) -> dict[str, str]:
    """Title, author, publisher, published and url from meta tags, JSON-LD and the <title>."""
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    found: dict[str, str] = {}
    for field, keys in _META.items():
        for key in keys:
            value = metas.get(key)
            if value and not (field == "author" and value.startswith("http")):
                found[field] = " ".join(value.split())
                break
    for item in _json_ld(tree):
        if not isinstance(item, dict):
            continue
        for field, key in (("title", "headline"), ("published", "datePublished"), ("url", "url")):
            if not found.get(field) and isinstance(item.get(key), str):
                found[field] = item[key].strip()
        for field, key in (("author", "author"), ("publisher", "publisher")):
            value = item.get(key)
            if isinstance(value, list):
                names = [v.get("name") if isinstance(v, dict) else v for v in value]
                value = ", ".join(n for n in names if isinstance(n, str))
            elif isinstance(value, dict):
                value = value.get("name")
            if not found.get(field) and isinstance(value, str) and value.strip():
                found[field] = value.strip()
    if not found.get("published"):
        for time in tree.iter("time"):
            if time.get("datetime") and (
                time.get("pubdate") is not None or "publish" in (time.get("class") or "")
            ):
                found["published"] = time.get("datetime")
                break
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            found.setdefault("url", link.get("href").strip())
    if not found.get("title"):
        titles = [t.text_content().strip() for t in tree.iter("title")]
        if titles and titles[0]:
            title = titles[0]
            site = found.get("publisher")
            # "Headline | Site" or "Headline - Site": the site's name is not part of the title.
            if site:
                title = re.sub(rf"\s*[|–—:-]\s*{re.escape(site)}\s*$", "", title)
            found["title"] = " ".join(title.split())
    return found


def _json_ld(tree: Any) -> list[object]:
    items: list[object] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        for item in stack:
            if isinstance(item, dict) and isinstance(item.get("@graph"), list):
                items.extend(item["@graph"])
            else:
                items.append(item)
    return items
