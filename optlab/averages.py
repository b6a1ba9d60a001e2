r"""Cumulative and exponential averages of a series (lesson 2).

A series is an array of shape ``(K,)`` (numbers) or ``(K, N)`` (points);
averages are taken along the first axis and have the same shape. Index 0
holds the first point, which the lessons call ``w^1``.
"""

from __future__ import annotations

import numpy as np

from .checks import check_unit_interval

__all__ = [
    "cumulative_average",
    "exponential_average",
    "exponential_weights",
    "zero_started_average",
]


def _series(x) -> np.ndarray:
    try:
        series = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"x must be a series of numbers or of vectors; got {x!r}"
        ) from None
    if series.ndim == 0 or series.shape[0] == 0:
        raise ValueError(
            "x must be a non-empty series of shape (K,) or (K, N); "
            f"got shape {series.shape}"
        )
    if not np.all(np.isfinite(series)):
        raise ValueError("x must contain finite numbers only")
    return series


def cumulative_average(x) -> np.ndarray:
    r"""The mean of the first k points, for every k.

    .. math:: h^k = \frac{k-1}{k} h^{k-1} + \frac{1}{k} w^k, \quad h^1 = w^1

    computed all at once as a running sum divided by k.
    """
    series = _series(x)
    counts = np.arange(1, series.shape[0] + 1).reshape((-1,) + (1,) * (series.ndim - 1))
    return np.cumsum(series, axis=0) / counts


def exponential_average(x, beta: float) -> np.ndarray:
    r"""Exponential average started at the first point (as in Watt et al.'s notes).

    .. math:: h^1 = w^1, \quad h^k = \beta h^{k-1} + (1 - \beta) w^k \ (k > 1)

    Unrolled, ``h^k = beta^{k-1} w^1 + sum_{j=2}^k beta^{k-j} (1 - beta) w^j``
    (see :func:`exponential_weights`). Each ``h^k`` mixes in ``w^k`` itself,
    so the average does not lag the series by a sample.

    Parameters
    ----------
    x : array_like, shape (K,) or (K, N)
        The series.
    beta : float
        Averaging parameter in [0, 1]: 0 returns the series, 1 holds ``w^1``.
    """
    series = _series(x)
    beta = float(check_unit_interval("beta", beta))
    h = np.empty_like(series)
    h[0] = series[0]
    for k in range(1, series.shape[0]):  # a recursion in time, one pass
        h[k] = beta * h[k - 1] + (1 - beta) * series[k]
    return h


def zero_started_average(x, beta: float, bias_correction: bool = True) -> np.ndarray:
    r"""Exponential average started at zero, as Adam starts its averages.

    .. math:: m^0 = 0, \quad m^k = \beta m^{k-1} + (1 - \beta) w^k, \quad
        \hat m^k = \frac{m^k}{1 - \beta^k}

    Without correction the average is pulled toward zero in the first
    ``~1 / (1 - beta)`` steps, because its weights sum to ``1 - beta^k``;
    dividing by that sum removes the pull. At ``beta = 1`` the corrected
    average is undefined (0 / 0) and is returned as 0.

    Parameters
    ----------
    x : array_like, shape (K,) or (K, N)
        The series.
    beta : float
        Averaging parameter in [0, 1].
    bias_correction : bool, default True
        Return ``m^k / (1 - beta^k)`` instead of ``m^k``.
    """
    series = _series(x)
    beta = float(check_unit_interval("beta", beta))
    m = np.empty_like(series)
    previous = np.zeros_like(series[0])
    for k in range(series.shape[0]):
        previous = beta * previous + (1 - beta) * series[k]
        m[k] = previous
    if not bias_correction:
        return m
    weight_sums = 1 - beta ** np.arange(1, series.shape[0] + 1)
    weight_sums = weight_sums.reshape((-1,) + (1,) * (series.ndim - 1))
    out = np.zeros_like(m)
    return np.divide(m, weight_sums, out=out, where=weight_sums != 0)


def exponential_weights(k: int, beta: float) -> np.ndarray:
    r"""Weights of ``w^1 ... w^k`` in the exponential average ``h^k``.

    ``beta^{k-1}`` for ``w^1`` and ``beta^{k-j} (1 - beta)`` for ``w^j``,
    ``j >= 2``; they sum to 1.
    """
    if isinstance(k, bool) or int(k) != k or k < 1:
        raise ValueError(f"k must be a positive whole number; got {k!r}")
    beta = float(check_unit_interval("beta", beta))
    j = np.arange(1, int(k) + 1)
    weights = beta ** (k - j) * (1 - beta)
    weights[0] = beta ** (k - 1)
    return weights
