"""The actor data files (organisations.yaml, persons.yaml) obey their own header rules.

These files are compiled by hand and grow by hundreds of entries; the checks here are what
keeps one careless line from silently shadowing another actor (the alias index keeps the
first entry for a name) or giving a person two offices at once by a typo in a date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pycountry
import pytest

from aftermath.extract.actors import find_mentions
from aftermath.extract.context import DocContext
from aftermath.knowledge._files import read_yaml
from aftermath.knowledge.actors import Person, load_organisations, load_persons
from aftermath.knowledge.countries import normalise
from aftermath.records import Document

# Code prefixes that are not countries: international governmental organisations,
# non-governmental organisations, international militant groups, multinational companies.
NON_STATE_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC"})
KINDS = frozenset({"organisation", "state", "group"})
# A person may leave one office and take the next on the same day or within a few days of
# it (handover dates differ by source); longer overlaps within one code must be declared.
HANDOVER_DAYS = 7


def _country_codes() -> frozenset[str]:
    return frozenset({c.alpha_3 for c in pycountry.countries} | {"XKX"})


def _known_prefix(code: str) -> bool:
    return code[:3] in _country_codes() or code[:3] in NON_STATE_PREFIXES


ORGANISATIONS = load_organisations()
PERSONS = load_persons()


def test_organisations_load_with_the_documented_fields() -> None:
    assert len(ORGANISATIONS) >= 300
    for org in ORGANISATIONS:
        assert org.name.strip(), org
        assert org.kind in KINDS, org.name
        assert org.code and org.code.isupper() and org.code.isalpha(), org.name
        assert len(org.code) % 3 == 0, f"{org.name}: code {org.code} is not made of 3-letter parts"
        if org.country is not None:
            assert org.country in _country_codes(), org.name


def test_national_bodies_carry_their_country() -> None:
    for org in ORGANISATIONS:
        if org.kind == "state":
            assert org.country is not None, f"{org.name} is a state organ without a country"
        if org.country is not None and org.code[:3] in _country_codes():
            assert org.code.startswith(org.country), f"{org.name}: {org.code} vs {org.country}"


def test_persons_load_with_the_documented_fields() -> None:
    assert len(PERSONS) >= 195
    for person in PERSONS:
        assert person.name.strip()
        assert person.country is None or person.country in _country_codes(), person.name
        assert person.roles, f"{person.name} has no role"
        for role in person.roles:
            assert role.code.isupper() and role.code.isalpha(), person.name
            assert len(role.code) % 3 == 0, f"{person.name}: {role.code}"
            assert role.title.strip(), f"{person.name}: role without a title"


def test_no_alias_is_shared_by_two_entries() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entity in [*ORGANISATIONS, *PERSONS]:
        kind = "person" if isinstance(entity, Person) else "org"
        for alias in (entity.name, *entity.aliases):
            owners[normalise(alias)].add(f"{kind}:{entity.name}")
    shared = {alias: sorted(names) for alias, names in owners.items() if len(names) > 1}
    assert not shared


def test_names_and_aliases_are_written_as_strings() -> None:
    """YAML reads a bare `no`, `on` or `null` as a boolean or None; the loader would then
    index the alias "False" or "None"."""
    for file in ("organisations.yaml", "persons.yaml"):
        for entry in read_yaml(file):
            assert isinstance(entry["name"], str), entry
            for alias in entry.get("aliases") or []:
                assert isinstance(alias, str) and alias.strip(), (file, entry["name"], alias)
            for role in entry.get("roles") or []:
                assert isinstance(role.get("title"), str), (entry["name"], role)
                assert set(role) <= {"code", "title", "start", "end", "approx", "concurrent"}, role


def test_canonical_names_are_unique() -> None:
    names = [normalise(e.name) for e in [*ORGANISATIONS, *PERSONS]]
    assert len(names) == len(set(names))


def test_every_code_starts_with_a_country_or_a_non_state_prefix() -> None:
    codes = {org.code for org in ORGANISATIONS}
    codes |= {role.code for person in PERSONS for role in person.roles}
    unknown = sorted(code for code in codes if not _known_prefix(code))
    assert not unknown


def test_roles_are_well_ordered() -> None:
    for person in PERSONS:
        for role in person.roles:
            if role.start and role.end:
                assert role.start <= role.end, f"{person.name}: {role.title} ends before it starts"
            assert role.start is None or role.start >= dt.date(1900, 1, 1), person.name
            assert role.end is None or role.end <= dt.date(2026, 12, 31), person.name


def _overlap_days(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> int:
    return (min(a_end, b_end) - max(a_start, b_start)).days


def test_roles_within_one_code_do_not_overlap_beyond_a_handover() -> None:
    """Two offices under one code at once are a typo unless the later one says `concurrent`."""
    raw = {entry["name"]: entry for entry in read_yaml("persons.yaml")}
    far = dt.date(2100, 1, 1)
    clashes = []
    for person in PERSONS:
        declared = [bool(r.get("concurrent")) for r in raw[person.name]["roles"]]
        roles = list(zip(person.roles, declared, strict=True))
        for i, (first, _) in enumerate(roles):
            for second, concurrent in roles[i + 1 :]:
                if first.code != second.code or concurrent:
                    continue
                days = _overlap_days(first.start or dt.date.min, first.end or far,
                                     second.start or dt.date.min, second.end or far)
                if days > HANDOVER_DAYS:
                    clashes.append(f"{person.name}: {first.title} / {second.title} ({days} days)")
    assert not clashes


@pytest.mark.parametrize(
    ("day", "name", "code"),
    [
        (dt.date(1990, 6, 1), "Mikhail Gorbachev", "RUSGOV"),
        (dt.date(1999, 6, 1), "Kofi Annan", "IGOUNO"),
        (dt.date(2012, 6, 1), "Anders Fogh Rasmussen", "IGOWSTNAT"),
        (dt.date(2020, 6, 1), "Anders Fogh Rasmussen", None),
        (dt.date(1995, 6, 1), "Yitzhak Rabin", "ISRGOV"),
    ],
)
def test_dated_roles_give_the_code_of_the_day(day: dt.date, name: str, code: str | None) -> None:
    person = next(p for p in PERSONS if p.name == name)
    assert person.code_at(day) == code


SAMPLE = (
    "The UN Security Council met on Tuesday after militants crossed into Israel. "
    "Secretary-General Antonio Guterres urged restraint, and the Israel Defense Forces "
    "said it had struck targets in Gaza. Human Rights Watch and the International "
    "Committee of the Red Cross called for access. The Arab League and the African Union "
    "issued statements, while Xinhua quoted the Chinese foreign ministry. Hamas said it "
    "would fight on."
)


def test_the_alias_index_still_finds_names_in_a_sample_text(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(SAMPLE)
    document = Document(id="kb-sample", text=SAMPLE, published="2023-10-10")
    index = find_mentions(DocContext(doc, document, kb))
    found = {m.name: m.code for m in index.mentions if m.source == "kb"}
    assert found == {
        "United Nations Security Council": "IGOUNO",
        "Antonio Guterres": "IGOUNO",
        "Israel Defense Forces": "ISRMIL",
        "Human Rights Watch": "NGOHRI",
        "International Committee of the Red Cross": "NGOIRC",
        "Arab League": "IGOMEAARL",
        "African Union": "IGOAFRAFU",
        "Xinhua": "CHNMED",
        "Chinese Foreign Ministry": "CHNGOV",
        "Hamas": "PSEREB",
    }


def test_short_capital_aliases_do_not_match_ordinary_words(nlp, kb) -> None:  # type: ignore[no-untyped-def]
    """'who', 'is', 'ban' and 'let' are words; only WHO and IS in capitals are actors."""
    text = ("Officials who met on Monday said the ban is final and will let trade resume. "
            "The WHO said IS fighters had left.")
    doc = nlp(text)
    index = find_mentions(DocContext(doc, Document(id="kb-caps", text=text), kb))
    names = sorted(m.name for m in index.mentions if m.source == "kb")
    assert names == ["Islamic State", "World Health Organization"]
