r"""Learning-rate schedules: a learning rate alpha_k that changes with the step k.

Every optimizer's ``alpha=`` accepts one of these (as it accepts any callable
``k -> alpha_k``), for the steps k = 1, 2, .... Each schedule checks its
parameters, evaluates a whole array of steps at once (for plots), and prints
its formula with its numbers: ``str(s)`` in plain text, ``s.latex`` in LaTeX
(and as a formula in a notebook).

>>> from optlab.schedules import InverseTime, Warmup
>>> print(InverseTime(0.5))
alpha_k = 0.5 / (1 + (k - 1) / 1)
>>> float(Warmup(InverseTime(0.5), steps=5)(2))
0.2

Which schedule when (Bottou, Curtis and Nocedal, 2018, section 4): with noisy
gradients a constant step hovers at a distance that grows with alpha; a step
with sum alpha_k = infinity and sum alpha_k^2 < infinity (Robbins and Monro,
1951), such as 1/k, converges. 1/sqrt(k) decays more slowly (its squares sum
to infinity) and is the usual compromise; step, exponential and cosine decay
are the shapes used in training practice; a warmup ramps the step up first.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np

from .checks import check_nonnegative, check_positive, check_whole

__all__ = [
    "Constant",
    "Cosine",
    "ExponentialDecay",
    "InverseSqrt",
    "InverseTime",
    "Schedule",
    "StepDecay",
    "Warmup",
]


def _number(name: str, value, check) -> float:
    """A single number checked by ``check`` (schedules take no batch arrays)."""
    if np.ndim(value) != 0 or isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a single number; got {value!r}")
    return float(check(name, value))


def _fraction(name: str, value) -> float:
    """A decay factor in (0, 1]."""
    value = _number(name, value, check_positive)
    if value > 1:
        raise ValueError(f"{name} must be a number in (0, 1]; got {value!r}")
    return value


def _positive(name: str, value) -> float:
    return _number(name, value, check_positive)


def _steps(k) -> np.ndarray:
    k = np.asarray(k, dtype=float)
    if np.any(k < 1):
        raise ValueError(f"schedules count steps from k = 1; got k = {k.min():g}")
    return k


def _done(shift: int) -> str:
    """The steps done before step k, after ``shift`` steps of warmup."""
    return f"k - {shift + 1}"


@dataclass(frozen=True, repr=False)
class Schedule:
    """A learning rate alpha_k for the steps k = 1, 2, ...

    Subclasses define ``values(k)`` (vectorized over an array of steps) and
    the formula as text and LaTeX, written for the steps after ``shift``
    steps of a warmup; ``_checks`` names the check of each parameter.
    """

    _checks: ClassVar[dict[str, Callable]] = {}

    def __post_init__(self):
        for name, check in self._checks.items():
            object.__setattr__(self, name, check(name, getattr(self, name)))

    def __call__(self, k):
        values = self.values(_steps(k))
        return float(values) if np.ndim(values) == 0 else values

    def values(self, k: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def text(self, shift: int = 0) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def tex(self, shift: int = 0) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def latex(self) -> str:
        """The formula in LaTeX (without surrounding dollars)."""
        return r"\alpha_k = " + self.tex()

    def __str__(self) -> str:
        return "alpha_k = " + self.text()

    def __repr__(self) -> str:
        settings = ", ".join(
            f"{f.name}={getattr(self, f.name)!r}" for f in fields(self)
        )
        return f"{type(self).__name__}({settings})"

    def _repr_latex_(self) -> str:
        return f"${self.latex}$"


@dataclass(frozen=True, repr=False)
class Constant(Schedule):
    r"""The same learning rate at every step.

    .. math:: \alpha_k = \alpha
    """

    alpha: float
    _checks: ClassVar[dict[str, Callable]] = {"alpha": _positive}

    def values(self, k):
        return np.full(np.shape(k), self.alpha)

    def text(self, shift=0):
        return f"{self.alpha:g}"

    def tex(self, shift=0):
        return f"{self.alpha:g}"


@dataclass(frozen=True, repr=False)
class _InverseDecay(Schedule):
    """alpha / (1 + (k - 1) / tau)^power: the shape of 1/k and 1/sqrt(k)."""

    alpha: float
    tau: float = 1.0
    _checks: ClassVar[dict[str, Callable]] = {"alpha": _positive, "tau": _positive}
    power: ClassVar[float] = 1.0
    _root: ClassVar[tuple[str, str]] = ("", "")  # around the denominator: text, tex

    def values(self, k):
        return self.alpha / (1 + (k - 1) / self.tau) ** self.power

    def text(self, shift=0):
        root = self._root[0]
        return f"{self.alpha:g} / {root}(1 + ({_done(shift)}) / {self.tau:g})"

    def tex(self, shift=0):
        inside = f"1 + ({_done(shift)})/{self.tau:g}"
        below = rf"{self._root[1]}{{{inside}}}" if self._root[1] else inside
        return rf"\frac{{{self.alpha:g}}}{{{below}}}"


@dataclass(frozen=True, repr=False)
class InverseTime(_InverseDecay):
    r"""Inverse-time decay, 1/k for ``tau = 1``.

    .. math:: \alpha_k = \frac{\alpha}{1 + (k - 1)/\tau}

    The step halves after ``tau`` steps and keeps falling like 1/k:
    sum alpha_k diverges and sum alpha_k^2 converges, the conditions of
    Robbins and Monro (1951) for converging under noise.
    """


@dataclass(frozen=True, repr=False)
class InverseSqrt(_InverseDecay):
    r"""Inverse-square-root decay, 1/sqrt(k) for ``tau = 1``.

    .. math:: \alpha_k = \frac{\alpha}{\sqrt{1 + (k - 1)/\tau}}

    Decays more slowly than 1/k: sum alpha_k^2 diverges too (like log k), so
    the noise is not averaged away completely, but the early steps stay long.
    """

    power: ClassVar[float] = 0.5
    _root: ClassVar[tuple[str, str]] = ("sqrt", r"\sqrt")


@dataclass(frozen=True, repr=False)
class StepDecay(Schedule):
    r"""Step decay: multiply by ``factor`` every ``every`` steps.

    .. math:: \alpha_k = \alpha \, f^{\lfloor (k - 1)/n \rfloor}
    """

    alpha: float
    factor: float = 0.5
    every: int = 10

    _checks: ClassVar[dict[str, Callable]] = {
        "alpha": _positive,
        "factor": _fraction,
        "every": check_whole,
    }

    def values(self, k):
        return self.alpha * self.factor ** np.floor((k - 1) / self.every)

    def text(self, shift=0):
        done = _done(shift)
        return f"{self.alpha:g} * {self.factor:g}^floor(({done}) / {self.every})"

    def tex(self, shift=0):
        done = _done(shift)
        return (
            rf"{self.alpha:g} \cdot {self.factor:g}^"
            rf"{{\lfloor ({done})/{self.every} \rfloor}}"
        )


@dataclass(frozen=True, repr=False)
class ExponentialDecay(Schedule):
    r"""Exponential decay: multiply by ``rate`` at every step.

    .. math:: \alpha_k = \alpha \, r^{k - 1}

    Its sum is finite (alpha / (1 - r)) when r < 1: the steps stop before a
    far-away minimizer is reached, however many there are.
    """

    alpha: float
    rate: float = 0.99

    _checks: ClassVar[dict[str, Callable]] = {"alpha": _positive, "rate": _fraction}

    def values(self, k):
        return self.alpha * self.rate ** (k - 1)

    def text(self, shift=0):
        return f"{self.alpha:g} * {self.rate:g}^({_done(shift)})"

    def tex(self, shift=0):
        return rf"{self.alpha:g} \cdot {self.rate:g}^{{{_done(shift)}}}"


@dataclass(frozen=True, repr=False)
class Cosine(Schedule):
    r"""Cosine decay from ``alpha`` to ``alpha_min`` over ``steps`` steps.

    .. math:: \alpha_k = \alpha_{\min} + \frac{\alpha - \alpha_{\min}}{2}
        \left(1 + \cos\frac{\pi \min(k - 1, n)}{n}\right)

    (Loshchilov and Hutter, 2017, without restarts); alpha_min from step
    ``steps + 1`` on.
    """

    alpha: float
    steps: int = 100
    alpha_min: float = 0.0

    _checks: ClassVar[dict[str, Callable]] = {
        "alpha": _positive,
        "steps": check_whole,
        "alpha_min": lambda name, value: _number(name, value, check_nonnegative),
    }

    def __post_init__(self):
        super().__post_init__()
        if self.alpha_min > self.alpha:
            raise ValueError(
                f"alpha_min must be a number in [0, alpha = {self.alpha:g}]; "
                f"got {self.alpha_min:g}"
            )

    def values(self, k):
        phase = np.pi * np.minimum(k - 1, self.steps) / self.steps
        return self.alpha_min + (self.alpha - self.alpha_min) * (1 + np.cos(phase)) / 2

    def text(self, shift=0):
        low, high, done = self.alpha_min, self.alpha, _done(shift)
        return (
            f"{low:g} + {high - low:g} * (1 + cos(pi * min({done}, {self.steps}) "
            f"/ {self.steps})) / 2"
        )

    def tex(self, shift=0):
        low, high, done = self.alpha_min, self.alpha, _done(shift)
        return (
            rf"{low:g} + \frac{{{high - low:g}}}{{2}}\left(1 + "
            rf"\cos\frac{{\pi \min({done}, {self.steps})}}{{{self.steps}}}\right)"
        )


@dataclass(frozen=True, repr=False)
class Warmup(Schedule):
    r"""Linear warmup over ``steps`` steps, then another schedule.

    .. math:: \alpha_k = \begin{cases} \alpha'_1 \, k / W & k \le W \\
        \alpha'_{k - W} & k > W \end{cases}

    where alpha' is ``then`` (a schedule, or a number for a constant) and W is
    ``steps``: the step grows linearly to then's first value, then ``then``
    runs as if started at step W + 1. Used where the first gradients are
    unreliable (Adam's averages have seen few gradients; Goyal et al., 2017).
    """

    then: Schedule | float
    steps: int = 10

    def __post_init__(self):
        then = self.then
        if isinstance(then, Warmup) or not isinstance(then, (Schedule, numbers.Real)):
            raise TypeError(
                "then must be a schedule other than Warmup, or a number > 0; "
                f"got {then!r}"
            )
        if not isinstance(then, Schedule):
            then = Constant(then)
        object.__setattr__(self, "then", then)
        object.__setattr__(self, "steps", check_whole("steps", self.steps))

    def values(self, k):
        ramp = self.then.values(np.ones_like(k)) * k / self.steps
        after = self.then.values(np.maximum(k - self.steps, 1))
        return np.where(k <= self.steps, ramp, after)

    def text(self, shift=0):
        first = self.then(1)
        return (
            f"{first:g} * k / {self.steps} for k <= {self.steps}, "
            f"then {self.then.text(self.steps)}"
        )

    def tex(self, shift=0):
        first = self.then(1)
        return (
            rf"\begin{{cases}} {first:g}\, k / {self.steps} & k \le {self.steps} \\ "
            rf"{self.then.tex(self.steps)} & k > {self.steps} \end{{cases}}"
        )
