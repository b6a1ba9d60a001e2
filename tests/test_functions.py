"""Test functions: values, hand-derived gradients against autograd, registry."""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad

from optlab import as_function, available_functions, get_function, hessian
from optlab.functions import rotated_quadratic

NAMES = available_functions()
RNG = np.random.default_rng(0)


def random_points(f, count=200):
    """Points spread over (and a little beyond) the function's window."""
    low = np.array([lo for lo, _ in f.window])
    high = np.array([hi for _, hi in f.window])
    span = high - low
    points = RNG.uniform(low - 0.2 * span, high + 0.2 * span, size=(count, len(low)))
    return points.T  # components first: (N, count)


def test_registry_lists_every_function_of_the_course():
    for name in [
        "skewed_quadratic",
        "ravine_quadratic",
        "quartic",
        "saddle",
        "tanh_plateau",
        "tanh_valley",
        "rosenbrock",
        "beale",
        "rotated_quadratic",
    ]:
        assert name in NAMES
        assert get_function(name).name == name


def test_unknown_name_is_refused_with_the_known_names():
    with pytest.raises(
        ValueError, match="function must be one of .*'quartic'.*got 'quadric'"
    ):
        get_function("quadric")


@pytest.mark.parametrize("name", NAMES)
def test_analytic_gradient_equals_autograd_on_a_batch(name):
    f = get_function(name)
    w = random_points(f)
    expected = elementwise_grad(f.value)(w)
    np.testing.assert_allclose(f.gradient(w), expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_of_one_point_equals_the_batch_column(name):
    f = get_function(name)
    w = random_points(f, count=5)
    batch = f.gradient(w)
    for j in range(w.shape[1]):
        np.testing.assert_allclose(f.gradient(w[:, j]), batch[:, j], rtol=1e-12)
        assert np.ndim(f.value(w[:, j])) == 0


@pytest.mark.parametrize("name", NAMES)
def test_grid_evaluation_is_components_first(name):
    f = get_function(name)
    axes = [np.linspace(lo, hi, 7) for lo, hi in f.window]
    grid = np.stack(np.meshgrid(*axes))
    values = f.value(grid)
    assert values.shape == grid.shape[1:]
    flat = grid.reshape(len(axes), -1)
    np.testing.assert_allclose(values.ravel(), [f.value(p) for p in flat.T])


@pytest.mark.parametrize("name", NAMES)
def test_metadata_is_complete(name):
    f = get_function(name)
    assert f.display_name and f.latex and f.note
    assert len(f.window) == f.n_inputs
    assert all(lo < hi for lo, hi in f.window)
    assert np.size(f.start) == f.n_inputs
    for w in f.minimizers:
        assert f(w) == pytest.approx(f.minimum, abs=1e-6)
        np.testing.assert_allclose(f.grad(w), 0, atol=1e-5)


@pytest.mark.parametrize("name", NAMES)
def test_no_point_of_the_window_is_below_the_minimum(name):
    f = get_function(name)
    assert np.all(f.value(random_points(f, 2000)) >= f.minimum - 1e-9)


def test_one_input_functions_work_entry_by_entry():
    quartic = get_function("quartic")
    assert quartic(-1.0) == pytest.approx(1.1)
    np.testing.assert_allclose(quartic(np.array([0.0, 2.0])), [0.1, 16.1])
    assert quartic.grad(-1.0) == pytest.approx(-4.0)


def test_formulas_of_the_sources():
    skewed = get_function("skewed_quadratic")
    assert skewed([10.0, 1.0]) == pytest.approx(0.5 * 100 + 9.75)
    ravine = get_function("ravine_quadratic")
    assert ravine([-5.0, -2.0]) == pytest.approx(0.1 * 25 + 2 * 4)
    saddle = get_function("saddle")
    assert saddle(0.7 / 3) == pytest.approx(1.0)
    plateau = get_function("tanh_plateau")
    assert plateau([0.0, 0.0]) == pytest.approx(2.0)
    valley = get_function("tanh_valley")
    assert valley([-1.0, 0.5]) == pytest.approx(1.4)


def test_plateau_gradient_is_tiny_at_the_lesson_start():
    """The reason normalized descent needs a small eps there."""
    norm = np.linalg.norm(get_function("tanh_plateau").grad([1.0, 2.0]))
    assert 1e-10 < norm < 1e-9


def test_rotated_quadratic_has_the_requested_condition_number_and_axes():
    f = rotated_quadratic(condition_number=25.0, angle=np.pi / 4)
    eigenvalues, vectors = np.linalg.eigh(f.hessian_matrix)
    assert eigenvalues[1] / eigenvalues[0] == pytest.approx(25.0)
    assert abs(vectors[0, 0]) == pytest.approx(np.sqrt(0.5))
    unrotated = rotated_quadratic(condition_number=19.5, angle=0.0)
    skewed = get_function("skewed_quadratic")
    w = random_points(skewed, 20)
    np.testing.assert_allclose(unrotated.value(w), skewed.value(w))


@pytest.mark.parametrize("bad", [{"condition_number": 0.5}, {"smallest_eigenvalue": 0}])
def test_rotated_quadratic_refuses_bad_settings(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        rotated_quadratic(**bad)


def test_plain_callable_gets_autograd_gradient_and_defaults():
    f = as_function(lambda w: anp.sum(w**2, axis=0) + w[0], start=[1.0, 2.0])
    np.testing.assert_allclose(f.grad([1.0, 2.0]), [3.0, 4.0])
    np.testing.assert_allclose(
        f.grad(np.ones((2, 3))), np.full((2, 3), 2.0) + [[1], [0]]
    )
    assert f.n_inputs == 2 and len(f.window) == 2


def test_hessian_of_quadratic_and_by_autograd_agree():
    skewed = get_function("skewed_quadratic")
    np.testing.assert_allclose(hessian(skewed, [1.0, 2.0]), np.diag([1.0, 19.5]))
    rosen = get_function("rosenbrock")
    w = np.array([[0.5, -1.0], [1.0, 2.0]])  # two points, components first
    h = hessian(rosen, w)
    assert h.shape == (2, 2, 2)
    x, y = w
    expected = np.array(
        [[2 - 400 * (y - 3 * x**2), -400 * x], [-400 * x, np.full_like(x, 200.0)]]
    )
    np.testing.assert_allclose(h, expected)
