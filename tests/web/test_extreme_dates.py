"""Documents and events dated in year 1 or 9999 (placeholders, misparses) never break
incidents, relations or the pages that show them, and a store already holding them
recovers (#18)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from aftermath.cli import app as cli_app
from aftermath.incidents import list_incidents, update_incidents
from aftermath.relations import relation_report
from aftermath.web import create_app


def _accuse(date: str) -> dict[str, object]:
    return {"source": "TURGOV", "target": "RUSGOV", "plover": "ACCUSE", "quad": 3,
            "goldstein": -2.0, "date": date, "cameo": "112"}


def _fill(event_store) -> None:  # type: ignore[no-untyped-def]
    event_store.write("year-one", "0001-01-01", [_accuse("0001-01-01")])
    event_store.write("year-max", "9999-12-31", [_accuse("9999-12-31")])
    event_store.write("sane-1", "2016-12-19", [_accuse("2016-12-19")])
    event_store.write("sane-2", "2016-12-27", [_accuse("2016-12-27")])


def test_extreme_dates_leave_incidents_working_and_rebuildable(event_store, kb):  # type: ignore[no-untyped-def]
    _fill(event_store)
    update_incidents(event_store.store, kb)
    placed = {doc for incident in list_incidents(event_store.store)
              for doc in incident.documents}
    assert {"sane-1", "sane-2"} <= placed
    result = CliRunner().invoke(cli_app, ["incidents", "--rebuild", "--db", event_store.url])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_extreme_event_dates_are_unplaced_in_series(event_store):  # type: ignore[no-untyped-def]
    _fill(event_store)
    for by in ("day", "week", "month"):
        report = relation_report(event_store.store, "TUR", "RUS", by=by)
        keys = [period.period for period in report.series.periods]
        assert keys and all(key.startswith(("2016", "2017")) for key in keys), (by, keys)
    result = CliRunner().invoke(cli_app, ["relations", "TUR", "RUS", "--by", "week",
                                          "--db", event_store.url])
    assert result.exit_code == 0, result.output
    assert "2016-W51" in result.output


def test_extreme_dates_serve_relations_and_dyad_pages(event_store, kb):  # type: ignore[no-untyped-def]
    _fill(event_store)
    update_incidents(event_store.store, kb)
    with TestClient(create_app(event_store.store, kb=kb)) as client:
        for by in ("day", "week", "month"):
            response = client.get("/api/relations", params={"a": "TUR", "b": "RUS", "by": by})
            assert response.status_code == 200, (by, response.text[:200])
            page = client.get(f"/dyads/TUR/RUS?by={by}")
            assert page.status_code == 200, by
        assert client.get("/incidents").status_code == 200
