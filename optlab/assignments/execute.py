"""Run instructor notebooks top to bottom in a fresh kernel and store the outputs."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import nbformat

__all__ = ["execute_notebook"]


@contextmanager
def _inline_figures():
    """Let the kernel draw figures inline even where MPLBACKEND is set (e.g. CI)."""
    saved = os.environ.pop("MPLBACKEND", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["MPLBACKEND"] = saved


def execute_notebook(
    path: str | Path, *, timeout: float = 120.0, kernel_name: str = "python3"
) -> None:
    """Execute the notebook at ``path`` in a fresh kernel and save it in place.

    Execution counts run 1, 2, ... in order; no timing metadata is stored.

    Parameters
    ----------
    path : path
        The notebook.
    timeout : float, default 120
        Seconds one cell may run.
    kernel_name : str, default "python3"
        Jupyter kernel to use.
    """
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    with _inline_figures():
        client.execute()
    nbformat.write(nb, str(path))
