r"""``explore``: one explorer for any method on any test function.

The figure is built once: contours (or the curve of a 1-input function) with
the path on the left, the cost history on the right. Moving a slider reruns
the method (a few milliseconds) and moves the existing artists
(``set_data``, ``set_offsets``); only changing the *function* draws the
landscape again, from the cached grid.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..functions import TestFunction, as_function, available_functions, get_function
from ..history import History
from ..optimizers import METHODS
from ..plot import (
    StateArrows,
    contours,
    cost_curves,
    curve_path,
    draw_path,
    path_points,
    state_arrows,
)
from ..plot._style import method_style, run_label, text_scale
from ._path_explorer import PathExplorer
from .controls import (
    ALPHA_RANGE,
    EPS_RANGE,
    HYPERPARAMETERS,
    MAX_STEPS,
    hyperparameter_controls,
    read_hyperparameters,
    row,
    run_controls,
    show_only,
    write_hyperparameters,
)
from .noise import NoiseControls, NoisyRuns, noise_note, noise_rows
from .settings import method_defaults, source_settings

__all__ = [
    "RunExplorer",
    "check_settings",
    "cost_panel_title",
    "snap_cost_limits",
    "explore",
    "readout_text",
]


def snap_cost_limits(
    ax,
    line,
    log: bool,
    keep: bool = True,
    floor: float | None = None,
    fill: float = 0.3,
    ceiling: float | None = None,
    margin: int = 1,
    shrink: bool = True,
) -> None:
    """Fit the cost axis to a curve (or a list of curves), with limits on whole
    decades (log) or round numbers, kept while the curves fill at least
    ``fill`` (30 %) of the axis: most slider moves then leave the axis, and
    its cached picture, alone.

    When a curve leaves a log axis, the axis grows on that side only, to
    ``margin`` decades past the curve: a slider dragged one way keeps moving
    the curve that way, and the next moves then stay on the same axis.
    ``keep=False`` snaps even when the curves fill the axis, with no margin;
    ``shrink=False`` only lets the axis grow (a diverged run, cut short at a
    varying step, would otherwise shrink and regrow it from one move to the
    next). Values under ``floor`` or over ``ceiling`` count as ``floor`` or
    ``ceiling`` (they leave the axis)."""
    lines = line if isinstance(line, list | tuple) else [line]
    y = np.concatenate([np.asarray(c.get_ydata(), dtype=float) for c in lines])
    y = y[np.isfinite(y) & ((y > 0) if log else True)]
    if floor is not None:
        y = np.maximum(y, floor)
    if ceiling is not None:
        y = np.minimum(y, ceiling)
    if not y.size:
        return
    low, high = float(y.min()), float(y.max())
    now_low, now_high = ax.get_ylim()
    scale = np.log10 if log else (lambda v: v)
    grown = keep and now_low < now_high
    if grown and now_low <= low and high <= now_high:
        # sticky: keep the axis while the curve still fills enough of it
        filled = scale(high) - scale(low) >= fill * (scale(now_high) - scale(now_low))
        if filled or not shrink:
            return
        grown = False  # shrinking: to the curves' own decades
    if log:
        decade_low, decade_high = np.floor(np.log10(low)), np.ceil(np.log10(high))
        if grown:  # only the side the curve left moves, a margin past it
            low = 10.0 ** (decade_low - margin) if low < now_low else now_low
            high = 10.0 ** (decade_high + margin) if high > now_high else now_high
        else:
            low, high = 10.0**decade_low, 10.0**decade_high
        if floor is not None:
            low = max(low, 10.0 ** np.floor(np.log10(floor)))
        if ceiling is not None:
            high = min(high, 10.0 ** np.ceil(np.log10(ceiling)))
        if high <= low:
            high = low * 10
    else:
        ticks = MaxNLocator(4).tick_values(low, high)
        low, high = float(ticks[0]), float(ticks[-1])
        if high <= low:
            low, high = low - 1, high + 1
    if tuple(ax.get_ylim()) != (low, high):
        ax.set_ylim(low, high)


def cost_panel_title(ax) -> None:
    """Name a cost panel above it, not beside: wide tick labels never meet it."""
    ax.set_ylabel("")
    ax.set_title("cost g(wᵏ)", loc="left", fontsize="medium", pad=4)


def check_settings(
    method: str, params: dict[str, Any], max_its: int | None = None
) -> None:
    """Check settings given to an explorer fit its controls; ValueError if not."""
    if method not in METHODS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, METHODS))}; got {method!r}"
        )
    allowed = METHODS[method].hyperparameters
    for name, value in params.items():
        if name not in allowed:
            raise ValueError(
                f"{name} is not a hyperparameter of {method}; it takes "
                f"{', '.join(allowed) or 'none'}"
            )
        value = float(value)
        if (
            name == "alpha"
            and not 10.0 ** ALPHA_RANGE[0] <= value <= 10.0 ** ALPHA_RANGE[1]
        ):
            raise ValueError(
                f"alpha must be in [1e{ALPHA_RANGE[0]}, 1e{ALPHA_RANGE[1]}] "
                "in an explorer; "
                f"got {value!r}"
            )
        if name == "eps" and value != 0 and not 10.0 ** EPS_RANGE[0] <= value <= 1:
            raise ValueError(
                f"eps must be 0 or in [1e{EPS_RANGE[0]}, 1] in an explorer; "
                f"got {value!r}"
            )
        if name not in ("alpha", "eps") and not 0 <= value <= 1:
            raise ValueError(f"{name} must be in [0, 1]; got {value!r}")
    if max_its is not None and (
        isinstance(max_its, bool)
        or int(max_its) != max_its
        or not 1 <= max_its <= MAX_STEPS
    ):
        raise ValueError(
            f"max_its must be a whole number in [1, {MAX_STEPS}]; got {max_its!r}"
        )


def readout_text(history: History, step: int | None = None) -> str:
    """The line under an explorer: step, cost and point, or where it diverged."""
    total = history.max_its
    step = total if step is None else int(step)
    if history.diverged_at is not None and step >= history.diverged_at:
        last = history.diverged_at - 1
        return (
            f'<span style="color:#c0001a"><b>diverged at step {history.diverged_at}</b>'
            f"</span> of {total} · last finite cost {history.cost[last]:.4g}"
        )
    w = np.ravel(history.w[step])
    point = (
        f"{w[0]:.3g}" if w.size == 1 else "(" + ", ".join(f"{x:.3g}" for x in w) + ")"
    )
    return f"step {step} of {total} · cost {history.cost[step]:.4g} · w = {point}"


class RunExplorer(NoiseControls, PathExplorer):
    """One method on one function, every setting on a control (see :func:`explore`)."""

    figsize = (9.6, 3.9)

    def __init__(
        self,
        function: str | TestFunction,
        method: str,
        w0=None,
        max_its: int | None = None,
        params: dict[str, float] | None = None,
    ) -> None:
        super().__init__()
        f = as_function(function)
        params = dict(params or {})
        check_settings(method, params, max_its)
        self._functions = {name: get_function(name) for name in available_functions()}
        self._functions.setdefault(f.name, f)
        if self._functions[f.name] is not f:  # a custom function named like a built-in
            self._functions[f"{f.name} (yours)"] = f
        self._function_key = next(k for k, v in self._functions.items() if v is f)
        self.function = f
        self._make_controls(method)
        g = text_scale()  # margins for the tick labels: wider in lecture mode
        self._main = self.figure.add_axes(
            (0.065 * g * g, 0.14 * g, 0.635 - 0.065 * g * g, 1 - 0.1 * g - 0.14 * g)
        )
        self._cost_ax = self.figure.add_axes(
            (0.65 + 0.065 * g, 0.14 * g, 0.335 - 0.065 * g, 1 - 0.1 * g - 0.14 * g)
        )
        self.landscape: Any = None
        self.path = None
        self.arrows: StateArrows | None = None
        self.costs = None
        self.cloud: NoisyRuns | None = None
        self.runs: list[History] = []  # the faint noisy runs, if several
        with self.hold():
            self._settings_for(method, use_source=True)
            if w0 is not None:
                self._set_start(w0)
            if max_its is not None:
                self._set_steps(int(max_its))
            write_hyperparameters(self.controls, params)
            self._pending.update({"function", "method"})
        self.figure.canvas.mpl_connect("button_press_event", self._on_click)
        self.widget = self._layout()

    # -- controls ------------------------------------------------------------

    def _make_controls(self, method: str) -> None:
        c = self.controls
        c["function"] = widgets.Dropdown(
            options=[(f.display_name, key) for key, f in self._functions.items()],
            value=self._function_key,
            description="function",
            layout=widgets.Layout(width="30em"),
            style={"description_width": "5em"},
        )
        c["method"] = widgets.Dropdown(
            options=[(info.display_name, key) for key, info in METHODS.items()],
            value=method,
            description="method",
            layout=widgets.Layout(width="26em"),
            style={"description_width": "5em"},
        )
        c["source"] = widgets.Button(
            description="source settings",
            icon="undo",
            layout=widgets.Layout(width="13em"),
        )
        c["arrows"] = widgets.Checkbox(
            value=False,
            description="gradient and step arrows",
            indent=False,
            layout=widgets.Layout(width="16em"),
        )
        c.update(hyperparameter_controls())
        c.update(run_controls(100))
        self._add_noise_controls()
        self.equation = widgets.HTMLMath()

        for name in (*HYPERPARAMETERS, "eps_zero", "w1", "w2"):
            self._watch(c[name], "run")
        self._watch(c["step"], "step")
        self._watch(c["arrows"], "arrows")
        c["eps_zero"].observe(
            lambda ch: setattr(c["eps"], "disabled", ch["new"]), "value"
        )
        c["method"].observe(lambda ch: self._on_method(ch["new"]), "value")
        c["function"].observe(lambda ch: self._on_function(ch["new"]), "value")
        c["max_its"].observe(lambda ch: self._on_steps(), "value")
        c["source"].on_click(lambda button: self.restore_source_settings())

    def _layout(self) -> widgets.Box:
        c = self.controls
        top = row([c["function"], c["method"], c["source"], c["arrows"]])
        eps_row = widgets.HBox([c["eps"], c["eps_zero"]])
        left = widgets.VBox(
            [c["alpha"], c["beta"], c["gamma"], c["beta1"], c["beta2"], eps_row]
        )
        right = widgets.VBox([c["max_its"], c["w1"], c["w2"]])
        player = row([c["play"], c["step"]])
        return widgets.VBox(
            [
                top,
                self.view,
                row([left, right]),
                *noise_rows(c),
                player,
                self.readout,
                self.equation,
            ],
            layout=widgets.Layout(width="100%"),
        )

    @property
    def method(self) -> str:
        """The method shown."""
        return self.controls["method"].value

    def _settings_for(self, method: str, use_source: bool) -> None:
        """Hyperparameters (and with ``use_source`` start and K) for a method."""
        values = method_defaults(method)
        source = source_settings(self.function.name, method)
        if source is not None:
            values.update({k: v for k, v in source.items() if k in values})
        write_hyperparameters(self.controls, values)
        if use_source:
            self._set_start(source["w0"] if source else self.function.start)
            self._set_steps(
                source["max_its"] if source else self.controls["max_its"].value
            )
        self.controls["source"].disabled = source is None
        self.controls["source"].tooltip = (
            f"the settings {source['source']} uses"
            if source
            else "the sources have no settings for this function and method"
        )

    def restore_source_settings(self) -> None:
        """Restore the source material's settings for this function and method."""
        with self.hold():
            self._settings_for(self.method, use_source=True)
            self._pending.add("run")

    # -- reactions -----------------------------------------------------------

    def _on_method(self, method: str) -> None:
        with self.hold():
            self._settings_for(method, use_source=False)
            self._pending.add("method")

    def _on_function(self, key: str) -> None:
        with self.hold():
            self.function = self._functions[key]
            self._settings_for(self.method, use_source=True)
            self._pending.add("function")

    # -- drawing -------------------------------------------------------------

    def _apply(self, kinds: set[str]) -> None:
        if "function" in kinds:
            self._draw_landscape()
        if kinds & {"function", "method"}:
            self.background_changed()  # arrows' legend names the method's step
            style = method_style(self.method)
            self.path.restyle(style.color, style.marker)
            self.costs.lines[0].set_color(style.color)
            names = METHODS[self.method].hyperparameters
            show_only(self.controls, names)
            self.equation.value = f"$${METHODS[self.method].latex}$$"
        arrows_need_state = (
            "arrows" in kinds
            and self.controls["arrows"].value
            and "grad" not in getattr(self.history, "state", {})
        )
        if kinds & {"function", "method", "run"} or arrows_need_state:
            self._run()
        if kinds & {"function", "method", "run", "step", "arrows"}:
            self._draw_run(
                rescale=bool(kinds & {"function", "method", "run"}),
                # a new function or method: the cost axis fits its curve snugly
                fresh=bool(kinds & {"function", "method"}),
            )

    def _draw_landscape(self) -> None:
        """Draw the function once (from the cached grid) with empty run artists."""
        f = self.function
        self.controls["w2"].layout.display = None if f.n_inputs == 2 else "none"
        for ax in (self._main, self._cost_ax):
            ax.clear()
        if f.n_inputs == 2:
            self.landscape = contours(f, self._main)
        else:
            self.landscape = curve_path(f, (), self._main)
        placeholder = METHODS["gradient_descent"].run(
            f, f.start, max_its=1, record_state=True
        )
        self.path = draw_path(self._main, placeholder, label="")
        self.arrows = None
        self._animated = []
        self._main.set_title("", y=1.0)

        log = bool(np.isfinite(f.minimum) and f.minimum >= 0)
        self.costs = cost_curves(placeholder, self._cost_ax, legend=False, log=log)
        self._log_cost = log
        p = self.path
        self.animate(p.line, p.points, p.start, p.end, p.note)
        self.animate(self.costs.lines[0], self.costs.crosses[0])
        self.background_changed()
        # few ticks: every tick is redrawn on each slider move; a log axis
        # keeps two labelled ticks whatever the range (plot.log_axis)
        self._cost_ax.xaxis.set_major_locator(MaxNLocator(3, integer=True))
        cost_panel_title(self._cost_ax)
        self.cloud = NoisyRuns(  # axes cleared: a new cloud
            self._main, self._cost_ax, log=log, animate=self.animate, forget=self.forget
        )
        # fixed label positions: matplotlib then skips measuring the tick
        # labels to place the axis labels, a good part of each draw
        # (in lecture mode matplotlib places them: larger labels vary more)
        if not self.lecture:
            self._main.xaxis.set_label_coords(0.5, -0.1)
            self._main.yaxis.set_label_coords(-0.075, 0.5)
            self._cost_ax.xaxis.set_label_coords(0.5, -0.1)

    def _draw_arrows(self, h: History, step: int) -> None:
        """Gradient and step arrows, made when switched on, removed when off."""
        wanted = bool(self.controls["arrows"].value)
        if self.arrows is not None and (not wanted or self.arrows.capacity < h.max_its):
            self.forget(self.arrows.gradient, self.arrows.step, self.arrows.legend)
            self.arrows.remove()
            self.arrows = None
        if wanted and self.arrows is None:
            self.arrows = state_arrows(self.function, h, self._main, with_path=False)
            self.animate(self.arrows.gradient, self.arrows.step, self.arrows.legend)
            self.background_changed()  # their legend
        if self.arrows is not None:
            self.arrows.update(h, step)

    def _run(self) -> None:
        info = METHODS[self.method]
        params = read_hyperparameters(self.controls, info.hyperparameters)
        self.history, self.runs = self._run_noisy(
            info,
            params,
            # the internal state costs time at every move: only for the arrows
            record_state=bool(self.controls["arrows"].value),
        )

    def _draw_run(self, rescale: bool, fresh: bool = False) -> None:
        h = self.history
        step = min(self.controls["step"].value, h.max_its)
        self.path.update(path_points(h), h.diverged_at, step, label=run_label(h))
        if rescale:
            self.costs.update(0, h)
            snap_cost_limits(
                self._cost_ax,
                self.costs.lines[0],
                self._log_cost,
                keep=not fresh,
                shrink=not np.any(h.diverged),
            )
            self._cost_ax.set_xlim(0, max(h.max_its, 1))
        self.costs.update(0, h, step)
        self.cloud.show("run", self.runs, self.path.color, step, mean=self.path)
        self._draw_arrows(h, step)
        self.readout.value = (
            f"<b>{run_label(h)}</b>{noise_note(h, len(self.runs))} · "
            + readout_text(h, step)
        )


def explore(
    function: str | TestFunction = "skewed_quadratic",
    method: str = "momentum",
    *,
    w0=None,
    max_its: int | None = None,
    **params: float,
) -> RunExplorer:
    r"""Sliders for any method on any test function.

    Moving a slider reruns the method and moves the path. Click the contours
    to start somewhere else; press Play to watch the steps one by one; the
    "source settings" button brings back the lesson's example.

    Parameters
    ----------
    function : str, TestFunction or callable, default "skewed_quadratic"
        The cost; the dropdown offers every built-in function too.
    method : str, default "momentum"
        A key of :data:`optlab.optimizers.METHODS`.
    w0 : array_like, optional
        Start point; the source settings or the function's default otherwise.
    max_its : int, optional
        Steps K (1 to 1000); the source settings or 100 otherwise.
    **params : float
        Starting values of the method's hyperparameters (``alpha=0.05``).

    Returns
    -------
    RunExplorer
        With ``.figure``, ``.controls``, ``.history``, ``.readout``; shows
        itself in a notebook.
    """
    return RunExplorer(function, method, w0, max_its, params)
