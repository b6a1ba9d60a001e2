"""A gradebook: check many submissions in parallel, one CSV row per student.

``python -m optlab.assignments grade SUBMISSIONS... --csv FILE``

* A submission is a notebook file, or a folder per student holding that
  student's notebooks (the folder's name is the student's name). For a file,
  the student is its folder's name when the file keeps the assignment's name
  (``alice/A1_momentum.ipynb``), else the file's name (``alice.ipynb``).
* Each notebook is checked by its own ``pytest --nbval`` process with its own
  kernel, under :class:`~optlab.assignments.limits.Limits` and a time limit
  per cell and per notebook; ``jobs`` of them run at once (default: one per
  core). Nothing a student wrote runs in the grader's process: it only reads
  the notebook files as JSON and starts the checking processes.
* A notebook that cannot be read, never ends, or eats memory gets its row
  with the reason in its ``status`` ("checked; ran out of time in 'Part 2
  ...'"); the others are graded as usual.
* Points: a question checked automatically earns the points of its checked
  cells (``metadata["nbgrader"]["points"]``) when it passes, else 0. Written
  answers are graded by hand; their column says ``answered`` or
  ``unanswered``.
* A feedback file per notebook (markdown) holds the lines ``check`` prints.
"""

from __future__ import annotations

import csv
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .cells import graded_cells
from .check import CheckReport, check_submissions
from .limits import Limits

__all__ = ["GradeRow", "collect_submissions", "grade", "write_csv", "write_feedback"]

_HAND = "by hand"


@dataclass
class GradeRow:
    """The grade of one student's notebook for one assignment."""

    student: str
    submission: Path
    assignment: str = ""
    points: dict[str, float | str] = field(default_factory=dict)  # per question
    max_points: dict[str, float] = field(default_factory=dict)  # automatic only
    status: str = "checked"  # or why it could not be checked
    report: CheckReport | None = None

    @property
    def total(self) -> float:
        return sum(v for v in self.points.values() if not isinstance(v, str))

    @property
    def max_total(self) -> float:
        return sum(self.max_points.values())

    def feedback(self) -> str:
        """The feedback file: who, what, and the lines ``check`` prints."""
        lines = [
            f"# {self.assignment or 'unknown assignment'}: {self.student}",
            "",
            f"Automatic points: {self.total:g} of {self.max_total:g}"
            + ("" if self.status == "checked" else f" ({self.status})"),
            "",
            "```",
            self.report.text() if self.report is not None else self.status,
            "```",
            "",
        ]
        return "\n".join(lines)


def _student_of(path: Path, assignments: set[str]) -> str:
    stem = path.stem
    return path.resolve().parent.name if stem in assignments else stem


def collect_submissions(
    paths, assignments: set[str]
) -> tuple[list[tuple[str, Path]], list[GradeRow]]:
    """(student, notebook) pairs to check, and rows for folders with none."""
    pairs, empty = [], []
    for path in map(Path, paths):
        if path.is_dir():
            notebooks = sorted(
                p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
            )
            pairs += [(path.name, notebook) for notebook in notebooks]
            if not notebooks:
                empty.append(GradeRow(path.name, path, status="no notebook found"))
        else:
            pairs.append((_student_of(path, assignments), path))
    return pairs, empty


def _points(reference: Path) -> tuple[dict[str, float], set[str]]:
    """Points per automatically checked question, and the written questions."""
    nb = nbformat.read(str(reference), as_version=4)
    points: dict[str, float] = {}
    written = set()
    for cell in graded_cells(nb):
        meta = nb.cells[cell.index].metadata["nbgrader"]
        if cell.checked:
            points[cell.question] = points.get(cell.question, 0.0) + float(
                meta.get("points", 1)
            )
        elif cell.manual:
            written.add(cell.question)
    return points, written - set(points)


_LIMITS = (  # how the checker words a limit that stopped a cell -> the status
    ("ran out of time", "ran out of time"),
    ("not run: an earlier cell ran out of time", "ran out of time"),
    ("the notebook ran out of memory", "ran out of memory"),
    ("the notebook's Python process stopped", "its Python process stopped"),
)


def _limit_reached(report: CheckReport) -> str | None:
    """Which limit stopped the run, and where (for the gradebook's status)."""
    for result in report.results:
        for start, what in _LIMITS:
            if result.status == "FAIL" and result.detail.startswith(start):
                return f"{what} in {result.name!r}"
    return None


def _grade_one(student: str, path: Path, options: dict) -> GradeRow:
    row = GradeRow(student, path)
    try:
        (report,) = check_submissions([path], **options)
    except Exception as error:  # noqa: BLE001 - one submission never stops the rest
        row.status = f"not checked: {type(error).__name__}: {error}".splitlines()[0]
        return row
    row.report = report
    row.assignment = report.assignment
    if report.error is not None:
        row.status = "cannot check: " + report.error.splitlines()[0]
    elif _limit_reached(report) is not None:
        row.status = "checked; " + _limit_reached(report)
    if report.reference is not None:
        row.max_points, written = _points(report.reference)
        results = {result.question: result for result in report.results}
        for question in row.max_points:
            result = results.get(question)
            passed = result is not None and result.passed
            row.points[question] = row.max_points[question] if passed else 0.0
        for question in sorted(written):
            result = results.get(question)
            answered = result is not None and result.status == "ANSWERED"
            row.points[question] = "answered" if answered else "unanswered"
    return row


def grade(
    paths,
    *,
    source: str | Path | None = None,
    jobs: int | None = None,
    timeout: float = 60.0,
    total_timeout: float | None = 600.0,
    limits: Limits | None = None,
) -> list[GradeRow]:
    """Check every submission, ``jobs`` at a time; one row per notebook.

    Parameters
    ----------
    paths : iterable of path
        Notebook files, or one folder per student.
    source : path, optional
        Instructor notebooks (or a student bundle) to grade against; default:
        the instructor notebooks of the source tree.
    jobs : int, optional
        Submissions checked at once (default: the number of cores).
    timeout : float, default 60
        Seconds one cell may run.
    total_timeout : float, default 600
        Seconds one notebook may run in all.
    limits : Limits, optional
        Memory and CPU limits per run (default: ``Limits()``).
    """
    from .cells import default_source_dir

    source = Path(source) if source is not None else default_source_dir()
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number >= 1; got {jobs!r}")
    assignments = {
        p.stem.removesuffix("_instructor") for p in source.glob("*.ipynb")
    } | {p.stem for p in (source / "reference").glob("*.json")}
    pairs, rows = collect_submissions(paths, assignments)
    options = {
        "source": source,
        "timeout": timeout,
        "total_timeout": total_timeout,
        "limits": limits if limits is not None else Limits(),
    }
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_grade_one, s, p, options) for s, p in pairs]
        rows += [future.result() for future in futures]
    return sorted(rows, key=lambda row: (row.student, row.assignment, row.submission))


def _safe(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_") or "submission"


def write_csv(rows: list[GradeRow], path: str | Path) -> Path:
    """One row per student and assignment: points per question and the total."""
    path = Path(path)
    questions: list[str] = []
    for row in rows:
        for question in row.points:
            if question not in questions:
                questions.append(question)
    header = ["student", "assignment", "submission", "status"]
    header += [
        q if any(q in row.max_points for row in rows) else f"{q} ({_HAND})"
        for q in questions
    ]
    header += ["total", "max_total"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            cells = [row.student, row.assignment, str(row.submission), row.status]
            for question in questions:
                value = row.points.get(question, "")
                cells.append(f"{value:g}" if isinstance(value, float) else value)
            cells += [f"{row.total:g}", f"{row.max_total:g}"]
            writer.writerow(cells)
    return path


def write_feedback(rows: list[GradeRow], folder: str | Path) -> list[Path]:
    """A markdown file per row: ``STUDENT_ASSIGNMENT.md``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for row in rows:
        name = _safe(f"{row.student}_{row.assignment or row.submission.stem}")
        target = folder / f"{name}.md"
        number = 2
        while target in written:  # two notebooks of one student and assignment
            target = folder / f"{name}_{number}.md"
            number += 1
        target.write_text(row.feedback(), encoding="utf-8")
        written.append(target)
    return written
