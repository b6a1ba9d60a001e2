"""The first two steps of every update rule, computed by hand.

The cost is the skewed quadratic g(w) = 0.5 w1^2 + 9.75 w2^2, whose gradient
is (w1, 19.5 w2); the steps below are written out with that gradient, not
with optlab's, so each test pins the rule's equation.
"""

import numpy as np
import pytest

import optlab

W0 = np.array([10.0, 1.0])
F = "skewed_quadratic"


def grad(w):
    return np.array([w[0], 19.5 * w[1]])


def close(run, *expected):
    for k, w in enumerate(expected, start=1):
        np.testing.assert_allclose(run.w[k], w, rtol=1e-12, atol=1e-15)


def test_gradient_descent():
    a = 0.05
    w1 = W0 - a * grad(W0)
    w2 = w1 - a * grad(w1)
    close(optlab.gradient_descent(F, W0, alpha=a, max_its=2), w1, w2)


def test_momentum_starts_at_the_first_gradient_and_carries_one_minus_beta():
    a, b = 0.05, 0.7
    d0 = grad(W0)
    w1 = W0 - a * d0
    d1 = b * d0 + (1 - b) * grad(w1)
    w2 = w1 - a * d1
    close(optlab.momentum(F, W0, alpha=a, beta=b, max_its=2), w1, w2)


def test_heavy_ball_sums_without_one_minus_beta_from_zero():
    a, b = 0.05, 0.7
    v1 = b * 0 + grad(W0)
    w1 = W0 - a * v1
    v2 = b * v1 + grad(w1)
    w2 = w1 - a * v2
    close(optlab.heavy_ball(F, W0, alpha=a, beta=b, max_its=2), w1, w2)


def test_nesterov_takes_the_gradient_at_the_look_ahead_point():
    a, b = 0.05, 0.7
    v1 = b * 0 + a * grad(W0 - b * 0)
    w1 = W0 - v1
    v2 = b * v1 + a * grad(w1 - b * v1)
    w2 = w1 - v2
    run = optlab.nesterov(F, W0, alpha=a, beta=b, max_its=2, record_state=True)
    close(run, w1, w2)
    np.testing.assert_allclose(run.state["ahead"][1], w1 - b * v1)


@pytest.mark.parametrize("eps", [0.0, 0.5])
def test_fully_normalized_steps(eps):
    a = 0.3
    g0 = grad(W0)
    w1 = W0 - a * g0 / (np.linalg.norm(g0) + eps)
    g1 = grad(w1)
    w2 = w1 - a * g1 / (np.linalg.norm(g1) + eps)
    close(optlab.normalized_gd(F, W0, alpha=a, max_its=2, eps=eps), w1, w2)


@pytest.mark.parametrize("eps", [0.0, 0.5])
def test_component_normalized_steps(eps):
    a = 0.3
    g0 = grad(W0)
    w1 = W0 - a * g0 / (np.abs(g0) + eps)
    g1 = grad(w1)
    w2 = w1 - a * g1 / (np.abs(g1) + eps)
    run = optlab.normalized_gd(F, W0, alpha=a, max_its=2, norm="component", eps=eps)
    close(run, w1, w2)


def test_normalized_momentum_normalizes_the_averaged_direction():
    a, b, eps = 0.3, 0.6, 1e-3
    d0 = grad(W0)
    w1 = W0 - a * d0 / (np.abs(d0) + eps)
    d1 = b * d0 + (1 - b) * grad(w1)
    w2 = w1 - a * d1 / (np.abs(d1) + eps)
    close(
        optlab.normalized_momentum(F, W0, alpha=a, beta=b, max_its=2, eps=eps), w1, w2
    )


def test_adagrad_eps_inside_the_root():
    a, eps = 0.5, 1e-3
    h1 = grad(W0) ** 2
    w1 = W0 - a / np.sqrt(h1 + eps) * grad(W0)
    h2 = h1 + grad(w1) ** 2
    w2 = w1 - a / np.sqrt(h2 + eps) * grad(w1)
    close(optlab.adagrad(F, W0, alpha=a, max_its=2, eps=eps), w1, w2)


@pytest.mark.parametrize("init", ["zero", "first"])
def test_rmsprop(init):
    a, c, eps = 0.05, 0.9, 1e-3
    h0 = np.zeros(2) if init == "zero" else grad(W0) ** 2
    h1 = c * h0 + (1 - c) * grad(W0) ** 2
    w1 = W0 - a / np.sqrt(h1 + eps) * grad(W0)
    h2 = c * h1 + (1 - c) * grad(w1) ** 2
    w2 = w1 - a / np.sqrt(h2 + eps) * grad(w1)
    close(
        optlab.rmsprop(F, W0, alpha=a, gamma=c, max_its=2, eps=eps, init=init), w1, w2
    )


def test_adadelta_averages_squared_updates_not_weights():
    c, eps = 0.9, 1e-4
    eg1 = (1 - c) * grad(W0) ** 2
    dw1 = -np.sqrt(0 + eps) / np.sqrt(eg1 + eps) * grad(W0)
    edw1 = (1 - c) * dw1**2
    w1 = W0 + dw1
    eg2 = c * eg1 + (1 - c) * grad(w1) ** 2
    dw2 = -np.sqrt(edw1 + eps) / np.sqrt(eg2 + eps) * grad(w1)
    w2 = w1 + dw2
    close(optlab.adadelta(F, W0, gamma=c, max_its=2, eps=eps), w1, w2)


def test_adam_zero_start_with_bias_correction_is_kingma_and_ba():
    a, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    m1 = (1 - b1) * grad(W0)
    v1 = (1 - b2) * grad(W0) ** 2
    w1 = W0 - a * (m1 / (1 - b1)) / (np.sqrt(v1 / (1 - b2)) + eps)
    m2 = b1 * m1 + (1 - b1) * grad(w1)
    v2 = b2 * v1 + (1 - b2) * grad(w1) ** 2
    w2 = w1 - a * (m2 / (1 - b1**2)) / (np.sqrt(v2 / (1 - b2**2)) + eps)
    close(optlab.adam(F, W0, alpha=a, beta1=b1, beta2=b2, max_its=2, eps=eps), w1, w2)


def test_adam_zero_start_without_correction():
    a, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    m1 = (1 - b1) * grad(W0)
    v1 = (1 - b2) * grad(W0) ** 2
    w1 = W0 - a * m1 / (np.sqrt(v1) + eps)
    m2 = b1 * m1 + (1 - b1) * grad(w1)
    v2 = b2 * v1 + (1 - b2) * grad(w1) ** 2
    w2 = w1 - a * m2 / (np.sqrt(v2) + eps)
    run = optlab.adam(
        F, W0, alpha=a, beta1=b1, beta2=b2, max_its=2, eps=eps, bias_correction=False
    )
    close(run, w1, w2)


def test_adam_started_at_the_first_gradient_takes_a_sign_step_first():
    a, b1, b2 = 0.1, 0.9, 0.999
    d0, h0 = grad(W0), grad(W0) ** 2
    w1 = W0 - a * d0 / np.sqrt(h0)
    d1 = b1 * d0 + (1 - b1) * grad(w1)
    h1 = b2 * h0 + (1 - b2) * grad(w1) ** 2
    w2 = w1 - a * d1 / np.sqrt(h1)
    run = optlab.adam(
        F, W0, alpha=a, beta1=b1, beta2=b2, max_its=2, eps=0.0, init="first"
    )
    close(run, w1, w2)
    np.testing.assert_allclose(run.w[1], W0 - a * np.sign(grad(W0)))


def test_newton_solves_a_quadratic_in_one_step():
    run = optlab.newton(F, W0, max_its=2)
    np.testing.assert_allclose(run.w[1], [0.0, 0.0], atol=1e-12)


def test_newton_on_the_quartic_shrinks_by_two_thirds():
    # w - 4 w^3 / (12 w^2) = 2 w / 3
    run = optlab.newton("quartic", -1.0, max_its=2)
    np.testing.assert_allclose(run.w[:3], [-1.0, -2 / 3, -4 / 9])


def test_schedule_gives_alpha_k_at_step_k():
    run = optlab.gradient_descent(F, W0, alpha=lambda k: 0.1 / k, max_its=2)
    w1 = W0 - 0.1 * grad(W0)
    w2 = w1 - 0.05 * grad(w1)
    close(run, w1, w2)
