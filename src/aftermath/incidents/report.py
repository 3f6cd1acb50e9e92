"""The brief and the incident list as text for a terminal, with rich tables (#6).

Pure: returns a string; the CLI prints it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

from aftermath.incidents.model import Brief, Framing, Hypothesis, Incident
from aftermath.records import Act

WIDTH = 140
SHOWN_ACTS = 8


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def what_happened(brief: Brief) -> str:
    """"What happened: 7 acts from 11 reports (24 event mentions)": acts, the reports
    (documents) telling them, and the coded events folded into them."""
    mentions = sum(len(act.reports) for act in brief.acts)
    reports = len({doc for act in brief.acts for doc in act.documents})
    return (f"What happened: {_plural(len(brief.acts), 'act')} from "
            f"{_plural(reports, 'report')} ({_plural(mentions, 'event mention')}):")


def act_line(act: Act) -> str:
    """One act: when, where, who → what → whom, and how many reports and outlets tell it."""
    who = [f"{side.name}" + (f" · {side.code}" if side.code else "")
           for side in (act.source, act.target) if side is not None]
    if act.source is None and act.target is not None:
        who = [f"(unnamed) → {who[0]}"]
    where = f" in {act.place}" if act.place else ""
    return (f"{act.date or 'undated'}{where}: {' → '.join(who)}: {act.plover} "
            f"(CAMEO {act.cameo}); {_plural(len(act.documents), 'report')}, "
            f"{_plural(len(act.reports), 'mention')}, {_plural(len(act.outlets), 'outlet')}, "
            f"first {act.first_report or '?'}")


def _render(*items: object) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=WIDTH, force_terminal=False, color_system=None,
                      markup=False, highlight=False)  # "[TURGOV]" is data, not a style
    for item in items:
        console.print(item)
    return buffer.getvalue().rstrip("\n")


def incidents_table(incidents: Iterable[Incident]) -> str:
    table = Table(title="Incidents", show_lines=False)
    for column in ("id", "label", "docs", "outlets", "countries", "first report"):
        table.add_column(column, overflow="fold")
    for incident in incidents:
        table.add_row(incident.id, incident.label, str(len(incident.documents)),
                      str(incident.outlet_count), " ".join(incident.countries),
                      incident.first_report or "-")
    return _render(table)


def _statuses(hypothesis: Hypothesis) -> str:
    counts = ", ".join(f"{n} {s}" for s, n in sorted(hypothesis.status_counts.items(),
                                                     key=lambda kv: -kv[1]))
    if not hypothesis.evidence_cited:
        counts += "; no claim cites evidence"
    return counts


def _proponents(hypothesis: Hypothesis, limit: int = 4) -> str:
    shown = [f"{p.text}" + (f" [{p.code}]" if p.code and p.code != p.text else "")
             for p in hypothesis.proponents[:limit]]
    more = len(hypothesis.proponents) - limit
    return "; ".join(shown) + (f"; +{more} more" if more > 0 else "")


def hypotheses_table(brief: Brief) -> Table:
    table = Table(title="Competing explanations (by number of reports carrying each)",
                  show_lines=True)
    for column in ("#", "explanation", "docs", "proponents", "outlets (countries)",
                   "evidence status", "denied by", "seen"):
        table.add_column(column, overflow="fold")
    for n, hypothesis in enumerate(brief.hypotheses, 1):
        deniers = sorted({d.claimant_name or d.claimant or "unnamed" for d in hypothesis.denials})
        seen = f"{hypothesis.first_seen or '?'} – {hypothesis.last_seen or '?'}"
        table.add_row(
            str(n), hypothesis.label, str(hypothesis.support), _proponents(hypothesis),
            f"{', '.join(hypothesis.outlets)} ({', '.join(hypothesis.outlet_countries)})",
            _statuses(hypothesis), ", ".join(deniers) or "-", seen,
        )
    return table


def evidence_lines(brief: Brief) -> str:
    """One evidence sentence per explanation, with document id and character offsets."""
    lines = ["Evidence (one sentence per explanation; all of them in --json):"]
    for n, hypothesis in enumerate(brief.hypotheses, 1):
        ref = hypothesis.claims[0]
        lines.append(f"  {n}. \"{_clip(ref.text, 110)}\" [{ref.document_id} "
                     f"{ref.start}-{ref.end}, {ref.evidence_status}]")
        lines += _status_lines(hypothesis)
    return "\n".join(lines)


def _status_lines(hypothesis: Hypothesis) -> list[str]:
    """For each evidence status the explanation's claims reached by a rule, the first
    sentence that decided it (#13): "unsupported by writer.doubt_after: 'Yet he ...'"."""
    lines, seen = [], set()
    for ref in hypothesis.claims:
        if ref.status_text is None or ref.evidence_status in seen:
            continue
        seen.add(ref.evidence_status)
        if (ref.status_start, ref.status_end, ref.status_sentence) == (
                ref.start, ref.end, ref.sentence):
            lines.append(f"     {ref.evidence_status} ({ref.status_rule}): in its own sentence")
            continue
        where = ("headline" if ref.status_sentence is not None and ref.status_sentence < 0
                 else f"{ref.status_start}-{ref.status_end}")
        lines.append(f"     {ref.evidence_status} ({ref.status_rule}): "
                     f"\"{_clip(ref.status_text, 100)}\" [{ref.document_id} {where}]")
    return lines


def _clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def framing_table(title: str, entries: tuple[Framing, ...], labels: dict[str, str]) -> Table:
    """One row per outlet or group, so they read side by side down the columns."""
    table = Table(title=title, show_lines=True)
    for column in ("who (reports)", "carries", "leaves out", "quotes most",
                   "unsupported/hedged", "words for the event"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        share = "-" if entry.unsupported_share is None else f"{entry.unsupported_share:.0%}"
        table.add_row(
            f"{entry.name} [{entry.country}, {entry.ownership}] ({entry.documents})",
            "; ".join(labels[k] for k in entry.hypotheses) or "-",
            "; ".join(labels[k] for k in entry.missing) or "-",
            ", ".join(f"{a} ({n})" for a, n in entry.quoted[:4]) or "-", share,
            ", ".join(f"{w} ({n})" for w, n in entry.words[:5]) or "-",
        )
    return table


def brief_text(brief: Brief) -> str:
    """The analyst's brief: what happened, competing explanations, framing side by side."""
    incident = brief.incident
    head = [
        f"# {incident.label}  [{incident.id}]",
        f"{len(incident.documents)} reports from {incident.outlet_count} outlets "
        f"({', '.join(incident.countries)}), first {incident.first_report or '?'}, "
        f"last {incident.last_report or '?'}",
        "",
        what_happened(brief),
    ]
    for act in brief.acts[:SHOWN_ACTS]:
        head.append(f"  - {act_line(act)}")
    if len(brief.acts) > SHOWN_ACTS:
        head.append(f"  ... and {len(brief.acts) - SHOWN_ACTS} more acts (see --json)")
    labels = {h.key: h.label for h in brief.hypotheses}
    parts: list[object] = ["\n".join(head)]
    if brief.hypotheses:
        parts += [hypotheses_table(brief), evidence_lines(brief)]
    else:
        parts.append("No explanations found in the claims of these reports.")
    if brief.unattached:
        parts.append(f"{len(brief.unattached)} claim(s) fit no explanation (unattached; "
                     "see --json).")
    parts.append(framing_table("Framing by outlet country and ownership",
                               brief.framing_groups, labels))
    parts.append(framing_table("Framing by outlet", brief.framing, labels))
    if brief.nearby:
        lines = ["Other incidents reported the same week (kept apart):"]
        lines += [f"  - {i.label} [{i.id}]: {len(i.documents)} report(s), "
                  f"first {i.first_report}" for i in brief.nearby]
        parts.append("\n".join(lines))
    return _render(*parts)
