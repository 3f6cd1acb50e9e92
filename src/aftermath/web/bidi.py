"""Names from the data shown in isolation, so their direction cannot leak into the page (#18).

An outlet, title or actor name is whatever a source sent. One that holds a right-to-left
override (U+202E) or embedding, and is printed inline, reorders everything after it up to
the end of the line: a date, the next outlet, a count. Inside `<bdi>` the bidi algorithm
closes what the name opened at its end, and a name written right to left is still shown
right to left. Text with no markup (the page's `<title>`) gets the same isolation from the
characters FSI … PDI.
"""

from __future__ import annotations

from markupsafe import Markup

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def isolate(value: object) -> Markup:
    """`value`, escaped, inside `<bdi>` (the `bdi` filter of the templates)."""
    return Markup("<bdi>{}</bdi>").format("" if value is None else value)


def isolate_text(value: object) -> str:
    """`value` between FSI and PDI, for text where no element may go (the `bdi_text`
    filter; autoescaping still applies to the result)."""
    return f"{FIRST_STRONG_ISOLATE}{'' if value is None else value}{POP_DIRECTIONAL_ISOLATE}"
