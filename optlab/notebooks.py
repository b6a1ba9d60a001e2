"""Execute notebooks top to bottom in a fresh kernel and store their outputs.

Used for the lessons (``scripts/execute_notebooks.py``) and the instructor
notebooks (``python -m optlab.assignments execute``), so every committed
notebook holds exactly what a run printed and drew:

* each notebook runs in a new kernel, with its own folder as the working
  directory, and ``MPLBACKEND`` unset so figures are drawn as pictures (a
  notebook that wants live figures says ``%matplotlib widget`` itself);
* execution counts run 1, 2, 3, ...; cell timings and widget state are not
  stored (they change at every run and cannot be compared);
* a widget's output names a live widget in the kernel that ran it; without
  stored widget state that name is dead in the file, and a viewer that does
  not fall back to the picture beside it shows an error instead. So where an
  output carries a PNG (every explorer and every ipympl figure does) only the
  PNG and its text are kept; running the cell again brings the sliders back.
  ipympl's HTML copy of the same PNG goes too, which halves the file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat

__all__ = ["execute_notebook", "keep_pictures_of_widgets"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@contextmanager
def _pictures_not_agg() -> Iterator[None]:
    """Let the kernel draw figures even where MPLBACKEND=Agg is set (tests, CI)."""
    saved = os.environ.pop("MPLBACKEND", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["MPLBACKEND"] = saved


def keep_pictures_of_widgets(notebook) -> None:
    """Outputs with a widget view and a PNG keep the PNG and text only."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "image/png" in data:
                data.pop(WIDGET_VIEW)
                data.pop("text/html", None)


def execute_notebook(
    path: str | Path, *, timeout: float = 600.0, kernel_name: str = "python3"
) -> float:
    """Execute the notebook at ``path`` in a fresh kernel and save it in place.

    Parameters
    ----------
    path : path
        The notebook.
    timeout : float, default 600
        Seconds one cell may run.
    kernel_name : str, default "python3"
        Jupyter kernel to use.

    Returns
    -------
    float
        Seconds the run took.
    """
    from nbclient import NotebookClient

    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,
    )
    start = time.perf_counter()
    with _pictures_not_agg():
        client.execute()
    seconds = time.perf_counter() - start
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    keep_pictures_of_widgets(notebook)
    nbformat.write(notebook, path)
    return seconds
