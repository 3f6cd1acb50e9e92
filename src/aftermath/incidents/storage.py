"""Incidents in the store: incremental assignment, rebuild, listing and bulk loading (#6).

The edge of the incidents package: everything here reads or writes the database, and
everything else in the package is a pure function of records. Each update runs in one
transaction, so a failure leaves the previous incidents in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from aftermath.errors import NotFoundError, StoreError
from aftermath.incidents.act_merge import incident_acts
from aftermath.incidents.brief import core_refs
from aftermath.incidents.clustering import (
    DATE_WINDOW,
    REPORT_WINDOW,
    IncidentState,
    assign,
    merge_incidents,
    order_key,
    word_weights,
)
from aftermath.incidents.features import (
    LEAD_CHARS,
    DocumentFeatures,
    FeatureIndex,
    document_features,
    feature_index,
)
from aftermath.incidents.labels import label_for
from aftermath.incidents.model import Incident
from aftermath.knowledge.outlets import OutletRegistry, load_outlets
from aftermath.records import Act, Actor, Analysis, Document
from aftermath.store import Store, rows, schema
from aftermath.store.backend import error_reason

CHUNK = 500  # ids per IN (...) query; SQLite allows 999 parameters by default


@dataclass(frozen=True, slots=True)
class UpdateResult:
    assigned: int  # documents placed in an incident by this update
    incidents: int  # incidents in the store after the update
    compared: int = 0  # stored incidents loaded to compare the documents with (#18)


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _document_from(row: Any) -> Document:
    return Document(id=row["id"], text=row["lead"] or "", title=row["title"], outlet=row["outlet"],
                    published=row["published"], url=row["url"], language=row["language"] or "en")


def load_analyses(conn: Connection, ids: Sequence[str], *, claims: bool = True,
                  actors: bool | None = None) -> list[Analysis]:
    """Documents (with their lead, not their whole text) with events, attributions and
    claims, and their actors with every mention (names of pronouns, #19), in bulk.

    One query per table and chunk instead of one per document: a brief over a thousand
    documents must stay well under two seconds. `actors` defaults to `claims`.
    """
    tables = [schema.events] + ([schema.attributions, schema.claims] if claims else [])
    if claims if actors is None else actors:
        tables += [schema.actors, schema.mentions]
    docs = _document_rows(conn, ids)
    children = _children(conn, ids, tables)
    result = []
    for doc_id in ids:
        if doc_id not in docs:
            continue
        kids = children[doc_id]
        result.append(Analysis(
            document=_document_from(docs[doc_id]._mapping),
            actors=_actors(kids),
            events=tuple(rows.event_from(r._mapping) for r in kids["events"]),
            attributions=tuple(rows.attribution_from(r._mapping) for r in kids["attributions"]),
            claims=tuple(rows.claim_from(r._mapping) for r in kids["claims"]),
        ))
    return result


def _document_rows(conn: Connection, ids: Sequence[str]) -> dict[str, Any]:
    """The stored rows of these documents (their lead, not their whole text), by id."""
    d = schema.documents
    docs: dict[str, Any] = {}
    for chunk in _chunks(list(ids)):
        query = select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.url, d.c.language,
                       func.substr(d.c.text, 1, LEAD_CHARS).label("lead"))
        for row in conn.execute(query.where(d.c.id.in_(chunk))):
            docs[row[0]] = row
    return docs


def _children(conn: Connection, ids: Sequence[str], tables: list[Any]
              ) -> dict[str, dict[str, list[Any]]]:
    """The rows of these child tables for these documents: document id → table → rows."""
    children: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for chunk in _chunks(list(ids)):
        for table in tables:
            order = table.c.id if table is schema.mentions else table.c.seq
            query = select(table).where(table.c.document_id.in_(chunk)).order_by(
                table.c.document_id, order)
            for row in conn.execute(query):
                children[row._mapping["document_id"]][table.name].append(row)
    return children


def _actors(kids: dict[str, list[Any]]) -> tuple[Actor, ...]:
    mentions: dict[int, list[Any]] = defaultdict(list)
    for row in kids["mentions"]:
        mention = row._mapping
        mentions[mention["actor_seq"]].append(mention)
    actors = [row._mapping for row in kids["actors"]]
    return tuple(rows.actor_from(actor, mentions[actor["seq"]]) for actor in actors)


def with_actors(conn: Connection, analyses: Sequence[Analysis]) -> list[Analysis]:
    """The same analyses with their actors and mentions read from the store: what
    `load_analyses(..., actors=True)` gives, for documents whose events are already read
    (#20: a fold read every written incident's documents and events a second time)."""
    children = _children(conn, [a.document.id for a in analyses],
                         [schema.actors, schema.mentions])
    return [replace(a, actors=_actors(children[a.document.id])) for a in analyses]


FEATURES_KEPT = 50_000  # features of recently seen documents kept between updates (#13)
_FEATURES: OrderedDict[tuple[int, bytes], DocumentFeatures] = OrderedDict()


class _Read:
    """Stored documents read for one update, each with its event rows (no actors), and
    their analyses, parsed from the rows only when asked for (#20).

    The features of an open incident's member are found by its rows alone: every value
    they are computed from is in the key, so a kept entry was computed from the same
    rows. Such a member's rows are parsed into records only if its incident is written.
    """

    def __init__(self) -> None:
        self.rows: dict[str, tuple[Any, list[Any]]] = {}
        self.parsed: dict[str, Analysis] = {}

    def analysis(self, doc_id: str) -> Analysis | None:
        found = self.parsed.get(doc_id)
        if found is None and doc_id in self.rows:
            document, events = self.rows[doc_id]
            found = self.parsed[doc_id] = Analysis(
                document=_document_from(document._mapping),
                events=tuple(rows.event_from(r._mapping) for r in events))
        return found


def _feature_key(document: Any, events: list[Any], index: FeatureIndex) -> tuple[int, bytes]:
    """Everything the features of a stored document depend on: its stored row (lead, not
    whole text) and every column of its event rows, and the knowledge base's lookups. A
    changed document (or knowledge base) gets new features.

    The rows are kept as the SHA-256 of their values' repr (as documents' content_hash
    keeps their text): the values themselves held about 12 kB per document, for up to
    FEATURES_KEPT documents (#20)."""
    values = repr((tuple(document), [tuple(row) for row in events]))
    return (id(index), hashlib.sha256(values.encode("utf-8", "surrogatepass")).digest())


def _features(conn: Connection, ids: Sequence[str], index: FeatureIndex,
              read: _Read) -> list[DocumentFeatures]:
    """Features of stored documents; those of open incidents' members are reused from one
    update to the next (ingest updates after every batch). The rows read are kept in
    `read` for the acts the update writes."""
    docs = _document_rows(conn, ids)
    events = _children(conn, ids, [schema.events])
    result = []
    for doc_id in ids:
        if doc_id not in docs:
            continue
        document, kids = docs[doc_id], events[doc_id]["events"]
        read.rows[doc_id] = (document, kids)
        key = _feature_key(document, kids, index)
        features = _FEATURES.get(key)
        if features is None:
            analysis = read.analysis(doc_id)
            assert analysis is not None  # its rows were just kept
            features = _FEATURES[key] = document_features(analysis, index=index)
            if len(_FEATURES) > FEATURES_KEPT:
                _FEATURES.popitem(last=False)
        else:
            _FEATURES.move_to_end(key)
        result.append(features)
    return result


def _shifted(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, held at the calendar's ends (a document dated in year 1 or
    9999 must not end every later update with an OverflowError, #18)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


# How far before and after a fresh document's date an incident's first report may lie for
# the incident to matter to it. A document joins only incidents first reported from
# REPORT_WINDOW days before it to DATE_WINDOW days after it (match_score); an incident it
# founds or joins may then merge with one founded up to REPORT_WINDOW days on either side of
# that (merge_incidents compares founders that close), hence the wider reach forward.
BEFORE = REPORT_WINDOW
AFTER = REPORT_WINDOW + DATE_WINDOW


def open_windows(dates: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """The intervals of first-report dates of the incidents documents of these dates could
    join or touch: each date's [date - BEFORE, date + AFTER], overlapping ones joined, in
    order. One old document in a batch adds its own interval, not every day since (#18)."""
    windows: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(dates)):
        low, high = _shifted(day, -BEFORE), _shifted(day, AFTER)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(high, windows[-1][1]))
        else:
            windows.append((low, high))
    return windows


def _open_states(conn: Connection, fresh: Sequence[DocumentFeatures], index: FeatureIndex,
                 read: _Read) -> tuple[list[IncidentState], dict[str, int]]:
    """Incidents the fresh documents could still join or touch, with each one's stored
    document count: those first reported within the window of some fresh document's date.
    Only when no fresh document is dated are all incidents loaded, as an undated document
    may join any; undated documents among dated ones are compared with the incidents
    loaded for the dated ones."""
    i, link = schema.incidents, schema.incident_documents
    windows = open_windows(f.published for f in fresh if f.published)
    found: dict[str, int] = {}
    queries = [select(i.c.id, i.c.document_count)]
    if windows:
        queries = [select(i.c.id, i.c.document_count).where(or_(*(
            and_(i.c.first_report >= low.isoformat(), i.c.first_report <= high.isoformat())
            for low, high in windows[start:start + CHUNK // 2])))
            for start in range(0, len(windows), CHUNK // 2)]
    for query in queries:
        # In order of first report (as the date index hands them out), so ties between
        # equally good incidents go the same way on both backends.
        found.update((row[0], row[1]) for row in conn.execute(
            query.order_by(i.c.first_report.nulls_last(), i.c.id)))
    wanted = list(found)
    if not wanted:
        return [], found
    members: dict[str, list[str]] = defaultdict(list)
    for chunk in _chunks(wanted):
        for row in conn.execute(select(link.c.incident_id, link.c.document_id)
                                .where(link.c.incident_id.in_(chunk))
                                .order_by(link.c.incident_id, link.c.position)):
            members[row[0]].append(row[1])
    by_doc = {f.document_id: f for f in _features(
        conn, [doc for docs in members.values() for doc in docs], index, read)}
    states = []
    for incident_id in wanted:
        state = IncidentState(incident_id)
        for doc_id in members.get(incident_id, ()):
            if doc_id in by_doc:
                state.add(by_doc[doc_id])
        if state.documents:
            states.append(state)
    return states, found


def _may_join(features: DocumentFeatures, state: IncidentState) -> bool:
    """False when the dates alone keep the document out of the incident: first reported
    more than REPORT_WINDOW days before it or DATE_WINDOW days after (match_score scores
    such a pair 0 whatever else it finds). Checked first, so a batch's documents are scored
    only against the incidents of their own weeks, not of the whole window loaded."""
    if features.published is None or state.first_report is None:
        return True
    days = (features.published - state.first_report).days
    return -DATE_WINDOW <= days <= REPORT_WINDOW


def _outlet_of(registry: OutletRegistry, outlet: str | None, url: str | None
               ) -> tuple[str, str]:
    """(outlet key, country) of a document; unknown outlets keep their name and '?'."""
    found = registry.lookup(name=outlet, url=url)
    if found is not None:
        return found.key, found.country
    return (outlet or "unknown"), "?"


def _incident_row(state: IncidentState, docs: dict[str, Document], registry: OutletRegistry,
                  country_name: Any) -> dict[str, Any]:
    anchor = state.anchor
    founder = docs.get(state.documents[0])
    title = founder.title if founder else None
    if anchor is None:  # known only by words: no event of its reports could be coded
        label, date, place = title or state.documents[0], None, None
    else:
        label, date, place = label_for(anchor, state.core, title=title,
                                       country_name=country_name)
    outlets: list[str] = []
    countries: list[str] = []
    for doc_id in state.documents:
        document = docs.get(doc_id)
        if document is None:
            continue
        key, country = _outlet_of(registry, document.outlet, document.url)
        if key not in outlets:
            outlets.append(key)
        if country not in countries:
            countries.append(country)
    return {
        "id": state.id, "label": label, "date": date, "place": place,
        "plover": anchor.plover if anchor else "", "cameo": anchor.cameo if anchor else "",
        "first_report": state.first_report.isoformat() if state.first_report else None,
        "last_report": state.last_report.isoformat() if state.last_report else None,
        "document_count": len(state.documents), "event_count": len(state.core),
        "outlets": json.dumps(outlets), "countries": json.dumps(sorted(countries)),
        "updated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


_INDEXES: dict[int, FeatureIndex] = {}


def _index_of(kb: Any) -> FeatureIndex:
    """The feature lookups of a knowledge base (cached per kb: ingest folds every batch)."""
    if kb is None:
        return FeatureIndex({}, {}, frozenset(), frozenset())
    if id(kb) not in _INDEXES:
        _INDEXES[id(kb)] = feature_index(kb)
    return _INDEXES[id(kb)]


def _unplaced(conn: Connection, documents: Sequence[str] | None) -> list[str]:
    """Stored documents not yet in an incident: all of them, or those among `documents`."""
    d, link = schema.documents, schema.incident_documents
    if documents is None:
        return [row[0] for row in conn.execute(
            select(d.c.id).where(d.c.id.not_in(select(link.c.document_id))))]
    wanted = list(dict.fromkeys(documents))
    placed: set[str] = set()
    for chunk in _chunks(wanted):
        placed.update(row[0] for row in conn.execute(
            select(link.c.document_id).where(link.c.document_id.in_(chunk))))
    return [doc for doc in wanted if doc not in placed]


def _relink(conn: Connection, states: list[IncidentState], fresh_scores: dict[str, float],
            rebuilt: set[str]) -> int:
    """Write the links of touched incidents: every member of a rebuilt (merged) one, as
    its positions changed; only the new members of the others. Returns links written."""
    link = schema.incident_documents
    relinked = [doc for state in states if state.id in rebuilt for doc in state.documents]
    old_scores: dict[str, float] = {}
    for chunk in _chunks(relinked):
        for row in conn.execute(select(link.c.document_id, link.c.score)
                                .where(link.c.document_id.in_(chunk))):
            old_scores[row[0]] = row[1]
        conn.execute(delete(link).where(link.c.document_id.in_(chunk)))
    rows = []
    for state in states:
        for position, doc in enumerate(state.documents):
            if state.id in rebuilt or doc in fresh_scores:
                score = fresh_scores.get(doc, old_scores.get(doc, 0.0))
                rows.append({"incident_id": state.id, "document_id": doc,
                             "position": position, "score": score})
    if rows:
        conn.execute(insert(link), rows)
    return len(rows)


def update_incidents(store: Store, kb: Any = None, *, rebuild: bool = False,
                     documents: Sequence[str] | None = None) -> UpdateResult:
    """Place every document not yet in an incident (or, with `documents`, those of them not
    yet placed); with `rebuild`, start from nothing.

    Incremental: only new documents are clustered, against the incidents they could still
    join, then the incidents they touched are merged with others when their evidence says
    they are one (#13). Documents whose content changed lost their old placement (cascade)
    and are placed again here. `aftermath ingest` and `POST /api/documents` call this with
    the documents they stored, so incidents stay current without a separate step.
    """
    index = _index_of(kb)
    registry = load_outlets()
    countries = getattr(kb, "countries", None)

    def country_name(code: str) -> str | None:
        entry = countries.by_code.get(code) if countries is not None else None
        return entry.name if entry else None

    i, link = schema.incidents, schema.incident_documents
    try:
        with store.engine.begin() as conn:
            if rebuild:
                conn.execute(delete(link))
                conn.execute(delete(i))
                documents = None
            read = _Read()  # documents read, with their events, no actors
            fresh = sorted(_features(conn, _unplaced(conn, documents), index, read),
                           key=order_key)
            if not fresh:
                return UpdateResult(assigned=0, incidents=_count(conn))
            states, stored = _open_states(conn, fresh, index, read)
            idf = word_weights([*fresh, *(m for s in states for m in s.members)])
            # Incidents that lost a document (its content changed) need new figures too.
            touched = {s.id for s in states if stored.get(s.id) != len(s.documents)}
            scores: dict[str, float] = {}
            for features in fresh:
                near = [state for state in states if _may_join(features, state)]
                count = len(near)
                state, score = assign(features, near, idf=idf)
                if len(near) > count:  # assign appended the incident this document founded
                    states.append(state)
                touched.add(state.id)
                scores[features.document_id] = round(score, 3)
            merged = merge_incidents(states, idf=idf, touched=touched)
            absorbed = {gone for _, gone in merged}
            final = [s for s in states if s.id in touched and s.id not in absorbed]
            rebuilt = {kept for kept, _ in merged}
            all_ids = [doc for s in final for doc in s.documents]
            # Every member was read above (fresh or of an open incident): only its actors
            # are read now, as load_analyses(all_ids, claims=False, actors=True) would.
            written = (read.analysis(doc) for doc in all_ids)
            analyses = {a.document.id: a for a in with_actors(
                conn, [a for a in written if a is not None])}
            docs = {doc: analysis.document for doc, analysis in analyses.items()}
            for state in final:
                row = _incident_row(state, docs, registry, country_name)
                if state.id in stored and state.id not in absorbed:
                    conn.execute(update(i).where(i.c.id == state.id).values(
                        {k: v for k, v in row.items() if k != "id"}))
                else:
                    conn.execute(insert(i), [row])
            _relink(conn, final, scores, rebuilt)
            for chunk in _chunks(sorted(absorbed & set(stored))):
                conn.execute(delete(i).where(i.c.id.in_(chunk)))  # merged into another
            conn.execute(delete(i).where(i.c.id.not_in(select(link.c.incident_id))))
            # After the merged-away incidents are gone (their acts with them): their events
            # now tell the acts of the incident that absorbed them.
            _write_acts(conn, final, analyses, kb, registry, index.persons)
            total = _count(conn)
    except SQLAlchemyError as err:
        raise StoreError(f"{store.url}: incidents not updated ({error_reason(err)})") from err
    return UpdateResult(assigned=len(fresh), incidents=total, compared=len(stored))


def _write_acts(conn: Connection, states: list[IncidentState],
                analyses: dict[str, Analysis], kb: Any, registry: OutletRegistry,
                persons: dict[str, str]) -> None:
    """Replace the stored acts of the incidents just written (#19), as their briefs fold
    them (same core events, same merge). `persons` is the knowledge base's person index,
    built once per knowledge base (`_index_of`), not once per incident (#20)."""
    a, link = schema.acts, schema.act_events
    ids = [state.id for state in states]
    for chunk in _chunks(ids):
        conn.execute(delete(a).where(a.c.incident_id.in_(chunk)))  # act_events cascade
    act_rows, event_rows = [], []
    for state in states:
        members = [analyses[doc] for doc in state.documents if doc in analyses]
        outlets = {m.document.id: _outlet_of(registry, m.document.outlet, m.document.url)[0]
                   for m in members}
        core = core_refs(members, persons)
        for position, act in enumerate(incident_acts(state.id, members, core, kb, outlets)):
            act_rows.append(act_row(act, position))
            event_rows += [{"act_id": act.id, "document_id": r.document_id, "seq": r.seq}
                           for r in act.reports]
    if act_rows:
        conn.execute(insert(a), act_rows)
    if event_rows:
        conn.execute(insert(link), event_rows)


def act_row(act: Act, position: int) -> dict[str, Any]:
    return {
        "id": act.id, "incident_id": act.incident_id, "position": position,
        "family": act.family, "plover": act.plover, "cameo": act.cameo,
        "quad_class": act.quad_class, "goldstein": act.goldstein,
        "source_code": act.source.code if act.source else None,
        "source_name": act.source.name if act.source else None,
        "target_code": act.target.code if act.target else None,
        "target_name": act.target.name if act.target else None,
        "date": act.date, "place": act.place, "reports": len(act.documents),
        "mentions": len(act.reports), "outlets": json.dumps(list(act.outlets)),
        "first_report": act.first_report, "last_report": act.last_report,
    }


def _count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(schema.incidents)).scalar_one())


def _incident_from(row: Any, documents: list[str]) -> Incident:
    return Incident(
        id=row["id"], label=row["label"], date=row["date"], place=row["place"],
        plover=row["plover"], cameo=row["cameo"], documents=tuple(documents),
        outlets=tuple(json.loads(row["outlets"] or "[]")),
        countries=tuple(json.loads(row["countries"] or "[]")),
        first_report=row["first_report"], last_report=row["last_report"],
        event_count=row["event_count"] or 0,
    )


def list_incidents(store: Store, *, since: str | None = None) -> list[Incident]:
    """Stored incidents, most reported first, then by date; `since` filters by first report."""
    i, link = schema.incidents, schema.incident_documents
    with store.engine.connect() as conn:
        query = select(i)
        if since:
            query = query.where(i.c.first_report >= since)
        incident_rows = list(conn.execute(query).mappings())
        members: dict[str, list[str]] = defaultdict(list)
        for row in conn.execute(select(link.c.incident_id, link.c.document_id)
                                .order_by(link.c.incident_id, link.c.position)):
            members[row[0]].append(row[1])
    incidents = [_incident_from(row, members[row["id"]]) for row in incident_rows]
    return sorted(incidents, key=lambda x: (-len(x.documents), x.first_report or "", x.id))


def get_incident(store: Store, incident_id: str) -> tuple[Incident, list[Analysis]]:
    """One incident with its documents' analyses (texts left out)."""
    i, link = schema.incidents, schema.incident_documents
    with store.engine.connect() as conn:
        row = conn.execute(select(i).where(i.c.id == incident_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no incident with id {incident_id!r}")
        ids = [r[0] for r in conn.execute(select(link.c.document_id).where(
            link.c.incident_id == incident_id).order_by(link.c.position))]
        return _incident_from(row, ids), load_analyses(conn, ids)


def incident_titles(store: Store) -> dict[str, list[str]]:
    """The titles of each incident's documents, for searching incidents by words."""
    d, link = schema.documents, schema.incident_documents
    titles: dict[str, list[str]] = defaultdict(list)
    with store.engine.connect() as conn:
        for incident_id, title in conn.execute(
                select(link.c.incident_id, d.c.title).join(d, d.c.id == link.c.document_id)):
            if title:
                titles[incident_id].append(title)
    return titles
