r"""A cloud of noisy runs: every run faint, their mean path and median cost in full.

With noisy gradients one run is one draw of the noise; a batch of runs from
one start shows what the noise does. Every figure of such a batch, in a
lesson or in an explorer, is drawn here:

* each run thin and faint in its method's colour
  (:func:`~optlab.plot._style.method_style`), without its points, a faint
  square where it ends; a diverged run ends in a red cross drawn in full;
* the runs' **mean point** at each step,

  .. math:: \bar{w}^k = \frac{1}{B} \sum_{b=1}^{B} w_b^k ,

  drawn in full like any path: line, points, a ring at the start and a square
  at the end. Once one run has diverged the mean is no longer finite, so the
  mean path ends there, drawn as diverged;
* on the cost panel, each run's cost faint and their **median** cost in full
  (a run far off moves a mean of costs, not their median). The median is
  finite while fewer than half of the runs have diverged.

:func:`noisy_paths` and :func:`noisy_costs` draw a whole figure panel;
:func:`faint_runs` draws the faint layer alone (the explorers draw their own
path in full on top of it, from :func:`cloud_summary`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from ..history import History
from ._style import (
    as_histories,
    checked_function,
    method_key,
    method_style,
    new_axes,
    place_legend,
    run_label,
    thick,
)
from .paths import (
    ContourArtists,
    PathArtists,
    contours,
    draw_path,
    marker_handles,
    path_points,
)
from .series import CostArtists, cost_curves

__all__ = [
    "FAINT",
    "CloudArtists",
    "CloudCostArtists",
    "FaintRuns",
    "cloud_label",
    "cloud_runs",
    "cloud_summary",
    "faint_runs",
    "mean_path",
    "mean_points",
    "median_cost",
    "noisy_costs",
    "noisy_paths",
]

#: Opacity of the individual runs of a cloud.
FAINT = 0.25
#: Area of the mean path's points, relative to a single path's.
MEAN_POINTS = 0.3


# --------------------------------------------------------------------------
# The runs of a cloud and what stands for them
# --------------------------------------------------------------------------


def cloud_runs(batch: History | Sequence[History]) -> list[History]:
    """The runs of a cloud, checked: one method, one number of steps.

    Parameters
    ----------
    batch : History or sequence of History
        A batch of runs (``w0`` with a column per run, e.g. noisy runs from
        one start), or single runs.

    Returns
    -------
    list of History
        One History per run (:meth:`History.runs` for a batch).
    """
    if isinstance(batch, History):
        runs = batch.runs()
    else:
        runs = as_histories(batch)
    if not runs:
        raise ValueError("batch must hold at least one run; got none")
    methods = sorted({method_key(h) for h in runs})
    if len(methods) > 1:
        raise ValueError(
            f"batch must hold runs of one method; got {', '.join(methods)}"
        )
    shapes = sorted({np.shape(h.w) for h in runs})
    if len(shapes) > 1:
        raise ValueError(
            "batch must hold runs of the same length and dimension; "
            f"got weights of shapes {', '.join(map(str, shapes))}"
        )
    return runs


def _first_divergence(runs: Sequence[History]) -> int | None:
    steps = [h.diverged_at for h in runs if h.diverged_at is not None]
    return min(steps) if steps else None


def mean_path(runs: Sequence[History]) -> tuple[np.ndarray, int | None]:
    r"""The runs' mean point at each step, and where it stops being finite.

    .. math:: \bar{w}^k = \frac{1}{B} \sum_{b=1}^{B} w_b^k

    Parameters
    ----------
    runs : sequence of History
        Runs of one length (:func:`cloud_runs`).

    Returns
    -------
    mean : ndarray
        Shape of one run's ``w``. From the first divergence of any run on,
        the mean is infinite; like a diverged History it then repeats its
        last finite point.
    diverged_at : int or None
        The first step at which a run diverged, None if none did.
    """
    mean = np.mean(np.stack([np.asarray(h.w, dtype=float) for h in runs]), axis=0)
    at = _first_divergence(runs)
    if at is not None:
        mean[at:] = mean[at - 1]
    return mean, at


def median_cost(runs: Sequence[History]) -> tuple[np.ndarray, int | None]:
    """The runs' median cost at each step, a diverged run counting as infinite.

    Parameters
    ----------
    runs : sequence of History
        Runs of one length (:func:`cloud_runs`).

    Returns
    -------
    median : ndarray, shape (K + 1,)
        Finite while fewer than half of the runs have diverged; from then on
        it repeats its last finite value.
    diverged_at : int or None
        The first step at which the median is infinite, None if never.
    """
    cost = np.stack([np.asarray(h.cost, dtype=float) for h in runs], axis=-1)
    gone = np.array([np.inf if h.diverged_at is None else h.diverged_at for h in runs])
    steps = np.arange(len(cost))[:, None]
    median = np.median(np.where(steps >= gone, np.inf, cost), axis=-1)
    infinite = ~np.isfinite(median)
    if not infinite.any():
        return median, None
    at = int(np.argmax(infinite))
    median[at:] = median[at - 1]
    return median, at


def cloud_summary(batch: History | Sequence[History]) -> History:
    """One History standing for a cloud: mean point and median cost per step.

    Parameters
    ----------
    batch : History or sequence of History
        The runs (:func:`cloud_runs`).

    Returns
    -------
    History
        The first run's method and settings; ``w`` the mean point
        (:func:`mean_path`), ``cost`` the median cost (:func:`median_cost`),
        recorded states their mean over the runs not yet diverged. It
        diverges where the mean does, at the first divergence of any run, and
        from there repeats its last finite point and cost.
    """
    runs = cloud_runs(batch)
    w, at = mean_path(runs)
    cost, _ = median_cost(runs)
    if at is not None:
        cost[at:] = cost[at - 1]
    with warnings.catch_warnings():  # steps where every run has diverged: NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        state = {
            key: np.nanmean(np.stack([h.state[key] for h in runs], axis=-1), axis=-1)
            for key in runs[0].state
        }
    return replace(runs[0], w=w, cost=cost, diverged_at=at, state=state)


def cloud_label(runs: Sequence[History]) -> str:
    """Display name and the settings all runs share, the seed left out:
    ``gradient descent (α = 0.05, σ = 2)``."""
    first = runs[0].params
    shared = {
        ("σ" if key == "noise" else key): value
        for key, value in first.items()
        if key != "seed"
        and all(np.array_equal(h.params.get(key), value) for h in runs[1:])
    }
    return run_label(replace(runs[0], params=shared))


# --------------------------------------------------------------------------
# The faint runs
# --------------------------------------------------------------------------


def _reached(at: int | None, upto: int | None) -> int | None:
    """``at``, if the steps up to ``upto`` (all if None) reach that divergence."""
    return at if at is not None and (upto is None or int(upto) + 1 >= at) else None


@dataclass
class FaintRuns:
    """The runs of a cloud drawn faintly, moved in place by :meth:`update`.

    Attributes
    ----------
    paths : list of PathArtists
        One per run, on the landscape (empty if none was drawn there).
    costs : CostArtists or None
        One faint cost curve per run, if a cost panel was given.
    color : str
        The colour of the runs.
    """

    paths: list[PathArtists]
    costs: CostArtists | None
    color: str

    def __len__(self) -> int:
        if self.paths:
            return len(self.paths)
        return len(self.costs.lines) if self.costs is not None else 0

    def update(self, runs: Sequence[History], upto: int | None = None) -> None:
        """Show ``runs`` (as many as drawn) up to step ``upto`` (all if None)."""
        if len(runs) != len(self):
            raise ValueError(
                f"runs must hold the {len(self)} runs drawn; got {len(runs)}"
            )
        for i, h in enumerate(runs):
            shown = None if upto is None else min(int(upto), h.max_its)
            if self.paths:
                drawn = self.paths[i]
                drawn.update(path_points(h), h.diverged_at, shown)
                # a divergence is drawn in full, whatever the cloud's opacity
                reached = _reached(h.diverged_at, shown) is not None
                drawn.end.set_alpha(1.0 if reached else FAINT)
            if self.costs is not None:
                self.costs.update(i, h, shown)

    def restyle(self, color: str) -> None:
        """Draw the runs in another colour (another method's)."""
        self.color = color
        for drawn in self.paths:
            drawn.restyle(color, drawn.marker)
        for line in self.costs.lines if self.costs is not None else ():
            line.set_color(color)

    def artists(self) -> list[Artist]:
        """Every artist drawn, for a widget that redraws only what moves."""
        drawn = [
            artist
            for p in self.paths
            for artist in (p.line, p.points, p.start, p.end, p.note)
        ]
        if self.costs is not None:
            drawn += [*self.costs.lines, *self.costs.crosses]
        return drawn

    def remove(self) -> None:
        """Take every faint artist off its axes."""
        for artist in self.artists():
            artist.remove()
        self.paths, self.costs = [], None


def faint_runs(
    runs: Sequence[History],
    ax: Axes | None = None,
    cost_ax: Axes | None = None,
    *,
    color: str | None = None,
    log: bool = False,
) -> FaintRuns:
    """Draw each run of a cloud faintly: its path on ``ax``, its cost on ``cost_ax``.

    Parameters
    ----------
    runs : sequence of History
        Single runs of one method (:func:`cloud_runs`).
    ax : Axes, optional
        A landscape (contours or curve) to draw the paths on.
    cost_ax : Axes, optional
        A cost panel to draw each run's cost on; its y label is kept.
    color : str, optional
        The method's colour unless given.
    log : bool, default False
        Logarithmic cost axis.

    Returns
    -------
    FaintRuns
    """
    color = color or method_style(runs[0]).color
    paths = []
    if ax is not None:
        for h in runs:
            drawn = draw_path(
                ax, h, label="", step_colours=False, color=color, zorder=2
            )
            drawn.line.set(alpha=FAINT, linewidth=thick(1.0))
            drawn.points.set_visible(False)  # a cloud of points hides the paths
            drawn.start.set_visible(False)  # the mean path shows the start
            drawn.note.set_visible(False)  # the legend counts the divergences
            paths.append(drawn)
    costs = None
    if cost_ax is not None:
        ylabel = cost_ax.get_ylabel()
        costs = cost_curves(list(runs), cost_ax, legend=False, log=log)
        cost_ax.set_ylabel(ylabel)  # cost_curves names the axis again
        for line in costs.lines:
            line.set(
                color=color,
                linestyle="-",
                linewidth=thick(0.8),
                alpha=FAINT,
                zorder=1,
                label="_faint run",
            )
    faint = FaintRuns(paths, costs, color)
    faint.update(runs)
    return faint


def mean_points(path: PathArtists, full: np.ndarray, cloud: bool) -> None:
    """Give a path's points the size of a cloud's mean path, or back ``full``.

    Where the runs of a cloud hover, full-size points of their mean would
    hide them; the mean path's points are smaller (:data:`MEAN_POINTS`).

    Parameters
    ----------
    path : PathArtists
        The path drawn in full.
    full : ndarray
        Its points' sizes as a single path (``path.points.get_sizes()``).
    cloud : bool
        Whether it stands for the mean of several runs now.
    """
    path.points.set_sizes(np.asarray(full) * (MEAN_POINTS if cloud else 1.0))


# --------------------------------------------------------------------------
# The landscape panel
# --------------------------------------------------------------------------


def _cloud_legend(ax: Axes, handles: list[Line2D], **kwargs) -> Legend:
    """A legend in a corner no data crosses, or outside the axes."""
    return place_legend(ax, handles=handles, fontsize="small", **kwargs)


def _faint_handle(color: str, count: int) -> Line2D:
    return Line2D(
        [],
        [],
        color=color,
        alpha=FAINT,
        linewidth=thick(1.6),
        label=f"each of {count} runs",
    )


def _divergence_handles(runs: Sequence[History], handles: list[Line2D]) -> list[Line2D]:
    """``handles`` and, if a run diverged, the red cross with how many did."""
    count = sum(h.diverged_at is not None for h in runs)
    if count:
        cross = marker_handles(minimizer=False, diverged=True)[-1]
        cross.set_label(f"diverged: {count} of {len(runs)}")
        handles = [*handles, cross]
    return handles


class _CloudPanel:
    """What the landscape and the cost panel of a cloud share: the faint
    runs, what stands for them, a legend, moved in place by :meth:`update`."""

    runs: FaintRuns
    legend: Legend | None

    def update(
        self, batch: History | Sequence[History], upto: int | None = None
    ) -> None:
        """Show another batch of as many runs, up to step ``upto`` (all if None)."""
        runs = cloud_runs(batch)
        shown = None if upto is None else min(int(upto), runs[0].max_its)
        self.runs.update(runs, shown)
        self._move(runs, shown)
        if self.legend is not None:
            self.legend.remove()
            self.legend = self._legend(runs, shown)

    def _move(self, runs: Sequence[History], upto: int | None) -> None:
        raise NotImplementedError

    def _legend(self, runs: Sequence[History], upto: int | None) -> Legend:
        raise NotImplementedError


@dataclass
class CloudArtists(_CloudPanel):
    """What :func:`noisy_paths` drew, with :meth:`update` to move it in place.

    Attributes
    ----------
    ax : Axes
    contours : ContourArtists or None
        The landscape, if drawn.
    runs : FaintRuns
        The faint runs.
    mean : PathArtists
        The mean path.
    legend : Legend or None
    """

    ax: Axes
    contours: ContourArtists | None
    runs: FaintRuns
    mean: PathArtists
    legend: Legend | None = None

    def _move(self, runs: Sequence[History], upto: int | None) -> None:
        mean, at = mean_path(runs)
        self.mean.update(mean, at, upto)

    def _legend(self, runs: Sequence[History], upto: int | None) -> Legend:
        """Title: method and settings; entries: the faint runs, their mean,
        what the marks mean; in a corner no data crosses, or outside."""
        mean = self.mean
        label = "their mean"
        diverged_at = _reached(mean_path(runs)[1], upto)
        if diverged_at is not None:
            label += f",\ndiverged at step {diverged_at}"
        mean.note.set_visible(False)  # the legend says it
        handles = [
            _faint_handle(self.runs.color, len(runs)),
            Line2D(
                [],
                [],
                color=mean.color,
                marker=mean.marker,
                markersize=float(np.sqrt(mean.points.get_sizes()[0])),
                markerfacecolor=mean.color,
                markeredgecolor=mean.color,
                label=label,
            ),
        ]
        landscape = self.contours
        handles += _divergence_handles(
            runs,
            marker_handles(
                minimizer=landscape is not None and landscape.minimizers is not None
            ),
        )
        return _cloud_legend(
            self.ax,
            handles,
            title=cloud_label(runs).replace(" (", "\n(", 1),
            title_fontsize="small",
        )


def noisy_paths(
    function,
    batch: History | Sequence[History],
    ax: Axes | None = None,
    *,
    color: str | None = None,
    window=None,
    levels: int | Sequence[float] = 25,
    landscape: bool = True,
    legend: bool = True,
) -> CloudArtists:
    r"""A cloud of runs on the contours: each run faint, their mean path in full.

    The mean path joins the runs' mean points
    :math:`\bar{w}^k = \frac{1}{B} \sum_b w_b^k`; it ends as diverged at the
    first divergence of any run (the mean is infinite from there).

    Parameters
    ----------
    function : str, TestFunction or callable
        The cost the runs minimized (2 inputs).
    batch : History or sequence of History
        A batch of runs of one method (``w0`` with a column per run, e.g.
        ``optlab.gradient_descent(f, np.repeat(w0[:, None], 8, axis=1),
        noise=2, seed=1)``), or single runs of one method.
    ax : Axes, optional
        Where to draw; a new figure if omitted.
    color : str, optional
        The method's colour (:func:`~optlab.plot._style.method_style`)
        unless given.
    window, levels
        As in :func:`~optlab.plot.contours`.
    landscape : bool, default True
        Draw the contours first (False: ``ax`` already shows them).
    legend : bool, default True
        A legend titled with the method and its settings, saying what is
        faint, what is in full and what the marks mean.

    Returns
    -------
    CloudArtists
    """
    runs = cloud_runs(batch)
    f = checked_function(function, n_inputs=2)
    ax = new_axes(ax)
    drawn = contours(f, ax, window=window, levels=levels) if landscape else None
    style = method_style(runs[0])
    color = color or style.color
    faint = faint_runs(runs, ax, color=color)
    mean, at = mean_path(runs)
    summary = replace(runs[0], w=mean, diverged_at=at)
    artists = CloudArtists(
        ax,
        drawn,
        faint,
        draw_path(
            ax,
            summary,
            label="their mean",
            step_colours=False,
            color=color,
            marker=style.marker,
        ),
    )
    mean_points(artists.mean, artists.mean.points.get_sizes(), cloud=True)
    if legend:
        artists.legend = artists._legend(runs, None)
    return artists


# --------------------------------------------------------------------------
# The cost panel
# --------------------------------------------------------------------------


@dataclass
class CloudCostArtists(_CloudPanel):
    """What :func:`noisy_costs` drew, with :meth:`update` to move it in place.

    Attributes
    ----------
    ax : Axes
    runs : FaintRuns
        Each run's cost, faint.
    median : CostArtists
        Their median cost (one curve).
    legend : Legend or None
    """

    ax: Axes
    runs: FaintRuns
    median: CostArtists
    legend: Legend | None = None

    def _move(self, runs: Sequence[History], upto: int | None) -> None:
        self.median.update(0, _median_run(runs), upto)

    def _legend(self, runs: Sequence[History], upto: int | None) -> Legend:
        """The faint runs, their median, the divergences."""
        line = self.median.lines[0]
        at = _reached(_median_run(runs).diverged_at, upto)
        handles = [
            _faint_handle(self.runs.color, len(runs)),
            Line2D(
                [],
                [],
                color=line.get_color(),
                linewidth=line.get_linewidth(),
                label="their median"
                + (f",\ndiverged at step {at}" if at is not None else ""),
            ),
        ]
        return _cloud_legend(self.ax, _divergence_handles(runs, handles))


def _median_run(runs: Sequence[History]) -> History:
    cost, at = median_cost(runs)
    return replace(runs[0], cost=cost, diverged_at=at)


def noisy_costs(
    batch: History | Sequence[History],
    ax: Axes | None = None,
    *,
    color: str | None = None,
    log: bool = False,
    legend: bool = True,
) -> CloudCostArtists:
    """The cost of each run of a cloud, faint, and their median cost in full.

    A diverged run counts as infinitely costly from its divergence on, so
    the median is finite while fewer than half of the runs have diverged.

    Parameters
    ----------
    batch : History or sequence of History
        A batch of runs of one method, or single runs of one method.
    ax : Axes, optional
        Where to draw; a new figure if omitted.
    color : str, optional
        The method's colour unless given.
    log : bool, default False
        Logarithmic cost axis.
    legend : bool, default True
        Say what is faint and what is in full.

    Returns
    -------
    CloudCostArtists
    """
    runs = cloud_runs(batch)
    ax = new_axes(ax, figsize=(6.4, 3.4))
    color = color or method_style(runs[0]).color
    faint = faint_runs(runs, cost_ax=ax, color=color, log=log)
    median = cost_curves(_median_run(runs), ax, log=log, legend=False)
    median.lines[0].set(color=color, linestyle="-", zorder=3)
    artists = CloudCostArtists(ax, faint, median)
    if legend:
        artists.legend = artists._legend(runs, None)
    return artists
