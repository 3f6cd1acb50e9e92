"""RSS and Atom feeds: one document per item, id from the item's GUID or link.

Feeds carry summaries or full content in HTML; the markup is stripped to text. A file that
is not a feed at all is rejected as a whole; an item without text is rejected by number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml.etree import ParserError, XMLSyntaxError

from aftermath.ingest.options import ReadOptions, too_big
from aftermath.records import Document, Rejection


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, paragraphs kept apart."""
    if "<" not in markup:
        return markup.strip()
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, XMLSyntaxError, ValueError):
        return ""
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    text = root.text_content()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _item_text(entry: Any) -> str:
    for content in entry.get("content") or ():
        text = html_to_text(str(content.get("value") or ""))
        if text:
            return text
    return html_to_text(str(entry.get("summary") or entry.get("description") or ""))


def _item_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
            except (ValueError, AttributeError):
                continue
    return None


def read_feed(data: bytes, *, source: str, default_id: str, options: ReadOptions,
              url: str | None = None) -> Iterator[Document | Rejection]:
    """Documents from the bytes of an RSS or Atom feed."""
    if len(data) > options.dump_limit:
        yield too_big(source, len(data), options.dump_limit)
        return
    import feedparser  # here, not at start-up: most ingests read no feed (#20)

    try:
        feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    # feedparser is lenient by design; anything it still throws means "not a feed".
    except Exception as err:
        yield Rejection(source, "", "input.bad_feed", f"not a feed ({err.__class__.__name__})")
        return
    if not feed.get("version") and not feed.entries:
        reason = feed.get("bozo_exception") or "no RSS or Atom items"
        yield Rejection(source, "", "input.bad_feed", f"not a feed ({str(reason)[:120]})")
        return
    site = str(feed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(feed.entries, start=1):
        locator = f"item {number}"
        text = _item_text(entry)
        if not text:
            yield Rejection(source, locator, "input.invalid_record", "item has no text")
            continue
        link = str(entry.get("link") or "").strip() or None
        item_id = str(entry.get("id") or "").strip() or link or f"{default_id}#item-{number}"
        title = html_to_text(str(entry.get("title") or "")) or None
        yield Document(
            id=item_id, text=text, title=title, outlet=site, published=_item_date(entry),
            url=link or url, language=options.default_language,
        )
