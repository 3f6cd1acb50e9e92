"""The incident gold sets are well formed and the suite scores them (#6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aftermath.eval.incidents import (
    GOLD,
    HARD,
    STORIES,
    SUITE,
    bcubed,
    heldout_weeks,
    load_gold_set,
    merged_acts,
    score_incidents,
)
from aftermath.eval.suite import discover


@pytest.mark.parametrize("path", sorted([*GOLD.glob("*.yaml"), *GOLD.glob(f"{HARD}/*.yaml"),
                                         *GOLD.glob(f"{STORIES}/*.yaml")]),
                         ids=lambda p: p.stem)
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
    assert SUITE.split


@pytest.mark.issue(13)
def test_issue_13_merged_acts_counts_gold_incidents_sharing_a_predicted_one():
    gold = {"a": "x", "b": "x", "c": "y", "d": "z"}
    assert merged_acts(gold, {"a": 1, "b": 2, "c": 3, "d": 4}) == []
    assert merged_acts(gold, {"a": 1, "b": 1, "c": 1, "d": 4}) == ["x", "y"]


@pytest.mark.issue(13)
def test_issue_13_hard_set_is_large():
    weeks = sorted(GOLD.glob(f"{HARD}/*.yaml"))
    articles = sum(len(load_gold_set(path)["documents"]) for path in weeks)
    assert len(weeks) >= 6 and articles >= 40


@pytest.mark.issue(19)
def test_issue_19_weeks_written_with_their_rules_are_dev():
    held = heldout_weeks()
    older = [p.stem for p in [*GOLD.glob("*.yaml"), *GOLD.glob(f"{HARD}/*.yaml")]]
    assert older and held.isdisjoint(older)


@pytest.mark.slow
def test_incidents_suite_reports_figures(nlp, kb):
    report = score_incidents(GOLD, nlp, kb)
    figures = report.figures()
    assert set(figures) == {"bcubed_precision", "bcubed_recall", "bcubed_f1", "acts_apart",
                            "hypothesis_recall", "hard_bcubed_precision", "hard_bcubed_recall",
                            "hard_bcubed_f1", "hard_acts_apart", "story_bcubed_precision",
                            "story_bcubed_recall", "story_bcubed_f1", "story_acts_apart",
                            "story_hypothesis_recall"}
    assert all(0.0 <= value <= 1.0 for value in figures.values())
    assert {"merged_acts", "hard_merged_acts"} <= set(report.as_dict())
