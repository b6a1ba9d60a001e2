r"""Momentum on a quadratic, direction by direction (lesson 3).

* :func:`eigen_explorer` - each component of the error of gradient descent and
  momentum over the steps, in the original and in the eigen coordinates side
  by side, with sliders for alpha and beta (optionally following another
  explorer's sliders).
* :func:`damping_explorer` - one eigen direction
  :math:`x^{k+1} = (1 + \beta - \alpha(1 - \beta)\lambda)\, x^k - \beta x^{k-1}`
  with a beta slider: under-damped (ripples), critically damped and
  over-damped (monotone) runs, with the critically damped run for reference.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..functions import as_function, rotated_quadratic
from ..landscape import REGIMES, critical_beta, regime, spectral_radius
from ..optimizers import gradient_descent, momentum
from ..plot import eigen_errors
from ..plot._style import run_color, text_scale
from ._base import Explorer
from ._follow import Throttled
from .controls import hyperparameter_controls, row

__all__ = [
    "DampingExplorer",
    "EigenExplorer",
    "damping_explorer",
    "eigen_explorer",
]


class EigenExplorer(Explorer):
    """Errors per component and per eigen direction (see :func:`eigen_explorer`)."""

    figsize = (10.0, 4.4)
    #: The error axes are fixed, whatever the sliders, from ``depth`` to
    #: ``ceiling`` times the start's error (on whole decades): two settings
    #: compare at a glance, a diverging run leaves the top, an error below the
    #: floor (a component crossing zero) the bottom, and no slider move ever
    #: redraws the axes.
    depth = 1e-12
    ceiling = 1e2

    def __init__(self, function, alpha, beta, max_its, w0, explorer) -> None:
        super().__init__()
        self.function = as_function(function)
        self.w0 = self.function.start if w0 is None else np.asarray(w0, dtype=float)
        self.max_its = max_its
        sliders = hyperparameter_controls()
        self.controls["alpha"] = sliders["alpha"]
        self.controls["beta"] = sliders["beta"]
        self.controls["alpha"].value = alpha
        self.controls["beta"].value = beta
        g = text_scale()  # lecture mode: room for larger labels
        # at the top: the two-row key, then the panels' titles
        bottom, height = 0.16 * g, 1 - 0.2 * g - 0.16 * g
        left = 0.085 * g  # room for "10⁻¹¹" when lecture mode shrinks the figure
        axes = (
            self.figure.add_axes((left, bottom, 0.48 - left, height)),
            self.figure.add_axes((0.50 + left, bottom, 0.48 - left, height)),
        )
        self.artists = eigen_errors(
            self.function, self._runs(), axes, labels=["gradient descent", "momentum"]
        )
        # the lines move over a cached background (axes, grid); the limits
        # snap to whole decades and stay while the lines fill half of them,
        # so most slider moves are blits, not full redraws
        for ax in axes:
            ax.set_xlim(0, max_its)
        # the key, above the panels, stays in the background
        self.animate(*(line for lines in self.artists.lines for line in lines))
        self.animate(*(cross for run in self.artists.crosses for cross in run))
        self._fix_limits()
        for name in ("alpha", "beta"):
            self._watch(self.controls[name], "run")
        if explorer is not None:
            self.follow(explorer)
        self._readout()
        self.widget = widgets.VBox(
            [
                self.view,
                row([self.controls["alpha"], self.controls["beta"]]),
                self.readout,
            ]
        )

    def follow(self, explorer) -> None:
        """Move these alpha and beta sliders whenever ``explorer``'s move.

        The explorer's current values are taken at once. While its slider is
        dragged in the browser this figure is redrawn at most every
        :data:`~._follow.FOLLOW_INTERVAL` s, and on the drag's last value
        (:class:`~._follow.Throttled`).
        """
        names = [name for name in ("alpha", "beta") if name in explorer.controls]

        def take_values() -> None:
            with self.hold():
                for name in names:
                    self.controls[name].value = explorer.controls[name].value

        take = Throttled(take_values)
        for name in names:
            explorer.controls[name].observe(lambda change: take(), "value")
        take_values()

    def _runs(self):
        alpha = float(self.controls["alpha"].value)
        beta = float(self.controls["beta"].value)
        self.history = {
            "gradient descent": gradient_descent(
                self.function, self.w0, alpha=alpha, max_its=self.max_its
            ),
            "momentum": momentum(
                self.function, self.w0, alpha=alpha, beta=beta, max_its=self.max_its
            ),
        }
        return list(self.history.values())

    def _readout(self) -> None:
        alpha = float(self.controls["alpha"].value)
        beta = float(self.controls["beta"].value)
        gd = float(spectral_radius(self.function, "gradient_descent", alpha))
        mom = float(spectral_radius(self.function, "momentum", alpha, beta))
        self.readout.value = (
            f"α = {alpha:.3g}, β = {beta:.2f} · predicted rate: gradient descent "
            f"{gd:.3f}, momentum {mom:.3f} (the error shrinks like rateᵏ; "
            "1 or more: no convergence)"
        )

    def _apply(self, kinds: set[str]) -> None:
        for i, run in enumerate(self._runs()):
            self.artists.update(i, run)
        self._readout()

    def _fix_limits(self) -> None:
        """Both panels from :attr:`depth` to :attr:`ceiling` times the start's
        error, on whole decades."""
        start = np.max(np.abs(np.asarray(self.w0) - self.function.minimizers[0]))
        low = 10.0 ** np.floor(np.log10(self.depth * start))
        high = 10.0 ** np.ceil(np.log10(self.ceiling * start))
        for ax in self.artists.axes:
            ax.set_ylim(low, high)


def eigen_explorer(
    function="skewed_quadratic",
    *,
    alpha: float = 0.1,
    beta: float = 0.7,
    max_its: int = 60,
    w0=None,
    explorer=None,
) -> EigenExplorer:
    """Sliders for alpha and beta over the error of each direction.

    Parameters
    ----------
    function : quadratic test function, default "skewed_quadratic"
    alpha, beta : float
        Starting values of the sliders (momentum's form, with (1 - beta)).
    max_its : int, default 60
    w0 : array_like, optional
        Start point; the function's default otherwise.
    explorer : RunExplorer, optional
        When given, moving its alpha or beta slider moves these too (see
        :meth:`EigenExplorer.follow`).
    """
    return EigenExplorer(function, alpha, beta, max_its, w0, explorer)


class DampingExplorer(Explorer):
    """One eigen direction under momentum (see :func:`damping_explorer`)."""

    figsize = (9.0, 3.6)

    def __init__(self, alpha_lambda: float, beta: float, max_its: int) -> None:
        super().__init__()
        if not 0 < alpha_lambda < 1:
            raise ValueError(
                f"alpha_lambda must be in (0, 1) so that a critical beta exists; "
                f"got {alpha_lambda!r}"
            )
        # lambda = 1: the direction of g = w1^2 / 2 + w2^2 / 2 along w1, from w1 = 1
        self.function = rotated_quadratic(1.0, 0.0, smallest_eigenvalue=0.5)
        self.alpha = float(alpha_lambda)
        self.max_its = max_its
        self.beta_c = float(critical_beta(self.alpha, 1.0))
        self.controls["beta"] = hyperparameter_controls()["beta"]
        self.controls["beta"].value = beta
        g = text_scale()  # lecture mode: room for larger labels
        self.ax = self.figure.add_axes(
            (0.08 * g, 0.15 * g, 0.98 - 0.08 * g, 1 - 0.1 * g - 0.15 * g)
        )
        k = np.arange(max_its + 1)
        critical = self._path(self.beta_c)
        (self.reference,) = self.ax.plot(
            k,
            critical,
            color="#888888",
            linestyle="--",
            linewidth=1.4,
            label=f"critically damped, β_c = {self.beta_c:.3f}",
        )
        (self.line,) = self.ax.plot(
            k, critical, color=run_color(1), marker="o", markersize=3, linewidth=1.6
        )
        self.ax.axhline(0.0, color="#444444", linewidth=0.8)
        self.ax.set_xlabel("step k")
        self.ax.set_ylabel("error along the direction xᵏ")
        self.ax.set_ylim(-1.05, 1.05)
        self.ax.grid(alpha=0.3)
        self.ax.set_title(
            f"one eigen direction with αλ = {self.alpha:g}", fontsize="medium"
        )
        self._watch(self.controls["beta"], "run")
        self._apply({"run"})
        self.widget = widgets.VBox([self.view, self.controls["beta"], self.readout])

    def _path(self, beta: float) -> np.ndarray:
        run = momentum(
            self.function, [1.0, 0.0], alpha=self.alpha, beta=beta, max_its=self.max_its
        )
        return run.w[:, 0]

    def _apply(self, kinds: set[str]) -> None:
        beta = float(self.controls["beta"].value)
        x = self._path(beta)
        self.history = x
        self.line.set_ydata(x)
        kind = REGIMES[int(regime(self.alpha, beta, 1.0))]
        name = {
            "monotone": "over-damped (monotone)",
            "ripples": "under-damped (ripples)",
        }.get(kind, kind)
        if abs(beta - self.beta_c) < 0.005:
            name = "critically damped (to the slider's resolution)"
        self.line.set_label(f"β = {beta:.2f}: {name}")
        self.ax.legend(fontsize="small", loc="upper right", framealpha=0.9)
        rate = float(spectral_radius(self.function, "momentum", self.alpha, beta))
        self.readout.value = (
            f"β = {beta:.2f}: {name}; predicted rate {rate:.3f} per step "
            f"(critical β_c = {self.beta_c:.3f}, rate {np.sqrt(self.beta_c):.3f})"
        )


def damping_explorer(
    alpha_lambda: float = 0.1, *, beta: float = 0.5, max_its: int = 40
) -> DampingExplorer:
    r"""A beta slider over one eigen direction: under-, critically and over-damped.

    The direction has curvature lambda = 1 and step ``alpha = alpha_lambda``
    in momentum's form; its ripples disappear at
    :math:`\beta_c = ((1 - \alpha\lambda)/(1 + \alpha\lambda))^2`
    (:func:`optlab.landscape.critical_beta`), drawn dashed for reference.
    """
    return DampingExplorer(alpha_lambda, beta, max_its)
