"""Exports round-trip: GDELT-like and POLECAT-like CSV, JSONL, Parquet (#7)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from aftermath.errors import InputError
from aftermath.export.tables import GDELT_COLUMNS, POLECAT_COLUMNS
from aftermath.export.writers import export_store


@pytest.fixture()
def store(event_store):  # type: ignore[no-untyped-def]
    shootdown = {"source": "TURMIL", "target": "RUSMIL", "plover": "ASSAULT", "quad": 4,
                 "goldstein": -10.0, "date": "2015-11-24", "place": "Latakia", "cameo": "190"}
    visit = {"source": "RUSGOV", "target": "TURGOV", "plover": "CONSULT", "quad": 1,
             "goldstein": 1.9, "date": "2016-12", "granularity": "month", "cameo": "043"}
    event_store.write("wire", "2015-11-24", [shootdown], outlet="Wire")
    event_store.write("paper", "2015-11-25", [shootdown], outlet="Paper")
    event_store.write("later", "2016-12-20", [
        visit, {**visit, "status": "negated", "date": "2016-12-19", "granularity": "day"}])
    return event_store.store


def _csv(store, fmt, **bounds):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    count = export_store(store, fmt, out=out, **bounds)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == count
    return out.getvalue().splitlines()[0].split(","), rows


def test_gdelt_columns_dedupe_and_leading_zeros(store):
    header, rows = _csv(store, "gdelt")
    assert tuple(header) == GDELT_COLUMNS
    assert len(rows) == 2  # the shootdown once; the negated visit left out
    shootdown, visit = rows
    assert (shootdown["NumMentions"], shootdown["NumArticles"], shootdown["NumSources"]) == (
        "2", "2", "2")
    assert (shootdown["SQLDATE"], shootdown["EventRootCode"], shootdown["QuadClass"]) == (
        "20151124", "19", "4")
    assert (shootdown["Actor1CountryCode"], shootdown["Actor1Type1Code"]) == ("TUR", "MIL")
    assert (visit["EventCode"], visit["EventBaseCode"], visit["EventRootCode"]) == (
        "043", "043", "04")
    assert (visit["SQLDATE"], visit["MonthYear"], visit["DateGranularity"]) == (
        "", "201612", "month")


def test_polecat_has_every_row_with_its_status(store):
    header, rows = _csv(store, "polecat")
    assert tuple(header) == POLECAT_COLUMNS
    assert [r["Status"] for r in rows] == ["asserted", "asserted", "asserted", "negated"]
    assert rows[2]["CAMEO"] == "043" and rows[2]["Actor Sector"] == "GOV"


def test_exports_filter_by_event_date(store):
    _, rows = _csv(store, "gdelt", since="2016-01-01")
    assert [r["PLOVER"] for r in rows] == ["CONSULT"]
    _, rows = _csv(store, "polecat", until="2015-11")
    assert len(rows) == 2


def test_jsonl_is_the_analyze_contract_per_document(store):
    out = io.StringIO()
    assert export_store(store, "jsonl", out=out, since="2015-11-25") == 2
    objects = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [o["document"]["id"] for o in objects] == ["paper", "later"]
    assert set(objects[0]) >= {"document", "actors", "events", "attributions", "claims"}
    assert objects[1]["events"][0]["cameo"] == "043"


def test_parquet_is_readable_with_string_codes(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    assert export_store(store, "parquet", path=path) == 2
    table = pq.read_table(path)
    assert table.column_names == list(GDELT_COLUMNS)
    assert table.column("EventCode").to_pylist() == ["190", "043"]
    assert str(table.schema.field("NumArticles").type) == "int64"


def test_parquet_needs_a_file(store):
    with pytest.raises(InputError, match=r"-o FILE\.parquet"):
        export_store(store, "parquet", out=io.StringIO())


def test_export_bad_since_is_an_input_error(store):
    with pytest.raises(InputError, match="--since 'soon' is not a date"):
        export_store(store, "gdelt", out=io.StringIO(), since="soon")
