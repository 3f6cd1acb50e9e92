"""Datelines, bylines and agency credits: words that say where a report was filed and by
whom, never who did what (#17).

Wire copy opens with "CARACAS (Reuters) - ", "BOZEMAN, Mont. (Reuters) - ", "(Reuters) - ",
"AP — " or "MOSCOW, Dec 19 (Reuters) -"; a credit can also stand inside the text
("(Reuters)"). Read as actors, the agency became the source of the events it reports and
the capital became its government ("WASHINGTON" → USAGOV): on real Reuters sentences that
was one of the most frequent errors. The dateline still names a place, so places and the
story's home country may use it; only actor resolution skips it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

# Agencies and services whose name appears as a credit (facts: the wire services).
AGENCIES = ("Reuters", "AP", "AFP", "Associated Press", "Agence France-Presse", "dpa", "DPA",
            "Xinhua", "TASS", "Interfax", "Anadolu", "IANS", "PTI", "UPI", "Bloomberg",
            "Yonhap", "Kyodo", "EFE", "ANSA", "AA", "RIA", "Sputnik", "BERNAMA", "Bernama",
            "WAM", "SPA", "KUNA", "IRNA", "MENA", "APA", "NNA", "CNA")
_AGENCY = "|".join(sorted((re.escape(name) for name in AGENCIES), key=len, reverse=True))
_DASH = r"[-\u2013\u2014]+"
# A place in capitals ("CARACAS", "SALT LAKE CITY", "EVERGLADES CITY"), optionally followed
# by a region or country in ordinary case ("BOZEMAN, Mont.", "ECKERNFOERDE, Germany") and
# a date ("MOSCOW, Dec 19").
_PLACE = (r"[A-Z][A-Z.'\u2019\-]+(?:\s+[A-Z][A-Z.'\u2019\-]+){0,4}"
          r"(?:\s*,\s*[A-Z][\w.'\u2019\-]*(?:\s+[A-Z][\w.'\u2019\-]*){0,2})?"
          r"(?:\s*,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?")
_OPENING = re.compile(
    rf"\A\s*(?:(?:{_PLACE})\s*)?\(\s*(?:{_AGENCY})(?:\s*/\s*[\w ]+)?\s*\)\s*(?:{_DASH}|:)?\s*"
    rf"|\A\s*(?:{_AGENCY})\s*(?:{_DASH})\s+"
    rf"|\A\s*(?:{_PLACE})\s*(?:{_DASH})\s+(?=[A-Z\"\u201c'\u2018])"
)
# A credit anywhere in the text: "(Reuters)", "(AP)".
_CREDIT = re.compile(rf"\(\s*(?:{_AGENCY})\s*\)")
# A capitals-only opening must look like a place: a single short word in capitals such as
# "NATO -" or "US -" is more likely an actor than a dateline.
MIN_PLACE_LETTERS = 4


def dateline_end(text: str) -> int:
    """Characters [0, end) of `text` that are its dateline and agency credit (0 if none)."""
    found = _OPENING.match(text)
    if found is None:
        return 0
    opening = found.group(0)
    if "(" not in opening and not any(agency in opening for agency in AGENCIES):
        letters = sum(ch.isalpha() for ch in opening.split(",")[0])
        if letters < MIN_PLACE_LETTERS:
            return 0
    return found.end()


def credit_tokens(doc: Doc, text: str) -> set[int]:
    """Indices of tokens that belong to a dateline or an agency credit: never actors.
    `text` is the doc's text (`DocContext.doc_text`: `doc.text` joins every token again)."""
    tokens: set[int] = set()
    end = dateline_end(text)
    spans = [(0, end)] if end else []
    spans += [(m.start(), m.end()) for m in _CREDIT.finditer(text, end)]
    for start, stop in spans:
        span = doc.char_span(start, stop, alignment_mode="expand")
        if span is not None:
            tokens.update(range(span.start, span.end))
    return tokens
