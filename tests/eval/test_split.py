"""The dev/held-out cut: fixed by the id's hash, about half each, and SplitReport's headline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aftermath.eval.split import keeper, part_of
from aftermath.eval.suite import SplitReport, Suite


def test_split_part_is_fixed_by_the_id_and_the_salt() -> None:
    ids = [f"record-{n}" for n in range(2000)]
    first = [part_of(i, salt="plover") for i in ids]
    assert first == [part_of(i, salt="plover") for i in reversed(ids)][::-1]
    held = first.count("heldout") / len(ids)
    assert 0.45 < held < 0.55
    other = [part_of(i, salt="blame") for i in ids]
    assert first != other  # a different suite cuts differently


def test_split_keepers_partition_the_ids() -> None:
    ids = [str(n) for n in range(500)]
    dev, held = keeper("dev", salt="s"), keeper("heldout", salt="s")
    assert all(dev(i) != held(i) for i in ids)


@dataclass
class _Counted:
    ids: list[str]

    def figures(self) -> dict[str, float]:
        return {"records": float(len(self.ids))}

    def as_dict(self) -> dict[str, Any]:
        return {"records": len(self.ids)}

    def render(self) -> str:
        return "misses: " + ",".join(self.ids)


def test_split_suite_headline_is_the_heldout_part_and_misses_only_from_dev() -> None:
    ids = [str(n) for n in range(40)]

    def run(_folder: Any, _nlp: Any, _kb: Any, *, keep: Any = None) -> _Counted:
        return _Counted([i for i in ids if keep is None or keep(i)])

    report = Suite(name="toy", data="toy", run=run, split=True).evaluate(None, None, None)
    assert isinstance(report, SplitReport)
    held = [i for i in ids if part_of(i, salt="toy") == "heldout"]
    assert report.figures() == {"records": float(len(held))}
    rendered = report.render()
    shown = rendered.split("misses: ")[1].split(",")
    assert set(shown).isdisjoint(held)
