"""optlab.plot: every function draws on Agg without warnings and returns its artists."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402

import optlab  # noqa: E402
import optlab.plot as P  # noqa: E402
from optlab.averages import exponential_average  # noqa: E402
from optlab.data import load_sunspots  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")

SKEWED = "skewed_quadratic"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def lesson3_runs():
    return [
        optlab.gradient_descent(SKEWED, [10, 1], alpha=0.1, max_its=25),
        optlab.momentum(SKEWED, [10, 1], alpha=0.1, beta=0.2, max_its=25),
        optlab.momentum(SKEWED, [10, 1], alpha=0.1, beta=0.7, max_its=25),
    ]


def diverging_run():
    return optlab.gradient_descent(SKEWED, [10, 1], alpha=0.3, max_its=30)


def test_contour_grid_is_one_vectorized_evaluation_and_cached():
    f = optlab.get_function(SKEWED)
    before = P.contour_grid.cache_info()
    w1, w2, z = P.contour_grid(f, resolution=57)
    again = P.contour_grid(SKEWED, resolution=57)
    after = P.contour_grid.cache_info()
    assert after.misses == before.misses + 1 and after.hits == before.hits + 1
    assert again[2] is z
    assert z.shape == (57, 57) and not z.flags.writeable
    for i, j in [(0, 0), (13, 40), (56, 56)]:
        assert z[i, j] == pytest.approx(f([w1[i, j], w2[i, j]]))
    assert w1[0, 0] == -1.5 and w2[-1, -1] == 1.5


def test_grids_of_different_functions_with_one_name_do_not_collide():
    a = optlab.rotated_quadratic(5.0, 0.3)
    b = optlab.rotated_quadratic(50.0, 0.3)
    assert not np.array_equal(
        P.contour_grid(a, resolution=30)[2], P.contour_grid(b, resolution=30)[2]
    )


def test_paths_draws_contours_points_legend_and_the_divergence():
    runs = [*lesson3_runs(), diverging_run()]
    art = P.paths(SKEWED, runs, equal_aspect=True)
    assert isinstance(art.contours.contour_set, ContourSet)
    assert len(art.contours.contour_set.levels) == 25
    texts = [t.get_text() for t in art.legend.get_texts()]
    assert texts[:4] == [
        "gradient descent (α = 0.1)",
        "momentum (α = 0.1, β = 0.2)",
        "momentum (α = 0.1, β = 0.7)",
        f"gradient descent (α = 0.3), diverged at step {runs[3].diverged_at}",
    ]
    assert texts[4:] == ["start", "end", "minimizer", "diverged"]
    first = art.paths[0]
    assert np.allclose(first.points.get_offsets(), runs[0].w)
    assert np.allclose(first.start.get_xydata(), [[10, 1]])
    # several methods: each path keeps its method colour, no step ramp
    assert first.points.get_array() is None
    assert first.color == P.METHOD_STYLES["gradient_descent"].color
    assert art.paths[1].color == art.paths[2].color == P.METHOD_STYLES["momentum"].color
    assert art.paths[2].line.get_linestyle() == "--"  # the repeat is dashed
    k = runs[3].diverged_at
    assert k is not None
    assert art.paths[3].note.get_text().endswith(f"diverged at step {k}")
    assert len(art.paths[3].points.get_offsets()) == k
    assert art.paths[0].note.get_text() == ""
    assert art.ax.get_aspect() == 1.0
    assert art.ax.get_xlim() == (-1.5, 10.5)


def test_one_method_gets_the_step_ramp_dark_to_light():
    art = P.paths(SKEWED, lesson3_runs()[1])
    colours = art.paths[0].points.get_array()
    assert colours[0] == 0 and colours[-1] == 25
    lightness = [sum(P.STEP_CMAP(x)[:3]) for x in np.linspace(0, 1, 20)]
    assert np.all(np.diff(lightness) > 0)


def test_every_method_has_its_own_colour_marker_and_display_name():
    assert set(P.METHOD_STYLES) == set(optlab.METHODS) | {"sign_gd"}
    styles = list(P.METHOD_STYLES.values())
    assert len({s.color for s in styles}) == len(styles)
    assert len({s.marker for s in styles}) == len(styles)
    sign = optlab.normalized_gd(SKEWED, [10, 1], max_its=3, norm="component")
    assert P.display_name(sign) == "sign descent"
    assert P.display_name("sign_gd") == "sign descent"
    assert P.run_label(sign).startswith("sign descent (α = ")
    for name in optlab.METHODS:
        assert "_" not in P.display_name(name)


def test_one_method_keeps_its_colour_in_every_figure():
    runs = lesson3_runs()
    adam = optlab.adam(SKEWED, [10, 1], max_its=10)
    costs = P.cost_curves([adam, runs[0]])
    assert costs.lines[0].get_color() == P.METHOD_STYLES["adam"].color
    drawn = P.paths(SKEWED, [runs[0], adam])
    assert drawn.paths[1].color == P.METHOD_STYLES["adam"].color


@pytest.mark.parametrize(
    "low, high",
    [(1e-12, 1e3), (0.2, 0.9), (3.0, 4.0), (1.001, 1.004), (5e-3, 2e-2), (1e-30, 1)],
)
def test_log_cost_axis_always_labels_two_ticks_in_one_format(low, high):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [low, high])
    P.log_axis(ax)
    ax.set_ylim(low, high)
    fig.canvas.draw()
    labels = [
        t.get_text()
        for t in ax.yaxis.get_ticklabels()
        if t.get_visible()
        and t.get_text()
        and low * 0.999 <= t.get_position()[1] <= high * 1.001
    ]
    assert len(labels) >= 2, labels
    assert all(label.startswith("$") and "10^{" in label for label in labels)


def test_lesson3_stacked_figure_saves_as_png(tmp_path):
    fig, axes = P.stacked_paths(SKEWED, lesson3_runs(), titles=["GD", "β 0.2", "β 0.7"])
    assert len(axes) == 3 and axes[0].get_title(loc="left") == "GD"
    assert axes[0].get_shared_x_axes().joined(axes[0], axes[2])
    path = tmp_path / "lesson3.png"
    path.write_bytes(P.png_bytes(fig))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert P.png_bytes(fig) == path.read_bytes()  # deterministic


def test_surface_and_contours_has_the_path_on_both():
    h = optlab.gradient_descent("tanh_plateau", [1, 2], alpha=0.1, max_its=100)
    fig, (ax3d, ax2d) = P.surface_and_contours("tanh_plateau", h)
    assert ax3d.name == "3d"
    path3d = ax3d.lines[0]
    assert len(path3d.get_data_3d()[2]) == 101
    assert np.allclose(path3d.get_data_3d()[2], h.cost)
    assert ax2d.get_legend() is not None
    with pytest.raises(ValueError, match="use curve_path"):
        P.surface_and_contours("quartic")


def test_curve_path_marks_steps_on_the_curve():
    h = optlab.gradient_descent("quartic", -1.0, alpha=0.1, max_its=10)
    art = P.curve_path("quartic", [h])
    xy = art.paths[0].points.get_offsets()
    assert np.allclose(xy[:, 0], h.w) and np.allclose(xy[:, 1], h.cost)
    assert art.curve.get_xdata()[0] == -1.1
    with pytest.raises(ValueError, match="has 2"):
        P.curve_path(SKEWED, [h])


def test_cost_curves_mark_divergence_and_use_log_scale():
    runs = [lesson3_runs()[0], diverging_run()]
    art = P.cost_curves(runs, log=True)
    assert art.ax.get_yscale() == "log"
    assert not art.crosses[0].get_visible() and art.crosses[1].get_visible()
    k = runs[1].diverged_at
    assert art.crosses[1].get_xdata()[0] == k - 1
    assert f"diverged at step {k}" in art.legend.get_texts()[1].get_text()
    assert art.lines[0].get_color() == P.METHOD_STYLES["gradient_descent"].color
    assert len(art.lines[1].get_xdata()) == k


def test_average_plot_and_weights():
    sun = load_sunspots(0, 528)
    art = P.average_plot(sun, 0.9)
    assert np.allclose(art.average.get_ydata(), exponential_average(sun.values, 0.9))
    assert np.allclose(art.series.get_xdata(), sun.dates)
    corrected = art.update(0.9, "zero_corrected", upto=50)
    assert len(art.average.get_ydata()) == 50
    assert corrected[0] == pytest.approx(sun.values[0])
    weights = P.average_weights(10, 0.8)
    heights = [b.get_height() for b in weights.bars]
    assert heights[0] == pytest.approx(0.8**9) and heights[-1] == pytest.approx(0.2)
    assert sum(heights) == pytest.approx(1.0)


def test_effective_learning_rates_plot_the_recorded_multiplier():
    h = optlab.rmsprop(SKEWED, [10, 1], alpha=0.1, max_its=40, record_state=True)
    art = P.effective_learning_rates(h)
    assert len(art.lines) == 2
    assert np.allclose(art.lines[1].get_ydata(), h.state["effective_lr"][:, 1])
    assert art.ax.get_ylabel() == "effective learning rate"
    with pytest.raises(ValueError, match="record_state=True"):
        P.effective_learning_rates(optlab.momentum(SKEWED, [10, 1], max_its=5))


def test_step_lengths_plot_how_far_each_component_moves():
    h = optlab.rmsprop(SKEWED, [10, 1], alpha=0.1, max_its=40)
    art = P.step_lengths(h)
    moved = np.abs(np.diff(h.w, axis=0))
    assert np.allclose(art.lines[0].get_ydata(), moved[:, 0], equal_nan=True)
    # RMSprop's first step moves each component by about alpha / sqrt(1 - beta)
    assert art.lines[1].get_ydata()[0] == pytest.approx(0.1 / np.sqrt(0.1), rel=1e-6)


def test_state_arrows_show_gradient_step_and_step_taken():
    h = optlab.momentum(
        SKEWED, [10, 1], alpha=0.1, beta=0.7, max_its=25, record_state=True
    )
    arrows = P.state_arrows(SKEWED, h)
    u, v = arrows.gradient.U, arrows.gradient.V
    assert np.allclose(u[:25], -0.1 * h.state["grad"][:, 0])
    assert np.allclose(arrows.step.U[:25], np.diff(h.w[:, 0]))
    assert np.allclose(
        arrows.step.U[:25], -0.1 * h.state["d"][:, 0]
    )  # the step is -alpha d
    assert "d" in arrows.legend.get_texts()[1].get_text()
    with pytest.raises(ValueError, match="record_state=True"):
        P.state_arrows(SKEWED, optlab.momentum(SKEWED, [10, 1], max_its=5))
    assert v.shape == (25,)


def test_function_gallery_draws_every_function_with_its_formula():
    fig = P.function_gallery(["skewed_quadratic", "quartic", "tanh_valley"])
    titles = " ".join(
        ax.get_title(loc) for ax in fig.axes for loc in ("left", "center")
    )
    assert "skewed quadratic" in titles and "quartic" in titles
    assert sum(ax.name == "3d" for ax in fig.axes) == 2
    fig.canvas.draw()  # every formula is valid mathtext


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="window must be"):
        P.contours(SKEWED, window=((1, 0), (0, 1)))
    with pytest.raises(TypeError, match="histories must"):
        P.paths(SKEWED, [1, 2])
    with pytest.raises(ValueError, match="labels must have one entry"):
        P.paths(SKEWED, lesson3_runs(), labels=["a"])
    with pytest.raises(ValueError, match="beta must be"):
        P.average_plot([1.0, 2.0], 1.5)


def test_legends_sit_in_an_empty_corner_or_outside():
    from optlab.plot._style import _data_points

    runs = lesson3_runs()
    for art in (P.paths(SKEWED, runs), P.cost_curves(runs, log=True)):
        fig = art.ax.figure
        fig.canvas.draw()
        box = art.legend.get_window_extent().transformed(art.ax.transAxes.inverted())
        points = _data_points(art.ax)
        inside = (
            (points[:, 0] > box.x0)
            & (points[:, 0] < box.x1)
            & (points[:, 1] > box.y0)
            & (points[:, 1] < box.y1)
        )
        assert len(points) and not inside.any()


def test_run_labels_name_noise_and_minibatches_but_not_the_seed():
    from optlab.plot._style import run_label

    noisy = optlab.momentum(SKEWED, [10, 1], noise=2, seed=3, max_its=5)
    assert run_label(noisy) == "momentum (α = 0.1, β = 0.9, σ = 2)"
    rows = np.linspace(-1, 1, 40)[:, None]
    model = optlab.logistic_regression(rows, (rows[:, 0] > 0.1).astype(float))
    batch = optlab.gradient_descent(
        model, model.start, alpha=0.5, max_its=3, batch_size=10, seed=1
    )
    assert run_label(batch) == "gradient descent (α = 0.5, batch = 10)"
