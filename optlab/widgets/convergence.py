"""``convergence_map``: steps to converge over a grid of hyperparameters.

The grid is one batched run (:func:`optlab.landscape.hyperparameter_grid`),
cut into chunks of the alpha axis only to move a progress bar when the map
takes more than a second. Cells that never reach the tolerance are grey,
diverged cells dark red. The row beta = 1 of momentum and normalized
momentum is grey too: with the (1 - beta) factor the average never changes
there, so the run walks along its first gradient for ever; it does not
converge, and its cost growing past the divergence threshold far away is
not the instability that red marks. On quadratics the stability limit
predicted by the Hessian's eigenvalues is drawn over the map (and the best
predicted setting marked), so the runs can be checked against the theory.

The default grid lies on the explorer's slider grid (alpha every 0.04 of a
decade, beta every 0.01), so a click moves the linked explorer to exactly
the (alpha, beta) of the cell, with the map's K steps: the explorer then
shows the very run the cell summarizes. Moving the explorer's sliders moves
the marker on the map.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap, LogNorm, Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..functions import as_function
from ..landscape import (
    LINEAR_METHODS,
    GridResult,
    default_values,
    hyperparameter_grid,
    map_axes,
    optimal_parameters,
    stability_limit,
)
from ..plot._style import (
    BEST_SETTING_STYLE,
    DIVERGED_COLOR,
    best_setting_star,
    display_name,
    text_scale,
)
from ._base import Explorer
from ._follow import Throttled
from .controls import LABEL_WIDTH, SLIDER_WIDTH, row
from .explore import RunExplorer, explore

__all__ = ["ConvergenceMap", "convergence_map"]

_STATUS = ListedColormap(["#d0d0d0", DIVERGED_COLOR])
#: Methods whose average carries (1 - beta): frozen at beta = 1.
_FROZEN_AT_ONE = {"momentum": "beta", "normalized_momentum": "beta"}
#: Default grids, on the explorer's slider grids (log10 step 0.01, step 0.01).
DEFAULT_ALPHAS = 10.0 ** np.linspace(-3.0, 1.0, 101)
DEFAULT_BETAS = np.linspace(0.0, 1.0, 101)
_LOG_AXES = ("alpha", "eps")
_SYMBOLS = {
    "alpha": "α",
    "eps": "ε",
    "beta": "β",
    "gamma": "γ",
    "beta1": "β₁",
    "beta2": "β₂",
}


def _edges(values: np.ndarray, log: bool) -> np.ndarray:
    """Cell edges around grid values (geometric midpoints on a log axis)."""
    v = np.log(values) if log else values
    if v.size == 1:
        inner = np.array([v[0] - 0.5, v[0] + 0.5])
    else:
        middle = (v[1:] + v[:-1]) / 2
        inner = np.concatenate(
            [[2 * v[0] - middle[0]], middle, [2 * v[-1] - middle[-1]]]
        )
    return np.exp(inner) if log else inner


class ConvergenceMap(Explorer):
    """Steps to tolerance over a grid, linked to an explorer."""

    figsize = (7.2, 4.6)

    def __init__(
        self, function, method, w0, max_its, tol, alphas, betas, explorer
    ) -> None:
        super().__init__()
        self.explorer: RunExplorer = explorer or explore(
            function, method, w0=w0, max_its=max_its
        )
        self._values = {
            "alpha": DEFAULT_ALPHAS if alphas is None else alphas,
            "beta": DEFAULT_BETAS if betas is None else betas,
        }
        self._tol = tol
        c = self.controls
        c["max_its"] = widgets.IntSlider(
            value=max_its,
            min=1,
            max=1000,
            description="K steps",
            continuous_update=False,
            style={"description_width": LABEL_WIDTH},
            layout=widgets.Layout(width=SLIDER_WIDTH, min_width=SLIDER_WIDTH),
        )
        c["recompute"] = widgets.Button(
            description="map from the explorer's start",
            icon="refresh",
            layout=widgets.Layout(width="22em"),
        )
        c["progress"] = widgets.IntProgress(
            value=0,
            min=0,
            max=100,
            description="computing",
            layout=widgets.Layout(visibility="hidden"),
        )
        self._watch(c["max_its"], "map")
        c["recompute"].on_click(lambda button: self._request("map"))
        for name in ("method", "function"):
            self.explorer.controls[name].observe(
                lambda ch: self._request("map"), "value"
            )
        # the marker follows a drag at most every FOLLOW_INTERVAL s (and ends
        # on its last value): the explorer under the mouse draws every move
        marker = Throttled(lambda: self._request("marker"))
        for name in ("alpha", "beta", "gamma", "beta1", "eps", "eps_zero"):
            self.explorer.controls[name].observe(lambda ch: marker(), "value")
        g = text_scale()  # lecture mode: room for larger labels and legend
        self.ax = self.figure.add_axes(
            (0.1 * g, 0.25 * g, 0.82 - 0.1 * g, 0.91 - 0.25 * g)
        )
        self.cax = self.figure.add_axes((0.85, 0.25 * g, 0.025, 0.91 - 0.25 * g))
        self.figure.canvas.mpl_connect("button_press_event", self._on_click)
        with self.hold():
            self._pending.add("map")
        self.widget = widgets.VBox(
            [
                row([c["max_its"], c["recompute"], c["progress"]]),
                self.view,
                self.readout,
                self.explorer.widget,
            ]
        )

    # -- computing -----------------------------------------------------------

    def _show_progress(self, done: int, total: int, estimate: float) -> None:
        bar = self.controls["progress"]
        if estimate > 1.0:
            bar.layout.visibility = "visible"
        bar.value = int(100 * done / total)

    def compute(self) -> GridResult:
        """Run the grid for the explorer's function, method and start."""
        ex = self.explorer
        method = ex.method
        names = map_axes(method)
        values = [
            np.asarray(
                self._values.get(n)
                if self._values.get(n) is not None
                else default_values(n),
                dtype=float,
            )
            if n in ("alpha", "beta")
            else default_values(n)
            for n in names
        ]
        fixed = {}
        hyper = ex.controls
        for name in ("eps",):
            if name not in names and name in _method_names(method):
                fixed[name] = (
                    0.0 if hyper["eps_zero"].value else float(hyper["eps"].value)
                )
        try:
            return hyperparameter_grid(
                ex.function,
                method,
                ex.w0,
                names,
                values,
                self.controls["max_its"].value,
                self._tol,
                progress=self._show_progress,
                **fixed,
            )
        finally:
            self.controls["progress"].layout.visibility = "hidden"

    # -- drawing -------------------------------------------------------------

    def _apply(self, kinds: set[str]) -> None:
        if "map" in kinds:
            self.history = self.compute()
            self._draw_map()
        self._draw_marker()

    def _draw_map(self) -> None:
        r = self.history
        ax, cax = self.ax, self.cax
        ax.clear()
        cax.clear()
        self._animated = []
        self.background_changed()
        x = r.values[0]
        two = len(r.names) == 2
        y = r.values[1] if two else np.array([0.5])
        xe = _edges(x, r.names[0] in _LOG_AXES)
        ye = _edges(y, False) if two else np.array([0.0, 1.0])
        shape = (x.size, y.size)
        steps = r.steps_to_tol.reshape(shape).T.astype(float)
        diverged = r.diverged.reshape(shape).T.copy()
        frozen = _FROZEN_AT_ONE.get(r.method)
        if two and frozen == r.names[1]:
            # beta = 1: the average never changes; not converging, not unstable
            diverged[y >= 1.0, :] = False
        if r.threshold is not None:
            shown = np.ma.masked_where(steps < 0, steps)
            norm = Normalize(0, r.max_its)
            label = f"steps until g − g_min ≤ {r.tol:.3g}"
            status = np.ma.masked_where(steps >= 0, diverged.astype(float))
        else:
            cost = r.final_cost.reshape(shape).T
            shown = np.ma.masked_where(diverged | ~np.isfinite(cost), cost)
            positive = shown.count() and shown.min() > 0
            norm = LogNorm() if positive else Normalize()
            label = f"cost after {r.max_its} steps"
            status = np.ma.masked_where(~diverged & np.isfinite(cost), diverged * 1.0)
        mesh = ax.pcolormesh(xe, ye, shown, cmap="viridis_r", norm=norm, shading="flat")
        ax.pcolormesh(xe, ye, status, cmap=_STATUS, vmin=0, vmax=1, shading="flat")
        self.figure.colorbar(mesh, cax=cax, label=label)
        if r.names[0] in _LOG_AXES:
            ax.set_xscale("log")
        ax.set_xlim(xe[0], xe[-1])
        ax.set_ylim(ye[0], ye[-1])
        ax.set_xlabel(_SYMBOLS[r.names[0]])
        ax.set_ylabel(_SYMBOLS[r.names[1]] if two else "")
        if not two:
            ax.set_yticks([])
        handles = [
            Patch(
                color="#d0d0d0",
                label="does not converge" if r.threshold else "no finite cost",
            ),
            Patch(color=DIVERGED_COLOR, label="diverged"),
        ]
        handles += self._draw_prediction(r, y if two else None)
        self.marker = ax.plot(
            [],
            [],
            marker="o",
            markersize=11,
            markerfacecolor="none",
            markeredgecolor="white",
            markeredgewidth=2.2,
            linestyle="none",
            zorder=5,
        )[0]
        self.animate(self.marker)
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                markerfacecolor="none",
                markeredgecolor="k",
                linestyle="none",
                label="explorer's setting",
            )
        )
        self._handles = handles
        self.legend = ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.13 * text_scale() ** 1.5),
            ncol=3,
            fontsize="small",
            frameon=False,
        )
        ax.set_title(
            f"{display_name(r.method)} on {r.function.replace('_', ' ')}: "
            f"{x.size * y.size} runs of {r.max_its} steps",
            fontsize="medium",
            y=1.0,
            pad=4,
        )
        self.readout.value = (
            f"{x.size} × {y.size if two else 1} runs in {r.seconds:.2f} s · "
            f"{100 * r.converged.mean():.0f} % reach the tolerance · "
            f"{100 * diverged.mean():.0f} % diverge · click a cell to try it"
        )

    def _draw_prediction(self, r: GridResult, betas) -> list:
        """Predicted stability limit and best setting, for quadratics."""
        f = as_function(self.explorer.function)
        if (
            f.hessian_matrix is None
            or r.method not in LINEAR_METHODS
            or r.names[0] != "alpha"
        ):
            return []
        ax = self.ax
        handles = []
        if betas is None:
            limit = float(stability_limit(f, r.method))
            ax.axvline(limit, color="white", linestyle="--", linewidth=2)
        else:
            fine = np.linspace(betas.min(), betas.max(), 400)
            limit = stability_limit(f, r.method, fine)
            limit = np.where(limit > 0, limit, np.nan)
            ax.plot(limit, fine, color="white", linestyle="--", linewidth=2)
        handles.append(
            Line2D([], [], color="k", linestyle="--", label="predicted stability limit")
        )
        if r.method != "nesterov":
            best = optimal_parameters(f, r.method)
            best_setting_star(ax, best["alpha"], best.get("beta", 0.5))
            handles.append(
                Line2D(
                    [],
                    [],
                    **{**BEST_SETTING_STYLE, "markersize": 10},
                    label="predicted best",
                )
            )
        return handles

    def for_slides(self) -> None:
        """Drop what only means something live: the explorer's marker and
        its legend entry."""
        self.marker.set_visible(False)
        handles = self._handles[:-1]
        self.legend.remove()
        self.legend = self.ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.13 * text_scale() ** 1.5),
            ncol=min(len(handles), 3),
            fontsize="small",
            frameon=False,
        )

    def _draw_marker(self) -> None:
        r = self.history
        c = self.explorer.controls
        x = float(c[r.names[0]].value)
        if r.names[0] == "eps" and c["eps_zero"].value:
            x = np.nan
        y = float(c[r.names[1]].value) if len(r.names) == 2 else 0.5
        self.marker.set_data([x], [y])

    def _on_click(self, event) -> None:
        """A click on a cell moves the explorer's sliders to that cell."""
        if event.inaxes is not self.ax or event.xdata is None:
            return
        r = self.history
        x = r.values[0]
        log = r.names[0] in _LOG_AXES
        i = int(
            np.argmin(
                np.abs(
                    (np.log(x) if log else x)
                    - (np.log(event.xdata) if log else event.xdata)
                )
            )
        )
        with self.explorer.hold():
            if r.names[0] == "eps":
                self.explorer.controls["eps_zero"].value = False
            self.explorer.controls[r.names[0]].value = float(x[i])
            if len(r.names) == 2:
                y = r.values[1]
                j = int(np.argmin(np.abs(y - event.ydata)))
                self.explorer.controls[r.names[1]].value = float(y[j])
            # the explorer runs the cell's run: the same K as the map
            self.explorer.controls["max_its"].value = r.max_its
        steps = r.steps_to_tol[i] if len(r.names) == 1 else r.steps_to_tol[i, j]
        self.readout.value = self.readout.value.split(" · cell")[0] + (
            f" · cell {r.names[0]} = {x[i]:.3g}"
            + (f", {r.names[1]} = {r.values[1][j]:.3g}" if len(r.names) == 2 else "")
            + (f": {steps} steps" if steps >= 0 else ": not within tol")
        )
        self._request("marker")


def _method_names(method: str) -> tuple[str, ...]:
    from ..optimizers import METHODS

    return METHODS[method].hyperparameters


def convergence_map(
    function="skewed_quadratic",
    method: str = "momentum",
    *,
    w0=None,
    max_its: int = 100,
    tol: float | None = None,
    alphas=None,
    betas=None,
    explorer: RunExplorer | None = None,
) -> ConvergenceMap:
    """Steps to converge over a grid of (alpha, beta) (or the method's own pair).

    Parameters
    ----------
    function : str, TestFunction or callable, default "skewed_quadratic"
    method : str, default "momentum"
        The axes follow the method: (alpha, beta) for the momentum family,
        (alpha, gamma) for RMSprop, (alpha, beta1) for Adam, (eps, gamma) for
        Adadelta, alpha alone for the others (:func:`optlab.landscape.map_axes`).
    w0 : array_like, optional
        Start point of every run (the function's default if omitted).
    max_its : int, default 100
        Steps per run.
    tol : float, optional
        Converged when ``g - g_min <= tol``; a thousandth of the start's gap
        by default.
    alphas, betas : 1-D arrays, optional
        Grid values: 101 alphas in [1e-3, 10] and 101 betas in [0, 1], on the
        explorer's slider grids by default.
    explorer : RunExplorer, optional
        The explorer a click drives; a new one below the map if omitted.

    Returns
    -------
    ConvergenceMap
        ``.history`` is the :class:`~optlab.landscape.GridResult`;
        ``.explorer`` the linked explorer.
    """
    return ConvergenceMap(function, method, w0, max_its, tol, alphas, betas, explorer)
