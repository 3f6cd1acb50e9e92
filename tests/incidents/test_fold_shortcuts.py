"""What the fold's shortcuts (#20) must keep: the answers the long way gives.

Folding skips work where the outcome cannot change: core events indexed by PLOVER type and
quad class, centroid masses and shared names kept, acts' core events from key events only,
written incidents' actors read onto analyses already read. Each test here states what
the shortcut relies on and fails when it does not hold.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from sqlalchemy import update

from aftermath.incidents.acts import background_spans
from aftermath.incidents.brief import core_refs
from aftermath.incidents.clustering import (
    IncidentState,
    cluster_documents,
    matchable,
    pair_score,
    rebuilt,
)
from aftermath.incidents.features import (
    DocumentFeatures,
    KeyEvent,
    document_features,
    feature_index,
    person_index,
)
from aftermath.incidents.overlap import (
    centroid_overlap,
    overlap_below,
    shared_names,
    text_overlap,
    word_weights,
)
from aftermath.incidents.storage import _features, _Read, load_analyses, with_actors
from aftermath.records import Document
from aftermath.runs import ingest
from aftermath.store import open_store, schema


def _event(doc: str, plover: str, quad: int, *, seq: int = 0, cameo: str = "190",
           source: str | None = "SYRMIL", target: str | None = "TURMIL", day: int = 15,
           place: str | None = None, weight: float = 1.0) -> KeyEvent:
    return KeyEvent(
        document_id=doc, seq=seq, plover=plover, cameo=cameo, quad_class=quad, source=source,
        target=target, source_text=None, target_text=None, persons=frozenset(),
        date=dt.date(2019, 10, day), place=place, place_name=place, place_country=None,
        weight=weight,
    )


def _doc(doc: str, *events: KeyEvent, words: str = "", day: int = 15,
         anchors: str = "", refers_back: bool = False) -> DocumentFeatures:
    return DocumentFeatures(doc, "Wire", dt.date(2019, 10, day), None, events,
                            frozenset(words.split()), anchors=frozenset(anchors.split()),
                            refers_back=refers_back)


def _state(*docs: DocumentFeatures) -> IncidentState:
    state = IncidentState("inc-test")
    for features in docs:
        state.add(features)
    return state


# A shelling, a second report of it, talks and a threat the same week. One record carries a
# PLOVER type with another quad class than its fellows (a coder's slip the index must survive).
MEMBERS = (
    _doc("m1", _event("m1", "ASSAULT", 4), _event("m1", "CONSULT", 1, seq=1, cameo="040",
                                                 weight=0.4)),
    _doc("m2", _event("m2", "ASSAULT", 4, day=16), _event("m2", "ASSAULT", 3, seq=1, day=16),
         _event("m2", "THREATEN", 3, seq=2, cameo="138", weight=0.7)),
    _doc("m3", _event("m3", "COERCE", 4, cameo="173", day=16)),
)
PROBES = (
    _event("p", "ASSAULT", 4), _event("p", "ASSAULT", 3), _event("p", "ASSAULT", 2),
    _event("p", "COERCE", 4, cameo="173"), _event("p", "THREATEN", 3, cameo="138"),
    _event("p", "CONSULT", 1, cameo="040"), _event("p", "AID", 2, cameo="070"),
)


def test_matchable_leaves_out_only_core_events_that_cannot_score():
    state = _state(*MEMBERS)
    assert state.core, "the members must give core events to compare with"
    for probe in PROBES:
        found = matchable(probe, state)
        assert len({id(e) for e in found}) == len(found)  # each core event once
        assert all(any(e is c for c in state.core) for e in found)
        left_out = [c for c in state.core if not any(c is e for e in found)]
        assert all(pair_score(probe, c) == 0 and pair_score(c, probe) == 0 for c in left_out)
    # The slip: an ASSAULT coded quad 2 still meets the incident's ASSAULT events.
    assert any(e.plover == "ASSAULT" for e in matchable(PROBES[2], state))


def test_matchable_follows_the_core_when_a_more_salient_anchor_arrives():
    # A threat founds the incident; a shelling (material, more salient) becomes the anchor
    # and the core is chosen anew: the index must hold the new core, not the old one.
    threat = _doc("t", _event("t", "THREATEN", 3, cameo="138", weight=0.7))
    state = _state(threat)
    assert matchable(_event("p", "THREATEN", 3, cameo="138"), state)  # asked, kept
    state.add(_doc("s", _event("s", "ASSAULT", 4)))
    assert state.anchor is not None and state.anchor.plover == "ASSAULT"
    in_index = {id(e) for kind in state.core_quads.values() for e in kind}
    assert in_index == {id(e) for e in state.core}
    for event in state.core:
        assert any(e is event for e in matchable(event, state))
    # The threat is no core event of a shelling any more: no longer offered for a threat.
    assert not [e for e in state.core if e.plover == "THREATEN"]
    assert not [e for e in matchable(_event("p", "THREATEN", 3, cameo="138"), state)
                if e.plover == "THREATEN"]


def test_centroid_overlap_is_computed_anew_after_a_member_joins():
    first = _doc("a", words="kilis shelling border @kilis")
    second = _doc("b", words="shelling rockets @kilis akcakale")
    report = _doc("r", words="rockets akcakale shelling")
    idf = word_weights([first, second, report])
    state = _state(first)
    before = centroid_overlap(report.words, state, idf)
    state.add(second)
    after = centroid_overlap(report.words, state, idf)
    assert after == centroid_overlap(report.words, rebuilt("x", [first, second]), idf)
    assert after != before
    # Another weights dict over the same state is no reuse of the first one's mass.
    other = word_weights([first, second, report, _doc("c", words="rockets akcakale")])
    assert centroid_overlap(report.words, state, other) == centroid_overlap(
        report.words, rebuilt("y", [first, second]), other)


def test_overlap_below_only_says_so_when_the_overlap_is_below_the_bar():
    # Word sets drawn from one small vocabulary (seeded): reports and incidents sharing
    # nothing, a little and a lot. Where the bound says "below", the overlap computed the
    # long way must be below; and the bound must say it often enough to be of use.
    rng = random.Random(20)
    vocabulary = [f"w{n}" for n in range(60)] + [f"@n{n}" for n in range(20)]
    docs = [_doc(f"d{n}", words=" ".join(rng.sample(vocabulary, rng.randint(3, 25))))
            for n in range(60)]
    idf = word_weights(docs)
    said, reached = 0, 0
    for start in range(0, 50, 5):
        state = _state(*docs[start:start + rng.randint(1, 5)])
        for report in docs:
            for bar in (0.1, 0.2, 0.3):
                overlap = text_overlap(report.words, state, idf)
                reached += overlap >= bar
                if overlap_below(report.words, state, idf, bar):
                    said += 1
                    assert overlap < bar
    assert said > 100 and reached > 100
    assert not overlap_below(docs[0].words, _state(docs[0]), idf, 0.2)  # its own words


def test_shared_names_depend_on_the_weights_dict_they_were_found_with():
    words = frozenset({"@jask", "@oman", "tanker"})
    shared = word_weights([_doc("a", words="@jask tanker"), _doc("b", words="@jask @oman")])
    lonely = word_weights([_doc("a", words="@jask tanker"), _doc("b", words="@oman")])
    assert shared_names(words, shared) == ["@jask"]
    assert shared_names(words, lonely) == []
    assert shared_names(words, shared) == ["@jask"]  # asked again: the same answer
    assert shared_names(words, None) == []


def test_background_spans_hands_out_a_list_of_its_own():
    text = "A day after the ambassador was killed, ministers met in Moscow."
    spans = background_spans(text)
    assert spans
    spans.clear()
    assert background_spans(text)


def _summons(refers_back: bool) -> DocumentFeatures:
    return _doc("b", _event("b", "CONSULT", 1, cameo="040", source="GRCGOV", target="IRNGOV"),
                words="@jask summons envoy", anchors="@jask", refers_back=refers_back)


SEIZURE = _doc("s", _event("s", "SEIZE", 4, cameo="1711", source="IRNMIL", target=None),
               words="@jask tanker seized gulf oman greek", anchors="@jask")


def test_merge_still_weighs_a_founder_that_names_a_known_act():
    # "Greece summons Iran's envoy over the seizure" came first and founded an incident;
    # the seizure report could not join it (no event match, too few words in common). The
    # merge pass joins them by the summons naming its act as known, under the summons' id.
    states = cluster_documents([SEIZURE, _summons(refers_back=True)])
    assert [sorted(s.documents) for s in states] == [["b", "s"]]
    assert states[0].documents[0] == "b"


def test_merge_leaves_two_act_founded_incidents_apart():
    states = cluster_documents([SEIZURE, _summons(refers_back=False)])
    assert sorted(sorted(s.documents) for s in states) == [["b"], ["s"]]


# Real parses in a real store: our own wording.
REPORTS = [
    Document("d1", "Syrian troops shelled the Turkish border town of Akcakale on Tuesday, "
             "killing two civilians. Turkey's army fired back at Syrian positions.",
             title="Syrian shells kill two in Turkish border town", outlet="Reuters",
             published="2019-10-15"),
    Document("d2", "Two civilians were killed when shells fired from Syria hit Akcakale on "
             "Tuesday, the town's governor said. President Erdogan condemned the attack.",
             title="Erdogan condemns shelling of Akcakale", outlet="Anadolu Agency",
             published="2019-10-15"),
]


@pytest.fixture()
def stored(db_url, nlp, kb) -> Iterator[object]:  # type: ignore[no-untyped-def]
    store = open_store(db_url)
    ingest(REPORTS, store, nlp, kb)
    yield store
    store.close()


def test_actors_read_onto_loaded_analyses_equal_loading_them_with_actors(stored):
    ids = [d.id for d in REPORTS]
    with stored.engine.connect() as conn:  # type: ignore[attr-defined]
        bare = load_analyses(conn, ids, claims=False)
        expected = load_analyses(conn, ids, claims=False, actors=True)
        got = with_actors(conn, bare)
    assert all(not a.actors for a in bare) and all(a.actors for a in expected)
    assert got == expected


def test_core_refs_equal_the_core_of_the_clustering_features(stored, kb):
    with stored.engine.connect() as conn:  # type: ignore[attr-defined]
        analyses = load_analyses(conn, [d.id for d in REPORTS], claims=False)
    index = feature_index(kb)
    state = _state(*(document_features(a, index=index) for a in analyses))
    expected = sorted((e.document_id, e.seq) for e in state.core)
    assert expected, "the reports must give core events"
    assert sorted(core_refs(analyses, person_index(kb))) == expected


def test_kept_features_are_found_by_the_stored_rows_and_lost_when_a_row_changes(stored, kb):
    # A member's features are looked up by its stored rows (#20): the same rows give the
    # features kept, any changed column (here the sentence of its events, which decides
    # their weight) gives features computed anew.
    index = feature_index(kb)
    ids = [d.id for d in REPORTS]
    with stored.engine.begin() as conn:  # type: ignore[attr-defined]
        first = _features(conn, ids, index, _Read())
        again = _features(conn, ids, index, _Read())
        assert all(a is b for a, b in zip(first, again, strict=True))
        assert first[1].events and first[1].events[0].weight > 0.4
        e = schema.events
        conn.execute(update(e).where(e.c.document_id == "d2")
                     .values(evidence_sentence=e.c.evidence_sentence + 5))
        changed = _features(conn, ids, index, _Read())
    assert changed[0] is first[0]
    assert changed[1] is not first[1]
    assert all(event.weight == 0.4 for event in changed[1].events)
