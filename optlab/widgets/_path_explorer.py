"""What every explorer of runs from a start point shares.

:class:`PathExplorer` holds the start point (two sliders, and a click on the
landscape) and the number of steps K (its slider, the shown step and Play);
:mod:`~optlab.widgets.explore` and :mod:`~optlab.widgets.compare` build on it.
"""

from __future__ import annotations

import numpy as np
from matplotlib.backend_bases import MouseButton

from ._base import Explorer
from .controls import set_start_sliders, snap_to_slider

__all__ = ["PathExplorer"]


class PathExplorer(Explorer):
    """An explorer whose runs start at ``w1``/``w2`` and take ``max_its`` steps.

    Subclasses set ``self.function`` (the TestFunction shown) and
    ``self._main`` (the axes of the landscape, where a click sets the start).
    """

    @property
    def w0(self) -> np.ndarray:
        """The start point on the controls (a number for a 1-input function)."""
        if self.function.n_inputs == 1:
            return np.array(float(self.controls["w1"].value))
        return np.array(
            [self.controls["w1"].value, self.controls["w2"].value], dtype=float
        )

    def _set_start(self, w0) -> None:
        set_start_sliders(self.controls, self.function, w0)
        two = self.function.n_inputs == 2
        self.controls["w2"].layout.display = None if two else "none"

    def _set_steps(self, max_its: int) -> None:
        c = self.controls
        c["max_its"].value = max_its
        c["step"].max = max_its
        c["play"].max = max_its
        c["step"].value = max_its

    def _on_steps(self) -> None:
        with self.hold():
            self._set_steps(self.controls["max_its"].value)
            self._pending.add("run")

    def _on_click(self, event) -> None:
        """A left click on the landscape moves the start point there."""
        if event.inaxes is not self._main or event.xdata is None:
            return
        if getattr(event, "button", MouseButton.LEFT) != MouseButton.LEFT:
            return
        toolbar = getattr(self.figure.canvas, "toolbar", None)
        if toolbar is not None and getattr(toolbar, "mode", ""):
            return  # panning or zooming, not choosing a start
        with self.hold():
            self.controls["w1"].value = snap_to_slider(self.controls["w1"], event.xdata)
            if self.function.n_inputs == 2:
                self.controls["w2"].value = snap_to_slider(
                    self.controls["w2"], event.ydata
                )
