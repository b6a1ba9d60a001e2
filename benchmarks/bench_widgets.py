"""Time the explorers: a slider move as the kernel handles it, and a convergence map.

    .venv/bin/python benchmarks/bench_widgets.py

1. The explorers of lessons 03 (momentum on the skewed quadratic) and 06
   (Adam on the ravine quadratic), drawn by ipympl's own canvas (no browser
   needed): a slider is dragged one slider step at a time and each move is
   timed from setting the value to the PNG patch sent to the browser (rerun,
   artists moved, background restored, moving artists drawn, the box of
   changed pixels found and encoded).
   When a move changes the axes, the frame is a full draw, made and sent in
   the same move; the count of those is printed. Each drag is repeated
   three times and the least disturbed median printed with the others (on
   a shared machine the others are the noise). Target: median <= 8 ms.
2. The same moves with a full redraw each time (what the explorers did before
   they kept a background), for comparison.
3. A 101 x 101 (alpha, beta) momentum map of 100 steps: the batched grid
   alone, and the whole map widget (grid + drawing). Target: <= 0.5 s.
"""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from optlab.landscape import hyperparameter_grid  # noqa: E402
from optlab.widgets import convergence_map, explore  # noqa: E402


def lesson_03():
    return explore("skewed_quadratic", "momentum", alpha=0.1, beta=0.7, max_its=25)


def lesson_06():
    return explore(
        "ravine_quadratic",
        "adam",
        alpha=0.1,
        beta1=0.9,
        beta2=0.999,
        eps=1e-8,
        max_its=100,
    )


ALPHAS = 10.0 ** np.arange(-1.5, -0.7, 0.01)  # one slider step apart
BETAS = np.arange(0.5, 0.95, 0.01)
LESSONS = {
    "lesson 03 (momentum), drag alpha": (lesson_03, "alpha", ALPHAS),
    "lesson 03 (momentum), drag beta": (lesson_03, "beta", BETAS),
    "lesson 06 (Adam), drag alpha": (lesson_06, "alpha", ALPHAS),
    "lesson 06 (Adam), drag beta1": (lesson_06, "beta1", BETAS),
}


def connected(ex):
    """The explorer's canvas as with a browser attached: diffs sent as
    patches (the browser's sensor asks for them), no data URL."""
    canvas = ex.figure.canvas
    canvas.syncing_data_url = False
    ex.sensor.patched += 1
    canvas.draw()
    canvas.get_diff_image()
    return ex


def time_moves(ex, name: str, values, full: bool) -> tuple[list[float], int]:
    canvas = ex.figure.canvas
    kinds = []
    draw_frame = ex.draw_frame

    def counted() -> str:
        kinds.append(draw_frame())
        return kinds[-1]

    ex.draw_frame = counted
    times = []
    for value in values:
        start = time.perf_counter()
        if full:
            ex.background_changed()
        ex.controls[name].value = float(value)  # the frame is drawn and sent
        if ex.needs_full_draw():  # left to the browser (only after a resize)
            canvas.draw()
            kinds.append("full")
        canvas.get_diff_image()  # what ipympl sends, if not sent already
        times.append(time.perf_counter() - start)
    return times, kinds.count("full")


def slider_moves(repeats: int = 3) -> None:
    """Each drag ``repeats`` times on a fresh explorer; the least disturbed
    median is printed (the machine may be shared), with the others."""
    for label, (make, name, values) in LESSONS.items():
        medians, redrawn = [], []
        for _ in range(repeats):
            ex = connected(make())
            blit, fulls = time_moves(ex, name, values, full=False)
            plt.close(ex.figure)
            ex = connected(make())
            redraw, _ = time_moves(ex, name, values, full=True)
            plt.close(ex.figure)
            medians.append(1e3 * statistics.median(blit))
            redrawn.append(1e3 * statistics.median(redraw))
        print(
            f"{label}: median {min(medians):.1f} ms per move "
            f"(of {', '.join(f'{m:.1f}' for m in medians)}; {len(values)} moves, "
            f"{fulls} full frames; target <= 8 ms); always redrawn: "
            f"{min(redrawn):.1f} ms"
        )


def median_time(action, repeats: int) -> float:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    slider_moves()
    map_timing()
