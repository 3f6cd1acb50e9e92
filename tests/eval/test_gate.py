from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aftermath.cli import app
from aftermath.eval import suite as gate


def _baseline(floors: dict[str, float], digest: str = "d1") -> dict:
    return {"suites": {"s": {"digest": digest, "floors": floors}}}


def test_gate_fails_below_floor_beyond_noise_margin():
    baseline = _baseline({"f1": 0.60})
    assert gate.check("s", {"f1": 0.598}, "d1", baseline).ok
    result = gate.check("s", {"f1": 0.55}, "d1", baseline)
    assert not result.ok and "below its floor" in result.failures[0]


def test_gate_fails_when_data_changed_or_figure_missing():
    baseline = _baseline({"f1": 0.60, "recall": 0.5})
    failures = gate.check("s", {"f1": 0.9}, "other", baseline).failures
    assert any("gold data changed" in f for f in failures)
    assert any("recall is no longer reported" in f for f in failures)
    assert not gate.check("unpinned", {"f1": 1.0}, "d1", baseline).ok


def test_pin_refuses_to_lower_a_floor_unless_allowed():
    baseline = _baseline({"f1": 0.60})
    assert gate.pin("s", {"f1": 0.50}, "d1", baseline)
    assert baseline["suites"]["s"]["floors"]["f1"] == 0.60
    assert not gate.pin("s", {"f1": 0.50}, "d1", baseline, allow_regression=True)
    assert baseline["suites"]["s"]["floors"]["f1"] == 0.50


def test_digest_changes_with_content(tmp_path: Path):
    (tmp_path / "a.txt").write_text("one")
    first = gate.data_digest(tmp_path)
    (tmp_path / "a.txt").write_text("two")
    assert gate.data_digest(tmp_path) != first




def test_every_suite_is_discovered_and_pinned():
    suites = gate.discover()
    assert "plover" in suites
    pinned = gate.load_baseline()["suites"]
    assert set(suites) <= set(pinned), "pin new suites with: aftermath eval gate --pin"


@pytest.mark.shared_data
@pytest.mark.slow
def test_gate_holds_on_the_shared_gold_data(shared_data):
    pinned = sorted(gate.load_baseline()["suites"])
    options = [item for name in pinned for item in ("--suite", name)]
    result = CliRunner().invoke(app, ["eval", "gate", "--data", str(shared_data), *options])
    assert result.exit_code == 0, result.output
