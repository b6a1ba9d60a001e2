"""The frames an explorer sends to the browser (optlab.widgets._frames)."""

import io
import subprocess
import sys
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from optlab.widgets._frames import changed_box, png_rgba


def decode(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.uint8,
        st.tuples(st.integers(1, 40), st.integers(1, 40), st.just(4)),
    ),
    st.integers(0, 9),
)
def test_png_rgba_decodes_to_the_same_pixels(pixels, level):
    assert np.array_equal(decode(png_rgba(pixels, level)), pixels)


def test_a_mostly_transparent_frame_decodes_exactly_and_compresses():
    frame = np.zeros((507, 1250, 4), np.uint8)
    rng = np.random.default_rng(0)
    frame[100:300, 200:900] = rng.integers(0, 256, (200, 700, 4), dtype=np.uint8)
    frame[100:300, 200:900, 3] = 255
    png = png_rgba(frame)
    assert np.array_equal(decode(png), frame)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    # stored (level 0) against deflated: the zero rows cost almost nothing
    assert len(png) < 0.5 * len(png_rgba(frame, level=0))


def test_png_rgba_chunks_carry_valid_crcs():
    png = png_rgba(np.full((3, 5, 4), 7, np.uint8))
    at, kinds = 8, []
    while at < len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        crc = int.from_bytes(png[at + 8 + length : at + 12 + length], "big")
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, kind
        kinds.append(kind)
        at += 12 + length
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]


@pytest.mark.parametrize(
    "pixels",
    [
        np.zeros((4, 4, 3), np.uint8),
        np.zeros((4, 4, 4), np.float64),
        np.zeros((4, 4), np.uint8),
        np.zeros((0, 4, 4), np.uint8),
    ],
)
def test_png_rgba_names_what_it_needs(pixels):
    with pytest.raises(ValueError, match="pixels must"):
        png_rgba(pixels)


# A browser for one ipympl canvas: keeps the picture it was sent and draws
# each diff frame over it as ipympl's front end does (drawImage: an opaque
# pixel replaces, a transparent one leaves what was there), and each patch as
# the sensor's script does (the same, with its top left corner at x, y).
_BROWSER = """
import io, json, sys
import matplotlib
matplotlib.use('module://ipympl.backend_nbagg')
import numpy as np
from PIL import Image
from optlab import widgets

patches = sys.argv[1] == 'patches'
ex = widgets.explore('skewed_quadratic', 'momentum', max_its=25)
canvas = ex.figure.canvas
canvas.syncing_data_url = False
shown = {'pixels': None, 'diffs': 0, 'patches': 0, 'area': 0}

def send(content, buffers=None):
    message = json.loads(content['data'])
    if message['type'] not in ('binary', 'optlab_patch'):
        return
    frame = np.asarray(Image.open(io.BytesIO(buffers[0])).convert('RGBA'))
    if message['type'] == 'optlab_patch':
        assert patches
        shown['patches'] += 1
        shown['area'] = max(shown['area'], frame.shape[0] * frame.shape[1])
        x, y = message['x'], message['y']
    elif canvas._image_mode == 'full' or shown['pixels'] is None:
        shown['pixels'] = frame.copy()
        return
    else:
        shown['diffs'] += 1
        assert frame.shape == shown['pixels'].shape  # ipympl draws it whole
        x = y = 0
    assert ((frame[..., 3] == 0) | (frame[..., 3] == 255)).all()
    box = shown['pixels'][y : y + frame.shape[0], x : x + frame.shape[1]]
    assert box.shape == frame.shape  # the patch lies inside the canvas
    opaque = frame[..., 3] == 255
    box[opaque] = frame[opaque]

canvas.send = send
canvas.draw()
canvas.manager.refresh_all()
if patches:
    ex.sensor.patched += 1  # what the browser does once its canvas takes them
    canvas.draw()  # the browser's answer to the draw request
    canvas.manager.refresh_all()
moves = [('alpha', 0.102), ('alpha', 0.104), ('beta', 0.75), ('step', 9),
         ('alpha', 0.09), ('step', 9)]
for name, value in moves:
    ex.controls[name].value = value
    if ex.needs_full_draw():
        canvas.draw()
        canvas.manager.refresh_all()
    now = np.asarray(canvas.get_renderer().buffer_rgba())
    assert np.array_equal(shown['pixels'], now), name
canvas_area = now.shape[0] * now.shape[1]
print(shown['diffs'], shown['patches'], shown['area'] / canvas_area)
"""


@pytest.mark.parametrize("frames", ["whole", "patches"])
def test_the_browser_side_picture_equals_the_canvas_after_each_frame(frames):
    done = subprocess.run(
        [sys.executable, "-c", _BROWSER, frames],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    diffs, patches, largest = done.stdout.split()[-3:]
    if frames == "whole":
        assert int(diffs) >= 3 and int(patches) == 0  # most moves were diff frames
    else:
        assert int(diffs) == 0 and int(patches) >= 3
        assert float(largest) < 0.9  # a patch is the changed box, not the canvas


def brute_force_box(now, before):
    rows, columns = np.nonzero(now != before)
    if not rows.size:
        return None
    return rows.min(), rows.max() + 1, columns.min(), columns.max() + 1


@settings(max_examples=80, deadline=None)
@given(
    arrays(
        np.uint32,
        st.tuples(st.integers(1, 30), st.integers(1, 30)),
        elements=st.integers(0, 3),
    ),
    st.data(),
)
def test_changed_box_is_the_smallest_box_around_every_change(before, data):
    now = data.draw(arrays(np.uint32, before.shape, elements=st.integers(0, 3)))
    assert changed_box(now, before) == brute_force_box(now, before)
    assert changed_box(before, before) is None
