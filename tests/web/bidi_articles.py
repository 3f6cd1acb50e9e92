"""Articles whose names carry a right-to-left override, for the isolation tests (#18)."""

from __future__ import annotations

from aftermath.records import Document

# A right-to-left override (U+202E) in an outlet's name, a title and the names in a text:
# printed inline without isolation it reverses what follows it on the line (#18).
RLO = "\u202e"
BIDI_OUTLET = f"{RLO}evil Wire"
BIDI_ARTICLES = [
    Document(
        id="rtl-blame", title=f"{RLO}Talks fail in Ankara", outlet=BIDI_OUTLET,
        published="2016-12-20",
        text=(f"Turkish police detained two men in Ankara on Tuesday. {RLO}Erdogan blamed "
              f"Russia for the attack. The mayor of Ankara said {RLO}Putin was responsible "
              f"for the killing. \"We will respond,\" said {RLO}Lavrov."),
    ),
    Document(
        id="rtl-second", title="Ankara blames Moscow after arrests", outlet=BIDI_OUTLET,
        published="2016-12-21",
        text=(f"Turkish police detained a third man in Ankara on Wednesday. {RLO}Erdogan "
              "again blamed Russia for the attack on the police station."),
    ),
]
