"""Every lesson runs as a slider-only Voila app: all its figures, no code, no error.

Lessons 03 and 06 are driven slider by slider in ``test_lessons.py``; here
each of the others is loaded once and checked as a page a lecturer projects.
"""

from __future__ import annotations

import nbformat
import pytest
from harness import HARMLESS_BLOCKED, MPL_FIGURE, REPO_ROOT, error_outputs

NOTEBOOKS = REPO_ROOT / "notebooks"
DRIVEN_ELSEWHERE = {"03_momentum.ipynb", "06_adam.ipynb"}
LESSONS = sorted(
    path.name
    for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")
    if path.name not in DRIVEN_ELSEWHERE
)


def _pictures(name: str) -> int:
    """Code cells whose committed outputs show a picture (a figure or explorer)."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    return sum(
        any("image/png" in output.get("data", {}) for output in cell.outputs)
        for cell in notebook.cells
        if cell.cell_type == "code"
    )


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_runs_as_a_voila_app(name, voila_server, page, blocked_requests):
    expected = _pictures(name)
    assert expected > 0
    page.set_default_timeout(120_000)
    page.goto(voila_server(NOTEBOOKS / name) + "/")
    # every figure of the lesson becomes a live ipympl figure on the page
    page.wait_for_function(
        f"() => document.querySelectorAll('{MPL_FIGURE}').length >= {expected}",
        timeout=120_000,
    )
    assert page.locator(".jp-CodeCell").count() > 0
    assert page.locator(".jp-CodeCell:not(.jp-mod-noInput)").count() == 0
    assert "import optlab" not in page.locator("body").inner_text()
    assert error_outputs(page) == []
    assert [u for u in blocked_requests if not HARMLESS_BLOCKED.match(u)] == []
