"""The gallery of test functions for lesson 0: surface, contours and formula."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..functions import available_functions, get_function
from ._style import START_MARKER, place_legend
from .paths import _surface, contours, curve_path


def function_gallery(names: Sequence[str] | None = None) -> Figure:
    """Every test function (or those named): surface and contours, with its formula.

    Two functions per row; a function of one input gets its curve across both
    of its panels.

    Parameters
    ----------
    names : sequence of str, optional
        Functions to show, by name; all built-in ones by default.

    Returns
    -------
    Figure
    """
    functions = [
        get_function(n) for n in (available_functions() if names is None else names)
    ]
    if not functions:
        raise ValueError("names must list at least one function; got none")
    rows = (len(functions) + 1) // 2
    fig = plt.figure(figsize=(15.0, 3.7 * rows), layout="constrained")
    grid = fig.add_gridspec(rows, 4)
    for i, f in enumerate(functions):
        row, col = divmod(i, 2)
        title = f"{f.display_name}\n${f.latex}$"
        if f.n_inputs == 1:
            ax = fig.add_subplot(grid[row, 2 * col : 2 * col + 2])
            curve_path(f, ax=ax)
            ax.set_title(title, fontsize="medium")
            ax.plot(
                np.ravel(f.start),
                f(f.start),
                linestyle="none",
                markeredgecolor="#000000",
                markeredgewidth=2,
                label="start of the lessons",
                **START_MARKER,
            )
            place_legend(ax, fontsize="small")
            continue
        ax3d = fig.add_subplot(grid[row, 2 * col], projection="3d")
        _surface(ax3d, f, None, (25, 300))
        ax2d = fig.add_subplot(grid[row, 2 * col + 1])
        contours(f, ax2d, levels=20)
        ax2d.plot(
            *f.start,
            linestyle="none",
            markeredgecolor="#000000",
            markeredgewidth=2,
            label="start",
            **START_MARKER,
        )
        ax2d.tick_params(labelsize="small")
        ax3d.set_title(title, fontsize="medium", loc="left", pad=16)
    return fig
