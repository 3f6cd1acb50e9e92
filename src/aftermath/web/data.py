"""What the dashboard shows, as plain dicts: one function per page or endpoint.

This is the seam between the store (and the stages that read it) and the web: routes and
templates only arrange what these functions return, so the API and the pages always show
the same data, and a stage that lands later (incidents #6, turning points and outlook #7)
is plugged in here without touching a route.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from aftermath.errors import InputError, NotFoundError
from aftermath.export.contract import analysis_json
from aftermath.export.incidents import brief_json, incident_json
from aftermath.export.relations import relation_json
from aftermath.incidents import incident_brief, list_incidents
from aftermath.incidents.model import Incident
from aftermath.knowledge.outlets import OutletRegistry, load_outlets
from aftermath.records import TITLE_SENTENCE, Analysis
from aftermath.relations import By, relation_report
from aftermath.relations.periods import period_of, period_start
from aftermath.relations.series import COUNTED_STATUSES
from aftermath.store import Store, queries
from aftermath.web.cursor import decode_cursor, encode_cursor
from aftermath.web.highlight import Highlighted, Mark, highlight
from aftermath.web.network import blame_network as blame_network  # the seam callers use

SNIPPET_CHARS = 160
DOCUMENTS_PER_PERIOD = 20  # a dyad page lists the first documents of a period, not thousands
INCIDENTS_MISSING = "no incidents in this store yet — run `aftermath incidents`"
CONTEXT_CHARS = 220  # evidence in context: at most this much text either side of the claim


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
        if claim.content.sentence == TITLE_SENTENCE:
            continue  # a headline claim: its offsets are into the title, not the text
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


def document_view(store: Store, document_id: str,
                  focus: tuple[int | None, int | None] = (None, None)) -> DocumentView:
    """The document page; `focus` (start, end) marks a passage an evidence link points at."""
    analysis = store.load(document_id)
    document = analysis.document
    marks = document_marks(analysis)
    start, end = focus
    if start is not None and end is not None and 0 <= start < end <= len(document.text):
        marks.append(Mark(start, end, "focus", "focus", "the passage linked to this page"))
    return DocumentView(
        analysis=analysis, contract=analysis_json(analysis),
        text=highlight(document.text, marks),
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


# --- blame network: web/network.py (#19) -----------------------------------------------------

def network_rows(network: dict[str, Any]) -> list[dict[str, Any]]:
    """The blame network as table rows (#19: the table view beside the drawing): accuser,
    accused, records behind the edge, their evidence statuses, documents; most records
    first."""
    labels = {node["id"]: (node["label"], node["code"]) for node in network["nodes"]}
    rows = [{
        "accuser": labels[edge["source"]][0], "accuser_code": labels[edge["source"]][1],
        "accused": labels[edge["target"]][0], "accused_code": labels[edge["target"]][1],
        "records": edge["claims"], "events": edge.get("events", 0),
        "statuses": sorted(edge["statuses"].items(), key=lambda kv: (-kv[1], kv[0])),
        "documents": edge["documents"],
    } for edge in network["edges"]]
    return sorted(rows, key=lambda r: (-r["records"], r["accuser"], r["accused"]))

# --- relations (#7) ------------------------------------------------------------------------

PERIODS = tuple(str(by) for by in By)


def active_dyads(store: Store, *, limit: int = 10) -> list[dict[str, Any]]:
    return [{"a": a, "b": b, "events": count}
            for a, b, count in queries.active_dyads(store, limit=limit)]


def relation(store: Store, a: str, b: str, *, by: str = "month",
             count: str = "acts") -> dict[str, Any]:
    """`aftermath relations A B --json` (series, turning points, outlook), plus for the pages
    what is behind each period: `a`, `b` and per period `reports` (the first documents
    whose events fall in it), `reports_total` and `incidents` (those documents' incidents).
    """
    a, b = a.upper(), b.upper()
    if by not in PERIODS:
        raise InputError(f"by must be one of {', '.join(PERIODS)}", code="request.bad_period")
    period = By(by)
    output = relation_json(relation_report(store, a, b, by=period, count=count))

    behind: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for document, event in store.events_between(a, b):
        key = period_of(event.date.value if event.date else None, period)
        if key is None or event.status not in COUNTED_STATUSES:
            continue
        behind[key].setdefault(document.id, {
            "id": document.id, "title": document.title, "outlet": document.outlet,
            "published": document.published,
        })
    shown = {p["period"]: list(behind[p["period"]].values())[:DOCUMENTS_PER_PERIOD]
             for p in output["periods"]}
    placed = queries.incidents_of(store, sorted({d["id"] for docs in shown.values()
                                                for d in docs}))
    for entry in output["periods"]:
        reports = shown[entry["period"]]
        entry["reports"] = reports
        entry["reports_total"] = len(behind[entry["period"]])
        entry["incidents"] = list({placed[d["id"]][0]: {"id": placed[d["id"]][0],
                                                        "label": placed[d["id"]][1]}
                                   for d in reports if d["id"] in placed}.values())
    return {**output, "a": a, "b": b}


def _start(key: str) -> str:
    return period_start(key).isoformat()


def relation_chart(series: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec: Goldstein mean per period (bars), the outlook's forecast and its 80%
    band after the last period, turning points as rules; event counts in the tooltips.

    Every period is placed at its first day on a time axis, so quiet stretches show as gaps
    and weeks chart like days and months. `key` keeps the period's name for links.
    """
    by = series["by"]
    unit = "yearmonth" if by == "month" else "yearmonthdate"
    x = {"field": "start", "type": "temporal", "timeUnit": unit, "title": by}
    values = [{"start": _start(p["period"]), "key": p["period"], "mean": p["goldstein_mean"],
               "events": p["events"], "share": p["conflict_share"]}
              for p in series["periods"]]
    points = [{"start": _start(t["period"]), "key": t["period"], "direction": t["direction"],
               "label": f"turning point: {t['direction']}"}
              for t in series["turning_points"]]
    outlook = series.get("outlook") or {}
    band = [{"start": _start(key), "key": key, "forecast": value, "low": low, "high": high}
            for key, value, (low, high) in zip(outlook.get("periods", []),
                                               outlook.get("forecast", []),
                                               outlook.get("interval", []), strict=False)]
    if band and values and values[-1]["mean"] is not None:
        last = values[-1]  # join the forecast to the last observed period
        band.insert(0, {"start": last["start"], "key": last["key"], "forecast": last["mean"],
                        "low": last["mean"], "high": last["mean"]})
    mean_axis = {"field": "mean", "type": "quantitative", "title": "Goldstein mean"}
    layers: list[dict[str, Any]] = [
        {"data": {"values": values}, "mark": {"type": "bar"},
         "encoding": {"x": x, "y": mean_axis,
                      "color": {"condition": {"test": "datum.mean < 0", "value": "#b23a48"},
                                "value": "#2a7f62"},
                      "tooltip": [{"field": "key", "title": by},
                                  {"field": "mean", "title": "Goldstein mean"},
                                  {"field": "events"}, {"field": "share",
                                                        "title": "conflict share"}]}},
    ]
    if band:
        layers += [
            {"data": {"values": band}, "mark": {"type": "area", "opacity": 0.25,
                                                "color": "#6b7a8f"},
             "encoding": {"x": x, "y": {"field": "low", "type": "quantitative"},
                          "y2": {"field": "high"},
                          "tooltip": [{"field": "key", "title": "outlook"},
                                      {"field": "forecast"}, {"field": "low"},
                                      {"field": "high"}]}},
            {"data": {"values": band}, "mark": {"type": "line", "strokeDash": [4, 3],
                                                "color": "#33415c", "point": True},
             "encoding": {"x": x, "y": {"field": "forecast", "type": "quantitative"}}},
        ]
    if points:
        layers.append(
            {"data": {"values": points},
             "mark": {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 2},
             "encoding": {"x": x, "color": {"field": "direction", "type": "nominal",
                                            "scale": {"domain": ["conflict", "cooperation"],
                                                      "range": ["#b23a48", "#2a7f62"]},
                                            "legend": {"title": "turning point"}},
                          "tooltip": [{"field": "key", "title": "turning point"},
                                      {"field": "direction"}]}})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": f"{series['a']}–{series['b']} relation by {by}",
        "width": "container", "height": 280, "layer": layers,
    }


# --- incidents (#6) ------------------------------------------------------------------------

INCIDENT_ORDERS = ("reported", "latest")


def _incident_key(incident: Incident, order: str) -> tuple[Any, ...]:
    """Sort key of an incident listing (descending for `latest`), also its keyset cursor."""
    if order == "latest":
        return (incident.first_report or "", incident.id)
    return (-len(incident.documents), incident.first_report or "", incident.id)


def incidents_available(store: Store) -> bool:
    return queries.incident_count(store) > 0


def incidents(store: Store, *, limit: int, cursor: str | None = None,
              order: str = "reported") -> Page:
    """Incidents as `aftermath incidents --json` lists them, `limit` at a time.

    `reported`: most reported first (the CLI's order); `latest`: newest first report first.
    The cursor is the last item's sort key, so pages hold while incidents are added.
    """
    if order not in INCIDENT_ORDERS:
        raise InputError(f"order must be one of {', '.join(INCIDENT_ORDERS)}",
                         code="request.bad_order")
    newest_first = order == "latest"
    ranked = sorted(list_incidents(store), key=lambda i: _incident_key(i, order),
                    reverse=newest_first)
    if cursor:
        after = _incident_cursor(cursor, order)
        ranked = [i for i in ranked
                  if (_incident_key(i, order) < after if newest_first
                      else _incident_key(i, order) > after)]
    more = len(ranked) > limit
    ranked = ranked[:limit]
    following = encode_cursor(_incident_key(ranked[-1], order)) if more and ranked else None
    return Page([incident_json(i) for i in ranked], following)


def _incident_cursor(cursor: str, order: str) -> tuple[Any, ...]:
    """The key in a cursor of this listing's order; a cursor of another shape is refused."""
    kinds = (str, str) if order == "latest" else (int, str, str)
    key = decode_cursor(cursor, size=len(kinds))
    if not all(isinstance(part, kind) for part, kind in zip(key, kinds, strict=True)):
        raise InputError("not a cursor of this listing (pass back the 'next' value unchanged)",
                         code="request.bad_cursor")
    return key


def incident(store: Store, incident_id: str, *, kb: Any = None) -> dict[str, Any]:
    """The brief of one incident exactly as `aftermath brief ID --json` prints it."""
    if not any(i.id == incident_id for i in list_incidents(store)):
        raise NotFoundError(f"no incident with id {incident_id!r}", code="incidents.not_found")
    return brief_json(incident_brief(store, incident_id, kb=kb))


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> dict[str, Any]:
    """The claim's words with the rest of their sentence(s) around them, cut at `width`."""
    left = max(0, start - width)
    stops = [text.rfind(mark, left, start) for mark in (". ", "\n", "? ", "! ")]
    before_at = max(stops) + 1 if max(stops) >= 0 else left
    after_stops = [found for mark in (". ", "\n", "? ", "! ")
                   if (found := text.find(mark, end, end + width)) >= 0]
    after_at = min(after_stops) + 1 if after_stops else min(len(text), end + width)
    return {"before": text[before_at:start].lstrip(), "match": text[start:end],
            "after": text[end:after_at].rstrip(),
            "cut_before": before_at == left and left > 0,
            "cut_after": not after_stops and after_at < len(text)}


def _denied_by(denials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Who denies, each once by name (#19), with the first denial's evidence and a count."""
    found: dict[str, dict[str, Any]] = {}
    for denial in denials:
        claimant = denial["claimant"]
        name = claimant.get("name") or claimant.get("text") or "an unnamed source"
        entry = found.setdefault(name, {"name": name, "code": claimant.get("code"),
                                        "evidence": denial["evidence"], "denials": 0})
        entry["denials"] += 1
    return list(found.values())


PAGE_CLAIMS, PAGE_PROPONENTS, PAGE_EVENTS, PAGE_DOCUMENTS = 25, 12, 60, 100
PAGE_ACTS = 40  # acts an incident page lists (most reported first); all are in the JSON


def incident_view(store: Store, incident_id: str, *, kb: Any = None,
                  brief: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the incident page shows: the brief (given, or built), each evidence sentence in
    context (when its offsets still point at its words), the timeline in date order and the
    incident's documents."""
    brief = copy.deepcopy(brief) if brief is not None else incident(store, incident_id, kb=kb)
    members = brief["incident"]["documents"]
    shown = {c["evidence"]["document"] for h in brief["hypotheses"]
             for c in h["claims"][:PAGE_CLAIMS] + h["denials"][:PAGE_CLAIMS]}
    shown |= {c["evidence"]["document"] for c in brief["unattached"][:PAGE_CLAIMS]}
    texts = queries.document_texts(store, sorted(shown))
    titles = {row["id"]: row for row in queries.document_rows(store, members)}

    def place(claim: dict[str, Any]) -> dict[str, Any]:
        evidence = claim["evidence"]
        text = texts.get(evidence["document"], "")
        start, end = evidence["start"], evidence["end"]
        fits = 0 <= start < end <= len(text) and text[start:end] == evidence["text"]
        return {**claim, "context": _context(text, start, end) if fits else None,
                "title": (titles.get(evidence["document"]) or {}).get("title")}

    # A page shows the first items of long lists (the JSON has them all): an incident told
    # by a thousand reports would otherwise make a page of megabytes.
    for hypothesis in brief["hypotheses"]:
        hypothesis["denied_by"] = _denied_by(hypothesis["denials"])
        hypothesis["claims_total"] = len(hypothesis["claims"])
        hypothesis["claims"] = [place(c) for c in hypothesis["claims"][:PAGE_CLAIMS]]
        hypothesis["denials_total"] = len(hypothesis["denials"])
        hypothesis["denials"] = [place(c) for c in hypothesis["denials"][:PAGE_CLAIMS]]
        hypothesis["proponents_total"] = len(hypothesis["proponents"])
        hypothesis["proponents"] = hypothesis["proponents"][:PAGE_PROPONENTS]
    brief["unattached_total"] = len(brief["unattached"])
    brief["unattached"] = [place(c) for c in brief["unattached"][:PAGE_CLAIMS]]
    timeline = sorted(brief["events"], key=lambda e: (e["date"] or "~", e["document"], e["seq"]))
    brief["timeline_total"] = len(timeline)
    brief["timeline"] = timeline[:PAGE_EVENTS]
    brief["acts_total"] = len(brief["acts"])
    brief["acts_reports"] = len({e["document"] for act in brief["acts"]
                                 for e in act["evidence"]})
    brief["acts_mentions"] = sum(len(act["evidence"]) for act in brief["acts"])
    for act in brief["acts"][:PAGE_ACTS]:
        act["evidence_total"] = len(act["evidence"])
        act["evidence"] = [{**e, "title": (titles.get(e["document"]) or {}).get("title")}
                           for e in act["evidence"][:PAGE_CLAIMS]]
    brief["acts"] = brief["acts"][:PAGE_ACTS]
    members = brief["incident"]["documents"]
    brief["documents_total"] = len(members)
    brief["documents"] = [titles[d] for d in members[:PAGE_DOCUMENTS] if d in titles]
    brief["labels"] = {h["key"]: h["label"] for h in brief["hypotheses"]}
    registry = load_outlets()
    brief["outlet_names"] = {}  # registry key -> the outlet name documents are stored under
    for row in titles.values():
        found = registry.lookup(name=row["outlet"], url=row["url"]) if row["outlet"] else None
        if found is not None:
            brief["outlet_names"].setdefault(found.key, row["outlet"])
    return brief
