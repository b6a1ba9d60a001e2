"""Course assignments: student versions and bundles, checking, a gradebook.

Command line (``python -m optlab.assignments --help``)::

    python -m optlab.assignments execute              # rerun the instructor notebooks
    python -m optlab.assignments release              # write the student versions
    python -m optlab.assignments release --to DIR     # write the student bundle
    python -m optlab.assignments copy A1 --to my-work # a student's working copy
    python -m optlab.assignments check A1_momentum.ipynb
    python -m optlab.assignments grade submissions/* --csv grades.csv

Instructor notebooks live in ``notebooks/assignments/*_instructor.ipynb``;
solutions sit between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, hidden
checks between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``, and
graded cells carry nbgrader metadata (see :mod:`optlab.assignments.cells`).
"""

from .bundle import copy_assignment, reference_notebook, write_bundle
from .cells import (
    default_source_dir,
    graded_cells,
    question_of,
    solution_regions,
    without_hidden_tests,
)
from .check import CheckReport, QuestionResult, SubmissionError, check_submissions
from .grade import GradeRow, grade, write_csv, write_feedback
from .limits import Limits
from .release import (
    release,
    solved_version,
    student_name,
    student_text,
    student_version,
)

__all__ = [
    "CheckReport",
    "GradeRow",
    "Limits",
    "QuestionResult",
    "SubmissionError",
    "check_submissions",
    "copy_assignment",
    "default_source_dir",
    "grade",
    "graded_cells",
    "question_of",
    "reference_notebook",
    "release",
    "solution_regions",
    "solved_version",
    "student_name",
    "student_text",
    "student_version",
    "without_hidden_tests",
    "write_bundle",
    "write_csv",
    "write_feedback",
]
