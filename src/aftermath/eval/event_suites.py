"""Run the event-coding suites together and lay their figures out as one table.

`aftermath eval events` is the question "how good is event coding today?" answered from
every gold set at once: PLOVER GSR, PETRARCH, ConfliBERT train, RELABEL and the real
Reuters sentences (#17). Each suite is
still its own module with its own `SUITE`, so the gate pins each one separately.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aftermath.eval.suite import Report, discover

EVENT_SUITES = ("plover", "petrarch", "conflibert", "relabel", "realtext")


@dataclass(frozen=True, slots=True)
class SuiteRun:
    name: str
    report: Report
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {"figures": self.report.figures(), "details": self.report.as_dict(),
                "seconds": round(self.seconds, 1)}


def run_event_suites(data_root: Path, nlp: Any, kb: Any,
                     names: tuple[str, ...] = EVENT_SUITES) -> list[SuiteRun]:
    """Score each named suite on `<data_root>/<its data folder>`, in order, timing each."""
    suites = discover()
    runs = []
    for name in names:
        suite = suites[name]
        started = time.perf_counter()
        report = suite.evaluate(data_root / suite.data, nlp, kb)
        runs.append(SuiteRun(name, report, time.perf_counter() - started))
    return runs


def render_table(runs: list[SuiteRun]) -> str:
    """One row per headline figure, grouped by suite, with records and seconds per suite."""
    lines = [f"{'suite':<11} {'records':>7} {'seconds':>7}  {'figure':<26} {'value':>6}"]
    for run in runs:
        records = run.report.as_dict().get("records", "")
        for number, (key, value) in enumerate(sorted(run.report.figures().items())):
            head = (f"{run.name:<11} {records!s:>7} {run.seconds:>7.1f}" if number == 0
                    else " " * 27)
            lines.append(f"{head}  {key:<26} {value:>6.3f}")
    return "\n".join(lines)
