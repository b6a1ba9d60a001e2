"""The browser harness itself: a demo notebook driven in Voila and JupyterLab."""

from __future__ import annotations

from harness import (
    HARMLESS_BLOCKED,
    SLIDER_HANDLE,
    canvas_screenshot,
    lab_open,
    lab_run_all,
    move_slider,
    slider_value,
    wait_for_figure_change,
    wait_for_figure_ready,
    write_demo_notebook,
)
from playwright.sync_api import expect

READOUT = ".demo-readout"  # class the demo notebook adds to its HTML readout


def _slider_moves_figure(page) -> None:
    page.locator(SLIDER_HANDLE).wait_for()
    before = wait_for_figure_ready(page)
    before_shot = canvas_screenshot(page)
    expect(page.locator(READOUT)).to_have_text("alpha = 1.00")

    move_slider(page, "alpha", "ArrowRight", presses=3)

    expect(page.locator(READOUT)).to_have_text("alpha = 1.30")
    assert slider_value(page, "alpha") == "1.30"
    wait_for_figure_change(page, before)
    after = wait_for_figure_ready(page)  # let the last of the three redraws land
    assert after != before
    assert canvas_screenshot(page) != before_shot


def test_voila_slider_redraws_figure(tmp_path, voila_server, page, blocked_requests):
    url = voila_server(write_demo_notebook(tmp_path / "demo.ipynb"))
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/")

    _slider_moves_figure(page)

    print("blocked:", blocked_requests, "page errors:", errors)
    # The page rendered with these blocked, so none of them was needed;
    # anything new here deserves a look.
    assert [u for u in blocked_requests if not HARMLESS_BLOCKED.match(u)] == []


def test_jupyterlab_runs_notebook(jupyterlab_server, lab_root, page, blocked_requests):
    write_demo_notebook(lab_root / "demo.ipynb")
    url, token = jupyterlab_server
    lab_open(page, url, token, "demo.ipynb")
    lab_run_all(page)

    _slider_moves_figure(page)

    print("blocked:", blocked_requests)
    assert [u for u in blocked_requests if not HARMLESS_BLOCKED.match(u)] == []
