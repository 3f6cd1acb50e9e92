"""Change-point detection on the Goldstein mean and conflict share (#7)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from aftermath.records import StoredEvent
from aftermath.relations import By, Dyad, build_series, find_turning_points
from aftermath.relations.periods import calendar
from aftermath.relations.turning_points import pelt

COOPERATION = (("CONSULT", 1, 1.0), ("AGREE", 1, 4.0), ("COOPERATE", 2, 6.0))
CONFLICT = (("ACCUSE", 3, -2.0), ("COERCE", 4, -8.0), ("ASSAULT", 4, -10.0))


def _events(months: list[str], shift_at: int, *, seed: int = 7) -> list[StoredEvent]:
    """Two to four events a month; cooperative before `shift_at`, conflictual from it on."""
    rng = random.Random(seed)
    events = []
    for n, month in enumerate(months):
        pool = COOPERATION if n < shift_at else CONFLICT
        for k in range(rng.randint(2, 4)):
            plover, quad, goldstein = rng.choice(pool)
            events.append(StoredEvent(
                len(events) + 1, f"doc-{n}-{k}", "TURGOV", "RUSGOV", plover, "000", quad,
                goldstein, f"{month}-{k + 1:02d}", "day", None, "asserted"))
    return events


@pytest.mark.parametrize("shift_at", [8, 12])
def test_turning_points_find_a_planted_shift(shift_at):
    months = calendar("2015-01", "2016-12", By.MONTH)
    series = build_series(_events(months, shift_at), Dyad("TUR", "RUS"))
    points = find_turning_points(series)
    assert [p.period for p in points] == [months[shift_at]]
    point = points[0]
    assert point.direction == "conflict"
    assert point.goldstein_before > 0 > point.goldstein_after
    assert point.magnitude == pytest.approx(point.goldstein_before - point.goldstein_after)
    assert point.conflict_share_before == 0 and point.conflict_share_after == 1
    assert point.incidents and all(c.event.goldstein < 0 for c in point.incidents)
    assert {c.event.date[:7] for c in point.incidents} <= set(months[shift_at:shift_at + 2])


def test_turning_points_none_on_a_steady_relation():
    months = calendar("2015-01", "2016-12", By.MONTH)
    series = build_series(_events(months, shift_at=len(months)), Dyad("TUR", "RUS"))
    assert find_turning_points(series) == []


def test_turning_points_need_enough_periods_with_events():
    months = calendar("2015-01", "2015-04", By.MONTH)
    series = build_series(_events(months, shift_at=2), Dyad("TUR", "RUS"))
    assert find_turning_points(series) == []


def test_turning_points_direction_toward_cooperation():
    months = calendar("2015-01", "2016-12", By.MONTH)
    flipped = [StoredEvent(e.id, e.document_id, e.source, e.target, e.plover, e.cameo,
                           3 if e.quad_class <= 2 else 1, -e.goldstein, e.date, e.granularity,
                           e.place, e.status)
               for e in _events(months, shift_at=10)]
    points = find_turning_points(build_series(flipped, Dyad("TUR", "RUS")))
    assert [(p.period, p.direction) for p in points] == [(months[10], "cooperation")]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pelt_matches_ruptures_on_noisy_steps(seed):
    ruptures = pytest.importorskip("ruptures")
    rng = np.random.default_rng(seed)
    signal = np.concatenate([rng.normal(mean, 1.0, size=25) for mean in (0, 3, -1, 2)])
    signal = np.column_stack([signal, rng.normal(0, 1, size=signal.size)])
    penalty = 2 * 2 * np.log(len(signal))
    expected = ruptures.Pelt(model="l2", min_size=2, jump=1).fit(signal).predict(pen=penalty)
    assert pelt(signal, penalty) == expected[:-1]
