"""HTML pages: the article's main text and metadata (title, date, site) via trafilatura.

Boilerplate (menus, footers, comments) is dropped by trafilatura; a page in which it finds
no article text is rejected rather than stored as navigation.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from aftermath.ingest.fields import parse_date
from aftermath.ingest.options import HTML_FACTOR, ReadOptions, too_big
from aftermath.records import Document, Rejection

log = logging.getLogger(__name__)
# Less text than this after boilerplate removal is a menu or an error page, not an article.
MIN_TEXT_CHARS = 50


def extract_page(data: bytes, *, url: str | None) -> tuple[str, dict[str, str | None]] | None:
    """Main text and metadata of a page, or None when no article text is found."""
    # Imported here: an ingest of dumps never reads a page, and trafilatura (with lxml,
    # htmldate, justext) costs the ingest's start-up a tenth of a second (#20).
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, favor_precision=True,
        )
    # trafilatura parses arbitrary markup with lxml and htmldate; any failure inside it
    # means "no article here", never a crash of the batch.
    except Exception as err:
        log.debug("trafilatura failed on %s: %r", url, err)
        return None
    if result is None:
        return None
    values = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (values.get("text") or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        return None
    return text, {k: values.get(k) for k in ("title", "date", "author", "sitename", "url")}


def read_html(data: bytes, *, source: str, default_id: str, options: ReadOptions,
              url: str | None = None) -> Iterator[Document | Rejection]:
    """One article from an HTML file or HTTP body; `url` helps resolve the outlet."""
    if len(data) > options.max_bytes * HTML_FACTOR:
        yield too_big(source, len(data), options.max_bytes * HTML_FACTOR)
        return
    if not data.strip():
        yield Rejection(source, "", "input.empty", "empty file")
        return
    extracted = extract_page(data, url=url)
    if extracted is None:
        yield Rejection(source, "", "input.no_text", "no article text found in the page")
        return
    text, meta = extracted
    published = None
    if meta["date"]:
        day = parse_date(meta["date"])
        published = day.isoformat() if day else None
    yield Document(
        id=default_id, text=text, title=meta["title"] or None, outlet=meta["sitename"] or None,
        published=published, url=url or meta["url"] or None,
        language=options.default_language,
    )

