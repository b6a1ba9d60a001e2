r"""Landscapes with optimizer paths: contours, surfaces, curves and arrows.

Every function here is *axes-level*: it draws into the ``ax`` given (or a new
one), returns the artists it made in a small dataclass, and never calls
``plt.show()``. The same call serves a static figure, a notebook cell and a
widget: the widgets keep the returned artists and move them with their
``update`` methods instead of drawing again.

How a path looks, everywhere in the course:

* each method in its own colour and marker (:data:`~optlab.plot._style.METHOD_STYLES`);
* with one method, points coloured by step on a ramp whose lightness rises
  from first to last (viridis); with several, each keeps its method colour;
* a hollow ring at the start, a square at the end, a star at each minimizer;
* a diverged run drawn up to its last finite point, ended by a red cross,
  with the note "diverged at step k" in the corner;
* a legend that says all of this, in an empty corner or outside the axes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import Normalize
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.quiver import Quiver
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from ..functions import TestFunction
from ..history import History
from ._style import (
    CONTOUR_CMAP,
    DIVERGED_COLOR,
    DIVERGED_MARKER,
    END_MARKER,
    MINIMIZER_STYLE,
    START_MARKER,
    STEP_CMAP,
    as_histories,
    as_labels,
    big,
    checked_function,
    new_axes,
    place_legend,
    run_label,
    run_styles,
    text_scale,
    thick,
    wrapped,
)
from .grid import checked_window, contour_grid, contour_lines, curve_grid

__all__ = [
    "ContourArtists",
    "CurveArtists",
    "PathArtists",
    "PathsArtists",
    "StateArrows",
    "contours",
    "curve_path",
    "draw_path",
    "path_points",
    "paths",
    "stacked_paths",
    "state_arrows",
    "surface_and_contours",
]


# --------------------------------------------------------------------------
# Contours
# --------------------------------------------------------------------------


@dataclass
class ContourArtists:
    """What :func:`contours` drew."""

    ax: Axes
    contour_set: ContourSet
    minimizers: Line2D | None


def contours(
    function,
    ax: Axes | None = None,
    *,
    window=None,
    levels: int | Sequence[float] = 25,
) -> ContourArtists:
    """Contour lines of a 2-input function over its window.

    Parameters
    ----------
    function : str, TestFunction or callable
        The cost ``g(w1, w2)``.
    ax : Axes, optional
        Where to draw; a new figure if omitted.
    window : ((w1_low, w1_high), (w2_low, w2_high)), optional
        Region to show; the function's default window if omitted.
    levels : int or sequence of float, default 25
        Number of lines (spread so each band covers a similar area) or the
        values to draw.

    Returns
    -------
    ContourArtists
        The contour set and the marker of the known minimizers.
    """
    f = checked_function(function, n_inputs=2)
    ax = new_axes(ax)
    window = checked_window(f, window)
    levels, segments, kinds = contour_lines(f, window, levels=levels)
    contour_set = ContourSet(
        ax, levels, segments, kinds, cmap=CONTOUR_CMAP, linewidths=thick(0.9), zorder=1
    )
    inside = [
        m
        for m in f.minimizers
        if all(lo <= x <= hi for x, (lo, hi) in zip(np.ravel(m), window, strict=True))
    ]
    minimizers = None
    if inside:
        points = np.array([np.ravel(m) for m in inside])
        (minimizers,) = ax.plot(
            points[:, 0],
            points[:, 1],
            linestyle="none",
            zorder=2,
            label="_minimizer",
            **big(MINIMIZER_STYLE),
        )
    ax.set_xlim(window[0])
    ax.set_ylim(window[1])
    # a few round ticks read better on a projector, and each tick costs draw time
    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    return ContourArtists(ax, contour_set, minimizers)


def labels_for(labels, runs: list[History]) -> list[str]:
    """Legend labels: the ones given, else display name and settings of each run."""
    if labels is None:
        return [run_label(h) for h in runs]
    return as_labels(labels, runs)


def fitted_title(ax: Axes, title: str, fontsize: float) -> str:
    """``title`` broken into lines no wider than ``ax`` (never cut)."""
    return wrapped(title, ax, fontsize)


# --------------------------------------------------------------------------
# One path, drawn once and moved in place
# --------------------------------------------------------------------------


def path_points(history: History) -> np.ndarray:
    """The points of a run as an array ``(K + 1, 2)`` to draw.

    ``(w1, w2)`` for a 2-input function, ``(w, g(w))`` for a 1-input one.
    """
    w = np.asarray(history.w, dtype=float)
    if w.ndim == 1:
        return np.column_stack([w, history.cost])
    if w.ndim == 2 and w.shape[1] == 1:
        return np.column_stack([w[:, 0], history.cost])
    if w.ndim == 2 and w.shape[1] == 2:
        return w
    raise ValueError(
        "history must be one run of a 1- or 2-input function (w of shape (K+1,) "
        f"or (K+1, 2)); got w of shape {w.shape}"
    )


@dataclass
class PathArtists:
    """The artists of one path, with :meth:`update` to move them in place."""

    line: Line2D
    points: PathCollection
    start: Line2D
    end: Line2D
    note: Text
    label: str
    color: str
    step_colours: bool = True
    marker: str = "o"

    def restyle(self, color: str, marker: str) -> None:
        """Draw the path in another method's colour and marker."""
        self.color, self.marker = color, marker
        self.line.set_color(color)
        self.points.set_edgecolor(color)
        if not self.step_colours:
            self.points.set_facecolor(color)
        self.points.set_paths(
            PathCollection([MarkerStyle(marker).get_path()]).get_paths()
        )
        self.start.set_markeredgecolor(color)
        self.end.set_markeredgecolor(color)

    def update(
        self,
        xy: np.ndarray,
        diverged_at: int | None = None,
        upto: int | None = None,
        label: str | None = None,
    ) -> None:
        """Show the points ``xy[0 .. upto]`` (all by default).

        Parameters
        ----------
        xy : ndarray, shape (K + 1, 2)
            Every point of the run (:func:`path_points`).
        diverged_at : int, optional
            Step at which the run diverged; later points are not drawn.
        upto : int, optional
            Last step to reveal (the Play control of the explorers).
        label : str, optional
            New name for the divergence note.
        """
        if label is not None:
            self.label = label
        total = len(xy) - 1
        valid = len(xy) if diverged_at is None else int(diverged_at)
        shown = valid if upto is None else max(1, min(valid, int(upto) + 1))
        visible = xy[:shown]
        self.line.set_data(visible[:, 0], visible[:, 1])
        self.points.set_offsets(visible)
        if self.step_colours:
            self.points.set_array(np.arange(shown, dtype=float))
            self.points.set_clim(0, max(total, 1))
        self.start.set_data(xy[:1, 0], xy[:1, 1])
        self.end.set_data(visible[-1:, 0], visible[-1:, 1])
        reached_divergence = diverged_at is not None and shown == valid
        self.end.set_marker(
            DIVERGED_MARKER["marker"] if reached_divergence else END_MARKER["marker"]
        )
        self.end.set_markerfacecolor(DIVERGED_COLOR if reached_divergence else "white")
        self.end.set_markeredgecolor(
            DIVERGED_COLOR if reached_divergence else self.color
        )
        self.end.set_markersize(
            big(DIVERGED_MARKER if reached_divergence else END_MARKER)["markersize"]
        )
        self.note.set_text(
            f"{self.label}: diverged at step {diverged_at}"
            if reached_divergence
            else ""
        )


def draw_path(
    ax: Axes,
    history: History,
    *,
    label: str,
    index: int = 0,
    step_colours: bool = True,
    zorder: float = 3,
    color: str | None = None,
    marker: str | None = None,
    linestyle: str = "-",
) -> PathArtists:
    """Draw one run's path on ``ax``: the code every path plot and widget shares.

    Parameters
    ----------
    ax : Axes
    history : History
        One run (of a 1- or 2-input function).
    label : str
        Its name in the divergence note.
    index : int, default 0
        Which run of the figure it is: picks its divergence note's slot.
    step_colours : bool, default True
        Points coloured by step (viridis, dark to light); False paints them
        the method's colour.
    zorder : float, default 3
    color, marker : str, optional
        The method's colour and marker (:func:`~optlab.plot._style.method_style`)
        unless given.
    linestyle : str, default "-"
        Line between the points (a repeated method is dashed).
    """
    (own_color, own_marker, _), *_ = run_styles([history])
    color = color or own_color
    marker = marker or own_marker
    xy = path_points(history)
    (line,) = ax.plot(
        [],
        [],
        color=color,
        linewidth=thick(1.6),
        alpha=0.9,
        zorder=zorder,
        linestyle=linestyle,
    )
    colouring = (
        {"c": np.zeros(0), "cmap": STEP_CMAP, "norm": Normalize(0, 1)}
        if step_colours
        else {"facecolors": color}
    )
    points = ax.scatter(
        np.zeros(0),
        np.zeros(0),
        s=30 * big({"markersize": 1.0})["markersize"] ** 2,
        marker=marker,
        edgecolors=color,
        linewidths=0.8,
        zorder=zorder + 0.1,
        **colouring,
    )
    (start,) = ax.plot(
        [],
        [],
        linestyle="none",
        markeredgecolor=color,
        markeredgewidth=2,
        zorder=zorder + 0.2,
        **big(START_MARKER),
    )
    (end,) = ax.plot(
        [],
        [],
        linestyle="none",
        markeredgecolor=color,
        markeredgewidth=1.6,
        zorder=zorder + 0.3,
        **big(END_MARKER),
    )
    note = ax.text(
        0.02,
        0.97 - 0.09 * index,
        "",
        transform=ax.transAxes,
        ha="left",
        va="top",
        color=DIVERGED_COLOR,
        fontsize="small",
        zorder=6,
        bbox={
            "boxstyle": "round,pad=0.25",
            "facecolor": "white",
            "alpha": 0.85,
            "edgecolor": DIVERGED_COLOR,
            "linewidth": 0.8,
        },
    )
    artists = PathArtists(
        line, points, start, end, note, label, color, step_colours, marker
    )
    artists.update(xy, history.diverged_at)
    return artists


def _draw_paths(
    ax: Axes, runs: list[History], names: list[str], ramp: bool
) -> list[PathArtists]:
    """Every run in its method's colour and marker (a repeat dashed)."""
    return [
        draw_path(
            ax,
            h,
            label=name,
            index=i,
            step_colours=ramp,
            color=color,
            marker=marker,
            linestyle=linestyle,
        )
        for i, (h, name, (color, marker, linestyle)) in enumerate(
            zip(runs, names, run_styles(runs), strict=True)
        )
    ]


def marker_handles(
    *, minimizer: bool = True, diverged: bool = False, step_ramp: bool = False
) -> list[Line2D]:
    """Legend entries that explain the marks of every path figure."""
    grey = "#444444"
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            markeredgecolor=grey,
            label="start",
            **START_MARKER,
        ),
        Line2D(
            [], [], linestyle="none", markeredgecolor=grey, label="end", **END_MARKER
        ),
    ]
    if step_ramp:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markerfacecolor=STEP_CMAP(0.0),
                markeredgecolor=STEP_CMAP(0.0),
                label="first steps dark, last light",
            )
        )
    if minimizer:
        handles.append(
            Line2D([], [], linestyle="none", label="minimizer", **MINIMIZER_STYLE)
        )
    if diverged:
        handles.append(
            Line2D([], [], linestyle="none", label="diverged", **DIVERGED_MARKER)
        )
    return handles


def _legend(
    ax: Axes,
    artists: Sequence[PathArtists],
    labels: Sequence[str],
    histories: Sequence[History] = (),
    minimizer: bool = True,
) -> Legend:
    """One entry per run, drawn like the run, then what the marks mean;
    placed in a corner no data crosses, or outside the axes."""
    handles = []
    for i, (a, label) in enumerate(zip(artists, labels, strict=True)):
        diverged_at = histories[i].diverged_at if i < len(histories) else None
        if diverged_at is not None:
            # the legend carries the note, so notes and legend never collide
            label = f"{label}, diverged at step {diverged_at}"
            a.note.set_visible(False)
        handles.append(
            Line2D(
                [],
                [],
                color=a.color,
                linestyle=a.line.get_linestyle(),
                marker=a.marker,
                markerfacecolor="white" if a.step_colours else a.color,
                markeredgecolor=a.color,
                label=label,
            )
        )
    handles += marker_handles(
        minimizer=minimizer,
        diverged=any(h.diverged_at is not None for h in histories),
        step_ramp=any(a.step_colours for a in artists),
    )
    return place_legend(ax, handles=handles, fontsize="small")


@dataclass
class PathsArtists:
    """What :func:`paths` drew: contours, one :class:`PathArtists` per run, legend."""

    ax: Axes
    contours: ContourArtists
    paths: list[PathArtists]
    legend: Legend | None = None


def paths(
    function,
    histories: History | Sequence[History],
    ax: Axes | None = None,
    *,
    window=None,
    levels: int | Sequence[float] = 25,
    labels: Sequence[str] | None = None,
    equal_aspect: bool = False,
    legend: bool = True,
    step_colours: bool = True,
) -> PathsArtists:
    """Contours of a 2-input function with one or more optimizer paths.

    Parameters
    ----------
    function : str, TestFunction or callable
        The cost the runs minimized (2 inputs).
    histories : History or sequence of History
        The runs to draw.
    ax : Axes, optional
        Where to draw; a new figure if omitted.
    window, levels
        As in :func:`contours`.
    labels : sequence of str, optional
        Legend entries; display name and settings of each run by default.
    equal_aspect : bool, default False
        Draw one unit of w1 as long as one unit of w2 (true angles).
    legend : bool, default True
        Add a legend by method, with what the marks mean.
    step_colours : bool, default True
        With a single run, colour its points by step (dark to light); with
        several runs each keeps its method colour whatever this says.

    Returns
    -------
    PathsArtists
    """
    runs = as_histories(histories)
    names = labels_for(labels, runs)
    ax = new_axes(ax)
    drawn = contours(function, ax, window=window, levels=levels)
    ramp = step_colours and len(runs) == 1
    artists = _draw_paths(ax, runs, names, ramp)
    if equal_aspect:
        ax.set_aspect("equal", adjustable="box")
    shown = (
        _legend(ax, artists, names, runs, drawn.minimizers is not None)
        if legend and runs
        else None
    )
    return PathsArtists(ax, drawn, artists, shown)


def stacked_paths(
    function,
    histories: History | Sequence[History],
    *,
    titles: Sequence[str] | None = None,
    window=None,
    levels: int | Sequence[float] = 25,
    figsize: tuple[float, float] | None = None,
) -> tuple[Figure, np.ndarray]:
    """One contour panel per run, stacked, with shared axes (lesson 3's figure).

    Returns
    -------
    fig : Figure
    axes : ndarray of Axes
        One per run; each carries its :class:`PathsArtists` as ``ax.optlab``.
    """
    runs = as_histories(histories)
    if not runs:
        raise ValueError("histories must contain at least one History; got none")
    names = labels_for(titles, runs)
    f = checked_function(function, n_inputs=2)
    figsize = figsize or (7.0, 2.3 * len(runs) + 0.55)
    fig = plt.figure(figsize=figsize)
    _fixed_margins(fig, rows=len(runs))
    axes = np.atleast_1d(fig.subplots(len(runs), 1, sharex=True, sharey=True))
    for ax, h, name in zip(axes, runs, names, strict=True):
        ax.optlab = paths(f, h, ax, window=window, levels=levels, legend=False)
        ax.set_title(
            fitted_title(ax, name, fontsize="medium"),
            loc="left",
            fontsize="medium",
            y=1.0,
            pad=3,
        )
        ax.set_ylabel("w₂")
        ax.set_xlabel("")
    axes[-1].set_xlabel("w₁")
    return fig, axes


def _fixed_margins(fig: Figure, rows: int) -> None:
    """Margins in inches for a column of panels.

    A fixed layout is several times faster to draw than a constrained one
    (which measures every label at each draw), and this figure's labels are
    known in advance: tick labels left and below, a one-line title per panel.
    """
    width, height = fig.get_size_inches()
    grow = text_scale()  # lecture mode: larger labels, wider margins
    fig.subplots_adjust(
        left=0.62 * grow / width,
        right=1 - 0.15 / width,
        bottom=0.5 * grow / height,
        top=1 - 0.3 * grow / height,
        hspace=0.42 * grow * rows / max(height - 0.8 * grow, 1.0),
    )


# --------------------------------------------------------------------------
# Surface and contours side by side
# --------------------------------------------------------------------------


def surface_and_contours(
    function,
    histories: History | Sequence[History] = (),
    *,
    window=None,
    view: tuple[float, float] = (20, 300),
    figsize: tuple[float, float] | None = None,
    labels: Sequence[str] | None = None,
) -> tuple[Figure, tuple[Axes, Axes]]:
    """The surface ``g(w1, w2)`` beside its contours, with paths on both.

    Parameters
    ----------
    function : str, TestFunction or callable
        A 2-input cost.
    histories : History or sequence of History, optional
        Runs to draw on both views.
    window : optional
        As in :func:`contours`.
    view : (elevation, azimuth), default (20, 300)
        Camera angles of the surface, in degrees.
    figsize : (width, height), optional
    labels : sequence of str, optional
        Legend entries.

    Returns
    -------
    fig, (ax3d, ax2d)
    """
    f = checked_function(function, n_inputs=2)
    runs = as_histories(histories)
    names = labels_for(labels, runs)
    fig = plt.figure(figsize=figsize or (11.0, 4.6), layout="constrained")
    ax3d = fig.add_subplot(1, 2, 1, projection="3d")
    ax2d = fig.add_subplot(1, 2, 2)
    _surface(ax3d, f, window, view)
    ramp = len(runs) == 1
    for h, (color, marker, linestyle) in zip(runs, run_styles(runs), strict=True):
        xy = path_points(h)
        last = len(xy) if h.diverged_at is None else h.diverged_at
        cost = np.asarray(h.cost[:last], dtype=float)
        ax3d.plot(
            xy[:last, 0],
            xy[:last, 1],
            cost,
            color=color,
            linestyle=linestyle,
            linewidth=1.4,
            zorder=5,
        )
        colouring = (
            {
                "c": np.arange(last),
                "cmap": STEP_CMAP,
                "norm": Normalize(0, max(h.max_its, 1)),
            }
            if ramp
            else {"color": color}
        )
        ax3d.scatter(
            xy[:last, 0],
            xy[:last, 1],
            cost,
            marker=marker,
            edgecolors=color,
            s=22,
            depthshade=False,
            zorder=6,
            **colouring,
        )
    paths(f, runs, ax2d, window=window, labels=names, legend=bool(runs))
    return fig, (ax3d, ax2d)


def _surface(ax3d, f: TestFunction, window, view) -> None:
    """Draw ``f`` as a surface on 3-D axes (a coarse grid is plenty)."""
    w1, w2, values = contour_grid(f, window, resolution=60)
    ax3d.plot_surface(
        w1,
        w2,
        values,
        cmap=CONTOUR_CMAP,
        linewidth=0,
        antialiased=False,
        alpha=0.85,
        rcount=60,
        ccount=60,
    )
    ax3d.view_init(*view)
    # few ticks, and labels set off from them: no "12.5g(w)" collisions
    for axis in (ax3d.xaxis, ax3d.yaxis, ax3d.zaxis):
        axis.set_major_locator(MaxNLocator(4))
    ax3d.set_xlabel("w₁", labelpad=2)
    ax3d.set_ylabel("w₂", labelpad=2)
    ax3d.set_zlabel("g(w)", labelpad=6)
    ax3d.tick_params(labelsize="x-small", pad=0)


# --------------------------------------------------------------------------
# 1-input functions
# --------------------------------------------------------------------------


@dataclass
class CurveArtists:
    """What :func:`curve_path` drew: the curve, one path per run, the legend."""

    ax: Axes
    curve: Line2D
    paths: list[PathArtists] = field(default_factory=list)
    legend: Legend | None = None


def curve_path(
    function,
    histories: History | Sequence[History] = (),
    ax: Axes | None = None,
    *,
    window=None,
    labels: Sequence[str] | None = None,
    legend: bool = True,
) -> CurveArtists:
    """A 1-input function with the steps of runs marked on its curve.

    Each step ``w^k`` is drawn at ``(w^k, g(w^k))``, dark to light for a
    single run, in the method's colour for several.

    Parameters
    ----------
    function : str, TestFunction or callable
        A 1-input cost (quartic, saddle, ...).
    histories : History or sequence of History
        Runs on that function.
    ax : Axes, optional
    window : ((low, high),), optional
        Range of w; the function's default if omitted.
    labels : sequence of str, optional
    legend : bool, default True

    Returns
    -------
    CurveArtists
    """
    f = checked_function(function, n_inputs=1)
    runs = as_histories(histories)
    names = labels_for(labels, runs)
    ax = new_axes(ax)
    window = checked_window(f, window)
    w, values = curve_grid(f, window)
    (curve,) = ax.plot(w, values, color="#7a7a7a", linewidth=thick(2), zorder=1)
    ramp = len(runs) == 1
    artists = _draw_paths(ax, runs, names, ramp)
    for a in artists:
        a.line.set_alpha(0.35)
    ax.set_xlim(window[0])
    finite = values[np.isfinite(values)]
    if finite.size:
        low, high = float(finite.min()), float(finite.max())
        pad = 0.06 * (high - low or 1.0)
        ax.set_ylim(low - pad, high + pad)
    ax.set_xlabel("w")
    ax.set_ylabel("g(w)")
    shown = (
        _legend(ax, artists, names, runs, minimizer=False) if legend and runs else None
    )
    return CurveArtists(ax, curve, artists, shown)


# --------------------------------------------------------------------------
# Internal state on the path: gradient and step arrows
# --------------------------------------------------------------------------

_STEP_LABELS = {
    "momentum": r"step $-\alpha\, d$ (averaged gradient)",
    "normalized_momentum": r"step $-\alpha\, d / |d|$",
    "heavy_ball": r"step $-\alpha\, v$ (summed gradients)",
    "nesterov": r"step $-v$ (velocity)",
    None: r"step $w^k - w^{k-1}$",
}


def _alpha_at(history: History, steps: np.ndarray) -> np.ndarray:
    """alpha of each step (a schedule is evaluated; 1 where a method has none)."""
    alpha = history.params.get("alpha", 1.0)
    if callable(alpha):
        return np.array([alpha(int(k)) for k in steps], dtype=float)
    return np.full(len(steps), float(alpha))


@dataclass
class StateArrows:
    """Arrows at each point of a path: the gradient step and the step taken.

    ``gradient`` shows ``-alpha grad g(w^{k-1})`` (where plain gradient descent
    would go), ``step`` shows ``w^k - w^{k-1}`` (where the method went). For
    momentum the second is ``-alpha d``: watch the zig-zag of the first cancel
    in the second. Both quivers have room for ``capacity`` arrows, so a run of
    any length up to it is shown by :meth:`update` without new artists.
    """

    ax: Axes
    gradient: Quiver
    step: Quiver
    capacity: int
    every: int = 1
    legend: Legend | None = None

    def remove(self) -> None:
        """Take the arrows and their legend off the axes.

        A hidden quiver still computes every arrow at each draw, so widgets
        remove the arrows while they are switched off.
        """
        for artist in (self.gradient, self.step, self.legend):
            if artist is not None:
                artist.remove()
        self.legend = None

    def update(self, history: History, upto: int | None = None) -> None:
        """Point the arrows along ``history`` (its first ``upto`` steps)."""
        if "grad" not in history.state:
            raise ValueError(
                "history has no recorded state; run the optimizer with "
                "record_state=True to draw its arrows"
            )
        xy = path_points(history)
        grads = np.asarray(history.state["grad"], dtype=float).reshape(len(xy) - 1, -1)
        last = len(xy) - 1 if history.diverged_at is None else history.diverged_at - 1
        if upto is not None:
            last = min(last, int(upto))
        steps = np.arange(1, last + 1)[:: self.every]
        steps = steps[: self.capacity]
        offsets = np.zeros((self.capacity, 2))
        gradient_uv = np.ma.masked_all((self.capacity, 2))
        step_uv = np.ma.masked_all((self.capacity, 2))
        n = len(steps)
        if n:
            start = xy[steps - 1]
            offsets[:n] = start
            g = -_alpha_at(history, steps)[:, None] * grads[steps - 1]
            if g.shape[1] == 1:  # 1-input: arrows along w, drawn flat
                g = np.column_stack([g[:, 0], np.zeros(n)])
            gradient_uv[:n] = g
            step_uv[:n] = xy[steps] - start  # on a curve: along the chord
        self.gradient.set_offsets(offsets)
        self.step.set_offsets(offsets)
        self.gradient.set_UVC(gradient_uv[:, 0], gradient_uv[:, 1])
        self.step.set_UVC(step_uv[:, 0], step_uv[:, 1])
        label = _STEP_LABELS.get(history.method, _STEP_LABELS[None])
        self.step.set_label(label)
        if self.legend is not None:
            self.legend.get_texts()[1].set_text(label)


def _quiver(ax: Axes, capacity: int, color: str, width: float, label: str) -> Quiver:
    empty = np.ma.masked_all(capacity)
    return ax.quiver(
        np.zeros(capacity),
        np.zeros(capacity),
        empty,
        empty,
        angles="xy",
        scale_units="xy",
        scale=1,
        color=color,
        width=width,
        headwidth=4,
        headlength=5,
        headaxislength=4.5,
        zorder=4,
        label=label,
    )


def state_arrows(
    function,
    history: History,
    ax: Axes | None = None,
    *,
    every: int = 1,
    capacity: int | None = None,
    with_path: bool | None = None,
) -> StateArrows:
    """Arrows of a run's internal state at each step of its path.

    Parameters
    ----------
    function : str, TestFunction or callable
        The cost (2 inputs for contours; 1 input draws on the curve).
    history : History
        One run made with ``record_state=True``.
    ax : Axes, optional
        Axes that already show the path; without one, a new figure with the
        contours (or curve) and the path is drawn first.
    every : int, default 1
        Draw the arrows of every ``every``-th step.
    capacity : int, optional
        Room for this many arrows (default: the run's length), for widgets
        that later show longer runs with :meth:`StateArrows.update`.
    with_path : bool, optional
        Draw contours and path first; defaults to ``ax is None``.

    Returns
    -------
    StateArrows
    """
    (run,) = as_histories(history)
    if isinstance(every, bool) or int(every) != every or every < 1:
        raise ValueError(f"every must be a whole number >= 1; got {every!r}")
    f = checked_function(function)
    if with_path is None:
        with_path = ax is None
    if with_path:
        if f.n_inputs == 2:
            ax = paths(f, run, ax).ax
        else:
            ax = curve_path(f, run, ax).ax
    ax = new_axes(ax)
    capacity = int(capacity or run.max_its)
    step_label = _STEP_LABELS.get(run.method, _STEP_LABELS[None])
    arrows = StateArrows(
        ax,
        _quiver(ax, capacity, "#7b3294", 0.004, r"$-\alpha\, \nabla g(w^{k-1})$"),
        _quiver(ax, capacity, "#008837", 0.006, step_label),
        capacity,
        int(every),
    )
    arrows.legend = place_legend(
        ax,
        handles=[
            Line2D(
                [], [], color="#7b3294", linewidth=2, label=arrows.gradient.get_label()
            ),
            Line2D([], [], color="#008837", linewidth=3, label=arrows.step.get_label()),
        ],
        fontsize="small",
    )
    arrows.update(run)
    return arrows
