"""Regenerate every static figure of the README and the lecture slides.

Usage, from anywhere::

    .venv/bin/python figures/make_figures.py            # writes figures/*.png and *.svg
    .venv/bin/python figures/make_figures.py --out DIR  # somewhere else

Each figure is drawn by :mod:`optlab.plot` (or an explorer's figure) with
the source material's settings, so slides and lessons show the same thing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.collections import QuadMesh  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from mpl_toolkits.mplot3d.art3d import Poly3DCollection  # noqa: E402

import optlab  # noqa: E402
from optlab import plot, widgets  # noqa: E402
from optlab.data import load_sunspots  # noqa: E402

HERE = Path(__file__).resolve().parent
#: Sharp full-screen on a 1080p projector.
DPI = 200
SKEWED_START = [10.0, 1.0]


def zigzag() -> Figure:
    """Lesson 1: gradient descent zig-zags across the skewed quadratic."""
    run = optlab.gradient_descent(
        "skewed_quadratic", SKEWED_START, alpha=0.1, max_its=25
    )
    fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
    plot.paths("skewed_quadratic", run, ax)
    ax.set_title("Gradient descent zig-zags across the skewed quadratic", loc="left")
    return fig


def momentum_arrows() -> Figure:
    """Lesson 3: the gradients zig-zag; their average, the step, does not."""
    run = optlab.momentum(
        "skewed_quadratic",
        SKEWED_START,
        alpha=0.1,
        beta=0.7,
        max_its=25,
        record_state=True,
    )
    fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
    plot.paths("skewed_quadratic", run, ax, legend=False)
    plot.state_arrows("skewed_quadratic", run, ax, with_path=False)
    ax.set_title("Momentum: gradients and their exponential average", loc="left")
    return fig


def momentum_comparison() -> Figure:
    """Lesson 3: gradient descent, momentum beta = 0.2 and 0.7 (000's figure)."""
    runs = [
        optlab.gradient_descent("skewed_quadratic", SKEWED_START, alpha=0.1, max_its=25)
    ]
    runs += [
        optlab.momentum("skewed_quadratic", SKEWED_START, alpha=0.1, beta=b, max_its=25)
        for b in (0.2, 0.7)
    ]
    titles = [f"{run.label}: cost {run.final_cost:.3g} after 25 steps" for run in runs]
    fig, _ = plot.stacked_paths("skewed_quadratic", runs, titles=titles)
    return fig


def exponential_average() -> Figure:
    """Lesson 2: a real zig-zagging series and its exponential average."""
    series = load_sunspots(0, 528)
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(10, 3.2), width_ratios=(3, 1.2), layout="constrained"
    )
    plot.average_plot(series, 0.9, left)
    plot.average_weights(20, 0.9, right)
    return fig


def normalized_valley() -> Figure:
    """Lesson 4: full against component-wise normalization on the tanh valley."""
    full = optlab.normalized_gd("tanh_valley", [2.0, 2.0], alpha=0.1, max_its=1000)
    sign = optlab.normalized_gd(
        "tanh_valley", [2.0, 2.0], alpha=0.1, max_its=50, norm="component"
    )
    fig, ax = plt.subplots(figsize=(6.5, 4), layout="constrained")
    plot.paths("tanh_valley", [full, sign], ax)
    return fig


def adaptive_step_lengths() -> Figure:
    """Lesson 5: RMSprop's step length per component on the ravine quadratic."""
    run = optlab.rmsprop(
        "ravine_quadratic",
        [-5.0, -2.0],
        alpha=0.1,
        gamma=0.9,
        max_its=60,
        record_state=True,
    )
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4), layout="constrained")
    plot.paths("ravine_quadratic", run, left)
    plot.step_lengths(run, right)  # titled by the plot itself, once
    return fig


def bias_correction() -> Figure:
    """Lesson 6: an average started at zero, with and without Adam's fix."""
    series = load_sunspots(0, 120)
    fig, ax = plt.subplots(figsize=(8, 3.2), layout="constrained")
    plot.average_plot(series, 0.95, ax, start="first")
    names = {"zero": "started at zero", "zero_corrected": "started at zero, corrected"}
    styles = (("#000000", "--"), ("#009E73", ":"))
    for (colour, dashes), (start, name) in zip(styles, names.items(), strict=True):
        ax.plot(
            series.dates,
            plot.average_series(series.values, 0.95, start=start),
            color=colour,
            linestyle=dashes,
            lw=2.2,
            label=name,
        )
    ax.get_legend().remove()
    plot.place_legend(ax, fontsize=9)
    ax.set_title("Exponential average, beta = 0.95: three starts", loc="left")
    return fig


def tuned(method: Callable, start, max_its: int, **fixed):
    """The run of ``method`` with the best of 60 step lengths, all in one batch."""
    alphas = np.logspace(-4, 0, 60)
    batch = method("rosenbrock", start, alpha=alphas, max_its=max_its, **fixed)
    best = int(np.argmin(np.where(batch.diverged, np.inf, batch.final_cost)))
    return method("rosenbrock", start, alpha=alphas[best], max_its=max_its, **fixed)


def optimizer_race() -> Figure:
    """Lesson 7: several methods, each with its best step length, on Rosenbrock."""
    start, budget = [-1.5, 2.0], 300
    runs = [
        tuned(optlab.gradient_descent, start, budget),
        tuned(optlab.momentum, start, budget, beta=0.9),
        tuned(optlab.rmsprop, start, budget, gamma=0.9),
        tuned(optlab.adam, start, budget),
        optlab.newton("rosenbrock", start, max_its=10),
    ]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    plot.paths("rosenbrock", runs, left, step_colours=False, legend=False)
    plot.cost_curves(runs, right, log=True)
    right.set_title(f"each method's best step length, {budget} steps", loc="left")
    return fig


def convergence_map() -> Figure:
    """Lesson 3 and 7: steps to converge over (alpha, beta), one batched run."""
    explorer_map = widgets.convergence_map("skewed_quadratic", "momentum")
    explorer_map.for_slides()  # no marker of a live explorer on a slide
    return explorer_map.figure


def gallery() -> Figure:
    """Lesson 0: every test function, surface and contours."""
    return plot.function_gallery()


FIGURES: dict[str, Callable[[], Figure]] = {
    "zigzag": zigzag,
    "momentum_comparison": momentum_comparison,
    "momentum_arrows": momentum_arrows,
    "exponential_average": exponential_average,
    "normalized_valley": normalized_valley,
    "adaptive_step_lengths": adaptive_step_lengths,
    "bias_correction": bias_correction,
    "optimizer_race": optimizer_race,
    "convergence_map": convergence_map,
    "function_gallery": gallery,
}


def save(fig: Figure, out: Path, name: str) -> list[Path]:
    """Write ``name.png`` and ``name.svg`` without timestamps (stable diffs).

    Meshes and surfaces are embedded in the SVG as pictures: as vectors a
    100 x 100 convergence map alone would take megabytes.
    """
    for ax in fig.axes:
        for artist in ax.collections:
            if isinstance(artist, (QuadMesh, Poly3DCollection)):
                artist.set_rasterized(True)
    written = []
    for suffix, metadata in ((".png", {"Software": None}), (".svg", {"Date": None})):
        path = out / f"{name}{suffix}"
        fig.savefig(
            path, dpi=DPI, metadata=metadata, bbox_inches="tight", pad_inches=0.04
        )
        written.append(path)
    plt.close(fig)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write to")
    parser.add_argument("names", nargs="*", choices=[[], *FIGURES], help="default: all")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    plt.rcParams["svg.hashsalt"] = "optlab"
    for name in args.names or FIGURES:
        for path in save(FIGURES[name](), args.out, name):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
