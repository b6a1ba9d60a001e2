"""Check a student's notebook against its reference with nbval.

The reference is the instructor notebook, or a student bundle's
``reference/ASSIGNMENT.json`` (the checked cells without hidden tests, see
:mod:`optlab.assignments.bundle`). The checker

1. matches the submission's graded cells to the reference's by their
   nbgrader ``grade_id`` (a missing, renamed, duplicated or moved cell stops
   the check with a message naming it);
2. builds the notebook nbval runs: the submission's cells in the submission's
   order, except that every checked cell gets the reference's source and
   stored outputs (as nbgrader does with locked cells), and every other code
   cell is marked unrun so nbval runs it without comparing;
3. runs ``pytest --nbval`` on it in a subprocess of its own (under optional
   :class:`~optlab.assignments.limits.Limits`), with a small plugin
   (:mod:`optlab.assignments.nbval_report`) recording nbval's verdict for
   each cell;
4. reports one line per question, named by its heading: PASS, or FAIL with
   what differed or what to fix (:mod:`optlab.assignments.explain`), and for
   a written answer whether it is there (it is graded by hand).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .cells import (
    ANSWER_STUB,
    GradedCell,
    graded_cells,
    question_of,
    without_hidden_tests,
)
from .explain import (
    defined_names,
    failing_line,
    functions_in_traceback,
    heading_of,
    in_student_terms,
    name_not_defined,
    owners,
    used_names,
)
from .limits import Limits, limited_command, run_killing_group
from .nbval_report import REPORT_VARIABLE
from .release import INSTRUCTOR_SUFFIX

__all__ = [
    "CheckReport",
    "QuestionResult",
    "SubmissionError",
    "build_run_notebook",
    "cell_labels",
    "check_submissions",
    "find_instructor",
    "match_cells",
]

_MAX_SHOWN = 3  # differing lines shown per failure


class SubmissionError(ValueError):
    """A submission the checker cannot match to its assignment."""


@dataclass(frozen=True)
class QuestionResult:
    """The verdict on one question."""

    question: str
    status: str  # PASS, FAIL, ANSWERED (written, graded by hand) or UNANSWERED
    detail: str = ""
    title: str = ""  # what the student sees: the heading above the question

    @property
    def name(self) -> str:
        """The question's heading, or its id where it has none."""
        return self.title or self.question

    @property
    def passed(self) -> bool:
        return self.status in ("PASS", "ANSWERED")

    def line(self) -> str:
        shown = {"ANSWERED": "ANSWERED (graded by hand)", "UNANSWERED": "FAIL"}
        text = f"{self.name}: {shown.get(self.status, self.status)}"
        if self.detail:
            first, *rest = self.detail.splitlines()
            text += " \u2014 " + first + "".join("\n    " + line for line in rest)
        return text


@dataclass(frozen=True)
class CheckReport:
    """Everything the checker found out about one submission."""

    submission: Path
    assignment: str
    results: tuple[QuestionResult, ...] = ()
    other_failures: tuple[str, ...] = ()  # failing code cells outside the questions
    notes: tuple[str, ...] = ()
    error: str | None = None  # set when the submission could not be checked
    reference: Path | None = None  # what it was checked against

    @property
    def passed(self) -> bool:
        return (
            self.error is None
            and not self.other_failures
            and all(result.passed for result in self.results)
        )

    def text(self) -> str:
        name = self.assignment or "unknown assignment"
        lines = [f"== {self.submission.name} ({name})"]
        if self.error is not None:
            lines.append("CANNOT CHECK \u2014 " + self.error)
            return "\n".join(lines)
        lines += [result.line() for result in self.results]
        if self.other_failures:
            lines.append("other cells: FAIL \u2014 these cells stopped with an error:")
            lines += [f"    {failure}" for failure in self.other_failures]
        lines += [f"note: {note}" for note in self.notes]
        passed = sum(result.passed for result in self.results)
        verdict = "" if self.passed else "; fix the FAIL lines and check again"
        lines.append(f"{passed} of {len(self.results)} questions pass{verdict}")
        return "\n".join(lines)


# -- reading and matching --------------------------------------------------


def _read(path: Path):
    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise SubmissionError(f"no such file: {str(path)!r}") from None
    except Exception as error:  # not JSON, not a notebook, ...
        raise SubmissionError(
            f"{path.name} cannot be read as a notebook ({error})"
        ) from None


def _assignment_of(nb) -> str | None:
    return nb.metadata.get("optlab", {}).get("assignment")


def find_instructor(
    submission, submission_path: Path, source: Path | None = None
) -> Path:
    """The reference a submission is checked against.

    The assignment is ``metadata["optlab"]["assignment"]`` of the submission
    (the student version carries it), else the submission's file name. With
    ``source`` (a student bundle, or a folder of instructor notebooks) the
    reference comes from there. Without it: a student bundle's
    ``reference/ASSIGNMENT.json`` beside the submission, one folder up, or in
    the working directory; else the instructor notebook of the source tree
    optlab was installed from.
    """
    from .bundle import find_reference
    from .cells import default_source_dir

    assignment = _assignment_of(submission)
    stem = submission_path.stem.removesuffix(INSTRUCTOR_SUFFIX)
    names = list(dict.fromkeys(filter(None, [assignment, stem])))
    if source is not None:
        places = [source]
    else:
        here = submission_path.resolve().parent
        places = [here, here.parent, Path.cwd()]
    candidates = []
    for name in names:
        found = find_reference(name, places)
        if found is not None:
            return found
    folder = source if source is not None else default_source_dir()
    for name in names:
        candidate = folder / f"{name}{INSTRUCTOR_SUFFIX}.ipynb"
        candidates.append(candidate)
        if candidate.is_file():
            return candidate
    raise SubmissionError(
        f"cannot tell which assignment {submission_path.name} is: it names "
        f"{assignment!r} and neither a student bundle's reference/ folder nor "
        f"the instructor notebook {' or '.join(repr(c.name) for c in candidates)} "
        f"is found in {str(folder)!r} (run the check in the bundle's folder, or "
        "pass --source FOLDER or --instructor NOTEBOOK)"
    )


def cell_labels(nb, fallback=None) -> dict[str, str]:
    """grade_id -> how a student knows the cell: its kind and its heading.

    "your code for 'Part 2 — momentum (lesson 3)'", "the check-yourself cell
    of ...", "your written answer for ...": the hidden ids mean nothing to a
    student, the headings do. Where ``nb`` has no heading above a cell, the
    heading above a cell of the same question in ``fallback`` (the
    submission) is used.
    """
    known = {}
    for cell in graded_cells(fallback) if fallback is not None else []:
        known.setdefault(cell.question, heading_of(fallback, cell.index))
    labels = {}
    for cell in graded_cells(nb):
        heading = (
            heading_of(nb, cell.index) or known.get(cell.question) or cell.question
        )
        if cell.checked:
            kind = "the check-yourself cell of"
        elif cell.cell_type == "markdown":
            kind = "your written answer for"
        else:
            kind = "your code for"
        labels[cell.grade_id] = f"{kind} {heading!r}"
    return labels


def match_cells(submission, instructor) -> dict[str, GradedCell]:
    """The submission's graded cells by grade_id, after checking the structure.

    Raises
    ------
    SubmissionError
        Naming, by heading, every graded cell that is missing, unknown
        (its id changed), duplicated, of the wrong kind or out of order.
    """
    expected = graded_cells(instructor)
    found = graded_cells(submission)
    expected_ids = [cell.grade_id for cell in expected]
    found_ids = [cell.grade_id for cell in found]
    label = cell_labels(instructor, submission)
    problems = []
    for grade_id, count in Counter(found_ids).items():
        if count > 1 and grade_id in label:
            problems.append(
                f"{label[grade_id]} is there {count} times (a copied cell keeps "
                "the hidden id of the given one: delete the copy, or paste its "
                "code into a new cell)"
            )
    missing = [grade_id for grade_id in expected_ids if grade_id not in found_ids]
    unknown = [cell for cell in found if cell.grade_id not in expected_ids]
    for grade_id in missing:
        problems.append(f"{label[grade_id]} is missing (deleted?)")
    for cell in unknown:
        heading = heading_of(submission, cell.index)
        where = f"under {heading!r}" if heading else "at the top"
        problems.append(
            f"a cell {where} carries a graded cell's hidden id that this "
            "assignment does not have (was the cell's metadata changed?)"
        )
    by_id = {cell.grade_id: cell for cell in found}
    for cell in expected:
        mine = by_id.get(cell.grade_id)
        if mine is not None and mine.cell_type != cell.cell_type:
            problems.append(
                f"{label[cell.grade_id]} must be a {cell.cell_type} cell; "
                f"it is a {mine.cell_type} cell"
            )
    common = [
        grade_id for grade_id in dict.fromkeys(found_ids) if grade_id in expected_ids
    ]
    wanted = [grade_id for grade_id in expected_ids if grade_id in common]
    if common != wanted:
        first = next(
            n for n, (a, b) in enumerate(zip(common, wanted, strict=True)) if a != b
        )
        problems.append(
            f"the given cells are out of order: {label[common[first]]} now comes "
            f"before {label[wanted[first]]}; move it back to where the "
            "handed-out notebook has it"
        )
    if problems:
        raise SubmissionError(
            "the notebook's given cells do not match the assignment:\n"
            + "\n".join(f"  - {problem}" for problem in problems)
            + "\nKeep every given cell where the handed-out notebook put it; if "
            "in doubt, start from a fresh copy and paste your code in."
        )
    return by_id


def build_run_notebook(submission, instructor):
    """The notebook nbval runs: the submission with the instructor's checks.

    Checked cells get the instructor's source, metadata and outputs with an
    execution count (so nbval compares them); all other code cells are
    cleared and marked unrun (so nbval runs them without comparing).
    """
    match_cells(submission, instructor)
    reference = {
        cell.grade_id: instructor.cells[cell.index] for cell in graded_cells(instructor)
    }
    checked = {cell.grade_id for cell in graded_cells(instructor) if cell.checked}
    run_nb = copy.deepcopy(submission)
    run_nb.metadata["kernelspec"] = copy.deepcopy(
        instructor.metadata.get("kernelspec", {})
    )
    count = 0
    for cell in run_nb.cells:
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in checked:
            original = reference[grade_id]
            count += 1
            cell.source = original.source
            cell.metadata = copy.deepcopy(original.metadata)
            cell.outputs = copy.deepcopy(original.outputs)
            cell.execution_count = count
        else:
            cell.outputs = []
            cell.execution_count = None
    return run_nb


# -- running nbval ---------------------------------------------------------


def _package_root() -> str:
    return str(Path(__file__).resolve().parents[2])


def run_nbval(
    notebooks: dict[str, object],
    *,
    sanitize_with: Path | None = None,
    timeout: float = 60.0,
    limits: Limits | None = None,
    total_timeout: float | None = None,
) -> dict[str, list[dict]]:
    """Run ``pytest --nbval`` on notebooks; nbval's verdict per code cell.

    Parameters
    ----------
    notebooks : dict
        File name (``*.ipynb``) -> notebook to run.
    sanitize_with : path, optional
        nbval sanitizer file (regex/replace pairs).
    timeout : float, default 60
        Seconds one cell may run.
    limits : Limits, optional
        Memory and CPU limits of the pytest process and its kernel.
    total_timeout : float, optional
        Seconds the whole run may take; then every process of the run is
        killed and :class:`TimeoutError` raised.

    Returns
    -------
    dict
        File name -> records (see :mod:`optlab.assignments.nbval_report`).
    """
    missing = [
        name for name in ("pytest", "nbval") if importlib.util.find_spec(name) is None
    ]
    if missing:
        raise RuntimeError(
            f"the checker needs {' and '.join(missing)}: "
            f"pip install {' '.join(missing)}"
        )
    with tempfile.TemporaryDirectory(prefix="optlab-check-") as folder:
        folder = Path(folder)
        for name, nb in notebooks.items():
            nbformat.write(nb, str(folder / name))
        (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        report = folder / "cells.jsonl"
        env = dict(os.environ)
        env[REPORT_VARIABLE] = str(report)
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        env["MPLBACKEND"] = "Agg"  # figures are not compared; skip drawing them
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(variable, "1")  # one kernel per core; no thread pools
        env["PYTHONPATH"] = os.pathsep.join(
            [_package_root(), *filter(None, [env.get("PYTHONPATH")])]
        )
        arguments = [
            "-m", "pytest",
            "-p", "nbval.plugin",
            "-p", "optlab.assignments.nbval_report",
            "-p", "no:cacheprovider",
            "--nbval", "--nbval-current-env",
            f"--nbval-cell-timeout={timeout:g}",
            "-c", str(folder / "pytest.ini"), "--rootdir", str(folder),
            "-q", "--color=no",
        ]  # fmt: skip
        if sanitize_with is not None:
            arguments.append(f"--nbval-sanitize-with={Path(sanitize_with).resolve()}")
        arguments += sorted(notebooks)
        command = limited_command(sys.executable, arguments, limits)
        returncode, out, err = run_killing_group(
            command, timeout=total_timeout, cwd=folder, env=env
        )
        if returncode not in (0, 1):
            raise RuntimeError(
                f"pytest --nbval stopped with exit status {returncode}:\n"
                + (out + err)[-3000:]
            )
        records: dict[str, list[dict]] = {name: [] for name in notebooks}
        if report.exists():
            for line in report.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                records.setdefault(record["notebook"], []).append(record)
        return records


# -- turning nbval's verdicts into answers ---------------------------------


def _text(outputs: list[dict]) -> str:
    return "".join(output.get("text", "") for output in outputs if "text" in output)


def _error(outputs: list[dict]) -> dict | None:
    for output in outputs:
        if output["kind"] == "error":
            return output
    return None


def _difference(expected: str, got: str, *, printed_only: bool = False) -> str:
    """The differing lines; with ``printed_only``, only lines that were printed."""
    wanted, found = expected.splitlines(), got.splitlines()
    if printed_only:
        wanted = wanted[: len(found)]
    pairs = []
    for number in range(max(len(wanted), len(found))):
        left = wanted[number] if number < len(wanted) else "(no line)"
        right = found[number] if number < len(found) else "(no line)"
        if left != right:
            pairs.append((left, right))
    if not pairs:  # same lines, different kinds of output
        return "" if printed_only else "the output has a different form"
    shown = [
        f"expected: {left}\n     got: {right}" for left, right in pairs[:_MAX_SHOWN]
    ]
    if len(pairs) > _MAX_SHOWN:
        shown.append(f"... and {len(pairs) - _MAX_SHOWN} more differing lines")
    return "output differs from the reference:\n" + "\n".join(shown)


@dataclass(frozen=True)
class _Context:
    """What the explanations need to know about the notebook."""

    question: str  # the question the failing cell belongs to
    owner: dict  # name defined by a solution cell -> its question
    titles: dict  # question -> heading
    defined_by: dict = field(default_factory=dict)  # name -> graded question
    failed: frozenset = frozenset()  # questions failed so far

    def title(self, question: str) -> str:
        return self.titles.get(question) or question


def _stub_message(record_error: dict, context: _Context) -> str:
    functions = functions_in_traceback(record_error.get("traceback", []))
    written = [name for name in functions if name in context.owner]
    if written:
        culprit = written[-1]
        question = context.owner[culprit]
        if question != context.question:
            return (
                f"not written yet: this calls `{culprit}`, whose "
                "`raise NotImplementedError()` stub is still there (write it "
                f"in {context.title(question)!r})"
            )
        return (
            f"not written yet: `{culprit}` still has its `raise "
            "NotImplementedError()` stub (replace it and '# YOUR CODE HERE' with "
            "your code)"
        )
    return (
        "not written yet: a `raise NotImplementedError()` stub is still "
        "there (replace it and '# YOUR CODE HERE' with your code)"
    )


# printed instead of an error when the kernel is too short of memory even to
# format the MemoryError (IPython then prints its own traceback as text)
_OUT_OF_MEMORY = ("MemoryError", "Unexpected exception formatting exception")


def _explain(record: dict | None, context: _Context) -> str:
    """One readable reason why a cell did not pass."""
    if record is None:
        return "the cell was not run (the check stopped before it)"
    if record["outcome"] == "skipped" or record["xfail"]:
        return "not run: an earlier cell ran out of time"
    error = _error(record["got"])
    if error is not None:
        ename, evalue = error["ename"], error["evalue"]
        if ename == "NotImplementedError":
            return _stub_message(error, context)
        missing = name_not_defined(evalue) if ename == "NameError" else None
        source = context.defined_by.get(missing)
        if source is not None and source in context.failed:
            return (
                f"uses `{missing}`, which {context.title(source)!r} makes; that "
                "question fails, so fix it first"
            )
        text = in_student_terms(ename, evalue)
        functions = functions_in_traceback(error.get("traceback", []))
        written = [name for name in functions if name in context.owner]
        if written and ename != "AssertionError":
            line = failing_line(error.get("traceback", []), written[-1])
            at = f", at the line `{line}`" if line else ""
            text += f" (the error comes from inside `{written[-1]}`{at})"
        if ename == "AssertionError":
            printed = _difference(
                _text(record["expected"]), _text(record["got"]), printed_only=True
            )
            if printed:
                text += "\n" + printed
        return text
    message = record["message"]
    if "Timeout" in message or "timed out" in message:
        return "ran out of time (an endless loop?)"
    if "Kernel died" in message or "kernel died" in message.lower():
        return (
            "the notebook's Python process stopped (it may have used too much "
            "memory or time)"
        )
    if message.startswith("Cell outputs differ"):
        got = _text(record["got"])
        if any(sign in got for sign in _OUT_OF_MEMORY):
            return in_student_terms("MemoryError", "")
        return _difference(_text(record["expected"]), got)
    return message.splitlines()[0] if message else "failed"


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip() and not line.strip().startswith("#"):
            line = line.strip()
            return line if len(line) <= 40 else line[:37] + "..."
    return "(empty)"


def _titles(run_nb, questions) -> dict[str, str]:
    """Question -> the heading above its first graded cell (ids where none)."""
    titles: dict[str, str] = {}
    for cell in graded_cells(run_nb):
        if cell.question not in titles:
            titles[cell.question] = heading_of(run_nb, cell.index) or cell.question
    counts = Counter(titles.values())
    for question, title in titles.items():  # two questions under one heading
        if counts[title] > 1:
            titles[question] = f"{title} ({question})"
    return {question: titles.get(question, question) for question in questions}


def _listed(names) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _blame(
    question: str, source: str, record: dict | None, owner: dict, failed: list
) -> tuple[str, list[str], bool] | None:
    """The failing question a cell's failure comes from, if it is another one.

    Returns ``(question, names, same_error)``: the first question of
    ``failed`` whose names the cell uses, those names, and whether the error
    was raised inside one of that question's functions (then it is the same
    error, not a second one). ``None`` when the cell fails on its own: its
    own stub, or nothing it uses comes from a failing question.
    """
    failed = [q for q in failed if q != question]
    error = _error(record["got"]) if record is not None else None
    if error is not None:
        called = functions_in_traceback(error.get("traceback", []))
        inside = [name for name in called if owner.get(name) in failed]
        if inside:
            return owner[inside[0]], [inside[0]], True
        if error["ename"] == "NotImplementedError":
            return None  # its own stub
    uses = [name for name in used_names(source, owner) if owner[name] in failed]
    if not uses:
        return None
    first = min((owner[name] for name in uses), key=failed.index)
    return first, sorted(name for name in uses if owner[name] == first), False


def _because(titles: dict, root_of: dict, source: str, uses: str) -> str:
    """Why a cell fails when it uses what failing question ``source`` makes:
    named by the question at the root of the chain (the one to fix), and
    through ``source`` when that one only fails because of it."""
    root = root_of.get(source, source)
    if root == source:
        return f"fails because {titles[source]!r} fails ({uses}); fix that first"
    return (
        f"fails because {titles[root]!r} fails ({uses} from {titles[source]!r}, "
        f"which fails because of it); fix {titles[root]!r} first"
    )


def _verdicts(run_nb, instructor, records: list[dict]) -> tuple[list, list]:
    """Results per question, and failing ungraded cells, from nbval's records."""
    by_num = {
        record["cell_num"]: record for record in records if record["when"] == "call"
    }
    for record in records:  # a setup failure stands for its cell when no call ran
        by_num.setdefault(record["cell_num"], record)
    code_cells = [cell for cell in run_nb.cells if cell.cell_type == "code"]
    expected = graded_cells(instructor)
    order = list(dict.fromkeys(cell.question for cell in expected))
    found = graded_cells(run_nb)
    owner = owners(run_nb, [cell for cell in found if cell.solution])
    titles = _titles(run_nb, order)
    defined_by = dict(owner)
    for cell in found:
        if cell.cell_type == "code":
            for name in defined_names(run_nb.cells[cell.index].source):
                defined_by.setdefault(name, cell.question)
    failures: dict[str, str] = {}
    failing_records: dict[str, dict | None] = {}
    failing_cells = []  # ungraded cells that fail, said once roots are known
    last_graded = None
    for number, cell in enumerate(code_cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        record = by_num.get(number)
        passed = record is not None and record["outcome"] == "passed"
        if grade_id is not None:
            last_graded = grade_id
            if not passed:
                question = question_of(grade_id)
                context = _Context(
                    question, owner, titles, defined_by, frozenset(failures)
                )
                if question not in failures:
                    failures[question] = _explain(record, context)
                    failing_records[question] = record
        elif not passed:
            where = (
                f"after {titles.get(question_of(last_graded))!r}"
                if last_graded
                else "at the top"
            )
            context = _Context("", owner, titles, defined_by, frozenset(failures))
            failing_cells.append((where, cell, record, context, list(failures)))
    sources: dict[str, str] = {}
    for cell in found:
        sources[cell.question] = (
            sources.get(cell.question, "") + "\n" + run_nb.cells[cell.index].source
        )
    answers = {
        cell.question: run_nb.cells[cell.index].source
        for cell in found
        if cell.cell_type == "markdown"
    }
    written = {cell.question for cell in expected if cell.cell_type == "markdown"}
    written -= {cell.question for cell in expected if cell.cell_type == "code"}
    results = []
    #: a failing question -> the question its failure comes from at the root
    root_of: dict[str, str] = {}
    for question in order:
        title = titles[question]
        if question in written:
            text = answers.get(question, "")
            if ANSWER_STUB in text or not text.strip():
                results.append(
                    QuestionResult(
                        question,
                        "UNANSWERED",
                        f"no written answer yet (replace '{ANSWER_STUB}' with yours)",
                        title,
                    )
                )
            else:
                results.append(QuestionResult(question, "ANSWERED", "", title))
        elif question in failures:
            detail = failures[question]
            earlier = [q for q in order[: order.index(question)] if q in failures]
            blame = _blame(
                question,
                sources.get(question, ""),
                failing_records[question],
                owner,
                earlier,
            )
            if blame is not None:
                source, names, same_error = blame
                root_of[question] = root_of.get(source, source)
                detail = _because(
                    titles, root_of, source, "this question uses " + _listed(names)
                ) + ("" if same_error else ". Here: " + detail)
            results.append(QuestionResult(question, "FAIL", detail, title))
        else:
            results.append(QuestionResult(question, "PASS", "", title))
    other = []
    for where, cell, record, context, failing in failing_cells:
        text = f"the code cell {where} ({_first_line(cell.source)}) "
        blame = _blame("", cell.source, record, owner, failing)
        if blame is not None:
            source, names, _ = blame
            text += _because(titles, root_of, source, "it uses " + _listed(names))
        else:
            text += _explain(record, context)
            made = sorted(used_names(cell.source, owner), key=list(owner).index)
            if made and _error(record["got"] if record else []) is not None:
                question = owner[made[0]]
                names = [name for name in made if owner[name] == question]
                text += (
                    f" (it uses {_listed(names)} from {titles[question]!r}: "
                    "do they hold exactly what that question asks for?)"
                )
        other.append(text)
    if len(other) > _MAX_SHOWN:
        other[_MAX_SHOWN:] = [f"... and {len(other) - _MAX_SHOWN} more cells"]
    return results, other


def _edit_notes(submission, instructor) -> list[str]:
    """A note for every checked cell the student edited (the original is run)."""
    reference = {
        cell.grade_id: instructor.cells[cell.index].source
        for cell in graded_cells(instructor)
    }

    def visible(source: str) -> str:
        try:
            return without_hidden_tests(source)
        except ValueError:  # unbalanced markers typed by a student
            return source

    label = cell_labels(instructor, submission)
    return [
        f"{label.get(cell.grade_id, repr(cell.grade_id))} was edited; the "
        "original was run"
        for cell in graded_cells(submission)
        if cell.checked
        and visible(submission.cells[cell.index].source)
        != visible(reference[cell.grade_id])
    ]


def check_submissions(
    paths,
    *,
    source: str | Path | None = None,
    instructor: str | Path | None = None,
    sanitize_with: str | Path | None = None,
    timeout: float = 60.0,
    limits: Limits | None = None,
    total_timeout: float | None = None,
) -> list[CheckReport]:
    """Check student notebooks; one report per notebook, in the order given.

    Parameters
    ----------
    paths : iterable of path
        Submitted notebooks.
    source : path, optional
        Folder of the instructor notebooks (default: ``notebooks/assignments``
        of the source tree).
    instructor : path, optional
        The instructor notebook to check against (default: found from each
        submission's metadata or file name).
    sanitize_with : path, optional
        nbval sanitizer file (default: the project's ``notebooks/sanitize.cfg``
        if there is one).
    timeout : float, default 60
        Seconds one cell may run.
    limits, total_timeout
        As for :func:`run_nbval`.
    """
    from .cells import default_sanitizer

    source = Path(source) if source is not None else None
    if sanitize_with is None:
        sanitize_with = default_sanitizer()
    prepared = {}
    references: dict[int, Path] = {}
    reports: dict[int, CheckReport] = {}
    for number, path in enumerate(map(Path, paths)):
        assignment = ""
        try:
            submission = _read(path)
            reference_path = (
                Path(instructor)
                if instructor is not None
                else find_instructor(submission, path, source)
            )
            reference = _read(reference_path)
            assignment = _assignment_of(reference) or reference_path.stem
            run_nb = build_run_notebook(submission, reference)
        except SubmissionError as error:
            reports[number] = CheckReport(path, assignment, error=str(error))
            continue
        prepared[number] = (path, assignment, submission, reference, run_nb)
        references[number] = reference_path
    if prepared:
        records = run_nbval(
            {f"submission_{n}.ipynb": item[4] for n, item in prepared.items()},
            sanitize_with=Path(sanitize_with) if sanitize_with is not None else None,
            timeout=timeout,
            limits=limits,
            total_timeout=total_timeout,
        )
        for n, (path, assignment, submission, reference, run_nb) in prepared.items():
            results, other = _verdicts(
                run_nb, reference, records.get(f"submission_{n}.ipynb", [])
            )
            notes = _edit_notes(submission, reference)
            reports[n] = CheckReport(
                path,
                assignment,
                tuple(results),
                tuple(other),
                tuple(notes),
                reference=references[n],
            )
    return [reports[n] for n in sorted(reports)]
