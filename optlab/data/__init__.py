"""Small real data sets shipped with optlab (sources and licences in README.md)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import numpy as np

__all__ = ["Penguins", "Series", "load_penguins", "load_sunspots"]


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


@dataclass(frozen=True)
class Penguins:
    """Measurements of penguins, one entry per bird, with where they come from."""

    species: np.ndarray
    bill_length_mm: np.ndarray
    flipper_length_mm: np.ndarray
    body_mass_g: np.ndarray
    source: str

    def __len__(self) -> int:
        return len(self.species)


def load_penguins() -> Penguins:
    """The Palmer penguins: 342 Adelie, Chinstrap and Gentoo penguins (CC0).

    Gorman, Williams and Fraser (2014), Palmer Station LTER, as packaged in
    the ``palmerpenguins`` Python package; the two birds without measurements
    are left out. See ``optlab/data/README.md``.

    Returns
    -------
    Penguins
        ``species`` (strings ``"Adelie"``, ``"Chinstrap"``, ``"Gentoo"``),
        ``bill_length_mm``, ``flipper_length_mm``, ``body_mass_g`` (floats).
    """
    path = resources.files("optlab.data").joinpath("penguins.csv")
    with path.open() as handle:
        header = handle.readline().strip().split(",")
        rows = [line.strip().split(",") for line in handle if line.strip()]
    columns = dict(zip(header, zip(*rows, strict=True), strict=True))
    return Penguins(
        species=np.array(columns["species"]),
        bill_length_mm=np.array(columns["bill_length_mm"], dtype=float),
        flipper_length_mm=np.array(columns["flipper_length_mm"], dtype=float),
        body_mass_g=np.array(columns["body_mass_g"], dtype=float),
        source="Gorman, Williams and Fraser (2014), Palmer Station LTER; CC0",
    )
