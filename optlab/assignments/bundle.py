"""The student bundle: a folder to hand out, with nothing a student must not see.

``python -m optlab.assignments release --to DIR`` writes::

    DIR/README.md                    how to copy, work on and check an assignment
    DIR/A1_momentum.ipynb            the student versions (stubs, no outputs)
    DIR/reference/A1_momentum.json   what the checker needs, per assignment

A reference file is a notebook (nbformat JSON) holding only the graded cells
of the student version, in order, each question under its heading (so the
checker can name cells by it): solution cells as stubs, written answers as
``YOUR ANSWER HERE``, and the checked cells with their source *without* the
hidden tests and with the instructor's outputs (the numbers nbval compares
and the *check yourself* text shows anyway). No solution line, no hidden test
and no other output goes in. ``python -m optlab.assignments check`` finds
``reference/`` beside the submission or in the working directory and checks
against it exactly as against an instructor notebook; hidden tests then do
not run (they are for grading, with the instructor notebooks).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat

from .cells import graded_cells, without_hidden_tests
from .explain import heading_of
from .release import instructor_notebooks, student_name, student_version

__all__ = [
    "REFERENCE_DIR",
    "copy_assignment",
    "find_reference",
    "reference_notebook",
    "write_bundle",
]

REFERENCE_DIR = "reference"

STUDENT_README = """\
# Assignments

{listing}

## Set up once

Install optlab (your course tells you where from), for example from a copy of
its source folder:

```bash
python -m pip install PATH/TO/optlab     # POSIX
py -m pip install PATH\\TO\\optlab         # Windows
```

Every command below starts the same Python (`python` on POSIX, `py` on
Windows), so it finds the optlab you installed.

## Work on an assignment

1. Copy it first, so this folder stays as handed out (a copy is never
   overwritten):

   ```bash
   python -m optlab.assignments copy A1 --to my-work     # POSIX
   py -m optlab.assignments copy A1 --to my-work         # Windows
   ```

2. Open your copy:

   ```bash
   python -m jupyter lab my-work/A1_momentum.ipynb       # POSIX
   py -m jupyter lab my-work\\A1_momentum.ipynb           # Windows
   ```

   Write your code where a cell says `# YOUR CODE HERE` (and delete the
   `raise NotImplementedError()` under it), replace `YOUR ANSWER HERE` with
   your written answers. Keep the given cells and names; add cells freely.
3. Restart the kernel and run every cell, save, then, in this folder:

   ```bash
   python -m optlab.assignments check my-work/A1_momentum.ipynb   # POSIX
   py -m optlab.assignments check my-work\\A1_momentum.ipynb       # Windows
   ```

   Every question should say `PASS` (written answers: graded by hand). The
   checker needs the `reference/` folder of this bundle: keep it here.
"""


def reference_notebook(instructor):
    """The graded cells of the student version, with the checked cells' outputs.

    Hidden tests are left out of the checked cells; solution cells and
    written answers are stubs, as in the student version.
    """
    student = student_version(instructor)
    reference = copy.deepcopy(student)
    reference.cells = []
    last_heading = None
    for cell in graded_cells(student):
        heading = heading_of(student, cell.index)
        if heading is not None and heading != last_heading:  # names the question
            reference.cells.append(nbformat.v4.new_markdown_cell(f"## {heading}"))
            last_heading = heading
        kept = copy.deepcopy(student.cells[cell.index])
        if cell.checked:
            original = instructor.cells[cell.index]
            kept.source = without_hidden_tests(original.source)
            kept.outputs = copy.deepcopy(original.outputs)
            kept.execution_count = original.execution_count
        reference.cells.append(kept)
    return reference


def write_bundle(source: str | Path, dest: str | Path) -> list[Path]:
    """Write the student bundle of every instructor notebook in ``source``.

    ``dest`` must be missing or empty, so that nothing left over from
    elsewhere ends up in the folder handed out.

    Returns
    -------
    list of Path
        Every file written.
    """
    source, dest = Path(source), Path(dest)
    instructors = instructor_notebooks(source)
    if dest.exists() and any(dest.iterdir()):
        raise ValueError(
            f"dest must be a new or empty folder; {str(dest)!r} holds files"
        )
    (dest / REFERENCE_DIR).mkdir(parents=True, exist_ok=True)
    written = []
    listing = []
    for path in instructors:
        nb = nbformat.read(str(path), as_version=4)
        name = student_name(path)
        target = dest / name
        target.write_text(nbformat.writes(student_version(nb)) + "\n", encoding="utf-8")
        reference = dest / REFERENCE_DIR / (Path(name).stem + ".json")
        reference.write_text(
            nbformat.writes(reference_notebook(nb)) + "\n", encoding="utf-8"
        )
        written += [target, reference]
        title = next(
            (
                line.lstrip("# ").strip()
                for cell in nb.cells
                if cell.cell_type == "markdown"
                for line in cell.source.splitlines()
                if line.startswith("# ")
            ),
            name,
        )
        listing.append(f"- `{name}`: {title}")
    readme = dest / "README.md"
    readme.write_text(
        STUDENT_README.format(listing="\n".join(listing)), encoding="utf-8"
    )
    written.append(readme)
    return written


def find_reference(assignment: str, places) -> Path | None:
    """``reference/ASSIGNMENT.json`` in the first of ``places`` that has it."""
    for place in places:
        candidate = Path(place) / REFERENCE_DIR / f"{assignment}.json"
        if candidate.is_file():
            return candidate
    return None


def copy_assignment(name: str, folder: str | Path, dest: str | Path) -> Path:
    """Copy the student notebook ``name`` (or its prefix, ``A1``) to ``dest``.

    Never overwrites: an existing copy is the student's work.

    Raises
    ------
    ValueError
        If no student notebook or more than one matches ``name``, or the copy
        exists already.
    """
    folder, dest = Path(folder), Path(dest)
    found = sorted(folder.glob("*.ipynb"))
    matches = [p for p in found if p.stem == name or p.stem.startswith(name + "_")]
    if len(matches) != 1:
        names = ", ".join(p.stem for p in found) or "none"
        raise ValueError(
            f"name must name one assignment in {str(folder)!r} (found: {names}); "
            f"got {name!r}"
        )
    target = dest / matches[0].name
    if target.exists():
        raise ValueError(
            f"{str(target)!r} exists already (your work); it is left as it is"
        )
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(matches[0], target)
    return target
