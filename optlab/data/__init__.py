"""Small real data sets shipped with optlab (sources and licences in README.md)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import numpy as np

__all__ = ["Series", "load_sunspots"]


@dataclass(frozen=True)
class Series:
    """A time series with the dates of its points and where it comes from."""

    values: np.ndarray
    dates: np.ndarray
    name: str
    units: str
    source: str


def load_sunspots(start: int = 0, stop: int | None = None) -> Series:
    """Monthly mean sunspot numbers from January 1749 (public domain, NOAA NGDC).

    Parameters
    ----------
    start, stop : int
        Slice of months to return (0 is January 1749); all 3126 by default.

    Returns
    -------
    Series
        ``values`` (sunspot numbers), ``dates`` (fractional years such as
        1749.0, 1749.083, ...), and a description of the source.
    """
    path = resources.files("optlab.data").joinpath("sunspots_monthly.csv")
    with path.open() as handle:
        table = np.loadtxt(handle, delimiter=",", skiprows=1)
    table = table[start:stop]
    return Series(
        values=table[:, 2],
        dates=table[:, 0] + (table[:, 1] - 1) / 12,
        name="monthly mean sunspot number",
        units="sunspots",
        source="NOAA National Geophysical Data Center; public domain",
    )
