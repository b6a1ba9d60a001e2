r"""``rotation_explorer``: per-coordinate scaling against a valley that turns.

A slider turns the ill-conditioned quadratic
:math:`w^T R_\theta \mathrm{diag}(\lambda, \kappa\lambda) R_\theta^T w`
(and the start with it). Left: the tuned paths of gradient descent, RMSprop
and Newton's method at that angle. Right: each method's best cost after K
steps against the angle (from :func:`optlab.landscape.rotation_study`), with
the current angle marked. Gradient descent and Newton ignore the axes, so
their curves are flat; RMSprop's scaling per coordinate fits the valley only
when the valley's axes are the coordinate axes.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..landscape import RotationStudy, rotation_study
from ..optimizers import METHODS
from ..plot import contours, draw_path, path_points
from ..plot._style import method_style, text_scale
from ._base import Explorer

__all__ = ["RotationExplorer", "rotation_explorer"]

#: Costs below this (rounding error of a quadratic whose minimum is 0) are
#: drawn at it.
FLOOR = 1e-16
#: Corner of the paths panel that holds the methods' key.
LEGEND_CORNER = "upper right"


class RotationExplorer(Explorer):
    """Paths on a turning valley and best costs by angle.

    See :func:`rotation_explorer`.
    """

    figsize = (10.0, 4.2)

    def __init__(self, study: RotationStudy, angle: float = 0.0) -> None:
        super().__init__()
        self.study = study
        g = text_scale()  # lecture mode: room for larger labels
        # the top margin holds the panels' titles, the cost panel's naming its
        # axis (a y label that long leaves a figure shrunk for lecture mode)
        bottom, height = 0.16 * g, 1 - 0.1 * g - 0.16 * g
        self.ax_paths = self.figure.add_axes((0.07 * g, bottom, 0.36, height))
        self.ax_costs = self.figure.add_axes(
            (0.48 + 0.07 * g, bottom, 0.50 - 0.07 * g, height)
        )
        step = float(np.min(np.diff(study.angles))) if len(study.angles) > 1 else 1.0
        self.controls["angle"] = widgets.FloatSlider(
            value=float(angle),
            min=float(study.angles.min()),
            max=float(study.angles.max()),
            step=step,
            description="angle (°)",
            readout_format=".0f",
            layout=widgets.Layout(width="30em"),
        )
        self._contours = None
        self.paths = []
        names = [METHODS[m].display_name for m in study.methods]
        for i, method in enumerate(study.methods):
            self.ax_costs.semilogy(
                study.angles,
                np.maximum(study.best_cost[method], FLOOR),
                color=method_style(method).color,
                marker=method_style(method).marker,
                markersize=4,
                label=names[i],
            )
        self.marker = self.ax_costs.axvline(angle, color="#444444", linewidth=1.0)
        self.ax_costs.set_xlabel("rotation angle of the valley (degrees)")
        self.ax_costs.set_title(
            f"best cost after {study.max_its} steps (floor {FLOOR:g})",
            loc="left",
            fontsize="medium",
        )
        self.ax_costs.grid(alpha=0.3)
        self._draw(angle, first=True)
        # one key for both panels, in the corner no path crosses at any
        # angle 0-90 (tests/test_landscape.py): every path runs from the start
        # (turned with the valley, left of the minimizer) to the minimizer at
        # the origin; the upper left corner is kept for a divergence note
        self.ax_paths.legend(
            handles=self.ax_costs.get_lines()[: len(names)],
            fontsize="small",
            framealpha=0.9,
            loc=LEGEND_CORNER,
        )
        self._watch(self.controls["angle"], "angle")
        self.widget = widgets.VBox([self.view, self.controls["angle"], self.readout])

    def _draw(self, angle: float, first: bool = False) -> None:
        study = self.study
        f = study.function(angle)
        if self._contours is not None:
            self._contours.contour_set.remove()
            if self._contours.minimizers is not None:
                self._contours.minimizers.remove()
        self._contours = contours(f, self.ax_paths)
        self.ax_paths.set_aspect("equal")
        self.ax_paths.set_title(
            f"condition number {study.condition_number:g}, turned {angle:.0f}°",
            fontsize="medium",
            pad=8,  # clear of the top tick label
        )
        runs = {m: study.run(m, angle) for m in study.methods}
        self.history = runs
        for i, method in enumerate(study.methods):
            if first:
                self.paths.append(
                    draw_path(
                        self.ax_paths,
                        runs[method],
                        label=METHODS[method].display_name,
                        index=i,
                        step_colours=False,
                        color=method_style(method).color,
                        marker=method_style(method).marker,
                    )
                )
            else:
                self.paths[i].update(
                    path_points(runs[method]), runs[method].diverged_at
                )
        self.marker.set_xdata([angle, angle])
        parts = [
            f"{METHODS[m].display_name} (α = {r.params.get('alpha', 1.0):.3g}): "
            f"{r.final_cost:.2e}"
            for m, r in runs.items()
        ]
        self.readout.value = f"cost after {study.max_its} steps: " + ";&nbsp; ".join(
            parts
        )

    def _apply(self, kinds: set[str]) -> None:
        self._draw(float(self.controls["angle"].value))


def rotation_explorer(
    condition_number: float = 50.0,
    *,
    angle: float = 0.0,
    study: RotationStudy | None = None,
    **options,
) -> RotationExplorer:
    """A slider for the rotation angle of an ill-conditioned quadratic valley.

    Parameters
    ----------
    condition_number : float, default 50
    angle : float, default 0
        Initial angle in degrees (one of the study's angles).
    study : RotationStudy, optional
        Precomputed tuning; built by :func:`optlab.landscape.rotation_study`
        with ``condition_number`` and ``options`` when omitted.
    """
    if study is None:
        study = rotation_study(condition_number, **options)
    return RotationExplorer(study, angle)
