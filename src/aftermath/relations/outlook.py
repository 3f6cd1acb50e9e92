"""Outlook: a 1–3 period forecast of a dyad's line, and a backtest that says if it is worth reading.

The forecast comes from damped-trend exponential smoothing (`forecasters`). Its worth is
measured by a rolling-origin backtest on the same series: from each of the last
`MAX_ORIGINS` origins, fit on the history before it, forecast 1..H periods ahead and score
against what was then observed (periods without events are not scored: nothing was
observed). Scores are the mean absolute error of the point forecast and the continuous
ranked probability score of the Gaussian predictive distribution (closed form, Gneiting &
Raftery 2007), for the model, persistence and EWMA alike. When the model does not beat
persistence on both scores, the outlook says so in plain words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from aftermath.relations.forecasters import (
    Forecaster,
    damped_forecast,
    ewma_forecast,
    fit_damped,
    persistence_forecast,
)
from aftermath.relations.periods import next_period
from aftermath.relations.series import DyadSeries

LEVEL = 0.8           # central prediction interval
_Z = 1.2815515655446004  # standard normal quantile at (1 + LEVEL) / 2
MIN_TRAIN = 6         # periods with events before the first backtest origin
MAX_ORIGINS = 24      # most recent origins scored: enough to compare, bounded cost
TARGETS = ("goldstein_mean", "conflict_share", "events", "goldstein_sum")


@dataclass(frozen=True, slots=True)
class Backtest:
    origins: int
    scored: int           # (origin, horizon) pairs with an observed outcome
    model_mae: float
    persistence_mae: float
    ewma_mae: float
    model_crps: float
    persistence_crps: float
    ewma_crps: float


@dataclass(frozen=True, slots=True)
class Outlook:
    target: str
    horizon: int
    periods: tuple[str, ...]
    forecast: tuple[float, ...]
    interval: tuple[tuple[float, float], ...]
    model: str
    backtest: Backtest | None
    beats_persistence: bool | None
    note: str


def crps_gaussian(observed: float, mean: float, sd: float) -> float:
    """CRPS of N(mean, sd²) at the observation; the absolute error when sd is 0."""
    if sd <= 0:
        return abs(observed - mean)
    z = (observed - mean) / sd
    cdf = 0.5 * (1 + math.erf(z / math.sqrt(2)))
    pdf = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    return sd * (z * (2 * cdf - 1) + 2 * pdf - 1 / math.sqrt(math.pi))


def target_values(series: DyadSeries, target: str = "goldstein_mean") -> np.ndarray:
    """One value per period of the series; NaN where the target is undefined (no events)."""
    if target not in TARGETS:
        raise ValueError(f"unknown outlook target {target!r}; one of {', '.join(TARGETS)}")
    values = [getattr(p, target) for p in series.periods]
    return np.array([math.nan if v is None else float(v) for v in values])


def rolling_origin(
    values: np.ndarray, horizon: int, *, min_train: int = MIN_TRAIN,
    max_origins: int = MAX_ORIGINS,
) -> Backtest | None:
    """Score model, persistence and EWMA from the last origins; None when history is too short."""
    observed_before = np.cumsum(~np.isnan(values))
    origins = [o for o in range(1, len(values)) if observed_before[o - 1] >= min_train]
    origins = origins[-max_origins:]
    forecasters: dict[str, Forecaster] = {
        "model": damped_forecast, "persistence": persistence_forecast, "ewma": ewma_forecast}
    errors: dict[str, list[float]] = {name: [] for name in forecasters}
    crps: dict[str, list[float]] = {name: [] for name in forecasters}
    used = 0
    for origin in origins:
        steps = [h for h in range(1, horizon + 1)
                 if origin + h - 1 < len(values) and not math.isnan(values[origin + h - 1])]
        if not steps:
            continue
        used += 1
        history = values[:origin]
        for name, forecaster in forecasters.items():
            means, sds = forecaster(history, horizon)
            for h in steps:
                actual = float(values[origin + h - 1])
                errors[name].append(abs(actual - float(means[h - 1])))
                crps[name].append(crps_gaussian(actual, float(means[h - 1]), float(sds[h - 1])))
    if not used:
        return None

    def mean(items: list[float]) -> float:
        return round(sum(items) / len(items), 4)

    return Backtest(
        origins=used, scored=len(errors["model"]),
        model_mae=mean(errors["model"]), persistence_mae=mean(errors["persistence"]),
        ewma_mae=mean(errors["ewma"]), model_crps=mean(crps["model"]),
        persistence_crps=mean(crps["persistence"]), ewma_crps=mean(crps["ewma"]),
    )


def _note(backtest: Backtest | None, target: str) -> tuple[bool | None, str]:
    if backtest is None:
        return None, (f"Too few periods with events to backtest (need more than {MIN_TRAIN}); "
                      "the forecast is untested.")
    figures = (f"MAE {backtest.model_mae:.3f} vs {backtest.persistence_mae:.3f}, "
               f"CRPS {backtest.model_crps:.3f} vs {backtest.persistence_crps:.3f}, "
               f"over {backtest.scored} forecasts")
    if backtest.model_mae < backtest.persistence_mae and (
            backtest.model_crps < backtest.persistence_crps):
        ewma = ""
        if backtest.ewma_mae <= backtest.model_mae:
            ewma = (f" It does no better than a plain EWMA (MAE {backtest.ewma_mae:.3f}): "
                    "its trend adds nothing here.")
        return True, f"The model beats persistence in the backtest ({figures}).{ewma}"
    return False, (f"The model does not beat persistence in the backtest ({figures}): "
                   f"read the outlook as 'no change' in the {target.replace('_', ' ')}.")


def make_outlook(series: DyadSeries, *, horizon: int = 3,
                 target: str = "goldstein_mean") -> Outlook | None:
    """Forecast the next 1..3 periods with an interval and its backtest; None without events."""
    if not 1 <= horizon <= 3:
        raise ValueError("the outlook horizon is 1 to 3 periods")
    values = target_values(series, target)
    if not series.periods or np.isnan(values).all():
        return None
    fit = fit_damped(values)
    means, sds = fit.forecast(horizon)
    keys, key = [], series.periods[-1].period
    for _ in range(horizon):
        key = next_period(key, series.by)
        keys.append(key)
    backtest = rolling_origin(values, horizon)
    beats, note = _note(backtest, target)
    return Outlook(
        target=target, horizon=horizon, periods=tuple(keys),
        forecast=tuple(round(float(m), 3) for m in means),
        interval=tuple((round(float(m - _Z * s), 3), round(float(m + _Z * s), 3))
                       for m, s in zip(means, sds, strict=True)),
        model=(f"damped-trend exponential smoothing (alpha {fit.alpha}, beta {fit.beta}, "
               f"phi {fit.phi}, sigma {fit.sigma:.3f})"),
        backtest=backtest, beats_persistence=beats, note=note,
    )
