"""A chart of a relation report: Goldstein mean with outlook above, quad-class counts below.

matplotlib with the Agg backend (no display needed); the format follows the file suffix.
"""

from __future__ import annotations

from pathlib import Path

from aftermath.errors import InputError
from aftermath.relations.report import RelationReport

FORMATS = (".png", ".svg")
QUAD_COLOURS = ("#4c9f70", "#1b6f3a", "#e0a040", "#b2182b")
QUAD_NAMES = ("verbal coop.", "material coop.", "verbal conflict", "material conflict")


def plot_relation(report: RelationReport, path: Path) -> Path:
    """Write the chart to `path` (.png or .svg); turning points are dashed vertical lines."""
    if path.suffix.lower() not in FORMATS:
        raise InputError(f"{path}: the chart is written as .png or .svg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = report.series
    keys = [p.period for p in series.periods]
    index = {key: n for n, key in enumerate(keys)}
    figure, (top, bottom) = plt.subplots(
        2, 1, figsize=(max(7.0, 0.25 * len(keys) + 3), 6), sharex=True,
        gridspec_kw={"height_ratios": [3, 2]})
    observed = [(n, p.goldstein_mean) for n, p in enumerate(series.periods) if p.events]
    if observed:
        top.plot([n for n, _ in observed], [g for _, g in observed], "o-", color="#333333",
                 label="Goldstein mean")
    outlook = report.outlook
    if outlook is not None and outlook.target == "goldstein_mean":
        steps = [len(keys) + n for n in range(outlook.horizon)]
        lows = [low for low, _ in outlook.interval]
        highs = [high for _, high in outlook.interval]
        top.fill_between(steps, lows, highs, color="#7799cc", alpha=0.3, label="80% interval")
        top.plot(steps, outlook.forecast, "s--", color="#3366aa", label="outlook")
        keys = keys + list(outlook.periods)
    top.axhline(0, color="#999999", linewidth=0.8)
    top.set_ylabel("Goldstein mean")
    top.set_title(f"{series.dyad.label} by {series.by}")
    bottom_level = [0] * len(series.periods)
    for quad in range(4):
        counts = [p.quad_counts[quad] for p in series.periods]
        bottom.bar(range(len(counts)), counts, bottom=bottom_level, color=QUAD_COLOURS[quad],
                   label=QUAD_NAMES[quad])
        bottom_level = [a + b for a, b in zip(bottom_level, counts, strict=True)]
    bottom.set_ylabel("events")
    for point in report.turning_points:
        n = index[point.period]
        for axis in (top, bottom):
            axis.axvline(n - 0.5, color="#b2182b" if point.direction == "conflict" else "#1b6f3a",
                         linestyle="--", linewidth=1)
        top.annotate(f"{point.direction} {point.magnitude:.1f}", (n - 0.5, top.get_ylim()[1]),
                     fontsize=7, rotation=90, va="top", ha="right")
    step = max(1, len(keys) // 24)
    bottom.set_xticks(range(0, len(keys), step))
    bottom.set_xticklabels(keys[::step], rotation=90, fontsize=7)
    top.legend(fontsize=7, loc="lower left")
    bottom.legend(fontsize=7, loc="upper left")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path
