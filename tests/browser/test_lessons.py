"""The lesson explorers as students use them, served by Voila.

Each lesson page is loaded once per module (Voila runs the whole notebook for
every page load) and shared by its tests; every test compares the page with
itself before and after an action, so the tests do not depend on their order.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import harness
import pytest
from harness import (
    HARMLESS_BLOCKED,
    MPL_CANVAS,
    REPO_ROOT,
    click_figure,
    error_outputs,
    move_slider,
    readout_box,
    slider_number,
    slider_value,
    type_slider_value,
    wait_for_figure_change,
    wait_for_figure_ready,
)
from playwright.sync_api import expect

NOTEBOOKS = REPO_ROOT / "notebooks"
READOUT = ".optlab-readout"


@dataclass(frozen=True)
class Lesson:
    notebook: str
    method: str  # the readout of the explorer under test starts with this
    sliders: tuple[str, ...]  # hyperparameter sliders to drive
    start: tuple[float, float]  # the explorer's start point in the notebook

    @property
    def readout(self) -> re.Pattern:
        return re.compile(rf"^\s*{re.escape(self.method)} \(")


LESSONS = {
    # 03: the source settings of momentum on the skewed quadratic start at (10, 1)
    "momentum": Lesson("03_momentum.ipynb", "momentum", ("α", "β"), (10.0, 1.0)),
    # 06: no source settings, so the ravine quadratic's own start
    "adam": Lesson("06_adam.ipynb", "Adam", ("α", "β₁", "β₂"), (-5.0, -2.0)),
}


@dataclass
class LessonPage:
    lesson: Lesson
    page: object
    box: object  # the explorer's widget box
    blocked: list[str]
    page_errors: list[str] = field(default_factory=list)

    def readout(self) -> str:
        return self.box.locator(READOUT).first.inner_text()

    def check_healthy(self) -> None:
        """No error output, no script error, no needed request left the machine."""
        assert error_outputs(self.page) == []
        assert self.page_errors == []
        # The page works with these blocked, so none of them was needed.
        assert [u for u in self.blocked if not HARMLESS_BLOCKED.match(u)] == []


@pytest.fixture(scope="module")
def lesson_pages(browser, browser_context_args):
    """``get(name)``: the lesson's page, loaded on first use and kept for the module.

    One Voila server and one page per lesson; Voila runs the whole notebook for
    every page load, so the tests share the page.
    """
    pages: dict[str, LessonPage] = {}
    with contextlib.ExitStack() as stack:

        def get(name: str) -> LessonPage:
            if name not in pages:
                pages[name] = stack.enter_context(
                    _lesson_page(LESSONS[name], browser, browser_context_args)
                )
            return pages[name]

        yield get


@contextlib.contextmanager
def _lesson_page(spec: Lesson, browser, context_args) -> Iterator[LessonPage]:
    with harness.serve_voila(NOTEBOOKS / spec.notebook) as url:
        context = browser.new_context(**context_args)
        try:
            context.set_default_timeout(120_000)
            blocked: list[str] = []
            harness.allow_local_only(context, blocked)
            page = context.new_page()
            shown = LessonPage(spec, page, None, blocked)
            page.on("pageerror", lambda exc: shown.page_errors.append(str(exc)))
            start = time.monotonic()
            page.goto(url + "/")
            shown.box = readout_box(page, spec.readout)
            wait_for_figure_ready(shown.box)
            print(f"{spec.notebook}: page ready in {time.monotonic() - start:.1f} s")
            yield shown
        finally:
            context.close()


@pytest.fixture(params=list(LESSONS))
def lesson(request, lesson_pages) -> LessonPage:
    return lesson_pages(request.param)


@pytest.fixture
def slider_case(request, lesson_pages) -> tuple[LessonPage, str]:
    name, description = request.param
    return lesson_pages(name), description


SLIDER_CASES = [
    pytest.param((name, description), id=f"{name}-{description}")
    for name, spec in LESSONS.items()
    for description in spec.sliders
]


def test_page_shows_no_code_and_no_errors(lesson):
    page = lesson.page
    code_cells = page.locator(".jp-CodeCell")
    assert code_cells.count() > 0
    # Voila strips every source: code cells keep only their outputs.
    assert page.locator(".jp-CodeCell:not(.jp-mod-noInput)").count() == 0
    for editor in (".jp-CodeCell .jp-InputArea", ".jp-InputArea-editor", ".cm-editor"):
        assert page.locator(editor).count() == 0, editor
    text = page.locator("body").inner_text()
    for source in ("%matplotlib widget", "import optlab", "widgets.explore("):
        assert source not in text
    # The explorer is shown once, with one figure and its readout.
    readouts = page.locator(READOUT, has_text=lesson.lesson.readout)
    assert readouts.count() == 1
    assert lesson.box.locator(MPL_CANVAS).count() == 1
    lesson.check_healthy()


# alpha of the top canvas's pixels in its bottom right corner, where ipympl
# draws its resize handle
_CORNER_ALPHA = """c => {
  const box = c.getContext("2d").getImageData(c.width - 12, c.height - 12, 10, 10);
  return Math.max(...box.data.filter((_, i) => i % 4 === 3));
}"""


def test_no_figure_shows_a_resize_handle(lesson):
    """Every figure on the page takes its width from the page: ipympl's resize
    handle (a grey triangle in the corner, which would fight the page for the
    size) is not drawn on any of them."""
    page = lesson.page
    figures = page.locator(MPL_CANVAS)
    assert figures.count() >= 1
    for i in range(figures.count()):
        top = figures.nth(i).locator("canvas").nth(1)
        assert top.evaluate(_CORNER_ALPHA) == 0, f"figure {i} shows a resize handle"
    lesson.check_healthy()


@pytest.mark.parametrize("slider_case", SLIDER_CASES, indirect=True)
def test_slider_keys_rerun_the_explorer(slider_case):
    lesson, description = slider_case
    box = lesson.box
    value, text = slider_value(box, description), lesson.readout()
    before = wait_for_figure_ready(box)

    move_slider(box, description, "ArrowLeft")

    expect(box.locator(READOUT).first).not_to_have_text(text)
    assert slider_value(box, description) != value
    wait_for_figure_change(box, before)
    lowered = wait_for_figure_ready(box)

    move_slider(box, description, "ArrowRight")

    # back where it started: same value, same run
    expect(box.locator(READOUT).first).to_have_text(text)
    assert slider_value(box, description) == value
    wait_for_figure_change(box, lowered)
    wait_for_figure_ready(box)
    lesson.check_healthy()


def test_start_sliders_show_the_lessons_start(lesson):
    """The browser snaps slider values to its grid and sends them back: the
    start must lie on the grid, or the run silently starts elsewhere."""
    box = lesson.box
    # both starts fit in the readouts' 3 significant digits
    assert _start(box) == lesson.lesson.start


def _start(box) -> tuple[float, float]:
    return slider_number(box, "w₁ start"), slider_number(box, "w₂ start")


def _click_start(lesson, fx: float, fy: float) -> tuple[float, float]:
    """Click the contour plot; wait for the start sliders, readout and figure."""
    box = lesson.box
    start, text = _start(box), lesson.readout()
    w1_text = slider_value(box, "w₁ start")
    before = wait_for_figure_ready(box)

    click_figure(box, fx, fy)

    w1 = harness.slider(box, "w₁ start").locator(".widget-readout")
    expect(w1).not_to_have_text(w1_text)
    expect(box.locator(READOUT).first).not_to_have_text(text)
    wait_for_figure_change(box, before)
    wait_for_figure_ready(box)
    moved = _start(box)
    assert moved[0] != start[0] and moved[1] != start[1]
    return moved


def test_click_on_contours_moves_start(lesson):
    # Both points lie inside the contour axes, the left 60 % of the figure.
    left_top = _click_start(lesson, 0.2, 0.3)
    right_bottom = _click_start(lesson, 0.5, 0.7)
    # screen right is larger w1, screen down is smaller w2
    assert right_bottom[0] > left_top[0]
    assert right_bottom[1] < left_top[1]
    assert "step" in lesson.readout()
    lesson.check_healthy()


@pytest.mark.parametrize("slider_case", SLIDER_CASES, indirect=True)
def test_slider_extremes_keep_explorer_working(slider_case):
    lesson, description = slider_case
    box = lesson.box
    value, text = slider_value(box, description), lesson.readout()
    shown = wait_for_figure_ready(box)
    # A run at the extremes either finishes or is drawn as diverged.
    finished = re.compile(r"step (\d+) of \1 · cost|diverged at step \d+")
    previous = text
    for key in ("End", "Home"):
        move_slider(box, description, key)
        expect(box.locator(READOUT).first).not_to_have_text(previous)
        expect(box.locator(READOUT).first).to_have_text(finished)
        previous = lesson.readout()
        shown = wait_for_figure_change(box, shown)
        shown = wait_for_figure_ready(box)
        lesson.check_healthy()

    type_slider_value(box, description, value)

    expect(box.locator(READOUT).first).to_have_text(text)
    wait_for_figure_change(box, shown)
    wait_for_figure_ready(box)
    lesson.check_healthy()


# Whether every pixel of a canvas's rightmost column is drawn (copied onto a
# scratch canvas: reading the figure's own canvas again and again makes
# Chromium complain).
_RIGHT_EDGE_DRAWN = """c => {
  const o = document.createElement("canvas");
  o.width = 1;
  o.height = c.height;
  const g = o.getContext("2d", {willReadFrequently: true});
  g.drawImage(c, c.width - 1, 0, 1, c.height, 0, 0, 1, c.height);
  const alpha = g.getImageData(0, 0, 1, c.height).data;
  for (let i = 3; i < alpha.length; i += 4) if (alpha[i] !== 255) return false;
  return c.height > 0;
}"""


def test_diff_frames_add_up_to_a_full_redraw(lesson):
    """After slider moves sent as patches (only the box of changed pixels,
    drawn at its place), the browser shows exactly what a full redraw of the
    same state shows: a narrower window and back forces one. A patch drawn
    anywhere but at its place, or a lost one, leaves stale pixels here."""
    import io

    import numpy as np
    from PIL import Image

    box, page = lesson.box, lesson.page
    description = lesson.lesson.sliders[0]
    value = slider_value(box, description)
    shown = wait_for_figure_ready(box)
    for _ in range(3):
        move_slider(box, description, "ArrowRight")
        shown = wait_for_figure_change(box, shown)
        shown = wait_for_figure_ready(box)
    after_diffs = np.asarray(Image.open(io.BytesIO(shown)))
    # those moves came as patches (the sensor's script marks its element
    # once it has drawn one)
    expect(box.locator(".optlab-width-sensor").first).to_have_attribute(
        "data-frames", "patches"
    )

    size = page.viewport_size
    page.set_viewport_size({"width": size["width"] - 200, "height": size["height"]})
    narrow = wait_for_figure_change(box, shown)
    page.set_viewport_size(size)
    wait_for_figure_change(box, narrow)
    # until the full frame at the restored size comes, the canvas shows the
    # last one, narrower, and its right edge stays empty
    canvas = box.locator(MPL_CANVAS).first.locator("canvas").first
    page.wait_for_function(_RIGHT_EDGE_DRAWN, arg=canvas.element_handle())
    redrawn = np.asarray(Image.open(io.BytesIO(wait_for_figure_ready(box))))

    assert redrawn.shape == after_diffs.shape
    differ = np.argwhere(np.any(redrawn != after_diffs, axis=-1))
    assert not len(differ), f"{len(differ)} pixels differ, e.g. {differ[:3].tolist()}"

    type_slider_value(box, description, value)
    expect(box.locator(READOUT).first).to_contain_text(lesson.lesson.method)
    wait_for_figure_ready(box)
    lesson.check_healthy()
