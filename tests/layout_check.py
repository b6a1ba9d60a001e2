"""A layout check for any matplotlib figure: what a reader would see as broken.

* two text artists that overlap (tick labels, axis labels, titles, legend
  entries, notes; 3-D axes included);
* text that leaves the figure;
* an axis that draws ticks but labels none of them (or only one).

:func:`layout_problems` returns a list of readable complaints, empty when the
figure is clean, so a test can print exactly what went wrong.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text

#: Pixels two boxes may share before they count as overlapping (antialiasing).
TOLERANCE = 1.0


def _tick_labels(axis) -> tuple[list[Text], list[Text]]:
    """(drawn, all) tick labels of an axis: drawn = inside the view, visible."""
    every = [
        label
        for tick in (*axis.majorTicks, *axis.minorTicks)
        for label in (tick.label1, tick.label2)
    ]
    drawn = [
        label
        for tick in _drawn_ticks(axis)
        for label in (tick.label1, tick.label2)
        if label.get_visible() and label.get_text().strip()
    ]
    return drawn, every


def _drawn_ticks(axis) -> list:
    """The ticks the last draw used: the first n of each list, n = locations
    inside the view (read without moving them, which would undo 3-D layout)."""
    scale = axis.get_transform()  # compare in the scaled space (log axes)

    def scaled(values):
        return scale.transform(np.reshape(np.asarray(values, float), (-1, 1)))[:, 0]

    low, high = sorted(scaled(axis.get_view_interval()))
    span = (high - low) * 1e-9
    ticks = []
    for locs, pool in (
        (axis.get_majorticklocs(), axis.majorTicks),
        (axis.get_minorticklocs(), axis.minorTicks),
    ):
        with np.errstate(all="ignore"):
            where = scaled(locs) if len(locs) else np.zeros(0)
        ticks += [
            tick
            for loc, tick in zip(where, pool, strict=False)
            if low - span <= loc <= high + span
        ]
    return ticks


def _labels_enabled(axis) -> bool:
    """Whether the axis is meant to label its ticks (not hidden on purpose,
    as on the inner panels of shared axes)."""
    params = axis._major_tick_kw
    return bool(params.get("label1On", True) or params.get("label2On", False))


def _name(text: Text) -> str:
    return repr(text.get_text()[:40])


def layout_problems(fig: Figure) -> list[str]:
    """Everything wrong with the layout of ``fig`` (empty list: none)."""
    fig.canvas.draw()
    renderer = fig._get_renderer()
    problems: list[str] = []
    texts: list[Text] = []
    tick_label_ids: set[int] = set()
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        axes = [ax.xaxis, ax.yaxis] + ([ax.zaxis] if ax.name == "3d" else [])
        for axis in axes:
            drawn, every = _tick_labels(axis)
            tick_label_ids.update(id(t) for t in every)
            texts += drawn
            shows_ticks = bool(len(axis.get_majorticklocs())) and axis.get_visible()
            marks = [t for t in _drawn_ticks(axis) if t.tick1line.get_visible()]
            if (
                shows_ticks
                and marks
                and _labels_enabled(axis)
                and ax.name != "3d"
                and len({t.get_text() for t in drawn}) < 2
            ):
                where = ax.get_label() or fig.axes.index(ax)
                problems.append(
                    f"{axis.axis_name}-axis of axes {where}"
                    f" draws ticks with {len(drawn)} label(s): "
                    f"{[t.get_text() for t in drawn]}"
                )
    for text in fig.findobj(Text):
        if id(text) in tick_label_ids or text in texts:
            continue
        if text.get_visible() and text.get_text().strip() and text.figure is fig:
            # texts inside a hidden legend or axes are not drawn
            parent_ax = text.axes
            if parent_ax is not None and not parent_ax.get_visible():
                continue
            texts.append(text)
    boxes = []
    figure_box = fig.bbox
    for text in texts:
        box = text.get_window_extent(renderer)
        if box.width <= 0 or box.height <= 0:
            continue
        boxes.append((text, box))
        if (
            box.x0 < figure_box.x0 - TOLERANCE
            or box.y0 < figure_box.y0 - TOLERANCE
            or box.x1 > figure_box.x1 + TOLERANCE
            or box.y1 > figure_box.y1 + TOLERANCE
        ):
            problems.append(
                f"text {_name(text)} leaves the figure: {np.round(box.extents, 1)} "
                f"outside {np.round(figure_box.extents, 1)}"
            )
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        width = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        height = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if width > TOLERANCE and height > TOLERANCE:
            problems.append(f"texts {_name(a)} and {_name(b)} overlap")
    return problems
