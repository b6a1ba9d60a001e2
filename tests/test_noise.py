"""Noisy gradients and minibatches: closed forms, first steps by hand, seeds.

The noise draws are reproduced here from the same generator: a single run
draws ``rng.standard_normal(N)`` once per gradient evaluation, a batch of B
runs ``rng.standard_normal((N, B))``.
"""

import numpy as np
import pytest

import optlab
from optlab.functions import TestFunction

SKEWED = "skewed_quadratic"
C = np.array([0.5, 9.75])  # diagonal of the skewed quadratic g(w) = w^T C w
W0 = np.array([10.0, 1.0])

ALL_METHODS = [
    (name, info.run)
    for name, info in optlab.METHODS.items()
    if name != "newton"  # its own test below (the Hessian stays exact)
]


def grad(w):
    return 2 * C * w


# -- noise = 0 is the deterministic run -----------------------------------------


@pytest.mark.parametrize(("name", "method"), ALL_METHODS + [("newton", optlab.newton)])
def test_zero_noise_is_the_deterministic_run_bit_for_bit(name, method):
    plain = method("rosenbrock", [-1.0, 1.5], max_its=30, record_state=True)
    zero = method(
        "rosenbrock", [-1.0, 1.5], max_its=30, record_state=True, noise=0, seed=3
    )
    assert np.array_equal(zero.w, plain.w)
    assert np.array_equal(zero.cost, plain.cost, equal_nan=True)
    assert zero.state.keys() == plain.state.keys()
    for key in plain.state:
        assert np.array_equal(zero.state[key], plain.state[key], equal_nan=True)
    assert zero.params == plain.params  # no noise settings recorded: no noise


def test_an_array_of_noise_with_a_zero_entry_leaves_that_run_exact():
    plain = optlab.momentum(SKEWED, W0, alpha=0.05, beta=0.8, max_its=20)
    batch = optlab.momentum(
        SKEWED, W0, alpha=0.05, beta=0.8, max_its=20, noise=np.array([0.0, 2.0]), seed=1
    )
    assert batch.w.shape == (21, 2, 2)
    assert np.array_equal(batch.w[:, :, 0], plain.w)
    assert not np.allclose(batch.w[:, :, 1], plain.w)


# -- bad input -------------------------------------------------------------------


@pytest.mark.parametrize("noise", [-0.1, np.array([0.5, -1.0])])
def test_negative_noise_is_refused_by_name(noise):
    with pytest.raises(ValueError, match="noise"):
        optlab.adam(SKEWED, W0, noise=noise)


@pytest.mark.parametrize(
    ("seed", "error"), [(-1, ValueError), (1.5, TypeError), ("a", TypeError)]
)
def test_a_bad_seed_is_refused_by_name(seed, error):
    with pytest.raises(error, match="seed"):
        optlab.gradient_descent(SKEWED, W0, noise=1.0, seed=seed)


# -- seeds -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "method"), ALL_METHODS)
def test_the_same_seed_gives_the_same_run(name, method):
    first = method(SKEWED, W0, max_its=15, noise=0.5, seed=11, record_state=True)
    again = method(SKEWED, W0, max_its=15, noise=0.5, seed=11, record_state=True)
    other = method(SKEWED, W0, max_its=15, noise=0.5, seed=12, record_state=True)
    assert np.array_equal(first.w, again.w)
    for key in first.state:
        assert np.array_equal(first.state[key], again.state[key], equal_nan=True)
    # another seed, other gradients (sign methods may still take the same steps)
    assert not np.array_equal(first.state["grad"], other.state["grad"])
    assert first.params["noise"] == 0.5 and first.params["seed"] == 11


def test_a_generator_is_used_as_given():
    run = optlab.gradient_descent(
        SKEWED, W0, alpha=0.1, max_its=2, noise=1.0, seed=np.random.default_rng(5)
    )
    rng = np.random.default_rng(5)
    w1 = W0 - 0.1 * (grad(W0) + rng.standard_normal(2))
    w2 = w1 - 0.1 * (grad(w1) + rng.standard_normal(2))
    np.testing.assert_allclose(run.w[1:], [w1, w2], rtol=1e-14)


def test_batched_runs_draw_independent_noise():
    runs = 2000
    batch = optlab.gradient_descent(
        SKEWED,
        np.zeros((2, runs)),
        alpha=0.01,
        max_its=3,
        noise=1.0,
        seed=0,
        record_state=True,
    )
    noise = batch.state["grad"] - 2 * C[:, None] * batch.w[:-1]  # (K, N, B)
    assert not np.allclose(noise[:, :, 0], noise[:, :, 1])
    # between runs (and components and steps) the draws are uncorrelated:
    # a sample correlation of 2000 independent pairs is within 4 / sqrt(2000)
    bound = 4 / np.sqrt(runs)
    pairs = [
        (noise[0, 0, :-1], noise[0, 0, 1:]),  # neighbouring runs
        (noise[0, 0], noise[0, 1]),  # two components of one run
        (noise[0, 0], noise[1, 0]),  # two steps of one run
    ]
    for a, b in pairs:
        assert abs(np.corrcoef(a, b)[0, 1]) < bound
    np.testing.assert_allclose(noise.std(axis=2), 1.0, atol=4 / np.sqrt(2 * runs))


# -- the noise floor: stationary variance of noisy gradient descent -----------------


@pytest.mark.parametrize(("alpha", "sigma"), [(0.05, 1.0), (0.02, 3.0), (0.1, 0.5)])
def test_noisy_gradient_descent_spreads_as_the_closed_form_says(alpha, sigma):
    # On g(w) = w^T C w with C diagonal, each component follows
    #     w_j <- (1 - 2 alpha c_j) w_j - alpha sigma z_j,   z_j ~ N(0, 1),
    # so with r_j = 1 - 2 alpha c_j the mean is r_j^k w_j^0 and the variance
    #     v_k = r_j^2 v_{k-1} + alpha^2 sigma^2
    #         = alpha^2 sigma^2 (1 - r_j^(2k)) / (1 - r_j^2),
    # which tends to the stationary alpha^2 sigma^2 / (1 - r_j^2).
    runs, steps = 3000, 1000
    history = optlab.gradient_descent(
        SKEWED,
        np.repeat(W0[:, None], runs, axis=1),
        alpha=alpha,
        max_its=steps,
        noise=sigma,
        seed=2024,
    )
    r = 1 - 2 * alpha * C
    for k in (5, steps):
        variance = alpha**2 * sigma**2 * (1 - r ** (2 * k)) / (1 - r**2)
        sample = history.w[k].var(axis=1, ddof=1)
        # a Gaussian sample variance has standard error v sqrt(2 / (B - 1))
        np.testing.assert_array_less(
            np.abs(sample - variance), 4 * variance * np.sqrt(2 / (runs - 1))
        )
        mean = r**k * W0
        np.testing.assert_array_less(
            np.abs(history.w[k].mean(axis=1) - mean), 4 * np.sqrt(variance / runs)
        )
    stationary = alpha**2 * sigma**2 / (1 - r**2)
    np.testing.assert_allclose(variance, stationary, rtol=1e-9)


# -- first noisy steps by hand -------------------------------------------------------


def test_momentum_first_noisy_steps_by_hand():
    alpha, beta, sigma = 0.05, 0.7, 2.0
    run = optlab.momentum(
        SKEWED,
        W0,
        alpha=alpha,
        beta=beta,
        max_its=3,
        noise=sigma,
        seed=7,
        record_state=True,
    )
    z = np.random.default_rng(7).standard_normal((3, 2))
    g1 = grad(W0) + sigma * z[0]
    d1 = g1  # the average starts at the first gradient
    w1 = W0 - alpha * d1
    g2 = grad(w1) + sigma * z[1]
    d2 = beta * d1 + (1 - beta) * g2
    w2 = w1 - alpha * d2
    g3 = grad(w2) + sigma * z[2]
    d3 = beta * d2 + (1 - beta) * g3
    w3 = w2 - alpha * d3
    np.testing.assert_allclose(run.w, [W0, w1, w2, w3], rtol=1e-13)
    np.testing.assert_allclose(run.state["grad"], [g1, g2, g3], rtol=1e-13)
    np.testing.assert_allclose(run.state["d"], [d1, d2, d3], rtol=1e-13)


def test_adam_first_noisy_steps_by_hand():
    alpha, b1, b2, eps, sigma = 0.1, 0.9, 0.999, 1e-8, 3.0
    run = optlab.adam(
        SKEWED,
        W0,
        alpha=alpha,
        beta1=b1,
        beta2=b2,
        eps=eps,
        max_its=2,
        noise=sigma,
        seed=3,
        record_state=True,
    )
    z = np.random.default_rng(3).standard_normal((2, 2))
    g1 = grad(W0) + sigma * z[0]
    d1, h1 = (1 - b1) * g1, (1 - b2) * g1**2
    w1 = W0 - alpha * (d1 / (1 - b1)) / (np.sqrt(h1 / (1 - b2)) + eps)
    g2 = grad(w1) + sigma * z[1]
    d2, h2 = b1 * d1 + (1 - b1) * g2, b2 * h1 + (1 - b2) * g2**2
    w2 = w1 - alpha * (d2 / (1 - b1**2)) / (np.sqrt(h2 / (1 - b2**2)) + eps)
    np.testing.assert_allclose(run.w, [W0, w1, w2], rtol=1e-12)
    np.testing.assert_allclose(run.state["h"], [h1, h2], rtol=1e-12)


def test_adam_started_at_the_first_gradient_draws_once_at_w0():
    # init="first" sets d^0 and h^0 from the gradient at w^0, and the first step
    # uses the gradient at w^0 again: one point, one noise draw.
    sigma = 3.0
    run = optlab.adam(
        SKEWED,
        W0,
        alpha=0.1,
        eps=0.0,
        init="first",
        max_its=2,
        noise=sigma,
        seed=4,
        record_state=True,
    )
    z = np.random.default_rng(4).standard_normal((2, 2))
    g1 = grad(W0) + sigma * z[0]
    np.testing.assert_allclose(run.w[1], W0 - 0.1 * np.sign(g1), rtol=1e-14)
    g2 = grad(run.w[1]) + sigma * z[1]
    np.testing.assert_allclose(run.state["grad"], [g1, g2], rtol=1e-13)


def test_newton_takes_noise_on_the_gradient_only():
    # On a quadratic the exact Newton step lands on the minimizer 0; the noisy
    # gradient moves it to -H^{-1} sigma z, with H = 2 C the exact Hessian.
    sigma = 0.5
    run = optlab.newton(SKEWED, W0, max_its=1, noise=sigma, seed=9)
    z = np.random.default_rng(9).standard_normal(2)
    np.testing.assert_allclose(run.w[1], -sigma * z / (2 * C), rtol=1e-10, atol=1e-14)


# -- minibatch gradients -----------------------------------------------------------


def least_squares(n=20, seed=0, log=None):
    """g(w) = mean_i (x_i . w - y_i)^2 over n rows of made-up data."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    y = x @ np.array([1.0, -2.0]) + 0.3 * rng.normal(size=n)

    def residual(w, rows=None):
        xs, ys = (x, y) if rows is None else (x[rows], y[rows])  # rows: (b, *batch)
        if rows is None:
            return np.tensordot(xs, w, axes=(1, 0)) - ys.reshape(
                ys.shape + (1,) * (w.ndim - 1)
            )
        return np.einsum("b...n,n...->b...", xs, w) - ys

    def value(w):
        return np.mean(residual(w) ** 2, axis=0)

    def gradient(w):
        return 2 * np.tensordot(x.T, residual(w), axes=(1, 0)) / n

    def minibatch_gradient(w, rows):
        if log is not None:
            log.append(np.array(rows))
        r = residual(w, rows)
        return 2 * np.einsum("b...n,b...->n...", x[rows], r) / rows.shape[0]

    return TestFunction(
        name="least_squares",
        display_name="least squares",
        latex=r"\frac{1}{n}\sum_i (x_i^T w - y_i)^2",
        n_inputs=2,
        value=value,
        gradient=gradient,
        window=((-3.0, 3.0), (-3.0, 3.0)),
        start=np.zeros(2),
        n_samples=n,
        minibatch_gradient=minibatch_gradient,
    )


def test_a_minibatch_of_every_row_is_the_full_gradient():
    f = least_squares()
    full = optlab.momentum(f, [2.0, 2.0], alpha=0.05, max_its=20)
    every = optlab.momentum(
        f, [2.0, 2.0], alpha=0.05, max_its=20, batch_size=20, seed=0
    )
    np.testing.assert_allclose(every.w, full.w, rtol=1e-12, atol=1e-14)
    assert every.params["batch_size"] == 20


def test_minibatches_draw_distinct_rows_per_step_and_per_run():
    log = []
    f = least_squares(log=log)
    runs, size, steps = 3, 5, 400
    history = optlab.gradient_descent(
        f, np.zeros((2, runs)), alpha=0.01, max_its=steps, batch_size=size, seed=1
    )
    assert len(log) == steps
    rows = np.stack(log)  # (steps, size, runs)
    assert rows.shape == (steps, size, runs)
    ordered = np.sort(rows, axis=1)
    assert np.all(np.diff(ordered, axis=1) > 0)  # no row twice within a step
    assert np.all((rows >= 0) & (rows < 20))
    assert not np.array_equal(rows[:, :, 0], rows[:, :, 1])  # each run its own rows
    # every row is drawn with probability size / n at each step
    counts = np.stack(
        [np.bincount(rows[:, :, j].ravel(), minlength=20) for j in range(runs)]
    )
    p = size / 20
    np.testing.assert_array_less(
        np.abs(counts / steps - p), 5 * np.sqrt(p * (1 - p) / steps)
    )
    assert not np.allclose(history.w[:, :, 0], history.w[:, :, 1])


def test_minibatch_runs_are_reproducible():
    f = least_squares()
    first = optlab.adam(f, [2.0, 2.0], alpha=0.1, max_its=30, batch_size=4, seed=5)
    again = optlab.adam(f, [2.0, 2.0], alpha=0.1, max_its=30, batch_size=4, seed=5)
    other = optlab.adam(f, [2.0, 2.0], alpha=0.1, max_its=30, batch_size=4, seed=6)
    assert np.array_equal(first.w, again.w)
    assert not np.array_equal(first.w, other.w)


def test_minibatch_gradient_is_unbiased():
    # the mean of many minibatch gradients at one point is the full gradient
    f = least_squares()
    runs = 20000
    w = np.full((2, runs), 0.5)
    history = optlab.gradient_descent(
        f, w, alpha=1e-9, max_its=1, batch_size=4, seed=2, record_state=True
    )
    sample = history.state["grad"][0]
    full = f.grad(np.array([0.5, 0.5]))
    spread = sample.std(axis=1) / np.sqrt(runs)
    np.testing.assert_array_less(np.abs(sample.mean(axis=1) - full), 5 * spread)


def test_batch_size_needs_data():
    with pytest.raises(ValueError, match="batch_size"):
        optlab.gradient_descent(SKEWED, W0, batch_size=2)


@pytest.mark.parametrize(
    ("size", "error"), [(0, ValueError), (21, ValueError), (2.5, TypeError)]
)
def test_batch_size_out_of_range_is_refused(size, error):
    with pytest.raises(error, match="batch_size"):
        optlab.gradient_descent(least_squares(), [0.0, 0.0], batch_size=size)


def test_batch_size_and_a_custom_gradient_conflict():
    with pytest.raises(ValueError, match="batch_size"):
        optlab.gradient_descent(
            least_squares(), [0.0, 0.0], batch_size=2, grad=lambda w: w
        )


def test_noise_and_minibatches_add_up():
    f = least_squares()
    both = optlab.gradient_descent(
        f, [1.0, 1.0], alpha=0.1, max_its=1, batch_size=20, noise=0.5, seed=8
    )
    z = np.random.default_rng(8).standard_normal(2)
    expected = np.array([1.0, 1.0]) - 0.1 * (f.grad(np.array([1.0, 1.0])) + 0.5 * z)
    np.testing.assert_allclose(both.w[1], expected, rtol=1e-12)


def test_noise_on_a_plain_callable():
    run = optlab.gradient_descent(
        lambda w: np.sum(w**2, axis=0),
        [1.0, 2.0],
        alpha=0.1,
        max_its=1,
        noise=1.0,
        seed=0,
    )
    z = np.random.default_rng(0).standard_normal(2)
    np.testing.assert_allclose(
        run.w[1], [1.0, 2.0] - 0.1 * (2 * np.array([1.0, 2.0]) + z)
    )


def test_a_batch_splits_into_its_runs():
    batch = optlab.momentum(
        SKEWED,
        W0,
        alpha=np.array([0.01, 0.05, 2.0]),
        beta=0.5,
        max_its=10,
        noise=1.0,
        seed=0,
        record_state=True,
    )
    runs = batch.runs()
    assert len(runs) == 3
    for j, run in enumerate(runs):
        assert np.array_equal(run.w, batch.w[:, :, j])
        assert np.array_equal(run.cost, batch.cost[:, j])
        assert np.array_equal(run.state["d"], batch.state["d"][:, :, j], equal_nan=True)
        assert run.params["alpha"] == [0.01, 0.05, 2.0][j]
        assert run.params["beta"] == 0.5 and run.params["noise"] == 1.0
    assert runs[2].diverged and runs[2].diverged_at == batch.diverged_at[2]
    assert runs[0].diverged_at is None
    single = optlab.momentum(SKEWED, W0, max_its=3)
    assert single.runs() == [single]


def test_starts_and_hyperparameters_broadcast_like_numpy():
    # w0 of shape (N, S) and alpha of shape (A, 1): a batch (A, S), the start
    # varying along the last axis as numpy aligns shapes at the right
    starts = np.array([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]])
    alphas = np.array([[0.01], [0.02]])
    batch = optlab.gradient_descent(SKEWED, starts, alpha=alphas, max_its=3)
    assert batch.cost.shape == (4, 2, 3)
    for a in range(2):
        for s in range(3):
            alone = optlab.gradient_descent(
                SKEWED, starts[:, s], alpha=alphas[a, 0], max_its=3
            )
            np.testing.assert_array_equal(batch.w[:, :, a, s], alone.w)
