"""Time of the brief of one incident with 1,000 documents, read from SQLite (#6).

Usage: python benchmarks/bench_brief.py [--documents N] [--repeat N]
Generates N short reports of one killing (records built directly, no parsing: the point
is the store and the assembly, not spaCy), stores them, places them in incidents, then
times `incident_brief` (load from SQLite + ledger + framing). Target: under 2 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from aftermath.incidents import incident_brief, update_incidents
from aftermath.knowledge import load_kb
from aftermath.records import (
    ActorRef,
    Analysis,
    Attribution,
    Claim,
    ClaimKind,
    Document,
    Event,
    EventStatus,
    EvidenceStatus,
    Granularity,
    Place,
    ResolvedDate,
    Span,
)
from aftermath.store import open_store

OUTLETS = ["TASS", "RIA Novosti", "RT", "Anadolu Agency", "Daily Sabah", "TRT", "Reuters",
           "Associated Press", "BBC News", "Al Jazeera"]
CLAIMS = [  # kind, claimant, claimant code, accused, status, sentence
    ("blame", "Turkish officials", "TURGOV", "FETO", EvidenceStatus.UNSUPPORTED,
     "Turkish officials blamed FETO for the killing without evidence."),
    ("blame", "A senator", "RUSLEG", "NATO", EvidenceStatus.HEDGED,
     "A senator said NATO spies might be behind the attack."),
    ("blame", "A think tank", "RUSEDU", "CIA", EvidenceStatus.ASSERTED,
     "A think tank called it a CIA operation."),
    ("affiliation", "Sources", "TUR", "Nusra Front", EvidenceStatus.UNSUPPORTED,
     "Sources alleged the gunman had ties to the Nusra Front but offered no proof."),
    ("motive", "The gunman", "TURCOP", None, EvidenceStatus.ASSERTED,
     "The gunman shouted that it was revenge for Aleppo."),
    ("denial", "Gulen", "TUROPP", None, EvidenceStatus.ASSERTED,
     "Gulen denied any role in the attack."),
]
LEAD = "A Turkish police officer shot dead Russia's ambassador at a gallery in Ankara on Monday."


def _span(text: str, part: str, sentence: int) -> Span:
    start = text.index(part)
    return Span(part, start, start + len(part), sentence)


def _ref(text: str, words: str | None, code: str | None) -> ActorRef | None:
    if words is None:
        return None
    start = text.index(words)
    return ActorRef(code, words, start, start + len(words))


def make_analysis(n: int) -> Analysis:
    picked = [CLAIMS[(n + k) % len(CLAIMS)] for k in range(3)]
    text = " ".join([LEAD, *(c[5] for c in picked), f"Report number {n}."])
    lead = _span(text, LEAD, 0)
    event = Event(
        source=_ref(text, "A Turkish police officer", "TURCOP"),
        target=_ref(text, "Russia's ambassador", "RUSGOVDIP"), plover="ASSAULT", mode=None,
        cameo="1823", quad_class=4, goldstein=-10.0,
        date=ResolvedDate("2016-12-19", Granularity.DAY), place=Place("Ankara", "TUR", None, None),
        status=EventStatus.ASSERTED, confidence=0.9, evidence=lead,
        trigger=_span(text, "shot", 0),
    )
    claims = []
    for k, (kind, claimant, code, accused, status, sentence) in enumerate(picked, start=1):
        span = _span(text, sentence, k)
        claims.append(Claim(ClaimKind(kind), _ref(sentence, claimant, code) and _ref(
            text, claimant, code), _ref(text, accused, None) if accused else None, None,
            status, span, span))
    quote = claims[0].evidence
    attribution = Attribution(claims[0].claimant, quote, quote, False, quote)
    published = f"2016-12-{19 + n % 5:02d}"
    return Analysis(
        document=Document(f"bench-{n:05d}", text, title=f"Ambassador killed in Ankara ({n})",
                          outlet=OUTLETS[n % len(OUTLETS)], published=published),
        events=(event,), attributions=(attribution,), claims=tuple(claims),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    kb = load_kb()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "bench.sqlite"))
        start = time.perf_counter()
        for n in range(args.documents):
            store.save(make_analysis(n))
        stored_s = time.perf_counter() - start
        start = time.perf_counter()
        update_incidents(store, kb)
        placed_s = time.perf_counter() - start
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            brief = incident_brief(store, "ambassador Ankara", kb=kb)
            times.append(time.perf_counter() - start)
        store.close()
    print(f"incident with {len(brief.incident.documents)} documents, "
          f"{sum(len(h.claims) for h in brief.hypotheses)} attached claims, "
          f"{len(brief.hypotheses)} hypotheses, {len(brief.framing)} outlets")
    print(f"  store {args.documents} analyses   {stored_s:6.2f} s")
    print(f"  place them in incidents {placed_s:6.2f} s")
    print(f"  brief from SQLite       {min(times):6.2f} s (best of {args.repeat}; target < 2 s)")


if __name__ == "__main__":
    main()
