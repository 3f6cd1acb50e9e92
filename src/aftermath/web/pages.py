"""Server-rendered pages: each route asks `aftermath.web.data` and hands the result to a template.

Templates escape everything (autoescape on); charts and networks are drawn by our static
script from JSON it fetches from /api, so no page carries inline script.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from aftermath.web import data
from aftermath.web.api import cached_brief, cached_relation
from aftermath.web.deps import CacheDep, KbDep, StoreDep

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
        "incidents": cache.get(("incidents", LATEST, None, "latest"), lambda: data.incidents(
            store, limit=LATEST, order="latest")).items,
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
             document_id: Annotated[str, Path(max_length=128)],
             start: Annotated[int | None, Query(ge=0)] = None,
             end: Annotated[int | None, Query(ge=0)] = None) -> Response:
    """One article; `start` and `end` (character offsets, as evidence links carry them)
    mark a passage, anchored `#focus`, when they fall inside the text."""
    view = data.document_view(store, document_id, focus=(start, end))
    return render(request, "document.html", {
        "view": view, "document": view.analysis.document,
        "network_url": api_url("network", document=document_id),
    })


@router.get("/dyads/{a}/{b}")
def dyad(
    request: Request, store: StoreDep, cache: CacheDep,
    a: Annotated[str, Path(pattern="^[A-Za-z]{3}$")],
    b: Annotated[str, Path(pattern="^[A-Za-z]{3}$")],
    by: Annotated[str, Query(pattern="^(day|week|month)$")] = "month",
) -> Response:
    series = cached_relation(store, cache, a, b, by)
    return render(request, "dyad.html", {
        "series": series, "periods": data.PERIODS,
        "chart_url": api_url("relations/chart", a=series["a"], b=series["b"], by=by),
        "api_url": api_url("relations", a=series["a"], b=series["b"], by=by),
    })


@router.get("/outlets/{name:path}")
def outlet(request: Request, store: StoreDep,
           name: Annotated[str, Path(max_length=200)]) -> Response:
    view = data.outlet_view(store, name)
    return render(request, "outlet.html", {
        "outlet": view, "network_url": api_url("network", outlet=name),
    })


@router.get("/incidents")
def incidents(request: Request, store: StoreDep,
              cursor: Annotated[str | None, Query(max_length=512)] = None) -> Response:
    page = data.incidents(store, limit=PAGE, cursor=cursor)
    return render(request, "incidents.html", {
        "incidents": page.items,
        "next_url": "/incidents?" + urlencode({"cursor": page.next}) if page.next else None,
        "missing": data.INCIDENTS_MISSING,
    })


@router.get("/incidents/{incident_id}")
def incident(request: Request, store: StoreDep, cache: CacheDep, kb: KbDep,
             incident_id: Annotated[str, Path(max_length=128)]) -> Response:
    brief = cached_brief(store, cache, kb, incident_id)  # 404 before any heavier work

    def page() -> str:
        """The rendered page, kept with the store's version like the brief behind it."""
        view = data.incident_view(store, incident_id, brief=brief)
        network = cache.get(("network", None, None, incident_id), lambda: data.blame_network(
            store, incident_id=incident_id, kb=kb))
        templates: Jinja2Templates = request.app.state.templates
        return templates.get_template("incident.html").render({
            "brief": view, "incident": view["incident"],
            "blame_rows": data.network_rows(network),
            "network_url": api_url("network", incident=incident_id),
            "api_url": api_url(f"incidents/{incident_id}"),
        })

    return HTMLResponse(cache.get(("incident-page", incident_id), page))
