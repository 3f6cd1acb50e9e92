"""The blame network: who blames whom, as entities, one edge per pair (#19).

Its edges are `extract.blame_edges` (#17): blame and responsibility claims and accusing
events, the one definition the blame scorer counts too. A pronoun counts as the actor it
refers to (the mention it is of), spellings of one person as that person, a bare code as
its label ("Russian government"): nodes are entities, not words.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aftermath.extract.blame_edges import ACCUSING_TYPES, BLAME_CLAIM_KINDS, BlameEdge, blame_edges
from aftermath.incidents.names import canonical_names, display_name, is_pronoun, looks_like_code
from aftermath.records import Claim, Event
from aftermath.store import Store, queries
from aftermath.store.rows import claim_from, event_from

BLAME_KINDS = tuple(sorted(str(kind) for kind in BLAME_CLAIM_KINDS))

Spans = dict[str, list[tuple[tuple[int, int], tuple[str, str | None]]]]


def _end_name(claim: dict[str, Any], role: str, mentions: dict[tuple[str, int, int],
              tuple[str, str | None]], spans: Spans, kb: Any) -> tuple[str, str | None] | None:
    """(name, code) of a claim's claimant or accused (#19): the actor its words are a
    mention of (a pronoun's antecedent), else the knowledge-base name or the code's label."""
    words, code = claim[f"{role}_text"], claim[f"{role}_code"]
    doc, start, end = claim["document_id"], claim[f"{role}_start"], claim[f"{role}_end"]
    found = mentions.get((doc, start, end))
    if found is None and start is not None and end is not None:
        found = next((value for (s, e), value in spans.get(doc, ())
                      if s < end and start < e), None)
    if found is not None and found[0] and not looks_like_code(found[0]) and not is_pronoun(
            found[0]):
        name = display_name(found[0], code or found[1], kb)
        if name:
            return name, code or found[1]
    name = display_name(words, code, kb)
    return (name, code) if name else None


STATUS_ORDER = ("unsupported", "hedged", "disputed", "asserted", "evidence_cited")


def _edge_rows(store: Store, scope: dict[str, Any]) -> list[dict[str, Any]]:
    """The blame edges of the stores' claims and accusing events, one row each, in the
    shape of a claim row (claimant, subject, evidence status, document)."""
    claims: dict[str, list[Claim]] = defaultdict(list)
    events: dict[str, list[Event]] = defaultdict(list)
    order: dict[str, tuple[str, str]] = {}
    for row in queries.claim_rows(store, kinds=BLAME_KINDS, **scope):
        claims[row["document_id"]].append(claim_from(row))
        order[row["document_id"]] = (row["published"] or "", row["document_id"])
    for row in queries.event_rows(store, plovers=tuple(sorted(ACCUSING_TYPES)), **scope):
        events[row["document_id"]].append(event_from(row))
        order[row["document_id"]] = (row["published"] or "", row["document_id"])
    rows = []
    for document in sorted(order, key=order.__getitem__):
        for edge in blame_edges(claims[document], events[document]):
            rows.append(_as_row(document, edge))
    return rows


def _as_row(document: str, edge: BlameEdge) -> dict[str, Any]:
    row: dict[str, Any] = {"document_id": document, "evidence_status": str(edge.evidence_status),
                           "origin": edge.origin}
    for role, actor in (("claimant", edge.accuser), ("subject", edge.accused)):
        row.update({f"{role}_text": actor.text, f"{role}_code": actor.code,
                    f"{role}_start": actor.start, f"{role}_end": actor.end})
    return row


def blame_network(store: Store, *, outlet: str | None = None, document_id: str | None = None,
                  incident_id: str | None = None, kb: Any = None) -> dict[str, Any]:
    """Who blames whom: accuser → accused for the blame edges (`extract.blame_edges`).

    Nodes are entities (#19): a pronoun counts as the actor it refers to, spellings of one
    person as that person, a bare code as its label ("Russian government"). One edge per
    (accuser, accused) with the number of records behind it (`claims`, accusing events
    included; `events` how many are events), the records per evidence status, and the
    documents; `evidence_status` is its most frequent status (the least supported first
    among equals), which colours it.
    """
    from aftermath.knowledge import load_kb

    kb = kb if kb is not None else load_kb()
    scope = {"outlet": outlet, "document_id": document_id, "incident_id": incident_id}
    claims = [c for c in _edge_rows(store, scope)
              if c["claimant_text"] is not None and c["subject_text"] is not None]
    mentions = queries.mention_actors(store, sorted({c["document_id"] for c in claims}))
    spans: Spans = defaultdict(list)
    for (doc, start, end), value in mentions.items():
        spans[doc].append(((start, end), value))
    ends = [(_end_name(c, "claimant", mentions, spans, kb),
             _end_name(c, "subject", mentions, spans, kb)) for c in claims]
    spellings = canonical_names([e[0] for pair in ends for e in pair if e is not None], kb)
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for claim, (claimant, accused) in zip(claims, ends, strict=True):
        if claimant is None or accused is None:
            continue
        ids = []
        for name, code in (claimant, accused):
            label = spellings.get(name, name)
            node = _node_id(label)
            entry = nodes.setdefault(node, {"id": node, "code": code, "label": label})
            entry["code"] = entry["code"] or code
            ids.append(node)
        if ids[0] == ids[1]:
            continue  # an actor blaming itself: its words resolved to the claimant's actor
        edge = edges.setdefault((ids[0], ids[1]), {
            "id": f"e{len(edges)}", "source": ids[0], "target": ids[1],
            "evidence_status": None, "statuses": {}, "claims": 0, "events": 0,
            "documents": [],
        })
        edge["claims"] += 1
        edge["events"] += claim["origin"] == "event"
        status = claim["evidence_status"]
        edge["statuses"][status] = edge["statuses"].get(status, 0) + 1
        if claim["document_id"] not in edge["documents"]:
            edge["documents"].append(claim["document_id"])
    for edge in edges.values():
        counts = edge["statuses"]
        edge["evidence_status"] = max(counts, key=lambda s: (
            counts[s], -STATUS_ORDER.index(s) if s in STATUS_ORDER else -len(STATUS_ORDER)))
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


def _node_id(label: str) -> str:
    return "n:" + " ".join(label.lower().split())
