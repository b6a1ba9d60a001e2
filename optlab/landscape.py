r"""Batched runs over grids of hyperparameters, and what theory predicts for them.

A convergence map asks "how many steps does the method need from w0, for
every (alpha, beta) on a grid?". The optimizers broadcast their
hyperparameters, so the whole grid is *one* vectorized run: ``alpha[:, None]``
against ``beta[None, :]`` gives an ``(n_alpha, n_beta)`` batch. For a progress
bar the alpha axis can be cut into chunks (each chunk is still one batched
run).

For quadratics ``g(w) = w^T C w`` (Hessian ``H = 2C`` with eigenvalues
``lambda_i``) the linear methods follow a linear recursion in each eigen
direction, and its roots give the predicted rate. With ``x`` the weight along
one eigenvector:

* gradient descent: ``x^k = (1 - alpha lambda) x^{k-1}``; stable iff
  ``0 < alpha lambda < 2``.
* heavy ball (``v = beta v + grad``, ``w -= alpha v``):
  ``x^k = (1 + beta - alpha lambda) x^{k-1} - beta x^{k-2}``; stable iff
  ``beta < 1`` and ``0 < alpha lambda < 2 + 2 beta``.
* momentum with the (1 - beta) factor (the course's form): the same recursion
  with ``alpha (1 - beta)`` in place of ``alpha``; stable iff ``beta < 1`` and
  ``alpha (1 - beta) lambda < 2 + 2 beta``.
* Nesterov (``v = beta v + alpha grad(w - beta v)``, ``w -= v``):
  ``x^k = (1 + beta)(1 - alpha lambda) x^{k-1} - beta (1 - alpha lambda) x^{k-2}``;
  stable iff ``0 < alpha lambda < (2 + 2 beta) / (1 + 2 beta)``.

The two-step recursions ``x^k = T x^{k-1} - D x^{k-2}`` contract at the rate
``max |z|`` over the roots of ``z^2 - T z + D`` (Jury's test gives the limits
above). :func:`spectral_radius` evaluates that rate on any grid;
:func:`stability_limit` is the closed-form edge.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .checks import check_max_its
from .functions import TestFunction, as_function, rotated_quadratic
from .optimizers import METHODS

__all__ = [
    "LINEAR_METHODS",
    "GridResult",
    "default_tolerance",
    "default_values",
    "hyperparameter_grid",
    "map_axes",
    "optimal_parameters",
    "REGIMES",
    "critical_beta",
    "momentum_matrix",
    "regime",
    "regime_boundaries",
    "steps_to_reduce",
    "RotationStudy",
    "rotation_study",
    "spectral_radius",
    "stability_limit",
]

#: Methods whose rate on a quadratic is predicted by the Hessian's eigenvalues.
LINEAR_METHODS = ("gradient_descent", "momentum", "heavy_ball", "nesterov")
_AVERAGING = ("beta", "gamma", "beta1", "beta2")


def _method(method: str):
    if method not in METHODS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, METHODS))}; got {method!r}"
        )
    return METHODS[method]


def map_axes(method: str) -> tuple[str, ...]:
    """The hyperparameters a convergence map of ``method`` spans.

    The step length (``alpha``, or ``eps`` for Adadelta, which has no step
    length of its own) on a log axis, then the first averaging parameter if
    the method has one: ``momentum -> ("alpha", "beta")``,
    ``adam -> ("alpha", "beta1")``, ``gradient_descent -> ("alpha",)``.
    """
    names = _method(method).hyperparameters
    first = "alpha" if "alpha" in names or "eps" not in names else "eps"
    averaging = [n for n in names if n in _AVERAGING]
    return (first, *averaging[:1])


def default_values(name: str, n: int = 100) -> np.ndarray:
    """Grid values for a hyperparameter: log-spaced steps, [0, 1] averages."""
    if name == "alpha":
        return np.geomspace(1e-3, 10.0, n)
    if name == "eps":
        return np.geomspace(1e-10, 1.0, n)
    if name in _AVERAGING:
        return np.linspace(0.0, 1.0, n)
    raise ValueError(
        f"name must be one of 'alpha', 'eps', "
        f"{', '.join(map(repr, _AVERAGING))}; got {name!r}"
    )


def default_tolerance(function: TestFunction, w0) -> float | None:
    """A tolerance on ``g(w) - g_min``: a thousandth of the start's gap.

    None when the minimum is unknown (the map then shows the final cost).
    """
    if not np.isfinite(function.minimum):
        return None
    gap = float(function(np.asarray(w0, dtype=float))) - function.minimum
    return 1e-3 * gap if gap > 0 else 1e-6


@dataclass(frozen=True)
class GridResult:
    """Outcome of every run of a hyperparameter grid.

    Attributes
    ----------
    function, method : str
    names : tuple of str
        The hyperparameters along the axes (one or two).
    values : tuple of ndarray
        Their values; axis ``i`` of every array below runs over ``values[i]``.
    steps_to_tol : ndarray of int
        First step with ``g(w) - g_min <= tol``; -1 where never (or no tol).
    final_cost : ndarray
        Cost after the last step (the last finite one for diverged runs).
    diverged_at : ndarray of int
        Step of divergence, -1 where the run did not diverge.
    tol : float or None
        The tolerance on the gap to the minimum ``g_min``.
    threshold : float or None
        The cost level that counts as converged, ``g_min + tol``.
    max_its : int
    fixed : dict
        The other settings, the same for every run.
    seconds : float
        Wall time of the runs.
    """

    function: str
    method: str
    names: tuple[str, ...]
    values: tuple[np.ndarray, ...]
    steps_to_tol: np.ndarray
    final_cost: np.ndarray
    diverged_at: np.ndarray
    tol: float | None
    threshold: float | None
    max_its: int
    fixed: dict
    seconds: float

    @property
    def diverged(self) -> np.ndarray:
        """Where the runs diverged."""
        return self.diverged_at >= 0

    @property
    def converged(self) -> np.ndarray:
        """Where the runs reached the tolerance."""
        return self.steps_to_tol >= 0


def hyperparameter_grid(
    function,
    method: str,
    w0=None,
    names: Sequence[str] | None = None,
    values: Sequence[Sequence[float]] | None = None,
    max_its: int = 100,
    tol: float | None = None,
    progress: Callable[[int, int, float], None] | None = None,
    **fixed,
) -> GridResult:
    """Run ``method`` for every combination of hyperparameter values, batched.

    Parameters
    ----------
    function : str, TestFunction or callable
        The cost.
    method : str
        A key of :data:`optlab.optimizers.METHODS`.
    w0 : array_like, optional
        Start point (the function's default if omitted).
    names : sequence of one or two str, optional
        Hyperparameters along the axes; :func:`map_axes` by default.
    values : sequence of 1-D arrays, optional
        One array per name; :func:`default_values` (100 each) by default.
    max_its : int, default 100
        Steps per run.
    tol : float, optional
        Converged when ``g(w) - g_min <= tol``; :func:`default_tolerance` by
        default. For a function without a known minimum ``g_min`` is 0.
    progress : callable, optional
        ``progress(done_rows, total_rows, estimated_seconds)`` after each chunk.
        Without it the grid is one batched run; with it the first axis is cut
        into chunks: a first tenth is timed, and the rest is one more run when
        the estimate is under a second, else chunks of about a quarter second.
    **fixed
        Other hyperparameters, the same for every run (e.g. ``eps=0.0``).

    Returns
    -------
    GridResult
    """
    f = as_function(function)
    info = _method(method)
    max_its = check_max_its(max_its)
    w0 = f.start if w0 is None else np.asarray(w0, dtype=float)
    names = tuple(map_axes(method) if names is None else names)
    if not 1 <= len(names) <= 2:
        raise ValueError(f"names must list one or two hyperparameters; got {names!r}")
    allowed = set(info.hyperparameters) | {"alpha"}
    for name in names:
        if name not in allowed:
            raise ValueError(
                f"names must be hyperparameters of {method} "
                f"({', '.join(sorted(allowed))}); "
                f"got {name!r}"
            )
    if values is None:
        values = [default_values(n) for n in names]
    grids = tuple(np.asarray(v, dtype=float).ravel() for v in values)
    if len(grids) != len(names) or any(g.size == 0 for g in grids):
        raise ValueError(
            f"values must give a non-empty array for each of {names}; "
            f"got {len(grids)} arrays"
        )
    if tol is None:
        tol = default_tolerance(f, w0)
    minimum = f.minimum if np.isfinite(f.minimum) else 0.0
    threshold = None if tol is None else minimum + float(tol)

    def run_rows(rows: slice):
        params = dict(fixed)
        params[names[0]] = grids[0][rows].reshape((-1,) + (1,) * (len(names) - 1))
        if len(names) == 2:
            params[names[1]] = grids[1][None, :]
        history = info.run(f, w0, max_its=max_its, **params)
        shape = (params[names[0]].shape[0],) + tuple(g.size for g in grids[1:])
        final = np.broadcast_to(history.final_cost, shape)
        diverged = np.broadcast_to(history.diverged_at, shape)
        steps = (
            np.broadcast_to(history.steps_to(threshold), shape)
            if threshold is not None
            else np.full(shape, -1)
        )
        return steps, final, diverged

    started = time.perf_counter()
    total = grids[0].size
    if progress is None:
        chunks = [run_rows(slice(0, total))]
    else:
        first = max(1, total // 10)
        chunks = [run_rows(slice(0, first))]
        done = first
        per_row = (time.perf_counter() - started) / first
        estimate = per_row * total
        progress(done, total, estimate)
        size = (
            total - done if estimate < 1.0 else max(1, int(0.25 / max(per_row, 1e-9)))
        )
        while done < total:
            chunk = slice(done, min(total, done + size))
            chunks.append(run_rows(chunk))
            done = chunk.stop
            progress(done, total, estimate)
    steps, final, diverged = (
        np.concatenate(parts) for parts in zip(*chunks, strict=True)
    )
    return GridResult(
        function=f.display_name,
        method=method,
        names=names,
        values=grids,
        steps_to_tol=np.asarray(steps, dtype=int),
        final_cost=np.asarray(final, dtype=float),
        diverged_at=np.asarray(diverged, dtype=int),
        tol=None if tol is None else float(tol),
        threshold=threshold,
        max_its=max_its,
        fixed=dict(fixed),
        seconds=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------
# Predictions for quadratics
# --------------------------------------------------------------------------


def _eigenvalues(function) -> np.ndarray:
    f = as_function(function)
    if f.hessian_matrix is None:
        raise ValueError(
            f"function must be a quadratic with a known Hessian (skewed_quadratic, "
            f"ravine_quadratic, rotated_quadratic); got {f.display_name}"
        )
    return np.linalg.eigvalsh(f.hessian_matrix)


def _linear_method(method: str) -> str:
    if method not in LINEAR_METHODS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, LINEAR_METHODS))} for a "
            f"predicted rate; got {method!r}"
        )
    return method


def spectral_radius(function, method: str, alpha, beta=0.0) -> np.ndarray:
    """Predicted per-step contraction factor on a quadratic.

    The largest ``|z|`` over the Hessian's eigenvalues and the roots of each
    eigen-direction's recursion (see the module notes). Below 1 the run
    converges (error shrinks like ``rate^k``), above 1 it diverges.

    Parameters
    ----------
    function : quadratic test function
    method : {"gradient_descent", "momentum", "heavy_ball", "nesterov"}
    alpha, beta : float or arrays (broadcast together)

    Returns
    -------
    ndarray of the broadcast shape of alpha and beta
    """
    method = _linear_method(method)
    lam = _eigenvalues(function)
    alpha, beta = np.broadcast_arrays(np.asarray(alpha, float), np.asarray(beta, float))
    a = alpha[..., None] * lam  # one column per eigenvalue
    b = beta[..., None]
    if method == "gradient_descent":
        return np.abs(1 - a).max(axis=-1)
    if method == "momentum":
        trace, det = 1 + b - a * (1 - b), b + 0 * a
    elif method == "heavy_ball":
        trace, det = 1 + b - a, b + 0 * a
    else:  # nesterov
        trace, det = (1 + b) * (1 - a), b * (1 - a)
    root = np.sqrt((trace**2 - 4 * det).astype(complex))
    radius = np.maximum(np.abs((trace + root) / 2), np.abs((trace - root) / 2))
    return radius.max(axis=-1)


def stability_limit(function, method: str, beta=0.0) -> np.ndarray:
    """Largest stable ``alpha`` for each ``beta`` (closed form, see module notes).

    0 where no alpha converges (momentum and heavy ball at ``beta = 1``,
    where the recursion keeps its energy).
    """
    method = _linear_method(method)
    lam = _eigenvalues(function).max()
    beta = np.asarray(beta, dtype=float)
    with np.errstate(divide="ignore"):
        if method == "gradient_descent":
            limit = np.full(beta.shape, 2 / lam)
        elif method == "heavy_ball":
            limit = (2 + 2 * beta) / lam
        elif method == "momentum":
            limit = (2 + 2 * beta) / (lam * (1 - beta))
        else:
            limit = (2 + 2 * beta) / ((1 + 2 * beta) * lam)
    if method in ("momentum", "heavy_ball"):
        limit = np.where(beta >= 1, 0.0, limit)
    return limit


def optimal_parameters(function, method: str) -> dict[str, float]:
    """Step length (and beta) with the smallest predicted rate on a quadratic.

    Gradient descent: ``alpha = 2 / (lambda_min + lambda_max)``. Heavy ball
    (Polyak): ``beta = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2`` and
    ``alpha = (2 / (sqrt(lambda_max) + sqrt(lambda_min)))^2``; momentum with
    the (1 - beta) factor takes that alpha divided by (1 - beta).
    """
    method = _linear_method(method)
    lam = _eigenvalues(function)
    low, high = float(lam.min()), float(lam.max())
    if method == "gradient_descent":
        return {"alpha": 2 / (low + high)}
    if method == "nesterov":
        raise ValueError(
            "method 'nesterov' has no closed-form optimum here; "
            "use 'gradient_descent', 'momentum' or 'heavy_ball'"
        )
    root_kappa = np.sqrt(high / low)
    beta = float(((root_kappa - 1) / (root_kappa + 1)) ** 2)
    alpha = float((2 / (np.sqrt(high) + np.sqrt(low))) ** 2)
    if method == "momentum":
        alpha /= 1 - beta
    return {"alpha": alpha, "beta": beta}


# --------------------------------------------------------------------------
# One eigen direction of momentum: its 2 x 2 matrix, regimes and damping
# --------------------------------------------------------------------------

#: The regimes of one eigen direction, in the order :func:`regime` numbers them.
REGIMES = ("monotone", "ripples", "oscillating", "diverges")
_MOMENTUM_FORMS = ("momentum", "heavy_ball")


def _heavy_ball_step(alpha, beta, lam, method: str) -> np.ndarray:
    """``a = eta lambda``: alpha (1 - beta) lambda for momentum, alpha lambda else."""
    if method not in _MOMENTUM_FORMS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, _MOMENTUM_FORMS))}; "
            f"got {method!r}"
        )
    alpha, beta, lam = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (alpha, beta, lam))
    )
    return alpha * lam * ((1 - beta) if method == "momentum" else 1.0)


def momentum_matrix(alpha, beta, lam, method: str = "momentum") -> np.ndarray:
    r"""The 2 x 2 matrix that advances one eigen direction by one step.

    With ``x`` the error along an eigenvector of the Hessian with eigenvalue
    ``lam`` and ``a = eta lam`` (``eta = alpha (1 - beta)`` for
    ``"momentum"``, ``eta = alpha`` for ``"heavy_ball"``):

    .. math::
        \begin{pmatrix} x^{k+1} \\ x^k \end{pmatrix} =
        \begin{pmatrix} 1 + \beta - a & -\beta \\ 1 & 0 \end{pmatrix}
        \begin{pmatrix} x^k \\ x^{k-1} \end{pmatrix}

    Returns an array of shape ``broadcast(alpha, beta, lam).shape + (2, 2)``.
    """
    a = _heavy_ball_step(alpha, beta, lam, method)
    beta = np.broadcast_to(np.asarray(beta, dtype=float), a.shape)
    matrix = np.zeros(a.shape + (2, 2))
    matrix[..., 0, 0] = 1 + beta - a
    matrix[..., 0, 1] = -beta
    matrix[..., 1, 0] = 1.0
    return matrix


def regime(alpha, beta, lam, method: str = "momentum") -> np.ndarray:
    r"""Which regime one eigen direction is in, as an index into :data:`REGIMES`.

    The eigenvalues of :func:`momentum_matrix` are the roots of
    ``z^2 - (1 + beta - a) z + beta = 0``. With ``a = eta lam``:

    * 0 ``monotone``: real roots in [0, 1), ``a <= (1 - sqrt(beta))^2``;
    * 1 ``ripples``: complex roots of size ``sqrt(beta)``,
      ``(1 - sqrt(beta))^2 < a < (1 + sqrt(beta))^2``;
    * 2 ``oscillating``: the larger root is in (-1, 0) and the error flips sign
      every step, ``(1 + sqrt(beta))^2 <= a < 2 + 2 beta``;
    * 3 ``diverges``: a root of size at least 1 (``a >= 2 + 2 beta``, or
      ``beta = 1``, where the error never shrinks).
    """
    a = _heavy_ball_step(alpha, beta, lam, method)
    beta = np.broadcast_to(np.asarray(beta, dtype=float), a.shape)
    root = np.sqrt(beta)
    out = np.full(a.shape, 3, dtype=int)
    stable = (beta < 1) & (a > 0) & (a < 2 + 2 * beta)
    out[stable & (a >= (1 + root) ** 2)] = 2
    out[stable & (a < (1 + root) ** 2)] = 1
    out[stable & (a <= (1 - root) ** 2)] = 0
    return out


def regime_boundaries(lam, beta, method: str = "momentum") -> dict[str, np.ndarray]:
    """The alphas where one eigen direction changes regime, for each beta.

    Returns a dict of arrays of beta's shape: ``"ripples_from"`` (monotone ->
    ripples), ``"ripples_to"`` (ripples -> oscillating) and ``"diverges_from"``
    (the stability limit). For the ``"momentum"`` form these are
    ``(1 -+ sqrt(beta))^2 / ((1 - beta) lam)`` and
    ``2 (1 + beta) / ((1 - beta) lam)``; inf at ``beta = 1``.
    """
    beta = np.asarray(beta, dtype=float)
    scale = _heavy_ball_step(1.0, beta, lam, method)  # a per unit alpha
    root = np.sqrt(beta)
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "ripples_from": (1 - root) ** 2 / scale,
            "ripples_to": (1 + root) ** 2 / scale,
            "diverges_from": (2 + 2 * beta) / scale,
        }


def critical_beta(alpha, lam, method: str = "momentum") -> np.ndarray:
    r"""The beta at which one direction's ripples just disappear (critical damping).

    The roots are equal when ``a = (1 - sqrt(beta))^2``. For ``"momentum"``
    (``a = alpha (1 - beta) lam``) this gives

    .. math:: \beta_c = \left(\frac{1 - \alpha\lambda}{1 + \alpha\lambda}\right)^2,

    for ``"heavy_ball"`` ``beta_c = (1 - sqrt(alpha lam))^2``; below beta_c the
    direction decreases monotonically, above it ripples. NaN where
    ``alpha lam >= 1``: there no beta > 0 is free of ripples.
    """
    x = np.asarray(alpha, dtype=float) * np.asarray(lam, dtype=float)
    if method not in _MOMENTUM_FORMS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, _MOMENTUM_FORMS))}; "
            f"got {method!r}"
        )
    with np.errstate(invalid="ignore"):
        if method == "momentum":
            value = ((1 - x) / (1 + x)) ** 2
        else:
            value = (1 - np.sqrt(x)) ** 2
    return np.where((x > 0) & (x < 1), value, np.nan)


def steps_to_reduce(rate, factor: float = 1e6) -> np.ndarray:
    """Steps k with ``rate^k <= 1 / factor``: ``ceil(ln(factor) / -ln(rate))``.

    inf where the rate is 1 or more.
    """
    rate = np.asarray(rate, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        steps = np.ceil(np.log(factor) / -np.log(rate))
    return np.where(rate < 1, steps, np.inf)


# --------------------------------------------------------------------------
# Per-coordinate scaling against a turning valley
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RotationStudy:
    """Tuned runs of several methods on a quadratic valley turned by each angle.

    Attributes
    ----------
    condition_number : float
    angles : ndarray
        Rotation angles in degrees.
    methods : tuple of str
    alphas : ndarray
        The grid each method's alpha was tuned over (Newton takes alpha = 1).
    best_alpha, best_cost : dict of str to ndarray
        Per method, the alpha with the lowest cost after ``max_its`` steps at
        each angle, and that cost.
    start : ndarray
        The start in the valley's own axes (rotated with the valley).
    max_its : int
    settings : dict of str to dict
        The fixed settings of each method.
    """

    condition_number: float
    angles: np.ndarray
    methods: tuple[str, ...]
    alphas: np.ndarray
    best_alpha: dict
    best_cost: dict
    start: np.ndarray
    max_its: int
    settings: dict

    def function(self, angle: float) -> TestFunction:
        """The rotated quadratic at ``angle`` degrees."""
        return rotated_quadratic(self.condition_number, np.radians(angle))

    def start_at(self, angle: float) -> np.ndarray:
        """The start turned with the valley: the same point in its own axes."""
        theta = np.radians(angle)
        cos, sin = np.cos(theta), np.sin(theta)
        return np.array([[cos, -sin], [sin, cos]]) @ self.start

    def run(self, method: str, angle: float):
        """The tuned run of ``method`` at ``angle`` (an angle of the study)."""
        i = int(np.argmin(np.abs(self.angles - angle)))
        return METHODS[method].run(
            self.function(self.angles[i]),
            self.start_at(self.angles[i]),
            alpha=float(self.best_alpha[method][i]),
            max_its=self.max_its,
            **self.settings.get(method, {}),
        )


def rotation_study(
    condition_number: float = 50.0,
    angles: Sequence[float] = tuple(range(0, 91, 5)),
    methods: Sequence[str] = ("gradient_descent", "rmsprop", "newton"),
    *,
    start: Sequence[float] = (-5.0, 1.5),
    max_its: int = 50,
    alphas: Sequence[float] | None = None,
    settings: dict | None = None,
) -> RotationStudy:
    """Tune each method at each rotation of an ill-conditioned quadratic valley.

    For each angle theta, the cost is ``rotated_quadratic(condition_number,
    theta)`` and the start is ``R(theta) start``: the same point relative to
    the valley, so a method that ignores the coordinate axes (gradient
    descent, Newton) does equally well at every angle, and any change comes
    from the axes. Each method's alpha is tuned over ``alphas`` (one batched
    run per method and angle) by the cost after ``max_its`` steps; Newton's
    method takes alpha = 1.

    Parameters
    ----------
    condition_number : float, default 50
    angles : sequence of float
        Degrees.
    methods : sequence of str
        Keys of :data:`optlab.optimizers.METHODS`.
    start : (float, float), default (-5, 1.5)
        Start along the flat and the steep axis of the valley.
    max_its : int, default 50
    alphas : sequence of float, optional
        Tuning grid; 80 values from 1e-3 to 3 by default.
    settings : dict, optional
        Fixed settings per method; RMSprop uses gamma = 0.9 by default.
    """
    max_its = check_max_its(max_its)
    for method in methods:
        _method(method)
    grid = np.geomspace(1e-3, 3.0, 80) if alphas is None else np.asarray(alphas, float)
    fixed = {"rmsprop": {"gamma": 0.9}}
    fixed.update(settings or {})
    study = RotationStudy(
        condition_number=float(condition_number),
        angles=np.asarray(angles, dtype=float),
        methods=tuple(methods),
        alphas=grid,
        best_alpha={m: np.empty(len(angles)) for m in methods},
        best_cost={m: np.empty(len(angles)) for m in methods},
        start=np.asarray(start, dtype=float),
        max_its=max_its,
        settings=fixed,
    )
    for i, angle in enumerate(study.angles):  # one batched run per method and angle
        f = study.function(angle)
        w0 = study.start_at(angle)
        for method in methods:
            tried = np.array([1.0]) if method == "newton" else grid
            history = METHODS[method].run(
                f,
                np.repeat(w0[:, None], tried.size, axis=1),
                alpha=tried,
                max_its=max_its,
                **fixed.get(method, {}),
            )
            final = np.where(history.diverged, np.inf, history.final_cost)
            best = int(np.argmin(final))
            study.best_alpha[method][i] = tried[best]
            study.best_cost[method][i] = final[best]
    return study
