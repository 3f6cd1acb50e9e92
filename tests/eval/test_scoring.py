from __future__ import annotations

import pytest

from aftermath.eval.scoring import (
    cameo_root,
    confusion,
    macro_f1,
    penta_class,
    quad_class,
    ratio,
)


@pytest.mark.parametrize(("code", "root"), [
    ("190", "19"), ("0234", "02"), ("20", "20"), ("01", "01"),
    ("903", None), ("345", None), ("00", None), ("", None), (None, None), ("---", None),
])
def test_cameo_root_keeps_only_roots_01_to_20(code, root):
    assert cameo_root(code) == root


@pytest.mark.parametrize(("code", "quad", "penta"), [
    ("010", 1, 0), ("0214", 1, 0), ("036", 1, 1), ("057", 1, 1), ("061", 2, 2),
    ("0874", 2, 2), ("093", 3, 3), ("138", 3, 3), ("145", 4, 4), ("204", 4, 4),
    ("999", None, None),
])
def test_quad_and_penta_class_follow_the_root(code, quad, penta):
    assert quad_class(code) == quad
    assert penta_class(code) == penta


def test_confusion_rows_are_gold_columns_ours():
    matrix = confusion([(0, 0), (0, 1), (1, 1), (1, 1), (2, 0)], (0, 1, 2))
    assert matrix == [[1, 1, 0], [0, 2, 0], [1, 0, 0]]


def test_macro_f1_averages_per_label_f1_and_skips_absent_labels():
    # label 0: tp 1, gold 2, predicted 2 -> 0.5; label 1: tp 2, gold 2, predicted 3 -> 0.8;
    # label 2: tp 0, gold 1, predicted 0 -> 0; label 3 absent everywhere -> left out.
    matrix = confusion([(0, 0), (0, 1), (1, 1), (1, 1), (2, 0)], (0, 1, 2, 3))
    assert macro_f1(matrix) == pytest.approx(round((0.5 + 0.8 + 0.0) / 3, 3))
    assert macro_f1([[3, 0], [0, 2]]) == 1.0
    assert macro_f1([[0, 0], [0, 0]]) == 0.0


def test_ratio_rounds_and_tolerates_an_empty_whole():
    assert ratio(1, 3) == 0.333
    assert ratio(5, 0) == 0.0
