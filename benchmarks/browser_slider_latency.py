"""Latency from a slider key press to the updated figure on screen, in Voila.

    .venv/bin/python benchmarks/browser_slider_latency.py
    .venv/bin/python benchmarks/browser_slider_latency.py --demo
    .venv/bin/python benchmarks/browser_slider_latency.py NOTEBOOK \\
        [--slider DESCRIPTION] [--explorer METHOD]

By default lesson 3 (momentum) is served and its first momentum explorer's
alpha slider is moved. ``--explorer`` picks the first explorer whose readout
starts with that method (or ``--explorer ''`` for the whole page and its first
figure); ``--demo`` uses a one-slider demo notebook instead.

Each of 20 ArrowRight presses (ArrowLeft once the slider is at its maximum) is
timed inside the browser, from the keydown event to the animation frame after
the figure's canvas received the new image; the figure is left to settle
between presses. Median and maximum are printed in milliseconds; the target
is 150 ms.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import harness  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

LESSON = ROOT / "notebooks" / "03_momentum.ipynb"
TARGET_MS = 150.0


def measure(
    notebook: Path, description: str, explorer: str, presses: int
) -> list[float]:
    """Milliseconds from each key press to the repainted figure."""
    chromium = harness.find_chromium()
    if chromium is None:
        sys.exit("Debian chromium not installed: apt-get install chromium")
    with harness.serve_voila(notebook) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(**harness.launch_args(chromium))
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(120_000)
        harness.allow_local_only(context, blocked := [])
        page = context.new_page()
        start = time.monotonic()
        page.goto(url + "/")
        scope = page
        if explorer:
            pattern = re.compile(rf"^\s*{re.escape(explorer)} \(")
            scope = harness.readout_box(page, pattern)
        handle = harness.slider_handle(scope, description)
        handle.wait_for()
        handle.scroll_into_view_if_needed()
        harness.wait_for_figure_ready(scope)
        print(f"page ready in {time.monotonic() - start:.1f} s")
        harness.install_draw_probe(scope)
        handle.focus()
        times = []
        for _ in range(presses):
            at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute(
                "aria-valuemax"
            )
            key = "ArrowLeft" if at_max else "ArrowRight"  # bounce off the end
            before = harness.canvas_png(scope)
            times.append(harness.key_to_figure_ms(scope, handle, key))
            if harness.canvas_png(scope) == before:
                sys.exit("the figure was repainted with the same image")
            harness.wait_for_figure_ready(scope, quiet=0.3)
        browser.close()
    if blocked:
        print("blocked requests:", *blocked, sep="\n  ")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebook", nargs="?", type=Path, default=LESSON, help="default: lesson 3"
    )
    parser.add_argument("--slider", default=None, help='slider description ("α")')
    parser.add_argument(
        "--explorer", default="momentum", help="method the explorer's readout names"
    )
    parser.add_argument("--demo", action="store_true", help="use the demo notebook")
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.demo:
            notebook = harness.write_demo_notebook(Path(tmp, "demo.ipynb"))
            slider, explorer = args.slider or "alpha", ""
        else:
            notebook, slider, explorer = (
                args.notebook,
                args.slider or "α",
                args.explorer,
            )
        times = measure(notebook.resolve(), slider, explorer, args.presses)
    where = f"{explorer} explorer, " if explorer else ""
    print(f"{notebook.name}: {where}slider {slider!r}, {len(times)} presses")
    median, worst = statistics.median(times), max(times)
    print(f"key press to figure on screen (target <= {TARGET_MS:.0f} ms):")
    for name, value in (("median", median), ("max", worst)):
        verdict = "ok" if value <= TARGET_MS else "over target"
        print(f"  {name:6s} {value:4.0f} ms  {verdict}")


if __name__ == "__main__":
    main()
