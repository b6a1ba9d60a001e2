"""Execute notebooks top to bottom in a fresh kernel and save their outputs.

Usage::

    python scripts/execute_notebooks.py                    # every lesson
    python scripts/execute_notebooks.py notebooks/03_momentum.ipynb

Each notebook runs in a new kernel with the notebook's folder as working
directory; widget state and cell timings are not stored (they would only
bloat the file and change at every run), so a committed notebook holds
exactly what a run printed and drew, plus the static pictures the explorers
put beside their widgets.

A widget's output names a live widget in the kernel that ran it; without
stored widget state that name is dead in the file, and a viewer that does
not fall back to the picture beside it shows an error instead. So where an
output carries a PNG (every explorer and every ipympl figure does) only the
PNG and its text are kept; running the cell again brings the sliders back.
ipympl's HTML copy of the same PNG goes too, which halves the file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def keep_pictures_of_widgets(notebook) -> None:
    """Outputs with a widget view and a PNG keep the PNG and text only."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "image/png" in data:
                data.pop(WIDGET_VIEW)
                data.pop("text/html", None)


def execute(path: Path, timeout: int = 600) -> float:
    """Run one notebook in place; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:  # timings only make every re-run a diff
        cell.metadata.pop("execution", None)
    keep_pictures_of_widgets(notebook)
    nbformat.write(notebook, path)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson")
    args = parser.parse_args(argv)
    for path in args.notebooks or LESSONS:
        seconds = execute(path.resolve())
        print(f"{path.name}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
