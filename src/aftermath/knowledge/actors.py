"""Named persons and organisations with their codes over time, and role nouns.

A person's code depends on the date: an ambassador is RUSGOVDIP only while in office, so
`Person.code_at` takes the article's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aftermath.knowledge._files import read_tsv, read_yaml


@dataclass(frozen=True, slots=True)
class Role:
    code: str
    title: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    roles: tuple[Role, ...]

    def role_at(self, day: dt.date | None) -> Role | None:
        """The role held on `day` (the latest starting one if several overlap)."""
        current = [role for role in self.roles if role.covers(day)]
        if not current:
            return None
        return max(current, key=lambda r: r.start or dt.date.min)

    def code_at(self, day: dt.date | None) -> str | None:
        role = self.role_at(day)
        return role.code if role else None


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    aliases: tuple[str, ...]
    code: str | None
    kind: str
    country: str | None


@dataclass(frozen=True, slots=True)
class RoleNoun:
    words: str
    code: str  # "" when the noun names a country's people without a role ("sources")
    kind: str


def _as_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_persons() -> list[Person]:
    persons = []
    for entry in read_yaml("persons.yaml") or []:
        roles = tuple(
            Role(
                code=str(role["code"]),
                title=str(role.get("title", "")),
                start=_as_date(role.get("start")),
                end=_as_date(role.get("end")),
            )
            for role in entry.get("roles") or []
        )
        persons.append(
            Person(
                name=entry["name"],
                aliases=tuple(str(a) for a in entry.get("aliases") or []),
                country=entry.get("country"),
                roles=roles,
            )
        )
    return persons


def load_organisations() -> list[Organisation]:
    return [
        Organisation(
            name=entry["name"],
            aliases=tuple(str(a) for a in entry.get("aliases") or []),
            code=entry.get("code"),
            kind=entry.get("kind", "organisation"),
            country=entry.get("country"),
        )
        for entry in read_yaml("organisations.yaml") or []
    ]


def load_role_nouns() -> dict[str, RoleNoun]:
    nouns = {}
    for row in read_tsv("roles.tsv"):
        code = "" if row["code"] == "-" else row["code"]
        nouns[row["noun"]] = RoleNoun(row["noun"], code, row["kind"])
    return nouns
