"""Incident folding bounded to a date window (#18): a batch loads only the incidents first
reported near one of its documents' dates, and groups as folding its documents one date
at a time, or a rebuild, would."""

from __future__ import annotations

import datetime as dt

import pytest

from aftermath.incidents import list_incidents, update_incidents
from aftermath.incidents.storage import AFTER, BEFORE, open_windows
from aftermath.pipeline import analyze_document
from aftermath.records import Document
from aftermath.store import open_store

D = dt.date

STORED = [
    Document("k1", "An off-duty Turkish police officer shot dead Russia's ambassador at an art "
             "gallery in Ankara on Monday. Officials in Ankara called the killing an attack on "
             "relations between the two countries.", title="Russian ambassador shot in Ankara",
             outlet="Anadolu Agency", published="2016-12-19"),
    Document("k2", "A gunman killed Russia's ambassador to Turkey at a gallery in Ankara on "
             "Monday, the Russian Foreign Ministry said, calling it a terrorist act.",
             title="Russian envoy killed in Ankara", outlet="TASS", published="2016-12-19"),
]
# Incidents in the years between: a batch's one old document must not load them.
BETWEEN = [
    Document("f1", "Floods swept through villages in northern Bangladesh on Tuesday, leaving "
             "thousands of families without shelter, the disaster ministry said.",
             title="Floods hit northern Bangladesh", outlet="Wire", published="2018-03-13"),
    Document("f2", "An earthquake of magnitude 6.1 struck western Iran on Friday, damaging "
             "houses in Kermanshah province, state television reported.",
             title="Earthquake shakes western Iran", outlet="Wire", published="2018-06-08"),
]
BATCH = [
    Document("k3", "Russia's ambassador was shot dead at an art gallery in Ankara on Monday by "
             "an off-duty police officer, Turkish officials said, and Moscow called the "
             "killing a terrorist attack.", title="Ambassador killed at Ankara gallery",
             outlet="BBC News", published="2016-12-20"),
    Document("n1", "Police fired tear gas at thousands of protesters in Caracas on Wednesday as "
             "they marched on the national assembly, witnesses said.",
             title="Police fire tear gas at Caracas marchers", outlet="Wire",
             published="2019-05-08"),
    Document("n2", "Venezuelan police used tear gas against protesters marching on the national "
             "assembly in Caracas on Wednesday, opposition leaders said.",
             title="Tear gas used on Caracas protesters", outlet="Other Wire",
             published="2019-05-08"),
]


def _groups(store) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return sorted((set(i.documents) for i in list_incidents(store)), key=sorted)


def test_windows_cover_each_date_and_join_when_they_overlap():
    assert BEFORE >= 30 and AFTER >= BEFORE  # a document joins incidents of 30 days before
    one_old = open_windows([D(2016, 12, 20), D(2019, 5, 8), D(2019, 5, 9), D(2019, 6, 30)])
    assert one_old == [(D(2016, 12, 20) - dt.timedelta(BEFORE), D(2016, 12, 20)
                        + dt.timedelta(AFTER)),
                       (D(2019, 5, 8) - dt.timedelta(BEFORE), D(2019, 6, 30)
                        + dt.timedelta(AFTER))]
    assert open_windows([]) == []


def test_windows_stop_at_the_calendar_ends():
    assert open_windows([D(1, 1, 2), D(9999, 12, 30)]) == [
        (dt.date.min, D(1, 1, 2) + dt.timedelta(AFTER)),
        (D(9999, 12, 30) - dt.timedelta(BEFORE), dt.date.max)]


def _prepared(url: str, nlp, kb):  # type: ignore[no-untyped-def]
    """A store with the stored incidents and those between, and the batch stored unplaced."""
    store = open_store(url)
    for document in STORED:
        store.save(analyze_document(document, nlp, kb))
    update_incidents(store, kb)
    for document in BETWEEN:
        store.save(analyze_document(document, nlp, kb))
        update_incidents(store, kb, documents=[document.id])
    for document in BATCH:
        store.save(analyze_document(document, nlp, kb))
    return store


@pytest.mark.issue(18)
def test_a_batch_with_one_old_document_loads_only_incidents_near_its_dates(
        nlp, kb, db_url: str, tmp_path):  # type: ignore[no-untyped-def]
    store = _prepared(db_url, nlp, kb)
    stored = list_incidents(store)
    assert len(stored) == 3  # the Ankara killing, the floods, the earthquake
    result = update_incidents(store, kb, documents=[d.id for d in BATCH])
    # Only the Ankara incident lies within a window of the batch's dates; the two between
    # (2018) were not loaded, though they lie after the oldest document's date.
    assert result.assigned == 3 and result.compared == 1
    together = _groups(store)
    assert {"k1", "k2", "k3"} in together and {"n1", "n2"} in together

    # The same documents folded one date at a time, in another store, group the same way.
    apart = _prepared(f"sqlite:///{tmp_path / 'apart.sqlite'}", nlp, kb)
    assert update_incidents(apart, kb, documents=["k3"]).compared == 1
    assert update_incidents(apart, kb, documents=["n1", "n2"]).compared == 0
    assert _groups(apart) == together
    # And so does a rebuild from nothing.
    update_incidents(store, kb, rebuild=True)
    assert _groups(store) == together
    store.close()
    apart.close()


@pytest.mark.issue(18)
def test_undated_documents_alone_are_compared_with_every_incident(nlp, kb, db_url: str):  # type: ignore[no-untyped-def]
    store = _prepared(db_url, nlp, kb)
    undated = Document("u1", "Floods left thousands of families in northern Bangladesh "
                       "without shelter, the disaster ministry said on Tuesday.",
                       title="Bangladesh floods leave thousands homeless", outlet="Paper")
    store.save(analyze_document(undated, nlp, kb))
    result = update_incidents(store, kb, documents=["u1"])
    assert result.compared == 3  # no date to bound the search: every stored incident
    store.close()
