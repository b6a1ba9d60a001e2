"""A frame drawn over the cached background equals a full redraw, pixel for pixel.

The classic failure of blitting is stale pixels: an artist that moved but
was not redrawn, or a background kept after the axes changed. For every
explorer and after every kind of change, the frame the explorer draws
(``draw_frame``: a blit when its background is still valid) is compared with
a full redraw of the same state.
"""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import optlab  # noqa: E402
from optlab import widgets  # noqa: E402
from optlab.widgets._fit import fit_figure  # noqa: E402

SKEWED = "skewed_quadratic"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def full_redraw(fig) -> np.ndarray:
    """The figure drawn from scratch by savefig, every artist included
    (animated ones too), independent of the explorer's own drawing code."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=fig.dpi)
    width, height = (int(round(v)) for v in fig.bbox.size)
    return np.frombuffer(buffer.getvalue(), np.uint8).reshape(height, width, 4)


def frames(ex):
    """(how the frame was drawn, its pixels, a full redraw's pixels)."""
    kind = ex.draw_frame()
    drawn = np.asarray(ex.figure.canvas.buffer_rgba()).copy()
    return kind, drawn, full_redraw(ex.figure)


def check(ex, changes):
    """Apply each change, then compare the explorer's frame with a full redraw."""
    ex.draw_frame()  # the first frame is a full draw and caches the background
    kinds = {}
    for name, change in changes.items():
        change()
        kind, drawn, full = frames(ex)
        kinds[name] = kind
        differ = np.argwhere(np.any(drawn != full, axis=-1))
        assert drawn.shape == full.shape and not len(differ), (
            f"{type(ex).__name__}, after {name} ({kind}): {len(differ)} stale "
            f"pixels, e.g. at {differ[:3].tolist()}"
        )
    return kinds


def test_explore_blits_every_slider_move_without_stale_pixels():
    ex = widgets.explore(SKEWED, "momentum", max_its=25)
    c = ex.controls
    kinds = check(
        ex,
        {
            "alpha": lambda: setattr(c["alpha"], "value", 0.05),
            "beta": lambda: setattr(c["beta"], "value", 0.3),
            "show step": lambda: setattr(c["step"], "value", 7),
            "start": lambda: setattr(c["w1"], "value", 6.0),
            "K": lambda: setattr(c["max_its"], "value", 60),
            "divergence": lambda: setattr(c["alpha"], "value", 5.0),
            "back": lambda: setattr(c["alpha"], "value", 0.1),
            "arrows on": lambda: setattr(c["arrows"], "value", True),
            "arrows, beta": lambda: setattr(c["beta"], "value", 0.8),
            "arrows off": lambda: setattr(c["arrows"], "value", False),
            "method": lambda: setattr(c["method"], "value", "adam"),
            "adam, alpha": lambda: setattr(c["alpha"], "value", 0.2),
            "function": lambda: setattr(c["function"], "value", "quartic"),
            "1-D, alpha": lambda: setattr(c["alpha"], "value", 0.05),
            "resize": lambda: fit_figure(ex.figure, 700, ex.aspect),
            "resized, beta": lambda: setattr(c["beta1"], "value", 0.5),
        },
    )
    # moves that leave the axes alone are blits, not full draws in disguise
    for name in ("beta", "show step", "arrows, beta", "resized, beta"):
        assert kinds[name] == "blit", (name, kinds)
    for name in ("method", "function", "resize", "arrows on"):
        assert kinds[name] == "full", (name, kinds)


def test_compare_blits_without_stale_pixels():
    ex = widgets.compare(SKEWED, ["gradient_descent", "momentum", "adam"])
    c = ex.controls
    kinds = check(
        ex,
        {
            "momentum beta": lambda: setattr(c["momentum.beta"], "value", 0.5),
            "step": lambda: setattr(c["step"], "value", 10),
            "adam alpha": lambda: setattr(c["adam.alpha"], "value", 5.0),
            "start": lambda: setattr(c["w2"], "value", -1.0),
            "K": lambda: setattr(c["max_its"], "value", 80),
        },
    )
    assert kinds["step"] == "blit"


def test_noise_clouds_blit_without_stale_pixels():
    ex = widgets.explore(SKEWED, "momentum", max_its=25)
    c = ex.controls
    check(
        ex,
        {
            "noise": lambda: setattr(c["noise"], "value", 1.0),
            "cloud": lambda: setattr(c["runs"], "value", 8),
            "alpha with a cloud": lambda: setattr(c["alpha"], "value", 0.05),
            "show step with a cloud": lambda: setattr(c["step"], "value", 5),
            "new noise": lambda: c["new_noise"].click(),
            "fewer runs": lambda: setattr(c["runs"], "value", 3),
            "method with a cloud": lambda: setattr(c["method"], "value", "adam"),
            "no cloud": lambda: setattr(c["runs"], "value", 1),
        },
    )
    two = widgets.compare(SKEWED, ["gradient_descent", "adam"])
    c = two.controls
    check(
        two,
        {
            "noise and cloud": lambda: (
                setattr(c["noise"], "value", 2.0),
                setattr(c["runs"], "value", 6),
            ),
            "new noise": lambda: c["new_noise"].click(),
            "no noise": lambda: setattr(c["noise"], "value", 0.0),
        },
    )


def test_average_explorer_blits_without_stale_pixels():
    ex = widgets.average_explorer()
    c = ex.controls
    kinds = check(
        ex,
        {
            "beta": lambda: setattr(c["beta"], "value", 0.5),
            "step": lambda: setattr(c["step"], "value", 200),
            "start": lambda: setattr(c["start"], "value", "zero"),
            "zoom": lambda: setattr(c["zoom"], "value", True),
        },
    )
    assert "blit" in kinds.values()


def test_convergence_map_blits_its_marker_without_stale_pixels():
    m = widgets.convergence_map(
        SKEWED,
        "momentum",
        max_its=40,
        alphas=np.geomspace(1e-3, 10, 15),
        betas=np.linspace(0, 1, 11),
    )
    e = m.explorer.controls
    kinds = check(
        m,
        {
            "explorer beta": lambda: setattr(e["beta"], "value", 0.5),
            "explorer alpha": lambda: setattr(e["alpha"], "value", 0.02),
            "method": lambda: setattr(e["method"], "value", "heavy_ball"),
        },
    )
    assert kinds["explorer beta"] == "blit" and kinds["method"] == "full"


def test_an_explorer_built_in_lecture_mode_blits_without_stale_pixels():
    optlab.lecture_mode(True)
    try:
        ex = widgets.explore(SKEWED, "momentum")
        c = ex.controls
        kinds = check(
            ex,
            {
                "step": lambda: setattr(c["step"], "value", 5),
                "beta": lambda: setattr(c["beta"], "value", 0.4),
            },
        )
        assert kinds["step"] == "blit"
    finally:
        optlab.lecture_mode(False)


def test_eigen_explorer_blits_its_lines_without_stale_pixels():
    turned = optlab.rotated_quadratic(19.5, np.pi / 6)
    ex = widgets.eigen_explorer(turned, alpha=0.1, beta=0.7, max_its=60)
    c = ex.controls
    kinds = check(
        ex,
        {
            "alpha": lambda: setattr(c["alpha"], "value", 0.1 * 10**-0.04),
            "alpha back": lambda: setattr(c["alpha"], "value", 0.1),
            "beta": lambda: setattr(c["beta"], "value", 0.72),
            "far beta": lambda: setattr(c["beta"], "value", 0.0),
            "divergence": lambda: setattr(c["alpha"], "value", 5.0),
        },
    )
    # fixed axes: every move is a blit, a divergence (red crosses) too
    assert set(kinds.values()) == {"blit"}, kinds
    assert any(len(cross.get_xdata()) for run in ex.artists.crosses for cross in run)
