"""Build src/aftermath/knowledge/data/cameo.tsv from the public CAMEO/PLOVER/Goldstein tables.

Usage: python scripts/build_cameo_table.py [../shared/data]

The output holds facts only (codes, labels, scale values, the CAMEO→PLOVER mapping), one row
per CAMEO code, so the package needs no file from ../shared at run time.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/aftermath/knowledge/data/cameo.tsv"


def quad_class(code: str) -> int:
    """CAMEO roots 01-05 verbal cooperation, 06-08 material cooperation, 09-13 verbal
    conflict, 14-20 material conflict (the GDELT/ICEWS convention)."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def main(shared: Path) -> None:
    labels: dict[str, str] = {}
    for line in (shared / "cameo/CAMEO_codefile.txt").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^LABEL:\s*(\d+)=\s*(.+)$", line):
            labels[match.group(1)] = match.group(2).strip()
        elif match := re.match(r"^//(\d\d):\s*(.+)$", line):
            labels.setdefault(match.group(1), match.group(2).strip().capitalize())
    goldstein: dict[str, float] = {}
    for line in (shared / "cameo/CAMEO.goldsteinscale.txt").read_text().splitlines()[1:]:
        code, value = line.split("\t")
        goldstein[code.strip()] = float(value)
    plover: dict[str, tuple[str, str, str]] = {}
    for line in (shared / "plover/CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^(\d+):\s*([^#]*)", line):
            parts = [p.strip() for p in match.group(2).split(",")]
            parts += [""] * (3 - len(parts))
            plover[match.group(1)] = (parts[0], parts[1], parts[2])
    rows = []
    for code in sorted(set(labels) | set(goldstein), key=lambda c: (c[:2], c)):
        if len(code) < 2:
            continue
        score = goldstein.get(code, goldstein.get(code[:3], goldstein.get(code[:2])))
        event, mode, context = plover.get(code, plover.get(code[:3], ("", "", "")))
        rows.append(
            [code, labels.get(code, ""), f"{score:.1f}" if score is not None else "",
             str(quad_class(code)), event, mode, context]
        )
    header = [
        "# CAMEO event codes with label, Goldstein value, QuadClass and PLOVER mapping.",
        "# Facts compiled by scripts/build_cameo_table.py from: CAMEO 0.7b5 labels",
        "# (openeventdata/text_to_CAMEO, MIT), GDELT's CAMEO Goldstein lookup (Goldstein 1992),",
        "# and the CAMEO->PLOVER table of the PLOVER manual draft 0.8 (2021).",
        "# A missing Goldstein value falls back to the code's parent. Licence of this table: CC0.",
        "code\tlabel\tgoldstein\tquad_class\tplover\tmode\tcontext",
    ]
    OUT.write_text(
        "\n".join(header + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(rows)} codes to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data")
