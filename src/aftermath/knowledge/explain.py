"""What a code means: CAMEO event codes, PLOVER types, actor codes (country + roles)."""

from __future__ import annotations

from aftermath.errors import InputError
from aftermath.knowledge.base import KnowledgeBase
from aftermath.knowledge.cameo import PLOVER_TYPES, QUAD_CLASSES

ROLE_NAMES = {
    "GOV": "government", "DIP": "diplomatic", "MIL": "military", "COP": "police",
    "JUD": "judiciary", "SPY": "intelligence", "OPP": "opposition", "REB": "rebels",
    "IGO": "intergovernmental organisation", "NGO": "non-governmental organisation",
    "MED": "media", "BUS": "business", "CVL": "civilians", "REL": "religious",
    "LEG": "legislature", "EDU": "education/analysts", "UAF": "unidentified armed force",
    "REF": "refugees", "AGR": "agriculture", "ISL": "Islamist", "LAB": "labour",
    "HLH": "health", "ELI": "elites", "CRM": "criminal", "SEP": "separatists",
    "IMG": "international militarised group", "WST": "Western", "NAT": "NATO",
    "UNO": "United Nations", "EUR": "European", "INS": "insurgents", "RAD": "radicals",
    "MOD": "moderates", "SUN": "Sunni", "SHI": "Shia",
}


def explain_code(code: str, kb: KnowledgeBase) -> str:
    """One or a few lines saying what `code` means; InputError when it is not a known code."""
    value = code.strip().upper()
    if value.isdigit() and value in kb.cameo:
        entry = kb.cameo[value]
        plover = f"PLOVER {entry.plover}" + (f" ({entry.mode})" if entry.mode else "")
        return (
            f"CAMEO {value}: {entry.label}. {plover if entry.plover else 'no PLOVER type'}; "
            f"quad class {entry.quad_class} ({QUAD_CLASSES[entry.quad_class]}); "
            f"Goldstein {entry.goldstein:+.1f}"
        )
    if value in PLOVER_TYPES:
        codes = sorted(c for c, e in kb.cameo.items() if e.plover == value)
        return f"PLOVER {value}: CAMEO codes {', '.join(codes) or 'none'}"
    if value.lstrip("-").isalpha() and len(value) >= 3:
        parts = []
        rest = value
        if value.startswith("---"):  # the Phoenix way of a role with no known country (#12)
            parts.append("country unknown")
            rest = value[3:]
        elif value[:3] in kb.countries.by_code:
            parts.append(kb.countries.name_of(value[:3]))
            rest = value[3:]
        while rest:
            role = ROLE_NAMES.get(rest[:3])
            if role is None:
                break
            parts.append(role)
            rest = rest[3:]
        if parts and not rest:
            return f"actor {value}: {', '.join(parts)}"
    raise InputError(f"{code!r} is not a CAMEO code, PLOVER type or actor code we know",
                     code="input.unknown_code")
