"""Fixtures for browser tests: Debian chromium, Voila and JupyterLab servers.

Every test in this folder gets the ``browser`` marker, so ``-m "not browser"``
skips them all. Selectors and page helpers live in ``harness.py``.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # so `import harness` works in any import mode
import harness  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives a real chromium against Voila/JupyterLab"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = harness.find_chromium()
    if path is None:
        pytest.skip("Debian chromium not installed: apt-get install chromium")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path) -> dict:
    """pytest-playwright's launch options, pointed at the system chromium.

    Its own options come last so that ``--headed`` and ``--slowmo`` still work.
    """
    return {**harness.launch_args(chromium_path), **browser_type_launch_args}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args) -> dict:
    # Tall enough for a notebook cell plus its figure in JupyterLab.
    return {**browser_context_args, "viewport": {"width": 1280, "height": 1000}}


@pytest.fixture
def blocked_requests() -> list[str]:
    """URLs the page tried to load from non-local hosts (all were aborted)."""
    return []


@pytest.fixture
def context(new_context, blocked_requests):
    """pytest-playwright's context, restricted to 127.0.0.1/localhost."""
    ctx = new_context()
    ctx.set_default_timeout(60_000)
    harness.allow_local_only(ctx, blocked_requests)
    return ctx


@pytest.fixture
def voila_server():
    """Factory: ``url = voila_server(path_to_notebook)``; stopped after the test."""
    with contextlib.ExitStack() as stack:

        def start(notebook, **kwargs) -> str:
            return stack.enter_context(harness.serve_voila(notebook, **kwargs))

        yield start


@pytest.fixture
def lab_root(tmp_path) -> Path:
    """Folder JupyterLab serves; tests put notebooks here (override to change)."""
    root = tmp_path / "lab"
    root.mkdir()
    return root


@pytest.fixture
def jupyterlab_server(lab_root):
    """``(base_url, token)`` of a JupyterLab serving ``lab_root``."""
    with harness.serve_jupyterlab(lab_root) as served:
        yield served
