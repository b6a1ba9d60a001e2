"""Explorers fit the screen, in Voila at 1280 x 720 and 1920 x 1080.

One small app (an explorer and a comparison) is served once; each test loads
it at a screen size: no widget label cut short, no output area that scrolls
sideways, the figure as wide as its output area; in lecture mode at
1280 x 720 the figure and the sliders are on screen together.
"""

from __future__ import annotations

import time

import harness
import pytest

APP = """\
%matplotlib widget
from optlab import widgets
display(widgets.explore("skewed_quadratic", "momentum", max_its=25))
display(widgets.compare("skewed_quadratic", ["gradient_descent", "momentum", "adam"]))
"""

MEASURE_JS = """() => {
  const visible = (e) => e.offsetParent !== null;
  const cut = [...document.querySelectorAll('.widget-label, .widget-button, '
                                            + '.widget-toggle-button, .widget-readout')]
    .filter(visible)
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.textContent.trim());
  const sideways = [...document.querySelectorAll('.jp-OutputArea-output')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1).length;
  const canvases = '.jupyter-matplotlib-canvas-div';
  const figures = [...document.querySelectorAll(canvases)]
    .map((div) => div.querySelector('canvas'))
    .filter(visible).map((c) => {
      const area = c.closest('.jp-OutputArea-output');
      const out = area.getBoundingClientRect();
      const box = c.getBoundingClientRect();
      // the right edge of what clips the canvas (any box up to the output area
      // that hides what overflows it)
      let clip = out.right;
      for (let e = c.parentElement; e && e !== area.parentElement;
           e = e.parentElement) {
        if (getComputedStyle(e).overflowX !== 'visible') {
          clip = Math.min(clip, e.getBoundingClientRect().right);
        }
      }
      return [Math.round(box.width), Math.round(out.width), Math.round(box.right),
              Math.round(box.top), Math.round(box.bottom), Math.round(clip)];
    });
  return {cut, sideways, figures,
          page: document.scrollingElement.scrollWidth - window.innerWidth};
}"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fit")
    notebook = harness.write_code_notebook(folder / "app.ipynb", APP)
    with harness.serve_voila(notebook) as url:
        yield url


def load(context, url: str, width: int, height: int):
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    harness.wait_for_figure_ready(page)
    time.sleep(1.5)  # the figures take the output area's width
    harness.wait_for_figure_ready(page, quiet=0.5)
    return page


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_no_cut_label_no_sideways_scroll_figures_fill_their_area(
    context, app_url, width, height
):
    page = load(context, app_url, width, height)
    shown = page.evaluate(MEASURE_JS)
    assert shown["cut"] == []
    assert shown["sideways"] == 0 and shown["page"] <= 0
    assert len(shown["figures"]) == 2
    # a decade of alpha (five on its slider) takes at least 60 px of track
    alpha = harness.slider(page, "α")  # the explorer's, shown first
    track = alpha.locator(".slider-container, .noUi-target").first.bounding_box()
    assert track["width"] / 5 >= 60
    for figure_width, area, right, top, bottom, clip in shown["figures"]:
        assert right <= width and figure_width <= area
        assert right <= clip, "the canvas's right edge is cut off"
        # as wide as the area, unless held to 60 % of the window's height
        # to leave room for the controls
        assert figure_width >= 0.95 * area or bottom - top >= 0.55 * height


def test_lecture_mode_shows_figure_and_sliders_together_at_720p(context, app_url):
    page = load(context, app_url + "/?lecture=1", 1280, 720)
    shown = page.evaluate(MEASURE_JS)
    assert shown["cut"] == [] and shown["sideways"] == 0
    explorer = page.locator(".optlab-lecture").first
    canvas = explorer.locator(harness.MPL_CANVAS).first
    canvas.scroll_into_view_if_needed()
    top = canvas.bounding_box()["y"]
    page.mouse.wheel(0, top - 40)  # the figure's top near the top of the screen
    time.sleep(0.5)
    box = canvas.bounding_box()
    alpha = harness.slider(explorer, "α").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 720
    assert alpha["y"] >= 0 and alpha["y"] + alpha["height"] <= 720
    # 18 px text in the controls
    size = (
        harness.slider(explorer, "α")
        .locator(".widget-label")
        .evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    assert size >= 17.5
