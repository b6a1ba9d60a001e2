"""Time the explorers: a slider move against a rebuild, and a convergence map.

    MPLBACKEND=Agg .venv/bin/python benchmarks/bench_widgets.py

1. ``explore("skewed_quadratic", "momentum", max_its=100)``: set a control
   from Python (the run is recomputed and the artists moved), then
   ``fig.canvas.draw()``. Target: median <= 30 ms and >= 3x faster than
   building the explorer anew and drawing it, measured here in the same run.
2. A 100 x 100 (alpha, beta) momentum map of 100 steps: the batched grid
   alone, and the whole map widget (grid + drawing). Target: <= 0.5 s.
"""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from optlab.landscape import hyperparameter_grid  # noqa: E402
from optlab.widgets import convergence_map, explore  # noqa: E402


def median_time(action, repeats: int) -> float:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def slider_move() -> None:
    ex = explore("skewed_quadratic", "momentum", max_its=100)
    ex.figure.canvas.draw()
    betas = (0.5, 0.6, 0.7, 0.8, 0.9)

    def move(i: int) -> None:
        ex.controls["beta"].value = betas[i % len(betas)]
        ex.figure.canvas.draw()

    def rebuild(i: int) -> None:
        fresh = explore("skewed_quadratic", "momentum", max_its=100)
        fresh.figure.canvas.draw()
        plt.close(fresh.figure)

    moved = median_time(move, 60)
    built = median_time(rebuild, 12)
    print(
        f"slider move (rerun + redraw): median {1e3 * moved:.1f} ms (target <= 30 ms)"
    )
    print(f"explorer built anew + drawn:  median {1e3 * built:.1f} ms")
    print(f"ratio rebuild / move: {built / moved:.1f}x (target >= 3x)")


def map_timing() -> None:
    grid = median_time(
        lambda i: hyperparameter_grid("skewed_quadratic", "momentum", max_its=100), 7
    )
    print(
        f"convergence map 100 x 100 x 100 steps, batched grid: median {grid:.3f} s "
        "(target <= 0.5 s)"
    )

    def whole(i: int) -> None:
        m = convergence_map("skewed_quadratic", "momentum", max_its=100)
        m.figure.canvas.draw()

    print(
        f"convergence map widget (grid + map drawn + linked explorer): median "
        f"{median_time(whole, 5):.3f} s"
    )


if __name__ == "__main__":
    slider_move()
    map_timing()
