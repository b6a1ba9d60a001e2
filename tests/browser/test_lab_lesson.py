"""A real lesson in JupyterLab: run every cell, then drive its explorer."""

from __future__ import annotations

import re
import shutil

import nbformat
from harness import (
    HARMLESS_BLOCKED,
    REPO_ROOT,
    error_outputs,
    lab_open,
    lab_run_all,
    move_slider,
    readout_box,
    slider_value,
    wait_for_figure_change,
    wait_for_figure_ready,
)
from playwright.sync_api import expect

READOUT = ".optlab-readout"


def test_jupyterlab_runs_momentum_lesson(
    jupyterlab_server, lab_root, page, blocked_requests
):
    shutil.copy(REPO_ROOT / "notebooks" / "03_momentum.ipynb", lab_root)
    url, token = jupyterlab_server
    lab_open(page, url, token, "03_momentum.ipynb")
    lab_run_all(page, timeout=120)

    box = readout_box(page, re.compile(r"^\s*momentum \("))
    box.scroll_into_view_if_needed()
    before = wait_for_figure_ready(box)
    readout = box.locator(READOUT).first
    text, alpha = readout.inner_text(), slider_value(box, "α")

    move_slider(box, "α", "ArrowRight", presses=2)

    expect(readout).not_to_have_text(text)
    assert slider_value(box, "α") != alpha
    expect(readout).to_contain_text(f"α = {slider_value(box, 'α')},")
    wait_for_figure_change(box, before)
    assert error_outputs(page) == []
    assert [u for u in blocked_requests if not HARMLESS_BLOCKED.match(u)] == []


def test_committed_lesson_shows_its_pictures_before_running(
    jupyterlab_server, lab_root, page
):
    """Opened without running, a lesson shows the stored pictures of its
    figures and explorers, not "model not found" where a widget was."""
    shutil.copy(REPO_ROOT / "notebooks" / "03_momentum.ipynb", lab_root)
    url, token = jupyterlab_server
    lab_open(page, url, token, "03_momentum.ipynb")
    pictures = page.locator(".jp-OutputArea-output img")
    expect(pictures.first).to_be_visible()
    # JupyterLab renders cells lazily as they scroll into view: walk to the end
    page.locator(".jp-NotebookPanel .jp-Cell").last.scroll_into_view_if_needed()
    page.keyboard.press("Control+End")
    stored = sum(
        "image/png" in output.get("data", {})
        for cell in nbformat.read(lab_root / "03_momentum.ipynb", 4).cells
        for output in cell.get("outputs", [])
    )
    expect(pictures).to_have_count(stored, timeout=30_000)
    assert error_outputs(page) == []
