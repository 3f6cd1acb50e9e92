"""Parser of the CAMEO verb-pattern format (CAMEO.2.0.txt): pure, text in, records out.

The file has three parts, each opened by a `####### ... #######` banner:
- synonym sets: `&NAME` followed by `+WORD` lines (`&CURRENCY`, `&MILITARY`, ...);
- verb families: `---  NAME   [CODE]  ---` (CODE the family default, `---` for none), then
  the family's verbs, one a line (`SPEED {SPEEDING SPEEDS SPED}` lists irregular forms,
  `+CALL_OFF` is a verb with a particle, an optional `[CODE]` is that verb's own default),
  then its patterns: `- words * words (PREP words) [CODE]`. `*` is the verb's place,
  words before it belong to the subject side and words after it to the object side,
  `(PREP ...)` is a prepositional phrase, `{A B}` a phrase, `&SET` any word of the set,
  `$` the source, `+` the target, `^` and `%` skip markers. CODE may be `SRC:TGT`
  (an event and its converse) or `---` (no event: the pattern blocks the default);
- transformations, which we do not use.

Nothing here raises on bad input: malformed lines are skipped and reported in
`VerbDictionary.warnings` as "FILE:LINE: reason".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FAMILY = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_TRAILING_CODE = re.compile(r"\[([^\]]*)\]\s*$")
_CODE = re.compile(r"^(?:\d{2,4}|---)$")
# Markers inside patterns that stand for actors or skipped words, not for words to find.
_MARKERS = frozenset({"$", "+", "^", "%", "*"})
_TOKEN = re.compile(r"\(|\)|\{|\}|[^\s(){}]+")


@dataclass(frozen=True, slots=True)
class PrepPhrase:
    """`(PREP words)`: a preposition (alternatives joined by `/`) and the words under it."""

    preps: tuple[str, ...]
    words: tuple[str, ...]
    target: bool  # the phrase holds `+`: its object is the event's target


@dataclass(frozen=True, slots=True)
class VerbPattern:
    family: str
    before: tuple[str, ...]  # words before `*`; `&NAME` refers to a synonym set
    after: tuple[str, ...]   # words after `*`, outside prepositional phrases
    phrases: tuple[PrepPhrase, ...]
    code: str                # the source→target code; "" for converse-only, "---" none
    line: int

    @property
    def specificity(self) -> int:
        """Content words count twice, a bare preposition once: "* AID" beats "* (TO)"."""
        words = len(self.before) + len(self.after) + sum(len(p.words) for p in self.phrases)
        return 2 * words + len(self.phrases)


@dataclass(frozen=True, slots=True)
class Verb:
    """One verb of a family: its base form (lower case), particles and irregular forms."""

    lemma: str
    particles: tuple[str, ...]
    forms: tuple[str, ...]
    family: str
    code: str | None  # the verb's own default code, if its line carries one


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    code: str | None  # the family's default code; None for `[---]`
    patterns: tuple[VerbPattern, ...]


@dataclass(frozen=True, slots=True)
class VerbDictionary:
    sets: dict[str, frozenset[str]] = field(default_factory=dict)
    families: dict[str, Family] = field(default_factory=dict)
    verbs: dict[str, tuple[Verb, ...]] = field(default_factory=dict)  # by lemma
    warnings: tuple[str, ...] = ()


def _code(body: str) -> str | None:
    """The source→target part of `042:043` ("" for `:054`); None if malformed."""
    primary = body.strip().rstrip("!").split(":", 1)[0].strip()
    if primary == "" and ":" in body:
        return ""
    return primary if _CODE.match(primary) else None


def _words(raw: str) -> str:
    return " ".join(raw.replace("_", " ").lower().split())


def parse_pattern(body: str, *, family: str, line: int) -> VerbPattern | str:
    """`* TROOP (TO +) [154]` (without the leading `-`) → a pattern, or why not."""
    found = _TRAILING_CODE.search(body)
    if found is None:
        return "pattern without [CODE]"
    code = _code(found.group(1))
    if code is None:
        return f"bad code [{found.group(1)}]"
    tokens = _TOKEN.findall(body[: found.start()])
    if tokens.count("*") != 1:
        return "pattern needs exactly one *"
    before: list[str] = []
    after: list[str] = []
    phrases: list[PrepPhrase] = []
    seen_verb = False
    phrase: list[str] | None = None
    for token in tokens:
        if token == "*":
            seen_verb = True
        elif token == "(":
            if phrase is not None:
                return "nested ("
            phrase = []
        elif token == ")":
            if phrase is None:
                return "unbalanced )"
            if not phrase or phrase[0] in _MARKERS:
                return "phrase without a preposition"
            words = tuple(_words(w) for w in phrase[1:] if w not in _MARKERS)
            phrases.append(PrepPhrase(tuple(_words(p) for p in phrase[0].split("/")),
                                      words, "+" in phrase[1:]))
            phrase = None
        elif token in ("{", "}"):
            continue
        elif phrase is not None:
            phrase.append(token)
        elif token not in _MARKERS:
            (after if seen_verb else before).append(_words(token) if token[0] != "&"
                                                    else token.upper().rstrip("_"))
    if phrase is not None:
        return "unbalanced ("
    return VerbPattern(family, tuple(w for w in before if w), tuple(w for w in after if w),
                       tuple(phrases), code, line)


def _verb(line: str, family: str) -> Verb | None:
    text = line.strip()
    own = _TRAILING_CODE.search(text)
    code = _code(own.group(1)) if own else None
    if own:
        text = text[: own.start()].strip()
    forms: tuple[str, ...] = ()
    if "{" in text:
        text, _, rest = text.partition("{")
        forms = tuple(_words(f.lstrip("+")) for f in rest.split("}", 1)[0].split())
    words = _words(text.strip().lstrip("+")).split()
    if not words or not all(re.match(r"^[a-z][a-z.'-]*$", w) for w in words):
        return None
    return Verb(words[0], tuple(words[1:]), forms, family, code or None)


def parse_verbs(text: str, *, source: str) -> VerbDictionary:
    """The synonym sets, verb families and patterns of a CAMEO verb file."""
    sets: dict[str, set[str]] = {}
    families: dict[str, Family] = {}
    verbs: dict[str, list[Verb]] = {}
    warnings: list[str] = []
    current_set: str | None = None
    family: str | None = None
    family_code: str | None = None
    patterns: list[VerbPattern] = []

    def close_family() -> None:
        if family is not None:
            families[family] = Family(family, family_code, tuple(patterns))

    for number, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("#"):
            if "TRANSFORMATIONS" in raw:
                break
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        where = f"{source}:{number}"
        stripped = line.strip()
        header = _FAMILY.match(stripped)
        if header:
            close_family()
            family, patterns, current_set = header.group(1).upper(), [], None
            family_code = _code(header.group(2))
            family_code = family_code if family_code and family_code != "---" else None
        elif stripped.startswith("&"):
            current_set = stripped.split()[0].upper().rstrip("_")
            sets.setdefault(current_set, set())
        elif current_set is not None and stripped.startswith("+") and family is None:
            sets[current_set].add(_words(stripped[1:]))
        elif family is None:
            warnings.append(f"{where}: line outside a synonym set or verb family; skipped")
        elif stripped.startswith("-"):
            parsed = parse_pattern(stripped[1:], family=family, line=number)
            if isinstance(parsed, str):
                warnings.append(f"{where}: {parsed}; skipped")
            else:
                patterns.append(parsed)
        else:
            verb = _verb(stripped, family)
            if verb is None:
                warnings.append(f"{where}: not a verb line; skipped")
            else:
                verbs.setdefault(verb.lemma, []).append(verb)
    close_family()
    return VerbDictionary(
        sets={name: frozenset(members) for name, members in sets.items()},
        families=families,
        verbs={lemma: tuple(entries) for lemma, entries in verbs.items()},
        warnings=tuple(warnings),
    )
