r"""``average_explorer``: the exponential average of a real series (lesson 2).

.. math:: h^1 = w^1, \quad h^k = \beta h^{k-1} + (1 - \beta) w^k

A beta slider over the monthly sunspot numbers (or any series), Play to build
the average point by point, a zoom on the first 100 points, and the choice of
start: the first point, zero, or zero with the bias correction
:math:`1 / (1 - \beta^k)` that Adam uses.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..checks import check_unit_interval
from ..data import load_sunspots
from ..plot import AVERAGE_STARTS, average_plot
from ..plot._style import text_scale
from ._base import Explorer
from .controls import LABEL_WIDTH, SLIDER_WIDTH, row

__all__ = ["AverageExplorer", "average_explorer"]

ZOOM_POINTS = 100


class AverageExplorer(Explorer):
    """A series, its exponential average and controls (see :func:`average_explorer`)."""

    figsize = (9.6, 3.6)

    def __init__(self, series=None, beta: float = 0.9) -> None:
        super().__init__()
        check_unit_interval("beta", beta)
        series = load_sunspots(0, 528) if series is None else series
        g = text_scale()  # lecture mode: room for larger labels
        ax = self.figure.add_axes(
            (0.07 * g, 0.15 * g, 0.98 - 0.07 * g, 0.95 - 0.15 * g)
        )
        self.artists = average_plot(series, beta, ax)
        a = self.artists
        self.animate(a.series, a.average, a.current, a.legend)
        if not self.lecture:
            ax.xaxis.set_label_coords(0.5, -0.11)
        n = self.artists.values.size
        c = self.controls
        c["beta"] = widgets.FloatSlider(
            value=beta,
            min=0.0,
            max=1.0,
            step=0.01,
            description="β",
            readout_format=".2f",
            style={"description_width": LABEL_WIDTH},
            layout=widgets.Layout(width=SLIDER_WIDTH, min_width=SLIDER_WIDTH),
        )
        c["start"] = widgets.ToggleButtons(
            options=[(label, key) for key, label in AVERAGE_STARTS.items()],
            value="first",
            description="start at",
        )
        c["zoom"] = widgets.ToggleButton(
            value=False, description=f"first {ZOOM_POINTS} points", icon="search"
        )
        c["step"] = widgets.IntSlider(
            value=n,
            min=1,
            max=n,
            description="k",
            style={"description_width": LABEL_WIDTH},
            layout=widgets.Layout(width=SLIDER_WIDTH, min_width=SLIDER_WIDTH),
        )
        c["play"] = widgets.Play(value=n, min=1, max=n, interval=40)
        widgets.link((c["play"], "value"), (c["step"], "value"))
        for name in ("beta", "start", "step", "zoom"):
            self._watch(c[name], name)
        with self.hold():
            self._pending.add("beta")
        self.widget = widgets.VBox(
            [
                self.view,
                row([c["beta"], c["zoom"]]),
                c["start"],
                row([c["play"], c["step"]]),
                self.readout,
            ]
        )

    def _apply(self, kinds: set[str]) -> None:
        c = self.controls
        beta = float(c["beta"].value)
        self.history = self.artists.update(beta, c["start"].value, c["step"].value)
        ax = self.artists.ax
        t, values = self.artists.t, self.artists.values
        last = min(ZOOM_POINTS, t.size) if c["zoom"].value else t.size
        ax.set_xlim(t[0], t[last - 1] if last > 1 else t[0] + 1)
        shown = np.concatenate([values[:last], self.history[:last]])
        pad = 0.05 * (shown.max() - shown.min() or 1.0)
        ax.set_ylim(shown.min() - pad, shown.max() + pad)
        k = c["step"].value
        window = (
            "unbounded (β = 1 keeps h at its start)"
            if beta >= 1
            else f"{1 / (1 - beta):.3g} points"
        )
        self.readout.value = (
            f"k = {k} · w<sup>k</sup> = {values[k - 1]:.4g} · "
            f"h<sup>k</sup> = {self.history[k - 1]:.4g} · β = {beta:.2f}, "
            f"window 1/(1 − β) ≈ {window}"
        )


def average_explorer(series=None, beta: float = 0.9) -> AverageExplorer:
    """Slide beta over a real series and watch its exponential average.

    Parameters
    ----------
    series : array_like or optlab.data.Series, optional
        The series; the first 528 monthly sunspot numbers by default.
    beta : float, default 0.9
        Starting averaging parameter in [0, 1].

    Returns
    -------
    AverageExplorer
        Controls ``"beta"``, ``"start"`` ("first", "zero", "zero_corrected"),
        ``"zoom"``, ``"step"``, ``"play"``; ``.history`` is the average.
    """
    return AverageExplorer(series, beta)
