from __future__ import annotations

import pytest
from sqlalchemy import text

from aftermath.errors import NotFoundError
from aftermath.pipeline import analyze_document
from aftermath.records import Document
from aftermath.store import open_store

TEXT = (
    "Turkish police detained a suspect in Istanbul on Tuesday. "
    "Russia's foreign minister Sergei Lavrov met Turkish foreign minister Mevlut Cavusoglu "
    "in Moscow. Lavrov said the attack was a provocation."
)


@pytest.fixture()
def analysis(nlp, kb):
    document = Document(id="t1", text=TEXT, published="2016-12-20", outlet="TASS")
    return analyze_document(document, nlp, kb)


def test_store_round_trip_returns_equal_records(store, analysis):
    assert store.save(analysis) is True
    assert store.load("t1") == analysis


def test_store_same_content_twice_changes_nothing(store, analysis):
    store.save(analysis)
    before = store.stats()
    assert store.save(analysis) is False
    assert store.stats() == before


def test_store_new_content_under_same_id_replaces_rows(store, analysis, nlp, kb):
    store.save(analysis)
    changed = Document(id="t1", text="Russia imposed sanctions on Turkey.", published="2015-11-28")
    store.save(analyze_document(changed, nlp, kb))
    assert store.stats()["documents"] == 1
    assert store.load("t1").document.text == changed.text


REFUSE_EVENTS = {  # a trigger that makes the events insert fail inside the transaction
    "sqlite": ["CREATE TRIGGER no_events BEFORE INSERT ON events "
               "BEGIN SELECT RAISE(ABORT, 'refused'); END"],
    "postgresql": ["CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RAISE EXCEPTION 'refused'; END $$",
                   "CREATE TRIGGER no_events BEFORE INSERT ON events "
                   "FOR EACH ROW EXECUTE FUNCTION refuse()"],
}


def test_store_failed_write_leaves_nothing_half_written(store, analysis):
    with store.engine.begin() as conn:
        for statement in REFUSE_EVENTS[store.engine.dialect.name]:
            conn.execute(text(statement))
    with pytest.raises(Exception, match="refused"):
        store.save(analysis)
    assert store.stats()["documents"] == 0
    assert store.stats()["actors"] == 0


def test_store_load_unknown_id_raises_not_found(store):
    with pytest.raises(NotFoundError):
        store.load("missing")


def test_store_reports_per_document_and_replaced_content_drops_old_signature(store):
    from aftermath.records import Analysis, Report, ReportKind

    document = Document(id="d1", text="Talks were held in Moscow on Tuesday.", outlet="tass")
    own = Report("d1", "d1", ReportKind.ORIGINAL, outlet="tass")
    assert store.save(Analysis(document), reports=[own], signature=("k1", b"\x00" * 8))
    copy = Report("d1", "aa-7", ReportKind.EXACT, outlet="anadolu", url="https://aa.com.tr/7")
    assert store.add_report(copy) is True
    assert store.add_report(copy) is False  # the same copy twice is one report
    assert store.reports() == {"d1": [own, copy]}
    assert store.find_content("k1") == "d1"
    store.save(Analysis(Document(id="d1", text="Talks were cancelled.", outlet="tass")),
               signature=("k2", b"\x01" * 8))
    assert store.find_content("k1") is None and store.find_content("k2") == "d1"


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://nobody@127.0.0.1:1/none", "postgresql+psycopg://nobody@127.0.0.1:1/none"),
    ("postgres://analyst:s3cret@127.0.0.1:1/news",
     "postgresql+psycopg://analyst:***@127.0.0.1:1/news"),
])
def test_open_store_unreachable_server_is_one_line_naming_the_url(url: str, shown: str):
    from aftermath.errors import StoreError

    with pytest.raises(StoreError) as raised:
        open_store(url)
    message = str(raised.value)
    assert message.startswith(f"{shown}: cannot connect (") and "refused" in message
    assert "\n" not in message and "s3cret" not in message


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql://h:notaport/db", r"^postgresql://h:notaport/db: not a database URL \("),
    ("nosuchdb://x/y", r"^nosuchdb://x/y: cannot open database \(.*nosuchdb"),
    ("sqlite:////proc/none/x.db", r"^sqlite:////proc/none/x.db: cannot create the folder "
                                  r"/proc/none \("),
])
def test_open_store_bad_url_is_a_one_line_config_error(url: str, message: str):
    from aftermath.errors import ConfigError

    with pytest.raises(ConfigError, match=message) as raised:
        open_store(url)
    assert "\n" not in str(raised.value)
