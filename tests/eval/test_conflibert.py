from __future__ import annotations

import pytest

from aftermath.errors import InputError
from aftermath.eval.conflibert import (
    TRAIN_FILE,
    ConflibertReport,
    parse_lines,
    score_conflibert,
    to_quad,
)

# Our own sentences, one per PentaClass, in the file's `sentence<TAB>label` format.
LINES = (
    "The minister said the harvest was late.\t0\n"
    "Norway and Chile agreed to hold talks next month.\t1\n"
    "Japan sent food aid to Nepal after the floods.\t2\n"
    "Peru accused Bolivia of hiding smugglers.\t3\n"
    "\n"
    "Soldiers from Kenya attacked a camp in Somalia.\t4\n"
)


def test_parse_lines_reads_sentence_and_label_and_skips_blank_lines():
    rows = parse_lines(LINES)
    assert len(rows) == 5
    assert rows[1] == ("Norway and Chile agreed to hold talks next month.", 1)
    assert [label for _, label in rows] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("line", ["no label here", "A sentence.\t7", "\t3"])
def test_parse_lines_rejects_a_bad_line_with_its_number(line):
    with pytest.raises(InputError, match="line 2"):
        parse_lines("Fine sentence.\t1\n" + line + "\n")


def test_quad_merges_statements_into_verbal_cooperation():
    assert [to_quad(label) for label in range(5)] == [1, 1, 2, 3, 4]


def test_report_accuracy_f1_and_confusion_from_pairs():
    report = ConflibertReport(pairs=[(0, 0), (1, 0), (2, 2), (4, 3)], found=3)
    data = report.as_dict()
    assert data["accuracy"] == 0.5
    assert data["quad_accuracy"] == 0.75          # (1, 0) agrees once 0 and 1 merge
    assert data["confusion"]["rows_gold_columns_ours"][1] == [1, 0, 0, 0, 0]
    assert data["gold_counts"] == {"0": 1, "1": 1, "2": 1, "3": 0, "4": 1}
    assert 0.0 < data["macro_f1"] < 1.0


def test_score_conflibert_on_a_small_train_file(tmp_path, nlp, kb):
    path = tmp_path / TRAIN_FILE
    path.parent.mkdir(parents=True)
    path.write_text(LINES, encoding="utf-8")
    report = score_conflibert(tmp_path, nlp, kb)
    assert len(report.pairs) == 5
    assert [gold for gold, _ in report.pairs] == [0, 1, 2, 3, 4]
    assert report.pairs[-1] == (4, 4)             # an attack is material conflict
    assert all(0.0 <= v <= 1.0 for v in report.figures().values())


def test_score_conflibert_without_data_is_an_input_error(tmp_path, nlp, kb):
    with pytest.raises(InputError, match="train split not found"):
        score_conflibert(tmp_path, nlp, kb)


@pytest.mark.shared_data
@pytest.mark.slow
def test_eval_conflibert_scores_every_train_line_and_never_the_test_split(shared_data, nlp,
                                                                          kb, monkeypatch):
    folder = shared_data / "conflibert-cameo"
    opened: list[str] = []
    original = type(folder).read_text

    def spy(self, *args, **kwargs):
        opened.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(folder), "read_text", spy)
    report = score_conflibert(folder, nlp, kb)
    lines = [line for line in original(folder / TRAIN_FILE, encoding="utf-8").splitlines()
             if line.strip()]
    assert len(report.pairs) == len(lines)
    assert "test.tsv" not in opened
    data = report.as_dict()
    assert sum(data["gold_counts"].values()) == len(lines)
    assert report.found <= len(report.pairs)
    for key, value in report.figures().items():
        assert 0.0 <= value <= 1.0, key
