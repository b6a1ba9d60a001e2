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
    # 002: on 0.1 w1^2 + 2 w2^2 (largest eigenvalue 4) gradient descent with
    # eta 0.6 diverges, 0.4 converges; heavy ball eta 0.6 with beta 0.5 converges
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
