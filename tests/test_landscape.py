"""Batched hyperparameter grids and the stability predicted for quadratics."""

import numpy as np
import pytest

import optlab
from optlab.landscape import (
    default_values,
    hyperparameter_grid,
    map_axes,
    optimal_parameters,
    spectral_radius,
    stability_limit,
)

ALPHAS = np.geomspace(1e-3, 10, 40)
BETAS = np.linspace(0, 1, 30)


@pytest.mark.parametrize(
    ("method", "names", "fixed"),
    [
        ("momentum", ("alpha", "beta"), {}),
        ("adam", ("alpha", "beta1"), {"eps": 0.0}),
        ("rmsprop", ("alpha", "gamma"), {}),
        ("gradient_descent", ("alpha",), {}),
    ],
)
def test_grid_cells_equal_separate_runs(method, names, fixed):
    values = [np.geomspace(1e-3, 3, 7)] + (
        [np.linspace(0, 1, 5)] if len(names) == 2 else []
    )
    grid = hyperparameter_grid(
        "skewed_quadratic", method, [10, 1], names, values, max_its=60, **fixed
    )
    run = optlab.METHODS[method].run
    for index in [(0, 0), (3, 2), (6, 4), (5, 1)][: 4 if len(names) == 2 else 2]:
        index = index[: len(names)]
        params = {
            n: values[k][i] for k, (n, i) in enumerate(zip(names, index, strict=True))
        }
        single = run("skewed_quadratic", [10, 1], max_its=60, **params, **fixed)
        assert grid.final_cost[index] == pytest.approx(
            single.final_cost, rel=1e-12, abs=1e-300
        )
        assert grid.steps_to_tol[index] == single.steps_to(grid.threshold)
        assert grid.diverged_at[index] == (single.diverged_at or -1)


def test_chunked_grid_with_progress_equals_one_batch():
    calls = []
    whole = hyperparameter_grid(
        "skewed_quadratic", "momentum", None, None, [ALPHAS, BETAS], 50
    )
    chunked = hyperparameter_grid(
        "skewed_quadratic",
        "momentum",
        None,
        None,
        [ALPHAS, BETAS],
        50,
        progress=lambda *a: calls.append(a),
    )
    assert np.array_equal(whole.steps_to_tol, chunked.steps_to_tol)
    assert np.array_equal(whole.final_cost, chunked.final_cost)
    assert calls[-1][0] == calls[-1][1] == ALPHAS.size
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:], strict=False))


@pytest.mark.parametrize(
    "method", ["gradient_descent", "momentum", "heavy_ball", "nesterov"]
)
def test_predicted_stability_agrees_with_runs(method):
    names = ("alpha",) if method == "gradient_descent" else ("alpha", "beta")
    values = [ALPHAS] + ([BETAS] if len(names) == 2 else [])
    grid = hyperparameter_grid("skewed_quadratic", method, [10, 1], names, values, 100)
    if len(names) == 2:
        a, b = np.meshgrid(ALPHAS, BETAS, indexing="ij")
        rate = spectral_radius("skewed_quadratic", method, a, b)
    else:
        rate = spectral_radius("skewed_quadratic", method, ALPHAS)
    inside, outside = rate < 0.95, rate > 1.1
    assert inside.any() and outside.any()
    assert not grid.diverged[inside].any()
    assert grid.diverged[outside].all()


@pytest.mark.parametrize(
    "method", ["gradient_descent", "momentum", "heavy_ball", "nesterov"]
)
def test_stability_limit_is_where_the_rate_crosses_one(method):
    betas = np.linspace(0, 0.98, 25)
    limit = stability_limit("ravine_quadratic", method, betas)
    below = spectral_radius("ravine_quadratic", method, limit * (1 - 1e-6), betas)
    above = spectral_radius("ravine_quadratic", method, limit * (1 + 1e-6), betas)
    assert np.all(below < 1) and np.all(above > 1)


def test_limits_of_the_source_examples():
    # Dive into Deep Learning: on 0.1 w1^2 + 2 w2^2 (largest eigenvalue 4)
    # gradient descent with eta 0.6 diverges, 0.4 converges; heavy ball
    # eta 0.6 with beta 0.5 converges
    assert stability_limit("ravine_quadratic", "gradient_descent") == pytest.approx(0.5)
    assert spectral_radius("ravine_quadratic", "heavy_ball", 0.6, 0.5) < 1
    assert stability_limit("skewed_quadratic", "momentum", 0.0) == pytest.approx(
        2 / 19.5
    )
    assert stability_limit("skewed_quadratic", "momentum", 1.0) == 0.0


@pytest.mark.parametrize("method", ["gradient_descent", "momentum", "heavy_ball"])
def test_optimal_parameters_minimize_the_rate(method):
    best = optimal_parameters("skewed_quadratic", method)
    rate = spectral_radius(
        "skewed_quadratic", method, best["alpha"], best.get("beta", 0)
    )
    for da in (0.97, 1.03):
        for db in (-0.03, 0.0, 0.03):
            beta = best.get("beta", 0) + (db if "beta" in best else 0)
            other = spectral_radius(
                "skewed_quadratic", method, best["alpha"] * da, beta
            )
            assert rate <= other + 1e-12


def test_map_axes_follow_the_method():
    assert map_axes("momentum") == ("alpha", "beta")
    assert map_axes("adam") == ("alpha", "beta1")
    assert map_axes("rmsprop") == ("alpha", "gamma")
    assert map_axes("adadelta") == ("eps", "gamma")
    assert map_axes("sign_gd") == ("alpha",)
    assert map_axes("newton") == ("alpha",)
    assert default_values("beta", 5).tolist() == [0, 0.25, 0.5, 0.75, 1]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="method must be one of"):
        hyperparameter_grid("skewed_quadratic", "sgd")
    with pytest.raises(ValueError, match="names must be hyperparameters of momentum"):
        hyperparameter_grid("skewed_quadratic", "momentum", names=("gamma",))
    with pytest.raises(ValueError, match="function must be a quadratic"):
        spectral_radius("rosenbrock", "momentum", 0.1, 0.5)
    with pytest.raises(ValueError, match="for a predicted rate"):
        stability_limit("skewed_quadratic", "adam")


# --------------------------------------------------------------------------
# One eigen direction of momentum: regimes, boundaries, damping, speed-up
# --------------------------------------------------------------------------

from optlab.landscape import (  # noqa: E402
    REGIMES,
    critical_beta,
    momentum_matrix,
    regime,
    regime_boundaries,
    rotation_study,
    steps_to_reduce,
)


def one_direction_runs(lam, alphas, betas, max_its=200):
    """Batched momentum on lam/2 w1^2 + lam/2 w2^2 from (1, 0): one direction."""
    f = optlab.rotated_quadratic(1.0, 0.0, smallest_eigenvalue=lam / 2)
    a, b = np.meshgrid(alphas, betas, indexing="ij")
    run = optlab.momentum(f, [1.0, 0.0], alpha=a, beta=b, max_its=max_its)
    return a, b, run.w[:, 0], run


def test_momentum_matrix_advances_a_run():
    lam, alpha, beta = 3.0, 0.2, 0.6
    _, _, x, _ = one_direction_runs(lam, [alpha], [beta], max_its=30)
    matrix = momentum_matrix(alpha, beta, lam)
    for k in range(2, 30):  # from the second step on, the recursion holds
        predicted = matrix @ np.array([x[k - 1, 0, 0], x[k - 2, 0, 0]])
        assert x[k, 0, 0] == pytest.approx(predicted[0], rel=1e-10, abs=1e-300)


def test_regimes_match_the_sign_pattern_of_batched_runs():
    lam = 2.0
    alphas = np.geomspace(1e-2, 20, 50)
    betas = np.linspace(0.0, 0.95, 40)
    a, b, x, run = one_direction_runs(lam, alphas, betas)
    kind = regime(a, b, lam)
    bounds = regime_boundaries(lam, b)
    edges = np.stack(
        [bounds[k] for k in ("ripples_from", "ripples_to", "diverges_from")]
    )
    clear = np.all(np.abs(np.log(a / edges)) > 0.05, axis=0)  # away from every edge
    signs = np.sign(x[1:])
    flips = (signs[1:] * signs[:-1] < 0) & (np.abs(x[2:]) > 1e-280)
    checked = 0
    for i, j in zip(*np.nonzero(clear), strict=True):
        name = REGIMES[kind[i, j]]
        if name == "diverges":
            assert run.diverged[i, j] or abs(x[-1, i, j]) >= 1
        elif name == "monotone":
            assert flips[:, i, j].sum() <= 1
        elif name == "oscillating":
            assert flips[-20:, i, j].all()
        else:  # ripples: the error turns by theta per step, so its sign
            # changes about k theta / pi times in k steps, not at every step
            trace = momentum_matrix(a[i, j], b[i, j], lam)[0, 0]
            theta = np.arccos(trace / (2 * np.sqrt(b[i, j])))
            expected = (len(flips) * theta / np.pi).round()
            assert abs(flips[:, i, j].sum() - expected) <= 1
            assert not flips[-20:, i, j].all()
        checked += 1
    assert {REGIMES[k] for k in np.unique(kind[clear])} == set(REGIMES)
    assert checked > 1000


def test_predicted_rates_match_batched_runs():
    lam = 2.0
    alphas = np.geomspace(1e-2, 5, 30)
    betas = np.linspace(0.0, 0.9, 25)
    a, b, x, run = one_direction_runs(lam, alphas, betas, max_its=240)
    f = optlab.rotated_quadratic(1.0, 0.0, smallest_eigenvalue=lam / 2)
    rate = spectral_radius(f, "momentum", a, b)
    bounds = regime_boundaries(lam, b)
    edges = np.stack([bounds[k] for k in ("ripples_from", "ripples_to")])
    usable = (
        (rate > 0.3)
        & (rate < 0.98)
        & np.all(np.abs(np.log(a / edges)) > 0.1, axis=0)
        & ~run.diverged
    )
    late = np.abs(x[220:241]).max(axis=0)
    early = np.abs(x[100:121]).max(axis=0)
    measured = (late / early) ** (1 / 120)
    np.testing.assert_allclose(measured[usable], rate[usable], rtol=0.02)
    assert usable.sum() > 200


def test_optimal_pair_sits_on_the_ripple_band_edges():
    f = optlab.get_function("skewed_quadratic")
    low, high = np.linalg.eigvalsh(f.hessian_matrix)
    best = optimal_parameters(f, "momentum")
    kappa = high / low
    assert best["beta"] == pytest.approx(
        ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
    )
    heavy = optimal_parameters(f, "heavy_ball")
    assert heavy["alpha"] == pytest.approx((2 / (np.sqrt(high) + np.sqrt(low))) ** 2)
    assert best["alpha"] == pytest.approx(heavy["alpha"] / (1 - best["beta"]))
    flat = regime_boundaries(low, best["beta"])
    steep = regime_boundaries(high, best["beta"])
    assert flat["ripples_from"] == pytest.approx(best["alpha"])
    assert steep["ripples_to"] == pytest.approx(best["alpha"])
    assert best["alpha"] < steep["diverges_from"]


def test_speed_up_on_the_skewed_quadratic_predicted_and_measured():
    f = optlab.get_function("skewed_quadratic")
    w0 = np.array([10.0, 1.0])
    gd = optimal_parameters(f, "gradient_descent")
    mom = optimal_parameters(f, "momentum")
    predicted = {
        "gradient_descent": steps_to_reduce(
            spectral_radius(f, "gradient_descent", **gd)
        ),
        "momentum": steps_to_reduce(spectral_radius(f, "momentum", **mom)),
    }
    assert predicted == {"gradient_descent": 135, "momentum": 30}
    measured = {}
    for name, params in (("gradient_descent", gd), ("momentum", mom)):
        run = optlab.METHODS[name].run(f, w0, max_its=300, **params)
        error = np.linalg.norm(run.w, axis=1) / np.linalg.norm(w0)
        measured[name] = int(np.argmax(error <= 1e-6))
    # gradient descent's error is a plain power; momentum's double roots at the
    # optimum add a factor k, which costs a few extra steps
    assert abs(measured["gradient_descent"] - predicted["gradient_descent"]) <= 1
    assert predicted["momentum"] <= measured["momentum"] <= 1.5 * predicted["momentum"]
    assert measured["gradient_descent"] > 3 * measured["momentum"]


@pytest.mark.parametrize("method", ["momentum", "heavy_ball"])
def test_critical_beta_separates_monotone_from_ripples(method):
    lam, alpha = 2.0, 0.2
    beta_c = critical_beta(alpha, lam, method)
    assert regime(alpha, beta_c * 0.95, lam, method) == 0
    assert regime(alpha, beta_c * 1.05, lam, method) == 1
    matrix = momentum_matrix(alpha, beta_c, lam, method)
    eigenvalues = np.linalg.eigvals(matrix)
    assert eigenvalues[0] == pytest.approx(eigenvalues[1], abs=1e-6)
    assert np.isnan(critical_beta(1.0, lam, method))


def test_beta_one_never_converges():
    assert regime(0.1, 1.0, 2.0) == REGIMES.index("diverges")
    assert regime_boundaries(2.0, 1.0)["diverges_from"] == np.inf


def test_rotation_study_gradient_descent_and_newton_ignore_the_angle():
    study = rotation_study(50, angles=[0, 20, 45, 90], max_its=40)
    gd = study.best_cost["gradient_descent"]
    np.testing.assert_allclose(gd, gd[0], rtol=1e-9)
    assert np.all(study.best_cost["newton"] < 1e-20)
    rms = study.best_cost["rmsprop"]
    assert rms[0] < 1e-6 * gd[0]  # the valley along the axes: RMSprop wins big
    assert rms[2] > 1e3 * rms[0]  # turned 45 degrees: most of that is gone
    assert rms[3] == pytest.approx(rms[0], rel=1e-6)  # 90 degrees: axes swapped
    run = study.run("rmsprop", 45)
    assert run.final_cost == pytest.approx(rms[2])


def test_rotation_explorer_slider_moves_the_paths():
    from optlab import widgets

    ex = widgets.rotation_explorer(50, angle=0, angles=[0, 45, 90], max_its=20)
    before = ex.paths[1].line.get_xydata().copy()
    ex.controls["angle"].value = 45
    after = ex.paths[1].line.get_xydata()
    assert not np.allclose(before, after)
    assert "45" in ex.ax_paths.get_title()
    assert "RMSprop" in ex.readout.value


def test_eigen_explorer_follows_a_linked_explorer_and_redraws():
    from optlab import widgets

    f = optlab.rotated_quadratic(19.5, np.radians(30))
    linked = widgets.explore(f, "momentum", alpha=0.1, beta=0.7, max_its=40)
    ex = widgets.eigen_explorer(f, alpha=0.1, beta=0.7, max_its=40, explorer=linked)
    before = ex.artists.lines[1][2].get_ydata().copy()
    linked.controls["beta"].value = 0.3
    assert ex.controls["beta"].value == pytest.approx(0.3)
    after = ex.artists.lines[1][2].get_ydata()
    assert not np.allclose(before, after)
    # the eigen coordinates of momentum's error follow the predicted rate
    rate = spectral_radius(f, "momentum", 0.1, 0.3)
    measured = (after[40] / after[30]) ** (1 / 10)
    assert measured == pytest.approx(rate, rel=0.05)
    # gradient descent's eigen coordinates shrink by exactly |1 - alpha lambda|
    gd = ex.artists.lines[0][2].get_ydata()
    assert gd[10] / gd[9] == pytest.approx(abs(1 - 0.1 * 1.0))


def test_damping_explorer_names_the_regime():
    from optlab import widgets

    ex = widgets.damping_explorer(0.1, beta=0.3)
    assert "over-damped" in ex.readout.value
    assert ex.beta_c == pytest.approx((0.9 / 1.1) ** 2)
    ex.controls["beta"].value = 0.9
    assert "under-damped" in ex.readout.value
    assert (np.diff(np.sign(ex.history[1:])) != 0).any()  # it crosses zero
    with pytest.raises(ValueError, match="alpha_lambda"):
        widgets.damping_explorer(1.5)


def test_regime_map_draws_boundaries_and_the_star():
    import matplotlib.pyplot as plt

    from optlab import plot

    fig, ax = plt.subplots()
    artists = plot.regime_map("skewed_quadratic", ax)
    best = optimal_parameters(optlab.get_function("skewed_quadratic"), "momentum")
    assert artists.star.get_xdata()[0] == pytest.approx(best["alpha"])
    assert len(artists.curves) == 5
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("stability limit" in t for t in labels)
    assert any("starts to ripple" in t for t in labels)
    plt.close(fig)
    with pytest.raises(ValueError, match="quadratic"):
        plot.regime_map("rosenbrock")


def test_rotation_explorer_key_covers_no_path_at_any_angle():
    from optlab import widgets
    from optlab.plot._style import _data_points

    ex = widgets.rotation_explorer(50, angle=0)
    key = ex.ax_paths.get_legend()
    assert [t.get_text() for t in key.get_texts()] == [
        "gradient descent",
        "RMSprop",
        "Newton's method",
    ]
    renderer = ex.figure.canvas.get_renderer()
    for angle in ex.study.angles:
        ex.controls["angle"].value = float(angle)
        ex.figure.canvas.draw()
        box = key.get_window_extent(renderer).transformed(
            ex.ax_paths.transAxes.inverted()
        )
        xy = _data_points(ex.ax_paths)
        under = (
            (xy[:, 0] >= box.x0 - 0.01)
            & (xy[:, 0] <= box.x1 + 0.01)
            & (xy[:, 1] >= box.y0 - 0.01)
            & (xy[:, 1] <= box.y1 + 0.01)
        )
        assert len(xy) > 50 and not under.any(), angle
    assert "α = " in ex.readout.value
