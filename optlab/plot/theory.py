"""Figures of the theory threads: distance to the minimum, data and fitted models.

Axes-level like the rest of :mod:`optlab.plot`: each function draws into the
``ax`` given (or a new one) and returns its artists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from ..history import History
from ._style import as_histories, as_labels, new_axes, run_color
from .series import CostArtists, cost_curves

__all__ = ["DataFitArtists", "data_fit", "gap_curves"]


def gap_curves(
    histories: History | Sequence[History],
    minimum: float,
    ax: Axes | None = None,
    *,
    labels: Sequence[str] | None = None,
    floor: float = 1e-16,
) -> CostArtists:
    """The gap ``g(w^k) - g_min`` against the step k, on a log axis.

    A cost whose minimum is not zero (a model's cross-entropy) cannot show
    its convergence on a log axis of the cost itself; the gap can. Gaps below
    ``floor`` (rounding) are drawn at ``floor``.

    Parameters
    ----------
    histories : History or sequence of History
    minimum : float
        The smallest value g_min of the cost.
    ax : Axes, optional
    labels : sequence of str, optional
    floor : float, default 1e-16
    """
    runs = as_histories(histories)
    names = as_labels(labels, runs)
    gaps = [
        replace(h, cost=np.maximum(np.asarray(h.cost, dtype=float) - minimum, floor))
        for h in runs
    ]
    artists = cost_curves(gaps, ax, labels=names, log=True)
    artists.ax.set_ylabel("g(wᵏ) − g_min")
    return artists


@dataclass
class DataFitArtists:
    """What :func:`data_fit` drew."""

    ax: Axes
    points: list[Line2D]
    curve: Line2D | None
    boundaries: list[Line2D]
    legend: Legend


def data_fit(
    x,
    y,
    boundaries: Mapping[str, float],
    ax: Axes | None = None,
    *,
    curve: tuple[np.ndarray, np.ndarray] | None = None,
    class_names: tuple[str, str] = ("0", "1"),
    xlabel: str = "x",
    jitter: float = 0.04,
    seed: int = 0,
) -> DataFitArtists:
    """One feature against 0/1 labels, a fitted probability and decision boundaries.

    Each sample is a dot at height 0 or 1 (spread a little vertically so
    equal values stay visible); each boundary is a vertical line where a
    model's probability crosses 1/2, in the run colours and dash styles so
    lines that coincide stay distinguishable.

    Parameters
    ----------
    x, y : array_like
        The feature and the 0/1 labels.
    boundaries : mapping of str to float
        Label -> the feature value where the model predicts 1/2.
    ax : Axes, optional
    curve : (x values, probabilities), optional
        A fitted probability sigma(w1 + w2 x) to draw.
    class_names : (str, str)
        Names of the classes 0 and 1 for the legend.
    xlabel : str
    jitter : float, default 0.04
        Vertical spread of the dots.
    seed : int, default 0
        Seed of the spread (the same figure every time).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ax = new_axes(ax, figsize=(8.0, 3.6))
    spread = np.random.default_rng(seed).uniform(-jitter, jitter, size=len(x))
    points = []
    for value, name, colour in (
        (0, class_names[0], "#777777"),
        (1, class_names[1], "#222222"),
    ):
        chosen = y == value
        (dots,) = ax.plot(
            x[chosen],
            y[chosen] + spread[chosen],
            linestyle="none",
            marker="o",
            markersize=4,
            markerfacecolor="none",
            markeredgecolor=colour,
            alpha=0.6,
            label=f"{name} ({int(chosen.sum())})",
        )
        points.append(dots)
    line = None
    if curve is not None:
        (line,) = ax.plot(
            *curve, color="#08306b", linewidth=1.6, label="fitted probability"
        )
    dashes = ("-", "--", ":", "-.")
    lines = []
    for i, (label, at) in enumerate(boundaries.items()):
        lines.append(
            ax.axvline(
                at,
                color=run_color(i),
                linestyle=dashes[i % len(dashes)],
                linewidth=1.6,
                label=f"{label}: {at:.4g}",
            )
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"probability of {class_names[1]}")
    ax.set_ylim(-0.12, 1.12)
    ax.grid(alpha=0.3)
    legend = ax.legend(
        fontsize=8, framealpha=0.9, loc="center left", bbox_to_anchor=(1.01, 0.5)
    )
    return DataFitArtists(ax, points, line, lines, legend)
