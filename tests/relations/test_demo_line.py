"""Issue #7 'done when': the demo corpus' Turkey–Russia line by month."""

from __future__ import annotations

from pathlib import Path

import pytest

from aftermath.relations import relation_report
from aftermath.runs import ingest_paths
from aftermath.store import open_store

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"


@pytest.mark.slow
@pytest.mark.issue(7)
def test_issue_7_demo_line_shows_rupture_rapprochement_and_dip(db_url, nlp, kb):
    store = open_store(db_url)
    ingest_paths([DEMO], store, nlp, kb)
    report = relation_report(store, "TUR", "RUS")
    mean = {p.period: p.goldstein_mean for p in report.series.periods}
    assert mean["2015-11"] < -2 and mean["2015-12"] < -2            # the rupture
    assert mean["2016-08"] > 2                                       # the rapprochement
    assert mean["2016-12"] < mean["2016-08"] and mean["2016-12"] < mean["2017-01"]  # the dip
    assert [(p.period[:4], p.direction) for p in report.turning_points][:1] == [
        ("2016", "cooperation")]
    assert report.turning_points[0].period in ("2016-06", "2016-07")
    assert report.outlook is not None and report.outlook.backtest is not None
