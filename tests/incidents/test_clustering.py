"""Incident clustering on hand-built key events: what joins, what stays apart (#6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from aftermath.incidents.clustering import cluster_documents, incident_id, pair_score
from aftermath.incidents.features import DocumentFeatures, KeyEvent, position_weight


def _event(doc: str, plover: str = "ASSAULT", *, cameo: str = "1823", quad: int = 4,
           source: str | None = "TURCOP", target: str | None = "RUSGOVDIP",
           day: int = 19, place: str | None = "Ankara", sentence: int = 0,
           target_text: str | None = "the ambassador") -> KeyEvent:
    return KeyEvent(
        document_id=doc, seq=0, plover=plover, cameo=cameo, quad_class=quad, source=source,
        target=target, source_text=None, target_text=target_text, persons=frozenset(),
        date=dt.date(2016, 12, day), place=place.lower() if place else None, place_name=place,
        place_country=None, weight=position_weight(sentence),
    )


def _doc(doc: str, *events: KeyEvent, words: str = "", day: int = 19) -> DocumentFeatures:
    return DocumentFeatures(doc, "Wire", dt.date(2016, 12, day), None, events,
                            frozenset(words.split()))


def _groups(states) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return sorted((set(s.documents) for s in states), key=lambda g: sorted(g))


def test_clustering_reports_of_one_killing_join():
    states = cluster_documents([
        _doc("a", _event("a")),
        _doc("b", _event("b", source=None), day=20),
        _doc("c", _event("c", day=20, place=None), day=21),
    ])
    assert _groups(states) == [{"a", "b", "c"}]


def test_clustering_same_evening_attack_elsewhere_stays_apart():
    states = cluster_documents([
        _doc("ankara", _event("ankara")),
        _doc("berlin", _event("berlin", source=None, target=None, place="Berlin",
                              target_text="people")),
    ])
    assert _groups(states) == [{"ankara"}, {"berlin"}]


def test_clustering_talks_next_day_stay_apart_from_the_killing():
    killing = _doc("k", _event("k"), _event("k", "CONSULT", cameo="040", quad=1,
                                             source="RUSGOV", target="TURGOV", day=20,
                                             place="Moscow", sentence=9))
    talks = _doc("t", _event("t", "CONSULT", cameo="040", quad=1, source="RUSGOV",
                             target="TURGOV", day=20, place="Moscow"), day=20)
    assert _groups(cluster_documents([killing, talks])) == [{"k"}, {"t"}]


def test_clustering_a_late_mention_does_not_pull_a_report_in():
    killing = _doc("k", _event("k"))
    aleppo = _doc("a", _event("a", "SUPPORT", cameo="051", quad=1, source="RUS",
                              target="SYRGOV", place=None, sentence=0),
                  _event("a", sentence=11), day=22)
    assert _groups(cluster_documents([killing, aleppo])) == [{"a"}, {"k"}]


def test_clustering_a_reaction_joins_by_its_words():
    words = "ankara ambassador karlov gallery gunman killing russian"
    killing = _doc("k", _event("k"), words=words)
    reaction = _doc("r", _event("r", "ACCUSE", cameo="111", quad=3, source="TUROPP",
                                target=None, place=None), words=words + " condemned", day=20)
    assert _groups(cluster_documents([killing, reaction])) == [{"k", "r"}]


def test_clustering_incremental_equals_batch():
    docs = [_doc("a", _event("a")), _doc("b", _event("b", day=20), day=20),
            _doc("z", _event("z", place="Zurich", target=None, target_text="worshippers"))]
    batch = cluster_documents(docs)
    first = cluster_documents(docs[:1])
    later = cluster_documents(docs[1:], first)
    assert _groups(batch) == _groups(later)
    assert {s.id for s in batch} == {s.id for s in later}


def test_clustering_incident_id_is_the_founding_documents_hash():
    states = cluster_documents([_doc("b", _event("b"), day=20), _doc("a", _event("a"))])
    assert [s.id for s in states] == [incident_id("a")]


@pytest.mark.parametrize("days_apart", [4, 10])
def test_clustering_events_days_apart_never_match(days_apart: int):
    assert pair_score(_event("a"), _event("b", day=19 + days_apart)) == 0.0


def _with(features: DocumentFeatures, **changes) -> DocumentFeatures:  # type: ignore[no-untyped-def]
    return replace(features, **changes)


@pytest.mark.issue(13)
def test_issue_13_agreement_between_the_same_countries_the_same_day_stays_apart():
    words = "russia turkey ankara moscow tuesday ministers"
    killing = _with(_doc("k", _event("k", source="TURCOP", target="RUSGOVDIP"), words=words),
                    acts=frozenset({"force"}))
    deal = _with(_doc("d", _event("d", "AGREE", cameo="057", quad=1, source="RUSGOV",
                                  target="TURGOV", place=None), words=words + " signed"),
                 acts=frozenset({"diplomacy"}))
    assert _groups(cluster_documents([killing, deal])) == [{"d"}, {"k"}]


@pytest.mark.issue(13)
def test_issue_13_report_dated_from_the_incident_act_is_a_new_act():
    """"A week after a water cannon attack at the shoal, a Chinese ship blocked ...": its
    own act is new, however many words it shares with the attack's reports."""
    words = "chinese philippine coast guard vessel shoal"
    attack = _doc("a", _event("a", cameo="190", source="CHN", target="PHL", place="Shoal"),
                  words=words + " cannon")
    behind = _event("b", cameo="190", source="CHN", target="PHL", place="Shoal", day=26)
    blocking = _with(_doc("b", _event("b", "COERCE", cameo="171", source="CHN", target="PHL",
                                      place=None, day=26), words=words, day=26),
                     background=(replace(behind, weight=0.2),))
    assert _groups(cluster_documents([attack, blocking])) == [{"a"}, {"b"}]


@pytest.mark.issue(13)
def test_issue_13_wire_brief_without_coded_events_merges_with_the_reports():
    """The brief comes first and founds an incident by its words; the fuller reports found
    their own; the merge pass joins them under the brief's id."""
    brief = _doc("a-brief", words="ambassador karlov ankara armed attack died @karlov")
    reports = [_doc(name, _event(name), words=f"ambassador karlov ankara gunman {extra} @karlov")
               for name, extra in (("b", "gallery"), ("c", "exhibition"))]
    states = cluster_documents([brief, *reports])
    assert _groups(states) == [{"a-brief", "b", "c"}]
    assert [s.id for s in states] == [incident_id("a-brief")]
