r"""Plots against the step number: cost histories, averages, step lengths.

Axes-level like :mod:`optlab.plot.paths`: each function draws into the ``ax``
given (or a new one) and returns its artists; those that a widget animates
have an ``update`` method that moves them in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from ..averages import exponential_average, exponential_weights, zero_started_average
from ..checks import check_choice, check_unit_interval
from ..history import History
from ._style import (
    DIVERGED_COLOR,
    DIVERGED_MARKER,
    as_histories,
    as_labels,
    big,
    log_axis,
    new_axes,
    place_legend,
    run_label,
    run_styles,
    shown_steps,
    thick,
    wrapped,
)

#: Components of one run (not methods): dark solid, then lighter dashed.
COMPONENT_STYLES = (("#222222", "-"), ("#8a8a8a", "--"), ("#555555", ":"))

__all__ = [
    "AVERAGE_STARTS",
    "AverageArtists",
    "CostArtists",
    "ComponentArtists",
    "WeightsArtists",
    "average_plot",
    "average_series",
    "average_weights",
    "cost_curves",
    "effective_learning_rates",
    "step_lengths",
]


# --------------------------------------------------------------------------
# Cost histories
# --------------------------------------------------------------------------


@dataclass
class CostArtists:
    """What :func:`cost_curves` drew: one line and one divergence mark per run."""

    ax: Axes
    lines: list[Line2D]
    crosses: list[Line2D]
    legend: Legend | None

    def update(self, i: int, history: History, upto: int | None = None) -> None:
        """Show run ``history`` as curve ``i`` (up to step ``upto``)."""
        valid = shown_steps(history)
        shown = valid if upto is None else max(1, min(valid, int(upto) + 1))
        cost = np.asarray(history.cost, dtype=float)
        self.lines[i].set_data(np.arange(shown), cost[:shown])
        reached = history.diverged_at is not None and shown == valid
        last = (shown - 1, cost[shown - 1])
        self.crosses[i].set_data([last[0]], [last[1]])
        self.crosses[i].set_visible(bool(reached))

    def rescale(self) -> None:
        """Fit the axes to the visible curves."""
        self.ax.relim(visible_only=True)
        self.ax.autoscale_view()


def cost_curves(
    histories: History | Sequence[History],
    ax: Axes | None = None,
    *,
    labels: Sequence[str] | None = None,
    log: bool = False,
    legend: bool = True,
) -> CostArtists:
    """Cost ``g(w^k)`` against the step ``k`` for one or more runs.

    A diverged run is drawn up to its last finite step and ended by a red
    cross; its legend entry says where it diverged.

    Parameters
    ----------
    histories : History or sequence of History
    ax : Axes, optional
    labels : sequence of str, optional
        Legend entries; ``History.label`` by default.
    log : bool, default False
        Logarithmic cost axis (costs <= 0 are left out).
    legend : bool, default True

    Returns
    -------
    CostArtists
    """
    runs = as_histories(histories)
    names = (
        as_labels(labels, runs) if labels is not None else list(map(run_label, runs))
    )
    ax = new_axes(ax, figsize=(6.4, 3.4))
    artists = CostArtists(ax, [], [], None)
    styles = run_styles(runs)
    for h, name, (color, _, linestyle) in zip(runs, names, styles, strict=True):
        if h.diverged_at is not None:
            name = f"{name}, diverged at step {h.diverged_at}"
        (line,) = ax.plot(
            [], [], color=color, linestyle=linestyle, linewidth=thick(1.8), label=name
        )
        (cross,) = ax.plot([], [], linestyle="none", zorder=4, **big(DIVERGED_MARKER))
        artists.lines.append(line)
        artists.crosses.append(cross)
        artists.update(len(artists.lines) - 1, h)
    if log:
        log_axis(ax, "y")
    artists.rescale()
    ax.set_xlabel("step k")
    ax.set_ylabel("cost g(wᵏ)")
    ax.grid(alpha=0.3)
    if legend and runs:
        artists.legend = place_legend(ax, fontsize="small")
    return artists


# --------------------------------------------------------------------------
# Exponential averages (lesson 2)
# --------------------------------------------------------------------------

#: How an average can start: at the first point (h^1 = w^1), at zero, or at
#: zero with Adam's bias correction.
AVERAGE_STARTS = {
    "first": "first point",
    "zero": "zero",
    "zero_corrected": "zero, bias-corrected",
}


def average_series(x, beta: float, start: str = "first") -> np.ndarray:
    r"""The exponential average of ``x`` with the chosen start.

    ``"first"``: :math:`h^1 = w^1,\ h^k = \beta h^{k-1} + (1-\beta) w^k`;
    ``"zero"``: the same recursion from :math:`h^0 = 0`; ``"zero_corrected"``:
    that divided by :math:`1 - \beta^k`.
    """
    check_choice("start", start, AVERAGE_STARTS)
    if start == "first":
        return exponential_average(x, beta)
    return zero_started_average(x, beta, bias_correction=start == "zero_corrected")


def _series_values(x, dates):
    """Values, time axis and name of a series (numbers or an optlab Series)."""
    name = getattr(x, "name", None)
    if hasattr(x, "values") and hasattr(x, "dates"):
        dates = x.dates if dates is None else dates
        x = x.values
    values = np.asarray(x, dtype=float)
    if values.ndim != 1:
        raise ValueError(
            f"x must be a series of numbers, shape (K,); got shape {values.shape}"
        )
    if dates is None:
        t = np.arange(1, values.size + 1, dtype=float)
    else:
        t = np.asarray(dates, dtype=float)
        if t.shape != values.shape:
            raise ValueError(
                f"dates must have one entry per point ({values.size}); "
                f"got shape {t.shape}"
            )
    return values, t, name


@dataclass
class AverageArtists:
    """What :func:`average_plot` drew, with :meth:`update` for the widgets."""

    ax: Axes
    series: Line2D
    average: Line2D
    current: Line2D
    legend: Legend
    values: np.ndarray
    t: np.ndarray

    def update(
        self, beta: float, start: str = "first", upto: int | None = None
    ) -> np.ndarray:
        """Recompute the average; reveal the first ``upto`` points (all by default).

        Returns the whole average.
        """
        h = average_series(self.values, beta, start)
        n = (
            self.values.size
            if upto is None
            else max(1, min(int(upto), self.values.size))
        )
        self.series.set_data(self.t[:n], self.values[:n])
        self.average.set_data(self.t[:n], h[:n])
        self.current.set_data(self.t[n - 1 : n], h[n - 1 : n])
        self.average.set_label(f"exponential average, $\\beta$ = {beta:.3g}")
        self.legend.get_texts()[1].set_text(self.average.get_label())
        return h


def average_plot(
    x,
    beta: float,
    ax: Axes | None = None,
    *,
    dates=None,
    start: str = "first",
) -> AverageArtists:
    r"""A series and its exponential average.

    .. math:: h^1 = w^1, \quad h^k = \beta h^{k-1} + (1 - \beta) w^k

    Parameters
    ----------
    x : array_like, shape (K,), or optlab.data.Series
        The series (a Series brings its dates and name).
    beta : float
        Averaging parameter in [0, 1].
    ax : Axes, optional
    dates : array_like, shape (K,), optional
        Time of each point; 1, 2, ..., K if omitted.
    start : {"first", "zero", "zero_corrected"}, default "first"
        Start at the first point, at zero, or at zero with bias correction.

    Returns
    -------
    AverageArtists
    """
    check_unit_interval("beta", beta)
    values, t, name = _series_values(x, dates)
    ax = new_axes(ax, figsize=(9.0, 3.6))
    (series,) = ax.plot(
        t,
        values,
        color="#7f7f7f",
        linewidth=0.8,
        marker=".",
        markersize=3,
        label=name or "series $w^k$",
    )
    (average,) = ax.plot(
        t, values, color="#d55e00", linewidth=thick(2.2), label="average"
    )
    (current,) = ax.plot(
        t[-1:],
        values[-1:],
        linestyle="none",
        marker="o",
        markersize=7,
        color="#d55e00",
        markeredgecolor="white",
    )
    ax.set_xlim(t[0], t[-1])
    ax.set_xlabel("date" if dates is not None or name else "$k$")
    ax.set_ylabel(name or "$w^k$")
    ax.grid(alpha=0.3)
    legend = place_legend(ax, fontsize="small")
    artists = AverageArtists(ax, series, average, current, legend, values, t)
    artists.update(beta, start)
    return artists


@dataclass
class WeightsArtists:
    """What :func:`average_weights` drew."""

    ax: Axes
    bars: BarContainer
    note: Text


def average_weights(k: int, beta: float, ax: Axes | None = None) -> WeightsArtists:
    r"""The weight of each point ``w^j`` in the average ``h^k``, as bars.

    ``beta^(k-j) (1 - beta)`` for ``j >= 2`` and ``beta^(k-1)`` for the first
    point (highlighted); they sum to 1.

    Parameters
    ----------
    k : int
        Which average, k >= 1.
    beta : float
        Averaging parameter in [0, 1].
    ax : Axes, optional

    Returns
    -------
    WeightsArtists
    """
    weights = exponential_weights(k, beta)
    ax = new_axes(ax, figsize=(7.0, 3.0))
    j = np.arange(1, weights.size + 1)
    colors = ["#0072b2"] * weights.size
    colors[0] = "#d55e00"
    bars = ax.bar(j, weights, width=0.8, color=colors)
    window = "unbounded" if beta >= 1 else f"{1 / (1 - beta):.3g}"
    note = ax.text(
        0.02,
        0.95,
        f"$\\beta$ = {beta:.3g}: weights sum to {weights.sum():.3g}; "
        f"window $1/(1-\\beta)$ = {window} points\n"
        f"first point $w^1$ weighs $\\beta^{{k-1}}$ = {weights[0]:.3g}",
        transform=ax.transAxes,
        va="top",
        fontsize="small",
    )
    ax.set_xlabel("$j$ (point $w^j$)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(f"weight in $h^{{{k}}}$")
    ax.set_xlim(0.3, weights.size + 0.7)
    ax.set_ylim(0, max(weights.max(), 1e-12) * 1.35)
    return WeightsArtists(ax, bars, note)


# --------------------------------------------------------------------------
# Per-component effective learning rates and step lengths
# --------------------------------------------------------------------------


@dataclass
class ComponentArtists:
    """What :func:`effective_learning_rates` or :func:`step_lengths` drew.

    One line per component.
    """

    ax: Axes
    lines: list[Line2D]
    legend: Legend


def effective_learning_rates(
    history: History, ax: Axes | None = None, *, log: bool = True
) -> ComponentArtists:
    r"""Each component's effective learning rate over the iterations.

    The effective learning rate of component j is what multiplies its
    (averaged) partial derivative in the update, e.g. for RMSprop

    .. math:: w_j^k = w_j^{k-1} - \frac{\alpha}{\sqrt{h_j^k + \epsilon}}\,
              \partial_j g(w^{k-1}),

    the factor :math:`\alpha / \sqrt{h_j^k + \epsilon}` (``state["effective_lr"]``).
    It is a multiplier, not a distance: it can grow while the run sits at the
    minimizer. :func:`step_lengths` draws how far each component moves.

    Parameters
    ----------
    history : History
        One run of an adaptive method made with ``record_state=True``.
    ax : Axes, optional
    log : bool, default True
        Logarithmic axis (the rates span orders of magnitude).

    Returns
    -------
    ComponentArtists
    """
    (run,) = as_histories(history)
    if "effective_lr" not in run.state:
        raise ValueError(
            "history has no effective learning rate: run an adaptive method "
            "(adagrad, rmsprop, adadelta, adam, normalized_gd, sign_gd) with "
            f"record_state=True; got method {run.method!r} with state "
            f"{sorted(run.state) or 'not recorded'}"
        )
    rate = np.asarray(run.state["effective_lr"], dtype=float)
    return _component_lines(
        run,
        rate.reshape(rate.shape[0], -1),
        ax,
        log=log,
        ylabel="effective learning rate",
        title=f"{run_label(run)}: effective learning rates",
    )


def step_lengths(
    history: History, ax: Axes | None = None, *, log: bool = True
) -> ComponentArtists:
    r"""How far each component moves at each step, :math:`|w_j^k - w_j^{k-1}|`.

    Parameters
    ----------
    history : History
        One run (any method; no recorded state needed).
    ax : Axes, optional
    log : bool, default True
        Logarithmic axis.

    Returns
    -------
    ComponentArtists
    """
    (run,) = as_histories(history)
    w = np.asarray(run.w, dtype=float)
    moved = np.abs(np.diff(w.reshape(w.shape[0], -1), axis=0))
    return _component_lines(
        run,
        moved,
        ax,
        log=log,
        ylabel="step length per component",
        title=f"{run_label(run)}: step lengths",
    )


def _component_lines(
    run: History,
    values: np.ndarray,
    ax: Axes | None,
    *,
    log: bool,
    ylabel: str,
    title: str,
) -> ComponentArtists:
    """One line per component of ``values`` (steps x components) against k."""
    values = np.where(np.isfinite(values) & (values > 0), values, np.nan)
    ax = new_axes(ax, figsize=(6.4, 3.4))
    k = np.arange(1, values.shape[0] + 1)
    lines = []
    for j in range(values.shape[1]):
        color, linestyle = COMPONENT_STYLES[j % len(COMPONENT_STYLES)]
        (line,) = ax.plot(
            k,
            values[:, j],
            color=color,
            linestyle=linestyle,
            linewidth=thick(1.8),
            label=f"component $w_{j + 1}$",
        )
        lines.append(line)
    if log and np.any(np.isfinite(values)):
        log_axis(ax, "y")
    if run.diverged_at is not None:
        ax.axvline(run.diverged_at, color=DIVERGED_COLOR, linestyle="--")
        ax.text(
            run.diverged_at,
            0.95,
            f" diverged at step {run.diverged_at}",
            transform=ax.get_xaxis_transform(),
            color=DIVERGED_COLOR,
            va="top",
        )
    ax.set_xlabel("step k")
    ax.set_ylabel(ylabel)
    ax.set_title(wrapped(title, ax, 10), fontsize="medium", loc="left")
    ax.grid(alpha=0.3)
    return ComponentArtists(ax, lines, place_legend(ax, fontsize="small"))
