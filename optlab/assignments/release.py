"""Student versions of the instructor notebooks.

Every solution region becomes a stub: in code, ``# YOUR CODE HERE`` and
``raise NotImplementedError()`` at the region's indentation; in markdown,
``YOUR ANSWER HERE``. Hidden tests (``### BEGIN HIDDEN TESTS`` ...
``### END HIDDEN TESTS``) are left out of the checked cells. All outputs and
execution counts are cleared (the checker takes the reference outputs from the
instructor version); everything
else, including the nbgrader metadata and the cell ids the checker matches
on, is kept.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from .cells import (
    ANSWER_STUB,
    CODE_STUB,
    graded_cells,
    solution_regions,
    without_hidden_tests,
)

__all__ = [
    "INSTRUCTOR_SUFFIX",
    "instructor_notebooks",
    "release",
    "solved_version",
    "student_name",
    "student_text",
    "student_version",
]

INSTRUCTOR_SUFFIX = "_instructor"


def student_name(instructor_path: str | Path) -> str:
    """``A1_momentum_instructor.ipynb`` -> ``A1_momentum.ipynb``."""
    path = Path(instructor_path)
    if not path.stem.endswith(INSTRUCTOR_SUFFIX):
        raise ValueError(
            f"instructor_path must name a file ending in "
            f"'{INSTRUCTOR_SUFFIX}.ipynb'; got {path.name!r}"
        )
    return path.stem[: -len(INSTRUCTOR_SUFFIX)] + path.suffix


def _stubbed(source: str, cell_type: str) -> str:
    """``source`` with every solution region replaced by its stub."""
    lines = source.splitlines()
    for begin, end, indent in reversed(solution_regions(source)):
        if cell_type == "code":
            stub = [indent + line for line in CODE_STUB]
        else:
            stub = [indent + ANSWER_STUB]
        lines[begin : end + 1] = stub
    return "\n".join(lines)


def student_version(nb):
    """The student version of an instructor notebook (a new notebook).

    Raises
    ------
    ValueError
        If a solution cell has no solution region, or its markers are unbalanced.
    """
    student = copy.deepcopy(nb)
    solution_cells = {cell.index for cell in graded_cells(nb) if cell.solution}
    checked_cells = {cell.index for cell in graded_cells(nb) if cell.checked}
    for index, cell in enumerate(student.cells):
        if index in checked_cells:
            cell.source = without_hidden_tests(cell.source)
        if index in solution_cells:
            if not solution_regions(cell.source):
                grade_id = cell.metadata["nbgrader"]["grade_id"]
                raise ValueError(
                    f"solution cell {grade_id!r} has no '### BEGIN SOLUTION' / "
                    "'### END SOLUTION' region"
                )
            cell.source = _stubbed(cell.source, cell.cell_type)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return student


def solved_version(student, instructor):
    """``student`` with every stub replaced by the instructor's solution.

    What a student who got everything right hands in: used to test the
    checkers and the gradebook (and to plant bugs in).
    """
    solutions = {}
    for cell in graded_cells(instructor):
        if cell.solution:
            source = instructor.cells[cell.index].source
            lines = source.splitlines()
            solutions[cell.grade_id] = [
                line
                for begin, end, _ in solution_regions(source)
                for line in lines[begin + 1 : end]
            ]
    solved = copy.deepcopy(student)
    for cell in graded_cells(solved):
        if not cell.solution:
            continue
        filled = []
        for line in solved.cells[cell.index].source.splitlines():
            if line.strip() == CODE_STUB[1]:
                continue  # the raise line of a code stub
            if line.strip() in (CODE_STUB[0], ANSWER_STUB):
                filled += solutions[cell.grade_id]
            else:
                filled.append(line)
        solved.cells[cell.index].source = "\n".join(filled)
    return solved


def instructor_notebooks(source: str | Path) -> list[Path]:
    """The ``*_instructor.ipynb`` notebooks in ``source``, sorted.

    Raises
    ------
    ValueError
        If there are none.
    """
    source = Path(source)
    found = sorted(source.glob(f"*{INSTRUCTOR_SUFFIX}.ipynb"))
    if not found:
        raise ValueError(
            f"source must be a folder holding *{INSTRUCTOR_SUFFIX}.ipynb notebooks; "
            f"found none in {str(source)!r}"
        )
    return found


def student_text(instructor_path: str | Path) -> str:
    """The student version of the notebook at ``instructor_path``, as file text."""
    nb = nbformat.read(str(instructor_path), as_version=4)
    return nbformat.writes(student_version(nb)) + "\n"


def release(
    source: str | Path, dest: str | Path, *, dry_run: bool = False
) -> list[Path]:
    """Write the student version of every ``*_instructor.ipynb`` in ``source``.

    Parameters
    ----------
    source : path
        Folder of instructor notebooks.
    dest : path
        Folder for the student versions (created if missing).
    dry_run : bool, default False
        Write nothing; only report which student versions are out of date.

    Returns
    -------
    list of Path
        The student versions that were (or, with ``dry_run``, would be)
        written because they were missing or differed.
    """
    source, dest = Path(source), Path(dest)
    instructors = instructor_notebooks(source)
    changed = []
    for instructor in instructors:
        target = dest / student_name(instructor)
        text = student_text(instructor)
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        changed.append(target)
        if not dry_run:
            dest.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return changed
