"""The held-out incident weeks are frozen: listed with their sha256 in eval/, never edited (#19).

A held-out week was written and committed before any rule was tuned; editing it afterwards
(to suit a rule) would make its figure a dev figure. These tests fail when a frozen file
changes, disappears, or when the held-out part shrinks below the issue's four stories.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from aftermath.errors import ConfigError
from aftermath.eval.incidents import (
    FROZEN,
    GOLD,
    SUITE,
    changed_frozen_weeks,
    frozen_weeks,
    heldout_weeks,
    load_gold_set,
)

pytestmark = pytest.mark.issue(19)


def test_every_frozen_heldout_week_matches_its_digest():
    weeks = frozen_weeks()
    assert len(weeks) >= 4
    for path, digest in weeks.items():
        assert path.is_file(), f"{path} is frozen but missing"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, (
            f"{path} changed after it was frozen as held-out")
    assert changed_frozen_weeks() == []


def test_frozen_weeks_are_gold_weeks_with_distractors():
    for path in frozen_weeks():
        assert path.resolve().is_relative_to(GOLD)
        gold = load_gold_set(path)
        sizes = sorted(len(docs) for _, docs, _ in gold["incidents"])
        assert 6 <= sizes[-1] <= 10, "one story of 6-10 reports"
        assert len(sizes) >= 3, "two or more distractors"
        assert any(expected for _, _, expected in gold["incidents"])


def test_a_changed_frozen_week_stops_the_suite(tmp_path: Path):
    week = tmp_path / "gold" / "week.yaml"
    week.parent.mkdir()
    week.write_text("articles: []\n", "utf-8")
    manifest = tmp_path / "frozen.sha256"
    digest = hashlib.sha256(week.read_bytes()).hexdigest()
    manifest.write_text(f"{digest}  gold/week.yaml\n", "utf-8")
    assert changed_frozen_weeks(manifest) == [] and heldout_weeks(manifest) == {"week"}
    week.write_text("articles: [edited]\n", "utf-8")
    assert changed_frozen_weeks(manifest) == [str(week)]
    suite = type(SUITE)(name="incidents", data=str(GOLD), run=SUITE.run, split=True,
                        manifest=manifest)
    with pytest.raises(ConfigError, match="changed since they were frozen"):
        suite.evaluate(GOLD, None, None)


def test_the_manifest_is_the_repository_file():
    assert GOLD.parents[1] / "heldout-incidents.sha256" == FROZEN
