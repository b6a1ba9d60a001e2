"""Cumulative and exponential averages of lesson 2."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optlab import (
    cumulative_average,
    exponential_average,
    exponential_weights,
    zero_started_average,
)
from optlab.data import load_sunspots

series = st.lists(st.floats(-100, 100), min_size=1, max_size=40).map(np.array)


def test_cumulative_average_is_the_mean_of_the_first_k_points():
    x = np.array([4.0, 2.0, 6.0, 0.0])
    np.testing.assert_allclose(cumulative_average(x), [4.0, 3.0, 4.0, 3.0])


def test_exponential_average_first_values_by_hand():
    x = np.array([1.0, 3.0, -2.0])
    b = 0.6
    h1 = 1.0
    h2 = b * h1 + (1 - b) * 3.0
    h3 = b * h2 + (1 - b) * -2.0
    np.testing.assert_allclose(exponential_average(x, b), [h1, h2, h3])


def test_exponential_average_does_not_lag_a_sample():
    """The source's code mixes in x[p] instead of x[p+1]; here h^2 uses w^2."""
    x = np.array([0.0, 10.0])
    assert exponential_average(x, 0.5)[1] == pytest.approx(5.0)


@settings(max_examples=50, deadline=None)
@given(x=series, beta=st.floats(0, 1))
def test_unrolled_weights_reproduce_the_average(x, beta):
    h = exponential_average(x, beta)
    k = len(x)
    weights = exponential_weights(k, beta)
    assert weights.sum() == pytest.approx(1.0)
    assert h[-1] == pytest.approx(weights @ x, abs=1e-9)


def test_extreme_betas():
    x = np.array([2.0, 5.0, 7.0])
    np.testing.assert_allclose(exponential_average(x, 0.0), x)
    np.testing.assert_allclose(exponential_average(x, 1.0), [2.0, 2.0, 2.0])


def test_vectors_are_averaged_component_by_component():
    x = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 50.0]])
    h = exponential_average(x, 0.5)
    np.testing.assert_allclose(h[:, 0], exponential_average(x[:, 0], 0.5))
    np.testing.assert_allclose(h[:, 1], 10 * h[:, 0])
    np.testing.assert_allclose(cumulative_average(x)[-1], [3.0, 30.0])


def test_zero_started_average_is_biased_and_the_correction_removes_it():
    x = np.full(5, 4.0)
    b = 0.9
    biased = zero_started_average(x, b, bias_correction=False)
    np.testing.assert_allclose(biased, 4.0 * (1 - b ** np.arange(1, 6)))
    np.testing.assert_allclose(zero_started_average(x, b), 4.0)
    assert np.all(zero_started_average(x, 1.0) == 0)  # 0 / 0 reported as 0


@pytest.mark.parametrize(
    "bad, error", [(1.2, ValueError), (-0.1, ValueError), ("a", TypeError)]
)
def test_bad_beta_is_refused(bad, error):
    with pytest.raises(error, match="beta must be"):
        exponential_average([1.0, 2.0], bad)


def test_empty_series_is_refused():
    with pytest.raises(ValueError, match="x must be a non-empty series"):
        cumulative_average([])


def test_shipped_series_is_real_and_long_enough():
    data = load_sunspots()
    assert data.values.shape == (3126,) and data.dates[0] == 1749.0
    assert np.all(data.values >= 0)
    first = load_sunspots(0, 528)
    assert len(first.values) == 528 and first.values[0] == 58.0
    # it zig-zags: the sign of the month-to-month change flips often
    changes = np.sign(np.diff(first.values))
    assert np.mean(changes[1:] != changes[:-1]) > 0.4
