"""How an ipympl canvas sends a frame: the changed pixels, as a fast PNG.

ipympl sends each frame to the browser as a PNG the size of the canvas: the
pixels that changed since the last frame, the others transparent (zero), which
the browser draws over what it shows. matplotlib encodes that PNG with Pillow
at level 6, and Pillow tries five row filters on every row: about 14 ms for a
1250 x 507 explorer frame, most of a slider move's time in the kernel.

:func:`png_rgba` writes the PNG itself: no row filter (the frame is mostly
runs of zero bytes, which deflate handles without one) and zlib level 1. The
same frame takes about 5 ms and is smaller than Pillow's level 1 (which still
filters). :func:`fast_diffs` makes a canvas use it. Any PNG decoder reads the
result (tests/test_frames.py decodes it with Pillow, and the browser tests
with Chromium).

The browser's share of a frame is decoding that PNG and drawing it; ipympl
also encodes its whole canvas into a data URL at every frame. Once the page
can take them (:func:`take_patches`), diff frames become patches: the PNG of
only the box that changed, with its place (:func:`changed_box`), which the
width sensor's script in :mod:`optlab.widgets._fit` decodes off the main
thread and draws there, making the data URL once the frames pause.
"""

from __future__ import annotations

import json
import struct
import zlib

import numpy as np

__all__ = ["changed_box", "fast_diffs", "png_rgba", "take_patches"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: 8 bits per channel, colour type 6 (RGBA), deflate, no filter method
#: beyond the standard one, no interlacing.
_RGBA8 = (8, 6, 0, 0, 0)


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(body, zlib.crc32(kind)) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def png_rgba(pixels: np.ndarray, level: int = 1) -> bytes:
    """PNG bytes of an RGBA image, each row unfiltered, deflated at ``level``.

    Parameters
    ----------
    pixels : ndarray of uint8, shape (height, width, 4)
    level : int, default 1
        zlib compression level, 0 (store) to 9.

    Returns
    -------
    bytes
        A complete PNG file (signature, IHDR, one IDAT, IEND).
    """
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 4:
        raise ValueError(
            "pixels must be a uint8 array of shape (height, width, 4); "
            f"got {pixels.dtype} of shape {pixels.shape}"
        )
    height, width = pixels.shape[:2]
    if not (height and width):
        raise ValueError(f"pixels must not be empty; got shape {pixels.shape}")
    # each row: filter type 0 ("None"), then the row's bytes
    rows = np.zeros((height, 1 + 4 * width), dtype=np.uint8)
    rows[:, 1:] = pixels.reshape(height, 4 * width)
    header = struct.pack(">II5B", width, height, *_RGBA8)
    return b"".join(
        (
            _SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(rows.data, level)),
            _chunk(b"IEND", b""),
        )
    )


def changed_box(
    now: np.ndarray, before: np.ndarray
) -> tuple[int, int, int, int] | None:
    """The smallest box holding every pixel where ``now`` differs from ``before``.

    Parameters
    ----------
    now, before : ndarray of the same shape (height, width)
        One value per pixel (RGBA packed into uint32).

    Returns
    -------
    (top, bottom, left, right) or None
        Rows ``top:bottom`` and columns ``left:right``; None when nothing
        changed.
    """
    changed = now != before
    rows = np.flatnonzero(changed.any(axis=1))
    if not rows.size:
        return None
    columns = np.flatnonzero(changed[rows[0] : rows[-1] + 1].any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(columns[0]), int(columns[-1]) + 1


def fast_diffs(canvas) -> None:
    """Make an ipympl canvas send its frames through :func:`png_rgba`, and,
    once :func:`take_patches` has been called, diff frames as patches.

    Same decisions as matplotlib's ``FigureCanvasWebAggCore.get_diff_image``
    (a full frame after a resize, a forced refresh or any transparent pixel;
    otherwise only the pixels that differ from the last frame sent), one
    encoder changed. A patch is the diff frame cut to :func:`changed_box`,
    sent as ``{"type": "optlab_patch", "x": left, "y": top}``: a browser
    whose canvas takes patches (:class:`optlab.widgets._fit.WidthSensor`
    makes it) decodes and draws that box only (a single pixel when nothing
    changed). Patches go to every page showing the canvas: a page that does
    not take them (yet: opened again, before its sensor has asked) logs the
    unknown message type and keeps its picture until the full frame that
    :func:`take_patches` sends when its sensor asks.
    """
    canvas._optlab_patches = False
    canvas._optlab_patch_at = None
    send_binary = canvas.send_binary

    def get_diff_image():
        if not canvas._png_is_old:
            return None
        pixels = np.asarray(canvas.get_renderer().buffer_rgba())
        buff = pixels.view(np.uint32).squeeze(2)
        canvas._optlab_patch_at = None
        if (
            canvas._force_full
            or buff.shape != canvas._last_buff.shape
            or (pixels[:, :, 3] != 255).any()
        ):
            canvas.set_image_mode("full")
            output = buff
        else:
            canvas.set_image_mode("diff")
            # a diff frame covers the canvas; a patch the box that changed
            # (when nothing did, one transparent pixel still answers the
            # browser, which asks no other draw until a frame arrives)
            height, width = buff.shape
            box = (0, height, 0, width)
            if canvas._optlab_patches:
                box = changed_box(buff, canvas._last_buff) or (0, 1, 0, 1)
                canvas._optlab_patch_at = (box[2], box[0])
            top, bottom, left, right = box
            now = buff[top:bottom, left:right]
            before = canvas._last_buff[top:bottom, left:right]
            output = np.where(now != before, now, 0)
        canvas._last_buff = buff.copy()
        canvas._force_full = False
        canvas._png_is_old = False
        return png_rgba(output.view(dtype=np.uint8).reshape((*output.shape, 4)))

    def send(data):
        at, canvas._optlab_patch_at = canvas._optlab_patch_at, None
        if at is None:
            send_binary(data)
        else:
            message = json.dumps({"type": "optlab_patch", "x": at[0], "y": at[1]})
            canvas.send({"data": message}, buffers=[data])

    canvas.get_diff_image = get_diff_image
    canvas.send_binary = send


def take_patches(canvas) -> None:
    """From now on, send ``canvas``'s diff frames as patches (a browser has
    said its canvas takes them), starting with a full frame: patches sent
    before, to a page that did not take them yet, were not shown."""
    canvas._optlab_patches = True
    canvas._force_full = True
    canvas._png_is_old = True
    canvas.draw_idle()
