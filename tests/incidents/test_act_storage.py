"""Acts in the store (#19): written with incidents, equal to the brief's, rebuilt with them,
counted once in exports and relation series (by reports on request)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from aftermath.export.writers import export_store
from aftermath.incidents import incident_brief, list_incidents, update_incidents
from aftermath.records import Document
from aftermath.relations import relation_report
from aftermath.runs import ingest
from aftermath.store import open_store, schema

# One act (a Turkish drone strike on a Syrian army post) told by three outlets, and an
# unrelated report the same day. Our own wording.
REPORTS = [
    Document("s1", "Turkish drones struck a Syrian army post near Afrin on Tuesday, killing "
             "four soldiers. Turkey said it had acted in self-defence.",
             title="Turkish drones strike Syrian army post near Afrin", outlet="Reuters",
             published="2019-10-15"),
    Document("s2", "Turkish drones hit a Syrian army position near Afrin on Tuesday, the "
             "Syrian defence ministry said. Four soldiers were killed.",
             title="Syria says Turkish drones killed four soldiers", outlet="SANA",
             published="2019-10-15"),
    Document("s3", "Turkey struck a Syrian army post near Afrin on Tuesday with drones, "
             "killing four soldiers, officials in Damascus said.",
             title="Four Syrian soldiers killed in Turkish strike", outlet="Al Jazeera",
             published="2019-10-16"),
    Document("x1", "Heavy rain flooded streets in Lisbon on Tuesday.",
             title="Floods in Lisbon", outlet="RTP", published="2019-10-15"),
]


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, store_urls, tmp_path_factory, nlp, kb):  # type: ignore[no-untyped-def]
    urls = store_urls(request, request.param, tmp_path_factory.mktemp("acts"))
    url = next(urls)
    store = open_store(url)
    ingest(REPORTS, store, nlp, kb)
    update_incidents(store, kb)
    store.close()
    yield url
    next(urls, None)


def _stored_acts(store):  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        acts = [dict(r) for r in conn.execute(select(schema.acts)
                                              .order_by(schema.acts.c.position)).mappings()]
        links = [dict(r) for r in conn.execute(select(schema.act_events)).mappings()]
    return acts, links


def _strike_incident(store):  # type: ignore[no-untyped-def]
    return next(i for i in list_incidents(store) if "s1" in i.documents)


def test_acts_are_stored_as_the_brief_folds_them(db, kb):
    store = open_store(db)
    incident = _strike_incident(store)
    brief = incident_brief(store, incident.id, kb=kb)
    acts, links = _stored_acts(store)
    mine = [a for a in acts if a["incident_id"] == incident.id]
    assert [a["id"] for a in mine] == [a.id for a in brief.acts]
    assert [a["mentions"] for a in mine] == [len(a.reports) for a in brief.acts]
    told = {(link["document_id"], link["seq"]) for link in links
            if link["act_id"] in {a["id"] for a in mine}}
    assert told == {(r.document_id, r.seq) for a in brief.acts for r in a.reports}


def test_acts_strike_told_three_times_is_one_act(db, kb):
    store = open_store(db)
    brief = incident_brief(store, _strike_incident(store).id, kb=kb)
    assert set(brief.incident.documents) >= {"s1", "s2", "s3"}
    top = brief.acts[0]
    assert set(top.documents) == {"s1", "s2", "s3"} and top.plover == "ASSAULT"
    assert len(brief.acts) < sum(len(a.reports) for a in brief.acts)


def test_acts_rebuild_gives_the_same_acts(db, kb):
    store = open_store(db)
    before, _ = _stored_acts(store)
    update_incidents(store, kb, rebuild=True)
    after, _ = _stored_acts(store)
    assert [a["id"] for a in after] == [a["id"] for a in before]


def test_acts_export_lists_each_act_with_its_sentences(db):
    out = io.StringIO()
    count = export_store(open_store(db), "acts", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows) and rows
    strike = next(r for r in rows if "s1@" in r["Evidence"])
    assert int(strike["NumArticles"]) == 3 and int(strike["NumSources"]) == 3
    assert len(strike["Evidence"].splitlines()) == int(strike["NumMentions"])


def test_acts_gdelt_export_counts_an_act_once_with_its_mentions(db):
    out = io.StringIO()
    export_store(open_store(db), "gdelt", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    acts, _ = _stored_acts(open_store(db))
    strike = next(a for a in acts if a["reports"] == 3)
    mine = [r for r in rows if r["ActId"] == strike["id"]]
    assert len(mine) == 1
    assert int(mine[0]["NumMentions"]) == strike["mentions"]
    assert int(mine[0]["NumArticles"]) == 3 and int(mine[0]["NumSources"]) == 3


def test_acts_relation_series_counts_acts_by_default_and_reports_on_request(db):
    store = open_store(db)
    by_acts = relation_report(store, "TUR", "SYR", by="day")
    by_reports = relation_report(store, "TUR", "SYR", by="day", count="reports")
    acts = sum(p.events for p in by_acts.series.periods)
    reports = sum(p.events for p in by_reports.series.periods)
    assert by_acts.series.count == "acts" and by_reports.series.count == "reports"
    assert reports == by_reports.series.rows and acts < reports


def test_acts_relation_count_must_be_acts_or_reports(db):
    from aftermath.errors import InputError

    with pytest.raises(InputError, match="count must be one of acts, reports"):
        relation_report(open_store(db), "TUR", "SYR", count="articles")


def test_acts_after_incremental_updates_equal_a_rebuild(tmp_path, nlp, kb):  # type: ignore[no-untyped-def]
    # Incidents merged by a later update take their acts with them: the absorbing incident
    # writes its acts only once the absorbed one (and its acts) are gone. On a store of
    # Reuters headlines the old order failed with a duplicate (document, seq) in act_events.
    store = open_store(f"sqlite:///{tmp_path / 'incremental.db'}")
    for chunk in (["s3", "x1"], ["s1"], ["s2"]):
        ingest([r for r in REPORTS if r.id in chunk], store, nlp, kb)
        update_incidents(store, kb)
    acts, links = _stored_acts(store)
    assert len({(link["document_id"], link["seq"]) for link in links}) == len(links)
    assert {link["act_id"] for link in links} <= {a["id"] for a in acts}
    incremental = sorted((a["incident_id"], a["cameo"], a["mentions"]) for a in acts)
    update_incidents(store, kb, rebuild=True)
    rebuilt = sorted((a["incident_id"], a["cameo"], a["mentions"]) for a in _stored_acts(store)[0])
    store.close()
    assert [row[1:] for row in incremental] == [row[1:] for row in rebuilt]
