"""Fixtures for the JupyterHub tests: a real hub on 127.0.0.1 and its students.

Tests marked ``hub_heavy`` (a larger class) run on demand (see the root
``conftest.py``): ``python -m pytest tests/hub -m hub_heavy``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import hubkit  # noqa: E402


@pytest.fixture(scope="module")
def hub():
    """A running hub; after the module, checks that nothing of it is left."""
    why = hubkit.proxy_missing()
    if why:
        pytest.skip(why)
    with hubkit.serve_hub() as running:
        yield running
        processes = [running.proc.pid, *hubkit.descendants(running.proc.pid)]
        folder = running.home.parent
    left = [pid for pid in processes if hubkit.alive(pid)]
    assert not left, f"processes left after the hub stopped: {left}"
    assert not folder.exists(), f"{folder} left behind"
