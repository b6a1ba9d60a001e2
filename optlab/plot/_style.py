"""Colours, markers and figure helpers shared by every plot of the course.

One place decides how a step, a run, a contour and a divergence look, so a
figure in lesson 1 reads the same way as a widget in lesson 7.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.figure import Figure

from ..functions import TestFunction, as_function
from ..history import History

#: Steps are coloured from green (first) to red (last), the course's habit.
STEP_CMAP = LinearSegmentedColormap.from_list(
    "optlab_steps", ["#1a9850", "#a6d96a", "#fee08b", "#f46d43", "#d73027"]
)
#: Contour lines: dark blue at the bottom of the bowl, pale at the rim.
CONTOUR_CMAP = ListedColormap(plt.get_cmap("Blues_r")(np.linspace(0.05, 0.8, 256)))
#: One colour per run or method (colour-blind safe, readable on a projector).
RUN_COLORS = (
    "#1f1f1f",
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#7f7f7f",
)
RUN_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "h")
DIVERGED_COLOR = "#c0001a"
#: Resolution of every PNG the package writes (snapshots, saved figures).
DPI = 100


def run_color(i: int) -> str:
    """Colour of the ``i``-th run of a figure."""
    return RUN_COLORS[i % len(RUN_COLORS)]


def run_marker(i: int) -> str:
    """Marker of the ``i``-th run of a figure."""
    return RUN_MARKERS[i % len(RUN_MARKERS)]


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (6.4, 4.4)) -> Axes:
    """The axes given, or the axes of a new pyplot figure.

    Figures are made with pyplot so a notebook cell shows them by itself
    (inline backend); nothing here ever calls ``plt.show()``.
    """
    if ax is not None:
        if not isinstance(ax, Axes):
            raise TypeError(
                f"ax must be a matplotlib Axes or None; got {type(ax).__name__}"
            )
        return ax
    return plt.figure(figsize=figsize, layout="constrained").add_subplot()


def as_histories(
    histories: History | list[History] | tuple[History, ...],
) -> list[History]:
    """One History or a sequence of them as a list, checked."""
    if isinstance(histories, History):
        return [histories]
    try:
        listed = list(histories)
    except TypeError:
        raise TypeError(
            "histories must be a History or a list of them; "
            f"got {type(histories).__name__}"
        ) from None
    for h in listed:
        if not isinstance(h, History):
            raise TypeError(
                f"histories must contain History objects; got {type(h).__name__}"
            )
        if isinstance(h.diverged_at, np.ndarray):
            raise ValueError(
                "histories must be single runs; got a batch of shape "
                f"{h.diverged_at.shape} (plot a landscape.GridResult instead)"
            )
    return listed


def as_labels(labels, histories: list[History]) -> list[str]:
    """Legend labels: the ones given, else each run's ``History.label``."""
    if labels is None:
        return [h.label for h in histories]
    labels = [labels] if isinstance(labels, str) else list(labels)
    if len(labels) != len(histories):
        raise ValueError(
            f"labels must have one entry per history ({len(histories)}); "
            f"got {len(labels)}"
        )
    return [str(label) for label in labels]


def checked_function(function, n_inputs: int | None = None) -> TestFunction:
    """A TestFunction from a name, TestFunction or callable, with its input count."""
    f = as_function(function)
    if n_inputs is not None and f.n_inputs != n_inputs:
        other = "curve_path" if f.n_inputs == 1 else "paths or contours"
        raise ValueError(
            f"function must have {n_inputs} input(s) here; {f.display_name} has "
            f"{f.n_inputs} (use {other} instead)"
        )
    return f


def shown_steps(history: History) -> int:
    """How many points of a run to draw: all, or those before its divergence."""
    if history.diverged_at is None:
        return history.max_its + 1
    return int(history.diverged_at)


def png_bytes(fig: Figure, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes, reproducible from run to run.

    Fixed resolution, no software or date metadata, fast compression: the
    bytes change only when the picture does, so committed notebooks diff well.
    """
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=dpi,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 1},
    )
    return buffer.getvalue()
