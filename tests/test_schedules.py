"""Learning-rate schedules: values against their formulas, printing, checks, use."""

import numpy as np
import pytest

import optlab
from optlab.schedules import (
    Constant,
    Cosine,
    ExponentialDecay,
    InverseSqrt,
    InverseTime,
    StepDecay,
    Warmup,
)

K = np.arange(1, 201)

# each schedule with its formula written out independently, step by step
CASES = [
    (Constant(0.3), lambda k: 0.3),
    (InverseTime(0.5), lambda k: 0.5 / k),
    (InverseTime(0.5, tau=10), lambda k: 0.5 * 10 / (10 + k - 1)),
    (InverseSqrt(2.0), lambda k: 2.0 / np.sqrt(k)),
    (InverseSqrt(2.0, tau=4), lambda k: 2.0 / np.sqrt((4 + k - 1) / 4)),
    (StepDecay(0.1, factor=0.5, every=10), lambda k: 0.1 * 0.5 ** ((k - 1) // 10)),
    (ExponentialDecay(0.1, rate=0.97), lambda k: 0.1 * 0.97 ** (k - 1)),
    (
        Cosine(0.2, steps=50, alpha_min=0.02),
        lambda k: 0.02 + 0.09 * (1 + np.cos(np.pi * min(k - 1, 50) / 50)),
    ),
    (
        Warmup(InverseSqrt(0.4), steps=8),
        lambda k: 0.4 * k / 8 if k <= 8 else 0.4 / np.sqrt(k - 8),
    ),
]
IDS = [repr(schedule) for schedule, _ in CASES]


@pytest.mark.parametrize(("schedule", "formula"), CASES, ids=IDS)
def test_schedule_values_match_their_formula(schedule, formula):
    expected = np.array([formula(int(k)) for k in K], dtype=float)
    np.testing.assert_allclose(schedule(K), expected, rtol=1e-13)
    assert schedule(3) == pytest.approx(expected[2], rel=1e-13)
    assert isinstance(schedule(3), float)


@pytest.mark.parametrize(("schedule", "formula"), CASES, ids=IDS)
def test_the_printed_formula_computes_the_same_values(schedule, formula):
    text = str(schedule)
    assert text.startswith("alpha_k = ")
    names = {
        "sqrt": np.sqrt,
        "cos": np.cos,
        "pi": np.pi,
        "floor": np.floor,
        "min": np.minimum,
    }

    def evaluate(expression, k):
        return eval(expression.replace("^", "**"), {**names, "k": k})

    right = text.removeprefix("alpha_k = ")
    if isinstance(schedule, Warmup):  # "ramp for k <= W, then rest"
        ramp, rest = right.split(f" for k <= {schedule.steps}, then ")
        low, high = K[K <= schedule.steps], K[K > schedule.steps]
        printed = np.concatenate([evaluate(ramp, low), evaluate(rest, high)])
    else:
        printed = np.broadcast_to(evaluate(right, K.astype(float)), K.shape)
    np.testing.assert_allclose(printed, schedule(K), rtol=1e-5)


@pytest.mark.parametrize(("schedule", "formula"), CASES, ids=IDS)
def test_repr_and_latex_show_the_settings(schedule, formula):
    assert repr(schedule).startswith(type(schedule).__name__ + "(")
    assert eval(repr(schedule), vars(optlab.schedules))(K) == pytest.approx(schedule(K))
    latex = schedule.latex
    assert latex.startswith(r"\alpha_k = ")
    assert latex.count("{") == latex.count("}")
    assert schedule._repr_latex_() == f"${latex}$"


def test_named_values():
    assert InverseTime(1.0)(4) == 0.25
    assert InverseSqrt(1.0)(4) == 0.5
    assert StepDecay(0.1, factor=0.5, every=10)(10) == 0.1
    assert StepDecay(0.1, factor=0.5, every=10)(11) == 0.05
    assert Cosine(1.0, steps=10)(1) == 1.0
    assert Cosine(1.0, steps=10)(6) == pytest.approx(0.5)
    assert Cosine(1.0, steps=10)(11) == pytest.approx(0.0, abs=1e-15)
    assert Cosine(1.0, steps=10)(50) == pytest.approx(0.0, abs=1e-15)
    np.testing.assert_allclose(
        Warmup(1.0, steps=4)(np.arange(1, 7)), [0.25, 0.5, 0.75, 1, 1, 1]
    )
    np.testing.assert_allclose(Warmup(InverseTime(1.0), steps=2)([3, 4]), [1.0, 0.5])


def test_robbins_monro_conditions_in_numbers():
    # partial sums up to k = 10^6: 1/k's sum grows like log k, its squares
    # converge to pi^2 / 6; 1/sqrt(k)'s squares grow like log k too
    k = np.arange(1, 10**6 + 1)
    assert InverseTime(1.0)(k).sum() > 13
    assert (InverseTime(1.0)(k) ** 2).sum() == pytest.approx(np.pi**2 / 6, rel=1e-5)
    assert (InverseSqrt(1.0)(k) ** 2).sum() > 13


def test_a_schedule_drives_any_optimizer():
    # w^k = w^{k-1} - alpha_k 2 C w^{k-1} on the skewed quadratic, by hand
    schedule = Warmup(InverseTime(0.09, tau=5), steps=3)
    run = optlab.gradient_descent(
        "skewed_quadratic", [10.0, 1.0], alpha=schedule, max_its=12
    )
    c = np.array([0.5, 9.75])
    w = np.array([10.0, 1.0])
    for k in range(1, 13):
        w = w - schedule(k) * 2 * c * w
        np.testing.assert_allclose(run.w[k], w, rtol=1e-13)
    assert run.params["alpha"] is schedule
    for info in optlab.METHODS.values():
        if "alpha" in info.hyperparameters:
            info.run("rosenbrock", [-1.0, 1.0], alpha=Cosine(0.001, steps=5), max_its=5)


@pytest.mark.parametrize(
    ("make", "error", "name"),
    [
        (lambda: Constant(0), ValueError, "alpha"),
        (lambda: InverseTime(-1.0), ValueError, "alpha"),
        (lambda: InverseTime(0.1, tau=0), ValueError, "tau"),
        (lambda: InverseSqrt(np.array([0.1, 0.2])), TypeError, "alpha"),
        (lambda: InverseSqrt(0.1, tau=np.inf), ValueError, "tau"),
        (lambda: StepDecay(0.1, factor=1.5), ValueError, "factor"),
        (lambda: StepDecay(0.1, factor=0.0), ValueError, "factor"),
        (lambda: StepDecay(0.1, every=0), ValueError, "every"),
        (lambda: StepDecay(0.1, every=2.5), TypeError, "every"),
        (lambda: ExponentialDecay(0.1, rate=0), ValueError, "rate"),
        (lambda: ExponentialDecay(True), TypeError, "alpha"),
        (lambda: Cosine(0.1, steps=0), ValueError, "steps"),
        (lambda: Cosine(0.1, alpha_min=0.2), ValueError, "alpha_min"),
        (lambda: Cosine(0.1, alpha_min=-0.1), ValueError, "alpha_min"),
        (lambda: Warmup("fast"), TypeError, "then"),
        (lambda: Warmup(Warmup(0.1)), TypeError, "then"),
        (lambda: Warmup(0.1, steps=-2), ValueError, "steps"),
        (lambda: Warmup(-0.1), ValueError, "alpha"),
    ],
)
def test_bad_parameters_are_refused_by_name(make, error, name):
    with pytest.raises(error, match=name):
        make()


def test_steps_count_from_one():
    with pytest.raises(ValueError, match="k = 1"):
        InverseTime(0.1)(0)


def test_schedules_are_exported():
    for name in optlab.schedules.__all__:
        assert getattr(optlab, name) is getattr(optlab.schedules, name)
