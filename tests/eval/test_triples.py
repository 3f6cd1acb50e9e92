"""Triple scoring on codes written by hand: levels, one-to-one use, precision over ours."""

from __future__ import annotations

import pytest

from aftermath.eval.triples import Coded, TripleCounts, matched


@pytest.mark.parametrize(("ours", "level", "expected_hits"), [
    (Coded("USAGOV", "CHNGOV", "042"), "exact", 0),   # roles differ from gold's bare codes
    (Coded("USAGOV", "CHNGOV", "042"), "root", 1),    # countries and root 04 agree
    (Coded("USAGOV", "CHNGOV", "036"), "root", 0),    # root 03 is not 04
    (Coded("USAGOV", "CHNGOV", "036"), "quad", 1),    # both verbal cooperation
    (Coded("CHNGOV", "USAGOV", "042"), "root", 0),    # direction matters
    (Coded("", "CHN", "042"), "quad", 0),             # no source, no match
    (Coded("USA", "CHN", "042"), "exact", 1),
])
def test_triples_levels(ours: Coded, level: str, expected_hits: int) -> None:
    assert matched([Coded("USA", "CHN", "042")], [ours], level) == expected_hits


def test_triples_each_event_matches_one_triple() -> None:
    gold = [Coded("BRA", "USA", "031"), Coded("USA", "BRA", "031")]
    assert matched(gold, [Coded("BRA", "USA", "031")], "root") == 1
    assert matched(gold, [Coded("BRA", "USA", "031"), Coded("USA", "BRA", "030")],
                   "root") == 2


def test_triples_precision_counts_every_event_of_ours() -> None:
    counts = TripleCounts()
    counts.add([Coded("GUY", "BRA", "173")], [Coded("GUYJUD", "BRA", "173"),
                                               Coded("", "USA", "190")])
    counts.add([], [Coded("FRA", "RWA", "111")])  # gold expects no event here
    figures = counts.figures()
    assert figures["triple_root_recall"] == 1.0
    assert figures["triple_root_precision"] == pytest.approx(1 / 3, abs=0.001)
    assert figures["source_coded_share"] == pytest.approx(2 / 3, abs=0.001)
