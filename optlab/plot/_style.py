"""Colours, markers and figure helpers shared by every plot of the course.

One place decides how a step, a run, a contour and a divergence look, so a
figure in lesson 1 reads the same way as a widget in lesson 7:

* one colour, one marker and one display name per method
  (:data:`METHOD_STYLES`), from the Okabe-Ito set, never reassigned;
* a step ramp (viridis, lightness rising from first to last step), used
  only when a single method is drawn; with several, each keeps its colour;
* start: hollow ring; end: square; minimizer: white star (a line where the
  minimizers form a set); divergence: red cross and a note;
* log cost axes with at least two labelled ticks in one format
  (:func:`log_axis`); legends in a checked-empty corner or outside
  (:func:`place_legend`).
"""

from __future__ import annotations

import io
import os
import textwrap
import urllib.parse
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.ticker import (
    Formatter,
    LogLocator,
    MaxNLocator,
    NullFormatter,
    NullLocator,
)

from ..functions import TestFunction, as_function
from ..history import History

#: The Okabe-Ito colours (Okabe and Ito, "Color Universal Design", 2002),
#: distinguishable under the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
#: Four darker colours that complete the set to one per method; with the
#: Okabe-Ito colours they stay at least 10 CAM02-UCS apart under
#: deuteranopia, protanopia and tritanopia (tests/test_colour_vision.py).
EXTRA_COLOURS = {
    "wine": "#882255",
    "brown": "#8C564B",
    "purple": "#5D3A9B",
    "dark green": "#1A5E1A",
}


@dataclass(frozen=True)
class MethodStyle:
    """How a method looks in every figure: colour, marker and legend name."""

    color: str
    marker: str
    name: str


#: One colour, one marker and one display name per method of
#: :data:`optlab.optimizers.METHODS`, never reassigned by a figure.
METHOD_STYLES: dict[str, MethodStyle] = {
    "gradient_descent": MethodStyle(OKABE_ITO["black"], "o", "gradient descent"),
    "momentum": MethodStyle(OKABE_ITO["blue"], "s", "momentum"),
    "heavy_ball": MethodStyle(OKABE_ITO["sky blue"], "^", "heavy ball"),
    "nesterov": MethodStyle(OKABE_ITO["bluish green"], "D", "Nesterov"),
    "normalized_gd": MethodStyle(OKABE_ITO["orange"], "v", "normalized descent"),
    "sign_gd": MethodStyle(OKABE_ITO["vermillion"], "P", "sign descent"),
    "normalized_momentum": MethodStyle(OKABE_ITO["yellow"], "h", "normalized momentum"),
    "adagrad": MethodStyle(OKABE_ITO["reddish purple"], "<", "Adagrad"),
    "rmsprop": MethodStyle(EXTRA_COLOURS["purple"], ">", "RMSprop"),
    "adadelta": MethodStyle(EXTRA_COLOURS["brown"], "p", "Adadelta"),
    "adam": MethodStyle(EXTRA_COLOURS["wine"], "d", "Adam"),
    "newton": MethodStyle(EXTRA_COLOURS["dark green"], "8", "Newton's method"),
}
#: A method the course does not know (a user's own rule) is drawn in grey.
OTHER_STYLE = MethodStyle("#6f6f6f", "o", "")
#: Repeats of one method in a figure keep its colour and change line style.
REPEAT_LINESTYLES = ("-", "--", ":", "-.")

#: Steps of one path, first to last: viridis (lightness rises monotonically),
#: cut before its palest yellow so the last steps stay visible on white.
STEP_CMAP = ListedColormap(
    plt.get_cmap("viridis")(np.linspace(0.0, 0.9, 256)), name="optlab_steps"
)
#: Contour lines: dark grey-blue at the bottom of the bowl, pale at the rim,
#: quiet enough for any method colour to be read on top.
CONTOUR_CMAP = ListedColormap(
    plt.get_cmap("Greys_r")(np.linspace(0.25, 0.8, 256)), name="optlab_contours"
)
#: Colours of runs that are not methods (components, series): the method
#: colours in their order, black first.
RUN_COLORS = tuple(s.color for s in METHOD_STYLES.values())
RUN_MARKERS = tuple(s.marker for s in METHOD_STYLES.values())
DIVERGED_COLOR = "#c0001a"
#: Start, end, minimizers and divergence, drawn the same way everywhere.
START_MARKER = {"marker": "o", "markerfacecolor": "none", "markersize": 13}
END_MARKER = {"marker": "s", "markerfacecolor": "white", "markersize": 8}
MINIMIZER_STYLE = {
    "marker": "*",
    "markersize": 14,
    "color": "#ffffff",
    "markeredgecolor": "#000000",
    "markeredgewidth": 1.0,
}
DIVERGED_MARKER = {"marker": "X", "markersize": 12, "color": DIVERGED_COLOR}
#: The predicted best hyperparameters on a map over (alpha, beta).
BEST_SETTING_STYLE = {
    "marker": "*",
    "markersize": 16,
    "color": "gold",
    "markeredgecolor": "k",
    "linestyle": "none",
}
#: Resolution of every PNG the package writes (snapshots, saved figures).
DPI = 100


# --------------------------------------------------------------------------
# Lecture mode: larger text, thicker lines, for a projector
# --------------------------------------------------------------------------

#: What lecture mode changes in matplotlib: text of 13 pt is about 18 px on
#: a figure drawn at 100 dpi (a 1280 x 720 projector image), lines and axes
#: thicker. Text sizes in optlab.plot are relative ("small", "medium"), so
#: they all follow ``font.size``.
LECTURE_RC = {
    "font.size": 13.0,
    "axes.linewidth": 1.3,
    "xtick.major.width": 1.3,
    "ytick.major.width": 1.3,
    "xtick.major.size": 5.0,
    "ytick.major.size": 5.0,
    "lines.linewidth": 2.6,
    "lines.markersize": 8.0,
    "legend.fontsize": "small",
}
LECTURE_LINES, LECTURE_MARKERS = 1.7, 1.35
_lecture = {"on": False, "saved": {}}


def lecture_mode(on: bool = True) -> bool:
    """Turn lecture mode on (or off) for the figures and explorers made next.

    Larger text (about 18 px on a 1280 x 720 projector), thicker lines and
    larger markers in every figure; explorers shrink their figure so that it
    and its sliders fit a 1280 x 720 screen together, and enlarge the text of
    their controls. In a Voila app, add ``?lecture=1`` to the address.

    Returns whether lecture mode is now on.
    """
    if not isinstance(on, bool):
        raise TypeError(f"on must be True or False; got {on!r}")
    if on and not _lecture["on"]:
        _lecture["saved"] = {key: plt.rcParams[key] for key in LECTURE_RC}
        plt.rcParams.update(LECTURE_RC)
    elif not on and _lecture["on"]:
        plt.rcParams.update(_lecture["saved"])
    _lecture["on"] = on
    return on


def lecture_on() -> bool:
    """Whether lecture mode is on."""
    return _lecture["on"]


def lecture_from_query_string(query: str | None = None) -> bool:
    """Turn lecture mode on if the page's address asks for it (``?lecture=1``).

    Voila hands the page's query string to the kernel as the ``QUERY_STRING``
    environment variable; ``query`` overrides it (tests).
    """
    query = os.environ.get("QUERY_STRING", "") if query is None else query
    values = urllib.parse.parse_qs(query).get("lecture", [])
    if values and values[-1].lower() in ("1", "true", "on", "yes"):
        return lecture_mode(True)
    return lecture_on()


def text_scale() -> float:
    """How much larger text is now than at matplotlib's 10 pt (margins follow)."""
    return FontProperties(size=plt.rcParams["font.size"]).get_size_in_points() / 10.0


def thick(width: float) -> float:
    """A line width, thicker in lecture mode."""
    return width * (LECTURE_LINES if _lecture["on"] else 1.0)


def big(style: dict) -> dict:
    """A marker style with its size scaled up in lecture mode."""
    if not _lecture["on"] or "markersize" not in style:
        return dict(style)
    return {**style, "markersize": style["markersize"] * LECTURE_MARKERS}


def best_setting_star(ax: Axes, alpha: float, beta: float, label: str = "") -> Line2D:
    """Mark the predicted best (alpha, beta) of a map with a gold star."""
    (star,) = ax.plot([alpha], [beta], **big(BEST_SETTING_STYLE), zorder=4, label=label)
    return star


def method_key(method_or_history) -> str:
    """The key of :data:`METHOD_STYLES` for a method name or a run.

    A run of ``normalized_gd`` with ``norm="component"`` is sign descent.
    """
    if isinstance(method_or_history, History):
        h = method_or_history
        if h.method == "normalized_gd" and h.params.get("norm") == "component":
            return "sign_gd"
        return h.method
    return str(method_or_history)


def method_style(method_or_history) -> MethodStyle:
    """Colour, marker and display name of a method (or of a run's method)."""
    key = method_key(method_or_history)
    return METHOD_STYLES.get(key, OTHER_STYLE)


def display_name(method_or_history) -> str:
    """The name a legend shows: "sign descent", not "sign_gd"."""
    key = method_key(method_or_history)
    return method_style(key).name or key.replace("_", " ")


_SYMBOLS = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "beta1": "β₁",
    "beta2": "β₂",
    "eps": "ε",
    "noise": "σ",
    "batch_size": "batch",
}

#: Settings a label leaves out: the seed names a draw, not a setting.
_NOT_SHOWN = {"seed"}


def run_label(history: History) -> str:
    """Display name and settings of a run: ``momentum (α = 0.1, β = 0.7)``.

    A noise of 0 (a minibatch run without added noise) and the seed are left
    out; a minibatch size shows as ``batch = 10``.
    """
    shown = [
        f"{_SYMBOLS.get(key, key)} = {value:.3g}"
        for key, value in history.params.items()
        if isinstance(value, (int, float, np.floating))
        and not isinstance(value, bool)
        and key not in _NOT_SHOWN
        and not (key == "noise" and value == 0)
    ]
    name = display_name(history)
    return f"{name} ({', '.join(shown)})" if shown else name


def run_styles(histories) -> list[tuple[str, str, str]]:
    """(colour, marker, line style) of each run: its method's colour and
    marker; the second run of a method in one figure is dashed, and so on."""
    seen: dict[str, int] = {}
    styles = []
    for h in histories:
        key = method_key(h)
        repeat = seen.get(key, 0)
        seen[key] = repeat + 1
        style = method_style(key)
        styles.append(
            (
                style.color,
                style.marker,
                REPEAT_LINESTYLES[repeat % len(REPEAT_LINESTYLES)],
            )
        )
    return styles


def run_color(i: int) -> str:
    """Colour of the ``i``-th series of a figure that is not a method."""
    return RUN_COLORS[i % len(RUN_COLORS)]


def run_marker(i: int) -> str:
    """Marker of the ``i``-th series of a figure that is not a method."""
    return RUN_MARKERS[i % len(RUN_MARKERS)]


# --------------------------------------------------------------------------
# Log axes that always carry numbers
# --------------------------------------------------------------------------


class CostLocator(LogLocator):
    """Ticks of a log axis with at least two inside the view, whatever its range.

    Decades when the view spans two or more; else 1-2-5 in each decade; else
    1..9; else evenly spaced round values.
    """

    def __init__(self, most: int = 6) -> None:
        super().__init__()  # LogLocator's limits: never <= 0 on a log axis
        self.most = most

    def __call__(self):
        low, high = self.axis.get_view_interval()
        return self.tick_values(low, high)

    def tick_values(self, vmin, vmax):
        low, high = sorted((float(vmin), float(vmax)))
        if not (np.isfinite(low) and np.isfinite(high)) or high <= 0:
            return np.array([1.0, 10.0])
        low = max(low, high * 1e-300)
        first, last = int(np.floor(np.log10(low))), int(np.ceil(np.log10(high)))
        decades = np.arange(first, last + 1)
        for mantissas in ((1,), (1, 2, 5), tuple(range(1, 10))):
            ticks = np.array([m * 10.0**d for d in decades for m in mantissas])
            inside = ticks[(ticks >= low * (1 - 1e-9)) & (ticks <= high * (1 + 1e-9))]
            if len(inside) >= 2:
                if mantissas == (1,) and len(inside) > self.most:
                    every = int(np.ceil(len(inside) / self.most))
                    keep = (np.log10(inside).round().astype(int) % every) == 0
                    inside = inside[keep] if keep.sum() >= 2 else inside[::every]
                return inside
        # less than a factor 1.25: round values in a linear spacing
        return MaxNLocator(3, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)


class CostFormatter(Formatter):
    """Every tick label in one format: ``10⁻²``-style powers, ``2×10⁻²``."""

    def __call__(self, x, pos=None):
        return power_label(x)

    def format_ticks(self, values):
        """Labels with as many digits as it takes to tell the ticks apart."""
        for digits in range(2, 8):
            labels = [power_label(x, digits) for x in values]
            if len(set(labels)) == len(labels):
                return labels
        return labels


def power_label(x: float, digits: int = 2) -> str:
    """``x`` as a power of ten with ``digits`` significant digits (mathtext)."""
    if not np.isfinite(x) or x <= 0:
        return ""
    exponent = int(np.floor(np.log10(x) + 1e-9))
    mantissa = x / 10.0**exponent
    if abs(mantissa - round(mantissa)) < 1e-6:
        digits = f"{round(mantissa):d}"
    else:
        digits = f"{mantissa:.{digits}g}"
    if digits == "10":
        digits, exponent = "1", exponent + 1
    if digits == "1":
        return f"$10^{{{exponent}}}$"
    return f"${digits}\\times10^{{{exponent}}}$"


def log_axis(ax: Axes, axis: str = "y") -> None:
    """Make one axis of ``ax`` logarithmic with labelled ticks in one format."""
    which = ax.yaxis if axis == "y" else ax.xaxis
    (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
    which.set_major_locator(CostLocator())
    which.set_major_formatter(CostFormatter())
    which.set_minor_locator(NullLocator())
    which.set_minor_formatter(NullFormatter())


def wrapped(text: str, ax: Axes, fontsize: float | str) -> str:
    """``text`` broken at spaces into lines that fit the width of ``ax``."""
    fontsize = FontProperties(size=fontsize).get_size_in_points()
    width = ax.get_position().width * ax.figure.get_figwidth() * 72
    chars = max(16, int(width / (0.56 * fontsize)))
    if len(text) <= chars or "$" in text:
        return text
    return "\n".join(textwrap.wrap(text, chars, break_long_words=False))


# --------------------------------------------------------------------------
# Legends in an empty corner, or outside
# --------------------------------------------------------------------------

_CORNERS = ("upper right", "upper left", "lower left", "lower right")


def _data_points(ax: Axes) -> np.ndarray:
    """Every drawn data point of ``ax`` in axes coordinates (0..1)."""
    chunks = []
    for line in ax.get_lines():
        if line.get_visible() and line.get_transform() == ax.transData:
            xy = np.column_stack(
                [
                    np.asarray(line.get_xdata(), float),
                    np.asarray(line.get_ydata(), float),
                ]
            )
            if len(xy) > 1:  # the segments between points too
                t = np.linspace(0, 1, 8)[:, None, None]
                xy = (xy[:-1] * (1 - t) + xy[1:] * t).reshape(-1, 2)
            chunks.append(xy)
    for collection in ax.collections:
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        if collection.get_visible() and offsets.size and offsets.ndim == 2:
            chunks.append(offsets)
    if not chunks:
        return np.zeros((0, 2))
    xy = np.concatenate(chunks)
    xy = xy[np.isfinite(xy).all(axis=1)]
    return ax.transLimits.transform(ax.transScale.transform(xy)) if len(xy) else xy


def place_legend(ax: Axes, **kwargs) -> Legend:
    """A legend in a corner of ``ax`` that no data point or line crosses,
    checked; outside the axes on the right when every corner is taken."""
    points = _data_points(ax)
    renderer = ax.figure._get_renderer()
    kwargs.setdefault("framealpha", 0.92)
    for corner in _CORNERS:
        legend = ax.legend(loc=corner, **kwargs)
        box = legend.get_window_extent(renderer).transformed(ax.transAxes.inverted())
        pad = 0.01
        inside = (
            (points[:, 0] >= box.x0 - pad)
            & (points[:, 0] <= box.x1 + pad)
            & (points[:, 1] >= box.y0 - pad)
            & (points[:, 1] <= box.y1 + pad)
        )
        fits = box.x0 >= -1e-6 and box.y0 >= -1e-6 and box.x1 <= 1 + 1e-6
        if fits and not inside.any():
            return legend
        legend.remove()
    return ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), **kwargs)


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
