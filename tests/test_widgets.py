"""Explorers: every control moves the right artists, in place, and never breaks."""

import matplotlib

matplotlib.use("Agg")

import base64  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backend_bases import MouseButton, MouseEvent  # noqa: E402

import optlab  # noqa: E402
from optlab.optimizers import METHODS  # noqa: E402
from optlab.plot import contour_grid  # noqa: E402
from optlab.widgets import (  # noqa: E402
    SOURCE_SETTINGS,
    average_explorer,
    compare,
    convergence_map,
    explore,
)
from optlab.widgets.controls import MAX_STEPS  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def path_xy(ex):
    return np.array(ex.path.points.get_offsets())


def click(fig, ax, x, y, button=MouseButton.LEFT):
    """Simulate a mouse press at data point (x, y) of ``ax``."""
    fig.canvas.draw()
    px, py = ax.transData.transform((x, y))
    event = MouseEvent("button_press_event", fig.canvas, px, py, button=button)
    fig.canvas.callbacks.process("button_press_event", event)


def test_every_control_moves_the_path_in_place():
    ex = explore("skewed_quadratic", "momentum", max_its=100)
    figure, contour = ex.figure, ex.landscape.contour_set
    misses = contour_grid.cache_info().misses
    moves = {
        "alpha": 0.05,
        "beta": 0.3,
        "max_its": 40,
        "w1": 6.0,
        "w2": -1.5,
        "step": 10,
    }
    for name, value in moves.items():
        before = path_xy(ex).copy()
        ex.controls[name].value = value
        after = path_xy(ex)
        assert before.shape != after.shape or not np.allclose(before, after), name
        assert ex.figure is figure and ex.landscape.contour_set is contour, name
        assert contour.axes is ex._main, name
    assert contour_grid.cache_info().misses == misses
    assert len(after) == 11  # step 10 reveals w^0 .. w^10
    assert ex.readout.value.endswith(
        "w = (" + ", ".join(f"{x:.3g}" for x in ex.history.w[10]) + ")"
    )
    assert "step 10 of 40" in ex.readout.value


def test_history_matches_the_method_run_with_the_sliders():
    ex = explore("ravine_quadratic", "heavy_ball")
    h = ex.history
    # the settings of Dive into Deep Learning
    assert (h.method, h.max_its) == ("heavy_ball", 20)
    assert h.params["alpha"] == 0.6 and h.params["beta"] == 0.5
    direct = optlab.heavy_ball(
        "ravine_quadratic", [-5, -2], alpha=0.6, beta=0.5, max_its=20
    )
    assert np.allclose(h.w, direct.w)


def test_method_dropdown_swaps_sliders_and_the_rule():
    ex = explore("skewed_quadratic", "momentum")
    for method, info in METHODS.items():
        ex.controls["method"].value = method
        shown = {
            n
            for n in ("alpha", "beta", "gamma", "beta1", "beta2", "eps")
            if ex.controls[n].layout.display != "none"
        }
        assert shown == set(info.hyperparameters), method
        assert info.latex in ex.equation.value
        assert ex.history.method in (method, "normalized_gd")


def test_function_dropdown_redraws_the_landscape_once_from_the_cache():
    ex = explore("skewed_quadratic", "gradient_descent")
    first = ex.landscape.contour_set
    ex.controls["function"].value = "rosenbrock"
    assert ex.landscape.contour_set is not first
    assert ex.history.function == "Rosenbrock"
    misses = contour_grid.cache_info().misses
    ex.controls["function"].value = "skewed_quadratic"
    ex.controls["function"].value = "rosenbrock"
    assert contour_grid.cache_info().misses == misses
    ex.controls["function"].value = "quartic"  # 1 input: the curve view
    assert ex.controls["w2"].layout.display == "none"
    assert hasattr(ex.landscape, "curve")
    assert np.allclose(path_xy(ex)[:, 1], ex.history.cost[: len(path_xy(ex))])


def test_source_settings_button_restores_the_lesson_example():
    ex = explore("skewed_quadratic", "momentum")
    with ex.hold():
        ex.controls["alpha"].value = 0.01
        ex.controls["beta"].value = 0.1
        ex.controls["w1"].value = 2.0
    ex.controls["source"].click()
    entry = SOURCE_SETTINGS[("skewed_quadratic", "momentum")]
    assert ex.controls["alpha"].value == entry["alpha"]
    assert ex.controls["beta"].value == entry["beta"]
    assert ex.history.max_its == 25 and np.allclose(ex.history.w[0], [10, 1])
    ex.controls["method"].value = "adam"
    assert ex.controls["source"].disabled


def test_click_on_the_contours_sets_the_start():
    ex = explore("skewed_quadratic", "momentum")
    click(ex.figure, ex._main, 4.0, -1.0)
    assert ex.controls["w1"].value == pytest.approx(4.0, abs=0.05)
    assert ex.controls["w2"].value == pytest.approx(-1.0, abs=0.05)
    assert np.allclose(
        path_xy(ex)[0], [ex.controls["w1"].value, ex.controls["w2"].value]
    )
    before = ex.controls["w1"].value
    click(ex.figure, ex._main, 8.0, 0.5, button=MouseButton.RIGHT)  # ignored
    click(ex.figure, ex._cost_ax, 10, 1)  # not on the landscape: ignored
    assert ex.controls["w1"].value == before


EXTREMES = {
    "largest alpha": {"alpha": 10.0},
    "smallest alpha": {"alpha": 1e-4},
    "beta = 1": {"beta": 1.0, "gamma": 1.0, "beta1": 1.0, "beta2": 1.0},
    "beta = 0": {"beta": 0.0, "gamma": 0.0, "beta1": 0.0, "beta2": 0.0},
    "eps = 0": {"eps_zero": True},
    "largest eps": {"eps": 1.0},
}


@pytest.mark.parametrize("function", ["skewed_quadratic", "saddle"])
def test_extreme_settings_give_a_plot_or_a_divergence_note(function):
    ex = explore(function, "gradient_descent", max_its=MAX_STEPS)
    for method in METHODS:
        ex.controls["method"].value = method
        own = set(METHODS[method].hyperparameters)
        for name, values in EXTREMES.items():
            values = {k: v for k, v in values.items() if k.removesuffix("_zero") in own}
            if not values:
                continue
            with ex.hold():
                for control, value in values.items():
                    ex.controls[control].value = value
            h = ex.history
            assert h.max_its == MAX_STEPS
            shown = path_xy(ex)
            assert np.all(np.isfinite(shown)), (method, name)
            if h.diverged_at is not None:
                assert f"diverged at step {h.diverged_at}" in ex.readout.value
                assert ex.path.note.get_text().endswith(
                    f"diverged at step {h.diverged_at}"
                )
            else:
                assert len(shown) == MAX_STEPS + 1, (method, name)
            with ex.hold():  # back to ordinary values for the next extreme
                for control, value in {
                    **EXTREMES["beta = 0"],
                    "alpha": 0.1,
                    "eps_zero": False,
                    "eps": 1e-8,
                }.items():
                    ex.controls[control].value = value
    ex.figure.canvas.draw()


def test_arrows_follow_the_run_and_disappear_when_switched_off():
    ex = explore("skewed_quadratic", "momentum")
    assert ex.arrows is None
    ex.controls["arrows"].value = True
    assert np.allclose(ex.arrows.step.U[:25], np.diff(ex.history.w[:, 0]))
    ex.controls["beta"].value = 0.2
    assert np.allclose(ex.arrows.step.U[:25], np.diff(ex.history.w[:, 0]))
    ex.controls["arrows"].value = False
    assert (
        ex.arrows is None
        and not ex._main.collections[-1].__class__.__name__ == "Quiver"
    )


def test_play_reveals_the_path_step_by_step():
    ex = explore("skewed_quadratic", "momentum")
    ex.controls["play"].value = 3
    assert ex.controls["step"].value == 3 and len(path_xy(ex)) == 4
    ex.controls["max_its"].value = 60
    assert ex.controls["play"].max == 60 and len(path_xy(ex)) == 61


def test_display_bundle_has_widget_view_png_and_text():
    ex = explore("skewed_quadratic", "momentum")
    bundle = ex._repr_mimebundle_()
    assert (
        bundle["application/vnd.jupyter.widget-view+json"]["model_id"]
        == ex.widget.model_id
    )
    png = base64.b64decode(bundle["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert base64.b64decode(ex._repr_mimebundle_()["image/png"]) == png  # reproducible
    assert "momentum" in bundle["text/plain"]
    assert ex.view.value == png  # the Image view shows the figure under Agg
    ex.controls["beta"].value = 0.2
    assert ex.view.value != png  # and follows the sliders once displayed


def test_bad_explorer_settings_are_named():
    with pytest.raises(ValueError, match="gamma is not a hyperparameter of momentum"):
        explore("skewed_quadratic", "momentum", gamma=0.5)
    with pytest.raises(ValueError, match="alpha must be in"):
        explore("skewed_quadratic", "momentum", alpha=100.0)
    with pytest.raises(ValueError, match="max_its must be"):
        explore("skewed_quadratic", "momentum", max_its=0)
    with pytest.raises(ValueError, match="w0 must have 2"):
        explore("skewed_quadratic", "momentum", w0=[1, 2, 3])


def test_custom_callable_function_works():
    import autograd.numpy as anp

    def bowl(w):
        return anp.sin(w[0]) + 0.5 * w[1] ** 2

    ex = explore(bowl, "gradient_descent", w0=[1.0, 1.0], max_its=30)
    assert ex.history.w.shape == (31, 2)
    assert ex.controls["function"].value == "bowl"


@pytest.mark.parametrize(
    "function, methods",
    [
        ("skewed_quadratic", ["gradient_descent", "momentum"]),
        ("rosenbrock", ["adam", "momentum"]),
    ],
)
def test_compare_first_cost_axis_is_the_curves_own_decades(function, methods):
    ex = compare(function, methods, max_its=50)
    y = np.concatenate([line.get_ydata() for line in ex.costs.lines])
    y = y[np.isfinite(y) & (y > 0)]
    low, high = ex._cost_ax.get_ylim()
    # the decades around the curves, no margin, nothing left of matplotlib's
    # limits from before the first fit
    assert low == 10.0 ** np.floor(np.log10(y.min()))
    assert high == 10.0 ** np.ceil(np.log10(y.max()))


def test_compare_each_method_has_its_sliders_and_colour():
    ex = compare(
        "skewed_quadratic",
        ["gradient_descent", "momentum", "adam"],
        max_its=40,
        params={"adam": {"alpha": 0.3}},
    )
    assert set(ex.history) == {"gradient_descent", "momentum", "adam"}
    colours = {p.color for p in ex.paths.values()}
    assert len(colours) == 3
    for key, path in ex.paths.items():  # the method's own colour, as everywhere
        assert path.color == optlab.plot.METHOD_STYLES[key].color
    assert ex.history["adam"].params["alpha"] == 0.3
    gd_before = ex.history["gradient_descent"]
    momentum_before = np.array(ex.paths["momentum"].points.get_offsets()).copy()
    contour = ex.landscape.contour_set
    ex.controls["momentum.beta"].value = 0.2
    assert ex.history["gradient_descent"] is gd_before  # only its own run reruns
    assert not np.allclose(ex.paths["momentum"].points.get_offsets(), momentum_before)
    assert ex.landscape.contour_set is contour
    click(ex.figure, ex._main, 5.0, 0.5)
    for h in ex.history.values():
        assert np.allclose(h.w[0], [ex.controls["w1"].value, ex.controls["w2"].value])
    assert ex.controls["w1"].value == pytest.approx(5.0, abs=0.05)
    ex.controls["max_its"].value = 10
    assert all(h.max_its == 10 for h in ex.history.values())
    assert len(ex.costs.lines[0].get_xdata()) == 11


def test_average_explorer_controls():
    ex = average_explorer()
    h = ex.history.copy()
    ex.controls["beta"].value = 0.5
    assert not np.allclose(ex.history, h)
    assert np.allclose(ex.history, optlab.exponential_average(ex.artists.values, 0.5))
    ex.controls["start"].value = "zero"
    assert ex.history[0] == pytest.approx(0.5 * ex.artists.values[0])
    ex.controls["start"].value = "zero_corrected"
    assert ex.history[0] == pytest.approx(ex.artists.values[0])
    ex.controls["zoom"].value = True
    assert ex.artists.ax.get_xlim()[1] == pytest.approx(ex.artists.t[99])
    ex.controls["play"].value = 20
    assert len(ex.artists.average.get_xdata()) == 20
    ex.controls["beta"].value = 1.0
    assert "unbounded" in ex.readout.value


def test_convergence_map_click_moves_the_explorer_and_its_marker():
    alphas, betas = np.geomspace(1e-3, 10, 30), np.linspace(0, 1, 21)
    m = convergence_map(
        "skewed_quadratic", "momentum", max_its=60, alphas=alphas, betas=betas
    )
    r = m.history
    assert r.steps_to_tol.shape == (30, 21)
    single = optlab.momentum(
        "skewed_quadratic", [10, 1], alpha=alphas[12], beta=betas[7], max_its=60
    )
    assert r.steps_to_tol[12, 7] == single.steps_to(r.threshold)
    click(m.figure, m.ax, alphas[12], betas[7])
    assert m.explorer.controls["alpha"].value == pytest.approx(alphas[12])
    assert m.explorer.controls["beta"].value == pytest.approx(betas[7])
    assert np.allclose(m.explorer.history.w, single.w)
    assert np.allclose(m.marker.get_xydata(), [[alphas[12], betas[7]]])
    m.explorer.controls["beta"].value = 0.5  # the marker follows the explorer
    assert m.marker.get_ydata()[0] == 0.5
    assert any(line.get_linestyle() == "--" for line in m.ax.lines)  # stability limit
    m.explorer.controls["method"].value = "adam"  # the map follows the method
    assert m.history.names == ("alpha", "beta1") and m.history.method == "adam"


@pytest.mark.parametrize(
    "name", ["skewed_quadratic", "ravine_quadratic", "tanh_valley", "rosenbrock"]
)
def test_start_sliders_hold_the_start_exactly_on_their_grid(name):
    """A browser snaps a slider to min + n * step and sends the snapped value
    back; a start off that grid would silently move."""
    f = optlab.get_function(name)
    ex = explore(name, "gradient_descent")
    for key, start in zip(("w1", "w2"), f.start, strict=True):
        slider = ex.controls[key]
        assert slider.value == start
        steps = (slider.value - slider.min) / slider.step
        assert steps == round(steps)
        assert slider.min + round(steps) * slider.step == start
    plt.close(ex.figure)


def test_a_click_lands_on_the_start_sliders_grid():
    ex = explore("skewed_quadratic", "momentum")
    ax = ex.figure.axes[0]
    ex.figure.canvas.draw()
    x, y = ax.transData.transform((3.3333, -0.7777))
    event = MouseEvent(
        "button_press_event", ex.figure.canvas, x, y, button=MouseButton.LEFT
    )
    ex.figure.canvas.callbacks.process("button_press_event", event)
    for key, clicked in (("w1", 3.3333), ("w2", -0.7777)):
        slider = ex.controls[key]
        assert abs(slider.value - clicked) <= slider.step / 2
        steps = (slider.value - slider.min) / slider.step
        assert steps == round(steps)
    np.testing.assert_allclose(
        ex.history.w[0], [ex.controls["w1"].value, ex.controls["w2"].value]
    )
    plt.close(ex.figure)


def test_a_map_click_and_the_explorer_agree_on_the_cell():
    """The default grid lies on the sliders' grids: a click gives the explorer
    exactly the cell's (alpha, beta) and the map's K, so the explorer reaches
    the tolerance at the step the cell reports."""
    from optlab.widgets.convergence import DEFAULT_ALPHAS, DEFAULT_BETAS

    ex = explore("skewed_quadratic", "momentum", max_its=20)
    alpha_slider, beta_slider = ex.controls["alpha"], ex.controls["beta"]
    positions = (np.log10(DEFAULT_ALPHAS) - alpha_slider.min) / alpha_slider.step
    assert np.allclose(positions, np.round(positions))
    positions = (DEFAULT_BETAS - beta_slider.min) / beta_slider.step
    assert np.allclose(positions, np.round(positions))
    m = convergence_map(
        "skewed_quadratic",
        "momentum",
        max_its=80,
        alphas=DEFAULT_ALPHAS[40:70:3],
        betas=DEFAULT_BETAS[50:91:4],
        explorer=ex,
    )
    r = m.history
    converged = np.argwhere(r.steps_to_tol > 0)
    assert len(converged)
    for i, j in converged[:: max(1, len(converged) // 4)]:
        click(m.figure, m.ax, r.values[0][i], r.values[1][j])
        assert ex.controls["alpha"].value == r.values[0][i]
        assert ex.controls["beta"].value == r.values[1][j]
        assert ex.controls["max_its"].value == r.max_its >= r.steps_to_tol[i, j]
        assert ex.history.steps_to(r.threshold) == r.steps_to_tol[i, j]
        assert f"{r.steps_to_tol[i, j]} steps" in m.readout.value


def test_the_beta_one_row_is_painted_not_converging_not_diverged():
    m = convergence_map(
        "skewed_quadratic",
        "momentum",
        max_its=100,
        alphas=np.geomspace(1e-3, 10, 12),
        betas=np.linspace(0, 1, 11),
    )
    r = m.history
    assert r.diverged[:, -1].any()  # the runs left the window, walking straight
    status = m.ax.collections[1].get_array()  # grey 0, red 1, masked = converged
    top_row = status.reshape(11, 12)[-1]
    assert not np.any(top_row == 1)
    assert np.all(top_row[~np.ma.getmaskarray(top_row)] == 0)
    assert top_row.count() == 12  # none converges
    legend = [t.get_text() for t in m.legend.get_texts()]
    assert "does not converge" in legend and "explorer's setting" in legend
    m.for_slides()
    assert "explorer's setting" not in [t.get_text() for t in m.legend.get_texts()]


def test_a_figure_follows_its_output_area_keeping_its_aspect():
    from matplotlib.figure import Figure

    from optlab.widgets._fit import MAX_WIDTH, fit_figure

    fig = Figure(figsize=(9.6, 3.9), dpi=100)
    assert fit_figure(fig, 800, 3.9 / 9.6)
    assert fig.get_size_inches() == pytest.approx((8.0, 8.0 * 3.9 / 9.6))
    assert not fit_figure(fig, 800.4, 3.9 / 9.6)  # under a pixel: no redraw
    fit_figure(fig, 5000, 0.5)
    assert fig.get_size_inches()[0] * 100 == MAX_WIDTH
    fit_figure(fig, 1280, 0.5, max_height=400)  # the controls stay on screen
    assert fig.get_size_inches() == pytest.approx((8.0, 4.0))


def run_ok(code: str) -> None:
    """Run ``code`` in a fresh Python; it must end by printing 'ok'."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "ok", (done.stdout + done.stderr)[-2000:]


def test_under_ipympl_no_header_footer_or_toolbar_and_a_width_sensor():

    code = (
        "import matplotlib; matplotlib.use('module://ipympl.backend_nbagg')\n"
        "from optlab.widgets import explore\n"
        "from optlab.widgets._fit import WidthSensor\n"
        "ex = explore('skewed_quadratic', 'momentum')\n"
        "c = ex.figure.canvas\n"
        "assert ex.live and not c.header_visible and not c.footer_visible\n"
        "assert c.toolbar_visible is False and not c.resizable\n"
        "assert isinstance(ex.view.children[0], WidthSensor)\n"
        "ex.sensor.viewport_height = 720\n"
        "ex.sensor.width = 800\n"
        "w, h = ex.figure.get_size_inches() * ex.figure.dpi\n"
        "assert abs(w - min(800, 0.6 * 720 / ex.aspect)) < 1, (w, h)\n"
        "c.draw()\n"
        "ex.controls['alpha'].value = 0.102  # one slider step: a blit\n"
        "assert not ex.needs_full_draw()\n"
        "assert ex.figure.stale_callback is None\n"
        "assert not ex.figure.stale  # pyplot's hook must not redraw it in full\n"
        "import matplotlib.pyplot as plt\n"
        "lesson = plt.figure().canvas  # a lesson's own figure: no clutter either\n"
        "assert not lesson.header_visible and not lesson.footer_visible\n"
        "assert lesson.toolbar_visible is False\n"
        "print('ok')\n"
    )
    run_ok(code)


def test_importing_the_widgets_keeps_the_backend_the_user_chose():
    # ipympl switches matplotlib to its own backend when it is imported
    import subprocess
    import sys

    code = (
        "import matplotlib; matplotlib.use('Agg'); import optlab.widgets; "
        "print(matplotlib.get_backend())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().lower() == "agg"


# A front end for ipympl canvases in a test: answers the kernel's "draw"
# requests as the browser does and records what each canvas costs.
_FRONT_END = """
import json, io
import matplotlib
matplotlib.use('module://ipympl.backend_nbagg')
import numpy as np
from PIL import Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
import optlab
from optlab import widgets

events, asked = [], []
_draw = FigureCanvasAgg.draw
def draw(canvas):
    events.append((canvas, 'render'))
    return _draw(canvas)
FigureCanvasAgg.draw = draw

def connect(canvas):
    canvas.syncing_data_url = False
    def send(content, buffers=None):
        kind = json.loads(content['data'])['type']
        if kind == 'binary':
            alpha = np.asarray(Image.open(io.BytesIO(buffers[0])))[..., 3]
            kind = 'frame' if alpha.any() else 'empty frame'
        elif kind == 'draw' and canvas not in asked:
            asked.append(canvas)  # the browser asks once until it gets a frame
        events.append((canvas, kind))
    canvas.send = send
    for message in ('initialized', 'refresh', 'draw'):
        canvas._handle_message(canvas, {'type': message}, [])

def after_message():
    # the comm package fires IPython's post_execute after every comm message,
    # and pyplot's hook there asks every stale pyplot figure for a draw
    import matplotlib.pyplot as plt
    plt.ion()
    plt.draw_all()

def browser():
    after_message()  # the slider's message
    for _ in range(20):  # a redraw loop would go on for ever
        if not asked:
            return
        canvas = asked.pop(0)
        canvas._handle_message(canvas, {'type': 'draw'}, [])
        after_message()
"""


def test_a_slider_move_in_lesson_03_renders_no_figure_in_full():
    """Lesson 03's explorer moves its convergence map's marker and the eigen
    figure above it: one slider move within the axes' ranges is one blitted
    frame per figure, no full render (each costs tens of ms per move, which
    is what limits a drag and a class on one server), no empty frame, also
    with pyplot's after-every-comm-message redraw of stale figures."""

    code = _FRONT_END + (
        "turned = optlab.rotated_quadratic(19.5, np.pi / 6)\n"
        "eigen = widgets.eigen_explorer(turned, alpha=0.1, beta=0.7, max_its=60)\n"
        "ex = widgets.explore('skewed_quadratic', 'momentum', alpha=0.1, beta=0.7,"
        " max_its=25)\n"
        "conv = widgets.convergence_map('skewed_quadratic', 'momentum', "
        "max_its=100, explorer=ex)\n"
        "eigen.follow(ex)\n"
        "figures = {eigen.figure.canvas: 'eigen', ex.figure.canvas: 'explorer',"
        " conv.figure.canvas: 'map'}\n"
        "for canvas in figures:\n"
        "    connect(canvas)\n"
        "browser()\n"
        "moves = [('alpha', 0.1 * 10**-0.04), ('alpha', 0.1)] * 2 + [\n"
        "    ('beta', 0.71), ('beta', 0.7)]\n"
        "for name, value in moves:\n"
        "    events.clear()\n"
        "    ex.controls[name].value = value\n"
        "    browser()\n"
        "    done = sorted((figures[c], kind) for c, kind in events)\n"
        "    expected = [('eigen', 'frame'), ('explorer', 'frame'), ('map', 'frame')]\n"
        "    assert done == expected, (name, value, done)\n"
        "print('ok')\n"
    )
    run_ok(code)


def test_a_move_that_changes_the_axes_is_drawn_and_sent_in_the_same_message():
    """When a slider move changes an axis range, the explorer draws in full
    and sends the frame at once: no draw request to the browser and back
    (a round trip of tens of ms). After a resize the browser still asks for
    the draw, once its canvas has the new size."""

    code = _FRONT_END + (
        "ex = widgets.explore('skewed_quadratic', 'momentum', alpha=0.1, beta=0.7,"
        " max_its=25)\n"
        "canvas = ex.figure.canvas\n"
        "connect(canvas)\n"
        "browser()\n"
        "limits = ex._cost_ax.get_ylim()\n"
        "events.clear()\n"
        "ex.controls['alpha'].value = 0.9  # diverges: the cost axis grows\n"
        "assert ex._cost_ax.get_ylim() != limits\n"
        "kinds = [kind for c, kind in events]\n"
        "assert kinds == ['render', 'frame'], kinds\n"
        "events.clear()\n"
        "ex.fit_width(700)  # a narrower output area\n"
        "kinds = [kind for c, kind in events]\n"
        "assert kinds[-1] == 'draw' and 'render' not in kinds, kinds  # asked\n"
        "browser()\n"
        "kinds = [kind for c, kind in events]\n"
        "assert kinds[-2:] == ['render', 'frame'], kinds\n"
        "print('ok')\n"
    )
    run_ok(code)


def _cost_axis(low, high, ydata):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_yscale("log")
    ax.set_ylim(low, high)
    (line,) = ax.plot(np.arange(len(ydata)), ydata)
    return fig, ax, line


def test_a_cost_axis_keeps_its_range_while_the_curve_fills_enough_of_it():
    from optlab.widgets.explore import snap_cost_limits

    fig, ax, line = _cost_axis(1e-3, 1e3, [50.0, 1.0, 2e-2])  # 3.4 of 6 decades
    snap_cost_limits(ax, line, log=True)
    assert ax.get_ylim() == (1e-3, 1e3)
    line.set_ydata([50.0, 30.0, 20.0])  # 0.4 of 6 decades: too little
    snap_cost_limits(ax, line, log=True)
    assert ax.get_ylim() == (10.0, 100.0)  # the curve's own decades


def test_a_curve_that_leaves_the_axis_grows_it_on_that_side_a_decade_past():
    from optlab.widgets.explore import snap_cost_limits

    fig, ax, line = _cost_axis(1e-3, 1e3, [60.0, 4e3])
    snap_cost_limits(ax, line, log=True)
    assert ax.get_ylim() == (1e-3, 1e5)  # 4e3 -> 1e4, and one decade more
    line.set_ydata([60.0, 5e-5])
    snap_cost_limits(ax, line, log=True, margin=2)
    assert ax.get_ylim() == (1e-7, 1e5)
    line.set_ydata([60.0, 5e-5])
    snap_cost_limits(ax, line, log=True, keep=False)  # no memory, no margin
    assert ax.get_ylim() == (1e-5, 1e2)


def test_shrink_false_only_grows_and_the_bounds_clip_the_curve():
    from optlab.widgets.explore import snap_cost_limits

    fig, ax, line = _cost_axis(1e-3, 1e7, [60.0, 200.0])  # 0.5 of 10 decades
    snap_cost_limits(ax, line, log=True, shrink=False)
    assert ax.get_ylim() == (1e-3, 1e7)
    line.set_ydata([60.0, 1e30])
    snap_cost_limits(ax, line, log=True, ceiling=1e9)
    assert ax.get_ylim() == (1e-3, 1e9)  # not 1e10: the ceiling's decade
    line.set_ydata([1e-300, 1.0])
    snap_cost_limits(ax, line, log=True, floor=1e-12)
    assert ax.get_ylim() == (1e-12, 1e9)
