"""The one loop that runs any update rule and records a History.

The loop only applies the rule; costs are evaluated once for the whole
history afterwards (one vectorized call), and divergence is found afterwards
too: a run has diverged at the first step whose weights or cost are not finite
or whose cost exceeds ``DIVERGENCE_FACTOR * (1 + |g(w0)|)`` in magnitude. From
that step on the run is frozen at its last point inside the bound.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .checks import check_callable, check_max_its, check_nonnegative
from .functions import TestFunction, as_function
from .history import History
from .noise import check_seed, minibatch_rows, noisy
from .rules import UpdateRule, ratio

__all__ = ["DIVERGENCE_FACTOR", "run"]

DIVERGENCE_FACTOR = 1e4


def _start_point(f: TestFunction, w0, builtin: bool) -> np.ndarray:
    """Check ``w0`` and return it components first, shape ``(N,) + batch``."""
    try:
        w = np.asarray(w0, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"w0 must be an array of numbers; got {w0!r}") from None
    if not np.all(np.isfinite(w)):
        raise ValueError(f"w0 must contain finite numbers only; got {w0!r}")
    if w.ndim == 0:
        w = w[None]
    if builtin and w.shape[0] != f.n_inputs:
        raise ValueError(
            f"w0 must have {f.n_inputs} component(s) for {f.display_name} "
            f"(shape ({f.n_inputs},) or ({f.n_inputs}, B) for B runs); "
            f"got shape {np.shape(w0)}"
        )
    return w


def _gradient(f: TestFunction, grad: Callable | None, scalar_input: bool) -> Callable:
    """The components-first gradient the loop calls."""
    if grad is None:
        return f._gradient_fn
    check_callable("grad", grad)
    if scalar_input:
        return lambda w: np.asarray(grad(w[0]), dtype=float)[None]
    return lambda w: np.asarray(grad(w), dtype=float)


def _batch_shape(w: np.ndarray, params: Mapping[str, Any]) -> tuple[int, ...]:
    shapes = [np.shape(v) for v in params.values() if isinstance(v, np.ndarray)]
    try:
        return np.broadcast_shapes(w.shape[1:], *shapes)
    except ValueError:
        described = ", ".join(
            f"{k} {np.shape(v)}" for k, v in params.items() if isinstance(v, np.ndarray)
        )
        raise ValueError(
            "hyperparameter arrays and the batch axes of w0 must broadcast "
            f"together; got w0 {w.shape} and {described}"
        ) from None


def _cost_of(f: TestFunction, w: np.ndarray, batch: tuple[int, ...]) -> np.ndarray:
    """g(w) with a check that g gives one number per point."""
    try:
        cost = np.asarray(f.value(w), dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"g must accept w of shape (N, ...) (components first) and return "
            f"one number per point; calling it on shape {w.shape} failed: {error}"
        ) from error
    if cost.shape != batch:
        raise ValueError(
            f"g must return one number per point: for w of shape {w.shape} a "
            f"value of shape {batch}; got shape {cost.shape}"
        )
    return cost


def _costs(f: TestFunction, w_hist: np.ndarray, batch: tuple[int, ...]) -> np.ndarray:
    """g at every recorded point: one vectorized call over the whole history.

    A function written for one point (or one batch) at a time may fail on the
    extra history axis, or reduce over it: then it is evaluated step by step.
    """
    expected = batch + (len(w_hist),)
    try:
        cost = np.asarray(f.value(np.moveaxis(w_hist, 0, -1)), dtype=float)
    except (TypeError, ValueError, IndexError):
        cost = None
    if cost is not None and cost.shape == expected:
        return np.moveaxis(cost, -1, 0)
    return np.stack([np.asarray(f.value(w), dtype=float) for w in w_hist])


def _first_bad_step(w_hist, cost_hist) -> np.ndarray:
    """First step (per run) that left finite values or the bound; 0 for none."""
    bound = DIVERGENCE_FACTOR * (1 + np.abs(cost_hist[0]))
    bad = ~np.isfinite(cost_hist) | (np.abs(cost_hist) > bound)
    bad |= ~np.all(np.isfinite(w_hist), axis=1)
    return np.where(bad.any(axis=0), np.argmax(bad, axis=0), 0)


def _division(params: Mapping[str, Any]) -> Callable:
    """Plain division when every eps is positive, else the 0 / 0 -> 0 guard."""
    if "eps" in params and np.all(np.asarray(params["eps"]) > 0):
        return np.true_divide
    return ratio


def run(
    rule: UpdateRule,
    g,
    w0,
    *,
    max_its: int,
    params: Mapping[str, Any],
    grad: Callable | None = None,
    record_state: bool = False,
    schedules: tuple[str, ...] = ("alpha",),
    noise=0.0,
    seed=None,
    batch_size: int | None = None,
) -> History:
    """Run ``rule`` from ``w0`` for ``max_its`` steps and record the history.

    Parameters
    ----------
    rule : UpdateRule
        The update rule.
    g : str, TestFunction or callable
        Cost function (components first); a plain callable gets autograd's
        gradient.
    w0 : array_like
        Start point ``(N,)``, or ``(N, B)`` for B runs at once.
    max_its : int
        Number of steps K.
    params : mapping
        Checked hyperparameters: numbers, arrays (one entry per run), or for
        the names in ``schedules`` a callable ``k -> value``.
    grad : callable, optional
        Gradient to use instead of the function's own.
    record_state : bool
        Keep the rule's internal state at every step (for plots).
    noise : float or array, default 0
        Standard deviation of the Gaussian noise added to each gradient
        component at every step (an array: one value per run), >= 0.
    seed : int, numpy Generator or None
        Where the noise and the minibatches come from; the same int gives the
        same run. None draws fresh randomness.
    batch_size : int, optional
        Use the mean gradient of ``batch_size`` random data rows (drawn
        without replacement at each step, separately for each run) instead of
        the full gradient; only for costs built from data.

    With noise or minibatches, ``History.params`` also records ``noise``,
    ``seed`` and ``batch_size``. With ``noise=0`` and no ``batch_size`` the
    run is exactly the deterministic one (no random numbers are drawn).
    """
    max_its = check_max_its(max_its)
    noise = check_nonnegative("noise", noise)
    random = batch_size is not None or np.any(np.asarray(noise) > 0)
    builtin = isinstance(g, (str, TestFunction))
    scalar_input = np.ndim(w0) == 0
    if not builtin:
        check_callable("g", g)
        n_inputs = 1 if scalar_input else int(np.shape(w0)[0])
        f = as_function(g, n_inputs=n_inputs, start=np.zeros(n_inputs))
    else:
        f = as_function(g)
    w = _start_point(f, w0, builtin)
    batch = _batch_shape(w, {**params, "noise": noise})
    # new batch axes go in front of w0's own, as numpy aligns shapes at the right
    w = w.reshape(w.shape[:1] + (1,) * (len(batch) + 1 - w.ndim) + w.shape[1:])
    w = np.broadcast_to(w, w.shape[:1] + batch).astype(float)
    _cost_of(f, w, batch)
    if random:
        rng = check_seed(seed)
        if batch_size is not None:
            if grad is not None:
                raise ValueError(
                    "batch_size and grad cannot be given together: batch_size "
                    "asks for the function's own minibatch gradient"
                )
            gradient = minibatch_rows(f, batch_size, batch, rng)
        else:
            gradient = _gradient(f, grad, scalar_input)
        gradient = noisy(gradient, noise, rng)
        params = {**params, "noise": noise, "seed": seed, "batch_size": batch_size}
    else:
        gradient = _gradient(f, grad, scalar_input)

    fixed = {k: v for k, v in params.items() if not (k in schedules and callable(v))}
    scheduled = {k: v for k, v in params.items() if k in schedules and callable(v)}
    fixed["function"] = f
    fixed["divide"] = _division(params)
    w_hist = np.empty((max_its + 1,) + w.shape)
    w_hist[0] = w
    trace: list[dict[str, np.ndarray]] = []
    with np.errstate(all="ignore"):
        state = rule.init(w, gradient, fixed)
        p = fixed
        for k in range(1, max_its + 1):
            if scheduled:
                p = {**fixed, **{name: s(k) for name, s in scheduled.items()}}
            w, state = rule.step(k, w, state, gradient, p)
            w_hist[k] = w
            if record_state:
                trace.append(state)
        cost_hist = _costs(f, w_hist, batch)
    first_bad = _first_bad_step(w_hist, cost_hist)
    diverged = first_bad > 0
    if np.any(diverged):
        steps = np.arange(max_its + 1).reshape((-1,) + (1,) * len(batch))
        last_good = np.where(diverged, first_bad - 1, max_its)
        keep = np.minimum(steps, last_good)
        cost_hist = np.take_along_axis(cost_hist, keep, axis=0)
        w_hist = np.take_along_axis(w_hist, keep[:, None], axis=0)

    states = _stack_states(trace, first_bad, diverged, batch)
    if scalar_input:
        w_hist = w_hist[:, 0]
        states = {
            k: v[:, 0] if v.ndim > 1 + len(batch) else v for k, v in states.items()
        }
    if batch:
        diverged_at: int | np.ndarray | None = np.where(diverged, first_bad, -1)
    else:
        diverged_at = int(first_bad) if diverged else None
    return History(
        method=rule.name,
        function=f.display_name,
        w=w_hist,
        cost=cost_hist,
        params=dict(params),
        diverged_at=diverged_at,
        state=states,
    )


def _stack_states(trace, first_bad, diverged, batch) -> dict[str, np.ndarray]:
    """Stack recorded states to ``(K,) + shape``; NaN from a divergence on."""
    if not trace:
        return {}
    stacked = {}
    for name in trace[0]:
        values = np.stack(
            [np.broadcast_to(s[name], np.shape(trace[-1][name])) for s in trace]
        )
        values = values.astype(float)
        if np.any(diverged):
            steps = np.arange(1, len(trace) + 1).reshape((-1,) + (1,) * len(batch))
            after = diverged & (steps >= first_bad)
            extra = values.ndim - after.ndim
            after = after.reshape(after.shape[:1] + (1,) * extra + after.shape[1:])
            values = np.where(after, np.nan, values)
        stacked[name] = values
    return stacked
