r"""The optimizers of the course, one function per method.

Every function takes the cost ``g`` (a test-function name, a
:class:`~optlab.functions.TestFunction` or a plain callable) and the start
``w0`` positionally and everything else by keyword, checks its input, and
returns a :class:`~optlab.history.History` (``w_hist, cost_hist = run``).

Batches: ``w0`` of shape ``(N, B)`` and/or any hyperparameter given as an
array of shape ``(B,)`` (or any shape that broadcasts) run B independent runs
in one vectorized loop. ``alpha`` may also be a schedule, a callable
``k -> alpha_k`` for k = 1, 2, ... (the named ones are in
:mod:`optlab.schedules`).

Noise: ``noise=sigma`` adds independent Gaussian noise of standard deviation
sigma to every gradient component at every step, before the update rule sees
the gradient; ``seed`` makes it reproducible; ``batch_size`` uses minibatch
gradients of a cost built from data (see :mod:`optlab.noise`).

Conventions, named because the sources disagree:

========================  ==================================================
momentum                  averages the gradient *with* the (1 - beta) factor,
                          started at the first gradient (Watt et al.)
heavy_ball                sums *without* it, started at zero (Polyak; Ruder; D2L);
                          its alpha equals momentum's alpha / (1 - beta)
nesterov                  Ruder's form; the history records w, not w - beta v
adagrad, rmsprop,         eps *inside* the square root: sqrt(h + eps)
adadelta
adam                      eps *outside* the square root: sqrt(h) + eps
normalized_*              eps added to the magnitude; 0 by default, and a
                          zero gradient gives a zero step, never NaN
========================  ==================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .checks import (
    check_choice,
    check_nonnegative,
    check_positive,
    check_unit_interval,
)
from .functions import TestFunction
from .history import History
from .rules import RULES
from .runner import run

__all__ = [
    "METHODS",
    "MethodInfo",
    "adadelta",
    "adagrad",
    "adam",
    "gradient_descent",
    "heavy_ball",
    "momentum",
    "nesterov",
    "newton",
    "normalized_gd",
    "normalized_momentum",
    "rmsprop",
]

Cost = str | TestFunction | Callable
Step = float | np.ndarray | Callable[[int], float]
Average = float | np.ndarray
Seed = int | np.random.Generator | None


def gradient_descent(
    g: Cost,
    w0,
    *,
    alpha: Step = 0.1,
    max_its: int = 100,
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""Plain gradient descent.

    .. math:: w^k = w^{k-1} - \alpha \nabla g(w^{k-1})

    Parameters
    ----------
    g : str, TestFunction or callable
        Cost function, components first.
    w0 : array_like
        Start point, ``(N,)`` or ``(N, B)``.
    alpha : float, array or callable, default 0.1
        Learning rate, > 0; a callable ``k -> alpha_k`` is a schedule (see
        :mod:`optlab.schedules`).
    max_its : int, default 100
        Number of steps.
    grad : callable, optional
        Gradient to use instead of the function's own.
    record_state : bool, default False
        Keep the gradient of every step in ``History.state``.
    noise : float or array, default 0
        Standard deviation sigma of the Gaussian noise added to each gradient
        component at every step, >= 0 (an array: one value per run). The
        rule sees ``grad g(w) + sigma z`` with ``z ~ N(0, I)`` drawn afresh
        at every step and for every run; at 0 the run is exactly the
        deterministic one.
    seed : int, numpy Generator or None
        Source of the noise and the minibatches: the same int gives the same
        run; None draws fresh randomness. A batch draws all its runs' noise
        together, so run j of a batch is not the single run with that seed.
    batch_size : int, optional
        For a cost built from data (``n_samples`` rows): use the mean
        gradient of ``batch_size`` rows drawn at random, without replacement,
        at every step (each run of a batch its own rows).
    """
    params = {"alpha": check_positive("alpha", alpha, schedule=True)}
    return run(
        RULES["gradient_descent"],
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )


def momentum(
    g: Cost,
    w0,
    *,
    alpha: Step = 0.1,
    beta: Average = 0.9,
    max_its: int = 100,
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""Momentum: step against an exponential average of the gradients.

    As in Watt, Borhani and Katsaggelos, *Machine Learning Refined*.

    .. math::
        d^0 = \nabla g(w^0), \quad
        d^{k-1} = \beta d^{k-2} + (1 - \beta) \nabla g(w^{k-1}) \ (k > 1),
        \quad w^k = w^{k-1} - \alpha d^{k-1}

    With ``beta = 0`` it is gradient descent. The average carries the
    (1 - beta) factor, so alpha keeps its meaning as a step length; the
    heavy-ball form without it is :func:`heavy_ball`.

    Parameters
    ----------
    g, w0, alpha, max_its, grad, record_state, noise, seed, batch_size
        As in :func:`gradient_descent`.
    beta : float or array, default 0.9
        Averaging parameter in [0, 1]; Watt et al. recommend 0.7 or more.
    """
    params = {
        "alpha": check_positive("alpha", alpha, schedule=True),
        "beta": check_unit_interval("beta", beta),
    }
    return run(
        RULES["momentum"],
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )


def heavy_ball(
    g: Cost,
    w0,
    *,
    alpha: Step = 0.01,
    beta: Average = 0.9,
    max_its: int = 100,
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""Heavy-ball momentum: a decaying *sum* of gradients (Polyak 1964).

    .. math:: v^0 = 0, \quad v^k = \beta v^{k-1} + \nabla g(w^{k-1}),
        \quad w^k = w^{k-1} - \alpha v^k

    Ruder (2016) and Kathuria (2018) write ``v = beta v + eta grad, w = w - v``,
    which is this rule
    with ``alpha = eta``. Compared with :func:`momentum`, whose average carries
    (1 - beta), heavy ball with step ``alpha`` behaves like momentum with
    step ``alpha / (1 - beta)`` (apart from the first steps, because the sum
    starts at zero and momentum's average at the first gradient).

    Parameters
    ----------
    g, w0, alpha, max_its, grad, record_state, noise, seed, batch_size
        As in :func:`gradient_descent`.
    beta : float or array, default 0.9
        Decay of the sum, in [0, 1].
    """
    params = {
        "alpha": check_positive("alpha", alpha, schedule=True),
        "beta": check_unit_interval("beta", beta),
    }
    return run(
        RULES["heavy_ball"],
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )


def nesterov(
    g: Cost,
    w0,
    *,
    alpha: Step = 0.01,
    beta: Average = 0.9,
    max_its: int = 100,
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""Nesterov's accelerated gradient: look ahead, then correct (Nesterov 1983).

    .. math:: v^0 = 0, \quad
        v^k = \beta v^{k-1} + \alpha \nabla g(w^{k-1} - \beta v^{k-1}), \quad
        w^k = w^{k-1} - v^k

    The history records ``w``, not the look-ahead point ``w - beta v``
    (kept as ``state["ahead"]`` when ``record_state`` is set).

    Parameters
    ----------
    g, w0, alpha, max_its, grad, record_state, noise, seed, batch_size
        As in :func:`gradient_descent`.
    beta : float or array, default 0.9
        Decay of the velocity, in [0, 1].
    """
    params = {
        "alpha": check_positive("alpha", alpha, schedule=True),
        "beta": check_unit_interval("beta", beta),
    }
    return run(
        RULES["nesterov"],
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )


def normalized_gd(
    g: Cost,
    w0,
    *,
    alpha: Step = 0.1,
    max_its: int = 100,
    norm: str = "full",
    eps: float = 0.0,
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""Normalized gradient descent: steps whose length ignores the gradient's.

    ``norm="full"`` divides by the length of the gradient, so every step has
    length alpha:

    .. math:: w^k = w^{k-1} - \alpha
        \frac{\nabla g(w^{k-1})}{\|\nabla g(w^{k-1})\|_2 + \epsilon}

    ``norm="component"`` divides each partial derivative by its own magnitude,
    so at ``eps = 0`` the step is ``alpha sign(grad)`` with length
    ``sqrt(N) alpha``:

    .. math:: w_j^k = w_j^{k-1} - \alpha
        \frac{\partial_j g(w^{k-1})}{|\partial_j g(w^{k-1})| + \epsilon}

    Why ``eps = 0`` by default: the division is guarded (a zero gradient gives
    a zero step, never NaN), so eps is not needed for safety, and any eps > 0
    shrinks every step whose gradient is not much larger than eps. On the tanh
    plateau at (1, 2), where the lesson starts, ``||grad||`` is about 8.6e-10:
    the ``eps = 1e-7`` of the source would cut the step to under 1 % of alpha.

    Parameters
    ----------
    g, w0, alpha, max_its, grad, record_state, noise, seed, batch_size
        As in :func:`gradient_descent`.
    norm : {"full", "component"}
        Which magnitude to divide by.
    eps : float, default 0.0
        Added to the magnitude, >= 0.
    """
    norm = check_choice("norm", norm, ("full", "component"))
    params = {
        "alpha": check_positive("alpha", alpha, schedule=True),
        "eps": check_nonnegative("eps", eps),
    }
    rule = RULES["normalized_full" if norm == "full" else "normalized_component"]
    history = run(
        rule,
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )
    return _renamed(history, "normalized_gd", norm=norm)


def normalized_momentum(
    g: Cost,
    w0,
    *,
    alpha: Step = 0.1,
    beta: Average = 0.9,
    max_its: int = 100,
    eps: float = 0.0,
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""Momentum whose averaged direction is normalized component-wise (Watt et al.).

    .. math::
        d^0 = \nabla g(w^0), \quad
        d^{k-1} = \beta d^{k-2} + (1 - \beta) \nabla g(w^{k-1}), \quad
        w_j^k = w_j^{k-1} - \alpha \frac{d_j^{k-1}}{|d_j^{k-1}| + \epsilon}

    Watt et al. write the normalization as ``d_j <- d_j / sqrt(d_j^2)``; here the
    average ``d`` itself is kept un-normalized and only the step is
    normalized, so ``d`` stays an exponential average of gradients (at
    ``eps = 0`` the step is ``alpha sign(d)``, known as signum).

    Parameters
    ----------
    g, w0, alpha, max_its, grad, record_state, noise, seed, batch_size
        As in :func:`gradient_descent`.
    beta : float or array, default 0.9
        Averaging parameter in [0, 1].
    eps : float, default 0.0
        Added to ``|d_j|``, >= 0; see :func:`normalized_gd` for the default.
    """
    params = {
        "alpha": check_positive("alpha", alpha, schedule=True),
        "beta": check_unit_interval("beta", beta),
        "eps": check_nonnegative("eps", eps),
    }
    return run(
        RULES["normalized_momentum"],
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )


def adagrad(
    g: Cost,
    w0,
    *,
    alpha: Step = 0.1,
    max_its: int = 100,
    eps: float = 1e-8,
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""Adagrad: steps shrink with each component's summed squared gradients.

    Duchi, Hazan and Singer (2011).

    .. math:: h_j^0 = 0, \quad h_j^k = h_j^{k-1} + (\partial_j g(w^{k-1}))^2,
        \quad w_j^k = w_j^{k-1} - \frac{\alpha}{\sqrt{h_j^k + \epsilon}}
        \partial_j g(w^{k-1})

    eps sits inside the square root, as in Ruder (2016).

    Parameters
    ----------
    g, w0, alpha, max_its, grad, record_state, noise, seed, batch_size
        As in :func:`gradient_descent`.
    eps : float, default 1e-8
        Added under the square root, >= 0.
    """
    params = {
        "alpha": check_positive("alpha", alpha, schedule=True),
        "eps": check_nonnegative("eps", eps),
    }
    return run(
        RULES["adagrad"],
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )


def rmsprop(
    g: Cost,
    w0,
    *,
    alpha: Step = 0.001,
    gamma: Average = 0.9,
    max_its: int = 100,
    eps: float = 1e-8,
    init: str = "zero",
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""RMSprop: divide each partial derivative by an average of its squares.

    .. math:: h_j^k = \gamma h_j^{k-1} + (1 - \gamma)(\partial_j g(w^{k-1}))^2,
        \quad w_j^k = w_j^{k-1} - \frac{\alpha}{\sqrt{h_j^k + \epsilon}}
        \partial_j g(w^{k-1})

    ``init="zero"`` starts at ``h^0 = 0`` (Ruder; D2L); ``init="first"`` at the
    first squared gradient ``h^0 = (grad g(w^0))^2``. eps sits inside the
    square root (Ruder; D2L). Customary values: alpha = 0.001, gamma = 0.9.

    Parameters
    ----------
    g, w0, alpha, max_its, grad, record_state, noise, seed, batch_size
        As in :func:`gradient_descent`.
    gamma : float or array, default 0.9
        Averaging parameter in [0, 1].
    eps : float, default 1e-8
        Added under the square root, >= 0.
    init : {"zero", "first"}
        Where the average starts.
    """
    params = {
        "alpha": check_positive("alpha", alpha, schedule=True),
        "gamma": check_unit_interval("gamma", gamma),
        "eps": check_nonnegative("eps", eps),
        "init": check_choice("init", init, ("zero", "first")),
    }
    return run(
        RULES["rmsprop"],
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )


def adadelta(
    g: Cost,
    w0,
    *,
    gamma: Average = 0.95,
    max_its: int = 100,
    eps: float = 1e-6,
    alpha: Step = 1.0,
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""Adadelta: a step measured in the units of w (Zeiler, 2012).

    With ``RMS[x] = sqrt(E[x^2] + eps)`` for the gradients and the updates:

    .. math::
        E[g^2]^k = \gamma E[g^2]^{k-1} + (1 - \gamma) (\nabla g(w^{k-1}))^2, \\
        \Delta w^k = -\frac{\sqrt{E[\Delta w^2]^{k-1} + \epsilon}}
                          {\sqrt{E[g^2]^k + \epsilon}} \nabla g(w^{k-1}), \\
        E[\Delta w^2]^k = \gamma E[\Delta w^2]^{k-1} + (1 - \gamma)(\Delta w^k)^2,
        \quad w^k = w^{k-1} + \alpha \Delta w^k

    Both averages start at zero. The second average is of the squared
    *updates* (some retellings accumulate theta^2 by mistake). ``alpha`` scales
    the update and is 1 in Zeiler's rule.

    Parameters
    ----------
    g, w0, max_its, grad, record_state, noise, seed, batch_size
        As in :func:`gradient_descent`.
    gamma : float or array, default 0.95
        Averaging parameter in [0, 1] (Zeiler's rho).
    eps : float, default 1e-6
        Added inside both square roots, >= 0; it also sets the size of the
        first steps, since ``E[dw^2]`` starts at zero.
    alpha : float, array or callable, default 1.0
        Scale of the update, > 0.
    """
    params = {
        "alpha": check_positive("alpha", alpha, schedule=True),
        "gamma": check_unit_interval("gamma", gamma),
        "eps": check_nonnegative("eps", eps),
    }
    return run(
        RULES["adadelta"],
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )


def adam(
    g: Cost,
    w0,
    *,
    alpha: Step = 0.001,
    beta1: Average = 0.9,
    beta2: Average = 0.999,
    max_its: int = 100,
    eps: float = 1e-8,
    init: str = "zero",
    bias_correction: bool | None = None,
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""Adam: momentum with a per-component step length.

    .. math::
        d_j^k = \beta_1 d_j^{k-1} + (1 - \beta_1) \partial_j g(w^{k-1}), \quad
        h_j^k = \beta_2 h_j^{k-1} + (1 - \beta_2) (\partial_j g(w^{k-1}))^2, \\
        w_j^k = w_j^{k-1} - \alpha \frac{\hat d_j^k}{\sqrt{\hat h_j^k} + \epsilon}

    ``init="zero"`` with bias correction, ``hat d^k = d^k / (1 - beta1^k)`` and
    ``hat h^k = h^k / (1 - beta2^k)``, is Kingma and Ba's algorithm (2015).
    ``init="first"`` starts at ``d^0 = grad g(w^0)`` and
    ``h^0 = (grad g(w^0))^2`` with no correction (Watt et al.), so its first step is
    ``alpha sign(grad)`` at eps = 0. eps sits outside the square root.
    Customary values: alpha = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8.

    Parameters
    ----------
    g, w0, alpha, max_its, grad, record_state, noise, seed, batch_size
        As in :func:`gradient_descent`.
    beta1, beta2 : float or array
        Averaging parameters in [0, 1].
    eps : float, default 1e-8
        Added to ``sqrt(h)``, >= 0.
    init : {"zero", "first"}
        Where both averages start.
    bias_correction : bool, optional
        Divide by ``1 - beta^k``. Defaults to True for ``init="zero"`` and False
        for ``init="first"``; True with ``init="first"`` is refused, because
        that start has no bias to correct.
    """
    init = check_choice("init", init, ("zero", "first"))
    if bias_correction is None:
        bias_correction = init == "zero"
    if bias_correction and init == "first":
        raise ValueError(
            "bias_correction must be False with init='first' (an average started "
            "at the first gradient has no bias toward zero); got True"
        )
    params = {
        "alpha": check_positive("alpha", alpha, schedule=True),
        "beta1": check_unit_interval("beta1", beta1),
        "beta2": check_unit_interval("beta2", beta2),
        "eps": check_nonnegative("eps", eps),
        "init": init,
        "bias_correction": bool(bias_correction),
    }
    return run(
        RULES["adam"],
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )


def newton(
    g: Cost,
    w0,
    *,
    max_its: int = 20,
    alpha: Step = 1.0,
    grad: Callable | None = None,
    record_state: bool = False,
    noise: Average = 0.0,
    seed: Seed = None,
    batch_size: int | None = None,
) -> History:
    r"""Newton's method: the step that would be exact on a quadratic.

    .. math:: w^k = w^{k-1} - \alpha\, H(w^{k-1})^{-1} \nabla g(w^{k-1})

    The Hessian H is the stored matrix of a quadratic, otherwise autograd's.
    Where H is singular the least-squares solution is used. Newton's method
    seeks any stationary point: on a saddle it can walk uphill.

    ``noise`` and ``batch_size`` act on the gradient only: the Hessian stays
    the exact one of the full cost.

    Parameters
    ----------
    g, w0, grad, record_state, noise, seed, batch_size
        As in :func:`gradient_descent`.
    max_its : int, default 20
        Number of steps.
    alpha : float, array or callable, default 1.0
        Damping of the step, > 0 (1 is the pure Newton step).
    """
    params = {"alpha": check_positive("alpha", alpha, schedule=True)}
    return run(
        RULES["newton"],
        g,
        w0,
        max_its=max_its,
        params=params,
        grad=grad,
        record_state=record_state,
        noise=noise,
        seed=seed,
        batch_size=batch_size,
    )


def _renamed(history: History, method: str, **extra) -> History:
    """The same history under the public method name, with extra settings."""
    from dataclasses import replace

    return replace(history, method=method, params={**history.params, **extra})


@dataclass(frozen=True)
class MethodInfo:
    """What the plots and explorers need to know about a method."""

    name: str
    display_name: str
    run: Callable[..., History]
    hyperparameters: tuple[str, ...]
    latex: str


METHODS: dict[str, MethodInfo] = {
    info.name: info
    for info in (
        MethodInfo(
            "gradient_descent",
            "gradient descent",
            gradient_descent,
            ("alpha",),
            r"w^k = w^{k-1} - \alpha \nabla g(w^{k-1})",
        ),
        MethodInfo(
            "momentum",
            "momentum",
            momentum,
            ("alpha", "beta"),
            r"d^{k-1} = \beta d^{k-2} + (1-\beta)\nabla g(w^{k-1}),\quad "
            r"w^k = w^{k-1} - \alpha d^{k-1}",
        ),
        MethodInfo(
            "heavy_ball",
            "heavy ball",
            heavy_ball,
            ("alpha", "beta"),
            r"v^k = \beta v^{k-1} + \nabla g(w^{k-1}),\quad "
            r"w^k = w^{k-1} - \alpha v^k",
        ),
        MethodInfo(
            "nesterov",
            "Nesterov",
            nesterov,
            ("alpha", "beta"),
            r"v^k = \beta v^{k-1} + \alpha \nabla g(w^{k-1} - \beta v^{k-1}),"
            r"\quad w^k = w^{k-1} - v^k",
        ),
        MethodInfo(
            "normalized_gd",
            "normalized gradient descent",
            normalized_gd,
            ("alpha", "eps"),
            r"w^k = w^{k-1} - \alpha \frac{\nabla g(w^{k-1})}"
            r"{\|\nabla g(w^{k-1})\|_2 + \epsilon}",
        ),
        MethodInfo(
            "sign_gd",
            "component-normalized (sign) descent",
            lambda g, w0, **kw: normalized_gd(g, w0, norm="component", **kw),
            ("alpha", "eps"),
            r"w_j^k = w_j^{k-1} - \alpha \frac{\partial_j g(w^{k-1})}"
            r"{|\partial_j g(w^{k-1})| + \epsilon}",
        ),
        MethodInfo(
            "normalized_momentum",
            "normalized momentum",
            normalized_momentum,
            ("alpha", "beta", "eps"),
            r"d^{k-1} = \beta d^{k-2} + (1-\beta)\nabla g(w^{k-1}),\quad "
            r"w_j^k = w_j^{k-1} - \alpha \frac{d_j^{k-1}}{|d_j^{k-1}| + \epsilon}",
        ),
        MethodInfo(
            "adagrad",
            "Adagrad",
            adagrad,
            ("alpha", "eps"),
            r"h_j^k = h_j^{k-1} + (\partial_j g)^2,\quad "
            r"w_j^k = w_j^{k-1} - \frac{\alpha}{\sqrt{h_j^k + \epsilon}}"
            r"\partial_j g",
        ),
        MethodInfo(
            "rmsprop",
            "RMSprop",
            rmsprop,
            ("alpha", "gamma", "eps"),
            r"h_j^k = \gamma h_j^{k-1} + (1-\gamma)(\partial_j g)^2,\quad "
            r"w_j^k = w_j^{k-1} - \frac{\alpha}{\sqrt{h_j^k + \epsilon}}"
            r"\partial_j g",
        ),
        MethodInfo(
            "adadelta",
            "Adadelta",
            adadelta,
            ("gamma", "eps"),
            r"\Delta w^k = -\frac{\sqrt{E[\Delta w^2]^{k-1} + \epsilon}}"
            r"{\sqrt{E[g^2]^k + \epsilon}} \nabla g,\quad "
            r"w^k = w^{k-1} + \Delta w^k",
        ),
        MethodInfo(
            "adam",
            "Adam",
            adam,
            ("alpha", "beta1", "beta2", "eps"),
            r"w_j^k = w_j^{k-1} - \alpha \frac{\hat d_j^k}"
            r"{\sqrt{\hat h_j^k} + \epsilon}",
        ),
        MethodInfo(
            "newton",
            "Newton's method",
            newton,
            (),
            r"w^k = w^{k-1} - H(w^{k-1})^{-1}\nabla g(w^{k-1})",
        ),
    )
}
