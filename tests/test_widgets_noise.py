"""The explorers' noise controls: noise, new noise, a cloud of runs, schedules."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import optlab  # noqa: E402
from optlab import schedules, widgets  # noqa: E402
from optlab.plot import path_points  # noqa: E402
from optlab.widgets.noise import FAINT  # noqa: E402

W0 = np.array([10.0, 1.0])


@pytest.fixture
def explorer():
    return widgets.explore(
        "skewed_quadratic", "momentum", w0=W0, max_its=60, alpha=0.05, beta=0.7
    )


def test_the_noise_slider_reruns_with_noise_and_zero_is_exact(explorer):
    exact = optlab.momentum("skewed_quadratic", W0, alpha=0.05, beta=0.7, max_its=60)
    np.testing.assert_array_equal(explorer.history.w, exact.w)
    explorer.controls["noise"].value = 1.5
    noisy = optlab.momentum(
        "skewed_quadratic", W0, alpha=0.05, beta=0.7, max_its=60, noise=1.5, seed=0
    )
    np.testing.assert_array_equal(explorer.history.w, noisy.w)
    np.testing.assert_array_equal(path_points(explorer.history), noisy.w)
    xy = np.column_stack(explorer.path.line.get_data())
    np.testing.assert_array_equal(xy, noisy.w)
    assert "σ = 1.5" in explorer.readout.value
    explorer.controls["noise"].value = 0.0
    np.testing.assert_array_equal(explorer.history.w, exact.w)


def test_new_noise_draws_with_another_seed(explorer):
    explorer.controls["noise"].value = 1.0
    before = explorer.history.w.copy()
    explorer.controls["new_noise"].click()
    assert explorer.seed == 1
    again = optlab.momentum(
        "skewed_quadratic", W0, alpha=0.05, beta=0.7, max_its=60, noise=1.0, seed=1
    )
    np.testing.assert_array_equal(explorer.history.w, again.w)
    assert not np.array_equal(explorer.history.w, before)


def test_several_runs_are_drawn_faintly_with_their_mean_path_and_median_cost(
    explorer,
):
    lines_before = len(explorer._cost_ax.lines)
    explorer.controls["noise"].value = 2.0
    explorer.controls["runs"].value = 6
    runs = explorer.runs
    assert len(runs) == 6
    batch = optlab.momentum(
        "skewed_quadratic",
        np.repeat(W0[:, None], 6, axis=1),
        alpha=0.05,
        beta=0.7,
        max_its=60,
        noise=2.0,
        seed=0,
    )
    for j, run in enumerate(runs):
        np.testing.assert_array_equal(run.w, batch.w[:, :, j])
    faint = explorer.cloud.paths["run"]
    assert len(faint) == 6
    for drawn, run in zip(faint, runs, strict=True):
        np.testing.assert_array_equal(np.column_stack(drawn.line.get_data()), run.w)
        assert drawn.line.get_alpha() == FAINT
    # the path in full: the mean point of the runs; the cost in full: their median
    np.testing.assert_allclose(
        np.column_stack(explorer.path.line.get_data()), batch.w.mean(axis=-1)
    )
    main_cost = explorer.costs.lines[0].get_ydata()
    np.testing.assert_allclose(main_cost, np.median(batch.cost, axis=-1))
    faint_costs = explorer.cloud.costs["run"].lines
    assert len(faint_costs) == 6 and all(
        line.get_alpha() == FAINT for line in faint_costs
    )
    assert len(explorer._cost_ax.lines) == lines_before + 2 * 6  # lines and crosses
    assert "median cost of 6 runs" in explorer.readout.value
    explorer.controls["runs"].value = 1
    assert explorer.cloud.paths == {} or explorer.cloud.paths.get("run") in (None, [])
    assert len(explorer._cost_ax.lines) == lines_before


def test_play_reveals_the_faint_runs_step_by_step(explorer):
    explorer.controls["noise"].value = 1.0
    explorer.controls["runs"].value = 3
    explorer.controls["step"].value = 10
    for drawn in explorer.cloud.paths["run"]:
        assert len(drawn.line.get_xdata()) == 11


def test_the_schedule_dropdown_and_its_parameters(explorer):
    c = explorer.controls
    assert c["tau"].layout.display == "none"
    c["schedule"].value = "inverse_time"
    assert c["tau"].layout.display is None and c["rate"].layout.display == "none"
    alpha = explorer.history.params["alpha"]
    assert isinstance(alpha, schedules.InverseTime)
    assert alpha.alpha == pytest.approx(0.05) and alpha.tau == pytest.approx(10.0)
    c["tau"].value = 100.0
    expected = optlab.momentum(
        "skewed_quadratic",
        W0,
        alpha=schedules.InverseTime(0.05, tau=100.0),
        beta=0.7,
        max_its=60,
    )
    np.testing.assert_allclose(explorer.history.w, expected.w, rtol=1e-12)
    assert str(explorer.history.params["alpha"]) in explorer.readout.value
    c["schedule"].value = "cosine"
    assert explorer.history.params["alpha"].steps == 60
    c["schedule"].value = "warmup"
    assert c["every"].layout.display is None
    assert isinstance(explorer.history.params["alpha"], schedules.Warmup)
    c["schedule"].value = "exponential"
    c["rate"].value = 0.95
    assert explorer.history.params["alpha"].rate == pytest.approx(0.95)
    c["schedule"].value = "step"
    c["every"].value = 5
    assert explorer.history.params["alpha"].every == 5


def test_changing_the_function_keeps_the_cloud(explorer):
    explorer.controls["noise"].value = 1.0
    explorer.controls["runs"].value = 4
    explorer.controls["function"].value = "quartic"
    assert len(explorer.cloud.paths["run"]) == 4
    assert explorer.history.w.ndim == 1  # a 1-input function: one number a step
    explorer.controls["runs"].value = 2
    assert len(explorer.cloud.paths["run"]) == 2


def test_compare_draws_a_cloud_per_method():
    ex = widgets.compare(
        "skewed_quadratic",
        ["gradient_descent", "adam"],
        w0=W0,
        max_its=40,
        params={"gradient_descent": {"alpha": 0.05}, "adam": {"alpha": 0.1}},
    )
    ex.controls["noise"].value = 2.0
    ex.controls["runs"].value = 5
    assert {k: len(v) for k, v in ex.cloud.paths.items()} == {
        "gradient_descent": 5,
        "adam": 5,
    }
    for i, key in enumerate(ex.keys):
        runs = ex.runs[key]
        costs = np.stack([run.cost for run in runs], axis=-1)
        np.testing.assert_allclose(
            ex.costs.lines[i].get_ydata(), np.median(costs, axis=-1)
        )
        for drawn in ex.cloud.paths[key]:
            assert drawn.line.get_color() == ex.paths[key].color
    before = ex.history["adam"].w.copy()
    ex.controls["new_noise"].click()
    assert not np.array_equal(ex.history["adam"].w, before)
    ex.controls["schedule"].value = "inverse_sqrt"
    assert isinstance(ex.history["adam"].params["alpha"], schedules.InverseSqrt)
    assert ex.history["adam"].params["alpha"].alpha == pytest.approx(0.1)
    ex.controls["noise"].value = 0.0
    assert ex.cloud.paths == {} or all(not v for v in ex.cloud.paths.values())
