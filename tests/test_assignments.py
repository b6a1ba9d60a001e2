"""Assignments: student versions, the structure checks and nbval-checked submissions.

The notebook-running tests share one checker run (one ``pytest --nbval``
subprocess over every notebook they need) to keep the file fast.
"""

from __future__ import annotations

import csv
import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import optlab.assignments.check as check_module
from optlab.assignments import (
    SubmissionError,
    check_submissions,
    graded_cells,
    release,
    solution_regions,
    solved_version,
    student_text,
    student_version,
)
from optlab.assignments.bundle import write_bundle
from optlab.assignments.cells import ANSWER_STUB, BEGIN, CODE_STUB, END, HIDDEN_BEGIN
from optlab.assignments.check import build_run_notebook, cell_labels, match_cells
from optlab.assignments.explain import (
    failing_line,
    functions_in_traceback,
    in_student_terms,
    used_names,
)
from optlab.assignments.grade import grade
from optlab.assignments.limits import Limits

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "notebooks" / "assignments"
STUDENT = SOURCE / "student"
INSTRUCTORS = sorted(SOURCE.glob("*_instructor.ipynb"))
NAMES = [path.name.removesuffix("_instructor.ipynb") for path in INSTRUCTORS]
RIGHT_MOMENTUM = "d = beta * d + (1 - beta) * grad(w)"
WRONG_MOMENTUM = "d = beta * d + grad(w)"
PART1 = "'Part 1 \u2014 the exponential average (lesson 2)'"  # A1's headings
PART2 = "'Part 2 \u2014 momentum (lesson 3)'"
PART3 = "'Part 3 \u2014 gradient descent against momentum'"
PART5 = "'Part 5 \u2014 explain (written)'"


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
    return solved_version(student(name), instructor(name))


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
        return nb, [f"the check-yourself cell of {PART1} is missing"]
    if kind == "renamed":
        nb.cells[cells[2].index].metadata["nbgrader"]["grade_id"] = "q2_my_momentum"
        return nb, [
            f"your code for {PART2} is missing",
            f"a cell under {PART2} carries a graded cell's hidden id that this "
            "assignment does not have",
        ]
    if kind == "reordered":
        first, second = cells[2].index, cells[4].index
        nb.cells[first], nb.cells[second] = nb.cells[second], nb.cells[first]
        return nb, [
            f"out of order: your code for {PART3} now comes before your code for "
            f"{PART2}"
        ]
    if kind == "duplicated":
        copy = nbformat.from_dict(nb.cells[cells[0].index])
        copy.id = "a-copy"  # Jupyter gives a copied cell a new id
        nb.cells.append(copy)
        return nb, [f"your code for {PART1} is there 2 times"]
    nb.cells[cells[-1].index] = new_code_cell(  # a written answer made code
        nb.cells[cells[-1].index].source, metadata=nb.cells[cells[-1].index].metadata
    )
    return nb, [f"your written answer for {PART5} must be a markdown cell"]


@pytest.mark.parametrize(
    "kind", ["missing", "renamed", "reordered", "duplicated", "retyped"]
)
def test_structure_problems_get_a_clear_message(kind, tmp_path):
    nb, phrases = _broken(kind)
    with pytest.raises(SubmissionError) as caught:
        match_cells(nb, instructor("A1_momentum"))
    for phrase in phrases:
        assert phrase in str(caught.value)
    assert not re.search(r"\bq\d_", str(caught.value))  # headings, not hidden ids
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
    assert "CANNOT CHECK" in done.stdout
    assert f"your code for {PART2} is missing" in done.stdout
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
    unwritten = completed("A1_momentum")  # part 2 left as handed out
    cell_by_id(unwritten, "q2_momentum").source = cell_by_id(
        student("A1_momentum"), "q2_momentum"
    ).source
    submissions["part 2 unwritten"] = folder / "part2_unwritten.ipynb"
    nbformat.write(unwritten, str(submissions["part 2 unwritten"]))
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


def test_unwritten_part_2_is_named_once_as_the_cause_of_later_failures(reports):
    report = reports["part 2 unwritten"]
    verdicts = {result.question: result for result in report.results}
    assert verdicts["q1_exponential_average"].status == "PASS"
    assert "`momentum_path` still has its" in verdicts["q2_momentum"].detail
    for question in ("q3_comparison", "q4_best_beta"):
        assert verdicts[question].detail == (  # said once, not repeated after it
            f"fails because {PART2} fails (this question uses `momentum_path`); "
            "fix that first"
        )
    # the given plot cell zips its panels with `paths`, empty since part 3
    # fails, which fails because part 2 does: the cell names the root
    (plot,) = report.other_failures
    assert plot.endswith(
        f"fails because {PART2} fails (it uses `paths`, `skewed` from {PART3}, "
        "which fails "
        f"because of it); fix {PART2} first"
    ), plot
    assert "zip()" not in plot and "q3_" not in report.text()


def test_a_question_failing_at_its_own_stub_blames_no_earlier_one(reports):
    report = reports["untouched A1_momentum"]
    best_beta = {result.question: result for result in report.results}["q4_best_beta"]
    # its check's message says "costs" and it uses `skewed` from part 3; neither
    # makes part 3 the cause: its own stub is
    assert best_beta.detail.startswith("not written yet: a `raise"), best_beta.line()
    assert all("zip()" not in failure for failure in report.other_failures)


def test_used_names_skips_strings_and_comments():
    source = 'assert ok, "not the costs"  # costs\nfinal_costs = momentum_path(1)'
    names = {"costs", "momentum_path", "final_costs"}
    assert used_names(source, names) == {"momentum_path", "final_costs"}
    assert used_names("%time x = costs[0]", names) == {"costs"}  # magic: words


def test_edited_checked_cell_is_run_as_written_by_the_instructor(reports):
    report = reports["edited check"]
    assert report.passed, report.text()
    assert report.notes == (
        f"the check-yourself cell of {PART3} was edited; the original was run",
    )


# -- hidden tests, the student bundle ----------------------------------------

GAMED_MOMENTUM = (  # right on the visible check's function, wrong elsewhere
    "def momentum_path(grad, w0, alpha, beta, max_its):\n"
    "    return optlab.momentum(\n"
    '        "skewed_quadratic", w0, alpha=alpha, beta=beta, max_its=max_its\n'
    "    ).w"
)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_ignores_the_working_copies_the_readme_makes():
    for path in ("my-work/A1_momentum.ipynb", "my-lessons/03_momentum.ipynb"):
        done = subprocess.run(
            ["git", "check-ignore", "--no-index", "-q", path],
            cwd=ROOT, capture_output=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"{path} is not ignored by git"


def test_student_versions_hold_no_hidden_test():
    hidden = [
        cell.grade_id
        for path in INSTRUCTORS
        for cell in graded_cells(read(path))
        if HIDDEN_BEGIN in read(path).cells[cell.index].source
    ]
    assert len(hidden) >= 6  # the hidden checks are there to be left out
    for path in STUDENT.glob("*.ipynb"):
        assert "HIDDEN TESTS" not in path.read_text(encoding="utf-8")


def _bundle_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bundle") / "course"
    write_bundle(SOURCE, folder)
    return folder


def test_bundle_holds_the_student_material_and_nothing_else(bundle):
    assert _bundle_files(bundle) == sorted(
        ["README.md"]
        + [f"{name}.ipynb" for name in NAMES]
        + [f"reference/{name}.json" for name in NAMES]
    )
    solution = {
        line.strip()
        for path in INSTRUCTORS
        for cell in read(path).cells
        for line in region_lines(cell.source)
        if any(char.isalnum() for char in line)
    }
    for name in _bundle_files(bundle):
        text = (bundle / name).read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, name
        if name.endswith((".ipynb", ".json")):
            for cell in nbformat.reads(text, as_version=4).cells:
                lines = {line.strip() for line in cell.source.splitlines()}
                assert not lines & solution, (name, sorted(lines & solution))
    with pytest.raises(ValueError, match="new or empty folder"):
        write_bundle(SOURCE, bundle)


def test_bundle_reference_keeps_the_checked_outputs(bundle):
    for name in NAMES:
        reference = read(bundle / "reference" / f"{name}.json")
        teacher = instructor(name)
        assert [c.grade_id for c in graded_cells(reference)] == [
            c.grade_id for c in graded_cells(teacher)
        ]
        for cell in graded_cells(teacher):
            if cell.checked:
                kept = cell_by_id(reference, cell.grade_id)
                assert kept.outputs == teacher.cells[cell.index].outputs


def test_bundle_readme_starts_every_command_with_one_python_per_system(bundle):
    lines = (bundle / "README.md").read_text(encoding="utf-8").splitlines()
    posix = [line.strip() for line in lines if line.rstrip().endswith("# POSIX")]
    windows = [line.strip() for line in lines if line.rstrip().endswith("# Windows")]
    # install, copy, open, check: each for both, each with the same launcher as
    # the install (another launcher may start a Python without optlab)
    assert len(posix) == len(windows) == 4
    assert all(line.startswith("python -m ") for line in posix), posix
    assert all(line.startswith("py -m ") for line in windows), windows
    assert posix[0].startswith("python -m pip install")


def test_bundle_reference_names_each_cell_by_its_heading(bundle):
    labels = cell_labels(read(bundle / "reference" / "A1_momentum.json"))
    assert labels["q3_comparison_check"] == f"the check-yourself cell of {PART3}"
    assert labels["q2_momentum"] == f"your code for {PART2}"
    assert labels["q5_explanation"] == f"your written answer for {PART5}"


def _outside_copy_of_optlab(folder: Path) -> Path:
    """optlab's package alone, as a student's install has it: no notebooks/."""
    site = folder / "site"
    shutil.copytree(ROOT / "optlab", site / "optlab")
    return site


def test_bundle_checks_without_the_instructor_notebooks(bundle, tmp_path):
    site = _outside_copy_of_optlab(tmp_path)
    work = bundle / "my-work"
    env = dict(os.environ, PYTHONPATH=str(site))
    command = [sys.executable, "-m", "optlab.assignments"]
    copied = subprocess.run(
        [*command, "copy", "A1", "--to", "my-work"],
        cwd=bundle, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert copied.returncode == 0, copied.stderr
    again = subprocess.run(
        [*command, "copy", "A1", "--to", "my-work"],
        cwd=bundle, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode == 2 and "exists already" in again.stderr
    nbformat.write(completed("A1_momentum"), str(work / "A1_momentum.ipynb"))
    gamed = completed("A1_momentum")
    cell_by_id(gamed, "q2_momentum").source = GAMED_MOMENTUM
    nbformat.write(gamed, str(work / "gamed.ipynb"))
    done = subprocess.run(
        [*command, "check", "my-work/A1_momentum.ipynb", "my-work/gamed.ipynb"],
        cwd=bundle, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("4 of 5 questions pass") == 0
    assert done.stdout.count("5 of 5 questions pass") == 2  # hidden tests stay home
    # the same gamed notebook against the instructor version: a hidden test fails
    (report,) = check_submissions([work / "gamed.ipynb"], source=SOURCE)
    verdicts = {result.question: result for result in report.results}
    assert verdicts["q2_momentum"].status == "FAIL"
    assert "Rosenbrock" in verdicts["q2_momentum"].detail


# -- the gradebook ---------------------------------------------------------------

ENDLESS = "    while True:\n        pass\n"
HUNGRY = "    hog = []\n    while True:\n        hog.append(np.ones(10**7))\n"


def _with_planted(code: str, grade_id: str):
    """A1 completed, with ``code`` first in the body of a function to write."""
    nb = completed("A1_momentum")
    cell = cell_by_id(nb, grade_id)
    lines = cell.source.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().endswith('"""')) + 1
    cell.source = "\n".join(lines[:at] + code.rstrip("\n").splitlines() + lines[at:])
    return nb


def test_gradebook_scores_and_survives_broken_submissions(tmp_path):
    folder = tmp_path / "submissions"
    notebooks = {
        "alice": completed("A1_momentum"),
        "bob": student("A1_momentum"),
        "carol": completed("A1_momentum"),
        "dave": _with_planted(ENDLESS, "q2_momentum"),
        "erin": _with_planted(HUNGRY, "q1_exponential_average"),
    }
    bug = cell_by_id(notebooks["carol"], "q2_momentum")
    bug.source = bug.source.replace(RIGHT_MOMENTUM, WRONG_MOMENTUM)
    for who, nb in notebooks.items():
        (folder / who).mkdir(parents=True)
        nbformat.write(nb, str(folder / who / "A1_momentum.ipynb"))
    (folder / "frank").mkdir()
    (folder / "frank" / "A1_momentum.ipynb").write_text("{", encoding="utf-8")
    table = tmp_path / "grades.csv"
    done = subprocess.run(
        [
            sys.executable, "-m", "optlab.assignments", "grade",
            *sorted(str(p) for p in folder.iterdir()),
            "--csv", str(table), "--jobs", "2", "--timeout", "10",
            "--memory-mb", "1500",
        ],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    with table.open(encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == ["alice", "bob", "carol", "dave", "erin", "frank"]
    points = {who: float(row["total"]) for who, row in rows.items()}
    maximum = float(rows["alice"]["max_total"])
    assert maximum == 4 and points["alice"] == maximum
    assert points["bob"] == 0
    assert 0 < points["carol"] < maximum and rows["carol"]["q2_momentum"] == "0"
    assert rows["dave"]["q1_exponential_average"] == "1"  # before the loop
    assert rows["dave"]["q2_momentum"] == "0" and points["dave"] < maximum
    assert rows["erin"]["q1_exponential_average"] == "0"
    assert rows["erin"]["q2_momentum"] == "1"  # after the memory error
    assert rows["frank"]["status"].startswith("cannot check")
    assert rows["dave"]["status"] == f"checked; ran out of time in {PART2}"
    assert rows["erin"]["status"] == f"checked; ran out of memory in {PART1}"
    assert rows["alice"]["status"] == rows["carol"]["status"] == "checked"
    assert rows["alice"]["q5_explanation (by hand)"] == "answered"
    assert rows["bob"]["q5_explanation (by hand)"] == "unanswered"
    feedback = tmp_path / "feedback"
    assert "ran out of time" in (feedback / "dave_A1_momentum.md").read_text()
    assert "out of memory" in (feedback / "erin_A1_momentum.md").read_text()
    assert "5 of 5 questions pass" in (feedback / "alice_A1_momentum.md").read_text()


def test_limits_refuse_nonsense():
    with pytest.raises(ValueError, match="memory_mb"):
        Limits(memory_mb=0)
    with pytest.raises(ValueError, match="jobs"):
        grade([], jobs=0)


# -- the grading rule nbgrader and otter apply: a graded cell that raises ---------


def _auto_points(nb, teacher) -> float:
    """Execute the submission with the instructor's checked cells (hidden tests
    included) as nbgrader's autograde does; points of checked cells not raising."""
    from nbclient import NotebookClient

    run = build_run_notebook(nb, teacher)
    for cell in run.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            cell.outputs = []
    os.environ.setdefault("MPLBACKEND", "Agg")
    NotebookClient(run, timeout=120, allow_errors=True, kernel_name="python3").execute()
    total = 0.0
    for cell in graded_cells(run):
        if cell.checked:
            outputs = run.cells[cell.index].outputs
            if not any(output.output_type == "error" for output in outputs):
                total += run.cells[cell.index].metadata["nbgrader"]["points"]
    return total


@pytest.mark.parametrize("name", NAMES)
def test_raising_rule_gives_stub_nothing_and_solution_everything(name):
    teacher = instructor(name)
    full = sum(
        teacher.cells[c.index].metadata["nbgrader"]["points"]
        for c in graded_cells(teacher)
        if c.checked
    )
    assert _auto_points(student(name), teacher) == 0
    assert _auto_points(completed(name), teacher) == full


def test_raising_rule_catches_momentum_without_one_minus_beta():
    wrong = completed("A1_momentum")
    cell = cell_by_id(wrong, "q2_momentum")
    cell.source = cell.source.replace(RIGHT_MOMENTUM, WRONG_MOMENTUM)
    assert _auto_points(wrong, instructor("A1_momentum")) == 1  # only part 1


# -- nbgrader itself, on demand: pytest -m nbgrader ------------------------------

NBGRADER_PACKAGES = ["nbgrader", "numpy", "matplotlib", "autograd", "ipykernel"]


def _nbgrader_venv() -> Path:
    """A virtual environment with nbgrader: OPTLAB_NBGRADER_VENV, or built once."""
    given = os.environ.get("OPTLAB_NBGRADER_VENV")
    folder = Path(given) if given else ROOT / ".nbgrader-venv"
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    probe = [str(python), "-c", "import nbgrader"]
    if python.exists() and subprocess.run(probe, check=False).returncode == 0:
        return folder
    if given:
        pytest.fail(f"OPTLAB_NBGRADER_VENV={given} has no nbgrader")
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", *NBGRADER_PACKAGES], check=True
    )
    return folder


@pytest.mark.nbgrader
def test_nbgrader_scores_stub_nothing_solution_all_and_a_planted_bug_less(
    tmp_path,
):
    venv = _nbgrader_venv()
    nbgrader = venv / ("Scripts/nbgrader.exe" if os.name == "nt" else "bin/nbgrader")
    course = tmp_path / "course"
    name = "A1_momentum"
    (course / "source" / name).mkdir(parents=True)
    shutil.copyfile(
        SOURCE / f"{name}_instructor.ipynb", course / "source" / name / f"{name}.ipynb"
    )
    (course / "nbgrader_config.py").write_text(
        'c = get_config()\nc.CourseDirectory.course_id = "optlab"\n'
        "c.ExecutePreprocessor.timeout = 300\n",
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
    env["PATH"] = str(nbgrader.parent) + os.pathsep + env.get("PATH", "")

    def run(*arguments):
        done = subprocess.run(
            [str(nbgrader), *arguments],
            cwd=course, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    run("db", "assignment", "add", name)
    run("generate_assignment", name, "--force")
    released = read(course / "release" / name / f"{name}.ipynb")
    assert "HIDDEN TESTS" not in str(released) and "BEGIN SOLUTION" not in str(released)
    teacher = instructor(name)
    solution = solved_version(released, teacher)
    bug = solved_version(released, teacher)
    cell = cell_by_id(bug, "q2_momentum")
    assert RIGHT_MOMENTUM in cell.source
    cell.source = cell.source.replace(RIGHT_MOMENTUM, WRONG_MOMENTUM)
    for student_id, nb in (("stub", released), ("solution", solution), ("bug", bug)):
        run("db", "student", "add", student_id)
        folder = course / "submitted" / student_id / name
        folder.mkdir(parents=True)
        nbformat.write(nb, str(folder / f"{name}.ipynb"))
    run("autograde", name, "--force")
    run("export", "--to", str(course / "grades.csv"))
    with (course / "grades.csv").open(encoding="utf-8") as handle:
        scores = {
            row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)
        }
    automatic = sum(
        teacher.cells[c.index].metadata["nbgrader"]["points"]
        for c in graded_cells(teacher)
        if c.checked
    )
    # written answers wait for a person: they add nothing here
    assert scores == {"stub": 0.0, "solution": automatic, "bug": 1.0}


# -- messages in student terms ---------------------------------------------------


def test_common_errors_are_reworded_for_students():
    zipped = in_student_terms(
        "ValueError", "zip() argument 2 is shorter than argument 1"
    )
    assert zipped.startswith("two sequences that should have the same length do not")
    assert "one point per step plus the start point" in zipped
    assert "`x` is not defined" in in_student_terms(
        "NameError", "name 'x' is not defined"
    )
    assert "return" in in_student_terms(
        "TypeError", "'NoneType' object is not subscriptable"
    )
    assert in_student_terms("AssertionError", "beta = 0.2: not the same") == (
        "check failed: beta = 0.2: not the same"
    )
    assert in_student_terms("OSError", "disk full") == "raised OSError: disk full"


def test_traceback_names_the_functions_it_passed_through():
    traceback = [
        "\x1b[0;31mNotImplementedError\x1b[0m  Traceback (most recent call last)",
        "Cell \x1b[0;32mIn[5], line 2\x1b[0m\n----> 2 h = exponential_average(x, 0.5)",
        "Cell \x1b[0;32mIn[3], line 5\x1b[0m, in "
        "\x1b[0;36mexponential_average\x1b[0;34m(x, beta)",
    ]
    assert functions_in_traceback(traceback) == ["exponential_average"]


def test_a_kernel_too_short_of_memory_to_show_its_error_is_explained():
    # what nbval recorded for a cell run after an endless loop had filled the
    # address-space limit: IPython's own traceback printed as text
    printed = (
        "Unexpected exception formatting exception. Falling back to standard "
        'exception\nTraceback (most recent call last):\n  File "interactiveshell'
        '.py", line 3490, in run_cell_async\nMemoryError\n'
    )
    record = {
        "outcome": "failed", "xfail": False,
        "message": "Cell outputs differ",
        "expected": [{"kind": "stream", "text": "best beta after 25 steps: 0.75\n"}],
        "got": [{"kind": "stream", "text": printed}],
    }  # fmt: skip
    context = check_module._Context("q4_best_beta", {}, {})
    text = check_module._explain(record, context)
    assert text.startswith("the notebook ran out of memory"), text
    assert "interactiveshell" not in text


def test_the_failing_line_of_a_function_is_found_in_the_traceback():
    traceback = [  # as IPython 9 writes it, colours included
        "\x1b[31mValueError\x1b[39m    Traceback (most recent call last)",
        "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[2]\x1b[39m\x1b[32m, line 2"
        "\x1b[39m\n\x1b[32m----> \x1b[39m\x1b[32m2\x1b[39m y = f(0.5)\n",
        "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[1]\x1b[39m\x1b[32m, line 3"
        "\x1b[39m, in \x1b[36mf\x1b[39m\x1b[34m(beta)\x1b[39m\n\x1b[32m      2\x1b[39m"
        "     out = []\n\x1b[32m----> \x1b[39m\x1b[32m3\x1b[39m     \x1b[38;5;28;01mfor"
        "\x1b[39;00m k, b \x1b[38;5;28;01min\x1b[39;00m zip(a, b, strict=True):\n",
        "\x1b[31mValueError\x1b[39m: zip() argument 2 is shorter than argument 1",
    ]
    assert failing_line(traceback, "f") == "for k, b in zip(a, b, strict=True):"
    assert failing_line(traceback, "g") is None


def test_an_unexpected_error_in_one_submission_becomes_its_row(monkeypatch, tmp_path):
    grading = importlib.import_module("optlab.assignments.grade")  # not the function

    def broken(paths, **options):
        raise ValueError("line 3: '### END HIDDEN TESTS' without its begin")

    monkeypatch.setattr(grading, "check_submissions", broken)
    row = grading._grade_one("zoe", tmp_path / "A1_momentum.ipynb", {})
    assert row.status == (
        "not checked: ValueError: line 3: '### END HIDDEN TESTS' without its begin"
    )
    assert row.total == 0 and "not checked" in row.feedback()
