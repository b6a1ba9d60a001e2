"""Runs: closed forms, invariants, batches, divergence, bad input, sources' results."""

import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import optlab
from optlab import get_function

SKEWED = "skewed_quadratic"
C = np.diag([0.5, 9.75])

coordinates = st.floats(-10, 10, allow_nan=False)
points = st.tuples(coordinates, coordinates).map(np.array)
unit = st.floats(0, 1)
step = st.floats(1e-3, 1.0)


# -- closed form and invariants -------------------------------------------------


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.102])
def test_gradient_descent_on_a_quadratic_matches_the_closed_form(alpha):
    w0 = np.array([10.0, 1.0])
    run = optlab.gradient_descent(SKEWED, w0, alpha=alpha, max_its=30)
    factor = np.eye(2) - 2 * alpha * C
    expected = np.stack([np.linalg.matrix_power(factor, k) @ w0 for k in range(31)])
    np.testing.assert_allclose(run.w, expected, rtol=1e-10, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(w0=points, alpha=step)
# a subnormal gradient next to the minimizer: alpha / ||grad|| overflows
@example(w0=np.array([0.0, 2.2250738585e-313]), alpha=1.0)
def test_fully_normalized_steps_have_length_alpha(w0, alpha):
    # the minimizer (or a point so close that the gradient underflows to 0):
    # zero gradient, zero step
    assume(np.any(get_function("rotated_quadratic").grad(w0) != 0))
    run = optlab.normalized_gd("rotated_quadratic", w0, alpha=alpha, max_its=5, eps=0.0)
    lengths = np.linalg.norm(np.diff(run.w, axis=0), axis=1)
    np.testing.assert_allclose(lengths, alpha, rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(w0=points, alpha=step)
def test_component_normalized_steps_have_length_sqrt_n_alpha(w0, alpha):
    run = optlab.normalized_gd(
        "beale", w0, alpha=alpha, max_its=5, norm="component", record_state=True
    )
    lengths = np.linalg.norm(np.diff(run.w, axis=0), axis=1)
    # steps where both partial derivatives are non-zero have length sqrt(2) alpha;
    # a zero partial derivative (e.g. at w = 0) contributes no movement
    nonzero = np.count_nonzero(run.state["grad"], axis=1)
    steps = run.diverged_at - 1 if run.diverged else run.max_its  # Beale can blow up
    np.testing.assert_allclose(
        lengths[:steps], np.sqrt(nonzero[:steps]) * alpha, rtol=1e-9
    )


@settings(max_examples=40, deadline=None)
@given(w0=points, alpha=st.floats(1e-3, 0.1))
@pytest.mark.parametrize("method", [optlab.momentum, optlab.heavy_ball])
def test_beta_zero_is_gradient_descent(method, w0, alpha):
    plain = optlab.gradient_descent(SKEWED, w0, alpha=alpha, max_its=15)
    averaged = method(SKEWED, w0, alpha=alpha, beta=0.0, max_its=15)
    np.testing.assert_allclose(averaged.w, plain.w, rtol=1e-12, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    w0=st.lists(points, min_size=1, max_size=4),
    alpha=st.lists(st.floats(1e-3, 0.2), min_size=4, max_size=4),
    beta=st.lists(unit, min_size=4, max_size=4),
)
def test_batched_momentum_equals_separate_runs(w0, alpha, beta):
    count = len(w0)
    starts = np.stack(w0, axis=1)
    alpha, beta = np.array(alpha[:count]), np.array(beta[:count])
    batch = optlab.momentum("rosenbrock", starts, alpha=alpha, beta=beta, max_its=20)
    for j in range(count):
        alone = optlab.momentum(
            "rosenbrock", starts[:, j], alpha=alpha[j], beta=beta[j], max_its=20
        )
        np.testing.assert_allclose(batch.w[..., j], alone.w, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(batch.cost[:, j], alone.cost, rtol=1e-9, atol=1e-12)
        assert (batch.diverged_at[j] >= 0) == alone.diverged


RUNNERS = {
    "gradient_descent": lambda w0, **kw: optlab.gradient_descent(SKEWED, w0, **kw),
    "heavy_ball": lambda w0, **kw: optlab.heavy_ball(SKEWED, w0, beta=0.5, **kw),
    "nesterov": lambda w0, **kw: optlab.nesterov(SKEWED, w0, beta=0.5, **kw),
    "normalized_gd": lambda w0, **kw: optlab.normalized_gd(SKEWED, w0, **kw),
    "adagrad": lambda w0, **kw: optlab.adagrad(SKEWED, w0, **kw),
    "rmsprop": lambda w0, **kw: optlab.rmsprop(SKEWED, w0, init="first", **kw),
    "adadelta": lambda w0, **kw: optlab.adadelta(SKEWED, w0, **kw),
    "adam": lambda w0, **kw: optlab.adam(SKEWED, w0, **kw),
    "newton": lambda w0, **kw: optlab.newton(SKEWED, w0, **kw),
}


@pytest.mark.parametrize("name", RUNNERS)
def test_every_method_runs_a_batch_of_start_points_like_separate_runs(name):
    starts = np.array([[10.0, -3.0, 0.5], [1.0, 2.0, -1.0]])
    alphas = np.array([0.01, 0.05, 0.09])
    batch = RUNNERS[name](starts, alpha=alphas, max_its=12)
    assert batch.w.shape == (13, 2, 3) and batch.cost.shape == (13, 3)
    for j in range(3):
        alone = RUNNERS[name](starts[:, j], alpha=alphas[j], max_its=12)
        np.testing.assert_allclose(batch.w[..., j], alone.w, rtol=1e-9, atol=1e-12)


def test_a_grid_of_hyperparameters_broadcasts():
    alphas = np.linspace(0.01, 0.2, 5)
    betas = np.linspace(0.0, 0.9, 4)
    grid = optlab.momentum(
        SKEWED, [10.0, 1.0], alpha=alphas[:, None], beta=betas[None, :], max_its=10
    )
    assert grid.w.shape == (11, 2, 5, 4) and grid.cost.shape == (11, 5, 4)
    alone = optlab.momentum(
        SKEWED, [10.0, 1.0], alpha=alphas[3], beta=betas[2], max_its=10
    )
    np.testing.assert_allclose(grid.cost[:, 3, 2], alone.cost)


# -- history shapes and records -------------------------------------------------


def test_history_shapes_and_unpacking():
    run = optlab.adam(SKEWED, [10.0, 1.0], alpha=0.1, max_its=7)
    w_hist, cost_hist = run
    assert w_hist.shape == (8, 2) and cost_hist.shape == (8,)
    assert run.params["alpha"] == 0.1 and run.params["beta2"] == 0.999
    assert run.method == "adam" and run.function == "skewed quadratic"
    np.testing.assert_allclose(cost_hist, get_function(SKEWED).value(w_hist.T))


def test_one_input_function_with_a_number_as_start():
    run = optlab.gradient_descent("quartic", -1.0, alpha=0.1, max_its=4)
    assert run.w.shape == (5,) and run.cost.shape == (5,)
    assert run.w[1] == pytest.approx(-1.0 + 0.1 * 4)


def test_recorded_state_holds_the_gradients_and_averages():
    run = optlab.momentum(
        SKEWED, [10.0, 1.0], alpha=0.1, beta=0.7, max_its=5, record_state=True
    )
    assert run.state["grad"].shape == (5, 2) and run.state["d"].shape == (5, 2)
    f = get_function(SKEWED)
    np.testing.assert_allclose(run.state["grad"], f.gradient(run.w[:-1].T).T)
    rms = optlab.rmsprop(SKEWED, [10.0, 1.0], alpha=0.1, max_its=5, record_state=True)
    np.testing.assert_allclose(
        rms.state["effective_lr"], 0.1 / np.sqrt(rms.state["h"] + 1e-8), rtol=1e-12
    )


def test_plain_callables_get_gradients_from_autograd():
    def bowl(w):
        return anp.sum((w - 1.0) ** 2, axis=0)

    run = optlab.gradient_descent(bowl, [3.0, -1.0, 0.0], alpha=0.25, max_its=3)
    np.testing.assert_allclose(run.w[1], [2.0, 0.0, 0.5])
    one = optlab.gradient_descent(lambda w: w**4 + 0.1, -1.0, alpha=0.1, max_its=10)
    ref = optlab.gradient_descent("quartic", -1.0, alpha=0.1, max_its=10)
    np.testing.assert_allclose(one.w, ref.w)


def test_a_function_written_for_one_point_gets_the_right_costs():
    def one_point(w):
        return anp.sum(w**2)  # sums over everything it is given

    run = optlab.gradient_descent(one_point, [1.0, 2.0], alpha=0.1, max_its=3)
    np.testing.assert_allclose(run.cost, 5.0 * 0.8 ** (2 * np.arange(4)))


def test_a_given_gradient_is_used():
    run = optlab.gradient_descent(
        "quartic", 1.0, alpha=0.1, max_its=1, grad=lambda w: 1.0
    )
    assert run.w[1] == pytest.approx(0.9)


# -- divergence -------------------------------------------------------------------


def test_gradient_descent_with_alpha_06_diverges_on_the_ravine_without_nan():
    run = optlab.gradient_descent(
        "ravine_quadratic", [-5.0, -2.0], alpha=0.6, max_its=20
    )
    assert run.diverged and isinstance(run.diverged_at, int)
    assert np.all(np.isfinite(run.w)) and np.all(np.isfinite(run.cost))
    k = run.diverged_at
    # the w2 component grew by |1 - 0.6 * 4| = 1.4 each step up to the divergence
    np.testing.assert_allclose(np.abs(run.w[1:k, 1] / run.w[: k - 1, 1]), 1.4)
    # from the divergence on the run stays at its last point inside the bound
    assert np.all(run.w[k:] == run.w[k - 1])
    assert np.all(run.cost[k:] == run.cost[k - 1])


def test_overflowing_runs_stop_before_the_overflow():
    run = optlab.gradient_descent("rosenbrock", [-1.5, 2.0], alpha=0.5, max_its=200)
    assert run.diverged and np.all(np.isfinite(run.w))
    assert run.steps_to(1e-3) == -1


def test_a_batch_flags_only_the_diverging_runs():
    run = optlab.momentum(
        SKEWED, [10.0, 1.0], alpha=np.array([0.05, 0.5]), beta=0.5, max_its=50
    )
    assert run.diverged.tolist() == [False, True]
    assert run.diverged_at[0] == -1 and run.diverged_at[1] > 0
    assert np.all(np.isfinite(run.w))


def test_zero_gradient_with_eps_zero_gives_no_nan():
    for norm in ("full", "component"):
        run = optlab.normalized_gd(SKEWED, [0.0, 0.0], alpha=0.1, max_its=3, norm=norm)
        assert np.all(run.w == 0) and not run.diverged
    for method in (optlab.rmsprop, optlab.adagrad, optlab.adam, optlab.adadelta):
        run = method(SKEWED, [0.0, 0.0], eps=0.0, max_its=3)
        assert np.all(run.w == 0) and not run.diverged


def test_extreme_averaging_parameters_never_raise():
    assert optlab.momentum(SKEWED, [10.0, 1.0], beta=1.0, max_its=300).diverged
    still = optlab.adam(SKEWED, [10.0, 1.0], alpha=0.1, beta1=1.0, beta2=1.0, max_its=5)
    assert np.all(still.w == [10.0, 1.0])  # both averages stay at zero
    # gamma = 1 from zero: h stays 0, so the step is alpha / sqrt(eps) times the
    # gradient; that run is reported as diverged, with finite values only
    frozen = optlab.rmsprop(SKEWED, [10.0, 1.0], gamma=1.0, max_its=5)
    assert frozen.diverged and np.all(np.isfinite(frozen.w))


# -- bad input ----------------------------------------------------------------------

BAD = [
    (
        lambda: optlab.gradient_descent(SKEWED, [1, 1], alpha=0),
        ValueError,
        "alpha must be",
    ),
    (
        lambda: optlab.gradient_descent(SKEWED, [1, 1], alpha=-0.1),
        ValueError,
        r"> 0.*-0.1",
    ),
    (lambda: optlab.gradient_descent(SKEWED, [1, 1], alpha="big"), TypeError, "alpha"),
    (
        lambda: optlab.gradient_descent(SKEWED, [1, 1], alpha=lambda k: -1),
        ValueError,
        r"alpha\(1\)",
    ),
    (
        lambda: optlab.momentum(SKEWED, [1, 1], beta=1.5),
        ValueError,
        r"beta must be .*\[0, 1\].*1.5",
    ),
    (
        lambda: optlab.momentum(SKEWED, [1, 1], beta=np.array([0.5, -0.1])),
        ValueError,
        "beta",
    ),
    (lambda: optlab.rmsprop(SKEWED, [1, 1], gamma=-0.2), ValueError, "gamma must be"),
    (lambda: optlab.adam(SKEWED, [1, 1], beta1=2), ValueError, "beta1 must be"),
    (lambda: optlab.adam(SKEWED, [1, 1], beta2=1.01), ValueError, "beta2 must be"),
    (lambda: optlab.adam(SKEWED, [1, 1], eps=-1e-8), ValueError, r"eps must be .*>= 0"),
    (
        lambda: optlab.adam(SKEWED, [1, 1], init="ones"),
        ValueError,
        r"init must be one of 'zero', 'first'; got 'ones'",
    ),
    (
        lambda: optlab.adam(SKEWED, [1, 1], init="first", bias_correction=True),
        ValueError,
        "bias_correction",
    ),
    (
        lambda: optlab.normalized_gd(SKEWED, [1, 1], norm="l1"),
        ValueError,
        "norm must be",
    ),
    (lambda: optlab.gradient_descent(SKEWED, [1, 1], max_its=0), ValueError, "max_its"),
    (
        lambda: optlab.gradient_descent(SKEWED, [1, 1], max_its=2.5),
        TypeError,
        "max_its",
    ),
    (
        lambda: optlab.gradient_descent(SKEWED, [1, 1], max_its=True),
        TypeError,
        "max_its",
    ),
    (
        lambda: optlab.gradient_descent(SKEWED, [1, np.nan]),
        ValueError,
        "w0 must contain finite",
    ),
    (lambda: optlab.gradient_descent(SKEWED, ["a", 1]), TypeError, "w0 must be"),
    (
        lambda: optlab.gradient_descent(SKEWED, [1, 2, 3]),
        ValueError,
        r"w0 must have 2 component\(s\).*got shape \(3,\)",
    ),
    (
        lambda: optlab.gradient_descent("quartic", [1.0, 2.0]),
        ValueError,
        "w0 must have 1",
    ),
    (
        lambda: optlab.gradient_descent(lambda w: w, [1.0, 2.0]),
        ValueError,
        "g must return one number per point",
    ),
    (
        lambda: optlab.gradient_descent("no_such_function", [1.0, 2.0]),
        ValueError,
        "function must be one of",
    ),
    (lambda: optlab.gradient_descent(42, [1.0, 2.0]), TypeError, "g must be callable"),
    (
        lambda: optlab.momentum(SKEWED, np.ones((2, 3)), beta=np.array([0.1, 0.2])),
        ValueError,
        "must broadcast",
    ),
]


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_names_the_argument_and_what_is_allowed(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -- the results the sources describe --------------------------------------------------


def test_skewed_quadratic_zig_zag_and_momentum():
    kw = {"alpha": 0.1, "max_its": 25}
    w0 = [10.0, 1.0]
    assert optlab.gradient_descent(SKEWED, w0, **kw).final_cost == pytest.approx(
        1.008, abs=5e-4
    )
    assert optlab.momentum(SKEWED, w0, beta=0.2, **kw).final_cost == pytest.approx(
        0.221, abs=5e-4
    )
    assert optlab.momentum(SKEWED, w0, beta=0.7, **kw).final_cost == pytest.approx(
        0.0186, abs=5e-5
    )


def test_ravine_quadratic_momentum_rescues_a_diverging_step():
    w0 = [-5.0, -2.0]
    kw = {"alpha": 0.6, "max_its": 20}
    diverging = optlab.gradient_descent("ravine_quadratic", w0, **kw)
    assert diverging.diverged
    assert abs(diverging.w[-1, 1]) > 100 * abs(diverging.w[-1, 0])  # along w2
    assert optlab.heavy_ball("ravine_quadratic", w0, beta=0.5, **kw).final_cost < 1e-4
    barely = optlab.heavy_ball("ravine_quadratic", w0, beta=0.25, **kw).final_cost
    assert barely == pytest.approx(0.07, abs=0.005)
    slow = optlab.gradient_descent("ravine_quadratic", w0, alpha=0.4, max_its=20)
    assert not slow.diverged and abs(slow.w[-1, 0]) > 0.9  # w1 crawls


def test_quartic_crawls_and_normalization_reaches_the_minimum():
    kw = {"alpha": 0.1, "max_its": 10}
    assert optlab.gradient_descent("quartic", -1.0, **kw).w[-1] == pytest.approx(
        -0.30, abs=0.01
    )
    assert abs(optlab.normalized_gd("quartic", -1.0, **kw).w[-1]) < 1e-4


def test_saddle_halts_gradient_descent_but_not_normalized_descent():
    kw = {"alpha": 0.01, "max_its": 50}
    plain = optlab.gradient_descent("saddle", 0.0, **kw)
    assert plain.w[-1] == pytest.approx(0.22, abs=0.01)
    assert plain.final_cost == pytest.approx(1.0, abs=1e-3)
    assert optlab.normalized_gd("saddle", 0.0, **kw).w[-1] == pytest.approx(
        0.5, abs=0.01
    )


def test_tanh_valley_full_versus_component_normalization():
    full = optlab.normalized_gd("tanh_valley", [2.0, 2.0], alpha=0.1, max_its=1000)
    assert full.final_cost == pytest.approx(2.0, abs=0.01)
    sign = optlab.normalized_gd(
        "tanh_valley", [2.0, 2.0], alpha=0.1, max_its=50, norm="component"
    )
    assert sign.cost[-10:].max() < 1.05 and sign.cost[-10:].min() == pytest.approx(1.0)


def test_plateau_subtlety_eps_1e7_defeats_full_normalization():
    kw = {"alpha": 0.1, "max_its": 100}
    default = optlab.normalized_gd("tanh_plateau", [1.0, 2.0], **kw)
    source_eps = optlab.normalized_gd("tanh_plateau", [1.0, 2.0], eps=1e-7, **kw)
    assert default.final_cost < 1.1  # walked off the plateau
    assert source_eps.final_cost > 2.99  # barely moved
    moved = np.linalg.norm(source_eps.w[-1] - source_eps.w[0])
    assert moved < 0.05 * 100 * 0.1
