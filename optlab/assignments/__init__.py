"""Course assignments: release student versions, check submissions with nbval.

Command line (``python -m optlab.assignments --help``)::

    python -m optlab.assignments execute            # rerun the instructor notebooks
    python -m optlab.assignments release            # write the student versions
    python -m optlab.assignments check A1_momentum.ipynb

Instructor notebooks live in ``notebooks/assignments/*_instructor.ipynb``;
solutions sit between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` and
graded cells carry nbgrader metadata (see :mod:`optlab.assignments.cells`).
"""

from .cells import default_source_dir, graded_cells, question_of, solution_regions
from .check import CheckReport, QuestionResult, SubmissionError, check_submissions
from .release import release, student_name, student_text, student_version

__all__ = [
    "CheckReport",
    "QuestionResult",
    "SubmissionError",
    "check_submissions",
    "default_source_dir",
    "graded_cells",
    "question_of",
    "release",
    "solution_regions",
    "student_name",
    "student_text",
    "student_version",
]
