"""Reading the shipped data files: comment lines start with '#'."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

import yaml

from aftermath.errors import ConfigError
from aftermath.knowledge.cache import cached, table_path

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
    """A bundled YAML file, parsed; kept parsed between runs (the people file alone took
    half a second to parse on every start, #20)."""
    text = data_text(name)
    digest = hashlib.sha256(f"{yaml.__version__}\0{name}\0{text}".encode()).hexdigest()
    table = "yaml-" + re.sub(r"[^a-z0-9]+", "_", name.lower())
    return cached(table_path(table, digest), lambda: _parse_yaml(name, text),
                  valid=lambda found: True)


def _parse_yaml(name: str, text: str) -> Any:
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        raise ConfigError(f"knowledge file {name} is not valid YAML: {err}") from err


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]
