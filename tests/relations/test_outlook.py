"""Outlook and rolling-origin backtest on series with known answers (#7)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aftermath.records import StoredEvent
from aftermath.relations import By, Dyad, build_series, make_outlook, rolling_origin
from aftermath.relations.forecasters import fit_damped, persistence_forecast
from aftermath.relations.outlook import crps_gaussian
from aftermath.relations.periods import calendar


def test_crps_gaussian_known_values():
    # CRPS of N(0, 1) at its mean is 2φ(0) − 1/√π = √2/√π − 1/√π.
    assert crps_gaussian(0.0, 0.0, 1.0) == pytest.approx((math.sqrt(2) - 1) / math.sqrt(math.pi))
    assert crps_gaussian(3.0, 1.0, 0.0) == 2.0  # a point forecast: the absolute error
    assert crps_gaussian(5.0, 0.0, 1.0) == pytest.approx(5.0 - 1 / math.sqrt(math.pi), abs=1e-4)


def test_backtest_persistence_figures_on_a_straight_line():
    values = np.arange(1.0, 11.0)  # 1..10: persistence is always 1 behind, 1 step ahead
    backtest = rolling_origin(values, horizon=1)
    assert backtest is not None
    assert (backtest.origins, backtest.scored) == (4, 4)  # origins 6..9 (6 values to learn)
    assert backtest.persistence_mae == 1.0
    # Spread of persistence = RMS of past changes = 1, so every forecast is N(y−1, 1).
    expected = crps_gaussian(1.0, 0.0, 1.0)
    assert backtest.persistence_crps == pytest.approx(expected, abs=1e-4)
    assert backtest.model_mae < backtest.persistence_mae  # the damped trend learns the slope


def test_backtest_scores_only_observed_periods():
    values = np.array([1.0, 1, 1, 1, 1, 1, math.nan, 2, math.nan, 2])
    backtest = rolling_origin(values, horizon=1)
    assert backtest is not None and backtest.scored == 2


def test_backtest_is_none_when_history_is_too_short():
    assert rolling_origin(np.array([1.0, 2.0, 3.0]), horizon=1) is None


def test_persistence_spread_grows_with_the_square_root_of_horizon():
    means, sds = persistence_forecast(np.array([0.0, 1.0, 0.0, 1.0]), 3)
    assert list(means) == [1.0, 1.0, 1.0]
    assert list(sds) == pytest.approx([1.0, math.sqrt(2), math.sqrt(3)])


def test_damped_fit_carries_the_level_over_gaps():
    fit = fit_damped(np.array([2.0, 2.0, math.nan, 2.0, 2.0, math.nan]))
    means, _sds = fit.forecast(2)
    assert list(means) == pytest.approx([2.0, 2.0]) and fit.sigma == 0.0


def _series(goldstein_by_month: list[float]):  # type: ignore[no-untyped-def]
    months = calendar("2016-01", "2017-12", By.MONTH)[: len(goldstein_by_month)]
    events = [
        StoredEvent(n, f"d{n}", "TUR", "RUS", "CONSULT", "040", 1 if g >= 0 else 3, g,
                    f"{month}-15", "day", None, "asserted")
        for n, (month, g) in enumerate(zip(months, goldstein_by_month, strict=True))
    ]
    return build_series(events, Dyad("TUR", "RUS"))


def test_outlook_states_plainly_when_it_does_not_beat_persistence():
    outlook = make_outlook(_series([1.0] * 12), horizon=2)
    assert outlook is not None
    assert outlook.periods == ("2017-01", "2017-02")
    assert outlook.forecast == (1.0, 1.0)
    assert outlook.beats_persistence is False
    assert "does not beat persistence" in outlook.note


def test_outlook_interval_contains_the_forecast_and_widens():
    outlook = make_outlook(_series([1.0, -2.0, 3.0, 0.5, -1.0, 2.0, 1.0, -3.0, 2.5, 0.0]))
    assert outlook is not None and outlook.horizon == 3
    widths = [high - low for low, high in outlook.interval]
    assert all(low <= f <= high for f, (low, high) in zip(outlook.forecast, outlook.interval,
                                                          strict=True))
    assert widths == sorted(widths) and widths[0] > 0


@pytest.mark.parametrize("horizon", [0, 4])
def test_outlook_horizon_is_one_to_three(horizon):
    with pytest.raises(ValueError, match="1 to 3"):
        make_outlook(_series([1.0] * 8), horizon=horizon)
