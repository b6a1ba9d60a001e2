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

from optlab.widgets._frames import png_rgba


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
# pixel replaces, a transparent one leaves what was there).
_BROWSER = """
import io, json
import matplotlib
matplotlib.use('module://ipympl.backend_nbagg')
import numpy as np
from PIL import Image
from optlab import widgets

ex = widgets.explore('skewed_quadratic', 'momentum', max_its=25)
canvas = ex.figure.canvas
canvas.syncing_data_url = False
shown = {'pixels': None, 'diffs': 0}

def send(content, buffers=None):
    if json.loads(content['data'])['type'] != 'binary':
        return
    frame = np.asarray(Image.open(io.BytesIO(buffers[0])).convert('RGBA'))
    if canvas._image_mode == 'full' or shown['pixels'] is None:
        shown['pixels'] = frame.copy()
    else:
        shown['diffs'] += 1
        assert frame.shape == shown['pixels'].shape  # ipympl draws it whole
        opaque = frame[..., 3] == 255
        assert ((frame[..., 3] == 0) | opaque).all()
        shown['pixels'][opaque] = frame[opaque]

canvas.send = send
canvas.draw()
canvas.manager.refresh_all()
moves = [('alpha', 0.102), ('alpha', 0.104), ('beta', 0.75), ('step', 9),
         ('alpha', 0.09)]
for name, value in moves:
    ex.controls[name].value = value
    if ex.needs_full_draw():
        canvas.draw()
        canvas.manager.refresh_all()
    now = np.asarray(canvas.get_renderer().buffer_rgba())
    assert np.array_equal(shown['pixels'], now), name
print(shown['diffs'])
"""


def test_the_browser_side_picture_equals_the_canvas_after_each_diff_frame():
    done = subprocess.run(
        [sys.executable, "-c", _BROWSER], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) >= 3  # most moves were diff frames
