"""Parsers of the Phoenix actor and agent formats (pure: text in, typed records out).

Actor files (Phoenix.Countries / International / MilNonState.actors.txt) hold blocks:
a name line, `+` lines with synonyms, then one or more `[CODE]` or `[CODE dates]` on the
name line or on the lines below it. Words of a name are joined by `_` (a trailing `_`
ends the name); `#` starts a comment. Dates are `start-end`, `>start` (from then on) or
`<end` (until then); each is YYMMDD or YYYYMMDD. A six-digit year is 19YY from 30 on and
20YY below 30: the files, written in 2014, start no office later than '14 and none before
'31, so the pivot splits them exactly.

Agent files (Phoenix.agents.txt) hold one noun phrase per line with its role code, where
`~` marks the country's place: `[~COP]` is country + COP, `[IGO~]` IGO + country.
`{PLURAL ...}` lists irregular plurals (`{}`: none); `!SET! = A, B` defines a substitution
used as `BUSINESS!PERSON!`.

Nothing here raises on bad input: a malformed line is skipped and reported in
`ParseResult.warnings` as "FILE:LINE: reason".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Two-digit years below this are 20YY, the rest 19YY (see the module docstring).
CENTURY_PIVOT = 30
_CODE = re.compile(r"\[([^\]]*)\]")
_CODE_TEXT = re.compile(r"^[A-Z0-9~-]{1,40}$")
_SET_NAME = re.compile(r"![A-Z0-9_]+!")


@dataclass(frozen=True, slots=True)
class DatedCode:
    """One code of an actor, valid from `start` to `end` (inclusive; None is open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """A named actor: its names (lower-case words joined by spaces) and its codes."""

    names: tuple[str, ...]
    codes: tuple[DatedCode, ...]
    source: str
    line: int

    def code_at(self, day: dt.date | None) -> str | None:
        """The code valid on `day`: a dated code covering it (the latest-starting one),
        else the undated code; with no day, the undated code or the open-ended one."""
        undated = next((c.code for c in self.codes if not c.dated), None)
        if day is None:
            open_ended = [c for c in self.codes if c.dated and c.end is None]
            if undated is not None or not open_ended:
                return undated
            return max(open_ended, key=lambda c: c.start or dt.date.min).code
        current = [c for c in self.codes if c.dated and c.covers(day)]
        if current:
            return max(current, key=lambda c: c.start or dt.date.min).code
        return undated


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """An agent noun phrase (lower-case words) and its role code with `~` for the country."""

    words: str
    code: str
    plurals: tuple[str, ...]  # irregular plurals listed in `{...}`
    regular_plural: bool      # False after `{...}`: the plural is not words + "s"
    source: str
    line: int

    @property
    def suffix(self) -> str | None:
        """The role code after the country ("COP" for `~COP`), None for prefix codes."""
        return self.code[1:] if self.code.startswith("~") else None


@dataclass(frozen=True, slots=True)
class ParseResult:
    actors: tuple[ActorEntry, ...] = ()
    agents: tuple[AgentEntry, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def name_words(raw: str) -> str:
    """`U.N._SECRETARY_GENERAL_` → "u.n. secretary general"."""
    return " ".join(raw.replace("_", " ").lower().split())


def parse_date(text: str) -> dt.date | None:
    """YYMMDD or YYYYMMDD → date; None when it is not a real date."""
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        short = int(text[:2])
        year = (2000 if short < CENTURY_PIVOT else 1900) + short
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_code(body: str) -> DatedCode | str:
    """The inside of `[...]` → a DatedCode, or the reason it is malformed."""
    parts = body.split(None, 1)
    if not parts:
        return "empty code"
    code = parts[0]
    if not _CODE_TEXT.match(code):
        return f"bad code {code!r}"
    if len(parts) == 1:
        return DatedCode(code)
    dates = parts[1].replace(" ", "")
    if dates.startswith(">"):
        start = parse_date(dates[1:])
        return DatedCode(code, start=start) if start else f"bad date {dates!r}"
    if dates.startswith("<"):
        end = parse_date(dates[1:])
        return DatedCode(code, end=end) if end else f"bad date {dates!r}"
    if dates.count("-") == 1:
        first, last = dates.split("-")
        start, end = parse_date(first), parse_date(last)
        if start and end:
            return DatedCode(code, start=start, end=end)
    return f"bad date {dates!r}"


def _codes_in(text: str, where: str, warnings: list[str]) -> list[DatedCode]:
    codes = []
    for body in _CODE.findall(text):
        parsed = parse_code(body)
        if isinstance(parsed, str):
            warnings.append(f"{where}: {parsed}")
        else:
            codes.append(parsed)
    return codes


def parse_actors(text: str, *, source: str) -> ParseResult:
    """Actor blocks of a Phoenix `.actors.txt` file."""
    actors: list[ActorEntry] = []
    warnings: list[str] = []
    names: list[str] = []
    codes: list[DatedCode] = []
    start_line = 0

    def close() -> None:
        if names and codes:
            actors.append(ActorEntry(tuple(dict.fromkeys(names)), tuple(codes), source,
                                     start_line))
        elif names:
            warnings.append(f"{source}:{start_line}: name {names[0]!r} has no code; skipped")

    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        where = f"{source}:{number}"
        head = line[:1]
        if head in (" ", "\t", "["):
            if not names:
                warnings.append(f"{where}: code line outside an entry; skipped")
                continue
            codes += _codes_in(line, where, warnings)
            continue
        bracket = line.find("[")
        words = name_words((line if bracket < 0 else line[:bracket]).lstrip("+"))
        if head == "+":
            if not names:
                warnings.append(f"{where}: synonym outside an entry; skipped")
            elif words:
                names.append(words)
            if bracket >= 0 and names:
                codes += _codes_in(line[bracket:], where, warnings)
            continue
        close()
        names, codes, start_line = ([words] if words else []), [], number
        if not words:
            warnings.append(f"{where}: entry without a name; skipped")
        if bracket >= 0:
            codes += _codes_in(line[bracket:], where, warnings)
    close()
    return ParseResult(actors=tuple(actors), warnings=tuple(warnings))


def _expand_sets(words: str, sets: dict[str, tuple[str, ...]]) -> list[str]:
    match = _SET_NAME.search(words)
    if match is None:
        return [words]
    members = sets.get(match.group(0))
    if not members:
        return []
    expanded = []
    for member in members:
        joined = words[: match.start()] + member + words[match.end() :]
        expanded += _expand_sets(joined, sets)
    return expanded


def parse_agents(text: str, *, source: str) -> ParseResult:
    """Agent lines of a Phoenix `.agents.txt` file."""
    agents: list[AgentEntry] = []
    warnings: list[str] = []
    sets: dict[str, tuple[str, ...]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        where = f"{source}:{number}"
        if line.startswith("!") and "=" in line:
            name, _, members = line.partition("=")
            sets[name.strip()] = tuple(m.strip() for m in members.split(",") if m.strip())
            continue
        codes = _CODE.findall(line)
        if len(codes) != 1 or "~" not in codes[0] or not _CODE_TEXT.match(codes[0].strip()):
            warnings.append(f"{where}: expected one [~CODE] or [CODE~]; skipped")
            continue
        phrase = line[: line.find("[")]
        plurals: tuple[str, ...] = ()
        regular = "{" not in phrase
        if not regular:
            phrase, _, rest = phrase.partition("{")
            plurals = tuple(name_words(p) for p in rest.split("}", 1)[0].split())
        for expanded in _expand_sets(phrase.strip(), sets):
            words = name_words(expanded)
            if words:
                agents.append(AgentEntry(words, codes[0].strip(), plurals, regular, source,
                                         number))
        if not name_words(phrase):
            warnings.append(f"{where}: agent without words; skipped")
    return ParseResult(agents=tuple(agents), warnings=tuple(warnings))
