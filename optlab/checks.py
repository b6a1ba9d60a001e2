"""Argument checks shared by the optimizers: clear messages for bad input.

Each check names the argument, repeats the value it got and says what is
allowed, so a student who types ``beta=1.5`` learns at once what to fix.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable

import numpy as np

__all__ = [
    "check_choice",
    "check_max_its",
    "check_nonnegative",
    "check_positive",
    "check_unit_interval",
]


def _describe(value) -> str:
    """A short repr: arrays are summarised by their offending entries."""
    if isinstance(value, np.ndarray) and value.size > 4:
        return f"an array of shape {value.shape}"
    return repr(value.tolist() if isinstance(value, np.ndarray) else value)


def _as_float_array(name: str, value, allowed: str) -> np.ndarray:
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be {allowed}; got the boolean {value!r}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be {allowed}; got {_describe(value)}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(
            f"{name} must be {allowed}; got {_describe(value)}, which is not finite"
        )
    return array


def check_positive(name: str, value, *, schedule: bool = False):
    """Check a step length: a number > 0, an array of them, or a schedule.

    A schedule is a callable ``k -> alpha_k`` for k = 1, 2, ...; its first
    value is checked here.
    """
    allowed = "a finite number > 0 or an array of them"
    if schedule:
        allowed += f", or a callable k -> {name}_k"
        if callable(value):
            check_positive(f"{name}(1)", value(1))
            return value
    array = _as_float_array(name, value, allowed)
    if np.any(array <= 0):
        bad = array[array <= 0].flat[0]
        raise ValueError(f"{name} must be {allowed}; got {_describe(value)} ({bad:g})")
    return value if np.ndim(value) == 0 else array


def check_unit_interval(name: str, value):
    """Check an averaging parameter (beta, gamma, beta1, beta2) lies in [0, 1]."""
    allowed = "a number in [0, 1] or an array of them"
    array = _as_float_array(name, value, allowed)
    if np.any((array < 0) | (array > 1)):
        raise ValueError(f"{name} must be {allowed}; got {_describe(value)}")
    return value if np.ndim(value) == 0 else array


def check_nonnegative(name: str, value):
    """Check a guard such as eps is a number >= 0."""
    allowed = "a finite number >= 0 or an array of them"
    array = _as_float_array(name, value, allowed)
    if np.any(array < 0):
        raise ValueError(f"{name} must be {allowed}; got {_describe(value)}")
    return value if np.ndim(value) == 0 else array


def check_whole(
    name: str,
    value,
    *,
    low: int = 1,
    high: int | None = None,
    allowed: str | None = None,
) -> int:
    """Check a count: a whole number from ``low`` (up to ``high`` if given).

    ``allowed`` words the range in the message (default: the bounds).
    """
    if allowed is None:
        allowed = (
            f"a whole number >= {low}"
            if high is None
            else f"a whole number from {low} to {high}"
        )
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {allowed}; got {value!r}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    return int(value)


def check_max_its(value) -> int:
    """Check the number of steps is a positive whole number."""
    return check_whole("max_its", value, allowed="a positive whole number (1, 2, ...)")


def check_choice(name: str, value, choices: Iterable[str]) -> str:
    """Check a keyword such as init or norm is one of the allowed words."""
    choices = tuple(choices)
    if value not in choices:
        raise ValueError(
            f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}"
        )
    return value


def check_callable(name: str, value) -> Callable:
    """Check a function argument (g, grad) can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be callable; got {type(value).__name__}")
    return value
