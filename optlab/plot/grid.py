"""Contour grids and levels, computed once and cached.

A grid is one vectorized call ``f.value(np.stack([W1, W2]))`` over a
``resolution x resolution`` mesh: no Python loop over grid points. Grids are
cached by (function, window, resolution) with :func:`functools.lru_cache`, so
a widget that redraws a path never evaluates the landscape again, and going
back to a function already seen costs nothing.

The cache key holds the TestFunction *object*: test functions hash by
identity, which is right because two functions with one name can differ (two
:func:`~optlab.functions.rotated_quadratic` calls with different condition
numbers). :func:`~optlab.functions.get_function` returns the same object for a
name every time, so built-in functions always hit the cache.
"""

from __future__ import annotations

from functools import lru_cache

import contourpy
import numpy as np

from ..functions import TestFunction
from ._style import checked_function

__all__ = [
    "checked_window",
    "contour_grid",
    "contour_levels",
    "contour_lines",
    "curve_grid",
]

Window = tuple[tuple[float, float], ...]


def checked_window(function: TestFunction, window=None) -> Window:
    """The window to draw: the one given (checked) or the function's default."""
    if window is None:
        return function.window
    try:
        pairs = tuple((float(lo), float(hi)) for lo, hi in window)
    except (TypeError, ValueError):
        raise ValueError(
            f"window must be one (low, high) pair per input, e.g. ((-2, 2), (-1, 3)); "
            f"got {window!r}"
        ) from None
    if len(pairs) != function.n_inputs or any(
        not (np.isfinite(lo) and np.isfinite(hi) and lo < hi) for lo, hi in pairs
    ):
        raise ValueError(
            f"window must be {function.n_inputs} finite (low, high) pair(s) with "
            f"low < high for {function.display_name}; got {window!r}"
        )
    return pairs


def _check_resolution(resolution) -> int:
    if isinstance(resolution, bool) or int(resolution) != resolution or resolution < 2:
        raise ValueError(f"resolution must be a whole number >= 2; got {resolution!r}")
    return int(resolution)


@lru_cache(maxsize=64)
def _grid(function: TestFunction, window: Window, resolution: int):
    (x0, x1), (y0, y1) = window
    w1, w2 = np.meshgrid(
        np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    )
    with np.errstate(all="ignore"):
        values = np.asarray(function.value(np.stack([w1, w2])), dtype=float)
    for array in (w1, w2, values):
        array.setflags(write=False)  # shared by every caller: keep it intact
    return w1, w2, values


def contour_grid(function, window=None, resolution: int = 200):
    """Values of a 2-input function over a mesh, cached.

    Parameters
    ----------
    function : str, TestFunction or callable
        The function (2 inputs).
    window : ((w1_low, w1_high), (w2_low, w2_high)), optional
        Region to cover; the function's default window if omitted.
    resolution : int, default 200
        Points along each axis.

    Returns
    -------
    W1, W2, Z : ndarray, shape (resolution, resolution)
        The mesh and ``g`` on it (read-only: they are shared through the cache).
        ``contour_grid.cache_info()`` reports hits and misses.
    """
    f = checked_function(function, n_inputs=2)
    return _grid(f, checked_window(f, window), _check_resolution(resolution))


contour_grid.cache_info = _grid.cache_info  # type: ignore[attr-defined]
contour_grid.cache_clear = _grid.cache_clear  # type: ignore[attr-defined]


@lru_cache(maxsize=64)
def _curve(function: TestFunction, window: Window, resolution: int):
    ((lo, hi),) = window
    w = np.linspace(lo, hi, resolution)
    with np.errstate(all="ignore"):
        values = np.asarray(function.value(w[None]), dtype=float)
    w.setflags(write=False)
    values.setflags(write=False)
    return w, values


def curve_grid(function, window=None, resolution: int = 400):
    """``(w, g(w))`` over the window of a 1-input function, cached like grids."""
    f = checked_function(function, n_inputs=1)
    return _curve(f, checked_window(f, window), _check_resolution(resolution))


@lru_cache(maxsize=64)
def _levels(function: TestFunction, window: Window, resolution: int, count: int):
    values = _grid(function, window, resolution)[2]
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise ValueError(f"{function.display_name} has no finite value in {window}")
    # Quantiles: each band covers about the same area, so the lines are spread
    # evenly over the picture whether the function is a gentle bowl or has
    # walls a million times higher than its valley (Rosenbrock, Beale).
    levels = np.unique(np.quantile(finite, np.linspace(0, 1, count + 2)[1:-1]))
    if levels.size < 2:
        low, high = finite.min(), finite.max()
        levels = np.linspace(low, high + (high == low), count)
    levels.setflags(write=False)
    return levels


def contour_levels(function, window=None, resolution: int = 200, count: int = 25):
    """``count`` contour levels for a function, spread by area (cached)."""
    f = checked_function(function, n_inputs=2)
    if isinstance(count, bool) or int(count) != count or count < 1:
        raise ValueError(f"levels must be a whole number >= 1; got {count!r}")
    return _levels(
        f, checked_window(f, window), _check_resolution(resolution), int(count)
    )


@lru_cache(maxsize=64)
def _lines(function: TestFunction, window: Window, resolution: int, levels: tuple):
    w1, w2, values = _grid(function, window, resolution)
    generator = contourpy.contour_generator(
        w1, w2, np.ma.masked_invalid(values), line_type=contourpy.LineType.SeparateCode
    )
    traced = [generator.lines(level) for level in levels]
    return [t[0] for t in traced], [t[1] for t in traced]


def contour_lines(function, window=None, resolution: int = 200, levels=25):
    """The traced contour lines ``(segments, kinds)`` per level, cached.

    Panels that show the same landscape (the stacked comparison, a widget
    switching back to a function) reuse the lines instead of tracing them
    again; :class:`matplotlib.contour.ContourSet` draws them directly.

    Returns
    -------
    levels : ndarray
    segments, kinds : list of lists of ndarray
        contourpy's ``SeparateCode`` output, one entry per level.
    """
    f = checked_function(function, n_inputs=2)
    window = checked_window(f, window)
    resolution = _check_resolution(resolution)
    if np.ndim(levels) == 0:
        levels = contour_levels(f, window, resolution, levels)
    levels = tuple(float(v) for v in np.sort(np.asarray(levels, dtype=float)))
    segments, kinds = _lines(f, window, resolution, levels)
    return np.array(levels), segments, kinds
