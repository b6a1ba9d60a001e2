"""Matplotlib drawing for the course: landscapes, paths, costs, averages.

Design
------
* **Axes-level.** Every function draws into the ``ax`` given (or a new
  figure), returns the artists it made (a small dataclass) and never calls
  ``plt.show()``: one call serves a static figure, a notebook cell and a
  widget. Figure-level helpers (:func:`stacked_paths`,
  :func:`surface_and_contours`, :func:`function_gallery`) return the figure.
* **Grids once.** Contour grids are one vectorized evaluation, cached by
  (function, window, resolution) in :mod:`optlab.plot.grid`.
* **Move, don't redraw.** The artists of a path, a cost curve, an average or
  the state arrows have ``update`` methods; the widgets in
  :mod:`optlab.widgets` call them when a slider moves.
* **Divergence is a result.** A diverged run is drawn up to its last finite
  point, ended by a red cross and labelled "diverged at step k".

Modules: :mod:`~optlab.plot.grid` (cached grids), :mod:`~optlab.plot.paths`
(contours, paths, surfaces, curves, arrows), :mod:`~optlab.plot.series`
(costs, averages, step lengths), :mod:`~optlab.plot.gallery`.
"""

from ._style import (
    DPI,
    METHOD_STYLES,
    STEP_CMAP,
    display_name,
    lecture_from_query_string,
    lecture_mode,
    lecture_on,
    log_axis,
    method_style,
    place_legend,
    png_bytes,
    run_label,
)
from .cloud import (
    CloudArtists,
    CloudCostArtists,
    FaintRuns,
    cloud_summary,
    faint_runs,
    noisy_costs,
    noisy_paths,
)
from .gallery import function_gallery
from .grid import contour_grid, contour_levels, contour_lines, curve_grid
from .paths import (
    ContourArtists,
    CurveArtists,
    PathArtists,
    PathsArtists,
    StateArrows,
    contours,
    curve_path,
    draw_path,
    path_points,
    paths,
    stacked_paths,
    state_arrows,
    surface_and_contours,
)
from .series import (
    AVERAGE_STARTS,
    AverageArtists,
    ComponentArtists,
    CostArtists,
    WeightsArtists,
    average_plot,
    average_series,
    average_weights,
    cost_curves,
    effective_learning_rates,
    step_lengths,
)
from .theory import (
    DataFitArtists,
    EigenErrorArtists,
    RegimeMapArtists,
    data_fit,
    eigen_errors,
    gap_curves,
    regime_map,
)

__all__ = [
    "AVERAGE_STARTS",
    "DPI",
    "METHOD_STYLES",
    "STEP_CMAP",
    "display_name",
    "lecture_mode",
    "lecture_on",
    "log_axis",
    "method_style",
    "place_legend",
    "run_label",
    "AverageArtists",
    "ContourArtists",
    "CostArtists",
    "CurveArtists",
    "DataFitArtists",
    "EigenErrorArtists",
    "RegimeMapArtists",
    "PathArtists",
    "PathsArtists",
    "StateArrows",
    "ComponentArtists",
    "WeightsArtists",
    "average_plot",
    "average_series",
    "average_weights",
    "contour_grid",
    "contour_levels",
    "contour_lines",
    "contours",
    "cost_curves",
    "curve_grid",
    "curve_path",
    "data_fit",
    "eigen_errors",
    "draw_path",
    "function_gallery",
    "gap_curves",
    "path_points",
    "paths",
    "png_bytes",
    "regime_map",
    "stacked_paths",
    "state_arrows",
    "effective_learning_rates",
    "step_lengths",
    "surface_and_contours",
    "CloudArtists",
    "CloudCostArtists",
    "FaintRuns",
    "cloud_summary",
    "faint_runs",
    "noisy_costs",
    "noisy_paths",
]

# A Voila app opened as ``...?lecture=1`` starts in lecture mode.
lecture_from_query_string()
