"""Loading the vendored Phoenix dictionaries (and a user's own) into one indexed object.

Parsing the bundled files and tokenising their ~35,000 names takes a few seconds, so the
result is pickled under the user cache dir, keyed by a hash of the files' bytes and of
`LOADER_VERSION`; a changed file, a new loader or an unreadable cache means a fresh parse.
User files are small and parsed on every load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from aftermath.errors import ConfigError
from aftermath.knowledge.cache import cached, table_path
from aftermath.knowledge.phoenix.actors import (
    ActorEntry,
    AgentEntry,
    DatedCode,
    ParseResult,
    parse_actors,
    parse_agents,
)
from aftermath.knowledge.phoenix.verbs import Family, VerbDictionary, parse_verbs

logger = logging.getLogger(__name__)

# Bump when parsing or indexing changes, so stale caches are not read.
LOADER_VERSION = "1"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENT_FILES = ("Phoenix.agents.txt",)
VERB_FILES = ("CAMEO.2.0.txt",)
BUNDLED_FILES = (*ACTOR_FILES, *AGENT_FILES, *VERB_FILES)
# Kinds of dictionary file, by the PETRARCH naming convention of their file names.
KINDS = ("actors", "agents", "verbs")

# A compact actor entry, cheap to unpickle: (names, ((code, start, end) ...), source, line)
# with dates as ordinals (0 = open).
ActorRow = tuple[tuple[str, ...], tuple[tuple[str, int, int], ...], str, int]
Candidates = tuple[tuple[tuple[str, ...], int], ...]


@dataclass(frozen=True, slots=True)
class PhoenixDictionaries:
    """Actor entries, agents and verb patterns, with a token index of the actor names.

    `names` maps a name's first token (lower case) to every (tokens, row number) pair
    starting with it, longest first and user entries before bundled ones at equal length;
    `actor(row)` gives the entry.
    """

    rows: tuple[ActorRow, ...] = ()
    names: dict[str, Candidates] = field(default_factory=dict)
    agents: tuple[AgentEntry, ...] = ()
    verbs: VerbDictionary = field(default_factory=VerbDictionary)
    warnings: tuple[str, ...] = ()
    user_files: tuple[str, ...] = ()
    user_rows: int = 0  # rows[:user_rows] come from user files
    # The user files' verbs and patterns alone (with every synonym set): the event coder's
    # fallback; the bundled CAMEO 2.0 patterns are only consulted on request (#12).
    user_verbs: VerbDictionary = field(default_factory=VerbDictionary)

    def actor(self, row: int) -> ActorEntry:
        names, codes, source, line = self.rows[row]
        return ActorEntry(names, tuple(
            DatedCode(code, _day(start), _day(end)) for code, start, end in codes
        ), source, line)

    @property
    def actors(self) -> tuple[ActorEntry, ...]:
        return tuple(self.actor(row) for row in range(len(self.rows)))


def _day(ordinal: int) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal else None


def _row(entry: ActorEntry) -> ActorRow:
    return (entry.names, tuple(
        (c.code, c.start.toordinal() if c.start else 0, c.end.toordinal() if c.end else 0)
        for c in entry.codes
    ), entry.source, entry.line)


def _bundled_bytes(name: str) -> bytes:
    try:
        return resources.files("aftermath.knowledge").joinpath("data", "phoenix", name).read_bytes()
    except FileNotFoundError as err:
        raise ConfigError(f"Phoenix dictionary {name} is missing from the package") from err


def kind_of(path: Path, text: str) -> str:
    """actors, agents or verbs: from the file name (`*.verbs.txt`), else from the content."""
    lower = path.name.lower()
    for kind in KINDS:
        if f".{kind}." in lower or lower.endswith(f".{kind}"):
            return kind
    if any(line.startswith("---") for line in text.splitlines()):
        return "verbs"
    if "[~" in text or "~]" in text:
        return "agents"
    return "actors"


def _parse(kind: str, text: str, source: str) -> ParseResult | VerbDictionary:
    """Parse `text` as a file of `kind`."""
    if kind == "verbs":
        return parse_verbs(text, source=source)
    if kind == "agents":
        return parse_agents(text, source=source)
    return parse_actors(text, source=source)


def _merge_verbs(first: VerbDictionary, second: VerbDictionary) -> VerbDictionary:
    """`first` (a user's) before `second`: its verbs come first, its patterns lead."""
    families = dict(second.families)
    for name, family in first.families.items():
        old = families.get(name)
        families[name] = Family(name, family.code or (old.code if old else None),
                                family.patterns + (old.patterns if old else ()))
    verbs = dict(second.verbs)
    for lemma, entries in first.verbs.items():
        verbs[lemma] = entries + verbs.get(lemma, ())
    sets = dict(second.sets)
    for name, members in first.sets.items():
        sets[name] = members | sets.get(name, frozenset())
    return VerbDictionary(sets, families, verbs, first.warnings + second.warnings)


def _tokenise(names: list[str]) -> list[tuple[str, ...]]:
    import spacy  # the tokenizer the parse uses, so the index's tokens meet the doc's

    tokenizer: Any = spacy.blank("en").tokenizer
    return [tuple(t.lower_ for t in doc) for doc in tokenizer.pipe(names)]


def _index(entries: Iterable[ActorEntry], *, offset: int = 0) -> dict[str, Candidates]:
    pairs = [(name, row) for row, entry in enumerate(entries, offset) for name in entry.names]
    tokens = _tokenise([name for name, _ in pairs])
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for words, (_, row) in zip(tokens, pairs, strict=True):
        if words:
            index.setdefault(words[0], []).append((words, row))
    # A stable sort keeps file order among equal lengths: user files are listed first.
    return {first: tuple(sorted(found, key=lambda p: -len(p[0]))) for first, found in
            index.items()}


def _text(name: str) -> str:
    return _bundled_bytes(name).decode("utf-8", errors="replace")


def _parse_bundled_actors() -> tuple[tuple[ActorRow, ...], dict[str, Candidates], tuple[str, ...]]:
    actors: list[ActorEntry] = []
    warnings: list[str] = []
    for name in ACTOR_FILES:
        parsed = parse_actors(_text(name), source=name)
        actors += parsed.actors
        warnings += parsed.warnings
    return tuple(_row(a) for a in actors), _index(actors), tuple(warnings)


def bundled_digest() -> str:
    digest = hashlib.sha256(LOADER_VERSION.encode())
    for name in BUNDLED_FILES:
        digest.update(name.encode() + b"\0" + _bundled_bytes(name))
    return digest.hexdigest()[:20]


def _cache_path(cache_dir: Path | None) -> Path:
    return table_path("phoenix", bundled_digest(), cache_dir)


def _cached_actors(
    cache_dir: Path | None,
) -> tuple[tuple[ActorRow, ...], dict[str, Candidates], tuple[str, ...]]:
    """The bundled actor rows and name index, from the cache when it matches the files."""
    return cached(_cache_path(cache_dir), _parse_bundled_actors,
                  valid=lambda found: isinstance(found, tuple) and len(found) == 3)


def _parse_bundled_agents_and_verbs() -> tuple[ParseResult, VerbDictionary]:
    return (parse_agents(_text(AGENT_FILES[0]), source=AGENT_FILES[0]),
            parse_verbs(_text(VERB_FILES[0]), source=VERB_FILES[0]))


def _cached_agents_and_verbs(cache_dir: Path | None) -> tuple[ParseResult, VerbDictionary]:
    """The bundled agents and verbs, from the cache when it matches the files: parsing
    them took 0.16 s of every ingest's start-up, before its workers could fork (#20)."""
    return cached(table_path("phoenix-verbs", bundled_digest(), cache_dir),
                  _parse_bundled_agents_and_verbs,
                  valid=lambda found: (isinstance(found, tuple) and len(found) == 2
                                       and isinstance(found[1], VerbDictionary)))


def load_bundled(*, cache_dir: Path | None = None) -> PhoenixDictionaries:
    """The vendored dictionaries, from the cache when it matches the files."""
    rows, names, warnings = _cached_actors(cache_dir)
    agents, verbs = _cached_agents_and_verbs(cache_dir)
    return PhoenixDictionaries(rows, names, agents.agents, verbs,
                               (*warnings, *agents.warnings, *verbs.warnings))


def read_user_file(path: Path) -> tuple[str, ParseResult | VerbDictionary]:
    """A user's Phoenix-format file → (kind, parsed); unreadable files are a ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise ConfigError(f"{path}: cannot read dictionary ({reason})") from err
    kind = kind_of(path, text)
    return kind, _parse(kind, text, str(path))


def load_phoenix(user_files: Iterable[Path] = (), *,
                 cache_dir: Path | None = None) -> PhoenixDictionaries:
    """The bundled dictionaries plus each user file, user entries taking precedence."""
    bundled = load_bundled(cache_dir=cache_dir)
    files = tuple(user_files)
    if not files:
        return bundled
    actors: list[ActorEntry] = []
    agents: list[AgentEntry] = []
    verbs = VerbDictionary()
    warnings: list[str] = []
    for path in files:
        _, parsed = read_user_file(path)
        if isinstance(parsed, VerbDictionary):
            verbs = _merge_verbs(verbs, parsed)
            warnings += parsed.warnings
        else:
            actors += parsed.actors
            agents += parsed.agents
            warnings += parsed.warnings
    for warning in warnings:
        logger.warning("%s", warning)
    offset = len(actors)
    # User rows go first, so the bundled rows' numbers in the cached index shift by offset.
    names = {first: tuple((words, row + offset) for words, row in found)
             for first, found in bundled.names.items()}
    for first, found in _index(actors).items():
        merged = [*found, *names.get(first, ())]
        names[first] = tuple(sorted(merged, key=lambda p: -len(p[0])))
    return PhoenixDictionaries(
        rows=(*(_row(a) for a in actors), *bundled.rows), names=names,
        agents=(*agents, *bundled.agents), verbs=_merge_verbs(verbs, bundled.verbs),
        warnings=(*warnings, *bundled.warnings), user_files=tuple(str(p) for p in files),
        user_rows=offset,
        user_verbs=VerbDictionary({**bundled.verbs.sets, **verbs.sets}, verbs.families,
                                  verbs.verbs, verbs.warnings),
    )
