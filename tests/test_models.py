"""Logistic regression as a test function: loss, gradient, Hessian, minimizer."""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad
from autograd import hessian as autograd_hessian

import optlab
from optlab import (
    adam,
    gradient_descent,
    hessian,
    logistic_regression,
    momentum,
    newton,
)
from optlab.data import load_penguins
from optlab.functions import rotated_quadratic
from optlab.models import sigmoid

RNG = np.random.default_rng(12)


def random_problem(n=60, d=2, seed=0):
    """Overlapping classes (no separating line, so a minimizer exists)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)) * np.array([1.0, 3.0])[:d]
    y = (rng.uniform(size=n) < sigmoid(0.7 * x[:, 0] - 0.2)).astype(float)
    return x, y


def direct_loss(w, x, y):
    """-y log p - (1 - y) log(1 - p) averaged, written the textbook way."""
    p = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
    return np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p))


def test_loss_equals_the_textbook_cross_entropy_on_random_data():
    x, y = random_problem()
    f = logistic_regression(x, y)
    for w in RNG.normal(size=(5, 3)):
        assert f(w) == pytest.approx(direct_loss(w, x, y), rel=1e-12)


def test_zero_weights_cost_log_2():
    x, y = random_problem()
    assert logistic_regression(x, y)(np.zeros(3)) == pytest.approx(np.log(2))


def test_gradient_and_hessian_equal_autograd_and_a_direct_formula():
    x, y = random_problem()
    f = logistic_regression(x, y)
    design = np.column_stack([np.ones(len(x)), x])

    def loss(w):
        s = anp.dot(design, w)
        return anp.mean(anp.log(1 + anp.exp(s)) - y * s)

    for w in RNG.normal(size=(5, 3)):
        np.testing.assert_allclose(f.grad(w), elementwise_grad(loss)(w), atol=1e-12)
        np.testing.assert_allclose(hessian(f, w), autograd_hessian(loss)(w), atol=1e-12)
        p = 1 / (1 + np.exp(-design @ w))
        np.testing.assert_allclose(f.grad(w), design.T @ (p - y) / len(y), atol=1e-12)


def test_batches_and_grids_are_components_first():
    x, y = random_problem()
    f = logistic_regression(x, y)
    w = RNG.normal(size=(3, 4, 5))
    values = f(w)
    grads = f.grad(w)
    hess = hessian(f, w)
    assert values.shape == (4, 5) and grads.shape == w.shape
    assert hess.shape == (3, 3, 4, 5)
    assert values[2, 3] == pytest.approx(f(w[:, 2, 3]))
    np.testing.assert_allclose(grads[:, 2, 3], f.grad(w[:, 2, 3]))
    np.testing.assert_allclose(hess[:, :, 2, 3], hessian(f, w[:, 2, 3]))


def test_minibatch_gradient_of_all_rows_is_the_full_gradient():
    x, y = random_problem()
    f = logistic_regression(x, y)
    assert f.n_samples == len(y)
    w = RNG.normal(size=3)
    np.testing.assert_allclose(
        f.minibatch_gradient(w, np.arange(len(y))), f.grad(w), atol=1e-14
    )


def test_minibatch_gradient_of_given_rows_per_run():
    x, y = random_problem()
    f = logistic_regression(x, y)
    w = RNG.normal(size=(3, 2))  # two runs
    rows = np.array([[0, 5], [3, 7], [9, 9]])  # three rows for each run
    got = f.minibatch_gradient(w, rows)
    assert got.shape == (3, 2)
    for run in range(2):
        sub = logistic_regression(x[rows[:, run]], y[rows[:, run]])
        np.testing.assert_allclose(got[:, run], sub.grad(w[:, run]), atol=1e-14)


def test_minibatch_gradient_refuses_bad_rows():
    x, y = random_problem()
    f = logistic_regression(x, y)
    with pytest.raises(ValueError, match="rows"):
        f.minibatch_gradient(np.zeros(3), np.array([0, len(y)]))
    with pytest.raises(TypeError, match="rows"):
        f.minibatch_gradient(np.zeros(3), np.array([0.5]))


def test_minimizer_agrees_with_scikit_learn_unpenalized():
    sklearn = pytest.importorskip("sklearn.linear_model")
    x, y = random_problem(n=200, seed=3)
    f = logistic_regression(x, y)
    fitted = sklearn.LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000)
    fitted.fit(x, y)
    reference = np.concatenate([fitted.intercept_, fitted.coef_[0]])
    run = newton(f, f.start, max_its=10)
    np.testing.assert_allclose(run.w[-1], reference, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(f.minimizers[0], run.w[-1], atol=1e-10)
    assert np.max(np.abs(f.grad(run.w[-1]))) < 1e-10


def test_penguin_minimizer_agrees_with_scikit_learn():
    sklearn = pytest.importorskip("sklearn.linear_model")
    data = load_penguins()
    z = (data.body_mass_g - data.body_mass_g.mean()) / data.body_mass_g.std()
    y = data.species == "Gentoo"
    f = logistic_regression(z, y)
    fitted = sklearn.LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000)
    fitted.fit(z[:, None], y)
    reference = np.array([fitted.intercept_[0], fitted.coef_[0, 0]])
    np.testing.assert_allclose(f.minimizers[0], reference, rtol=1e-5)


def test_without_intercept_the_weights_multiply_the_features_only():
    x, y = random_problem()
    f = logistic_regression(x, y, intercept=False)
    assert f.n_inputs == 2
    w = np.array([0.3, -0.1])
    p = sigmoid(x @ w)
    assert f(w) == pytest.approx(np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p)))


def test_separable_data_have_no_minimizer():
    x = np.array([-2.0, -1.0, 1.0, 2.0])
    f = logistic_regression(x, [0, 0, 1, 1])
    assert f.minimizers == ()
    assert f.minimum == 0.0
    assert np.isfinite(np.array(f.window)).all()


def test_every_optimizer_accepts_the_model():
    data = load_penguins()
    z = (data.body_mass_g - data.body_mass_g.mean()) / data.body_mass_g.std()
    f = logistic_regression(z, data.species == "Gentoo")
    gd = gradient_descent(f, f.start, alpha=3.0, max_its=200)
    mom = momentum(f, f.start, alpha=3.0, beta=0.7, max_its=200)
    ad = adam(f, f.start, alpha=0.3, max_its=200)
    for run in (gd, mom, ad):
        assert run.cost[-1] - f.minimum < 1e-3 * (np.log(2) - f.minimum)
    batch = gradient_descent(f, np.zeros((2, 3)), alpha=np.array([0.1, 1.0, 3.0]))
    assert batch.cost.shape == (101, 3)


def test_window_holds_the_start_and_the_minimizer():
    x, y = random_problem(d=1)
    f = logistic_regression(x[:, 0], y)
    (a0, a1), (b0, b1) = f.window
    for w in (f.start, f.minimizers[0]):
        assert a0 < w[0] < a1 and b0 < w[1] < b1


@pytest.mark.parametrize(
    "features, labels, error, word",
    [
        ([1.0], [1], ValueError, "features"),
        ([[1.0, 2.0], [3.0, np.nan]], [0, 1], ValueError, "features"),
        ([1.0, 2.0, 3.0], [0, 1], ValueError, "labels"),
        ([1.0, 2.0], [0, 2], ValueError, "labels"),
        ("ab", [0, 1], TypeError, "features"),
    ],
)
def test_bad_data_is_refused_by_name(features, labels, error, word):
    with pytest.raises(error, match=word):
        logistic_regression(features, labels)


def test_gap_curves_and_data_fit_draw_what_they_are_given():
    import matplotlib.pyplot as plt

    from optlab import plot

    x, y = random_problem(d=1)
    f = logistic_regression(x[:, 0], y)
    run = newton(f, f.start, max_its=5)
    fig, (left, right) = plt.subplots(1, 2)
    gaps = plot.gap_curves(run, f.minimum, left)
    drawn = gaps.lines[0].get_ydata()
    np.testing.assert_allclose(drawn, np.maximum(run.cost - f.minimum, 1e-16))
    assert left.get_yscale() == "log"
    w1, w2 = f.minimizers[0]
    fit = plot.data_fit(x[:, 0], y, {"Newton": -w1 / w2}, right)
    assert fit.boundaries[0].get_xdata()[0] == pytest.approx(-w1 / w2)
    assert sum(len(p.get_xdata()) for p in fit.points) == len(y)
    plt.close(fig)


def test_batch_size_draws_minibatches_of_the_model():
    x, y = random_problem()
    f = logistic_regression(x, y)
    full = gradient_descent(f, f.start, alpha=0.5, max_its=30)
    every_row = gradient_descent(
        f, f.start, alpha=0.5, max_its=30, batch_size=f.n_samples, seed=0
    )
    np.testing.assert_allclose(every_row.w, full.w, atol=1e-12)
    runs = gradient_descent(
        f, np.zeros((3, 2)), alpha=0.5, max_its=30, batch_size=5, seed=0
    )
    assert not np.allclose(runs.w[:, :, 0], runs.w[:, :, 1])  # own rows per run
    again = gradient_descent(
        f, np.zeros((3, 2)), alpha=0.5, max_its=30, batch_size=5, seed=0
    )
    np.testing.assert_array_equal(runs.w, again.w)


def test_lesson_figures_have_a_clean_layout():
    import matplotlib.pyplot as plt
    from layout_check import layout_problems

    from optlab import plot, widgets

    data = load_penguins()
    f = logistic_regression(data.body_mass_g, data.species == "Gentoo")
    fig, ax = plt.subplots(figsize=(10, 3.6), layout="constrained")
    w1, w2 = f.minimizers[0]
    plot.data_fit(
        data.body_mass_g,
        f.labels,
        {"Newton": -w1 / w2, "gradient descent": -w1 / w2},
        ax,
        methods=["newton", "gradient_descent"],
        class_names=("other", "Gentoo"),
        xlabel="body mass (g)",
    )
    figures = [fig]
    fig, ax = plt.subplots(figsize=(8, 5.6), layout="constrained")
    plot.regime_map("skewed_quadratic", ax)
    figures.append(fig)
    turned = rotated_quadratic(19.5, 0.5)
    figures.append(widgets.eigen_explorer(turned).figure)
    figures.append(widgets.damping_explorer(0.1).figure)
    figures.append(widgets.rotation_explorer(50, angles=[0, 45], max_its=20).figure)
    for figure in figures:
        assert layout_problems(figure) == []
    plt.close("all")


@pytest.mark.parametrize("lecture", [True, False])
def test_theory_explorers_have_a_clean_layout_on_a_720p_screen(lecture):
    import matplotlib.pyplot as plt
    from layout_check import layout_problems

    from optlab import widgets
    from optlab.widgets._base import LECTURE_HEIGHT_SHARE, Explorer
    from optlab.widgets._fit import fit_figure

    share = LECTURE_HEIGHT_SHARE if lecture else Explorer.height_share
    optlab.lecture_mode(lecture)
    try:
        explorers = [
            widgets.eigen_explorer(rotated_quadratic(19.5, 0.5)),
            widgets.damping_explorer(0.1),
            widgets.rotation_explorer(50, angles=[0, 45], max_its=20),
        ]
        for ex in explorers:
            assert layout_problems(ex.figure) == []
            # as a 1280 x 720 screen shows it: the figure shrinks to leave
            # room for the sliders, the text keeps its size
            fit_figure(ex.figure, 1250, ex.aspect, share * 720)
            assert layout_problems(ex.figure) == [], type(ex).__name__
    finally:
        optlab.lecture_mode(False)
        plt.close("all")
