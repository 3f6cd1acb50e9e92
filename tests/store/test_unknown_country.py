"""A code starting with `---` is a role of an unknown country, never a country (#12)."""

from __future__ import annotations

import pytest

from aftermath.export.tables import gdelt_row
from aftermath.store.dyads import partner_counts


@pytest.mark.issue(12)
def test_dyads_partner_counts_leave_out_unknown_countries(event_store) -> None:  # type: ignore[no-untyped-def]
    event_store.write("d1", "2016-12-19", [
        {"source": "TURCOP", "target": "---REB", "plover": "ASSAULT", "quad": 4,
         "goldstein": -10.0, "date": "2016-12-19"},
        {"source": "TURGOV", "target": "RUSGOV", "plover": "CONSULT", "quad": 1,
         "goldstein": 1.0, "date": "2016-12-19"},
    ])
    partners = [row[0] for row in partner_counts(event_store.store, "TUR")]
    assert partners == ["RUS"]


# Every column gdelt_row reads, empty unless a test sets it.
EMPTY_ROW = dict.fromkeys((
    "cameo", "date", "date_granularity", "documents", "evidence_sentence", "goldstein", "id",
    "outlets", "place_country", "place_lat", "place_lon", "place_name", "plover", "published",
    "quad_class", "rows", "source_code", "source_text", "status", "target_code",
    "target_text", "url"))


@pytest.mark.issue(12)
def test_export_gdelt_row_unknown_country_is_empty_with_its_role() -> None:
    row = EMPTY_ROW | {"id": "e1", "date": "2016-12-19", "date_granularity": "day",
                       "cameo": "190", "source_code": "---REB", "target_code": "TURMIL",
                       "evidence_sentence": 0}
    out = gdelt_row(row)
    assert (out["Actor1CountryCode"], out["Actor1Type1Code"]) == (None, "REB")
    assert out["Actor2CountryCode"] == "TUR"
