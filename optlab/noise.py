r"""Noisy gradients: Gaussian noise and minibatches, drawn from one seed.

The runner wraps the gradient it hands to an update rule, so the noise
enters *before* the rule: every rule, its state and its recorded
``state["grad"]`` see the noisy gradient

.. math:: \tilde\nabla g(w) = \nabla g(w) + \sigma z, \quad z \sim N(0, I)

drawn afresh at each step, independently for every component and every run
of a batch. A minibatch gradient replaces :math:`\nabla g` by the mean
gradient over ``batch_size`` data rows drawn without replacement at each step.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .checks import check_whole
from .functions import TestFunction

__all__ = ["check_seed", "minibatch_rows", "noisy"]


def check_seed(seed) -> np.random.Generator:
    """The random generator for ``seed``: an int >= 0, a Generator or None."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    allowed = "a whole number >= 0, a numpy Generator or None"
    seed = check_whole("seed", seed, low=0, allowed=allowed)
    return np.random.default_rng(seed)


def noisy(gradient: Callable, noise, rng: np.random.Generator) -> Callable:
    """``gradient`` plus independent Gaussian noise of standard deviation ``noise``.

    A rule that asks twice in a row for the gradient at the same point (the
    starts at the first gradient of RMSprop and Adam) gets the same draw, so
    the noisy run evaluates one gradient per point, as the deterministic run
    does. Where ``noise`` is 0 (one entry of an array over the batch), that
    run's gradient is exact.
    """
    if np.all(np.asarray(noise) == 0):
        return gradient
    last: list = [None, None]

    def noisy_gradient(w):
        if w is last[0]:
            return last[1]
        g = gradient(w)
        g = g + noise * rng.standard_normal(np.shape(g))
        last[:] = [w, g]
        return g

    return noisy_gradient


def check_batch_size(f: TestFunction, batch_size) -> int:
    """Check a minibatch size against the rows of ``f``'s data."""
    if f.n_samples is None or f.minibatch_gradient is None:
        raise ValueError(
            f"batch_size needs a cost built from data (with n_samples and "
            f"minibatch_gradient); {f.display_name} has none, so use noise= "
            f"for a noisy gradient; got batch_size={batch_size!r}"
        )
    return check_whole(
        "batch_size",
        batch_size,
        high=f.n_samples,
        allowed=f"a whole number from 1 to n_samples = {f.n_samples}",
    )


def minibatch_rows(
    f: TestFunction, batch_size, batch: tuple[int, ...], rng: np.random.Generator
) -> Callable:
    """The minibatch gradient of ``f``: new rows at every call, per run.

    Each call draws, for every run of the batch, ``batch_size`` distinct rows
    out of ``f.n_samples`` (the smallest of independent uniform keys: a
    uniformly random subset) and returns ``f.minibatch_gradient(w, rows)``.
    """
    size = check_batch_size(f, batch_size)
    n = f.n_samples
    every_row = np.broadcast_to(
        np.arange(n).reshape((n,) + (1,) * len(batch)), (n,) + batch
    )

    def minibatch_gradient(w):
        if size == n:
            rows = every_row
        else:
            keys = rng.random((n,) + batch)
            rows = np.argpartition(keys, size - 1, axis=0)[:size]
        return np.asarray(f.minibatch_gradient(w, rows), dtype=float)

    return minibatch_gradient
