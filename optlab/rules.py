"""Update rules, each written the way the lessons write it.

A rule is a pair of small pure functions: ``init(w0, grad, p)`` makes the
starting state and ``step(k, w, state, grad, p)`` returns ``(w_new, state)``
for step ``k = 1, 2, ...``, where ``grad`` evaluates the gradient
(components first) and ``p`` holds the hyperparameters of this step. The
single loop in :mod:`optlab.runner` runs any of them. Shapes: ``w`` is
``(N,) + batch``; hyperparameters are numbers or arrays of the batch shape.

Every state carries the gradient used (``"grad"``) so plots can draw it.
Divisions that can meet 0 / 0 (a zero gradient with ``eps = 0``) go through
``p["divide"]``: :func:`ratio`, which gives 0 there (no step instead of NaN),
or plain division when every eps is positive and no denominator can vanish.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .functions import hessian

__all__ = ["RULES", "UpdateRule", "ratio"]

State = dict[str, np.ndarray]


@dataclass(frozen=True)
class UpdateRule:
    """An optimizer as a pair of pure functions (init, step)."""

    name: str
    init: Callable[[np.ndarray, Callable, dict], State]
    step: Callable[[int, np.ndarray, State, Callable, dict], tuple[np.ndarray, State]]


def ratio(numerator, denominator):
    """``numerator / denominator`` with 0 wherever the denominator is 0.

    Called inside the runner's ``np.errstate(all="ignore")``, so the masked
    0 / 0 raises no warning.
    """
    quotient = np.true_divide(numerator, denominator)
    zero = np.equal(denominator, 0)
    return np.where(zero, 0.0, quotient) if zero.any() else quotient


def _no_state(w0, grad, p) -> State:
    return {}


def _zeros(w0, grad, p) -> State:
    return {"v": np.zeros_like(w0)}


# -- gradient descent ------------------------------------------------------


def _gd_step(k, w, s, grad, p):
    # w^k = w^{k-1} - alpha grad g(w^{k-1})
    g = grad(w)
    return w - p["alpha"] * g, {"grad": g}


# -- momentum: exponential average of the gradients (Watt et al.) ----------


def _momentum_step(k, w, s, grad, p):
    # d^0 = grad g(w^0);  d^{k-1} = beta d^{k-2} + (1 - beta) grad g(w^{k-1})
    # w^k = w^{k-1} - alpha d^{k-1}
    g = grad(w)
    d = g if k == 1 else p["beta"] * s["d"] + (1 - p["beta"]) * g
    return w - p["alpha"] * d, {"grad": g, "d": d}


# -- heavy ball: v = beta v + grad (Polyak 1964) ---------------------------


def _heavy_ball_step(k, w, s, grad, p):
    # v^k = beta v^{k-1} + grad g(w^{k-1});  w^k = w^{k-1} - alpha v^k
    g = grad(w)
    v = p["beta"] * s["v"] + g
    return w - p["alpha"] * v, {"grad": g, "v": v}


# -- Nesterov: gradient at the look-ahead point (Nesterov 1983) ------------


def _nesterov_step(k, w, s, grad, p):
    # v^k = beta v^{k-1} + alpha grad g(w^{k-1} - beta v^{k-1});  w^k = w^{k-1} - v^k
    ahead = w - p["beta"] * s["v"]
    g = grad(ahead)
    v = p["beta"] * s["v"] + p["alpha"] * g
    return w - v, {"grad": g, "v": v, "ahead": ahead}


# -- normalized gradient descent (Watt et al.) -----------------------------


def _length(g):
    """||g||_2 over the components, scaled so tiny or huge entries do not
    underflow or overflow when squared (a plateau gradient can be 1e-200)."""
    scale = np.max(np.abs(g), axis=0)
    return scale * np.sqrt(np.sum(ratio(g, scale) ** 2, axis=0))


def _normalized_full_step(k, w, s, grad, p):
    # w^k = w^{k-1} - alpha grad / (||grad||_2 + eps)
    # (computed as alpha times the unit direction: alpha / ||grad|| alone
    # overflows for a subnormal gradient, a point next to the minimizer)
    g = grad(w)
    length = _length(g) + p["eps"]
    rate = p["divide"](p["alpha"], length)
    return w - p["alpha"] * p["divide"](g, length), {"grad": g, "effective_lr": rate}


def _normalized_component_step(k, w, s, grad, p):
    # w_j^k = w_j^{k-1} - alpha grad_j / (|grad_j| + eps)
    # (= w_j^{k-1} - alpha sign(grad_j) at eps = 0)
    g = grad(w)
    direction = p["divide"](g, np.abs(g) + p["eps"])
    rate = p["divide"](p["alpha"], np.abs(g) + p["eps"])
    return w - p["alpha"] * direction, {"grad": g, "effective_lr": rate}


def _normalized_momentum_step(k, w, s, grad, p):
    # d^{k-1} = beta d^{k-2} + (1 - beta) grad g(w^{k-1})   (d^0 = grad g(w^0))
    # w_j^k = w_j^{k-1} - alpha d_j / (|d_j| + eps)
    g = grad(w)
    d = g if k == 1 else p["beta"] * s["d"] + (1 - p["beta"]) * g
    direction = p["divide"](d, np.abs(d) + p["eps"])
    return w - p["alpha"] * direction, {"grad": g, "d": d}


# -- Adagrad (Duchi, Hazan and Singer 2011) --------------------------------


def _adagrad_init(w0, grad, p) -> State:
    return {"h": np.zeros_like(w0)}


def _adagrad_step(k, w, s, grad, p):
    # h^k = h^{k-1} + grad^2;  w^k = w^{k-1} - alpha grad / sqrt(h^k + eps)
    g = grad(w)
    h = s["h"] + g**2
    rate = p["divide"](p["alpha"], np.sqrt(h + p["eps"]))
    return w - rate * g, {"grad": g, "h": h, "effective_lr": rate}


# -- RMSprop (Tieleman and Hinton 2012) ------------------------------------


def _rmsprop_init(w0, grad, p) -> State:
    if p["init"] == "first":
        return {"h": grad(w0) ** 2}
    return {"h": np.zeros_like(w0)}


def _rmsprop_step(k, w, s, grad, p):
    # h^k = gamma h^{k-1} + (1 - gamma) grad^2
    # w^k = w^{k-1} - alpha grad / sqrt(h^k + eps)
    g = grad(w)
    h = p["gamma"] * s["h"] + (1 - p["gamma"]) * g**2
    rate = p["divide"](p["alpha"], np.sqrt(h + p["eps"]))
    return w - rate * g, {"grad": g, "h": h, "effective_lr": rate}


# -- Adadelta (Zeiler 2012) ------------------------------------------------


def _adadelta_init(w0, grad, p) -> State:
    return {"h": np.zeros_like(w0), "u": np.zeros_like(w0)}


def _adadelta_step(k, w, s, grad, p):
    # E[g^2]^k = gamma E[g^2]^{k-1} + (1 - gamma) grad^2
    # dw^k = - sqrt(E[dw^2]^{k-1} + eps) / sqrt(E[g^2]^k + eps) grad
    # E[dw^2]^k = gamma E[dw^2]^{k-1} + (1 - gamma) (dw^k)^2
    # w^k = w^{k-1} + alpha dw^k
    g = grad(w)
    h = p["gamma"] * s["h"] + (1 - p["gamma"]) * g**2
    rate = p["divide"](np.sqrt(s["u"] + p["eps"]), np.sqrt(h + p["eps"]))
    dw = -rate * g
    u = p["gamma"] * s["u"] + (1 - p["gamma"]) * dw**2
    return w + p["alpha"] * dw, {
        "grad": g,
        "h": h,
        "u": u,
        "effective_lr": p["alpha"] * rate,
    }


# -- Adam (Kingma and Ba 2015) ---------------------------------------------


def _adam_init(w0, grad, p) -> State:
    if p["init"] == "first":
        g0 = grad(w0)
        return {"d": g0, "h": g0**2}
    return {"d": np.zeros_like(w0), "h": np.zeros_like(w0)}


def _debias(average, beta, k):
    """average / (1 - beta^k); 0 where beta = 1 (the average never moved)."""
    if np.ndim(beta) == 0:
        weight_sum = 1.0 - float(beta) ** k
        return average / weight_sum if weight_sum != 0 else np.zeros_like(average)
    return ratio(average, 1 - beta**k)


def _adam_step(k, w, s, grad, p):
    # d^k = beta1 d^{k-1} + (1 - beta1) grad;  h^k = beta2 h^{k-1} + (1 - beta2) grad^2
    # with bias correction: d^k / (1 - beta1^k) and h^k / (1 - beta2^k)
    # w^k = w^{k-1} - alpha d / (sqrt(h) + eps)
    g = grad(w)
    d = p["beta1"] * s["d"] + (1 - p["beta1"]) * g
    h = p["beta2"] * s["h"] + (1 - p["beta2"]) * g**2
    if p["bias_correction"]:
        d_used, h_used = _debias(d, p["beta1"], k), _debias(h, p["beta2"], k)
    else:
        d_used, h_used = d, h
    rate = p["divide"](p["alpha"], np.sqrt(h_used) + p["eps"])
    return w - rate * d_used, {"grad": g, "d": d, "h": h, "effective_lr": rate}


# -- Newton's method (Nocedal and Wright 2006, ch. 3) ----------------------


def _newton_step(k, w, s, grad, p):
    # w^k = w^{k-1} - alpha H(w^{k-1})^{-1} grad g(w^{k-1})
    g = grad(w)
    curvature = np.moveaxis(hessian(p["function"], w), (0, 1), (-2, -1))
    rhs = np.moveaxis(g, 0, -1)[..., None]
    try:
        delta = np.linalg.solve(curvature, rhs)
    except np.linalg.LinAlgError:  # a singular Hessian somewhere: least squares
        delta = np.linalg.pinv(curvature) @ rhs
    delta = np.moveaxis(delta[..., 0], -1, 0)
    return w - p["alpha"] * delta, {"grad": g}


RULES: dict[str, UpdateRule] = {
    rule.name: rule
    for rule in (
        UpdateRule("gradient_descent", _no_state, _gd_step),
        UpdateRule("momentum", _no_state, _momentum_step),
        UpdateRule("heavy_ball", _zeros, _heavy_ball_step),
        UpdateRule("nesterov", _zeros, _nesterov_step),
        UpdateRule("normalized_full", _no_state, _normalized_full_step),
        UpdateRule("normalized_component", _no_state, _normalized_component_step),
        UpdateRule("normalized_momentum", _no_state, _normalized_momentum_step),
        UpdateRule("adagrad", _adagrad_init, _adagrad_step),
        UpdateRule("rmsprop", _rmsprop_init, _rmsprop_step),
        UpdateRule("adadelta", _adadelta_init, _adadelta_step),
        UpdateRule("adam", _adam_init, _adam_step),
        UpdateRule("newton", _no_state, _newton_step),
    )
}
