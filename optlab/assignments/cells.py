"""What the assignment notebooks mark in their cells (nbgrader's conventions).

A graded cell carries ``cell.metadata["nbgrader"]`` with a ``grade_id``:

* a *solution* cell (``"solution": true``) holds code between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION`` that the student writes, or,
  in a markdown cell, a written answer graded by hand (``"grade": true``);
* a *checked* cell (``"grade": true``, ``"solution": false``, ``"locked":
  true``) prints numbers that the checker compares with the instructor's and
  asserts them against a reference with a stated tolerance, so a wrong
  answer raises (the rule nbgrader grades by). Lines between
  ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` run only when
  grading: student versions and the student bundle leave them out, and they
  print nothing (the printed output is the same with and without them).

A checked cell belongs to the question whose name is its grade_id without a
trailing ``_check`` (``q2_momentum_check`` checks ``q2_momentum``), so one
question can have a solution cell and several checked cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ANSWER_STUB",
    "BEGIN",
    "CODE_STUB",
    "END",
    "GradedCell",
    "HIDDEN_BEGIN",
    "HIDDEN_END",
    "default_sanitizer",
    "default_source_dir",
    "graded_cells",
    "question_of",
    "solution_regions",
    "without_hidden_tests",
]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
ANSWER_STUB = "YOUR ANSWER HERE"
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"

_CHECK_SUFFIX = re.compile(r"_check\d*$")


@dataclass(frozen=True)
class GradedCell:
    """A cell with nbgrader metadata, and where it sits in its notebook."""

    grade_id: str
    index: int
    cell_type: str
    solution: bool
    checked: bool
    manual: bool

    @property
    def question(self) -> str:
        return question_of(self.grade_id)


def question_of(grade_id: str) -> str:
    """The question a cell belongs to: its grade_id without ``_check``."""
    return _CHECK_SUFFIX.sub("", grade_id)


def graded_cells(nb) -> list[GradedCell]:
    """The cells of ``nb`` that carry an nbgrader grade_id, in notebook order."""
    found = []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        if not isinstance(meta, dict) or not meta.get("grade_id"):
            continue
        solution = bool(meta.get("solution", False))
        grade = bool(meta.get("grade", False))
        found.append(
            GradedCell(
                grade_id=str(meta["grade_id"]),
                index=index,
                cell_type=cell.cell_type,
                solution=solution,
                checked=grade and not solution and cell.cell_type == "code",
                manual=grade and solution and cell.cell_type == "markdown",
            )
        )
    return found


def solution_regions(
    source: str, begin_marker: str = BEGIN, end_marker: str = END
) -> list[tuple[int, int, str]]:
    """Line ranges ``(begin, end, indent)`` of the solution regions in ``source``.

    ``begin`` and ``end`` index the marker lines; ``indent`` is the
    whitespace before ``### BEGIN SOLUTION``. Other markers (the hidden
    tests') are found the same way.

    Raises
    ------
    ValueError
        If the markers are unbalanced or nested.
    """
    regions = []
    begin = None
    indent = ""
    for number, line in enumerate(source.splitlines()):
        marker = line.strip()
        if marker == begin_marker:
            if begin is not None:
                raise ValueError(
                    f"line {number + 1}: {begin_marker!r} inside another region"
                )
            begin, indent = number, line[: len(line) - len(line.lstrip())]
        elif marker == end_marker:
            if begin is None:
                raise ValueError(
                    f"line {number + 1}: {end_marker!r} without {begin_marker!r}"
                )
            regions.append((begin, number, indent))
            begin = None
    if begin is not None:
        raise ValueError(
            f"line {begin + 1}: {begin_marker!r} is never closed by {end_marker!r}"
        )
    return regions


def without_hidden_tests(source: str) -> str:
    """``source`` with every hidden-tests region, markers included, left out."""
    lines = source.splitlines()
    for begin, end, _ in reversed(solution_regions(source, HIDDEN_BEGIN, HIDDEN_END)):
        del lines[begin : end + 1]
    return "\n".join(lines).rstrip("\n")


def default_source_dir() -> Path:
    """``notebooks/assignments`` of the source tree optlab was installed from."""
    return Path(__file__).resolve().parents[2] / "notebooks" / "assignments"


def default_sanitizer() -> Path | None:
    """The project's nbval sanitizer, ``notebooks/sanitize.cfg``, if there is one."""
    path = Path(__file__).resolve().parents[2] / "notebooks" / "sanitize.cfg"
    return path if path.is_file() else None
