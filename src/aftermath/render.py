"""Readable text for analysts: the brief of one article and a relation line.

Pure functions from records to strings; the CLI prints them.
"""

from __future__ import annotations

from aftermath.incidents.model import Brief
from aftermath.incidents.report import brief_text
from aftermath.records import ActorRef, Analysis, Event
from aftermath.relations.report import RelationReport
from aftermath.relations.series import DyadPeriod


def _actor(ref: ActorRef | None) -> str:
    if ref is None:
        return "?"
    return f"{ref.text} [{ref.code}]" if ref.code else ref.text


def event_line(event: Event) -> str:
    date = event.date.value if event.date else "undated"
    place = f" in {event.place.name}" if event.place else ""
    status = "" if event.status == "asserted" else f" ({event.status})"
    mode = f"/{event.mode}" if event.mode else ""
    return (
        f"{date}{place}: {_actor(event.source)} → {_actor(event.target)}: "
        f"{event.plover}{mode} (CAMEO {event.cameo}, Goldstein {event.goldstein:+.1f}){status}"
    )


def _quote(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def brief(analysis: Analysis | Brief) -> str:
    """The brief of one article (events, who said what, claims with evidence status), or of
    one incident across its coverage (#6)."""
    if isinstance(analysis, Brief):
        return brief_text(analysis)
    document = analysis.document
    head = document.title or document.id
    meta = ", ".join(part for part in (document.outlet, document.published) if part)
    lines = [f"# {head}" + (f" ({meta})" if meta else "")]
    lines.append("\nWhat happened:")
    lines += [f"  - {event_line(e)}" for e in analysis.events] or ["  (no coded events)"]
    lines.append("\nWho said what:")
    lines += [
        f"  - {_actor(a.speaker)} {a.cue.text}: \"{_quote(a.content.text, 110)}\""
        + (" (quote)" if a.direct else "")
        for a in analysis.attributions
    ] or ["  (no attributions)"]
    lines.append("\nClaims:")
    lines += [
        f"  - {c.kind}: {_actor(c.claimant)} → {_actor(c.subject)}"
        + (f" for {c.object.text}" if c.object else "")
        + f" [{c.evidence_status}]: \"{_quote(c.content.text, 100)}\""
        for c in analysis.claims
    ] or ["  (no claims)"]
    return "\n".join(lines)


def relation_line(periods: list[DyadPeriod] | tuple[DyadPeriod, ...], by: str = "month") -> str:
    """A period-by-period table of a dyad: counts by quad class and the Goldstein mean."""
    if not any(p.events for p in periods):
        return "(no events between the two)"
    first, second = periods[0].first, periods[0].second
    width = max(8, max(len(p.period) for p in periods))
    rows = [
        f"{first}–{second} by {by}  (VC verbal coop, MC material coop, VK verbal conflict, "
        "MK material conflict)",
        f"{by:<{width}} {'VC':>3} {'MC':>3} {'VK':>3} {'MK':>3} {'mean G':>7}  bar  top events",
    ]
    for period in periods:
        mean = period.goldstein_mean
        vc, mc, vk, mk = period.quad_counts
        if mean is None:
            rows.append(f"{period.period:<{width}} {'':>3} {'':>3} {'':>3} {'':>3} {'·':>7}")
            continue
        bar = ("+" * min(10, round(mean))) if mean > 0 else ("-" * min(10, round(-mean)))
        rows.append(
            f"{period.period:<{width}} {vc:>3} {mc:>3} {vk:>3} {mk:>3} {mean:>+7.2f}  "
            f"{bar:<10} " + ", ".join(period.top_events)
        )
    return "\n".join(rows)


def relation_report_text(report: RelationReport) -> str:
    """The relation line, its turning points with the events behind them, and the outlook."""
    series = report.series
    lines = [relation_line(series.periods, str(series.by))]
    lines.append(f"\nCounted {series.rows - series.duplicates} events from {series.rows} rows "
                 f"({series.duplicates} duplicates folded; {series.unplaced} dated too coarsely "
                 f"for a {series.by})")
    lines.append("\nTurning points:")
    if not report.turning_points:
        lines.append("  (none found)")
    for point in report.turning_points:
        lines.append(
            f"  - {point.period}: toward {point.direction}, Goldstein mean "
            f"{point.goldstein_before:+.2f} → {point.goldstein_after:+.2f}, conflict share "
            f"{point.conflict_share_before:.2f} → {point.conflict_share_after:.2f}")
        for counted in point.incidents:
            event = counted.event
            title = report.details.get(event.id, {}).get("title") or event.document_id
            lines.append(
                f"      {event.date} {event.source} → {event.target} {event.plover} "
                f"({event.goldstein:+.1f}; {counted.documents} doc.) — {_quote(title, 70)}")
    outlook = report.outlook
    lines.append("\nOutlook:")
    if outlook is None:
        lines.append("  (no events to forecast from)")
    else:
        for key, value, (low, high) in zip(outlook.periods, outlook.forecast, outlook.interval,
                                           strict=True):
            lines.append(f"  {key}: {outlook.target.replace('_', ' ')} {value:+.2f} "
                         f"(80% interval {low:+.2f} to {high:+.2f})")
        lines.append(f"  model: {outlook.model}")
        lines.append(f"  {outlook.note}")
    return "\n".join(lines)
