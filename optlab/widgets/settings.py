"""Settings of the source material, and the defaults of each method.

The "source settings" button of an explorer restores the entry of
:data:`SOURCE_SETTINGS` for the current function and method: the start point,
step count and hyperparameters the lessons' sources used, so a student who
has wandered off can always get back to the picture in the notes.
"""

from __future__ import annotations

import inspect
from typing import Any

from ..optimizers import METHODS

__all__ = ["SOURCE_SETTINGS", "method_defaults", "source_settings"]

#: (function, method) -> settings used by the source material (the lecture
#: notes built on Watt, Borhani and Katsaggelos, *Machine Learning Refined*,
#: and slides in the style of Zhang et al., *Dive into Deep Learning*);
#: "source" names the work they come from.
SOURCE_SETTINGS: dict[tuple[str, str], dict[str, Any]] = {
    ("skewed_quadratic", "gradient_descent"): {
        "w0": (10.0, 1.0),
        "alpha": 0.1,
        "max_its": 25,
        "source": "Machine Learning Refined",
    },
    ("skewed_quadratic", "momentum"): {
        "w0": (10.0, 1.0),
        "alpha": 0.1,
        "beta": 0.7,
        "max_its": 25,
        "source": "Machine Learning Refined",
    },
    ("ravine_quadratic", "gradient_descent"): {
        "w0": (-5.0, -2.0),
        "alpha": 0.4,
        "max_its": 20,
        "source": "Dive into Deep Learning",
    },
    ("ravine_quadratic", "heavy_ball"): {
        "w0": (-5.0, -2.0),
        "alpha": 0.6,
        "beta": 0.5,
        "max_its": 20,
        "source": "Dive into Deep Learning",
    },
    ("quartic", "gradient_descent"): {
        "w0": -1.0,
        "alpha": 0.1,
        "max_its": 10,
        "source": "Machine Learning Refined",
    },
    ("quartic", "normalized_gd"): {
        "w0": -1.0,
        "alpha": 0.1,
        "max_its": 10,
        "eps": 0.0,
        "source": "Machine Learning Refined",
    },
    ("saddle", "gradient_descent"): {
        "w0": 0.0,
        "alpha": 0.01,
        "max_its": 50,
        "source": "Machine Learning Refined",
    },
    ("saddle", "normalized_gd"): {
        "w0": 0.0,
        "alpha": 0.01,
        "max_its": 50,
        "eps": 0.0,
        "source": "Machine Learning Refined",
    },
    ("tanh_plateau", "gradient_descent"): {
        "w0": (1.0, 2.0),
        "alpha": 0.1,
        "max_its": 100,
        "source": "Machine Learning Refined",
    },
    ("tanh_plateau", "normalized_gd"): {
        "w0": (1.0, 2.0),
        "alpha": 0.1,
        "max_its": 100,
        "eps": 0.0,
        "source": "Machine Learning Refined",
    },
    ("tanh_valley", "normalized_gd"): {
        "w0": (2.0, 2.0),
        "alpha": 0.1,
        "max_its": 1000,
        "eps": 0.0,
        "source": "Machine Learning Refined",
    },
    ("tanh_valley", "sign_gd"): {
        "w0": (2.0, 2.0),
        "alpha": 0.1,
        "max_its": 50,
        "eps": 0.0,
        "source": "Machine Learning Refined",
    },
}

# sign_gd is normalized_gd with norm="component": it shares its defaults
_DEFAULTS_FROM = {"sign_gd": "normalized_gd"}


def method_defaults(method: str) -> dict[str, float]:
    """The default value of each hyperparameter of ``method`` (from its signature)."""
    if method not in METHODS:
        raise ValueError(
            f"method must be one of {', '.join(map(repr, METHODS))}; got {method!r}"
        )
    run = METHODS[_DEFAULTS_FROM.get(method, method)].run
    parameters = inspect.signature(run).parameters
    return {name: parameters[name].default for name in METHODS[method].hyperparameters}


def source_settings(function: str, method: str) -> dict[str, Any] | None:
    """The source material's settings for a function and method, if it has some."""
    entry = SOURCE_SETTINGS.get((function, method))
    return None if entry is None else dict(entry)
