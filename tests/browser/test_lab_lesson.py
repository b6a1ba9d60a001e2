"""A real lesson in JupyterLab: run every cell, then drive its explorer."""

from __future__ import annotations

import re
import shutil

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
    expect(readout).to_contain_text(f"alpha={slider_value(box, 'α')},")
    wait_for_figure_change(box, before)
    assert error_outputs(page) == []
    assert [u for u in blocked_requests if not HARMLESS_BLOCKED.match(u)] == []
