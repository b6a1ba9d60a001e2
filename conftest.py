"""Settings shared by every test: plain-Python tests draw with Agg.

Notebooks under nbval choose their own backend (``%matplotlib widget``), and
the browser tests start Voila and JupyterLab without this variable.

Heavy variants run on demand: tests marked with one of ``ON_DEMAND`` are
deselected unless the ``-m`` expression names their marker, e.g.
``python -m pytest -m nbgrader`` or ``python -m pytest tests/hub -m hub_heavy``.
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

#: Markers of tests that run only when ``-m`` names them.
ON_DEMAND = ("hub_heavy", "nbgrader")


def pytest_collection_modifyitems(config, items):
    asked = config.getoption("markexpr") or ""
    skipped = [m for m in ON_DEMAND if m not in asked]
    keep, drop = [], []
    for item in items:
        on_demand = any(item.get_closest_marker(m) for m in skipped)
        (drop if on_demand else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
