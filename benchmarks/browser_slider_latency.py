"""Latency from a slider key press to the ipympl figure changing, in Voila.

    .venv/bin/python benchmarks/browser_slider_latency.py [NOTEBOOK [DESCRIPTION]]

Without arguments a small demo notebook (slider "alpha" scaling a sine) is used.
Each of 20 ArrowRight presses (ArrowLeft once the slider is at its maximum) is
timed from the key press until the canvas pixels differ; the median and maximum
are printed in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import harness  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def measure(notebook: Path, description: str, presses: int) -> list[float]:
    chromium = harness.find_chromium()
    if chromium is None:
        sys.exit("Debian chromium not installed: apt-get install chromium")
    with harness.serve_voila(notebook) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(**harness.launch_args(chromium))
        context = browser.new_context()
        context.set_default_timeout(120_000)
        harness.allow_local_only(context, blocked := [])
        page = context.new_page()
        page.goto(url + "/")
        handle = harness.slider_handle(page, description)
        handle.wait_for()
        before = harness.wait_for_figure_ready(page)
        handle.focus()
        times = []
        for _ in range(presses):
            at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute(
                "aria-valuemax"
            )
            key = "ArrowLeft" if at_max else "ArrowRight"  # bounce off the end
            start = time.perf_counter()
            handle.press(key)
            harness.wait_for_figure_change(page, before, poll=0.002)
            times.append((time.perf_counter() - start) * 1000)
            before = harness.wait_for_figure_ready(page, quiet=0.3)
        browser.close()
    if blocked:
        print("blocked requests:", *blocked, sep="\n  ")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", type=Path)
    parser.add_argument("description", nargs="?", default="alpha")
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        notebook = args.notebook or harness.write_demo_notebook(Path(tmp, "demo.ipynb"))
        times = measure(notebook.resolve(), args.description, args.presses)
    print(f"{notebook.name}: slider {args.description!r}, {len(times)} presses")
    print(f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms")


if __name__ == "__main__":
    main()
