"""Figures that take the width of their output area under ipympl.

ipympl draws a canvas of the figure's size in pixels, whatever the page: a
960 px explorer in an 850 px output area needs a horizontal scroll bar. A
:class:`WidthSensor` is an invisible strip, 100 % wide, placed above the
canvas; the browser reports its width (a ``ResizeObserver``: window resize,
zoom, a side panel opening) and the explorer resizes its figure to it,
keeping its aspect. The canvas then never overflows, from a phone to a
2000 px screen.

A lesson's own figures (``plt.subplots`` under ``%matplotlib widget``) get the
same: once :func:`quiet_ipympl_figures` has run (importing
:mod:`optlab.widgets` runs it), a displayed ipympl canvas shows as a box of a
sensor and the canvas (:func:`fitted_view`), and the figure follows the
box's width at its own aspect. The PNG in the display bundle keeps the
figure's own size.
"""

from __future__ import annotations

import warnings

import anywidget
import ipywidgets as widgets
import matplotlib
import traitlets
from matplotlib.layout_engine import PlaceHolderLayoutEngine

__all__ = [
    "WidthSensor",
    "fit_figure",
    "fitted_view",
    "quiet_ipympl_figures",
]

#: Narrowest and widest figure an explorer draws, in CSS pixels.
MIN_WIDTH, MAX_WIDTH = 320, 2000

_ESM = """
// The canvas's size follows the page (the sensor's width): ipympl's resize
// handle, which it draws in the corner whenever the kernel is connected
// (whatever the kernel's "resizable" says), is taken away.
function keepSize(canvas) {
  if (canvas.optlabSized) return;
  canvas.optlabSized = true;
  canvas.update_disabled = () => {};
  canvas.set("resizable", false);  // its views redraw without the handle
}

// ipympl shows a frame by pointing its image at the frame's PNG; a frame
// that arrives before the one before it has loaded replaces it unseen, and a
// lost diff frame leaves stale pixels (matplotlib issue 19116). The canvas
// below this sensor gets its frames one after the other instead: the next
// once the last is drawn.
//
// It also takes patches: a message {type: "optlab_patch", x, y} whose PNG
// holds only the box of pixels that changed, drawn with its top left corner
// at (x, y) of the canvas (device pixels). ipympl's own handler is kept for
// full frames; for a patch, the PNG is decoded off the main thread and the
// canvas's data URL (what ipympl redisplays the figure from, a PNG encoding
// of the whole canvas) is made once the frames pause, not for every frame.
// The kernel sends patches only once told (the count "patched" goes up).
// Should a frame fail to show, a full frame is asked for ("refresh").
async function queueFrames(model, el) {
  const id = model.get("canvas");
  if (!id || !model.widget_manager) return;
  const canvas = await model.widget_manager.get_model(id);
  if (!canvas || !canvas.image || typeof canvas.handle_binary !== "function") return;
  keepSize(canvas);
  if (typeof createImageBitmap !== "function") return;  // whole frames, as ipympl
  if (canvas.optlabQueued) {
    // another view of this sensor: marked once a patch has been drawn
    if (canvas.optlabPatchDrawn) el.dataset.frames = "patches";
    else canvas.optlabSensors.push(el);
    return;
  }
  canvas.optlabQueued = true;
  canvas.optlabSensors = [el];
  const showFull = canvas.handle_binary.bind(canvas);
  const refresh = () => canvas.send_message("refresh");
  const waiting = [];
  let busy = false;
  let loading = false;  // a full frame is loading: its load or error ends it
  let stalled = null;
  let saving = null;
  const saveLater = () => {
    clearTimeout(saving);
    saving = setTimeout(() => {
      canvas.set("_data_url", canvas.offscreen_canvas.toDataURL());
    }, 300);
  };
  const drawPatch = (bitmap, msg) => {
    const kept = canvas.offscreen_canvas;
    canvas.offscreen_context.drawImage(bitmap, msg.x, msg.y);
    canvas.waiting_for_image = false;
    // each view shows the kept canvas at its own size: draw the patch there
    // too, rather than copying the whole canvas (a view being resized does)
    const views = Object.values(canvas.views).map((view) =>
      view.then((view) => {
        if (view.canvas.width === kept.width && view.canvas.height === kept.height) {
          view.context.drawImage(bitmap, msg.x, msg.y);
        } else {
          view.update_canvas();
        }
      }),
    );
    return Promise.allSettled(views);
  };
  const showPatch = async (msg, buffers) => {
    const data = buffers[0];
    const bytes = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    try {
      await drawPatch(bitmap, msg);
    } finally {
      bitmap.close();
    }
    saveLater();
    if (!canvas.optlabPatchDrawn) {
      canvas.optlabPatchDrawn = true;
      for (const sensor of canvas.optlabSensors) sensor.dataset.frames = "patches";
    }
  };
  const next = () => {
    const frame = waiting.shift();
    busy = frame !== undefined;
    if (!busy) return;
    const [msg, buffers] = frame;
    if (msg.type === "optlab_patch") {
      showPatch(msg, buffers)
        .catch((error) => {
          console.warn("optlab: a patch could not be shown", error);
          refresh();
        })
        .finally(next);
      return;
    }
    loading = true;
    // a load ends in load or error; should neither come, go on with a
    // full frame asked for, which covers whatever this one would have shown
    stalled = setTimeout(() => {
      if (loading) {
        loading = false;
        refresh();
        next();
      }
    }, 5000);
    try {
      showFull(msg, buffers);
    } catch (error) {
      console.warn("optlab: a frame could not be shown", error);
      loaded();
    }
  };
  const loaded = () => {
    if (!loading) return;  // not a frame of the queue (ipympl's first image)
    loading = false;
    clearTimeout(stalled);
    next();
  };
  canvas.image.addEventListener("load", loaded);
  canvas.image.addEventListener("error", loaded);
  canvas.handle_binary = canvas.handle_optlab_patch = (msg, buffers) => {
    waiting.push([msg, buffers]);
    if (!busy) next();
  };
  model.set("patched", model.get("patched") + 1);
  model.save_changes();
}

function render({ model, el }) {
  el.style.width = "100%";
  el.style.height = "0px";
  el.style.overflow = "hidden";
  el.classList.add("optlab-width-sensor");
  let last = 0;
  let lastHeight = 0;
  const report = (width) => {
    const w = Math.floor(width);
    const h = Math.floor(window.innerHeight);
    if (w > 0 && (Math.abs(w - last) >= 2 || h !== lastHeight)) {
      last = w;
      lastHeight = h;
      model.set("viewport_height", h);
      model.set("width", w);
      model.save_changes();
    }
  };
  const onWindow = () => report(el.getBoundingClientRect().width);
  window.addEventListener("resize", onWindow);
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) report(entry.contentRect.width);
  });
  observer.observe(el);
  report(el.getBoundingClientRect().width);
  queueFrames(model, el);
  return () => {
    observer.disconnect();
    window.removeEventListener("resize", onWindow);
  };
}
export default { render };
"""


class WidthSensor(anywidget.AnyWidget):
    """An invisible full-width strip: ``width`` is its width in the page,
    ``viewport_height`` the height of the browser window (CSS pixels).

    Given the ``canvas`` it sits above, it also makes the browser show that
    canvas's frames in order, each after the one before has loaded (ipympl
    would drop a frame that arrives too soon, and a dropped diff frame leaves
    stale pixels), makes it take patches, counting up ``patched``, and takes
    away ipympl's resize handle (the page sets the canvas's size)."""

    _esm = _ESM
    width = traitlets.Int(0).tag(sync=True)
    viewport_height = traitlets.Int(0).tag(sync=True)
    #: model id of the ipympl canvas under the sensor: its frames are shown
    #: one after the other, none replaced before it has loaded
    canvas = traitlets.Unicode("").tag(sync=True)
    #: how many times a browser has made that canvas take patches (frames of
    #: only the changed box, :func:`optlab.widgets._frames.fast_diffs`)
    patched = traitlets.Int(0).tag(sync=True)


def fit_figure(
    figure, width: float, aspect: float, max_height: float | None = None
) -> bool:
    """Resize a live ipympl figure to ``width`` CSS pixels at ``aspect`` (h / w),
    narrower if needed so it is at most ``max_height`` pixels high.

    Returns True if the size changed (the caller redraws).
    """
    width = min(max(float(width), MIN_WIDTH), MAX_WIDTH)
    if max_height:
        width = max(min(width, max_height / aspect), MIN_WIDTH)
    canvas = figure.canvas
    ratio = float(getattr(canvas, "device_pixel_ratio", 1.0) or 1.0)
    css_dpi = figure.dpi / ratio
    inches = (width / css_dpi, width * aspect / css_dpi)
    current = figure.get_size_inches()
    if (
        abs(current[0] - inches[0]) * css_dpi < 1
        and abs(current[1] - inches[1]) * css_dpi < 1
    ):
        return False
    figure.set_size_inches(*inches, forward=False)
    manager = getattr(canvas, "manager", None)
    if manager is not None:
        w, h = figure.bbox.size
        manager.resize(w, h)
    return True


def quiet_ipympl_figures() -> bool:
    """Every ipympl figure made from now on shows no "Figure N" header, no
    footer and no toolbar over its axes (lesson figures as well as explorers),
    and a canvas displayed on its own takes the width of its output area
    (:func:`fit_displayed_canvases`).

    Changes the defaults of ipympl's canvas traits; returns False when ipympl
    is not installed.
    """
    # importing ipympl switches matplotlib to ipympl's backend whenever
    # matplotlib is already imported: keep the backend the user chose
    before = dict.__getitem__(matplotlib.rcParams, "backend")
    try:
        from ipympl.backend_nbagg import Canvas
    except ImportError:  # pragma: no cover - ipympl is a dependency
        return False
    finally:
        if dict.__getitem__(matplotlib.rcParams, "backend") != before:
            if isinstance(before, str):
                matplotlib.use(before)
            else:  # not resolved yet ("auto"): leave it unresolved
                dict.__setitem__(matplotlib.rcParams, "backend", before)
    traits = Canvas.class_traits()
    # traitlets keeps static defaults in a class-level cache too
    cached = getattr(Canvas, "_static_immutable_initial_values", {})
    for name in ("header_visible", "footer_visible", "toolbar_visible"):
        traits[name].default_value = False
        if name in cached:
            cached[name] = False
    fit_displayed_canvases(Canvas)
    return True


# -- a lesson's own figures ---------------------------------------------------

#: A lesson figure grows with its output area up to this share of the browser
#: window's height (it never shrinks below its own height for that reason,
#: only to fit the width).
FIGURE_HEIGHT_SHARE = 0.75

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: CSS pixels ipympl puts around a canvas inside its figure box (2 px margins
#: on the canvas container and on the canvas div, each side): a canvas this
#: much narrower than the box shows whole.
IPYMPL_MARGINS = 8


def fit_displayed_canvases(canvas_class) -> None:
    """Make every ipympl canvas displayed from now on show :func:`fitted_view`.

    Wraps the class's ``_repr_mimebundle_`` (what ``display(canvas)`` and
    ipympl's end-of-cell display call): the bundle keeps ipympl's PNG, HTML
    and text, and its widget view becomes the fitted box. Explorers put
    their canvas in their own layout, with their own sensor, and never
    display it alone, so they are not affected. Wrapping twice is a no-op.
    """
    shown = canvas_class._repr_mimebundle_
    if getattr(shown, "fits_output_area", False):
        return

    def _repr_mimebundle_(self, **kwargs):
        data = shown(self, **kwargs)
        if WIDGET_VIEW in data:
            view = fitted_view(self)
            data[WIDGET_VIEW] = {**data[WIDGET_VIEW], "model_id": view.model_id}
        return data

    _repr_mimebundle_.fits_output_area = True
    _repr_mimebundle_.__doc__ = shown.__doc__
    canvas_class._repr_mimebundle_ = _repr_mimebundle_


def fitted_view(canvas) -> widgets.VBox:
    """A :class:`WidthSensor` above ``canvas``: the figure takes the width the
    sensor measures, at the aspect it was made with, and is at most
    :data:`FIGURE_HEIGHT_SHARE` of the window high unless that is less than
    its own height. Made once per canvas; displaying it again shows the same box.
    """
    view = getattr(canvas, "_fitted_view", None)
    if view is not None:
        return view
    figure = canvas.figure
    made = tuple(figure.get_size_inches())  # inches, at the figure's own dpi
    sensor = WidthSensor(canvas=canvas.model_id)

    def refit(change=None) -> None:
        if not sensor.width:
            return
        ratio = float(getattr(canvas, "device_pixel_ratio", 1.0) or 1.0)
        own_height = made[1] * figure.dpi / ratio  # CSS pixels
        max_height = None
        if sensor.viewport_height:
            max_height = max(own_height, FIGURE_HEIGHT_SHARE * sensor.viewport_height)
        width = sensor.width - IPYMPL_MARGINS
        if fit_figure(figure, width, made[1] / made[0], max_height):
            if isinstance(figure.get_layout_engine(), PlaceHolderLayoutEngine):
                # laid out once by tight_layout() for its first size: again
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", UserWarning)
                    figure.tight_layout()
            canvas.draw_idle()

    sensor.observe(refit, names=["width", "viewport_height"])
    canvas.resizable = False  # its size is the output area's now
    view = widgets.VBox(
        [sensor, canvas], layout=widgets.Layout(width="100%", overflow="auto")
    )
    view.add_class("optlab-fitted-figure")
    canvas._fitted_view = view
    return view
