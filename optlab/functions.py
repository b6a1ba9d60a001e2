"""Test functions of the course: value, gradient, window, start point, minimizers.

Every function follows the *components-first* convention: ``w`` has shape
``(N,)`` or ``(N, ...)`` and the value has the trailing shape ``...``, so one
call evaluates a single point, a batch of runs or a whole contour grid
(``f(np.stack([W1, W2]))``). Functions of one input also accept a plain number
or an array of numbers (each entry is one point).

The values are written with ``autograd.numpy`` so autograd can differentiate
them (used for Hessians and to check the hand-derived gradients); the
gradients are written by hand with plain NumPy because they are evaluated at
every step of every run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import autograd.numpy as anp
import numpy as np
from autograd import elementwise_grad
from autograd.numpy.numpy_boxes import ArrayBox

__all__ = [
    "TestFunction",
    "as_function",
    "available_functions",
    "get_function",
    "hessian",
    "rotated_quadratic",
]

Window = tuple[tuple[float, float], ...]


@dataclass(frozen=True, eq=False)
class TestFunction:
    """A cost function with everything needed to teach with it.

    Parameters
    ----------
    name : str
        Registry key, e.g. ``"skewed_quadratic"``.
    display_name : str
        Human-readable name for titles and legends.
    latex : str
        The formula in LaTeX (without surrounding dollars).
    n_inputs : int
        Number of components N of ``w``.
    value : callable
        ``value(w)`` for ``w`` of shape ``(N, ...)``, written with autograd.numpy.
    gradient : callable or None
        Hand-derived ``gradient(w) -> array of w's shape``; None means autograd.
    window : tuple of (low, high) pairs
        Default plotting window, one pair per input.
    start : array
        Default start point used by the source material.
    minimizers : tuple of arrays
        Known minimizers (empty when the infimum is not attained).
    minimum : float
        The smallest value (or infimum) of the function.
    note : str
        One sentence on what the function teaches.
    n_samples : int or None
        For a cost that is a mean over data rows (a model trained on data),
        the number of rows; None for the analytic test functions.
    minibatch_gradient : callable or None
        For such a cost, ``minibatch_gradient(w, rows)``: the mean gradient
        over the given rows, with ``w`` of shape ``(N, *batch)`` and ``rows``
        an integer array of shape ``(batch_size, *batch)`` (each run of a
        batch gets its own rows); returns an array of ``w``'s shape.
    """

    __test__ = False  # keep pytest from collecting this class

    name: str
    display_name: str
    latex: str
    n_inputs: int
    value: Callable[[np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray], np.ndarray] | None
    window: Window
    start: np.ndarray
    minimizers: tuple[np.ndarray, ...] = ()
    minimum: float = float("nan")
    note: str = ""
    hessian_matrix: np.ndarray | None = field(default=None, repr=False)
    n_samples: int | None = None
    minibatch_gradient: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = field(
        default=None, repr=False
    )

    def __call__(self, w):
        """Evaluate the function.

        ``w`` is components-first, ``(N,)`` or ``(N, ...)``. A function of one
        input is evaluated entry by entry on any number or array instead.
        """
        if not isinstance(w, ArrayBox):
            w = np.asarray(w, dtype=float)
        return self.value(w[None]) if self.n_inputs == 1 else self.value(w)

    def grad(self, w) -> np.ndarray:
        """Gradient with the shape of ``w`` (hand-derived, or autograd's)."""
        w = np.asarray(w, dtype=float)
        if self.n_inputs == 1:
            return self._gradient_fn(w[None])[0]
        return self._gradient_fn(w)

    @property
    def _gradient_fn(self) -> Callable[[np.ndarray], np.ndarray]:
        if self.gradient is not None:
            return self.gradient
        return elementwise_grad(self.value)

    def __repr__(self) -> str:
        return f"TestFunction({self.name!r}: {self.display_name})"


def _stack(*components):
    """The gradient's components as one array, components first.

    ``np.array`` for a single point (several times faster than ``np.stack``
    on numbers, which matters in a 1000-step loop), ``np.stack`` for batches.
    """
    if np.ndim(components[0]) == 0:
        return np.array(components)
    return np.stack(components)


# --------------------------------------------------------------------------
# Quadratics g(w) = w^T C w
# --------------------------------------------------------------------------


def _quadratic(matrix: np.ndarray):
    """Return value and gradient of w^T C w for a symmetric 2 x 2 matrix C."""
    c = np.asarray(matrix, dtype=float)

    def value(w):
        return c[0, 0] * w[0] ** 2 + 2 * c[0, 1] * w[0] * w[1] + c[1, 1] * w[1] ** 2

    twice = 2 * c

    def gradient(w):
        w = np.asarray(w)
        return twice @ w if w.ndim <= 2 else np.tensordot(twice, w, axes=1)

    return value, gradient


def rotated_quadratic(
    condition_number: float = 10.0,
    angle: float = np.pi / 6,
    smallest_eigenvalue: float = 0.5,
) -> TestFunction:
    """A 2-D quadratic w^T C w with a chosen condition number and rotation.

    ``C = R(angle) diag(lam, condition_number * lam) R(angle)^T`` with
    ``lam = smallest_eigenvalue``. With ``condition_number = 19.5`` and
    ``angle = 0`` it is the skewed quadratic.

    Parameters
    ----------
    condition_number : float
        Ratio of the largest to the smallest eigenvalue of C, at least 1.
    angle : float
        Rotation of the eigenvectors in radians.
    smallest_eigenvalue : float
        The smaller eigenvalue of C, positive.
    """
    if not np.isfinite(condition_number) or condition_number < 1:
        raise ValueError(
            f"condition_number must be a finite number >= 1; got {condition_number!r}"
        )
    if not np.isfinite(smallest_eigenvalue) or smallest_eigenvalue <= 0:
        raise ValueError(
            "smallest_eigenvalue must be a finite number > 0; "
            f"got {smallest_eigenvalue!r}"
        )
    cos, sin = np.cos(angle), np.sin(angle)
    rotation = np.array([[cos, -sin], [sin, cos]])
    eigenvalues = np.array([1.0, condition_number]) * smallest_eigenvalue
    matrix = rotation @ np.diag(eigenvalues) @ rotation.T
    value, gradient = _quadratic(matrix)
    degrees = float(np.degrees(angle))
    return TestFunction(
        name="rotated_quadratic",
        display_name=f"quadratic, condition number {condition_number:g}, "
        f"rotated {degrees:g} degrees",
        latex=r"\mathbf{w}^T C \mathbf{w},\ C = R_\theta\,"
        rf"\mathrm{{diag}}({eigenvalues[0]:g}, {eigenvalues[1]:g})\,R_\theta^T",
        n_inputs=2,
        value=value,
        gradient=gradient,
        window=((-6.0, 6.0), (-6.0, 6.0)),
        start=np.array([-5.0, 3.0]),
        minimizers=(np.zeros(2),),
        minimum=0.0,
        note="An ill-conditioned bowl whose axes are not the coordinate axes.",
        hessian_matrix=2 * matrix,
    )


def _skewed_quadratic() -> TestFunction:
    matrix = np.diag([0.5, 9.75])
    value, gradient = _quadratic(matrix)
    return TestFunction(
        name="skewed_quadratic",
        display_name="skewed quadratic",
        latex=r"\mathbf{w}^T C \mathbf{w},\ C = \mathrm{diag}(0.5,\ 9.75)",
        n_inputs=2,
        value=value,
        gradient=gradient,
        window=((-1.5, 10.5), (-2.0, 1.5)),
        start=np.array([10.0, 1.0]),
        minimizers=(np.zeros(2),),
        minimum=0.0,
        note="Long narrow bowl: gradient descent zig-zags across it.",
        hessian_matrix=2 * matrix,
    )


def _ravine_quadratic() -> TestFunction:
    matrix = np.diag([0.1, 2.0])
    value, gradient = _quadratic(matrix)
    return TestFunction(
        name="ravine_quadratic",
        display_name="ravine quadratic",
        latex=r"0.1\,w_1^2 + 2\,w_2^2",
        n_inputs=2,
        value=value,
        gradient=gradient,
        window=((-5.5, 1.5), (-3.0, 3.0)),
        start=np.array([-5.0, -2.0]),
        minimizers=(np.zeros(2),),
        minimum=0.0,
        note="Flat along w1, steep along w2: one step length cannot suit both.",
        hessian_matrix=2 * matrix,
    )


# --------------------------------------------------------------------------
# Functions of one input
# --------------------------------------------------------------------------


def _quartic() -> TestFunction:
    def value(w):
        return w[0] ** 4 + 0.1

    def gradient(w):
        return 4 * w**3

    return TestFunction(
        name="quartic",
        display_name="quartic",
        latex=r"w^4 + 0.1",
        n_inputs=1,
        value=value,
        gradient=gradient,
        window=((-1.1, 1.1),),
        start=np.array(-1.0),
        minimizers=(np.array(0.0),),
        minimum=0.1,
        note="So flat near its minimum that gradient descent crawls.",
    )


def _saddle() -> TestFunction:
    def value(w):
        left = anp.maximum(0.0, (3 * w[0] - 2.3) ** 3 + 1) ** 2
        right = anp.maximum(0.0, (-3 * w[0] + 0.7) ** 3 + 1) ** 2
        return left + right

    def gradient(w):
        u = 3 * w - 2.3
        v = -3 * w + 0.7
        left = 2 * np.maximum(0.0, u**3 + 1) * 9 * u**2
        right = -2 * np.maximum(0.0, v**3 + 1) * 9 * v**2
        return left + right

    minimizer = np.array(0.5)
    return TestFunction(
        name="saddle",
        display_name="saddle",
        latex=r"\max(0, (3w - 2.3)^3 + 1)^2 + \max(0, (-3w + 0.7)^3 + 1)^2",
        n_inputs=1,
        value=value,
        gradient=gradient,
        window=((0.0, 1.0),),
        start=np.array(0.0),
        minimizers=(minimizer,),
        minimum=float(value(minimizer[None])),
        note="Two flat saddle points (w = 7/30 and 23/30) where gradient "
        "descent halts.",
    )


# --------------------------------------------------------------------------
# Flat regions: tanh plateau and tanh valley
# --------------------------------------------------------------------------


def _sech2(x):
    """1 - tanh(x)^2 computed without cancellation for large |x|.

    cosh overflows past |x| = 710; sech^2 is below 1e-300 long before that, so
    |x| is capped at 350 (where sech^2 is about 1e-304, still a number).
    """
    return 1.0 / np.cosh(np.minimum(np.abs(x), 350.0)) ** 2


def _tanh_plateau() -> TestFunction:
    def value(w):
        return anp.tanh(4 * w[0] + 4 * w[1]) + anp.maximum(0.4 * w[0] ** 2, 1.0) + 1

    def gradient(w):
        w = np.asarray(w)
        slope = 4 * _sech2(4 * w[0] + 4 * w[1])
        bowl = (0.4 * w[0] ** 2 > 1.0) * 0.8 * w[0]
        return _stack(slope + bowl, slope)

    return TestFunction(
        name="tanh_plateau",
        display_name="tanh plateau",
        latex=r"\tanh(4w_1 + 4w_2) + \max(0.4\,w_1^2,\ 1) + 1",
        n_inputs=2,
        value=value,
        gradient=gradient,
        window=((-3.0, 3.0), (-5.0, 3.0)),
        start=np.array([1.0, 2.0]),
        minimizers=(),
        minimum=1.0,
        note="A plateau where the gradient is below 1e-9; the infimum 1 is "
        "approached as w1 + w2 decreases with |w1| <= 1.58.",
    )


def _tanh_valley() -> TestFunction:
    def value(w):
        return (
            anp.maximum(0.0, anp.tanh(4 * w[0] + 4 * w[1]))
            + anp.maximum(0.0, anp.abs(0.4 * w[0]))
            + 1
        )

    def gradient(w):
        w = np.asarray(w)
        s = 4 * w[0] + 4 * w[1]
        slope = (s > 0) * 4 * _sech2(s)
        return _stack(slope + 0.4 * np.sign(w[0]), slope)

    return TestFunction(
        name="tanh_valley",
        display_name="tanh valley",
        latex=r"\max(0, \tanh(4w_1 + 4w_2)) + \max(0, |0.4\,w_1|) + 1",
        n_inputs=2,
        value=value,
        gradient=gradient,
        window=((-3.0, 3.0), (-2.0, 2.0)),
        start=np.array([2.0, 2.0]),
        minimizers=(np.array([0.0, -1.0]),),
        minimum=1.0,
        note="Almost flat along w2 with a narrow valley at w1 = 0; every point "
        "with w1 = 0 and w2 <= 0 is a minimizer.",
    )


# --------------------------------------------------------------------------
# Classic surfaces beyond the sources
# --------------------------------------------------------------------------


def _rosenbrock() -> TestFunction:
    def value(w):
        return (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2

    def gradient(w):
        w = np.asarray(w)
        inner = w[1] - w[0] ** 2
        return _stack(-2 * (1 - w[0]) - 400 * w[0] * inner, 200 * inner)

    return TestFunction(
        name="rosenbrock",
        display_name="Rosenbrock",
        latex=r"(1 - w_1)^2 + 100\,(w_2 - w_1^2)^2",
        n_inputs=2,
        value=value,
        gradient=gradient,
        window=((-2.0, 2.0), (-1.0, 3.0)),
        start=np.array([-1.5, 2.0]),
        minimizers=(np.array([1.0, 1.0]),),
        minimum=0.0,
        note="A curved banana-shaped valley: easy to enter, slow to follow.",
    )


def _beale() -> TestFunction:
    constants = (1.5, 2.25, 2.625)

    def value(w):
        x, y = w[0], w[1]
        return sum((c - x + x * y ** (i + 1)) ** 2 for i, c in enumerate(constants))

    def gradient(w):
        x, y = np.asarray(w)
        dx = np.zeros_like(x)
        dy = np.zeros_like(y)
        for i, c in enumerate(constants):  # three terms of the sum, not grid points
            residual = c - x + x * y ** (i + 1)
            dx = dx + 2 * residual * (y ** (i + 1) - 1)
            dy = dy + 2 * residual * (i + 1) * x * y**i
        return _stack(dx, dy)

    return TestFunction(
        name="beale",
        display_name="Beale",
        latex=r"(1.5 - w_1 + w_1 w_2)^2 + (2.25 - w_1 + w_1 w_2^2)^2"
        r" + (2.625 - w_1 + w_1 w_2^3)^2",
        n_inputs=2,
        value=value,
        gradient=gradient,
        window=((-4.5, 4.5), (-4.5, 4.5)),
        start=np.array([1.0, 1.5]),
        minimizers=(np.array([3.0, 0.5]),),
        minimum=0.0,
        note="Flat plains and steep walls with the minimum in a narrow arm.",
    )


def _himmelblau() -> TestFunction:
    def value(w):
        return (w[0] ** 2 + w[1] - 11) ** 2 + (w[0] + w[1] ** 2 - 7) ** 2

    def gradient(w):
        w = np.asarray(w)
        a = w[0] ** 2 + w[1] - 11
        b = w[0] + w[1] ** 2 - 7
        return _stack(4 * w[0] * a + 2 * b, 2 * a + 4 * w[1] * b)

    return TestFunction(
        name="himmelblau",
        display_name="Himmelblau",
        latex=r"(w_1^2 + w_2 - 11)^2 + (w_1 + w_2^2 - 7)^2",
        n_inputs=2,
        value=value,
        gradient=gradient,
        window=((-5.0, 5.0), (-5.0, 5.0)),
        start=np.array([0.0, -0.5]),
        minimizers=(
            np.array([3.0, 2.0]),
            np.array([-2.805118086953, 3.131312518250]),
            np.array([-3.779310253378, -3.283185991286]),
            np.array([3.584428340330, -1.848126526964]),
        ),
        minimum=0.0,
        note="Four minima of equal depth: methods from one start can end in "
        "different ones.",
    )


_FACTORIES: dict[str, Callable[[], TestFunction]] = {
    "skewed_quadratic": _skewed_quadratic,
    "ravine_quadratic": _ravine_quadratic,
    "quartic": _quartic,
    "saddle": _saddle,
    "tanh_plateau": _tanh_plateau,
    "tanh_valley": _tanh_valley,
    "rosenbrock": _rosenbrock,
    "beale": _beale,
    "himmelblau": _himmelblau,
    "rotated_quadratic": rotated_quadratic,
}
_CACHE: dict[str, TestFunction] = {}


def available_functions() -> list[str]:
    """Names accepted by :func:`get_function`, in teaching order."""
    return list(_FACTORIES)


def get_function(name: str | TestFunction) -> TestFunction:
    """Look a test function up by name (a TestFunction is returned unchanged).

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    if isinstance(name, TestFunction):
        return name
    if not isinstance(name, str) or name not in _FACTORIES:
        raise ValueError(
            f"function must be one of {', '.join(map(repr, _FACTORIES))}; got {name!r}"
        )
    if name not in _CACHE:
        _CACHE[name] = _FACTORIES[name]()
    return _CACHE[name]


def as_function(
    g: str | TestFunction | Callable,
    *,
    n_inputs: int | None = None,
    window: Sequence[Sequence[float]] | None = None,
    start: Sequence[float] | float | None = None,
    name: str | None = None,
) -> TestFunction:
    """Turn a name, a TestFunction or a plain callable into a TestFunction.

    A plain callable ``g(w)`` must follow the components-first convention; its
    gradient comes from autograd, so write it with ``autograd.numpy`` (plain
    ``numpy`` functions such as ``np.tanh`` cannot be differentiated).

    Parameters
    ----------
    g : str, TestFunction or callable
        What to wrap.
    n_inputs : int, optional
        Number of components; inferred from ``start`` or taken as 2.
    window : sequence of (low, high), optional
        Plotting window; defaults to [-3, 3] for each input.
    start : array_like, optional
        Default start point; defaults to the window's upper-left area.
    name : str, optional
        Display name; defaults to the callable's ``__name__``.
    """
    if isinstance(g, (str, TestFunction)):
        return get_function(g)
    if not callable(g):
        raise TypeError(
            "g must be a test function name, a TestFunction or a callable "
            f"g(w); got {type(g).__name__}"
        )
    if n_inputs is None:
        n_inputs = 2 if start is None else max(1, int(np.size(start)))
    if window is None:
        window = ((-3.0, 3.0),) * n_inputs
    if start is None:
        start = [-2.0, 2.0][:n_inputs] if n_inputs <= 2 else [1.0] * n_inputs
    start = np.asarray(start, dtype=float)
    if n_inputs == 1:
        start = start.reshape(())
    label = name or getattr(g, "__name__", "custom function")
    if label == "<lambda>":
        label = "custom function"
    return TestFunction(
        name=label,
        display_name=label,
        latex=r"g(\mathbf{w})",
        n_inputs=n_inputs,
        value=(lambda w: g(w[0])) if n_inputs == 1 else g,
        gradient=None,
        window=tuple((float(lo), float(hi)) for lo, hi in window),
        start=start,
        note="A function given by the user; its gradient comes from autograd.",
    )


def hessian(f: str | TestFunction, w) -> np.ndarray:
    """Hessian of ``f`` at ``w``, shape ``(N, N) + w.shape[1:]``.

    Uses the stored matrix of a quadratic, or the exact Hessian a model
    carries (``hessian_function``, see :mod:`optlab.models`), otherwise
    autograd: row ``i`` is the elementwise gradient of the ``i``-th gradient
    component, so a whole batch of points costs N autograd passes (N is 1 or 2
    here), not one per point.
    """
    f = get_function(f) if isinstance(f, str) else f
    w = np.asarray(w, dtype=float)
    if f.n_inputs == 1 and w.ndim == 0:
        w = w[None]
    exact = getattr(f, "hessian_function", None)
    if exact is not None:
        return np.asarray(exact(w), dtype=float)
    if f.hessian_matrix is not None:
        batch = w.shape[1:]
        return np.broadcast_to(
            f.hessian_matrix.reshape(f.hessian_matrix.shape + (1,) * len(batch)),
            f.hessian_matrix.shape + batch,
        ).copy()
    first = elementwise_grad(f.value)
    rows = [elementwise_grad(lambda v, i=i: first(v)[i])(w) for i in range(len(w))]
    return np.stack(rows)
