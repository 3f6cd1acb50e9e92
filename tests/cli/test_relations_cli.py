"""`aftermath relations` and `aftermath export` from the command line (#7)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aftermath.cli import app

runner = CliRunner()
PERIOD_KEYS = {"period", "events", "quad", "goldstein_sum", "goldstein_mean", "conflict_share",
               "normalised"}
BACKTEST_KEYS = {"model_mae", "persistence_mae", "ewma_mae", "model_crps", "persistence_crps"}


@pytest.fixture()
def db(event_store) -> str:  # type: ignore[no-untyped-def]
    for month in range(1, 13):
        tone = (("AGREE", 1, 4.0), ("CONSULT", 1, 1.0)) if month < 7 else (
            ("COERCE", 4, -8.0), ("ACCUSE", 3, -2.0))
        event_store.write(f"m{month}", f"2016-{month:02d}-10", [
            {"source": "TURGOV", "target": "RUSGOV", "plover": plover, "quad": quad,
             "goldstein": goldstein, "date": f"2016-{month:02d}-{day:02d}"}
            for day, (plover, quad, goldstein) in enumerate(tone, start=10)])
    event_store.write("usa", "2016-05-01", [
        {"source": "USA", "target": "TUR", "plover": "CONSULT", "quad": 1, "goldstein": 1.0,
         "date": "2016-05-01"}])
    return event_store.url


def test_cli_relations_json_shape(db):
    result = runner.invoke(app, ["relations", "TUR", "RUS", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"dyad", "periods", "turning_points", "outlook"} <= set(data)
    assert data["dyad"] == "TUR–RUS" and len(data["periods"]) == 12
    assert all(set(p) >= PERIOD_KEYS for p in data["periods"])
    assert set(data["periods"][0]["quad"]) == {"1", "2", "3", "4"}
    point = data["turning_points"][0]
    assert {"period", "direction", "magnitude", "incidents"} <= set(point)
    assert (point["period"], point["direction"]) == ("2016-07", "conflict")
    assert point["incidents"][0]["title"].startswith("Title m7")
    outlook = data["outlook"]
    assert {"horizon", "forecast", "interval", "backtest"} <= set(outlook)
    assert set(outlook["backtest"]) >= BACKTEST_KEYS
    assert len(outlook["forecast"]) == len(outlook["interval"]) == outlook["horizon"] == 3


def test_cli_relations_text_names_turning_point_and_outlook(db):
    result = runner.invoke(app, ["relations", "TUR", "RUS", "--db", db, "--horizon", "1"])
    assert result.exit_code == 0, result.output
    assert "2016-07: toward conflict" in result.stdout
    assert "2017-01: goldstein mean" in result.stdout
    assert "persistence" in result.stdout


def test_cli_relations_partners(db):
    result = runner.invoke(app, ["relations", "TUR", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    partners = json.loads(result.stdout)["partners"]
    assert [p["partner"] for p in partners] == ["RUS", "USA"]
    assert partners[0]["events"] == 24


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_cli_relations_plot_written(db, tmp_path, suffix):
    chart = tmp_path / f"chart.{suffix}"
    result = runner.invoke(app, ["relations", "TUR", "RUS", "--db", db, "--plot", str(chart)])
    assert result.exit_code == 0, result.output
    assert chart.stat().st_size > 1000


def test_cli_relations_plot_bad_suffix(db, tmp_path):
    result = runner.invoke(app, ["relations", "TUR", "RUS", "--db", db,
                                 "--plot", str(tmp_path / "chart.pdf")])
    assert result.exit_code == 2
    chart = tmp_path / "chart.pdf"
    assert result.stderr.strip() == f"aftermath: {chart}: --plot writes .png or .svg"


def test_cli_relations_bad_code_one_line_message(db):
    result = runner.invoke(app, ["relations", "TU", "RUS", "--db", db])
    assert result.exit_code == 2
    assert result.stderr.startswith("aftermath: 'TU' is not an actor code")
    assert "Traceback" not in result.output


def test_cli_export_gdelt_to_file(db, tmp_path):
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", "--format", "gdelt", "--db", db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[0].startswith("GLOBALEVENTID,SQLDATE")
    assert result.stderr.strip() == f"aftermath: {out}: 25 records written"


def test_cli_export_parquet_needs_output(db):
    result = runner.invoke(app, ["export", "--format", "parquet", "--db", db])
    assert result.exit_code == 2
    assert result.stderr.strip() == "aftermath: --format parquet needs -o FILE.parquet"
