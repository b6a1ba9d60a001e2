r"""Costs built from data: models trained by the course's optimizers.

:func:`logistic_regression` turns a table of features and 0/1 labels into a
:class:`~optlab.functions.TestFunction` (components first, like every test
function), so every optimizer, explorer and plot accepts it. With one feature
and an intercept it has two weights and its contours can be drawn.

With ``x_i`` the i-th row of features (a leading 1 when there is an
intercept), ``s_i = x_i^T w`` and ``sigma(s) = 1 / (1 + e^{-s})``:

.. math::
    g(w) = \frac{1}{n}\sum_{i=1}^n \log(1 + e^{s_i}) - y_i s_i, \qquad
    \nabla g(w) = \frac{1}{n}\sum_i (\sigma(s_i) - y_i)\, x_i, \qquad
    H(w) = \frac{1}{n}\sum_i \sigma(s_i)(1 - \sigma(s_i))\, x_i x_i^T.

``log(1 + e^s) - y s`` is the cross-entropy ``-y log sigma(s) - (1 - y)
log(1 - sigma(s))`` written so it never takes the log of 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import autograd.numpy as anp
import numpy as np

from .functions import TestFunction

__all__ = ["ModelCost", "logistic_regression", "sigmoid"]


def sigmoid(s):
    """The logistic function 1 / (1 + e^-s), without overflow for large |s|."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(s, dtype=float)))


@dataclass(frozen=True, eq=False)
class ModelCost(TestFunction):
    """A test function that is a mean over data rows, with its exact Hessian.

    Adds to :class:`~optlab.functions.TestFunction` the design matrix (one row
    per sample, a leading column of ones for the intercept), the labels, and
    ``hessian_function(w)`` of shape ``(N, N) + w.shape[1:]``, which
    :func:`optlab.hessian` (and so Newton's method) uses.
    """

    design: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), repr=False)
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    hessian_function: Callable[[np.ndarray], np.ndarray] | None = field(
        default=None, repr=False
    )

    def probability(self, w, features=None) -> np.ndarray:
        """sigma(x^T w) for every row (of ``features``, or of the training data)."""
        design = self.design if features is None else self._design_of(features)
        return sigmoid(np.tensordot(design, np.asarray(w, dtype=float), axes=1))

    def _design_of(self, features) -> np.ndarray:
        x = np.asarray(features, dtype=float).reshape(len(features), -1)
        if self.design.shape[1] == x.shape[1] + 1:
            return np.column_stack([np.ones(len(x)), x])
        return x


def _check_data(features, labels) -> tuple[np.ndarray, np.ndarray]:
    try:
        x = np.asarray(features, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"features must be an array of numbers; got {type(features).__name__}"
        ) from None
    if x.ndim not in (1, 2) or len(x) < 2:
        raise ValueError(
            "features must have shape (n,) or (n, d) with n >= 2 rows; "
            f"got shape {x.shape}"
        )
    if not np.all(np.isfinite(x)):
        raise ValueError("features must contain finite numbers only")
    y = np.asarray(labels)
    if y.shape != (len(x),):
        raise ValueError(
            f"labels must have shape ({len(x)},), one per row of features; "
            f"got shape {y.shape}"
        )
    if y.dtype == bool:
        y = y.astype(float)
    try:
        y = y.astype(float)
    except (TypeError, ValueError):
        raise TypeError("labels must be 0/1 numbers or booleans") from None
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"labels must be 0 or 1; got values {np.unique(y)[:5]}")
    return x.reshape(len(x), -1), y


def _newton_minimizer(gradient, hessian, n_inputs: int, its: int = 50) -> np.ndarray:
    """Newton's method from zero (cross-entropy is convex: it converges)."""
    w = np.zeros(n_inputs)
    for _ in range(its):  # iterations of one method, stopped when converged
        step = np.linalg.solve(hessian(w), gradient(w))
        w = w - step
        if np.max(np.abs(step)) <= 1e-12 * (1 + np.max(np.abs(w))):
            break
    return w


def logistic_regression(
    features,
    labels,
    *,
    intercept: bool = True,
    name: str = "logistic regression",
    start=None,
    window=None,
) -> ModelCost:
    r"""Mean cross-entropy of logistic regression on a data set, as a test function.

    .. math::
        g(w) = \frac{1}{n}\sum_{i=1}^n \log(1 + e^{x_i^T w}) - y_i\, x_i^T w

    with ``x_i = (1, features_i)`` when ``intercept`` is true, so ``w_1`` is
    the intercept and ``w_2, ...`` multiply the features in order.

    Parameters
    ----------
    features : array_like, shape (n,) or (n, d)
        One row per sample.
    labels : array_like, shape (n,)
        0 or 1 (or booleans) per sample.
    intercept : bool, default True
        Prepend a column of ones (its weight is the intercept).
    name : str, default "logistic regression"
        Display name for titles and legends.
    start : array_like, optional
        Default start point; zero (every probability 1/2) by default.
    window : sequence of (low, high), optional
        Plotting window; by default a box around the start and the minimizer
        (found by Newton's method).

    Returns
    -------
    ModelCost
        A :class:`~optlab.functions.TestFunction` with the analytic gradient,
        the exact Hessian (``hessian_function``), ``n_samples`` and
        ``minibatch_gradient(w, rows)``; when the data can be separated
        perfectly the minimum is not attained and ``minimizers`` is empty.
    """
    x, y = _check_data(features, labels)
    design = np.column_stack([np.ones(len(x)), x]) if intercept else x
    n, n_inputs = design.shape

    def value(w):
        s = anp.tensordot(design, w, axes=1)
        target = y.reshape((n,) + (1,) * (anp.ndim(s) - 1))
        return anp.mean(anp.logaddexp(0.0, s) - target * s, axis=0)

    def gradient(w):
        w = np.asarray(w, dtype=float)
        s = np.tensordot(design, w, axes=1)
        residual = sigmoid(s) - y.reshape((n,) + (1,) * (s.ndim - 1))
        return np.tensordot(design.T, residual, axes=1) / n

    def hessian_function(w):
        w = np.asarray(w, dtype=float)
        p = sigmoid(np.tensordot(design, w, axes=1))
        return np.einsum("ni,nj,n...->ij...", design, design, p * (1 - p)) / n

    def minibatch_gradient(w, rows):
        w = np.asarray(w, dtype=float)
        rows = np.asarray(rows)
        if not np.issubdtype(rows.dtype, np.integer):
            raise TypeError(f"rows must be integer indices; got dtype {rows.dtype}")
        if rows.size and (rows.min() < 0 or rows.max() >= n):
            raise ValueError(
                f"rows must be indices in [0, {n - 1}]; got values from "
                f"{rows.min()} to {rows.max()}"
            )
        chosen = np.moveaxis(design[rows], -1, 0)  # (N, batch_size, *batch)
        s = np.sum(chosen * w[:, None], axis=0)
        residual = sigmoid(s) - y[rows]
        return np.mean(chosen * residual[None], axis=1)

    # Separable data have no minimizer: Newton's weights then grow without
    # bound; the check below keeps only a minimizer whose gradient vanishes.
    with np.errstate(all="ignore"):
        try:
            w_star = _newton_minimizer(gradient, hessian_function, n_inputs)
        except np.linalg.LinAlgError:
            w_star = np.full(n_inputs, np.nan)
    found = bool(
        np.all(np.isfinite(w_star)) and np.max(np.abs(gradient(w_star))) < 1e-8
    )
    w0 = np.zeros(n_inputs) if start is None else np.asarray(start, dtype=float)
    if w0.shape != (n_inputs,):
        raise ValueError(f"start must have shape ({n_inputs},); got shape {w0.shape}")
    if window is None:
        window = _default_window(w0, w_star if found else w0, hessian_function)
    latex = r"\frac{1}{n}\sum_{i=1}^{n} \log\left(1 + e^{s_i}\right) - y_i s_i,\ " + (
        r"s_i = w_1 + w_2 x_i" if intercept and n_inputs == 2 else r"s_i = x_i^T w"
    )
    return ModelCost(
        name="logistic_regression",
        display_name=name,
        latex=latex,
        n_inputs=n_inputs,
        value=value,
        gradient=gradient,
        window=tuple((float(lo), float(hi)) for lo, hi in window),
        start=w0,
        minimizers=(w_star,) if found else (),
        minimum=float(value(w_star)) if found else 0.0,
        note=f"Mean cross-entropy of a logistic regression on {n} samples.",
        n_samples=n,
        minibatch_gradient=minibatch_gradient,
        design=design,
        labels=y,
        hessian_function=hessian_function,
    )


def _default_window(w0, w_star, hessian_function) -> np.ndarray:
    """A box around the start and the minimizer, with a margin on each side.

    The margin along component j is at least the width of the valley there,
    1 / sqrt(H_jj) at the minimizer, so a minimizer at the start still gets a
    window of the right scale.
    """
    curvature = np.diag(hessian_function(w_star))
    width = 1.0 / np.sqrt(np.maximum(curvature, 1e-300))
    lo = np.minimum(w0, w_star)
    hi = np.maximum(w0, w_star)
    margin = np.maximum(0.25 * (hi - lo), width)
    return np.stack([lo - margin, hi + margin], axis=1)
