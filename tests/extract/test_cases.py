"""Gold cases as data (tests/cases/<family>/*.yaml), in our own words, one test per case.

A case gives a text and publication date, the items that must be found (`expect`, partial
match on the fields that matter) and the items that must not (`absent`). Keys use dots for
nested fields (`source.code`); a value ending in `*` matches a prefix; `.text` fields match
when the expected words are contained. A case may carry `xfail: reason` for a known limit,
tied to the issue that will lift it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from aftermath.export.contract import analysis_json
from aftermath.pipeline import analyze_document
from aftermath.records import Document

CASES = Path(__file__).resolve().parent.parent / "cases"
FAMILIES = ("events", "claims", "attributions", "actors")


def _load_cases() -> list[Any]:
    params = []
    for family in FAMILIES:
        for path in sorted((CASES / family).glob("*.yaml")):
            for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get(
                    "xfail") else []
                params.append(pytest.param(family, case, id=f"{family}:{case['name']}",
                                           marks=marks))
    return params


def _get(item: dict[str, Any], dotted: str) -> Any:
    value: Any = item
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def matches(item: dict[str, Any], expected: dict[str, Any]) -> bool:
    for key, want in expected.items():
        got = _get(item, key)
        if key.endswith("text") and isinstance(want, str):
            if got is None or want.lower() not in str(got).lower():
                return False
        elif isinstance(want, str) and want.endswith("*"):
            if got is None or not str(got).startswith(want[:-1]):
                return False
        elif str(got) != str(want) if want is not None else got is not None:
            return False
    return True


@pytest.mark.parametrize(("family", "case"), _load_cases())
def test_gold_case(family: str, case: dict[str, Any], nlp, kb):
    document = Document(id=case["name"], text=case["text"], published=str(case.get("published")))
    output = analysis_json(analyze_document(document, nlp, kb))
    items = output[family]
    for expected in case.get("expect", []):
        assert any(matches(item, expected) for item in items), (
            f"expected {expected} among {family}: {items}"
        )
    for forbidden in case.get("absent", []):
        found = [item for item in items if matches(item, forbidden)]
        assert not found, f"unexpected {forbidden}: {found}"


def test_gold_cases_exist_for_every_family():
    for family in FAMILIES:
        assert list((CASES / family).glob("*.yaml")), f"no gold cases for {family}"
