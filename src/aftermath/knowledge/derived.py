"""Tables derived from a knowledge-base table, computed once per table (#20).

Extractors ask questions of the knowledge base for every token ("does any role noun end
in this word?"). The answer comes from an index derived from a table; rebuilding that
index per document or per token was a measurable share of extraction. The index is kept
beside the table it came from, keyed by the table's identity (the knowledge base is
read-only), and the table itself is held so that an id is never reused for another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_DERIVED: dict[tuple[int, str], tuple[Any, Any]] = {}
# Knowledge bases in one process are few (one, or one per list of user dictionaries).
MAX_DERIVED = 256


def derived(table: Any, name: str, build: Callable[[Any], T]) -> T:
    """`build(table)`, computed the first time `name` is asked of this table."""
    key = (id(table), name)
    found = _DERIVED.get(key)
    if found is None or found[0] is not table:
        if len(_DERIVED) > MAX_DERIVED:
            _DERIVED.clear()
        found = _DERIVED[key] = (table, build(table))
    return found[1]


def last_words(table: Any) -> frozenset[str]:
    """The last word of every key of a table of phrases ("strike" of "hunger strike")."""
    return derived(table, "last_words", lambda t: frozenset(k.split()[-1] for k in t))
