"""The colours of the course stay apart for readers with a colour-vision deficiency.

Simulated with colorspacious (Machado, Oliveira and Fernandes 2009, at full
severity: deuteranopia, protanopia, tritanopia) and measured in CAM02-UCS,
where a distance of about 1 is just noticeable. Required:

* every two method colours at least ``METHOD_DISTANCE`` = 10 apart, with
  normal vision and under each simulation (so no two methods of a figure can
  be taken for one another);
* the first and last step colours of the ramp at least ``RAMP_DISTANCE`` = 40
  apart (the start and end of a path never look alike).
"""

from itertools import combinations

import colorspacious  # noqa: E402
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from optlab.plot import METHOD_STYLES, STEP_CMAP  # noqa: E402

METHOD_DISTANCE = 10.0
RAMP_DISTANCE = 40.0
VISION = {
    "normal": None,
    "deuteranopia": "deuteranomaly",
    "protanopia": "protanomaly",
    "tritanopia": "tritanomaly",
}


def seen(colour, deficiency):
    """CAM02-UCS coordinates of a colour as seen with a deficiency."""
    rgb = np.asarray(to_rgb(colour), dtype=float)
    if deficiency is not None:
        space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
        rgb = np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def distance(a, b, deficiency):
    return float(np.linalg.norm(seen(a, deficiency) - seen(b, deficiency)))


@pytest.mark.parametrize("vision", VISION)
def test_every_two_method_colours_stay_apart(vision):
    too_close = [
        (a, b, round(distance(sa.color, sb.color, VISION[vision]), 1))
        for (a, sa), (b, sb) in combinations(METHOD_STYLES.items(), 2)
        if distance(sa.color, sb.color, VISION[vision]) < METHOD_DISTANCE
    ]
    assert not too_close, f"{vision}: {too_close}"


@pytest.mark.parametrize("vision", VISION)
def test_first_and_last_step_colours_stay_apart(vision):
    first, last = STEP_CMAP(0.0), STEP_CMAP(1.0)
    assert distance(first[:3], last[:3], VISION[vision]) >= RAMP_DISTANCE


@pytest.mark.parametrize("vision", VISION)
def test_step_ramp_lightness_rises_monotonically(vision):
    lightness = [
        seen(STEP_CMAP(x)[:3], VISION[vision])[0] for x in np.linspace(0, 1, 32)
    ]
    assert np.all(np.diff(lightness) > 0)


def test_the_old_colours_would_have_failed():
    """The check is sharp enough: the green-to-red ramp the course once used
    has start and end nearly alike for deuteranopia."""
    assert distance("#1a9850", "#d73027", "deuteranomaly") < RAMP_DISTANCE
