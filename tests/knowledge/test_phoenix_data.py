"""The vendored Phoenix/CAMEO dictionaries are the upstream files, unchanged (#12)."""

from __future__ import annotations

import hashlib
import re
from importlib import resources

import pytest

from aftermath.knowledge.phoenix.loader import BUNDLED_FILES

FOLDER = resources.files("aftermath.knowledge").joinpath("data", "phoenix")


def _readme_hashes() -> dict[str, str]:
    readme = FOLDER.joinpath("README.md").read_text("utf-8")
    return dict(re.findall(r"\| `([^`]+)` \|[^|]*\| `([0-9a-f]{64})` \|", readme))


@pytest.mark.issue(12)
@pytest.mark.parametrize("name", [*BUNDLED_FILES, "LICENSE"])
def test_phoenix_data_file_matches_its_recorded_hash(name: str) -> None:
    recorded = _readme_hashes()
    assert name in recorded, f"{name} has no sha256 in data/phoenix/README.md"
    digest = hashlib.sha256(FOLDER.joinpath(name).read_bytes()).hexdigest()
    assert digest == recorded[name], f"{name} differs from the upstream file"


@pytest.mark.issue(12)
def test_phoenix_data_licence_is_mit() -> None:
    assert FOLDER.joinpath("LICENSE").read_text("utf-8").startswith("The MIT License")


@pytest.mark.issue(12)
def test_phoenix_data_is_package_data() -> None:
    pyproject = (resources.files("aftermath").joinpath("..", "..", "pyproject.toml"))
    assert '"knowledge/data/phoenix/*"' in pyproject.read_text("utf-8")
