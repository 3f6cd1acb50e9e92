"""The CAMEO code table: label, Goldstein value, QuadClass and PLOVER mapping per code."""

from __future__ import annotations

from dataclasses import dataclass

from aftermath.knowledge._files import read_tsv

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
QUAD_CLASSES = {
    1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    label: str
    goldstein: float
    quad_class: int
    plover: str
    mode: str
    context: str


def load_cameo() -> dict[str, CameoCode]:
    table = {}
    for row in read_tsv("cameo.tsv"):
        table[row["code"]] = CameoCode(
            code=row["code"],
            label=row["label"],
            goldstein=float(row["goldstein"] or 0.0),
            quad_class=int(row["quad_class"]),
            plover=row["plover"],
            mode=row["mode"],
            context=row["context"],
        )
    return table
