"""The sliders of the hyperparameters, made the same way in every explorer.

Step lengths and eps span orders of magnitude and get log sliders
(:class:`ipywidgets.FloatLogSlider`); the averaging parameters beta, gamma,
beta1 and beta2 get linear sliders on [0, 1] that reach 1 exactly. A log
slider cannot show 0, so eps has an "eps = 0" box beside it (the normalized
methods default to eps = 0).
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from ._base import set_range

__all__ = [
    "HYPERPARAMETERS",
    "MAX_STEPS",
    "hyperparameter_controls",
    "read_hyperparameters",
    "run_controls",
    "set_start_sliders",
    "snap_to_slider",
    "write_hyperparameters",
]

#: Every hyperparameter an explorer can show, in display order.
HYPERPARAMETERS = ("alpha", "beta", "gamma", "beta1", "beta2", "eps")
#: Largest step count on the K slider.
MAX_STEPS = 1000
#: The smallest eps a slider shows; "eps = 0" is the box beside it.
EPS_RANGE = (-12, 0)
ALPHA_RANGE = (-4, 1)

#: Every slider: a label column wide enough for its longest label ("show
#: step"), and a track of about 26 em (over 300 px at 13 px text), so one
#: decade of alpha (five on its slider) takes more than 60 px. The readout
#: right of the track can be typed into for an exact value.
LABEL_WIDTH = "5.5em"
SLIDER_WIDTH = "37em"
_STYLE = {"description_width": LABEL_WIDTH}
_LAYOUT = {"width": SLIDER_WIDTH, "min_width": SLIDER_WIDTH}


def row(children, **layout) -> widgets.Box:
    """Controls side by side that wrap onto the next line when the output
    area is narrow: never a horizontal scroll bar."""
    settings = {
        "display": "flex",
        "flex_flow": "row wrap",
        "align_items": "center",
        "grid_gap": "0.2em 1.5em",  # CSS grid-gap: also the gap of a flex box
        "width": "100%",
    }
    return widgets.Box(list(children), layout=widgets.Layout(**{**settings, **layout}))


def hyperparameter_controls(prefix: str = "") -> dict[str, widgets.Widget]:
    """One control per hyperparameter (plus the "eps = 0" box), keyed by name.

    ``prefix`` is put before each key (``"momentum.alpha"``).
    """
    controls = {
        "alpha": widgets.FloatLogSlider(
            value=0.1,
            base=10,
            min=ALPHA_RANGE[0],
            max=ALPHA_RANGE[1],
            step=0.01,
            description="α",
            readout_format=".3g",
            continuous_update=True,
            style=_STYLE,
            layout=widgets.Layout(**_LAYOUT),
        ),
        "eps": widgets.FloatLogSlider(
            value=1e-8,
            base=10,
            min=EPS_RANGE[0],
            max=EPS_RANGE[1],
            step=0.1,
            description="ε",
            readout_format=".1e",
            style=_STYLE,
            layout=widgets.Layout(**_LAYOUT),
        ),
        "eps_zero": widgets.Checkbox(
            value=False,
            description="ε = 0",
            indent=False,
            layout=widgets.Layout(width="6em"),
        ),
    }
    for name, symbol in (
        ("beta", "β"),
        ("gamma", "γ"),
        ("beta1", "β₁"),
        ("beta2", "β₂"),
    ):
        fine = name == "beta2"
        controls[name] = widgets.FloatSlider(
            value=0.9,
            min=0.0,
            max=1.0,
            step=0.001 if fine else 0.01,
            description=symbol,
            readout_format=".3f" if fine else ".2f",
            style=_STYLE,
            layout=widgets.Layout(**_LAYOUT),
        )
    return {prefix + name: control for name, control in controls.items()}


def run_controls(
    max_its: int, label_width: str = LABEL_WIDTH, width: str = SLIDER_WIDTH
) -> dict[str, widgets.Widget]:
    """The controls of every path explorer: K, the start point, the step shown.

    ``max_its`` (the K slider), ``w1`` and ``w2`` (the start, a keyboard
    alternative to clicking), ``step`` (how much of the path is shown) and
    ``play`` (a Play button linked to ``step``).
    """
    style = {"description_width": label_width}
    width = SLIDER_WIDTH if _em(width) < _em(SLIDER_WIDTH) else width
    if _em(label_width) < _em(LABEL_WIDTH):
        style = _STYLE
    controls = {
        "max_its": widgets.IntSlider(
            value=max_its,
            min=1,
            max=MAX_STEPS,
            description="K steps",
            style=style,
            layout=widgets.Layout(width=width, min_width=width),
        ),
        "w1": widgets.FloatSlider(
            description="w₁ start",
            readout_format=".3g",
            style=style,
            layout=widgets.Layout(width=width, min_width=width),
        ),
        "w2": widgets.FloatSlider(
            description="w₂ start",
            readout_format=".3g",
            style=style,
            layout=widgets.Layout(width=width, min_width=width),
        ),
        "step": widgets.IntSlider(
            value=max_its,
            min=0,
            max=max_its,
            description="show step",
            style=_STYLE,
            layout=widgets.Layout(width=SLIDER_WIDTH, min_width=SLIDER_WIDTH),
        ),
        "play": widgets.Play(
            value=max_its,
            min=0,
            max=max_its,
            step=1,
            interval=80,
            description="play the steps",
        ),
    }
    widgets.link((controls["play"], "value"), (controls["step"], "value"))
    return controls


def _em(width: str) -> float:
    """A CSS width in em as a number (other units count as wide enough)."""
    return float(width[:-2]) if width.endswith("em") else float("inf")


def _start_step(width: float) -> float:
    """A power of two near width / 400: exact in binary, so the browser's
    slider (which snaps to min + n * step) and Python agree to the last bit,
    and round starts such as 10, -1.5 or 0.25 lie on the grid."""
    return 2.0 ** math.floor(math.log2(width / 400))


def snap_to_slider(slider: widgets.Widget, value: float) -> float:
    """``value`` on the slider's grid, as the browser would snap it."""
    steps = round((value - slider.min) / slider.step)
    return min(max(slider.min + steps * slider.step, slider.min), slider.max)


def set_start_sliders(controls: dict[str, widgets.Widget], function, w0) -> None:
    """Range, step and value of the w1 (and w2) start sliders for ``w0``.

    The range is the function's window, widened to include ``w0``, on a grid
    that contains ``w0`` whenever it is a multiple of the step (all the
    sources' start points are).
    """
    w0 = np.ravel(np.asarray(w0, dtype=float))
    if w0.size != function.n_inputs:
        raise ValueError(
            f"w0 must have {function.n_inputs} component(s) for "
            f"{function.display_name}; got {w0.tolist()}"
        )
    for name, value, (lo, hi) in zip(("w1", "w2"), w0, function.window, strict=False):
        slider = controls[name]
        step = _start_step(max(hi, value) - min(lo, value))
        low = math.floor(min(lo, value) / step) * step
        high = math.ceil(max(hi, value) / step) * step
        set_range(slider, low, high, value)
        slider.step = step
        slider.value = snap_to_slider(slider, value)


def read_hyperparameters(
    controls: dict[str, widgets.Widget], names, prefix: str = ""
) -> dict:
    """The values of the named hyperparameters (eps is 0 when its box is ticked)."""
    values = {name: float(controls[prefix + name].value) for name in names}
    if "eps" in values and controls[prefix + "eps_zero"].value:
        values["eps"] = 0.0
    return values


def write_hyperparameters(
    controls: dict[str, widgets.Widget], values: dict, prefix: str = ""
) -> None:
    """Set the controls to ``values`` (eps = 0 ticks the box)."""
    for name, value in values.items():
        if name == "eps":
            zero = float(value) == 0.0
            controls[prefix + "eps_zero"].value = zero
            if not zero:
                controls[prefix + "eps"].value = float(value)
        elif name in HYPERPARAMETERS:
            controls[prefix + name].value = float(value)


def show_only(controls: dict[str, widgets.Widget], names, prefix: str = "") -> None:
    """Show the controls of ``names``, hide the other hyperparameters."""
    for name in HYPERPARAMETERS:
        visible = name in names
        controls[prefix + name].layout.display = None if visible else "none"
        if name == "eps":
            controls[prefix + "eps_zero"].layout.display = None if visible else "none"
