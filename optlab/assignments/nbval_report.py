"""A pytest plugin that records what nbval decided for every notebook cell.

The checker runs ``pytest --nbval -p optlab.assignments.nbval_report`` with
``OPTLAB_NBVAL_REPORT`` naming a file; each cell's outcome is appended there
as one JSON line: the notebook, the cell's number among the code cells, its
grade_id, the outcome, nbval's message and, for a failure, the reference and
the newly computed outputs. nbval makes every decision; this only writes it
down in a form the checker can map back to questions.
"""

from __future__ import annotations

import json
import os

import pytest

REPORT_VARIABLE = "OPTLAB_NBVAL_REPORT"


def _plain(outputs) -> list[dict]:
    """The parts of notebook outputs the checker shows: text and errors."""
    plain = []
    for output in outputs or []:
        kind = output.get("output_type")
        if kind == "stream":
            plain.append({"kind": "stream", "text": output.get("text", "")})
        elif kind in ("execute_result", "display_data"):
            text = output.get("data", {}).get("text/plain", "")
            plain.append({"kind": kind, "text": text})
        elif kind == "error":
            plain.append(
                {
                    "kind": "error",
                    "ename": output.get("ename", ""),
                    "evalue": output.get("evalue", ""),
                    "traceback": list(output.get("traceback", [])),
                }
            )
    return plain


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    path = os.environ.get(REPORT_VARIABLE)
    cell = getattr(item, "cell", None)
    if not path or cell is None:
        return
    if report.when != "call" and not (report.failed or report.skipped):
        return
    error = call.excinfo.value if call.excinfo is not None else None
    record = {
        "notebook": os.path.basename(str(item.fspath)),
        "cell_num": item.cell_num,
        "grade_id": cell.metadata.get("nbgrader", {}).get("grade_id"),
        "when": report.when,
        "outcome": report.outcome,
        "xfail": hasattr(report, "wasxfail"),
        "message": str(error) if error is not None else "",
        "expected": _plain(cell.get("outputs")),
        "got": _plain(getattr(item, "test_outputs", None)),
    }
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
