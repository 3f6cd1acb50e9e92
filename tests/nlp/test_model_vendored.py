"""Models shipped inside another package's data are found by name (#12)."""

from __future__ import annotations

import sys

import pytest

from aftermath.errors import ModelNotInstalledError
from aftermath.nlp import model


def test_model_vendored_path_found_in_an_installed_package(tmp_path, monkeypatch):
    package = tmp_path / "vendor_pkg_for_test"
    (package / "_model").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "_model" / "meta.json").write_text("{}")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(model.VENDORED_MODELS, "toy_model", ("vendor_pkg_for_test", "x"))
    assert model._vendored_path("toy_model") == str(package / "_model")
    sys.modules.pop("vendor_pkg_for_test", None)


def test_model_vendored_missing_names_its_install_command(monkeypatch):
    monkeypatch.setitem(model.VENDORED_MODELS, "absent_model",
                        ("no_such_module_here", "make model-absent"))
    assert model._vendored_path("absent_model") is None
    with pytest.raises(ModelNotInstalledError, match="make model-absent"):
        model.load_model("absent_model")
