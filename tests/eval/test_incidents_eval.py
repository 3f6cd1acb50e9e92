"""The incident gold sets are well formed and the suite scores them (#6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aftermath.eval.incidents import GOLD, SUITE, bcubed, load_gold_set, score_incidents
from aftermath.eval.suite import discover


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.yaml")), ids=lambda p: p.stem)
def test_incident_gold_set_groups_every_article_once(path: Path):
    gold = load_gold_set(path)
    grouped = [d for _, docs, _ in gold["incidents"] for d in docs]
    assert len(grouped) == len(set(grouped)) == len(gold["documents"])


def test_bcubed_perfect_and_merged_groupings():
    gold = {"a": "x", "b": "x", "c": "y"}
    assert bcubed(gold, {"a": 1, "b": 1, "c": 2}) == (3.0, 3.0)
    precision, recall = bcubed(gold, {"a": 1, "b": 1, "c": 1})
    assert (round(precision, 3), recall) == (round(2 * 2 / 3 + 1 / 3, 3), 3.0)


def test_incidents_suite_is_discovered_and_reads_the_repository():
    assert discover()["incidents"] is SUITE
    assert Path("../shared/data") / SUITE.data == GOLD


@pytest.mark.slow
def test_incidents_suite_reports_figures(nlp, kb):
    figures = score_incidents(GOLD, nlp, kb).figures()
    assert set(figures) == {"bcubed_precision", "bcubed_recall", "bcubed_f1",
                            "hypothesis_recall"}
    assert all(0.0 <= value <= 1.0 for value in figures.values())
