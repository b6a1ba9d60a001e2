"""Lesson 00's own figures fit their output areas in Voila, as its explorer does.

The gallery figures are made with ``plt.subplots``-style code at 15 inches
(1500 px); they must take the width of their output area at their own
aspect. Lesson 00 is served once and loaded at 1280 x 720 and at
1920 x 1080; the first page is then resized to 800 and 2000 px wide (the
figures follow the window). Nothing in an output area scrolls sideways.
"""

from __future__ import annotations

import time

import harness
import pytest

LESSON = harness.REPO_ROOT / "notebooks" / "00_start_here.ipynb"
GALLERY_FIGURES = 4  # four function_gallery cells

MEASURE_JS = """() => {
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  // the output areas and every box inside them that could scroll sideways
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const sideways = outputs.flatMap((o) => [o, ...o.querySelectorAll('*')])
    .filter((e) => e === e.closest('.jp-OutputArea-output') || scrolls(e))
    .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.className);
  const figures = [...document.querySelectorAll('.optlab-fitted-figure')].map((box) => {
    const canvas = box.querySelector('.jupyter-matplotlib-canvas-div canvas');
    const area = box.closest('.jp-OutputArea-output').getBoundingClientRect();
    const c = canvas.getBoundingClientRect();
    return {width: c.width, height: c.height, right: c.right,
            area: area.width, areaRight: area.right};
  });
  return {sideways, figures, innerHeight: window.innerHeight,
          page: document.scrollingElement.scrollWidth - window.innerWidth};
}"""


@pytest.fixture(scope="module")
def lesson_url():
    with harness.serve_voila(LESSON) as url:
        yield url


def fitted(page, window_width: int, timeout: float = 30.0) -> dict:
    """Measure until the figures fit (they follow the page's width through the
    kernel, which takes a moment); check the last measure."""
    deadline = time.monotonic() + timeout
    while True:
        time.sleep(0.5)
        shown = page.evaluate(MEASURE_JS)
        try:
            check(shown, window_width)
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        else:
            return shown


def check(shown: dict, window_width: int) -> None:
    assert shown["sideways"] == [] and shown["page"] <= 0
    assert len(shown["figures"]) == GALLERY_FIGURES
    for fig in shown["figures"]:
        assert fig["width"] <= fig["area"] + 0.5
        assert fig["right"] <= min(fig["areaRight"], window_width) + 0.5
        # as wide as its area, unless held to 3/4 of the window's height
        assert (
            fig["width"] >= 0.95 * fig["area"]
            or fig["height"] >= 0.74 * shown["innerHeight"] - 1
        ), fig
    # the gallery keeps its aspect: 15 in wide, 3.7 in per row of panels
    rows = [round(f["height"] / f["width"] * 15 / 3.7, 2) for f in shown["figures"]]
    assert rows == pytest.approx([1, 1, 1, 2], abs=0.02)


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_lesson_00_figures_take_their_output_areas_width(
    context, lesson_url, width, height
):
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(lesson_url + "/")
    # the explorer and the four gallery figures
    page.wait_for_function(
        f"() => document.querySelectorAll('{harness.MPL_FIGURE}').length"
        f" >= {GALLERY_FIGURES + 1}",
        timeout=180_000,
    )
    harness.wait_for_figure_ready(page, index=1)  # the first gallery figure
    shown = fitted(page, width)
    if width == 1280:
        assert all(f["width"] < 1500 for f in shown["figures"])  # they shrank
        # the same page follows the window, narrower and wider
        for new_width in (800, 2000):
            page.set_viewport_size({"width": new_width, "height": height})
            fitted(page, new_width)
