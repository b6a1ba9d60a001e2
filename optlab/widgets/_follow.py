"""How a linked figure keeps up with a slider dragged in another explorer.

Lesson 3's explorer moves two other figures: the marker of its convergence
map and the eigen figure. Drawing all three for every move of a drag costs the
kernel (and the browser) three frames per move, and the explorer under the
user's hand then follows the mouse at half the rate. A linked figure is
instead redrawn at most every :data:`FOLLOW_INTERVAL` seconds while the
browser sends moves, and once more at that interval after the last move, so
it always ends on the slider's final value. Its first redraw waits
:data:`FOLLOW_LEAD` seconds, so the explorer's own frame reaches the screen
first (a single key press: 39-44 ms instead of 48-60 ms in lesson 3,
``benchmarks/browser_slider_latency.py``).

Only moves that arrive from the browser are spaced out (the kernel is then
handling a widget's message, in its event loop). A value set in a cell, in a
script or in a test updates the linked figure at once, as before: code that
sets a slider and then reads the linked figure sees it up to date.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

__all__ = ["FOLLOW_INTERVAL", "FOLLOW_LEAD", "Throttled", "browser_loop"]

#: Least time between two redraws of a linked figure during a drag (s).
FOLLOW_INTERVAL = 0.2
#: Delay of a linked figure's first redraw after a move from the browser (s).
FOLLOW_LEAD = 0.05


def browser_loop() -> asyncio.AbstractEventLoop | None:
    """The kernel's event loop while it handles a message from the browser (a
    widget moved there); None in a cell, a script or a test."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is None:
        return None
    parent = kernel.get_parent("shell") or {}
    if parent.get("header", {}).get("msg_type") != "comm_msg":
        return None
    return loop


class Throttled:
    """Call ``action`` at most once every ``interval`` s during a drag.

    The first call after a quiet interval runs ``lead`` seconds later, once
    the explorer's own frame is on screen; later ones within the interval
    are gathered into one call at its end, which reads the state as it is
    then (``action`` takes no argument). Outside a browser message
    (:func:`browser_loop` is None) every call runs at once.

    Parameters
    ----------
    action : callable with no argument
    interval : float, default :data:`FOLLOW_INTERVAL`
    lead : float, default :data:`FOLLOW_LEAD`
    """

    def __init__(
        self,
        action: Callable[[], None],
        interval: float = FOLLOW_INTERVAL,
        lead: float = FOLLOW_LEAD,
    ):
        self.action = action
        self.interval = float(interval)
        self.lead = float(lead)
        self._last = -float("inf")
        self._scheduled: asyncio.TimerHandle | None = None

    def __call__(self) -> None:
        loop = browser_loop()
        if loop is None:
            self._run()
            return
        if self._scheduled is not None:
            return  # the scheduled call will read the latest state
        # even the first call waits FOLLOW_LEAD: the explorer's own frame then
        # reaches the screen before the linked figures' frames follow it
        wait = max(self.lead, self._last + self.interval - time.monotonic())
        self._scheduled = loop.call_later(wait, self._run_scheduled)

    def _run_scheduled(self) -> None:
        self._scheduled = None
        self._run()

    def _run(self) -> None:
        self._last = time.monotonic()
        self.action()
