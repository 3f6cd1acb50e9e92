"""The real-text CAMEO suite (#17): its frozen cut, and its matching on hand-made codes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from aftermath.eval.realtext import GoldEvent, GoldSentence, RealTextReport, load_gold
from aftermath.eval.split import part_of
from aftermath.eval.triples import Coded

FROZEN = Path(__file__).resolve().parents[2] / "eval" / "frozen" / "realtext.heldout.sha256"


def _sentence(events: list[tuple[str, str, str]],
              disputed: list[tuple[str, str, str]] = ()) -> GoldSentence:  # type: ignore[assignment]
    return GoldSentence(id="s", text="t", title="", published=None,
                        events=tuple(GoldEvent(s, t, (c,)) for s, t, c in events),
                        disputed=tuple(Coded(*d) for d in disputed))


@pytest.mark.shared_data
def test_realtext_heldout_cut_is_the_frozen_one(shared_data):
    ids = [s.id for s in load_gold(shared_data / "realtext-cameo")]
    held = sorted(i for i in ids if part_of(i, salt="realtext") == "heldout")
    frozen = [line for line in FROZEN.read_text().splitlines()
              if line and not line.startswith("#")]
    assert hashlib.sha256("\n".join(held).encode()).hexdigest() == frozen[0]


def test_realtext_root_match_needs_both_countries_and_the_root():
    report = RealTextReport()
    report.add(_sentence([("USAGOV", "RUSGOV", "163")]),
               [Coded("USALEG", "RUS", "160"), Coded("USAGOV", "CHN", "163")])
    figures = report.figures()
    assert figures["root_recall"] == 1.0
    assert figures["root_precision"] == 0.5
    assert figures["exact_f1"] == 0.0  # 160 is not 163


def test_realtext_event_matching_only_a_disputed_one_is_excused_from_precision():
    report = RealTextReport()
    report.add(_sentence([("VENOPP", "VENLEG", "080")], [("VENOPP", "VENOPP", "120")]),
               [Coded("VENOPP", "VENLEG", "081"), Coded("VENOPP", "VEN", "128")])
    assert report.excused == 1 and report.predicted == 1
    assert report.figures()["root_f1"] == 1.0


def test_realtext_diagnostics_count_pairs_and_roots_apart():
    report = RealTextReport()
    report.add(_sentence([("TURGOV", "RUSGOV", "062"), ("FRAGOV", "TURGOV", "052")]),
               [Coded("TURGOV", "RUSGOV", "111"), Coded("", "TUR", "051")])
    figures = report.figures()
    assert figures["countries_any"] == 0.5  # TUR>RUS under a wrong code
    assert figures["root_any"] == 0.5       # 05 between the wrong actors
    assert figures["root_recall"] == 0.0
    assert figures["source_coded_share"] == 0.5
