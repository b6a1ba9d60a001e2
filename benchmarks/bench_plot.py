"""Time lesson 3's three-panel figure: built, drawn and saved as PNG.

    MPLBACKEND=Agg .venv/bin/python benchmarks/bench_plot.py

Skewed quadratic; gradient descent, momentum beta = 0.2 and 0.7; alpha = 0.1,
25 steps; 25 contour levels; the function's window. Target: under 0.15 s
(median of 20, after one warm-up figure that fills the grid cache and loads
the fonts, as the first figure of a notebook does).
"""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import optlab  # noqa: E402
from optlab.plot import png_bytes, stacked_paths  # noqa: E402


def lesson3_figure() -> bytes:
    f = "skewed_quadratic"
    runs = [
        optlab.gradient_descent(f, [10, 1], alpha=0.1, max_its=25),
        optlab.momentum(f, [10, 1], alpha=0.1, beta=0.2, max_its=25),
        optlab.momentum(f, [10, 1], alpha=0.1, beta=0.7, max_its=25),
    ]
    fig, _ = stacked_paths(f, runs, levels=25)
    data = png_bytes(fig)
    plt.close(fig)
    return data


def main(repeats: int = 20) -> None:
    lesson3_figure()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        lesson3_figure()
        times.append(time.perf_counter() - start)
    print(
        f"lesson 3 three-panel figure, runs + draw + PNG: median "
        f"{statistics.median(times):.3f} s, best {min(times):.3f} s "
        f"(target < 0.15 s; {repeats} repeats)"
    )


if __name__ == "__main__":
    main()
