"""Parsers and loader of the Phoenix/CAMEO dictionary formats (#12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftermath.knowledge.phoenix import load_phoenix, parse_actors, parse_agents, parse_verbs
from aftermath.knowledge.phoenix.actors import DatedCode, parse_code, parse_date
from aftermath.knowledge.phoenix.verbs import parse_pattern

ACTORS = """\
# a comment
KOFI_ANNAN_  # a person with dated codes
+SECRETARY-GENERAL_KOFI_ANNAN
\t[IGOUNO 970101-061231]
\t[ELI]
ARNOR_ [ARN]
NEW_OFFICE_ [XYZGOV >20150101] [XYZ]
OLD_OFFICE_ [XYZGOV <991231]
NO_CODE_
BROKEN_ [XYZGOV 2004017-20061201]
"""

# Text made of the characters the formats use, so the parsers meet their own syntax.
SYNTAX = st.text(alphabet=st.sampled_from(list("ABZ_az09 -+*$^%&!~#[](){}<>:/\t\n")),
                 max_size=400)


@pytest.mark.parametrize(("text", "day"), [
    ("970101", dt.date(1997, 1, 1)), ("061231", dt.date(2006, 12, 31)),
    ("20150101", dt.date(2015, 1, 1)), ("290101", dt.date(2029, 1, 1)),
    ("300101", dt.date(1930, 1, 1)), ("991301", None), ("2004017", None), ("abc", None),
])
def test_phoenix_parse_date_reads_both_widths_with_the_pivot(text: str, day: object) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(("body", "expected"), [
    ("AFGGOV", DatedCode("AFGGOV")),
    ("AFGGOV 331108-730717", DatedCode("AFGGOV", dt.date(1933, 11, 8), dt.date(1973, 7, 17))),
    ("IGOUNO >20070101", DatedCode("IGOUNO", start=dt.date(2007, 1, 1))),
    ("IGOUNO > 070101", DatedCode("IGOUNO", start=dt.date(2007, 1, 1))),
    ("HTIOPPMED <061231", DatedCode("HTIOPPMED", end=dt.date(2006, 12, 31))),
])
def test_phoenix_parse_code_reads_the_date_forms(body: str, expected: DatedCode) -> None:
    assert parse_code(body) == expected


def test_phoenix_parse_actors_reads_names_synonyms_and_codes() -> None:
    result = parse_actors(ACTORS, source="test.actors.txt")
    annan = result.actors[0]
    assert annan.names == ("kofi annan", "secretary-general kofi annan")
    assert annan.code_at(dt.date(2000, 5, 1)) == "IGOUNO"
    assert annan.code_at(dt.date(2010, 5, 1)) == "ELI"  # the undated code outside the range


@pytest.mark.parametrize(("day", "code"), [
    (dt.date(2016, 1, 1), "XYZGOV"), (dt.date(2014, 1, 1), "XYZ"), (None, "XYZ"),
])
def test_phoenix_dated_entry_codes_only_inside_its_range(day: object, code: str) -> None:
    entry = next(a for a in parse_actors(ACTORS, source="t").actors if "new office" in a.names)
    assert entry.code_at(day) == code  # type: ignore[arg-type]


def test_phoenix_parse_actors_counts_malformed_lines_with_file_and_line() -> None:
    result = parse_actors(ACTORS, source="test.actors.txt")
    assert "test.actors.txt:9: name 'no code' has no code; skipped" in result.warnings
    assert any(w.startswith("test.actors.txt:10: bad date") for w in result.warnings)


def test_phoenix_parse_agents_reads_suffix_prefix_sets_and_plurals() -> None:
    text = ("!PERSON! = MAN, WOMAN\nPOLICE {} [~COP]\nBUSINESS!PERSON! [~BUS]\n"
            "CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]\nTRUCE_MONITOR [IGO~]\n"
            "BROKEN [~ENV}\n")
    result = parse_agents(text, source="a.agents.txt")
    by_words = {a.words: a for a in result.agents}
    assert by_words["police"].suffix == "COP" and not by_words["police"].regular_plural
    assert {"businessman", "businesswoman"} <= set(by_words)
    assert by_words["chamber of commerce"].plurals == ("chambers of commerce",)
    assert by_words["truce monitor"].suffix is None
    assert result.warnings == ("a.agents.txt:6: expected one [~CODE] or [CODE~]; skipped",)


def test_phoenix_parse_verbs_reads_sets_families_and_patterns() -> None:
    text = ("####### SYNONYM SETS #######\n&FOOD\n+RICE\n+BREAD\n"
            "####### VERB PATTERNS #######\n---  RUSH   [---]  ---\nRUSH\n"
            "SPEED {SPEEDING SPEEDS SPED }\n+CALL_OFF [160]\n"
            "- * &FOOD   [073]  # RUSH\n- * (TO +)  [042:043]\n- $ TROOP * (TOWARD +) [154]\n")
    verbs = parse_verbs(text, source="v.verbs.txt")
    assert verbs.sets["&FOOD"] == {"rice", "bread"}
    family = verbs.families["RUSH"]
    assert family.code is None
    assert [p.code for p in family.patterns] == ["073", "042", "154"]
    assert family.patterns[1].phrases[0].target
    assert family.patterns[2].before == ("troop",)
    assert verbs.verbs["call"][0].particles == ("off",) and verbs.verbs["call"][0].code == "160"
    assert verbs.verbs["speed"][0].forms == ("speeding", "speeds", "sped")


@pytest.mark.parametrize(("body", "reason"), [
    (" * TROOP", "pattern without [CODE]"), (" TROOP [190]", "pattern needs exactly one *"),
    (" * (TO [190]", "unbalanced ("), (" * ) [190]", "unbalanced )"),
    (" * [19x]", "bad code [19x]"),
])
def test_phoenix_parse_pattern_names_the_fault(body: str, reason: str) -> None:
    assert parse_pattern(body, family="F", line=1) == reason


@settings(max_examples=150, deadline=None)
@given(SYNTAX)
def test_phoenix_parsers_never_raise(text: str) -> None:
    for parsed in (parse_actors(text, source="x"), parse_agents(text, source="x")):
        assert all(w.startswith("x:") for w in parsed.warnings)
    verbs = parse_verbs(text, source="x")
    assert all(w.startswith("x:") for w in verbs.warnings)


@pytest.mark.slow
def test_phoenix_bundled_load_is_cached_and_complete(tmp_path: Path) -> None:
    first = load_phoenix(cache_dir=tmp_path)
    assert list(tmp_path.glob("phoenix-*.pickle"))
    again = load_phoenix(cache_dir=tmp_path)
    assert len(first.rows) == len(again.rows) > 20_000
    assert "rebel" in {a.words for a in first.agents}
    assert len(first.verbs.families) > 300


@pytest.mark.slow
def test_phoenix_bundled_load_survives_a_corrupt_cache(tmp_path: Path) -> None:
    load_phoenix(cache_dir=tmp_path)
    for path in tmp_path.glob("phoenix-*.pickle"):
        path.write_bytes(b"not a pickle")
    assert len(load_phoenix(cache_dir=tmp_path).rows) > 20_000


def test_phoenix_user_file_entries_come_before_bundled_ones(tmp_path: Path) -> None:
    user = tmp_path / "mine.actors.txt"
    user.write_text("UNITED_NATIONS_ [IGOMINE]\n", encoding="utf-8")
    loaded = load_phoenix([user], cache_dir=tmp_path)
    _, row = next(p for p in loaded.names["united"] if p[0] == ("united", "nations"))
    assert loaded.actor(row).code_at(None) == "IGOMINE"
    assert loaded.user_files == (str(user),)


@pytest.mark.issue(12)
def test_explain_unknown_country_code(kb) -> None:  # type: ignore[no-untyped-def]
    from aftermath.knowledge.explain import explain_code

    assert explain_code("---REB", kb) == "actor ---REB: country unknown, rebels"
