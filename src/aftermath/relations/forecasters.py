"""Three forecasters of a period series with gaps: the model and the two baselines it must beat.

Every forecaster takes the history (NaN where a period had no events: nothing was observed,
so the state is carried forward without an update, as a state-space model treats a missing
observation) and returns, per horizon 1..H, a Gaussian predictive mean and standard deviation.

- **Model: damped-trend exponential smoothing**, ETS(A,Ad,N) (Hyndman et al., *Forecasting
  with Exponential Smoothing*, 2008): a level that moves toward each new observation by α,
  a trend that moves by β and fades by φ per period, so a drift toward rapprochement or
  rupture can carry on for a while but never forever. α, β, φ are chosen from a small grid
  by the one-step squared error on the history (vectorised over the grid); α = 1 and β = 0
  are in the grid, so the model can fall back to persistence when that fits best. The
  predictive variance is the model's own: σ²(1 + Σ_{j<h} c_j²), c_j = α + βφ(1−φ^j)/(1−φ).
- **Persistence**: the last observed value; spread from the observed changes, growing √h.
- **EWMA**: exponential smoothing with a fixed α = 0.3 (no fitting), spread from its errors.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Forecast = tuple[np.ndarray, np.ndarray]  # means, standard deviations; one per horizon
Forecaster = Callable[[np.ndarray, int], Forecast]

ALPHAS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
BETAS = (0.0, 0.02, 0.05, 0.1, 0.2)
PHIS = (0.8, 0.9, 0.98)
EWMA_ALPHA = 0.3     # the usual default smoothing; a baseline, so not fitted
FIT_WINDOW = 120     # periods of history fitted: older ones say little, and bound the cost


@dataclass(frozen=True, slots=True)
class DampedFit:
    alpha: float
    beta: float
    phi: float
    sigma: float
    level: float
    trend: float

    def forecast(self, horizon: int) -> Forecast:
        steps = np.arange(1, horizon + 1)
        damp = np.cumsum(self.phi ** steps)
        means = self.level + damp * self.trend
        c = self.alpha + self.beta * self.phi * (1 - self.phi ** steps[:-1]) / (1 - self.phi)
        var = 1 + np.concatenate(([0.0], np.cumsum(c ** 2)))
        return means, self.sigma * np.sqrt(var)


def _grid() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    combos = [(a, b, p) for a in ALPHAS for b in BETAS for p in PHIS if b <= a]
    alpha, beta, phi = (np.array(values) for values in zip(*combos, strict=True))
    return alpha, beta, phi


_ALPHA, _BETA, _PHI = _grid()


def _observed(history: np.ndarray) -> np.ndarray:
    values = history[-FIT_WINDOW:]
    first = np.flatnonzero(~np.isnan(values))
    return values[first[0]:] if first.size else values[:0]


def fit_damped(history: np.ndarray) -> DampedFit:
    """Fit ETS(A,Ad,N) over the grid: the parameters with the least one-step squared error."""
    values = _observed(history)
    if values.size == 0:
        return DampedFit(1.0, 0.0, 0.9, 0.0, 0.0, 0.0)
    level = np.full(_ALPHA.shape, values[0])
    trend = np.zeros(_ALPHA.shape)
    sse = np.zeros(_ALPHA.shape)
    seen = 0
    for value in values[1:]:
        predicted = level + _PHI * trend
        if math.isnan(value):
            level, trend = predicted, _PHI * trend
            continue
        error = value - predicted
        sse += error * error
        seen += 1
        level = predicted + _ALPHA * error
        trend = _PHI * trend + _BETA * error
    best = int(np.argmin(sse)) if seen else 0
    sigma = math.sqrt(sse[best] / seen) if seen else 0.0
    return DampedFit(float(_ALPHA[best]), float(_BETA[best]), float(_PHI[best]), sigma,
                     float(level[best]), float(trend[best]))


def damped_forecast(history: np.ndarray, horizon: int) -> Forecast:
    return fit_damped(history).forecast(horizon)


def persistence_forecast(history: np.ndarray, horizon: int) -> Forecast:
    values = history[~np.isnan(history)][-FIT_WINDOW:]
    if values.size == 0:
        return np.zeros(horizon), np.zeros(horizon)
    changes = np.diff(values)
    sigma = math.sqrt(float(np.mean(changes ** 2))) if changes.size else 0.0
    return np.full(horizon, values[-1]), sigma * np.sqrt(np.arange(1, horizon + 1))


def ewma_forecast(history: np.ndarray, horizon: int, alpha: float = EWMA_ALPHA) -> Forecast:
    values = _observed(history)
    if values.size == 0:
        return np.zeros(horizon), np.zeros(horizon)
    level, sse, seen = float(values[0]), 0.0, 0
    for value in values[1:]:
        if math.isnan(value):
            continue
        error = float(value) - level
        sse, seen = sse + error * error, seen + 1
        level += alpha * error
    sigma = math.sqrt(sse / seen) if seen else 0.0
    steps = np.arange(horizon)
    return np.full(horizon, level), sigma * np.sqrt(1 + steps * alpha ** 2)
