"""Articles and feeds fetched over HTTP(S), with the guards a batch tool needs.

Only http and https; private, loopback and link-local addresses are refused unless the user
allows them (a URL list from elsewhere must not reach into the analyst's own network);
redirects are followed by hand so every hop is checked; bodies stop at the size cap; every
request has a timeout and says who we are in its User-Agent. Any failure is a Rejection.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

import httpx

from aftermath.ingest.feeds import read_feed
from aftermath.ingest.html import read_html
from aftermath.ingest.options import ReadOptions, too_big
from aftermath.ingest.text import read_text
from aftermath.records import Document, Rejection

REDIRECTS = frozenset({301, 302, 303, 307, 308})
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml")


class FetchRefused(Exception):
    """A URL we will not fetch, or a fetch that failed; the message is the one-line reason."""

    def __init__(self, message: str, code: str = "input.fetch_failed") -> None:
        super().__init__(message)
        self.code = code


def _addresses(host: str, options: ReadOptions) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]  # a literal address needs no lookup
    except ValueError:
        pass
    if options.resolver is not None:
        return options.resolver(host)
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except (socket.gaierror, UnicodeError, OSError) as err:
        raise FetchRefused(f"cannot resolve {host} ({err})") from err


def check_url(url: str, options: ReadOptions) -> None:
    """Raise FetchRefused unless the URL is http(s) to a public address (or private is allowed).

    The address is checked when we resolve it; a DNS answer that changes between this check
    and the connection (rebinding) is not caught, a limit noted in docs/ingest.md.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https URLs are fetched, not {parts.scheme or '?'}:",
                           "input.bad_url")
    if not parts.hostname:
        raise FetchRefused("URL has no host", "input.bad_url")
    if options.allow_private:
        return
    for address in _addresses(parts.hostname, options):
        ip = ipaddress.ip_address(address.split("%")[0])
        if (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                or ip.is_multicast or ip.is_unspecified):
            raise FetchRefused(f"{parts.hostname} is a private or local address ({ip}); "
                               "pass --allow-private to fetch it", "input.private_address")


def fetch(url: str, options: ReadOptions) -> tuple[str, str, bytes]:
    """(final URL, content type, body) of a URL, checking every redirect hop and the size."""
    headers = {"User-Agent": options.user_agent, "Accept": "text/html, application/xml, */*"}
    with httpx.Client(timeout=options.timeout, follow_redirects=False, headers=headers,
                      transport=options.transport) as client:
        for _ in range(options.max_redirects + 1):
            check_url(url, options)
            try:
                with client.stream("GET", url) as response:
                    if response.status_code in REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchRefused(f"HTTP {response.status_code}")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > options.max_bytes:
                            raise FetchRefused(too_big(url, len(body), options.max_bytes).message,
                                               "input.too_large")
                    kind = response.headers.get("content-type", "").split(";")[0].strip()
                    return url, kind.lower(), bytes(body)
            except httpx.HTTPError as err:
                raise FetchRefused(f"{err.__class__.__name__}: {err}"[:200]) from err
        raise FetchRefused(f"more than {options.max_redirects} redirects")


def read_url(url: str, options: ReadOptions) -> Iterator[Document | Rejection]:
    """Documents from one URL: an HTML article, a feed, or plain text."""
    try:
        final, kind, body = fetch(url, options)
    except FetchRefused as err:
        yield Rejection(url, "", err.code, str(err))
        return
    if not body.strip():
        yield Rejection(url, "", "input.empty", "empty response")
        return
    head = body[:512].lstrip().lower()
    if kind in FEED_TYPES or head.startswith((b"<rss", b"<feed")) or (
            head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head)):
        yield from read_feed(body, source=url, default_id=url, options=options, url=final)
    elif kind == "text/plain":
        for item in read_text(body, source=url, default_id=url, options=options):
            yield item if isinstance(item, Rejection) or item.url else replace(item, url=final)
    else:
        yield from read_html(body, source=url, default_id=url, options=options, url=final)

