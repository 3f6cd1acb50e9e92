"""Incidents in a real store (each backend) from real parses: incremental, rebuild, brief (#6)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from aftermath.cli import app
from aftermath.export.incidents import brief_json
from aftermath.incidents import incident_brief, list_incidents, update_incidents
from aftermath.pipeline import analyze_document
from aftermath.records import Document
from aftermath.runs import ingest
from aftermath.store import open_store

ARTICLES = [
    Document("k1", "An off-duty Turkish police officer shot dead Russia's ambassador at an art "
             "gallery in Ankara on Monday. Turkish officials blamed the Gulen movement for the "
             "killing without evidence.", title="Russian ambassador shot dead in Ankara",
             outlet="Anadolu Agency", published="2016-12-19"),
    Document("k2", "A gunman killed Russia's ambassador to Turkey in Ankara on Monday, the "
             "Russian Foreign Ministry said. A senior Russian senator said NATO intelligence "
             "services might be behind the killing.", title="Envoy killed in Ankara",
             outlet="TASS", published="2016-12-19"),
    Document("b1", "A truck drove into a Christmas market in Berlin on Monday evening, killing "
             "twelve people. Police detained a suspect near the scene.",
             title="Truck attack on Berlin market", outlet="Deutsche Welle",
             published="2016-12-19"),
]
LATER = Document(
    "k3", "Gulen denied any role in Monday's killing of Russia's ambassador in Ankara. "
    "Turkish police shot dead the ambassador's killer at the gallery on Monday.",
    title="Gulen denies role in Ankara killing", outlet="BBC News", published="2016-12-20")


def _fresh_store(url: str, nlp, kb):  # type: ignore[no-untyped-def]
    store = open_store(url)
    ingest(ARTICLES, store, nlp, kb)
    update_incidents(store, kb)
    return store


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, store_urls, tmp_path_factory, nlp, kb) -> Iterator[str]:  # type: ignore[no-untyped-def]
    urls = store_urls(request, request.param, tmp_path_factory.mktemp("incidents"))
    url = next(urls)
    _fresh_store(url, nlp, kb).close()
    yield url
    next(urls, None)


def _groups(store) -> list[set[str]]:  # type: ignore[no-untyped-def]
    return sorted((set(i.documents) for i in list_incidents(store)), key=sorted)


def test_storage_groups_reports_and_keeps_the_distractor_apart(db):
    assert _groups(open_store(db)) == [{"b1"}, {"k1", "k2"}]


def test_storage_later_document_joins_incrementally_with_the_same_id(nlp, kb, db_url):
    store = _fresh_store(db_url, nlp, kb)
    before = {frozenset(i.documents): i.id for i in list_incidents(store)}
    ingest([LATER], store, nlp, kb)  # ingest folds what it stored into incidents (#13)
    assert update_incidents(store, kb).assigned == 0
    after = {i.id: set(i.documents) for i in list_incidents(store)}
    assert after[before[frozenset({"k1", "k2"})]] == {"k1", "k2", "k3"}


@pytest.mark.issue(13)
def test_issue_13_update_places_only_the_given_documents(nlp, kb, db_url):
    store = open_store(db_url)
    for document in ARTICLES:
        store.save(analyze_document(document, nlp, kb))
    assert update_incidents(store, kb, documents=["k1", "nope"]).assigned == 1
    assert _groups(store) == [{"k1"}]
    assert update_incidents(store, kb, documents=["k1", "k2"]).assigned == 1
    assert _groups(store) == [{"k1", "k2"}]
    assert update_incidents(store, kb).assigned == 1  # b1, the one left unplaced


@pytest.mark.issue(13)
def test_issue_13_merge_in_the_store_keeps_the_earlier_id(nlp, kb, db_url):
    """A wire brief no event of which is coded founds an incident by its words; the full
    reports that follow found their own, and the merge pass joins the two (#13)."""
    brief = Document("w0", "Russia's ambassador to Turkey died after an armed attack at an "
                     "art gallery in Ankara on Monday, Turkish officials said.",
                     title="Russian ambassador killed in Ankara", outlet="AFP",
                     published="2016-12-19")
    store = open_store(db_url)
    ingest([brief], store, nlp, kb)
    first = list_incidents(store)
    assert [set(i.documents) for i in first] == [{"w0"}]
    ingest(ARTICLES[:2], store, nlp, kb)
    groups = {i.id: set(i.documents) for i in list_incidents(store)}
    assert groups == {first[0].id: {"w0", "k1", "k2"}}


def test_storage_rebuild_gives_the_same_incidents(nlp, kb, db_url):
    store = _fresh_store(db_url, nlp, kb)
    before = {i.id: i.documents for i in list_incidents(store)}
    update_incidents(store, kb, rebuild=True)
    assert {i.id: i.documents for i in list_incidents(store)} == before


def test_storage_changed_document_is_placed_again(nlp, kb, db_url):
    store = _fresh_store(db_url, nlp, kb)
    # k2 now reports the Berlin attack, in words of its own (a copy of b1 would be stored
    # as a further report of b1, not as k2).
    moved = replace(ARTICLES[2], id="k2", text=(
        "Twelve people died when a lorry ploughed into crowds at a Christmas market in "
        "Berlin on Monday night. German police arrested a man close to the market."))
    ingest([moved], store, nlp, kb)
    update_incidents(store, kb)
    assert _groups(store) == [{"b1", "k2"}, {"k1"}]


def test_brief_json_has_the_contract_keys(db, kb):
    output = brief_json(incident_brief(open_store(db), "ambassador Ankara", kb=kb))
    assert set(output) >= {"incident", "events", "hypotheses", "framing"}
    assert set(output["incident"]["documents"]) == {"k1", "k2"}
    for entry in output["framing"]:
        assert set(entry) >= {"outlet", "country", "ownership", "hypotheses"}
    keys = {h["key"] for h in output["hypotheses"]}
    assert {"org-gulen-movement", "org-north-atlantic-treaty-organization"} <= keys
    for hypothesis in output["hypotheses"]:
        assert hypothesis["claims"], "every hypothesis line links to an evidence sentence"


def test_cli_incidents_json_lists_documents(db):
    result = CliRunner().invoke(app, ["incidents", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert {"id", "label", "date", "place", "event_count", "outlet_count",
            "documents"} <= set(listed[0])


def test_cli_brief_text_names_the_explanations(db):
    result = CliRunner().invoke(app, ["brief", "ambassador Ankara", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Gulen movement" in result.stdout
    assert "Framing by outlet" in result.stdout


def test_cli_brief_unknown_phrase_is_one_line_exit_1(db):
    result = CliRunner().invoke(app, ["brief", "volcano eruption", "--db", db])
    assert result.exit_code == 1
    assert result.stderr.strip() == ("aftermath: no incident matches 'volcano eruption' "
                                     "(try `aftermath incidents`)")


def test_cli_incidents_bad_since_is_usage_error(db):
    result = CliRunner().invoke(app, ["incidents", "--db", db, "--since", "monday"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "aftermath: --since 'monday' is not a date (YYYY-MM-DD)"


@pytest.mark.slow
def test_demo_puts_the_killing_in_one_incident_and_distractors_elsewhere(db_url: str):
    result = CliRunner().invoke(app, ["demo", "--db", db_url])
    assert result.exit_code == 0, result.output
    head, _, nearby = result.stdout.partition("Other incidents reported the same week")
    assert "Killing of Russia's ambassador, Ankara, 2016-12-19" in head.splitlines()[2]
    for explanation in ("Gulen movement", "Revenge for Aleppo", "North Atlantic Treaty",
                        "Central", "Nusra Front"):  # table cells wrap
        assert explanation in head
    for distractor in ("Kayseri", "Zürich", "Berlin"):
        assert distractor in nearby
