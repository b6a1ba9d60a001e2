"""A cloud of noisy runs: faint runs, their mean path and their median cost."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from layout_check import layout_problems  # noqa: E402

import optlab  # noqa: E402
from optlab import plot, widgets  # noqa: E402
from optlab.plot._style import DIVERGED_COLOR, METHOD_STYLES  # noqa: E402
from optlab.plot.cloud import FAINT, MEAN_POINTS, cloud_runs, median_cost  # noqa: E402

SKEWED = "skewed_quadratic"
W0 = np.array([10.0, 1.0])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def batch(runs=8, seed=1, alpha=0.05, method="gradient_descent", max_its=120, **kw):
    starts = np.repeat(W0[:, None], runs, axis=1)
    return optlab.METHODS[method].run(
        SKEWED, starts, alpha=alpha, max_its=max_its, noise=2.0, seed=seed, **kw
    )


def xy(line) -> np.ndarray:
    return np.column_stack(line.get_data())


# -- what is drawn -------------------------------------------------------------


def test_the_mean_path_is_the_mean_of_the_runs_and_each_run_is_drawn_faintly():
    b = batch()
    drawn = plot.noisy_paths(SKEWED, b)
    # the batch's own array (K + 1, N, B), averaged over its runs by hand
    mean = b.w.sum(axis=-1) / b.w.shape[-1]
    np.testing.assert_allclose(xy(drawn.mean.line), mean, rtol=1e-12)
    np.testing.assert_allclose(drawn.mean.points.get_offsets(), mean, rtol=1e-12)
    np.testing.assert_array_equal(xy(drawn.mean.start), W0[None, :])
    np.testing.assert_allclose(xy(drawn.mean.end), mean[-1:], rtol=1e-12)
    assert drawn.mean.start.get_visible() and drawn.mean.end.get_marker() == "s"
    assert len(drawn.runs.paths) == 8
    for j, run in enumerate(drawn.runs.paths):
        np.testing.assert_array_equal(xy(run.line), b.w[:, :, j])
        assert run.line.get_alpha() == FAINT
        assert not run.points.get_visible() and not run.start.get_visible()
        assert run.end.get_alpha() == FAINT and run.end.get_marker() == "s"
    assert drawn.mean.line.get_alpha() > 2 * FAINT
    texts = [t.get_text() for t in drawn.legend.get_texts()]
    assert texts[:2] == ["each of 8 runs", "their mean"]
    assert {"start", "end", "minimizer"} <= set(texts)
    assert drawn.legend.get_title().get_text() == "gradient descent\n(α = 0.05, σ = 2)"


def test_the_median_cost_is_the_median_of_the_runs_costs():
    b = batch(runs=7)
    drawn = plot.noisy_costs(b, log=True)
    median = np.sort(b.cost, axis=-1)[:, 3]  # the 4th of 7 sorted costs
    np.testing.assert_allclose(drawn.median.lines[0].get_ydata(), median)
    assert len(drawn.runs.costs.lines) == 7
    for j, line in enumerate(drawn.runs.costs.lines):
        np.testing.assert_array_equal(line.get_ydata(), b.cost[:, j])
        assert line.get_alpha() == FAINT
    assert drawn.ax.get_yscale() == "log"
    assert drawn.ax.get_ylabel() == "cost g(wᵏ)"
    texts = [t.get_text() for t in drawn.legend.get_texts()]
    assert texts == ["each of 7 runs", "their median"]


@pytest.mark.parametrize(
    ("method", "key", "extra"),
    [
        ("gradient_descent", "gradient_descent", {}),
        ("momentum", "momentum", {"beta": 0.7}),
        ("adam", "adam", {}),
        ("normalized_gd", "sign_gd", {"norm": "component"}),
    ],
)
def test_every_part_of_a_cloud_is_in_the_method_colour(method, key, extra):
    b = batch(runs=4, method=method, alpha=0.03, max_its=40, **extra)
    colour = METHOD_STYLES[key].color
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    paths = plot.noisy_paths(SKEWED, b, left)
    costs = plot.noisy_costs(b, right)
    faint = [p.line for p in paths.runs.paths] + costs.runs.costs.lines
    full = [paths.mean.line, costs.median.lines[0]]
    for line in faint + full:
        assert matplotlib.colors.same_color(line.get_color(), colour)
    assert all(line.get_alpha() == FAINT for line in faint)
    assert all((line.get_alpha() or 1.0) > 2 * FAINT for line in full)
    marker = paths.legend.legend_handles[1].get_marker()
    assert marker == METHOD_STYLES[key].marker
    other = plot.noisy_paths(SKEWED, b, color="#123456", legend=False)
    assert matplotlib.colors.same_color(other.runs.paths[0].line.get_color(), "#123456")


def test_a_diverged_run_is_drawn_as_diverged():
    # six stable runs, two beyond the stability limit 1 / 9.75 of alpha
    alphas = np.array([0.05] * 6 + [0.11] * 2)
    b = batch(alpha=alphas, max_its=200)
    at = np.asarray(b.diverged_at)
    assert list(at[:6]) == [-1] * 6 and np.all(at[6:] > 0)
    paths = plot.noisy_paths(SKEWED, b)
    for j, run in enumerate(paths.runs.paths):
        if at[j] < 0:
            assert len(run.line.get_xdata()) == 201 and run.end.get_marker() == "s"
            continue
        # drawn up to its last finite point, ended by a red cross in full
        assert len(run.line.get_xdata()) == at[j]
        assert run.end.get_marker() == "X" and run.end.get_alpha() == 1.0
        assert matplotlib.colors.same_color(
            run.end.get_markerfacecolor(), DIVERGED_COLOR
        )
    # their mean is infinite from the first divergence on: it ends there
    first = int(at[6:].min())
    assert len(paths.mean.line.get_xdata()) == first
    assert paths.mean.end.get_marker() == "X"
    texts = [t.get_text() for t in paths.legend.get_texts()]
    assert f"their mean,\ndiverged at step {first}" in texts
    assert "diverged: 2 of 8" in texts
    assert paths.legend.get_title().get_text() == "gradient descent\n(σ = 2)"
    # shown up to a step before any divergence: nothing is diverged yet
    paths.update(b, upto=first - 5)
    assert paths.mean.end.get_marker() == "s"
    assert all(run.end.get_marker() == "s" for run in paths.runs.paths)
    assert "their mean" in [t.get_text() for t in paths.legend.get_texts()]

    costs = plot.noisy_costs(b, log=True)
    crosses = [c.get_visible() for c in costs.runs.costs.crosses]
    assert crosses == [False] * 6 + [True] * 2
    # two of eight diverged: their median is still finite, over every step
    median = costs.median.lines[0].get_ydata()
    assert len(median) == 201 and not costs.median.crosses[0].get_visible()
    finite = np.where(
        np.arange(201)[:, None] >= np.where(at < 0, 999, at), np.inf, b.cost
    )
    np.testing.assert_allclose(median, np.median(finite, axis=-1))
    assert "diverged: 2 of 8" in [t.get_text() for t in costs.legend.get_texts()]


def test_the_median_diverges_once_half_of_the_runs_have():
    b = batch(alpha=0.106, max_its=150)
    at = np.sort(np.asarray(b.diverged_at))
    assert np.all(at > 0)
    median, where = median_cost(cloud_runs(b))
    assert where == at[3]  # of 8 sorted costs the median averages the 4th and 5th
    assert np.all(np.isfinite(median)) and np.all(median[where:] == median[where - 1])
    costs = plot.noisy_costs(b, log=True)
    assert len(costs.median.lines[0].get_xdata()) == where
    assert costs.median.crosses[0].get_visible()


# -- moved in place --------------------------------------------------------------


def test_update_moves_the_same_artists_to_another_batch():
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    paths = plot.noisy_paths(SKEWED, batch(seed=1), left)
    costs = plot.noisy_costs(batch(seed=1), right, log=True)
    lines_before = (list(left.lines), list(right.lines))
    again = batch(seed=2)
    paths.update(again)
    costs.update(again)
    assert (list(left.lines), list(right.lines)) == lines_before
    np.testing.assert_allclose(xy(paths.mean.line), again.w.mean(axis=-1))
    np.testing.assert_array_equal(xy(paths.runs.paths[3].line), again.w[:, :, 3])
    np.testing.assert_allclose(
        costs.median.lines[0].get_ydata(), np.median(again.cost, axis=-1)
    )
    paths.update(again, upto=10)
    costs.update(again, upto=10)
    assert len(paths.mean.line.get_xdata()) == 11
    assert all(len(p.line.get_xdata()) == 11 for p in paths.runs.paths)
    assert all(len(line.get_xdata()) == 11 for line in costs.runs.costs.lines)
    with pytest.raises(ValueError, match="runs must hold the 8 runs"):
        paths.update(batch(runs=5))


def test_the_explorers_draw_their_clouds_with_it():
    ex = widgets.explore(SKEWED, "gradient_descent", w0=W0, max_its=120, alpha=0.05)
    single = ex.path.points.get_sizes().copy()
    ex.controls["noise"].value = 2.0
    ex.controls["runs"].value = 8
    cloud = ex.cloud.clouds["run"]
    # the path in full is their mean, with a mean path's smaller points
    np.testing.assert_allclose(ex.path.points.get_sizes(), single * MEAN_POINTS)
    assert isinstance(cloud, plot.FaintRuns)
    b = batch(seed=0)  # the explorer's first seed
    for j, run in enumerate(cloud.paths):
        np.testing.assert_array_equal(xy(run.line), b.w[:, :, j])
    summary = plot.cloud_summary(b)
    np.testing.assert_array_equal(ex.history.w, summary.w)
    np.testing.assert_array_equal(ex.history.cost, summary.cost)
    # another method: the same faint runs in its colour
    ex.controls["method"].value = "adam"
    colour = METHOD_STYLES["adam"].color
    assert matplotlib.colors.same_color(cloud.paths[0].line.get_color(), colour)
    assert matplotlib.colors.same_color(cloud.costs.lines[0].get_color(), colour)
    ex.controls["runs"].value = 1
    assert ex.cloud.clouds == {}
    np.testing.assert_allclose(ex.path.points.get_sizes(), single)


def test_the_explorers_mean_path_diverges_with_its_first_run():
    ex = widgets.explore(SKEWED, "gradient_descent", w0=W0, max_its=150, alpha=0.106)
    ex.controls["noise"].value = 2.0
    ex.controls["runs"].value = 8
    first = int(np.min(batch(alpha=0.106, max_its=150, seed=0).diverged_at))
    assert ex.history.diverged_at == first
    assert ex.path.end.get_marker() == "X"
    assert f"diverged at step {first}" in ex.readout.value


# -- bad input ----------------------------------------------------------------------


def test_bad_input_names_the_argument():
    one = batch(runs=3)
    other = batch(runs=3, method="adam")
    with pytest.raises(ValueError, match="batch must hold runs of one method"):
        plot.noisy_paths(SKEWED, one.runs() + other.runs())
    with pytest.raises(ValueError, match="batch must hold at least one run"):
        plot.noisy_costs([])
    with pytest.raises(ValueError, match="same length"):
        plot.noisy_costs(one.runs() + batch(runs=2, max_its=10).runs())
    with pytest.raises(TypeError, match="histories must contain History"):
        plot.noisy_paths(SKEWED, [1, 2])
    with pytest.raises(ValueError, match="function must have 2 input"):
        plot.noisy_paths("quartic", one)


# -- layout ---------------------------------------------------------------------


def _both(b) -> plt.Figure:
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    plot.noisy_paths(SKEWED, b, left)
    plot.noisy_costs(b, right, log=True)
    fig.tight_layout()
    return fig


@pytest.mark.parametrize("lecture", [False, True])
@pytest.mark.parametrize("alpha", [0.05, 0.106, "mixed"])
def test_clouds_lay_out_cleanly(lecture, alpha):
    if alpha == "mixed":
        alpha = np.array([0.05] * 6 + [0.11] * 2)
    try:
        optlab.lecture_mode(lecture)
        problems = layout_problems(_both(batch(alpha=alpha, max_its=200)))
    finally:
        optlab.lecture_mode(False)
    assert not problems, "\n".join(problems)
