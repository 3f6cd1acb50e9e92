"""Speech-act frames around an event: intent, threat, refusal and demand.

CAMEO codes what an actor *says it will do* as a verbal act of its own: "Finland will give
Tanzania a grant" is an expression of intent to provide economic aid (0331), "they would
boycott the talks" a threat (13x), "refused to release the prisoners" a refusal to yield
(1243), "Russia said Sudan must return the helicopter" a demand by Russia (1053). Coding
the embedded action instead (aid, boycott, release) would count promises as deeds and
inflate the relation series with things that never happened. This module maps an embedded
event's CAMEO code to the code of the frame around it; which frame applies is decided from
the parse in `extract.events`.
"""

from __future__ import annotations

from collections.abc import Container
from enum import StrEnum


class Frame(StrEnum):
    INTENT = "intent"    # will / vowed to / is ready to + cooperative act   -> 03x
    THREAT = "threat"    # the same frames + conflictual act                 -> 13x
    REFUSAL = "refusal"  # refused to / will not + cooperative act           -> 12x
    DEMAND = "demand"    # X said Y must ...                                  -> 10x
    CESSATION = "cessation"  # stopped / halted + violent act                   -> 087


# Embedded code prefix -> frame code, longest prefix wins. Only codes that exist in the
# CAMEO table are used; an unmapped prefix falls back to the frame's generic code.
_INTENT = {
    "03": "030", "04": "036", "05": "032", "057": "037", "06": "031", "061": "0311",
    "062": "0312", "063": "0313", "064": "0314", "07": "033", "071": "0331", "072": "0332",
    "073": "0333", "074": "0334", "075": "0333", "08": "035", "081": "0351", "082": "0352",
    "083": "034", "0831": "0341", "0832": "0342", "0833": "0343", "0834": "0344",
    "084": "0353", "085": "0354", "086": "0355", "087": "0356", "09": "032",
}
_THREAT = {
    "11": "130", "12": "130", "125": "134", "126": "135", "13": "130", "14": "133",
    "15": "138", "16": "131",
    "161": "1313", "162": "1311", "163": "1312", "164": "134", "165": "135", "166": "136",
    "17": "137", "172": "132", "1721": "1321", "1722": "1322", "1723": "1323",
    "1724": "1324", "18": "1383", "19": "1384", "191": "1381", "192": "1382", "20": "1385",
}
_REFUSAL = {
    "03": "120", "04": "125", "05": "120", "057": "127", "06": "121", "061": "1211",
    "062": "1212", "063": "1213", "064": "1214", "07": "122", "071": "1221", "072": "1222",
    "073": "1223", "074": "1224", "08": "124", "081": "1241", "082": "1242", "083": "123",
    "0831": "1231", "0832": "1232", "0833": "1233", "0834": "1234", "084": "1243",
    "085": "1244", "086": "1245", "087": "1246", "09": "120",
}
_DEMAND = {
    "03": "100", "04": "106", "05": "102", "057": "107", "06": "101", "061": "1011",
    "062": "1012", "063": "1013", "064": "1014", "07": "103", "071": "1031", "072": "1032",
    "073": "1033", "074": "1034", "08": "105", "081": "1051", "082": "1052", "083": "104",
    "0831": "1041", "0832": "1042", "0833": "1043", "0834": "1044", "084": "1053",
    "085": "1054", "086": "1055", "087": "1056", "09": "100",
}
# Stopping an act of force de-escalates; stopping sanctions or repression eases them.
_CESSATION = {
    "18": "087", "19": "087", "191": "0872", "20": "087", "163": "085", "17": "081",
    "172": "081", "1721": "0811", "1722": "0812", "1723": "0813", "1724": "0814",
}
_TABLES = {Frame.INTENT: _INTENT, Frame.THREAT: _THREAT, Frame.REFUSAL: _REFUSAL,
           Frame.DEMAND: _DEMAND, Frame.CESSATION: _CESSATION}
GENERIC = {Frame.INTENT: "030", Frame.THREAT: "130", Frame.REFUSAL: "120",
           Frame.DEMAND: "100", Frame.CESSATION: ""}

# The embedded act is itself verbal: a frame around it adds nothing ("vowed to demand").
VERBAL_ROOTS = frozenset({"01", "02", "10", "11", "12", "13"})


def is_conflictual(quad_class: int) -> bool:
    return quad_class >= 3


def framed_code(frame: Frame, embedded: str, known: Container[str]) -> str | None:
    """The CAMEO code for `frame` around an event coded `embedded`; None if it doesn't apply.

    A refusal or demand of a conflictual act ("refused to attack", "must stop shelling")
    is not a CAMEO refusal or demand of cooperation: those stay as they were (None).
    """
    if frame in (Frame.INTENT, Frame.THREAT) and embedded[:2] in VERBAL_ROOTS - {"12", "13"}:
        return None
    table = _TABLES[frame]
    for length in range(len(embedded), 1, -1):
        code = table.get(embedded[:length])
        if code is not None and code in known:
            return code
    if frame in (Frame.REFUSAL, Frame.DEMAND) and embedded[:2] >= "10":
        return None
    if frame is Frame.THREAT and embedded[:2] < "10":
        return None
    return GENERIC[frame] or None
