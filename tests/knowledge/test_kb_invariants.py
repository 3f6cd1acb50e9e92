"""Whole-file invariants of persons.yaml that the per-field checks in test_kb_data.py miss.

persons.yaml is typed in by hand, hundreds of office-holders at a time. A wrong year makes
two presidents of one country at once, a wrong code gives a person another state's code,
and a person alias that is also a country word would turn "Jordan" the country into a
person. Each check below runs over every entry, so it holds for entries added later too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from aftermath.knowledge._files import read_yaml
from aftermath.knowledge.actors import Person, Role, load_persons
from aftermath.knowledge.countries import load_countries

PERSONS = load_persons()
RAW = {entry["name"]: entry for entry in read_yaml("persons.yaml")}
NON_STATE_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC"})
# Handover dates differ by a few days between sources (as in test_kb_data.py).
HANDOVER_DAYS = 7
FAR = dt.date(2100, 1, 1)

# Offices one person holds at a time within one code: the title alone, or the title's
# office "of" a named place or body ("governor of Texas", "speaker of parliament").
SINGLE_HOLDER_TITLES = frozenset(
    {"president", "prime minister", "foreign minister", "vice president", "king", "emir",
     "sultan", "pope", "chancellor", "premier", "supreme leader", "attorney general",
     "treasury secretary", "defense secretary", "defence minister", "CIA director",
     "FBI director", "director of national intelligence", "national security adviser",
     "White House chief of staff", "White House press secretary", "UN secretary-general",
     "ambassador to the United Nations", "trade representative", "EPA administrator"}
)
SINGLE_HOLDER_PATTERN = re.compile(r"^(governor|mayor|chief executive|speaker|chair) of ")
# Offices two people really claimed at once; (code, title) of the disputed office.
RIVAL_CLAIMS = frozenset({("CIVGOV", "president")})  # Ivory Coast, December 2010-April 2011


def _single_holder(role: Role) -> bool:
    return role.title in SINGLE_HOLDER_TITLES or bool(SINGLE_HOLDER_PATTERN.match(role.title))


def _overlap_days(a: Role, b: Role) -> int:
    start = max(a.start or dt.date.min, b.start or dt.date.min)
    return (min(a.end or FAR, b.end or FAR) - start).days


def test_a_single_holder_office_has_one_holder_at_a_time() -> None:
    holders: dict[tuple[str, str], list[tuple[Person, Role]]] = defaultdict(list)
    for person in PERSONS:
        for role in person.roles:
            if _single_holder(role) and (role.code, role.title) not in RIVAL_CLAIMS:
                holders[(role.code, role.title)].append((person, role))
    clashes = []
    for (code, title), held in holders.items():
        for i, (first, first_role) in enumerate(held):
            for second, second_role in held[i + 1 :]:
                overlap = _overlap_days(first_role, second_role)
                if first.name != second.name and overlap > HANDOVER_DAYS:
                    clashes.append(f"{code} {title}: {first.name} / {second.name}")
    assert not clashes


def test_role_codes_carry_the_person_country() -> None:
    """A national role is coded with the person's own state; Soviet offices carry RUS, the
    USSR's successor state, whatever the holder's later country (header convention)."""
    foreign = []
    for person in PERSONS:
        for role in person.roles:
            prefix = role.code[:3]
            if prefix in NON_STATE_PREFIXES or person.country is None or prefix == person.country:
                continue
            if prefix == "RUS" and "Soviet" in role.title:
                continue
            foreign.append(f"{person.name}: {role.code} ({role.title}) vs {person.country}")
    assert not foreign


def test_roles_are_listed_in_order_of_start() -> None:
    """The file reads as a career; an entry out of order is most often a mistyped year."""
    unordered = [
        person.name for person in PERSONS
        if [r.start or dt.date.min for r in person.roles]
        != sorted(r.start or dt.date.min for r in person.roles)
    ]
    assert not unordered


def test_concurrent_marks_a_role_that_overlaps_an_earlier_one() -> None:
    """`concurrent: true` is the declaration that excuses an overlap; set on a role that
    overlaps nothing it hides nothing, and is most often a misplaced line."""
    stray = []
    for person in PERSONS:
        flags = [bool(r.get("concurrent")) for r in RAW[person.name]["roles"]]
        for i, (role, concurrent) in enumerate(zip(person.roles, flags, strict=True)):
            if concurrent and not any(
                _overlap_days(earlier, role) > HANDOVER_DAYS for earlier in person.roles[:i]
            ):
                stray.append(f"{person.name}: {role.title}")
    assert not stray


def test_no_person_alias_is_a_country_word() -> None:
    """A person called "Jordan" or "Georgia" would take the country's mentions."""
    countries = load_countries()
    taken = [
        f"{person.name}: {alias}"
        for person in PERSONS
        for alias in (person.name, *person.aliases)
        if countries.lookup(alias) or countries.capital(alias)
    ]
    assert not taken

