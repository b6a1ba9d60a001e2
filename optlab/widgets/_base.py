"""What every explorer shares: its figure, its display, batched updates.

Figure and canvas
    Under ipympl (``%matplotlib widget``) the figure is made with
    ``plt.figure`` inside ``plt.ioff()`` (so the cell does not show it a
    second time) and its canvas, an ipywidget, sits in the layout: clicks
    reach matplotlib and ``draw_idle`` repaints it. No "Figure N" header,
    no footer, no toolbar over the axes; a :class:`~._fit.WidthSensor` above
    the canvas reports the output area's width and the figure follows it,
    keeping its aspect (:meth:`Explorer.fit_width`). Under any other backend
    (Agg in tests and scripts, inline in a notebook) the figure is a plain
    :class:`~matplotlib.figure.Figure` on an Agg canvas and the layout shows
    an :class:`ipywidgets.Image` holding a PNG of it, re-rendered after each
    change once the explorer has been displayed.

Drawing only what changed (blitting)
    An explorer names the artists a slider moves (:meth:`Explorer.animate`:
    paths, cost curves, markers). They are drawn over a cached picture of
    everything else (contours, axes, ticks, labels), captured at each full
    draw; a slider move restores that picture, draws the moving artists and
    sends only the changed pixels (``canvas.blit``; ipympl sends a PNG
    diff). The cache is dropped, and the next frame is a full draw, when the
    background really changes: a new function or method
    (:meth:`Explorer.background_changed`), axis limits or figure size (checked
    at every frame), lecture mode (an explorer is built in one mode). That
    full draw is made and sent at once, in the same slider move; only after
    a resize does the kernel wait for the browser to ask for it. A frame
    drawn this way equals a full redraw pixel for pixel
    (tests/test_blitting.py).

Updates
    Control callbacks are synchronous: setting ``ex.controls["alpha"].value``
    from Python has recomputed and redrawn when the assignment returns.
    Several changes made inside ``with ex.hold():`` are applied once.

Display
    The display bundle carries the widget view, a PNG snapshot (fixed dpi,
    no metadata, so committed notebooks show the figure where no kernel runs)
    and a text line.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
from matplotlib._pylab_helpers import Gcf
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..plot import DPI, png_bytes
from ..plot._style import lecture_from_query_string
from ._fit import WidthSensor, fit_figure
from ._frames import fast_diffs, take_patches

__all__ = ["Explorer", "ipympl_active", "new_figure", "set_range"]


def ipympl_active() -> bool:
    """Whether matplotlib draws through ipympl (``%matplotlib widget``)."""
    backend = str(matplotlib.get_backend()).lower()
    return "ipympl" in backend or backend == "widget"


def new_figure(figsize: tuple[float, float]) -> tuple[Figure, widgets.DOMWidget, bool]:
    """A figure for an explorer, the widget that shows it, and if it is live.

    Returns
    -------
    figure : Figure
    view : ipywidgets.DOMWidget
        The ipympl canvas (live) or an Image of PNG snapshots.
    live : bool
        True under ipympl.
    """
    if ipympl_active():
        with plt.ioff():
            fig = plt.figure(figsize=figsize, dpi=DPI)
        # pyplot redraws a stale figure by itself in interactive mode (a full
        # draw requested through the browser at every artist change): the
        # explorer decides when and how to draw (a blit when it can)
        fig.stale_callback = None
        # nor is it one of pyplot's figures: the comm package fires
        # post_execute after every comm message (a slider move, the browser's
        # draw request, its acknowledgement of a frame), and pyplot's hook
        # there asks a draw of every stale figure it manages: a full render
        # each, of pixels already shown (an empty frame), again and again
        Gcf.figs.pop(fig.canvas.manager.num, None)
        canvas = fig.canvas
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.toolbar_visible = False
        canvas.resizable = False
        canvas.capture_scroll = False
        canvas.toolbar_position = "left"
        fast_diffs(canvas)
        return fig, canvas, True
    fig = Figure(figsize=figsize, dpi=DPI)
    FigureCanvasAgg(fig)
    image = widgets.Image(
        format="png", layout=widgets.Layout(max_width="100%", height="auto")
    )
    return fig, image, False


#: zorder of moving artists: above the axes' spines and ticks (2.5).
ABOVE_AXES = 2.6
#: Share of the window's height the figure takes in lecture mode: the rest is
#: for the controls, so both fit a 1280 x 720 screen.
LECTURE_HEIGHT_SHARE = 0.45
#: Controls' text of lecture mode (ipywidgets reads these CSS variables).
LECTURE_CSS = """<style>
.optlab-lecture {
  --jp-widgets-font-size: 18px;
  --jp-widgets-inline-height: 34px;
  --jp-widgets-inline-label-width: 120px;
  font-size: 18px;
}
.optlab-lecture .widget-readout { font-size: 18px; }
.optlab-lecture .optlab-readout, .optlab-lecture .widget-html-content {
  font-size: 18px;
}
</style>"""


def set_range(slider: widgets.Widget, low: float, high: float, value: float) -> None:
    """Give a slider a new range and value without tripping its min <= max check."""
    if low > slider.max:
        slider.max, slider.min = high, low
    else:
        slider.min, slider.max = low, high
    slider.value = min(max(value, low), high)


class Explorer:
    """Base of every explorer: figure, controls, readout, display, batching.

    Attributes
    ----------
    figure : Figure
        The matplotlib figure, built once.
    controls : dict of str to ipywidgets.Widget
        Every control by name (``"alpha"``, ``"beta"``, ``"max_its"``, ...).
    history
        The current result (a History, a dict of them, or an array).
    readout : ipywidgets.HTML
        The text line under the figure.
    widget : ipywidgets.Box
        The whole layout (what a notebook displays).
    """

    figsize: tuple[float, float] = (9.0, 4.0)

    def __init__(self) -> None:
        #: made in lecture mode: larger text, room for figure and controls
        self.lecture = lecture_from_query_string()
        self.figure, self.view, self.live = new_figure(self.figsize)
        #: height / width, kept when the figure follows its output area
        self.aspect = self.figsize[1] / self.figsize[0]
        self.sensor = None
        if self.live:
            self.sensor = WidthSensor(canvas=self.figure.canvas.model_id)
            self.sensor.observe(lambda change: self.fit_width(change["new"]), "width")
            self.sensor.observe(
                lambda change: take_patches(self.figure.canvas), "patched"
            )
            self.view = widgets.VBox(
                [self.sensor, self.figure.canvas],
                layout=widgets.Layout(width="100%", overflow="hidden"),
            )
        self.controls: dict[str, widgets.Widget] = {}
        self.readout = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        # a stable hook for browser tests and custom styles
        self.readout.add_class("optlab-readout")
        self.history: Any = None
        self.widget: widgets.Box | None = None
        self._held = 0
        self._pending: set[str] = set()
        self._displayed = False
        self._animated: list = []
        self._background = None
        self._background_key = None
        self.figure.canvas.mpl_connect("draw_event", self._on_draw)

    # -- batching ------------------------------------------------------------

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Apply every change made inside the block at once, when it ends."""
        self._held += 1
        try:
            yield
        except BaseException:
            self._held -= 1
            if not self._held:
                self._pending.clear()
            raise
        else:
            self._held -= 1
            if not self._held and self._pending:
                pending, self._pending = self._pending, set()
                # the new frame goes to the browser before the new readout
                # text: the text makes the browser lay the page out again
                with self.readout.hold_sync():
                    self._apply(pending)
                    self.render()

    def _request(self, *kinds: str) -> None:
        """Ask for an update (``"run"``, ``"step"``, ...), now or after hold()."""
        self._pending.update(kinds)
        if not self._held:
            with self.hold():
                pass

    def _watch(self, control: widgets.Widget, kind: str) -> None:
        control.observe(lambda change: self._request(kind), names="value")

    def _apply(self, kinds: set[str]) -> None:
        """Recompute and move the artists for the requested kinds of change."""
        raise NotImplementedError

    # -- size ----------------------------------------------------------------

    #: At most this share of the browser window's height goes to the figure,
    #: so the controls below it stay on screen.
    height_share: float = 0.6

    def fit_width(self, width: float | None = None) -> None:
        """Give the figure the output area's width (or ``width`` CSS pixels),
        keeping its aspect and at most :attr:`height_share` of the window."""
        if self.sensor is None:
            return
        width = width or self.sensor.width
        viewport = self.sensor.viewport_height
        share = LECTURE_HEIGHT_SHARE if self.lecture else self.height_share
        max_height = share * viewport if viewport else None
        if width and fit_figure(self.figure, width, self.aspect, max_height):
            self._background_changed()
            self.render()

    def _background_changed(self) -> None:
        """What was cached of the drawing is stale (size, style)."""
        self.background_changed()

    # -- drawing -------------------------------------------------------------

    def animate(self, *artists) -> None:
        """Register artists that controls move: drawn over the cached background."""
        for artist in artists:
            if artist is not None and artist not in self._animated:
                artist.set_animated(True)
                # above spines and ticks (2.5), as a blit draws them: a full
                # draw then stacks them the same way
                artist.set_zorder(max(artist.get_zorder(), ABOVE_AXES))
                self._animated.append(artist)

    def forget(self, *artists) -> None:
        """Stop animating artists (removed ones, or ones now part of the background)."""
        for artist in artists:
            if artist in self._animated:
                self._animated.remove(artist)
                artist.set_animated(False)
        self.background_changed()

    def background_changed(self) -> None:
        """Drop the cached background: the next frame is a full draw."""
        self._background = None

    def _key(self) -> tuple:
        """What the background depends on that a control can change silently."""
        limits = tuple(
            (tuple(ax.get_xlim()), tuple(ax.get_ylim())) for ax in self.figure.axes
        )
        return (tuple(self.figure.bbox.size), limits)

    def _on_draw(self, event) -> None:
        """After a full draw (which skips animated artists): keep the picture
        as the background, then draw the animated artists on top."""
        canvas = self.figure.canvas
        if canvas.is_saving():
            return  # savefig (snapshots) draws animated artists itself
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._background_key = self._key()
        self._draw_animated()

    def _draw_animated(self) -> None:
        self._animated = [a for a in self._animated if a.axes is not None or a.figure]
        for artist in sorted(self._animated, key=lambda a: a.get_zorder()):
            if artist.get_visible() and artist.figure is not None:
                self.figure.draw_artist(artist)

    def _drawn_at_this_size(self) -> bool:
        """Whether a full draw was made at the figure's present size."""
        key = self._background_key
        return key is not None and key[0] == tuple(self.figure.bbox.size)

    def needs_full_draw(self) -> bool:
        """Whether the cached background is missing or stale."""
        return self._background is None or self._background_key != self._key()

    def draw_frame(self) -> str:
        """Bring the canvas up to date: a blit over the cached background when
        it is still valid, else a full draw. Returns ``"blit"`` or ``"full"``."""
        canvas = self.figure.canvas
        if not self.needs_full_draw():
            canvas.restore_region(self._background)
            self._draw_animated()
            canvas.blit(self.figure.bbox)
            # up to date: pyplot's after-each-message hook would otherwise
            # redraw the "stale" figure in full
            self.figure.stale = False
            return "blit"
        canvas.draw()  # fires draw_event: new background + animated artists
        return "full"

    def render(self) -> None:
        """Show the current figure: repaint the live canvas or the PNG view.

        Live, a frame is drawn and sent at once (a blit, or a full draw when
        the background changed at the same size). Before the first draw and
        after a resize the browser asks for the draw instead, once its canvas
        has the new size (ipympl's ``draw_idle``)."""
        if self.live:
            if self.needs_full_draw() and not self._drawn_at_this_size():
                self.figure.canvas.draw_idle()  # the browser asks for the draw
            else:
                self.draw_frame()
        elif self._displayed:
            self.view.value = png_bytes(self.figure)

    def snapshot(self) -> bytes:
        """The current figure as PNG bytes (fixed dpi, no metadata)."""
        return png_bytes(self.figure)

    # -- display -------------------------------------------------------------

    def _lecture_style(self) -> None:
        """In lecture mode: 18 px text in the controls, once."""
        if not self.lecture or self.widget is None:
            return
        if "optlab-lecture" not in self.widget._dom_classes:
            self.widget.add_class("optlab-lecture")
            self.widget.children = (widgets.HTML(LECTURE_CSS), *self.widget.children)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        self._displayed = True
        self._lecture_style()
        png = self.snapshot()
        if not self.live:
            self.view.value = png
        data = self.widget._repr_mimebundle_()
        data["image/png"] = base64.b64encode(png).decode("ascii")
        data["text/plain"] = repr(self)
        return data

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {_plain(self.readout.value)}>"


def _plain(html: str) -> str:
    """The text of a readout without its HTML tags."""
    import re

    return re.sub(r"<[^>]+>", "", html).replace("&nbsp;", " ")
