"""Assignments: student versions, the structure checks and nbval-checked submissions.

The notebook-running tests share one checker run (one ``pytest --nbval``
subprocess over every notebook they need) to keep the file fast.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from optlab.assignments import (
    SubmissionError,
    check_submissions,
    graded_cells,
    release,
    solution_regions,
    student_text,
    student_version,
)
from optlab.assignments.cells import ANSWER_STUB, BEGIN, CODE_STUB, END
from optlab.assignments.check import match_cells

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "notebooks" / "assignments"
STUDENT = SOURCE / "student"
INSTRUCTORS = sorted(SOURCE.glob("*_instructor.ipynb"))
NAMES = [path.name.removesuffix("_instructor.ipynb") for path in INSTRUCTORS]
RIGHT_MOMENTUM = "d = beta * d + (1 - beta) * grad(w)"
WRONG_MOMENTUM = "d = beta * d + grad(w)"


def read(path):
    return nbformat.read(str(path), as_version=4)


def instructor(name):
    return read(SOURCE / f"{name}_instructor.ipynb")


def student(name):
    return read(STUDENT / f"{name}.ipynb")


def region_lines(source: str) -> list[str]:
    """The lines inside the solution regions of a cell, markers left out."""
    lines = source.splitlines()
    return [
        line
        for begin, end, _ in solution_regions(source)
        for line in lines[begin + 1 : end]
    ]


def completed(name):
    """The student version with each stub replaced by the instructor's solution."""
    nb = student(name)
    solutions = {
        cell.grade_id: region_lines(instructor(name).cells[cell.index].source)
        for cell in graded_cells(instructor(name))
        if cell.solution
    }
    for cell in graded_cells(nb):
        if not cell.solution:
            continue
        lines = nb.cells[cell.index].source.splitlines()
        filled = []
        for line in lines:
            if line.strip() == CODE_STUB[1]:
                continue  # the raise line of a code stub
            if line.strip() in (CODE_STUB[0], ANSWER_STUB):
                filled += solutions[cell.grade_id]
            else:
                filled.append(line)
        nb.cells[cell.index].source = "\n".join(filled)
    return nb


def cell_by_id(nb, grade_id):
    for cell in graded_cells(nb):
        if cell.grade_id == grade_id:
            return nb.cells[cell.index]
    raise KeyError(grade_id)


def test_there_are_three_assignments():
    assert NAMES == ["A1_momentum", "A2_rmsprop_adam", "A3_experiment"]


# -- student versions ------------------------------------------------------


@pytest.mark.parametrize("path", INSTRUCTORS, ids=NAMES)
def test_committed_student_version_is_up_to_date(path):
    committed = STUDENT / path.name.replace("_instructor", "")
    assert committed.exists(), "run: python -m optlab.assignments release"
    assert committed.read_text(encoding="utf-8") == student_text(path), (
        f"{committed.name} is out of date; run: python -m optlab.assignments release"
    )


def test_no_solution_line_appears_in_any_student_version():
    solution = {
        line.strip()
        for path in INSTRUCTORS
        for cell in read(path).cells
        for line in region_lines(cell.source)
        if any(char.isalnum() for char in line)  # not a lone bracket
    }
    assert len(solution) > 40  # the regions were found
    for path in sorted(STUDENT.glob("*.ipynb")):
        for number, cell in enumerate(read(path).cells):
            leaked = {line.strip() for line in cell.source.splitlines()} & solution
            assert not leaked, f"{path.name}, cell {number}: {sorted(leaked)}"


@pytest.mark.parametrize("name", NAMES)
def test_student_version_has_stubs_and_no_outputs(name):
    nb = student(name)
    for cell in graded_cells(nb):
        source = nb.cells[cell.index].source
        if cell.solution and cell.cell_type == "code":
            assert CODE_STUB[0] in source and CODE_STUB[1] in source
        if cell.solution and cell.cell_type == "markdown":
            assert ANSWER_STUB in source
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert nb.metadata["optlab"]["assignment"] == name


@pytest.mark.parametrize("name", NAMES)
def test_instructor_outputs_come_from_one_run_in_order(name):
    counts = [
        c.execution_count for c in instructor(name).cells if c.cell_type == "code"
    ]
    assert counts == list(range(1, len(counts) + 1))
    for cell in graded_cells(instructor(name)):
        if cell.checked:
            assert instructor(name).cells[cell.index].outputs, cell.grade_id


def _tiny_notebook(solution_source, cell_type="code"):
    make = new_code_cell if cell_type == "code" else new_markdown_cell
    cell = make(solution_source)
    cell.metadata["nbgrader"] = {"grade_id": "q1", "solution": True, "grade": False}
    given = new_code_cell("print(1)", execution_count=1)
    given.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    return new_notebook(cells=[cell, given])


def test_stub_keeps_the_indentation_and_the_code_around_it():
    source = f"def f(x):\n    y = 2\n    {BEGIN}\n    return x * y\n    {END}"
    stub = student_version(_tiny_notebook(source))
    assert stub.cells[0].source == (
        "def f(x):\n    y = 2\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    )
    assert stub.cells[1].outputs == [] and stub.cells[1].execution_count is None
    assert stub.cells[0].metadata["nbgrader"]["grade_id"] == "q1"


def test_markdown_answer_becomes_your_answer_here():
    source = f"Answer:\n\n{BEGIN}\nBecause.\n{END}"
    stub = student_version(_tiny_notebook(source, "markdown"))
    assert stub.cells[0].source == "Answer:\n\nYOUR ANSWER HERE"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x = 1", "has no"),
        (f"{BEGIN}\nx = 1", "never closed"),
        (f"x = 1\n{END}", "without"),
        (f"{BEGIN}\n{BEGIN}\n{END}\n{END}", "inside another"),
    ],
)
def test_bad_solution_markers_are_refused(source, message):
    with pytest.raises(ValueError, match=message):
        student_version(_tiny_notebook(source))


def test_release_writes_missing_and_changed_versions_only(tmp_path):
    written = release(SOURCE, tmp_path)
    assert sorted(path.name for path in written) == [f"{n}.ipynb" for n in NAMES]
    assert release(SOURCE, tmp_path) == []
    target = tmp_path / "A2_rmsprop_adam.ipynb"
    target.write_text("{}", encoding="utf-8")
    assert release(SOURCE, tmp_path, dry_run=True) == [target]
    assert target.read_text(encoding="utf-8") == "{}"
    with pytest.raises(ValueError, match="found none"):
        release(tmp_path, tmp_path / "out")


# -- structure problems: a clear message, no run -----------------------------


def _broken(kind):
    nb = completed("A1_momentum")
    cells = graded_cells(nb)
    if kind == "missing":
        del nb.cells[cells[1].index]
        return nb, ["'q1_exponential_average_check' is missing"]
    if kind == "renamed":
        nb.cells[cells[2].index].metadata["nbgrader"]["grade_id"] = "q2_my_momentum"
        return nb, ["'q2_momentum' is missing", "'q2_my_momentum' is not part"]
    if kind == "reordered":
        first, second = cells[2].index, cells[4].index
        nb.cells[first], nb.cells[second] = nb.cells[second], nb.cells[first]
        return nb, ["out of order", "expected q1_exponential_average"]
    if kind == "duplicated":
        copy = nbformat.from_dict(nb.cells[cells[0].index])
        copy.id = "a-copy"  # Jupyter gives a copied cell a new id
        nb.cells.append(copy)
        return nb, ["'q1_exponential_average' appears 2 times"]
    nb.cells[cells[-1].index] = new_code_cell(  # a written answer made code
        nb.cells[cells[-1].index].source, metadata=nb.cells[cells[-1].index].metadata
    )
    return nb, ["'q4_explanation' must be a markdown cell"]


@pytest.mark.parametrize(
    "kind", ["missing", "renamed", "reordered", "duplicated", "retyped"]
)
def test_structure_problems_get_a_clear_message(kind, tmp_path):
    nb, phrases = _broken(kind)
    with pytest.raises(SubmissionError) as caught:
        match_cells(nb, instructor("A1_momentum"))
    for phrase in phrases:
        assert phrase in str(caught.value)
    path = tmp_path / "A1_momentum.ipynb"
    nbformat.write(nb, str(path))
    (report,) = check_submissions([path], source=SOURCE)
    assert not report.passed and phrase in report.error


def test_command_line_reports_a_renamed_cell_without_a_traceback(tmp_path):
    nb, _ = _broken("renamed")
    path = tmp_path / "mine.ipynb"
    nbformat.write(nb, str(path))
    done = subprocess.run(
        [sys.executable, "-m", "optlab.assignments", "check", str(path)],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert "CANNOT CHECK" in done.stdout and "'q2_momentum' is missing" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_unknown_assignment_and_unreadable_file_are_reported(tmp_path):
    nb = completed("A1_momentum")
    nb.metadata["optlab"]["assignment"] = "A9_nothing"
    unknown = tmp_path / "homework.ipynb"
    nbformat.write(nb, str(unknown))
    garbage = tmp_path / "garbage.ipynb"
    garbage.write_text("not json", encoding="utf-8")
    first, second = check_submissions([unknown, garbage], source=SOURCE)
    assert "cannot tell which assignment" in first.error
    assert "cannot be read as a notebook" in second.error


# -- running submissions with nbval --------------------------------------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """One checker run over every submission the tests below look at."""
    folder = tmp_path_factory.mktemp("submissions")
    submissions = {}
    for name in NAMES:
        submissions[f"instructor {name}"] = SOURCE / f"{name}_instructor.ipynb"
        submissions[f"untouched {name}"] = STUDENT / f"{name}.ipynb"
        path = folder / f"completed_{name}.ipynb"
        nbformat.write(completed(name), str(path))
        submissions[f"completed {name}"] = path
    wrong = completed("A1_momentum")
    momentum = cell_by_id(wrong, "q2_momentum")
    assert RIGHT_MOMENTUM in momentum.source
    momentum.source = momentum.source.replace(RIGHT_MOMENTUM, WRONG_MOMENTUM)
    submissions["wrong momentum"] = folder / "wrong_momentum.ipynb"
    nbformat.write(wrong, str(submissions["wrong momentum"]))
    edited = completed("A1_momentum")
    cell_by_id(edited, "q3_comparison_check").source = 'print("all good")'
    submissions["edited check"] = folder / "edited_check.ipynb"
    nbformat.write(edited, str(submissions["edited check"]))
    found = check_submissions(list(submissions.values()), source=SOURCE)
    return dict(zip(submissions, found, strict=True))


def _questions(name):
    return list(dict.fromkeys(cell.question for cell in graded_cells(instructor(name))))


@pytest.mark.parametrize("name", NAMES)
def test_instructor_version_passes(reports, name):
    report = reports[f"instructor {name}"]
    assert report.error is None and report.other_failures == ()
    assert [result.question for result in report.results] == _questions(name)
    assert report.passed, report.text()


@pytest.mark.parametrize("name", NAMES)
def test_completed_student_version_passes(reports, name):
    report = reports[f"completed {name}"]
    assert report.passed, report.text()
    assert report.notes == ()


@pytest.mark.parametrize("name", NAMES)
def test_untouched_student_version_fails_at_every_stub(reports, name):
    report = reports[f"untouched {name}"]
    assert not report.passed
    written = {c.question for c in graded_cells(instructor(name)) if c.manual}
    for result in report.results:
        assert result.status in ("FAIL", "UNANSWERED"), result.line()
        if result.question in written:
            assert "no written answer yet" in result.detail
        else:
            assert "not written yet" in result.detail
            assert "NotImplementedError" in result.detail
    assert "FAIL" in report.text() and "Traceback" not in report.text()


def test_momentum_without_the_one_minus_beta_factor_fails_with_the_difference(
    reports,
):
    report = reports["wrong momentum"]
    verdicts = {result.question: result for result in report.results}
    assert verdicts["q1_exponential_average"].status == "PASS"
    momentum = verdicts["q2_momentum"]
    assert momentum.status == "FAIL"
    assert "expected: w^2 = (8.03, -1.75925)" in momentum.detail
    assert "got: w^2 = (7.4, -0.4625)" in momentum.detail
    assert "check failed: beta = 0.2: your path is not the same" in momentum.detail
    comparison = verdicts["q3_comparison"]
    assert comparison.status == "FAIL" and "expected:" in comparison.detail
    assert comparison.detail.startswith(
        "fails because 'Part 2 \u2014 momentum (lesson 3)' fails (this question "
        "uses `momentum_path`)"
    )
    assert "Part 2 \u2014 momentum (lesson 3): FAIL \u2014 check failed" in (
        report.text()
    )
    assert "q2_momentum" not in report.text()  # headings, not hidden ids


def test_edited_checked_cell_is_run_as_written_by_the_instructor(reports):
    report = reports["edited check"]
    assert report.passed, report.text()
    assert report.notes == (
        "the checked cell 'q3_comparison_check' was edited; the original was run",
    )
