"""Linked figures follow a drag at a spaced-out rate (optlab.widgets._follow)."""

import asyncio
import json

import pytest
from in_thread import run_async

from optlab.widgets import _follow
from optlab.widgets._follow import FOLLOW_INTERVAL, Throttled


def test_outside_a_browser_message_every_call_runs_at_once():
    calls = []
    throttled = Throttled(lambda: calls.append(1))
    for _ in range(5):
        throttled()
    assert calls == [1] * 5


def test_during_a_drag_calls_are_spaced_and_the_last_state_is_drawn(monkeypatch):
    state = {"value": 0}
    seen = []
    throttled = Throttled(lambda: seen.append(state["value"]), interval=0.05, lead=0)

    async def drag():
        monkeypatch.setattr(_follow, "browser_loop", asyncio.get_running_loop)
        for value in range(1, 21):  # 20 moves, 5 ms apart: 0.1 s
            state["value"] = value
            throttled()
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.2)  # the drag has ended

    run_async(drag)
    assert seen[0] == 1  # the first move at once
    assert seen[-1] == 20  # the last value is always drawn
    assert 2 <= len(seen) <= 5, seen  # not 20
    assert seen == sorted(seen)


_KERNEL_CODE = r"""
import json
import numpy as np
import optlab
from optlab import widgets
turned = optlab.rotated_quadratic(19.5, np.pi / 6)
eigen = widgets.eigen_explorer(turned, alpha=0.1, beta=0.7, max_its=60)
ex = widgets.explore("skewed_quadratic", "momentum", alpha=0.1, beta=0.7, max_its=25)
conv = widgets.convergence_map("skewed_quadratic", "momentum", max_its=50, explorer=ex)
eigen.follow(ex)
counts = {"eigen": 0, "map": 0}
for name, target in (("eigen", eigen), ("map", conv)):
    apply = target._apply
    def counted(kinds, apply=apply, name=name):
        counts[name] += 1
        return apply(kinds)
    target._apply = counted
print(json.dumps({"alpha": ex.controls["alpha"].model_id}))
"""


def test_in_a_kernel_a_drag_from_the_browser_redraws_linked_figures_less_often():
    """A real kernel gets 20 alpha moves as widget messages, 10 ms apart (a
    fast drag): the explorer takes every one, the eigen figure and the map's
    marker a few, and both end on the last value."""
    from jupyter_client.manager import AsyncKernelManager

    values = [round(0.1 + 0.002 * i, 4) for i in range(1, 21)]

    async def run():
        km = AsyncKernelManager(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            out = []

            def keep(msg):
                if msg["msg_type"] == "stream":
                    out.append(msg["content"]["text"])

            reply = await kc.execute_interactive(
                _KERNEL_CODE, output_hook=keep, timeout=120
            )
            assert reply["content"]["status"] == "ok", reply["content"]
            slider = json.loads(out[-1])["alpha"]
            for value in values:
                data = {"method": "update", "state": {"value": value}}
                msg = kc.session.msg(
                    "comm_msg",
                    {"comm_id": slider, "data": {**data, "buffer_paths": []}},
                )
                kc.shell_channel.send(msg)
                await asyncio.sleep(0.01)
            await asyncio.sleep(4 * FOLLOW_INTERVAL)
            out.clear()
            check = (
                "print(json.dumps([ex.history.params['alpha'], "
                "eigen.controls['alpha'].value, "
                "float(conv.marker.get_xdata()[0]), counts]))"
            )
            await kc.execute_interactive(check, output_hook=keep, timeout=60)
            return json.loads(out[-1])
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    explorer_alpha, eigen_alpha, marker_alpha, counts = run_async(run)
    assert explorer_alpha == values[-1]
    assert eigen_alpha == values[-1]
    assert marker_alpha == pytest.approx(values[-1])
    assert 1 <= counts["eigen"] < len(values) // 2, counts
    assert 1 <= counts["map"] < len(values) // 2, counts
