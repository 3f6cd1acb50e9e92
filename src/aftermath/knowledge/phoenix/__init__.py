"""The field's dictionaries as data: the vendored Phoenix/CAMEO files and our own loader (#12).

`load_phoenix()` returns the parsed actor names (dated codes), agent nouns and CAMEO verb
patterns; `actors` and `verbs` hold the pure parsers of the formats.
"""

from aftermath.knowledge.phoenix.actors import (
    ActorEntry,
    AgentEntry,
    DatedCode,
    ParseResult,
    parse_actors,
    parse_agents,
)
from aftermath.knowledge.phoenix.loader import PhoenixDictionaries, load_phoenix
from aftermath.knowledge.phoenix.verbs import VerbDictionary, VerbPattern, parse_verbs

__all__ = [
    "ActorEntry",
    "AgentEntry",
    "DatedCode",
    "ParseResult",
    "PhoenixDictionaries",
    "VerbDictionary",
    "VerbPattern",
    "load_phoenix",
    "parse_actors",
    "parse_agents",
    "parse_verbs",
]
