"""The dashboard's defences: security headers, a request-size cap and the write token.

Article titles and texts are untrusted input that we render; the templates escape them,
and the Content-Security-Policy below is the second wall: only our own script and style
files run, nothing inline, nothing from elsewhere, no eval (Vega runs its expressions
through its interpreter for that reason).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",  # Vega's canvas export and Cytoscape textures
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
# An article of max_chars (1,000,000) characters is at most a few MB of UTF-8 JSON; 4 MiB
# leaves room for that and refuses anything that would only tie up the parser.
DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_URL_BYTES = 4096  # no page or query of ours needs a longer URL
# Methods an OPTIONS answer may list (HEAD follows GET, OPTIONS is always there).
PROBED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")


async def _send_error(send: Send, status: int, code: str, message: str) -> None:
    body = _error_body(code, message)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    """Adds the security headers to every response and refuses oversized requests (413/414).

    A body is read (at most `max_body_bytes` of it) before the app sees it, so a missing or
    false Content-Length does not help; only POST/PUT/PATCH carry bodies here.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url_bytes = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_bytes > MAX_URL_BYTES:
            await _send_error(send, 414, "request.uri_too_long",
                              f"the URL is longer than {MAX_URL_BYTES} bytes")
            return
        limit = self.max_body_bytes
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await _send_error(send, 413, "request.too_large",
                                  f"the request body is larger than {limit} bytes")
                return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            body = await _read_body(receive, limit)
            if body is None:
                await _send_error(send, 413, "request.too_large",
                                  f"the request body is larger than {limit} bytes")
                return
            receive = _replay(body, receive)

        if scope.get("method") == "OPTIONS" and "app" in scope:
            await _answer_options(scope, send)
            return
        head = scope.get("method") == "HEAD"
        if head:
            # HEAD is answered wherever GET is (#18): the GET response, headers only.
            scope = {**scope, "method": "GET"}

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode().lower() not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, secured_send)


def allowed_methods(app: Any, scope: Scope) -> set[str]:
    """The methods the app's routes answer at the scope's path (HEAD wherever GET is),
    asked of the routes themselves, included routers and mounts alike (a mount serves
    static files: GET)."""
    from starlette.routing import Match, Mount

    allowed: set[str] = set()
    for route in getattr(app, "routes", ()):
        for method in PROBED_METHODS:
            if route.matches({**scope, "method": method})[0] is Match.FULL:
                allowed.add("GET" if isinstance(route, Mount) else method)
    if "GET" in allowed:
        allowed.add("HEAD")
    return allowed


async def _answer_options(scope: Scope, send: Send) -> None:
    """OPTIONS: 204 with the methods the path answers (POST on /api/documents), 404 where
    nothing is (#18). Answered here, before routing, for every path alike."""
    path = scope.get("path", "")
    allowed = allowed_methods(scope["app"], scope)
    if not allowed:
        await _send_error(send, 404, "not_found", f"nothing at {path}")
        return
    headers = [(b"allow", ", ".join(sorted(allowed | {"OPTIONS"})).encode()),
               (b"content-length", b"0")]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": 204, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it passes `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def token_matches(configured: str | None, presented: str | None) -> bool:
    """Constant-time check of a bearer token; never true when no token is configured."""
    if not configured or presented is None:
        return False
    return hmac.compare_digest(configured.encode("utf-8"), presented.encode("utf-8"))
