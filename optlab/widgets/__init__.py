"""Interactive explorers for the notebooks (ipywidgets, ipympl when available).

* :func:`explore` - one method on one function, every setting on a slider.
* :func:`compare` - several methods from one start, each with its sliders.
* :func:`average_explorer` - the exponential average of a real series.
* :func:`eigen_explorer` and :func:`damping_explorer` - momentum on a
  quadratic, direction by direction: errors in the eigen coordinates, and
  under-, critically and over-damped runs of one direction.
* :func:`rotation_explorer` - per-coordinate scaling against a valley that
  turns (the rotated quadratic).
* :func:`convergence_map` - steps to converge over (alpha, beta), linked to
  an explorer, with the stability limit theory predicts for quadratics.

Design
------
Every explorer builds its figure once with the axes-level functions of
:mod:`optlab.plot` and keeps their artists; a control change reruns what it
must (one run, or one batched grid) and moves those artists in place, then
repaints. Contour grids come from the cache and are never recomputed by a
slider. Every explorer has ``.figure``, ``.controls`` (name -> widget),
``.history``, ``.readout`` and ``.widget``, and displays itself in a notebook
with a PNG snapshot beside the live view. Under ``%matplotlib widget`` the
canvas is live (clicks set the start point); under any other backend the
figure is shown as a PNG re-rendered after each change, and the start point
is moved with the w1/w2 sliders.
"""

from ._base import Explorer
from ._fit import quiet_ipympl_figures
from .average import AverageExplorer, average_explorer
from .compare import CompareExplorer, compare
from .convergence import ConvergenceMap, convergence_map
from .eigen import DampingExplorer, EigenExplorer, damping_explorer, eigen_explorer
from .explore import RunExplorer, explore
from .rotation import RotationExplorer, rotation_explorer
from .settings import SOURCE_SETTINGS, method_defaults, source_settings

# lesson figures under %matplotlib widget: no header, footer or toolbar
quiet_ipympl_figures()

__all__ = [
    "SOURCE_SETTINGS",
    "AverageExplorer",
    "CompareExplorer",
    "DampingExplorer",
    "EigenExplorer",
    "ConvergenceMap",
    "Explorer",
    "RotationExplorer",
    "RunExplorer",
    "average_explorer",
    "compare",
    "convergence_map",
    "damping_explorer",
    "eigen_explorer",
    "explore",
    "method_defaults",
    "rotation_explorer",
    "source_settings",
]
