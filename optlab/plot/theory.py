"""Figures of the theory threads: distance to the minimum, data and fitted models.

Axes-level like the rest of :mod:`optlab.plot`: each function draws into the
``ax`` given (or a new one) and returns its artists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from ..functions import TestFunction
from ..history import History
from ..landscape import (
    optimal_parameters,
    regime_boundaries,
    spectral_radius,
)
from ._style import (
    DIVERGED_MARKER,
    as_histories,
    as_labels,
    best_setting_star,
    big,
    checked_function,
    method_style,
    new_axes,
    run_color,
    run_styles,
    shown_steps,
)
from .series import CostArtists, cost_curves

__all__ = [
    "DataFitArtists",
    "EigenErrorArtists",
    "RegimeMapArtists",
    "data_fit",
    "eigen_errors",
    "gap_curves",
    "regime_map",
]


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
    methods: Sequence[str] | None = None,
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
    methods : sequence of str, optional
        The method behind each boundary (keys of ``optlab.METHODS``): its
        colour, with a new line style for each repeat of a method. Without
        it the lines take the colours of a figure's series in order.
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
    if methods is None:
        looks = [
            (run_color(i), dashes[i % len(dashes)]) for i in range(len(boundaries))
        ]
    else:
        if len(methods) != len(boundaries):
            raise ValueError(
                f"methods must name one method per boundary ({len(boundaries)}); "
                f"got {len(methods)}"
            )
        seen: dict[str, int] = {}
        looks = []
        for m in methods:
            looks.append((method_style(m).color, dashes[seen.get(m, 0) % len(dashes)]))
            seen[m] = seen.get(m, 0) + 1
    lines = []
    for (label, at), (colour, dash) in zip(boundaries.items(), looks, strict=True):
        lines.append(
            ax.axvline(
                at,
                color=colour,
                linestyle=dash,
                linewidth=1.6,
                label=f"{label}: {at:.4g}",
            )
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"probability of {class_names[1]}")
    ax.set_ylim(-0.12, 1.12)
    ax.grid(alpha=0.3)
    legend = ax.legend(
        fontsize="small", framealpha=0.9, loc="center left", bbox_to_anchor=(1.01, 0.5)
    )
    return DataFitArtists(ax, points, line, lines, legend)


# --------------------------------------------------------------------------
# Momentum on a quadratic: errors per eigen direction, the regime map
# --------------------------------------------------------------------------


def _eigenbasis(f: TestFunction) -> tuple[np.ndarray, np.ndarray]:
    if f.hessian_matrix is None or not f.minimizers:
        raise ValueError(
            "function must be a quadratic with a stored Hessian and a minimizer "
            f"(skewed_quadratic, ravine_quadratic, rotated_quadratic); got {f!r}"
        )
    return np.linalg.eigh(f.hessian_matrix)


@dataclass
class EigenErrorArtists:
    """What :func:`eigen_errors` drew: per run, one line per component per panel."""

    axes: tuple[Axes, Axes]
    function: TestFunction
    lines: list[list[Line2D]]  # per run: [orig 1, orig 2, eigen 1, eigen 2]
    #: per run: [orig, eigen], a red cross on each component's last point
    #: when the run diverged (empty otherwise)
    crosses: list[list[Line2D]] = field(default_factory=list)
    #: the one key above both panels: a colour per run, a line style per
    #: component (it never moves: an explorer keeps it in its background)
    legend: Legend | None = None

    def update(self, i: int, history: History) -> None:
        """Show run ``history`` as run ``i``: its steps before a divergence,
        ended by red crosses if it diverged."""
        eigenvalues, vectors = _eigenbasis(self.function)
        n = shown_steps(history)
        error = np.asarray(history.w[:n], dtype=float) - np.ravel(
            self.function.minimizers[0]
        )
        k = np.arange(n)
        shown = [np.abs(error[:, 0]), np.abs(error[:, 1])]
        eigen = error @ vectors
        shown += [np.abs(eigen[:, 0]), np.abs(eigen[:, 1])]
        shown = [np.maximum(values, 1e-300) for values in shown]
        for line, values in zip(self.lines[i], shown, strict=True):
            line.set_data(k, values)
        if i < len(self.crosses):
            ends = [[v[-1] for v in shown[:2]], [v[-1] for v in shown[2:]]]
            for cross, end in zip(self.crosses[i], ends, strict=True):
                if history.diverged_at is None:
                    cross.set_data([], [])
                else:
                    cross.set_data([n - 1, n - 1], end)

    def rescale(self) -> None:
        """Fit both panels to the lines."""
        for ax in self.axes:
            ax.relim()
            ax.autoscale_view()


def eigen_errors(
    function,
    histories: History | Sequence[History],
    axes: tuple[Axes, Axes] | None = None,
    *,
    labels: Sequence[str] | None = None,
) -> EigenErrorArtists:
    r"""Each component of the error, in the original and in the eigen coordinates.

    For ``g(w) = w^T C w`` with Hessian ``H = Q diag(lambda) Q^T`` the error
    ``e = w - w*`` has components ``e_j`` (left panel) and eigen coordinates
    ``x_i = q_i^T e`` (right panel), each drawn as ``|.|`` against the step
    on a log axis: solid for the first component or the smaller eigenvalue,
    dashed for the second. One key above both panels, outside the data, names
    the runs by colour and the components by line style.

    Parameters
    ----------
    function : quadratic test function
    histories : History or sequence of History
    axes : (Axes, Axes), optional
        Where to draw; a new figure with two panels if omitted.
    labels : sequence of str, optional
    """
    f = checked_function(function, n_inputs=2)
    eigenvalues, _ = _eigenbasis(f)
    runs = as_histories(histories)
    names = as_labels(labels, runs)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
    axes = tuple(axes)
    artists = EigenErrorArtists(axes, f, [])
    for i, (name, (colour, _, _)) in enumerate(
        zip(names, run_styles(runs), strict=True)
    ):
        lines = []
        for ax, parts in (
            (axes[0], ("w₁", "w₂")),
            (axes[1], (f"λ = {eigenvalues[0]:.3g}", f"λ = {eigenvalues[1]:.3g}")),
        ):
            for style, part in zip(("-", "--"), parts, strict=True):
                (line,) = ax.plot(
                    [],
                    [],
                    color=colour,
                    linestyle=style,
                    linewidth=1.6,
                    label=f"{name}, {part}",
                )
                lines.append(line)
        artists.lines.append(lines)
        artists.crosses.append(
            [
                ax.plot([], [], linestyle="none", zorder=4, **big(DIVERGED_MARKER))[0]
                for ax in axes
            ]
        )
        artists.update(i, runs[i])
    for ax, title in zip(
        axes,
        ("original coordinates |wⱼᵏ − wⱼ*|", "eigen coordinates |qᵢᵀ(wᵏ − w*)|"),
        strict=True,
    ):
        ax.set_yscale("log")
        ax.set_xlabel("step k")
        ax.set_title(title, fontsize="medium")
        ax.grid(alpha=0.3)
    colours = [lines[0].get_color() for lines in artists.lines]
    artists.legend = _eigen_key(axes, names, colours, eigenvalues)
    artists.rescale()
    return artists


def _eigen_key(axes, names, colours, eigenvalues) -> Legend:
    """The key of :func:`eigen_errors`, above the panels: the runs by colour
    in its first column, what solid and dashed mean in each panel in the
    second, the diverged cross in the third. Made room for by a constrained
    layout; otherwise at the figure's top, where the caller leaves room."""
    grey = "#555555"
    handles = [Line2D([], [], color=colour, linewidth=1.6) for colour in colours]
    small, large = (f"{v:.3g}" for v in eigenvalues)
    handles += [
        Line2D([], [], color=grey, linestyle="-", linewidth=1.6),
        Line2D([], [], color=grey, linestyle="--", linewidth=1.6),
        Line2D([], [], linestyle="none", **DIVERGED_MARKER),
    ]
    labels = [
        *names,
        f"solid: w₁ (left), λ = {small} (right)",
        f"dashed: w₂ (left), λ = {large} (right)",
        "diverged",
    ]
    figure = axes[0].figure
    style = {"ncol": 3, "fontsize": "small", "frameon": False, "columnspacing": 2.0}
    if isinstance(figure.get_layout_engine(), ConstrainedLayoutEngine):
        return figure.legend(handles, labels, loc="outside upper center", **style)
    return figure.legend(
        handles, labels, loc="upper center", bbox_to_anchor=(0.5, 1.0), **style
    )


_RATE_CMAP = plt.get_cmap("Greens_r").with_extremes(bad="#f4c7cc")


@dataclass
class RegimeMapArtists:
    """What :func:`regime_map` drew."""

    ax: Axes
    mesh: object
    curves: dict
    star: Line2D | None


def regime_map(
    function,
    ax: Axes | None = None,
    *,
    alphas=None,
    betas=None,
    method: str = "momentum",
    colorbar: bool = True,
) -> RegimeMapArtists:
    r"""Predicted rate over (alpha, beta) with the regime boundaries of each direction.

    The colour is the predicted rate ``max |z|``
    (:func:`optlab.landscape.spectral_radius`; the error shrinks like
    ``rate^k``), pink where it is 1 or more. For the
    smallest and the largest eigenvalue of the Hessian the curves where the
    direction starts to ripple and stops rippling
    (:func:`optlab.landscape.regime_boundaries`) are drawn and labelled, with
    the stability limit (dashed) and the optimal pair (star).

    Parameters
    ----------
    function : quadratic test function
    ax : Axes, optional
    alphas, betas : 1-D arrays, optional
        The grid; 300 alphas from 1e-3 to 10 (log) and 300 betas in [0, 1).
    method : {"momentum", "heavy_ball"}
    colorbar : bool, default True
    """
    f = checked_function(function, n_inputs=2)
    eigenvalues, _ = _eigenbasis(f)
    low, high = float(eigenvalues.min()), float(eigenvalues.max())
    alphas = np.geomspace(1e-3, 10, 300) if alphas is None else np.asarray(alphas)
    betas = np.linspace(0, 0.995, 300) if betas is None else np.asarray(betas)
    ax = new_axes(ax, figsize=(7.5, 5))
    rate = spectral_radius(f, method, alphas[None, :], betas[:, None])
    shown = np.ma.masked_where(rate >= 1, rate)
    mesh = ax.pcolormesh(
        alphas, betas, shown, cmap=_RATE_CMAP, norm=Normalize(0.5, 1), shading="auto"
    )
    if colorbar:
        ax.figure.colorbar(
            mesh,
            ax=ax,
            label="predicted rate max |z| (pink: ≥ 1, no convergence)",
            extend="min",
        )
    ax.set_xscale("log")
    ax.set_xlim(alphas[0], alphas[-1])
    ax.set_ylim(betas[0], betas[-1])
    fine = np.linspace(0, betas[-1], 400)
    curves = {}
    styles = {
        ("ripples_from", low): ("#08306b", "-", f"λ = {low:.3g} starts to ripple"),
        ("ripples_to", low): ("#08306b", ":", f"λ = {low:.3g} stops rippling"),
        ("ripples_from", high): ("#d95f02", "-", f"λ = {high:.3g} starts to ripple"),
        ("ripples_to", high): ("#d95f02", ":", f"λ = {high:.3g} stops rippling"),
        ("diverges_from", high): ("#000000", "--", "stability limit"),
    }
    bounds = {lam: regime_boundaries(lam, fine, method) for lam in (low, high)}
    for (key, lam), (colour, style, label) in styles.items():
        (line,) = ax.plot(
            bounds[lam][key],
            fine,
            color=colour,
            linestyle=style,
            linewidth=1.8,
            label=label,
        )
        curves[(key, lam)] = line
    best = optimal_parameters(f, method)
    star = best_setting_star(
        ax,
        best["alpha"],
        best["beta"],
        label=f"predicted best α = {best['alpha']:.3g}, β = {best['beta']:.3g}",
    )
    ax.set_xlabel("α (log scale)")
    ax.set_ylabel("β")
    ax.legend(
        fontsize="small",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=3,
        framealpha=0.9,
    )
    return RegimeMapArtists(ax, mesh, curves, star)
