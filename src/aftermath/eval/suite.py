"""What an evaluation suite is, how suites are found, and the floors gate.

Each module in `aftermath.eval` that defines `SUITE = Suite(...)` is a suite: `aftermath
eval gate` finds it without a list to edit. `eval/baseline.json` pins, per suite, a floor
for each headline figure and a digest of the gold data, so a score can only be compared
with the data it was pinned on. Lowering a floor needs `--allow-regression`.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from aftermath.errors import ConfigError

BASELINE = Path(__file__).resolve().parents[3] / "eval" / "baseline.json"
NOISE_MARGIN = 0.005


class Report(Protocol):
    def figures(self) -> dict[str, float]: ...   # headline figures the gate pins
    def as_dict(self) -> dict[str, Any]: ...
    def render(self) -> str: ...


@dataclass(frozen=True, slots=True)
class SplitReport:
    """A suite scored on its dev and held-out parts (eval/split.py).

    The held-out figures are the headline (what the gate pins); the dev part is rendered in
    full, misses and confusions included, because only its misses may be read.
    """

    dev: Report
    heldout: Report

    def figures(self) -> dict[str, float]:
        return self.heldout.figures()

    def as_dict(self) -> dict[str, Any]:
        held = self.heldout.as_dict()
        return {"records": held.get("records"), "heldout": self.heldout.figures(),
                "dev": self.dev.as_dict()}

    def render(self) -> str:
        dev, held = self.dev.figures(), self.heldout.figures()
        lines = [f"{'figure':<28} {'held-out':>9} {'dev':>7}   (held-out is the claim)"]
        lines += [f"  {key:<26} {held[key]:>9.3f} {dev.get(key, 0.0):>7.3f}"
                  for key in sorted(held)]
        lines += ["", "dev part in full (read misses here, never on held-out):", self.dev.render()]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Suite:
    """`run(data_dir, nlp, kb)` scores one gold set found at `<data root>/<data>`.

    A suite with `split=True` has a `run` that takes `keep=` (a predicate over record ids,
    see eval/split.py); `evaluate` then scores the dev and held-out parts apart.
    """

    name: str
    data: str
    run: Callable[..., Report]
    needs_nlp: bool = True
    split: bool = False

    def evaluate(self, data_dir: Path, nlp: Any, kb: Any) -> Report:
        """Score the suite: a SplitReport for split suites, the plain report otherwise."""
        if not self.split:
            return self.run(data_dir, nlp, kb)
        from aftermath.eval.split import keeper

        return SplitReport(
            dev=self.run(data_dir, nlp, kb, keep=keeper("dev", salt=self.name)),
            heldout=self.run(data_dir, nlp, kb, keep=keeper("heldout", salt=self.name)),
        )


def discover() -> dict[str, Suite]:
    import aftermath.eval as package

    suites: dict[str, Suite] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        suite = getattr(module, "SUITE", None)
        if isinstance(suite, Suite):
            suites[suite.name] = suite
    return suites


def data_digest(folder: Path) -> str:
    """sha256 over every file's relative path and bytes, in sorted order."""
    if not folder.is_dir():
        raise ConfigError(f"gold data folder not found: {folder}")
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    if not path.exists():
        return {"suites": {}}
    try:
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as err:
        raise ConfigError(f"{path}: not valid JSON: {err}") from err
    data.setdefault("suites", {})
    return data


@dataclass(frozen=True, slots=True)
class GateResult:
    suite: str
    failures: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def check(suite: str, figures: dict[str, float], digest: str,
          baseline: dict[str, Any], margin: float = NOISE_MARGIN) -> GateResult:
    """Compare figures with the pinned floors; unknown suites and new figures pass."""
    pinned = baseline["suites"].get(suite)
    if pinned is None:
        return GateResult(suite, (f"{suite}: no floors pinned (run with --pin)",))
    failures = []
    if pinned.get("digest") != digest:
        failures.append(f"{suite}: gold data changed (digest {digest}, pinned "
                        f"{pinned.get('digest')}); re-pin with --pin")
    for key, floor in pinned.get("floors", {}).items():
        value = figures.get(key)
        if value is None:
            failures.append(f"{suite}: figure {key} is no longer reported")
        elif value < floor - margin:
            failures.append(f"{suite}: {key} {value:.3f} is below its floor {floor:.3f}")
    return GateResult(suite, tuple(failures))


def pin(suite: str, figures: dict[str, float], digest: str, baseline: dict[str, Any],
        allow_regression: bool = False) -> list[str]:
    """Set floors to the current figures. Returns refusals when a floor would go down."""
    pinned = baseline["suites"].get(suite, {})
    old = pinned.get("floors", {})
    lowered = [f"{suite}: {k} would drop from {old[k]:.3f} to {v:.3f}"
               for k, v in figures.items() if k in old and v < old[k] - NOISE_MARGIN]
    if lowered and not allow_regression and pinned.get("digest") == digest:
        return lowered
    baseline["suites"][suite] = {
        "digest": digest, "floors": {k: round(v, 3) for k, v in sorted(figures.items())},
    }
    return []


def save_baseline(baseline: dict[str, Any], path: Path = BASELINE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", "utf-8")
