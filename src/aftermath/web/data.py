"""What the dashboard shows, as plain dicts: one function per page or endpoint.

This is the seam between the store (and the stages that read it) and the web: routes and
templates only arrange what these functions return, so the API and the pages always show
the same data, and a stage that lands later (incidents #6, turning points and outlook #7)
is plugged in here without touching a route.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from aftermath.errors import InputError, NotFoundError
from aftermath.export.contract import analysis_json
from aftermath.knowledge.outlets import OutletRegistry, load_outlets
from aftermath.records import Analysis
from aftermath.relations import relation_report
from aftermath.store import Store, queries
from aftermath.web.cursor import decode_cursor, encode_cursor
from aftermath.web.highlight import Highlighted, Mark, highlight

QUAD_NAMES = ("verbal cooperation", "material cooperation", "verbal conflict",
              "material conflict")
BLAME_KINDS = ("blame", "responsibility")
SNIPPET_CHARS = 160
DOCUMENTS_PER_PERIOD = 20  # a dyad page lists the first documents of a period, not thousands
INCIDENTS_TABLE = "incidents"
INCIDENTS_MISSING = "incidents are not built yet — run `aftermath incidents`"


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a listing and the cursor of the next (None on the last page)."""

    items: list[dict[str, Any]]
    next: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "next": self.next}


# --- corpus --------------------------------------------------------------------------------

def corpus_stats(store: Store) -> dict[str, Any]:
    """Counts of what is stored, the span of publication dates and the number of outlets."""
    first, last = queries.published_range(store)
    return {**store.stats(), "outlets": len(queries.outlets(store)),
            "published": {"first": first, "last": last}}


def _listing(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in ("id", "title", "outlet", "published", "url")}


def documents(store: Store, *, limit: int, cursor: str | None = None,
              outlet: str | None = None) -> Page:
    """Documents newest first, `limit` at a time."""
    rows = queries.documents_page(store, limit=limit + 1, after=_document_after(cursor),
                                  outlet=outlet)
    return _page(rows, limit, _listing)


def search(store: Store, q: str, *, limit: int, cursor: str | None = None) -> Page:
    """Documents whose title or text contains `q`, newest first, with a snippet around it."""
    term = q.strip()
    if not term:
        raise InputError("q must contain a search term", code="request.empty_query")
    rows = queries.documents_page(store, limit=limit + 1, after=_document_after(cursor),
                                  search=term, with_text=True)
    return _page(rows, limit, lambda row: {**_listing(row), "snippet": snippet(row["text"], term)})


def _document_after(cursor: str | None) -> tuple[str, str] | None:
    if not cursor:
        return None
    published, doc_id = decode_cursor(cursor, size=2)
    return str(published), str(doc_id)


def _page(rows: list[dict[str, Any]], limit: int, shape: Any) -> Page:
    more = len(rows) > limit
    rows = rows[:limit]
    following = encode_cursor(queries.document_key(rows[-1])) if more else None
    return Page([shape(row) for row in rows], following)


def snippet(text: str, term: str, *, width: int = SNIPPET_CHARS) -> str:
    """About `width` characters of `text` around the first case-insensitive match of `term`."""
    found = text.lower().find(term.lower())
    if found < 0:
        return " ".join(text[:width].split())
    start = max(0, found - width // 2)
    piece = " ".join(text[start : start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


# --- one document --------------------------------------------------------------------------

def document_json(store: Store, document_id: str) -> dict[str, Any]:
    """The analyze JSON contract of a stored document, plus `document.text` for its offsets."""
    analysis = store.load(document_id)
    output = analysis_json(analysis)
    output["document"]["text"] = analysis.document.text
    return output


def _actor_label(code: str | None, words: str) -> str:
    return f"{words} [{code}]" if code else words


def document_marks(analysis: Analysis) -> list[Mark]:
    """Every highlight of a document page: actor mentions, event triggers, quotes and claims."""
    marks: list[Mark] = []
    for a, actor in enumerate(analysis.actors):
        for m, span in enumerate(actor.mentions):
            marks.append(Mark(span.start, span.end, "actor", f"actor-{a}-{m}",
                              _actor_label(actor.code, actor.name), span.text))
    for n, event in enumerate(analysis.events):
        marks.append(Mark(event.trigger.start, event.trigger.end, "event", f"event-{n}",
                          f"{event.plover} (CAMEO {event.cameo}, {event.status})",
                          event.trigger.text))
    for n, attribution in enumerate(analysis.attributions):
        content = attribution.content
        marks.append(Mark(content.start, content.end, "quote", f"quote-{n}",
                          "quoted" if attribution.direct else "reported", content.text))
    for n, claim in enumerate(analysis.claims):
        content = claim.content
        marks.append(Mark(content.start, content.end, f"claim claim-{claim.evidence_status}",
                          f"claim-{n}", f"{claim.kind} claim, {claim.evidence_status}",
                          content.text))
    return marks


@dataclass(frozen=True, slots=True)
class DocumentView:
    analysis: Analysis
    contract: dict[str, Any]
    text: Highlighted
    outlet: dict[str, Any] | None
    safe_url: str | None


def safe_link(url: str | None) -> str | None:
    """The URL when it is plain http(s), else None: a stored URL must never become script."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def document_view(store: Store, document_id: str) -> DocumentView:
    analysis = store.load(document_id)
    document = analysis.document
    return DocumentView(
        analysis=analysis, contract=analysis_json(analysis),
        text=highlight(document.text, document_marks(analysis)),
        outlet=outlet_facts(document.outlet, url=document.url),
        safe_url=safe_link(document.url),
    )


# --- outlets -------------------------------------------------------------------------------

def outlet_facts(name: str | None, *, url: str | None = None,
                 registry: OutletRegistry | None = None) -> dict[str, Any] | None:
    """Country, ownership and note of an outlet from the registry, when it is known."""
    found = (registry or load_outlets()).lookup(name=name, url=url)
    if found is None:
        return None
    return {"key": found.key, "name": found.name, "country": found.country,
            "ownership": str(found.ownership), "note": found.note}


def outlets(store: Store) -> list[dict[str, Any]]:
    return [{"name": name, "documents": count, "facts": outlet_facts(name)}
            for name, count in queries.outlets(store)]


def outlet_view(store: Store, name: str, *, limit: int = 50) -> dict[str, Any]:
    """An outlet's documents and how its claims stand (kind × evidence status)."""
    page = documents(store, limit=limit, outlet=name)
    if not page.items:
        raise NotFoundError(f"no documents from outlet {name!r}")
    claims = queries.claim_rows(store, outlet=name)
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for claim in claims:
        table[claim["kind"]][claim["evidence_status"]] += 1
    return {
        "name": name, "facts": outlet_facts(name), "documents": page.items,
        "more_documents": page.next is not None,
        "claims": [{"kind": kind, "statuses": dict(sorted(counts.items()))}
                   for kind, counts in sorted(table.items())],
        "claim_total": len(claims),
    }


# --- blame network -------------------------------------------------------------------------

def _node_id(code: str | None, words: str | None) -> str:
    return code or f"text:{(words or '?').strip().lower()}"


def blame_network(store: Store, *, outlet: str | None = None,
                  document_id: str | None = None) -> dict[str, Any]:
    """Who blames whom: claimant → accused for blame and responsibility claims.

    One edge per (claimant, accused, evidence status) with the number of claims and the
    documents they come from; actors without a code are keyed by their words.
    """
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for claim in queries.claim_rows(store, kinds=BLAME_KINDS, outlet=outlet,
                                    document_id=document_id):
        if claim["claimant_text"] is None or claim["subject_text"] is None:
            continue
        ends = []
        for role in ("claimant", "subject"):
            node = _node_id(claim[f"{role}_code"], claim[f"{role}_text"])
            nodes.setdefault(node, {"id": node, "code": claim[f"{role}_code"],
                                    "label": claim[f"{role}_code"] or claim[f"{role}_text"]})
            ends.append(node)
        key = (ends[0], ends[1], claim["evidence_status"])
        edge = edges.setdefault(key, {
            "id": f"e{len(edges)}", "source": ends[0], "target": ends[1],
            "evidence_status": claim["evidence_status"], "claims": 0, "documents": [],
        })
        edge["claims"] += 1
        if claim["document_id"] not in edge["documents"]:
            edge["documents"].append(claim["document_id"])
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


# --- relations -----------------------------------------------------------------------------

def series_periods() -> tuple[str, ...]:
    """The period sizes the relation series supports (#7)."""
    return ("day", "week", "month")


def active_dyads(store: Store, *, limit: int = 10) -> list[dict[str, Any]]:
    return [{"a": a, "b": b, "events": count}
            for a, b, count in queries.active_dyads(store, limit=limit)]


def relation(store: Store, a: str, b: str, *, by: str = "month") -> dict[str, Any]:
    """The dyad's series (relations.dyad_series) with the documents behind each period."""
    a, b = a.upper(), b.upper()
    supported = series_periods()
    if by not in supported:
        raise InputError(f"by must be one of {', '.join(supported)}", code="request.bad_period")
    pairs = store.events_between(a, b)
    periods = [p for p in relation_report(store, a, b, by=by).series.periods if p.events]

    width = len(periods[0].period) if periods else 0  # periods of one series share a form
    behind: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for document, event in pairs:
        if event.date is not None and len(event.date.value) >= width:
            behind[event.date.value[:width]].setdefault(document.id, {
                "id": document.id, "title": document.title, "outlet": document.outlet,
                "published": document.published,
            })

    return {
        "a": a, "b": b, "by": by,
        "periods": [{
            "period": period.period,
            "events": period.events,
            "quad_counts": dict(zip(QUAD_NAMES, period.quad_counts, strict=True)),
            "goldstein_sum": period.goldstein_sum,
            "goldstein_mean": round(period.goldstein_mean or 0.0, 3),
            "top_events": list(period.top_events),
            "documents": list(behind[period.period].values())[:DOCUMENTS_PER_PERIOD],
            "documents_total": len(behind[period.period]),
        } for period in periods],
        # Seams for #7: filled once relations computes them.
        "turning_points": [],
        "outlook": None,
    }


def relation_chart(series: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec: Goldstein sum per period as bars, event count as a line."""
    # `key` keeps the period's text for links: Vega-Lite turns `period` itself into a date.
    values = [{"period": p["period"], "key": p["period"], "goldstein": p["goldstein_sum"],
               "events": p["events"]} for p in series["periods"]]
    # Months and years on a time axis, so quiet periods show as gaps, not as neighbours.
    x: dict[str, Any] = {"field": "period", "type": "ordinal", "title": series["by"]}
    if series["by"] in ("month", "year"):
        x = {"field": "period", "type": "temporal", "title": series["by"],
             "timeUnit": "yearmonth" if series["by"] == "month" else "year"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": f"{series['a']}–{series['b']} relation by {series['by']}",
        "data": {"values": values},
        "width": "container", "height": 260,
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"x": x, "y": {"field": "goldstein", "type": "quantitative",
                                        "title": "Goldstein sum"},
                          "color": {"condition": {"test": "datum.goldstein < 0",
                                                  "value": "#b23a48"}, "value": "#2a7f62"},
                          "tooltip": [{"field": "key", "title": "period"},
                                      {"field": "goldstein"}, {"field": "events"}]}},
            {"mark": {"type": "line", "point": True, "color": "#333"},
             "encoding": {"x": x, "y": {"field": "events", "type": "quantitative",
                                        "title": "events"}}},
        ],
        "resolve": {"scale": {"y": "independent"}},
    }


# --- incidents (#6) ------------------------------------------------------------------------

def incidents_available(store: Store) -> bool:
    return INCIDENTS_TABLE in queries.table_names(store)


def incidents(store: Store, *, limit: int, cursor: str | None = None) -> Page:
    """Incidents in id order; an empty page while the store has no incidents table.

    Until the incidents stage (#6) gives the store a reader, rows are shown as stored.
    """
    if not incidents_available(store):
        return Page([], None)
    after = decode_cursor(cursor, size=1)[0] if cursor else None
    rows = queries.rows_of(store, INCIDENTS_TABLE, limit=limit + 1, after=after)
    more = len(rows) > limit
    rows = rows[:limit]
    key = queries.key_name(store, INCIDENTS_TABLE)
    return Page(rows, encode_cursor((rows[-1][key],)) if more else None)


def incident(store: Store, incident_id: str) -> dict[str, Any]:
    """One incident (the `brief --json` shape once #6 lands); NotFoundError when absent."""
    if not incidents_available(store):
        raise NotFoundError(f"no incident {incident_id!r}: {INCIDENTS_MISSING}",
                            code="incidents.not_built")
    row = queries.row_of(store, INCIDENTS_TABLE, incident_id)
    if row is None:
        raise NotFoundError(f"no incident with id {incident_id!r}")
    return row
