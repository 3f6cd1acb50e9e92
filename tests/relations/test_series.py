"""Dyad series on a real SQLite store of generated events (#7)."""

from __future__ import annotations

import pytest

from aftermath.errors import InputError
from aftermath.relations import By, dedupe_key, relation_report


def _ev(source, target, plover, quad, goldstein, date, **extra):  # type: ignore[no-untyped-def]
    return {"source": source, "target": target, "plover": plover, "quad": quad,
            "goldstein": goldstein, "date": date, **extra}


@pytest.fixture()
def series_store(event_store):  # type: ignore[no-untyped-def]
    write = event_store.write
    write("a", "2016-01-05", [_ev("TURGOV", "RUSGOV", "CONSULT", 1, 1.0, "2016-01-05"),
                              _ev("RUS", "TUR", "ACCUSE", 3, -2.0, "2016-01-06")])
    write("b", "2016-01-20", [_ev("TURMIL", "RUSMIL", "ASSAULT", 4, -10.0, "2016-01-20")])
    write("c", "2016-01-21", [])
    write("d", "2016-01-22", [_ev("USA", "RUS", "CONSULT", 1, 1.0, "2016-01-22")])
    write("e", "2016-03-02", [_ev("RUSGOV", "TURGOV", "AGREE", 1, 4.0, "2016-03-02")])
    return event_store.store


def _periods(report):  # type: ignore[no-untyped-def]
    return {p.period: p for p in report.series.periods}


def test_series_counts_quads_and_goldstein_per_month(series_store):
    periods = _periods(relation_report(series_store, "TUR", "RUS"))
    january = periods["2016-01"]
    assert (january.events, january.quad_counts) == (3, (1, 0, 1, 1))
    assert january.goldstein_sum == -11.0
    assert january.goldstein_mean == pytest.approx(-11 / 3, abs=1e-3)
    assert january.conflict_share == pytest.approx(2 / 3, abs=1e-3)


def test_series_keeps_empty_periods_with_undefined_means(series_store):
    periods = _periods(relation_report(series_store, "TUR", "RUS"))
    assert list(periods) == ["2016-01", "2016-02", "2016-03"]
    assert (periods["2016-02"].events, periods["2016-02"].goldstein_mean) == (0, None)
    assert periods["2016-02"].conflict_share is None


def test_series_normalises_by_documents_published_in_period(series_store):
    periods = _periods(relation_report(series_store, "TUR", "RUS"))
    assert periods["2016-01"].documents == 4
    assert periods["2016-01"].normalised == pytest.approx(3 / 4)
    assert periods["2016-02"].normalised is None  # no documents: undefined, not zero


def test_series_directed_counts_one_direction_only(series_store):
    periods = _periods(relation_report(series_store, "TUR", "RUS", directed=True))
    assert periods["2016-01"].events == 2
    assert periods["2016-01"].quad_counts == (1, 0, 0, 1)
    assert "2016-03" not in periods  # only RUS → TUR that month


def test_series_full_codes_match_by_prefix(series_store):
    periods = _periods(relation_report(series_store, "TURGOV", "RUS"))
    assert periods["2016-01"].events == 1  # TURGOV → RUSGOV; TURMIL and bare TUR left out


def test_series_by_day_and_week(series_store):
    days = _periods(relation_report(series_store, "TUR", "RUS", by=By.DAY))
    assert days["2016-01-06"].events == 1 and days["2016-01-07"].events == 0
    weeks = _periods(relation_report(series_store, "TUR", "RUS", by=By.WEEK))
    assert weeks["2016-W01"].events == 2 and weeks["2016-W03"].events == 1


def test_series_since_until_bound_the_calendar(series_store):
    report = relation_report(series_store, "TUR", "RUS", since="2015-12", until="2016-02-10")
    assert [p.period for p in report.series.periods] == ["2015-12", "2016-01", "2016-02"]
    assert sum(p.events for p in report.series.periods) == 3


@pytest.mark.parametrize("value", ["T", "TU1", "TURK"])
def test_series_bad_actor_code_is_an_input_error(series_store, value):
    with pytest.raises(InputError, match="not an actor code"):
        relation_report(series_store, value, "RUS")


def test_series_dedupes_same_event_told_by_several_documents(event_store):
    same = _ev("TURMIL", "RUSMIL", "ASSAULT", 4, -10.0, "2015-11-24", place="Latakia")
    for n in range(3):
        event_store.write(f"d{n}", "2015-11-25", [same])
    event_store.write("other-place", "2015-11-25", [{**same, "place": "Hatay"}])
    report = relation_report(event_store.store, "TUR", "RUS")
    assert report.series.periods[0].events == 2
    assert (report.series.rows, report.series.duplicates) == (4, 2)
    by_event = relation_report(event_store.store, "TUR", "RUS", incident_key=dedupe_key)
    top = max(by_event.series.periods[0].top_incidents, key=lambda c: c.documents)
    assert (top.rows, top.documents) == (3, 3)


@pytest.mark.parametrize("by", list(By))
def test_series_sql_and_python_paths_agree(series_store, by):
    fast = relation_report(series_store, "TUR", "RUS", by=by)
    slow = relation_report(series_store, "TUR", "RUS", by=by, incident_key=dedupe_key)

    def shape(report):  # type: ignore[no-untyped-def]
        return [(p.period, p.events, p.quad_counts, p.goldstein_sum, p.documents,
                 p.top_events) for p in report.series.periods]

    assert shape(fast) == shape(slow)
    assert (fast.series.rows, fast.series.duplicates, fast.series.unplaced) == (
        slow.series.rows, slow.series.duplicates, slow.series.unplaced)


def test_series_incident_key_replaces_the_dedupe_rule(event_store):
    event_store.write("x", "2015-11-25", [
        _ev("TURMIL", "RUSMIL", "ASSAULT", 4, -10.0, "2015-11-24", place="Latakia"),
        _ev("TUR", "RUS", "ASSAULT", 4, -10.0, "2015-11-24")])
    report = relation_report(event_store.store, "TUR", "RUS",
                             incident_key=lambda event: ("shootdown", event.date))
    assert report.series.periods[0].events == 1


def test_series_counts_asserted_and_reported_only_unless_asked(event_store):
    event_store.write("s", "2016-05-01", [
        _ev("TUR", "RUS", "THREATEN", 3, -4.4, "2016-05-01", status=status)
        for status in ("asserted", "reported", "negated", "hypothetical")])
    default = relation_report(event_store.store, "TUR", "RUS", by=By.DAY)
    assert default.series.periods[0].events == 1  # asserted and reported fold: same key
    everything = relation_report(event_store.store, "TUR", "RUS", by=By.DAY, statuses=None)
    assert everything.series.rows == 4


def test_series_coarse_dates_fall_into_their_period_or_are_unplaced(event_store):
    event_store.write("g", "2016-12-20", [
        _ev("TUR", "RUS", "ASSAULT", 4, -10.0, "2015-11", granularity="month"),
        _ev("TUR", "RUS", "ACCUSE", 3, -2.0, "2015", granularity="year"),
        _ev("TUR", "RUS", "CONSULT", 1, 1.0, "2015-W53", granularity="week"),
    ])
    by_month = relation_report(event_store.store, "TUR", "RUS")
    months = _periods(by_month)
    assert months["2015-11"].events == 1          # month-dated: its own month
    assert months["2015-12"].events == 1          # ISO week 53 of 2015: Thursday 31 December
    assert by_month.series.unplaced == 1          # the year-dated one
    assert "2016-12" not in months                # never the publication month
    by_week = relation_report(event_store.store, "TUR", "RUS", by=By.WEEK)
    assert by_week.series.unplaced == 2


def test_series_unplaced_counts_only_coarse_dates_inside_the_bounds(event_store):
    event_store.write("g", "2016-12-20", [
        _ev("TUR", "RUS", "ASSAULT", 4, -10.0, "2015-11", granularity="month"),
        _ev("TUR", "RUS", "ACCUSE", 3, -2.0, "2016-12", granularity="month"),
        _ev("TUR", "RUS", "CONSULT", 1, 1.0, "2016-12-20")])
    for key in (None, dedupe_key):
        report = relation_report(event_store.store, "TUR", "RUS", by=By.DAY, since="2016-12",
                                 incident_key=key)
        assert report.series.unplaced == 1
