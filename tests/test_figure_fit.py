"""A lesson's own ipympl figure follows its output area (optlab.widgets._fit).

Under ``%matplotlib widget`` a figure made with ``plt.subplots`` is shown by
ipympl at the end of its cell. Once :mod:`optlab.widgets` is imported, that
display is a box holding a width sensor and the canvas; the figure takes the
width the sensor reports at its own aspect, and the PNG in the bundle keeps
the figure's own size. Both tests run ipympl in a separate process (the rest
of the suite draws with Agg): one through IPython's display formatter, one
in a real kernel where ipympl's own end-of-cell display does the showing.
"""

from __future__ import annotations

import base64
import io
import subprocess
import sys

import nbformat
from PIL import Image

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

HOOK = """\
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
import base64, io
import matplotlib.pyplot as plt
from IPython.core.interactiveshell import InteractiveShell
from PIL import Image
import optlab.widgets
from optlab.widgets._fit import FIGURE_HEIGHT_SHARE, WidthSensor

show = InteractiveShell.instance().display_formatter.format
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
fig, axes = plt.subplots(1, 2, figsize=(15, 5), dpi=100)
axes[0].set_ylabel("a long label on the left")
fig.tight_layout()
data, _ = show(fig.canvas)
view = fig.canvas._fitted_view
sensor, canvas = view.children
assert isinstance(sensor, WidthSensor) and canvas is fig.canvas
assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == view.model_id
# the PNG keeps the figure's own size
png = Image.open(io.BytesIO(base64.b64decode(data["image/png"])))
assert png.size == (1500, 500), png.size

def size():
    return tuple(round(v) for v in fig.get_size_inches() * fig.dpi)

sensor.viewport_height = 720
sensor.width = 1008  # narrower: it shrinks, same aspect, inside ipympl's margins
assert size() == (1000, 333), size()
# tight_layout() ran again for the new size: the label is inside the figure
fig.canvas.draw()
label = axes[0].yaxis.label.get_window_extent()
assert label.x0 >= 0, label
sensor.width = 1900  # wider: it grows until 0.75 of the window's height
high = FIGURE_HEIGHT_SHARE * 720
assert size() == (round(3 * high), round(high)), size()
# a figure taller than that share keeps at least its own height
tall, _ = plt.subplots(figsize=(6, 7), dpi=100)
show(tall.canvas)
tall_sensor = tall.canvas._fitted_view.children[0]
tall_sensor.viewport_height = 720
tall_sensor.width = 1900
assert tuple(round(v) for v in tall.get_size_inches() * 100) == (600, 700)
tall_sensor.width = 508  # but it fits the width
assert round(tall.get_size_inches()[0] * 100) == 500
# shown again: the same box, not a second sensor
again, _ = show(fig.canvas)
assert again["application/vnd.jupyter.widget-view+json"]["model_id"] == view.model_id
# an explorer shows its own layout, with its own sensor, untouched
ex = optlab.widgets.explore("skewed_quadratic", "momentum", max_its=5)
shown, _ = show(ex)
assert shown[WIDGET_VIEW]["model_id"] == ex.widget.model_id
assert not hasattr(ex.figure.canvas, "_fitted_view")
assert sum(isinstance(w, WidthSensor) for w in ex.view.children) == 1
print("ok")
"""


def test_a_displayed_ipympl_figure_follows_the_width_its_sensor_reports():
    done = subprocess.run(
        [sys.executable, "-c", HOOK], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr[-3000:]


def test_in_a_kernel_a_cells_figure_is_shown_in_the_fitted_box():
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "%matplotlib widget\nimport matplotlib.pyplot as plt\nimport optlab.widgets"
        ),
        nbformat.v4.new_code_cell(
            "fig, ax = plt.subplots(figsize=(12, 3), dpi=100)\nax.plot([0, 1])"
        ),
        nbformat.v4.new_code_cell(
            "view = fig.canvas._fitted_view\n"
            "print(view.model_id, type(view.children[0]).__name__,"
            " view.children[1] is fig.canvas)"
        ),
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    shown = [o for o in nb.cells[1].outputs if o.output_type == "display_data"]
    assert len(shown) == 1  # ipympl's end-of-cell display, once
    model_id, sensor, holds_canvas = nb.cells[2].outputs[0].text.split()
    assert shown[0].data[WIDGET_VIEW]["model_id"] == model_id
    assert (sensor, holds_canvas) == ("WidthSensor", "True")
    png = Image.open(io.BytesIO(base64.b64decode(shown[0].data["image/png"])))
    assert png.size == (1200, 300)
