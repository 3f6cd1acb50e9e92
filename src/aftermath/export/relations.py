"""The JSON of `aftermath relations A B --json` (issue #7), and the partners listing.

Shape: {"dyad", "periods": [{"period", "events", "quad": {"1".."4"}, "goldstein_sum",
"goldstein_mean", "conflict_share", "normalised"}], "turning_points": [{"period",
"direction", "magnitude", "incidents"}], "outlook": {"horizon", "forecast", "interval",
"backtest": {"model_mae", "persistence_mae", "ewma_mae", "model_crps", "persistence_crps"}}}.
Keys may be added (e.g. "by", "documents", "beats_persistence"); none is renamed or dropped.
Undefined values (the mean of no events) are null, never 0.
"""

from __future__ import annotations

from typing import Any

from aftermath.relations.outlook import Outlook
from aftermath.relations.report import Partner, RelationReport
from aftermath.relations.series import CountedEvent, DyadPeriod


def period_json(period: DyadPeriod) -> dict[str, Any]:
    return {
        "period": period.period,
        "events": period.events,
        "quad": {str(n + 1): count for n, count in enumerate(period.quad_counts)},
        "goldstein_sum": period.goldstein_sum,
        "goldstein_mean": period.goldstein_mean,
        "conflict_share": period.conflict_share,
        "normalised": period.normalised,
        "documents": period.documents,
    }


def incident_json(counted: CountedEvent, details: dict[int, dict[str, Any]]) -> dict[str, Any]:
    event = counted.event
    words = details.get(event.id, {})
    return {
        "event_id": event.id, "date": event.date, "plover": event.plover, "cameo": event.cameo,
        "goldstein": event.goldstein, "source": event.source, "target": event.target,
        "place": event.place, "documents": counted.documents, "rows": counted.rows,
        "document_id": event.document_id, "title": words.get("title"),
        "outlet": words.get("outlet"), "evidence": words.get("evidence_text"),
    }


def outlook_json(outlook: Outlook | None) -> dict[str, Any] | None:
    if outlook is None:
        return None
    backtest = outlook.backtest
    return {
        "horizon": outlook.horizon,
        "forecast": list(outlook.forecast),
        "interval": [list(pair) for pair in outlook.interval],
        "backtest": None if backtest is None else {
            "model_mae": backtest.model_mae, "persistence_mae": backtest.persistence_mae,
            "ewma_mae": backtest.ewma_mae, "model_crps": backtest.model_crps,
            "persistence_crps": backtest.persistence_crps, "ewma_crps": backtest.ewma_crps,
            "origins": backtest.origins, "scored": backtest.scored,
        },
        "periods": list(outlook.periods),
        "target": outlook.target,
        "level": 0.8,
        "model": outlook.model,
        "beats_persistence": outlook.beats_persistence,
        "note": outlook.note,
    }


def relation_json(report: RelationReport) -> dict[str, Any]:
    series = report.series
    return {
        "dyad": series.dyad.label,
        "periods": [period_json(p) for p in series.periods],
        "turning_points": [
            {
                "period": point.period, "direction": point.direction,
                "magnitude": point.magnitude,
                "incidents": [incident_json(c, report.details) for c in point.incidents],
                "goldstein_before": point.goldstein_before,
                "goldstein_after": point.goldstein_after,
                "conflict_share_before": point.conflict_share_before,
                "conflict_share_after": point.conflict_share_after,
            }
            for point in report.turning_points
        ],
        "outlook": outlook_json(report.outlook),
        "by": str(series.by),
        "directed": series.dyad.directed,
        "counted": {"rows": series.rows, "duplicates": series.duplicates,
                    "unplaced": series.unplaced},
        "count": series.count,
    }


def partners_json(actor: str, partners: list[Partner]) -> dict[str, Any]:
    return {
        "actor": actor,
        "partners": [
            {"partner": p.country, "events": p.events, "conflict_share": p.conflict_share,
             "goldstein_mean": p.goldstein_mean}
            for p in partners
        ],
    }
