"""REST routes under /api: thin shells over `aftermath.web.data` (style.md §1, library first)."""

from __future__ import annotations

import json
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from aftermath.errors import InputError
from aftermath.export.contract import analysis_json
from aftermath.ingest.checks import check_document
from aftermath.ingest.dedupe import NearDuplicateIndex
from aftermath.ingest.fields import UNKNOWN_LANGUAGE, first_error
from aftermath.ingest.files import DocumentIn as IngestRecord
from aftermath.runs import ingest_document, load_index
from aftermath.store import Store
from aftermath.store.queries import store_version
from aftermath.web import data
from aftermath.web.cache import StoreCache
from aftermath.web.deps import CacheDep, KbDep, StoreDep
from aftermath.web.schemas import (
    ActsOut,
    AnalysisOut,
    BriefOut,
    DocumentIn,
    DocumentPage,
    ErrorBody,
    IncidentPage,
    NetworkOut,
    RelationOut,
    SearchPage,
    StatsOut,
)
from aftermath.web.security import token_matches

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Not found"},
    413: {"model": ErrorBody, "description": "Request too large"},
    414: {"model": ErrorBody, "description": "URL too long"},
    422: {"model": ErrorBody, "description": "Invalid request"},
    500: {"model": ErrorBody, "description": "Server error"},
}
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
BY_PATTERN = "^(" + "|".join(data.PERIODS) + ")$"
COUNT_PATTERN = "^(acts|reports)$"  # what relation series count (#19)

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
bearer = HTTPBearer(auto_error=False, description="The server's AFTERMATH_TOKEN.")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Cursor = Annotated[str | None, Query(
    max_length=512, pattern="^[A-Za-z0-9_-]+$",
    description="`next` of the previous page, passed back unchanged (opaque).")]
Country = Annotated[str, Query(pattern="^[A-Za-z]{3}$", description="ISO 3166 alpha-3 code.")]


@router.get("/stats", response_model=StatsOut, summary="Counts of what the store holds")
def stats(store: StoreDep, cache: CacheDep) -> dict[str, Any]:
    return cache.get("stats", lambda: data.corpus_stats(store))


@router.get("/documents", response_model=DocumentPage, summary="Documents, newest first")
def documents(
    store: StoreDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    return data.documents(store, limit=limit, cursor=cursor, outlet=outlet).as_dict()


@router.get("/documents/{document_id:path}", response_model=AnalysisOut,
            summary="One document as the analyze JSON contract, with its text")
def document(store: StoreDep, document_id: Annotated[str, Path(max_length=128)]) -> dict[str, Any]:
    return data.document_json(store, document_id)


@router.post(
    "/documents", response_model=AnalysisOut, status_code=201,
    summary="Analyse and store one article (needs the server's token)",
    responses={200: {"model": AnalysisOut, "description": "Already stored, unchanged"},
               401: {"model": ErrorBody, "description": "Missing or wrong token"},
               403: {"model": ErrorBody, "description": "Writing is disabled on this server"}},
)
def add_document(
    request: Request, response: Response, body: DocumentIn, store: StoreDep, cache: CacheDep,
    kb: KbDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None,
) -> dict[str, Any]:
    configured = request.app.state.token
    if not configured:
        raise HTTPException(403, "writing is disabled: start the server with AFTERMATH_TOKEN set")
    if credentials is None or not token_matches(configured, credentials.credentials):
        raise HTTPException(401, "a valid bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    try:
        document = IngestRecord(**body.model_dump()).to_document(
            default_language=UNKNOWN_LANGUAGE)
    except ValidationError as err:
        raise InputError(first_error(err), code="request.invalid") from err
    checked = check_document(document, request.app.state.limits)
    if isinstance(checked, str):
        raise InputError(checked, code="request.invalid")
    # The one write path (#18): the same triage, analysis and finish as `aftermath ingest`,
    # one POST at a time (analysis is serial anyway), against a kept near-duplicate index.
    writes: WriteState = request.app.state.writes
    with writes.lock:
        try:
            accepted = ingest_document(checked, store, request.app.state.analyzer, kb=kb,
                                       outlets=request.app.state.outlets(),
                                       index=writes.index_for(store))
        except InputError:  # refused by analysis: the run took it out of the index
            raise
        except Exception:  # anything else may have left the index ahead of the store
            writes.forget()
            raise
        writes.wrote(store)
    cache.invalidate()
    if not accepted.created:
        response.status_code = 200
    stored_id = accepted.stored_id or checked.id
    response.headers["Location"] = f"/api/documents/{stored_id}"
    stored = store.load(stored_id)
    output = analysis_json(stored)
    output["document"]["text"] = stored.document.text
    return output


@router.get("/search", response_model=SearchPage, summary="Documents whose title or text match")
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, pattern=r"\S",
                            description="Words to find (matched literally).")],
    limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
) -> dict[str, Any]:
    return data.search(store, q, limit=limit, cursor=cursor).as_dict()


@router.get("/relations", response_model=RelationOut,
            summary="Cooperation and conflict between two countries: series, turning points, "
                    "outlook (the `aftermath relations A B --json` shape)")
def relations(
    store: StoreDep, cache: CacheDep, a: Country, b: Country,
    by: Annotated[str, Query(pattern=BY_PATTERN, description="Period size.")] = "month",
    count: Annotated[str, Query(pattern=COUNT_PATTERN, description=(
        "`acts`: each act once, however many reports tell it; `reports`: every report "
        "(#19)."))] = "acts",
) -> dict[str, Any]:
    return cached_relation(store, cache, a, b, by, count=count)


class WriteState:
    """What POSTs share: a lock, and the near-duplicate index of the store, loaded once and
    kept current by the POSTs themselves; loaded again only when the store changed by
    another writer's hand (its version moved since this server's last write)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._index: NearDuplicateIndex | None = None
        self._version: Any = None

    def index_for(self, store: Store) -> NearDuplicateIndex:
        if self._index is None or store_version(store) != self._version:
            self._index = load_index(store)
        return self._index

    def wrote(self, store: Store) -> None:
        self._version = store_version(store)

    def forget(self) -> None:
        self._index = None


def cached_relation(store: Store, cache: StoreCache, a: str, b: str, by: str, *,
                    count: str = "acts") -> dict[str, Any]:
    """The dyad's relation report, cached per (a, b, by, count) with the store's version.

    Not shared between the two orders of a pair: the report's `dyad` label and its
    turning points' wording follow the order asked for.
    """
    a, b = a.upper(), b.upper()
    key = ("relation", a, b, by) if count == "acts" else ("relation", a, b, by, count)
    return cache.get(key, lambda: data.relation(store, a, b, by=by, count=count))


@router.get("/relations/chart", summary="A Vega-Lite spec of the relation series")
def relation_chart(
    store: StoreDep, cache: CacheDep, a: Country, b: Country,
    by: Annotated[str, Query(pattern=BY_PATTERN)] = "month",
) -> dict[str, Any]:
    return data.relation_chart(cached_relation(store, cache, a, b, by))


@router.get("/network", response_model=NetworkOut,
            summary="Who blames whom (claimant → accused): entity nodes, one edge per pair "
                    "with its claims by evidence status")
def network(
    store: StoreDep, cache: CacheDep, kb: KbDep,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    document: Annotated[str | None, Query(max_length=128)] = None,
    incident: Annotated[str | None, Query(max_length=128)] = None,
) -> dict[str, Any]:
    return cache.get(("network", outlet, document, incident),
                     lambda: data.blame_network(store, outlet=outlet, document_id=document,
                                                incident_id=incident, kb=kb))


@router.get("/outlets", summary="Outlets with their number of documents and registry facts")
def outlets(store: StoreDep, cache: CacheDep) -> list[dict[str, Any]]:
    return cache.get("outlets", lambda: data.outlets(store))


@router.get("/incidents", response_model=IncidentPage,
            summary="Incidents, as `aftermath incidents --json` lists them")
def incidents(
    store: StoreDep, cache: CacheDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
    order: Annotated[str, Query(pattern="^(reported|latest)$",
                                description="`reported`: most reported first; `latest`: "
                                            "newest first report first.")] = "reported",
) -> dict[str, Any]:
    page = cache.get(("incidents", limit, cursor, order),
                     lambda: data.incidents(store, limit=limit, cursor=cursor, order=order))
    return {**page.as_dict(), "available": data.incidents_available(store)}


@router.get("/incidents/{incident_id}", response_model=None,
            responses={200: {"model": BriefOut, "description": "The brief"}},
            summary="One incident's brief (the `aftermath brief ID --json` shape)")
def incident(store: StoreDep, cache: CacheDep, kb: KbDep,
             incident_id: Annotated[str, Path(max_length=128)]) -> Response:
    """Served as JSON encoded once per store version: a brief of a much-reported incident
    runs to megabytes, and validating and encoding it on every request cost more than
    everything else the request does."""
    brief = cached_brief(store, cache, kb, incident_id)
    body = cache.get(("brief-json", incident_id),
                     lambda: json.dumps(brief, ensure_ascii=False,
                                        separators=(",", ":")).encode("utf-8"))
    return Response(body, media_type="application/json")


@router.get("/incidents/{incident_id}/acts", response_model=ActsOut,
            summary="One incident's acts: its events folded by the act they report (#19)")
def incident_acts(store: StoreDep, cache: CacheDep, kb: KbDep,
                  incident_id: Annotated[str, Path(max_length=128)]) -> dict[str, Any]:
    return {"incident": incident_id,
            "acts": cached_brief(store, cache, kb, incident_id)["acts"]}


def cached_brief(store: Store, cache: StoreCache, kb: Any, incident_id: str) -> dict[str, Any]:
    return cache.get(("brief", incident_id), lambda: data.incident(store, incident_id, kb=kb))
