from __future__ import annotations

import pytest

from aftermath.eval.plover import score_plover


@pytest.mark.shared_data
@pytest.mark.slow
def test_eval_plover_scores_every_gold_record(shared_data, nlp, kb):
    report = score_plover(shared_data / "plover", nlp, kb)
    scores = report.as_dict()
    assert report.records == 322
    assert report.found <= report.records and report.type_correct <= report.found
    for key in ("event_recall", "type_accuracy", "source_country_accuracy",
                "target_country_accuracy"):
        assert 0.0 <= scores[key] <= 1.0
    assert sum(total for _, total in report.per_type.values()) == report.records
    # Over all records that name a country, a record without an event counts as wrong (#17).
    assert report.source_all_total >= report.source_total
    assert report.target_all_total >= report.target_total
    assert scores["source_country_all"] <= scores["source_country_accuracy"]
    assert scores["target_country_all"] <= scores["target_country_accuracy"]
