"""Server-rendered pages: each route asks `aftermath.web.data` and hands the result to a template.

Templates escape everything (autoescape on); charts and networks are drawn by our static
script from JSON it fetches from /api, so no page carries inline script.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.templating import Jinja2Templates

from aftermath.web import data
from aftermath.web.api import cached_relation
from aftermath.web.deps import CacheDep, StoreDep

router = APIRouter(include_in_schema=False)
LATEST = 10
PAGE = 20


def render(request: Request, name: str, context: dict[str, Any], *, status: int = 200
           ) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


def api_url(path: str, **params: str | None) -> str:
    """A same-origin API URL with its query properly encoded (for data-* attributes)."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"/api/{path}" + (f"?{query}" if query else "")


@router.get("/")
def home(request: Request, store: StoreDep, cache: CacheDep) -> Response:
    return render(request, "home.html", {
        "stats": cache.get("stats", lambda: data.corpus_stats(store)),
        "latest": data.documents(store, limit=LATEST).items,
        "dyads": cache.get("dyads", lambda: data.active_dyads(store, limit=8)),
        "outlets": cache.get("outlets", lambda: data.outlets(store)),
        "incidents": data.incidents(store, limit=LATEST).items,
        "incidents_available": data.incidents_available(store),
        "incidents_missing": data.INCIDENTS_MISSING,
        "network_url": api_url("network"),
    })


@router.get("/search")
def search(
    request: Request, store: StoreDep,
    q: Annotated[str, Query(max_length=200)] = "",
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:
    page = data.search(store, q, limit=PAGE, cursor=cursor) if q.strip() else None
    following = None
    if page is not None and page.next:
        following = "/search?" + urlencode({"q": q, "cursor": page.next})
    return render(request, "search.html", {"q": q, "page": page, "next_url": following})


@router.get("/documents/{document_id:path}")
def document(request: Request, store: StoreDep,
             document_id: Annotated[str, Path(max_length=128)]) -> Response:
    view = data.document_view(store, document_id)
    return render(request, "document.html", {
        "view": view, "document": view.analysis.document,
        "network_url": api_url("network", document=document_id),
    })


@router.get("/dyads/{a}/{b}")
def dyad(
    request: Request, store: StoreDep, cache: CacheDep,
    a: Annotated[str, Path(pattern="^[A-Za-z]{3}$")],
    b: Annotated[str, Path(pattern="^[A-Za-z]{3}$")],
) -> Response:
    series = cached_relation(store, cache, a, b, "month")
    return render(request, "dyad.html", {
        "series": series, "chart_url": api_url("relations/chart", a=series["a"], b=series["b"]),
    })


@router.get("/outlets/{name:path}")
def outlet(request: Request, store: StoreDep,
           name: Annotated[str, Path(max_length=200)]) -> Response:
    view = data.outlet_view(store, name)
    return render(request, "outlet.html", {
        "outlet": view, "network_url": api_url("network", outlet=name),
    })


@router.get("/incidents")
def incidents(request: Request, store: StoreDep) -> Response:
    return render(request, "incidents.html", {
        "incidents": data.incidents(store, limit=PAGE).items,
        "available": data.incidents_available(store),
        "missing": data.INCIDENTS_MISSING,
    })


@router.get("/incidents/{incident_id}")
def incident(request: Request, store: StoreDep,
             incident_id: Annotated[str, Path(max_length=128)]) -> Response:
    if not data.incidents_available(store):
        return render(request, "incidents.html", {
            "incidents": [], "available": False, "missing": data.INCIDENTS_MISSING,
            "asked": incident_id,
        }, status=404)
    return render(request, "incident.html", {"incident": data.incident(store, incident_id)})
