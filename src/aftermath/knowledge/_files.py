"""Reading the shipped data files: comment lines start with '#'."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources
from typing import Any

import yaml

from aftermath.errors import ConfigError

# libyaml's safe loader parses our larger data files several times faster; same safety.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_text(name: str) -> str:
    """The text of a bundled data file under knowledge/data/."""
    try:
        return resources.files("aftermath.knowledge").joinpath("data", name).read_text("utf-8")
    except FileNotFoundError as err:
        raise ConfigError(f"knowledge file {name} is missing from the package") from err


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a tab-separated data file, header first, comments skipped."""
    lines = [line for line in data_text(name).splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        yield {key: (value or "").strip() for key, value in row.items() if key}


def read_yaml(name: str) -> Any:
    try:
        return yaml.load(data_text(name), Loader=_LOADER)
    except yaml.YAMLError as err:
        raise ConfigError(f"knowledge file {name} is not valid YAML: {err}") from err


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]
