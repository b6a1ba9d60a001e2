"""Every figure the course produces passes the layout check.

No two texts overlap, no text leaves the figure, no axis draws ticks without
labelling at least two of them: each :mod:`optlab.plot` function, each
explorer at its extreme settings, each slide figure of figures/make_figures.py.
"""

import runpy
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from layout_check import layout_problems  # noqa: E402

import optlab  # noqa: E402
from optlab import plot, widgets  # noqa: E402
from optlab.data import load_sunspots  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SKEWED = "skewed_quadratic"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def assert_clean(fig, what: str) -> None:
    problems = layout_problems(fig)
    assert not problems, f"{what}:\n" + "\n".join(problems)


# -- the check itself finds what it should ------------------------------------


def test_the_check_finds_overlapping_text_text_outside_and_unlabelled_axes():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_title("a title")
    ax.text(0.5, 1.01, "a second title over it", transform=ax.transAxes)
    ax.text(1.3, 0.5, "far outside", transform=ax.transAxes)
    ax.set_yscale("log")
    ax.set_ylim(3.0, 4.0)  # matplotlib's default labels no tick here
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    problems = " ".join(layout_problems(fig))
    assert "overlap" in problems
    assert "leaves the figure" in problems
    assert "y-axis" in problems


# -- every plot function -------------------------------------------------------


def _runs():
    return [
        optlab.gradient_descent(SKEWED, [10, 1], alpha=0.1, max_its=25),
        optlab.momentum(SKEWED, [10, 1], alpha=0.1, beta=0.7, max_its=25),
        optlab.gradient_descent(SKEWED, [10, 1], alpha=0.3, max_its=30),  # diverges
    ]


def _record(method, function=SKEWED, w0=(10, 1), **kw):
    return getattr(optlab, method)(function, list(w0), record_state=True, **kw)


PLOTS = {
    "contours": lambda: plot.contours(SKEWED).ax.figure,
    "paths, one run": lambda: plot.paths(SKEWED, _runs()[1]).ax.figure,
    "paths, several": lambda: plot.paths(SKEWED, _runs()).ax.figure,
    "paths, every method": lambda: (
        plot.paths(
            "rosenbrock",
            [
                info.run("rosenbrock", [-1.5, 2.0], max_its=50)
                for info in optlab.METHODS.values()
            ],
        ).ax.figure
    ),
    "stacked_paths": lambda: plot.stacked_paths(SKEWED, _runs())[0],
    "surface_and_contours": lambda: plot.surface_and_contours(SKEWED, _runs()[:2])[0],
    "curve_path": lambda: (
        plot.curve_path(
            "quartic", optlab.gradient_descent("quartic", -1.0, alpha=0.1, max_its=10)
        ).ax.figure
    ),
    "state_arrows": lambda: (
        plot.state_arrows(
            SKEWED, _record("momentum", alpha=0.1, beta=0.7, max_its=25)
        ).ax.figure
    ),
    "cost_curves": lambda: plot.cost_curves(_runs(), log=True).ax.figure,
    "cost_curves, narrow range": lambda: (
        plot.cost_curves(
            optlab.gradient_descent(SKEWED, [0.01, 0.01], alpha=1e-4, max_its=20),
            log=True,
        ).ax.figure
    ),
    "average_plot": lambda: plot.average_plot(load_sunspots(0, 528), 0.9).ax.figure,
    "average_weights": lambda: plot.average_weights(20, 0.9).ax.figure,
    "effective_learning_rates": lambda: (
        plot.effective_learning_rates(
            _record("rmsprop", alpha=0.1, max_its=60)
        ).ax.figure
    ),
    "step_lengths, diverged": lambda: (
        plot.step_lengths(
            optlab.gradient_descent(SKEWED, [10, 1], alpha=0.3, max_its=30)
        ).ax.figure
    ),
    "function_gallery": lambda: plot.function_gallery(),
}


@pytest.mark.parametrize("name", PLOTS)
def test_every_plot_function_lays_out_cleanly(name):
    assert_clean(PLOTS[name](), name)


# -- every explorer at its extreme settings ------------------------------------


def _explorer_states():
    ex = widgets.explore(SKEWED, "momentum")
    c = ex.controls
    yield ex, "default"
    for function in c["function"].options:
        c["function"].value = function[1]
        yield ex, f"function {function[1]}"
    c["function"].value = SKEWED
    for method in optlab.METHODS:
        c["method"].value = method
        yield ex, f"method {method}"
    c["method"].value = "momentum"
    for alpha in (c["alpha"].min, c["alpha"].max):
        c["alpha"].value = 10.0**alpha
        yield ex, f"alpha {c['alpha'].value}"
    for steps in (1, c["max_its"].max):
        c["max_its"].value = steps
        yield ex, f"K {steps}"
    c["arrows"].value = True
    c["step"].value = 0
    yield ex, "arrows, step 0"


def test_explore_at_extreme_settings_lays_out_cleanly():
    for ex, state in _explorer_states():
        assert_clean(ex.figure, f"explore, {state}")


def test_compare_at_extreme_settings_lays_out_cleanly():
    ex = widgets.compare(
        SKEWED, ["gradient_descent", "momentum", "momentum", "adam", "sign_gd"]
    )
    assert_clean(ex.figure, "compare, default")
    ex.controls["max_its"].value = ex.controls["max_its"].max
    ex.controls["momentum.alpha"].value = 10.0
    assert_clean(ex.figure, "compare, K max, one run diverged")
    ex.controls["max_its"].value = 1
    assert_clean(ex.figure, "compare, K 1")


def test_average_explorer_at_extreme_settings_lays_out_cleanly():
    ex = widgets.average_explorer()
    for beta in (0.0, 1.0):
        for start in ("first", "zero", "zero_corrected"):
            ex.controls["beta"].value = beta
            ex.controls["start"].value = start
            assert_clean(ex.figure, f"average, beta {beta}, start {start}")
    ex.controls["zoom"].value = True
    ex.controls["step"].value = 1
    assert_clean(ex.figure, "average, zoom, k 1")


@pytest.mark.parametrize("method", ["momentum", "gradient_descent", "adadelta"])
def test_convergence_map_lays_out_cleanly(method):
    small = {"alphas": optlab.landscape.np.logspace(-3, 1, 12)}
    if method == "momentum":
        small["betas"] = optlab.landscape.np.linspace(0, 1, 11)
    m = widgets.convergence_map(SKEWED, method, max_its=40, **small)
    assert_clean(m.figure, f"convergence map, {method}")
    assert_clean(m.explorer.figure, f"convergence map's explorer, {method}")


# -- every slide figure --------------------------------------------------------

FIGURES = runpy.run_path(str(ROOT / "figures" / "make_figures.py"), run_name="figs")[
    "FIGURES"
]


@pytest.mark.parametrize("name", FIGURES)
def test_every_slide_figure_lays_out_cleanly(name):
    assert_clean(FIGURES[name](), f"figures/{name}")


# -- lecture mode: larger text, still clean ------------------------------------


@pytest.fixture
def lecture():
    optlab.lecture_mode(True)
    yield
    optlab.lecture_mode(False)


def test_lecture_mode_is_one_switch_and_undoes_itself():
    before = plt.rcParams["font.size"]
    assert optlab.lecture_mode(True) and plot.lecture_on()
    # 18 px text on a 100 dpi figure (a 1280 x 720 projector image)
    assert plt.rcParams["font.size"] * 100 / 72 == pytest.approx(18, abs=0.5)
    fig, ax = plt.subplots()
    art = plot.paths(SKEWED, _runs()[1], ax)
    assert art.paths[0].line.get_linewidth() > 2.5
    assert not optlab.lecture_mode(False)
    assert plt.rcParams["font.size"] == before
    with pytest.raises(TypeError, match="on must be"):
        optlab.lecture_mode("yes")


def test_a_voila_address_turns_lecture_mode_on(monkeypatch):
    from optlab.plot._style import lecture_from_query_string

    try:
        assert not lecture_from_query_string("lecture=0&x=1")
        monkeypatch.setenv("QUERY_STRING", "lecture=1")
        ex = widgets.explore(SKEWED, "momentum")
        assert ex.lecture and plot.lecture_on()
        bundle = ex._repr_mimebundle_()
        assert "optlab-lecture" in ex.widget._dom_classes and bundle
        assert "18px" in ex.widget.children[0].value
    finally:
        optlab.lecture_mode(False)


@pytest.mark.parametrize("name", ["paths, several", "cost_curves", "stacked_paths"])
def test_plots_in_lecture_mode_lay_out_cleanly(lecture, name):
    assert_clean(PLOTS[name](), f"{name}, lecture mode")


def test_explorers_in_lecture_mode_lay_out_cleanly(lecture):
    for ex, state in _explorer_states():
        assert_clean(ex.figure, f"explore in lecture mode, {state}")
    ex = widgets.compare(SKEWED, ["gradient_descent", "momentum", "adam"])
    assert_clean(ex.figure, "compare in lecture mode")
    assert_clean(widgets.average_explorer().figure, "average in lecture mode")


@pytest.mark.parametrize("name", ["zigzag", "optimizer_race", "convergence_map"])
def test_slide_figures_in_lecture_mode_lay_out_cleanly(lecture, name):
    assert_clean(FIGURES[name](), f"figures/{name}, lecture mode")
