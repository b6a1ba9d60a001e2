"""pyproject.toml and environment.yml must list the same dependencies."""

import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent


def _requirement(text: str) -> tuple[str, str]:
    """('ipympl', '>=0.9.3') from 'ipympl>=0.9.3', names normalized."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", text)
    assert match, f"cannot read requirement {text!r}"
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _environment_lines() -> list[str]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    return [line.split("#")[0].rstrip() for line in lines]


def _conda_dependencies() -> dict[str, str]:
    found = {}
    lines = _environment_lines()
    section = lines[lines.index("dependencies:") + 1 :]
    for line in section:
        match = re.fullmatch(r"  - ([^:]+)", line)  # conda entries, not pip's
        if match:
            name, spec = _requirement(match.group(1))
            found[name] = spec
    return found


def test_environment_lists_exactly_the_pyproject_dependencies():
    project = _pyproject()["project"]
    wanted = dict(map(_requirement, project["dependencies"]))
    wanted.update(map(_requirement, project["optional-dependencies"]["dev"]))
    conda = _conda_dependencies()
    conda.pop("pip")
    python = conda.pop("python")
    assert conda == wanted
    assert python == project["requires-python"]


def test_environment_installs_optlab_itself_from_conda_forge():
    lines = _environment_lines()
    assert "  - conda-forge" in lines
    assert "      - -e ." in lines
    assert any(line.startswith("name: ") for line in lines)


def test_binder_environment_brings_the_jupyter_widget_extensions():
    """repo2docker builds the root environment.yml: Lab, widgets and ipympl."""
    conda = _conda_dependencies()
    for package in ("jupyterlab", "ipywidgets", "ipympl", "voila"):
        assert package in conda, f"environment.yml lacks {package}"
    project = _pyproject()["project"]
    runtime = dict(map(_requirement, project["dependencies"]))
    for package in ("jupyterlab", "ipywidgets", "ipympl"):
        assert package in runtime, f"optlab itself must depend on {package}"


def test_voila_listens_on_loopback_unless_told_otherwise():
    import json

    config = json.loads((ROOT / "voila.json").read_text())
    assert config["Voila"]["ip"] == "127.0.0.1"
