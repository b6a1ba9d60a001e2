"""optlab: exact, vectorized gradient-descent methods for teaching.

>>> from optlab import momentum
>>> w_hist, cost_hist = momentum("skewed_quadratic", [10.0, 1.0], alpha=0.1,
...                               beta=0.7, max_its=25)
"""

from . import schedules
from .averages import (
    cumulative_average,
    exponential_average,
    exponential_weights,
    zero_started_average,
)
from .functions import (
    TestFunction,
    as_function,
    available_functions,
    get_function,
    hessian,
    rotated_quadratic,
)
from .history import History
from .models import logistic_regression
from .optimizers import (
    METHODS,
    adadelta,
    adagrad,
    adam,
    gradient_descent,
    heavy_ball,
    momentum,
    nesterov,
    newton,
    normalized_gd,
    normalized_momentum,
    rmsprop,
)
from .plot import lecture_mode
from .schedules import (
    Constant,
    Cosine,
    ExponentialDecay,
    InverseSqrt,
    InverseTime,
    Schedule,
    StepDecay,
    Warmup,
)

__version__ = "0.1.0"

__all__ = [
    "METHODS",
    "Constant",
    "Cosine",
    "ExponentialDecay",
    "InverseSqrt",
    "InverseTime",
    "Schedule",
    "StepDecay",
    "Warmup",
    "History",
    "TestFunction",
    "adadelta",
    "adagrad",
    "adam",
    "as_function",
    "available_functions",
    "cumulative_average",
    "exponential_average",
    "exponential_weights",
    "get_function",
    "gradient_descent",
    "heavy_ball",
    "hessian",
    "lecture_mode",
    "logistic_regression",
    "momentum",
    "nesterov",
    "newton",
    "normalized_gd",
    "normalized_momentum",
    "rmsprop",
    "rotated_quadratic",
    "schedules",
    "zero_started_average",
]
