"""Contract tests: public API, import direction, registry snapshot, provenance invariant."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import aftermath
from aftermath.registry import extractors

SRC = Path(aftermath.__file__).resolve().parent
# Lower layers may not import higher ones (style.md §2). Each module's layer, low to high.
LAYERS = {
    "records": 0, "errors": 0, "config": 0, "registry": 0,
    "knowledge": 1, "ingest": 1, "nlp": 1,
    "extract": 2, "pipeline": 3, "assemble": 3, "incidents": 3, "relations": 4, "store": 1,
    "scale": 4, "export": 5, "eval": 5, "render": 5, "runs": 6, "sharded": 6, "web": 6,
    "cli": 7,
    "commands": 7, "__init__": 8,
}


def _layer(module: str) -> int:
    return LAYERS[module.split(".")[1].removesuffix(".py")]


@pytest.mark.parametrize("package", ["aftermath", "aftermath.nlp", "aftermath.knowledge",
                                     "aftermath.ingest", "aftermath.store",
                                     "aftermath.incidents", "aftermath.web"])
def test_public_api_all_is_sorted_and_importable(package: str):
    module = importlib.import_module(package)
    names = module.__all__
    assert names == sorted(names)
    for name in names:
        assert hasattr(module, name), f"{package}.{name} missing"


def test_import_direction_has_no_upward_edges():
    upward = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(relative.parts)
        if module.endswith("__init__") and module.count(".") == 1:
            continue
        mine = _layer(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                "aftermath."
            ) and node.module.split(".")[1] not in ("registry",):
                theirs = _layer(node.module)
                if theirs > mine:
                    upward.append(f"{module} imports {node.module}")
    assert not upward


def test_registry_names_match_snapshot():
    snapshot = (Path(__file__).parent / "registry_names.txt").read_text().split()
    assert extractors.names() == snapshot


def test_unknown_extractor_lists_available():
    with pytest.raises(aftermath.UnknownComponentError, match=r"available: actors\.kb_rules\.v1"):
        extractors.get("events.magic.v9")


def test_every_span_points_into_the_document_text(nlp, kb):
    text = (
        "Kremlin spokesman Dmitry Peskov said on Tuesday that the killing of the ambassador "
        "was a “provocation”. Turkey’s mayor of Ankara blamed the Gülen movement, offering "
        'no proof. "We will find who is behind this," Erdoğan said.'
    )
    document = aftermath.Document(id="p", text=text, published="2016-12-20")
    output = aftermath.analysis_json(aftermath.analyze_document(document, nlp, kb))
    spans = []
    for actor in output["actors"]:
        spans += actor["mentions"]
    for family in ("events", "attributions", "claims"):
        for item in output[family]:
            for value in item.values():
                if isinstance(value, dict) and {"start", "end", "text"} <= set(value):
                    spans.append(value)
    assert spans
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]


def test_every_setting_is_documented():
    from aftermath.config import Settings

    documented = (Path(__file__).parent.parent / "docs" / "settings.md").read_text()
    missing = [name for name in Settings.model_fields if f"`{name}`" not in documented]
    # A section's fields are documented by their dotted names (`knowledge.dictionaries`).
    sections = {name: field.default_factory for name, field in Settings.model_fields.items()
                if field.default_factory is not None and isinstance(field.default_factory, type)}
    missing += [f"{name}.{inner}" for name, model in sections.items()
                for inner in getattr(model, "model_fields", {})
                if f"`{name}.{inner}`" not in documented]
    assert not missing


def test_settings_precedence_env_over_toml_over_default(tmp_path, monkeypatch):
    from aftermath.config import load_settings

    toml = tmp_path / "aftermath.toml"
    toml.write_text('model = "from_toml"\nbatch_size = 4\n')
    monkeypatch.setenv("AFTERMATH_BATCH_SIZE", "8")
    settings = load_settings({"db": "sqlite:///x.db"}, config_path=toml)
    assert (settings.model, settings.batch_size, settings.db) == ("from_toml", 8, "sqlite:///x.db")
