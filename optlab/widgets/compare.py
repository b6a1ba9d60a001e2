"""``compare``: several methods from one start, on one landscape.

Every method has its own colour, its own sliders (one accordion section per
method) and its own cost curve underneath; a click on the landscape moves the
shared start point. A slider reruns only its own method.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import ipywidgets as widgets
import numpy as np

from ..functions import TestFunction, as_function
from ..optimizers import METHODS
from ..plot import contours, cost_curves, curve_path, draw_path, path_points
from ..plot._style import display_name, run_label, run_styles, text_scale
from ._path_explorer import PathExplorer
from .controls import (
    hyperparameter_controls,
    read_hyperparameters,
    row,
    run_controls,
    show_only,
    write_hyperparameters,
)
from .explore import check_settings, cost_panel_title, readout_text, snap_cost_limits
from .noise import NoiseControls, NoisyRuns, noise_note, noise_rows
from .settings import method_defaults, source_settings

__all__ = ["CompareExplorer", "compare"]


class CompareExplorer(NoiseControls, PathExplorer):
    """Several methods side by side (see :func:`compare`)."""

    figsize = (9.0, 6.2)

    def __init__(self, function, methods, w0=None, max_its=50, params=None) -> None:
        super().__init__()
        self.function: TestFunction = as_function(function)
        if isinstance(methods, str):
            methods = [methods]
        methods = list(methods)
        if not methods:
            raise ValueError("methods must name at least one method; got none")
        params = dict(params or {})
        self.keys: list[str] = []
        for method in methods:
            key = (
                method if method not in self.keys else f"{method}_{len(self.keys) + 1}"
            )
            self.keys.append(key)
        self.methods = dict(zip(self.keys, methods, strict=True))
        self.display_names = {
            key: display_name(method)
            + (f" {key.rsplit('_', 1)[1]}" if key != method else "")
            for key, method in self.methods.items()
        }
        for key, method in self.methods.items():
            check_settings(method, params.get(key, {}), max_its)
        unknown = set(params) - set(self.keys)
        if unknown:
            raise ValueError(
                "params must be keyed by the methods compared "
                f"({', '.join(self.keys)}); "
                f"got {', '.join(sorted(unknown))}"
            )
        self.history = {}
        self.runs: dict[str, list] = {}  # the faint noisy runs of each method
        self._make_controls(max_its)
        self._build_figure()
        with self.hold():
            for key, method in self.methods.items():
                values = method_defaults(method)
                source = source_settings(self.function.name, method)
                if source:
                    values.update({k: v for k, v in source.items() if k in values})
                values.update(params.get(key, {}))
                write_hyperparameters(self.controls, values, prefix=f"{key}.")
            self._set_start(self.function.start if w0 is None else w0)
            self._pending.add("run")
        self.figure.canvas.mpl_connect("button_press_event", self._on_click)
        self.widget = self._layout()

    def _make_controls(self, max_its: int) -> None:
        c = self.controls
        c.update(run_controls(max_its))
        for key, method in self.methods.items():
            own = hyperparameter_controls(prefix=f"{key}.")
            show_only(own, METHODS[method].hyperparameters, prefix=f"{key}.")
            own[f"{key}.eps_zero"].observe(
                lambda ch, eps=own[f"{key}.eps"]: setattr(eps, "disabled", ch["new"]),
                "value",
            )
            c.update(own)
            for control in own.values():
                self._watch(control, f"run:{key}")
        for name in ("w1", "w2"):
            self._watch(c[name], "run")
        self._watch(c["step"], "step")
        c["max_its"].observe(lambda ch: self._on_steps(), "value")
        self._add_noise_controls()

    def _layout(self) -> widgets.Box:
        c = self.controls
        sections = []
        for key, method in self.methods.items():
            own = [
                c[f"{key}.{n}"] for n in ("alpha", "beta", "gamma", "beta1", "beta2")
            ]
            eps = widgets.HBox([c[f"{key}.eps"], c[f"{key}.eps_zero"]])
            rule = widgets.HTMLMath(f"$${METHODS[method].latex}$$")
            sections.append(widgets.VBox([*own, eps, rule]))
        accordion = widgets.Accordion(children=sections)
        for i, key in enumerate(self.methods):
            accordion.set_title(i, self.display_names[key])
        accordion.layout = widgets.Layout(min_width="36em")
        shared = widgets.VBox(
            [c["max_its"], c["w1"], c["w2"], row([c["play"], c["step"]])]
        )
        return widgets.VBox(
            [
                self.view,
                row([accordion, shared], align_items="flex-start"),
                *noise_rows(c),
                self.readout,
            ],
            layout=widgets.Layout(width="100%"),
        )

    def _build_figure(self) -> None:
        f = self.function
        # the right-hand column holds the legend, outside the data
        g = text_scale()  # lecture mode: larger labels need wider margins
        extra = (g - 1) / 0.3
        self._main = self.figure.add_axes(
            (0.075 * g, 0.4 + 0.03 * extra, 0.7 - 0.1 * extra, 0.56 - 0.05 * extra)
        )
        self._cost_ax = self.figure.add_axes(
            (0.075 * g, 0.075 * g * g, 0.7 - 0.1 * extra, 0.24 - 0.03 * extra)
        )
        if f.n_inputs == 2:
            self.landscape = contours(f, self._main)
        else:
            self.landscape = curve_path(f, (), self._main)
        if not self.lecture:
            self._main.xaxis.set_label_coords(0.5, -0.09)
        placeholder = METHODS["gradient_descent"].run(f, f.start, max_its=1)
        # each method in its own colour; a method compared twice is dashed
        styles = run_styles(
            [replace(placeholder, method=m) for m in self.methods.values()]
        )
        self.paths = {
            key: draw_path(
                self._main,
                placeholder,
                label=key,
                index=i,
                step_colours=False,
                color=color,
                marker=marker,
                linestyle=linestyle,
            )
            for i, (key, (color, marker, linestyle)) in enumerate(
                zip(self.keys, styles, strict=True)
            )
        }
        log = bool(np.isfinite(f.minimum) and f.minimum >= 0)
        self.costs = cost_curves(
            [placeholder] * len(self.keys), self._cost_ax, log=log, labels=self.keys
        )
        for i, line in enumerate(self.costs.lines):
            line.set_color(self.paths[self.keys[i]].color)
            line.set_linestyle(self.paths[self.keys[i]].line.get_linestyle())
        self._main.legend(
            handles=[p.line for p in self.paths.values()],
            labels=[self.display_names[key] for key in self.keys],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize="small",
            frameon=False,
        )
        self.costs.legend.remove()
        self.costs.legend = None
        cost_panel_title(self._cost_ax)
        self.cloud = NoisyRuns(
            self._main, self._cost_ax, log=log, animate=self.animate, forget=self.forget
        )
        self._log_cost = log
        self._cost_fitted = False
        for p in self.paths.values():
            self.animate(p.line, p.points, p.start, p.end, p.note)
        self.animate(*self.costs.lines, *self.costs.crosses)

    def _apply(self, kinds: set[str]) -> None:
        rerun = (
            self.keys
            if "run" in kinds
            else [k for k in self.keys if f"run:{k}" in kinds]
        )
        for key in rerun:
            method = self.methods[key]
            params = read_hyperparameters(
                self.controls, METHODS[method].hyperparameters, prefix=f"{key}."
            )
            self.history[key], self.runs[key] = self._run_noisy(METHODS[method], params)
        step = self.controls["step"].value
        lines = []
        for i, key in enumerate(self.keys):
            h = self.history[key]
            self.paths[key].update(
                path_points(h), h.diverged_at, min(step, h.max_its), label=key
            )
            if rerun:
                self.costs.update(i, h)
            self.cloud.show(
                key, self.runs[key], self.paths[key].color, step, mean=self.paths[key]
            )
            lines.append(
                f"<b>{self.display_names[key]}</b> {run_label(h)}"
                f"{noise_note(h, len(self.runs[key]))}: "
                + readout_text(h, min(step, h.max_its))
            )
        if rerun:
            # the first fit is afresh: the axis's limits before it are
            # matplotlib's, not a fit to keep
            snap_cost_limits(
                self._cost_ax, self.costs.lines, self._log_cost, keep=self._cost_fitted
            )
            self._cost_fitted = True
            self._cost_ax.set_xlim(0, max(self.controls["max_its"].value, 1))
        for i, key in enumerate(self.keys):
            h = self.history[key]
            self.costs.update(i, h, min(step, h.max_its))
        self.readout.value = "<br>".join(lines)


def compare(
    function: str | TestFunction,
    methods: Sequence[str],
    *,
    w0=None,
    max_its: int = 50,
    params: dict[str, dict[str, float]] | None = None,
) -> CompareExplorer:
    """Several methods on one function from one start, each with its sliders.

    Parameters
    ----------
    function : str, TestFunction or callable
    methods : sequence of str
        Keys of :data:`optlab.optimizers.METHODS`; a method named twice gets
        the key ``"momentum_2"`` for its second copy.
    w0 : array_like, optional
        Shared start point (the function's default if omitted); click the
        landscape to move it.
    max_its : int, default 50
        Steps K of every run.
    params : dict, optional
        Starting hyperparameters per method key:
        ``{"momentum": {"alpha": 0.1, "beta": 0.7}}``; each method's source
        settings for the function, or its defaults, otherwise.

    Returns
    -------
    CompareExplorer
        Controls are keyed ``"<method>.<name>"`` (``"momentum.beta"``) plus
        the shared ``"max_its"``, ``"w1"``, ``"w2"``, ``"step"``, ``"play"``;
        ``.history`` is a dict of History by method key.
    """
    return CompareExplorer(function, methods, w0, max_its, params)
