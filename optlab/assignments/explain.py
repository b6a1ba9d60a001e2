"""Reasons a student can act on: errors in student terms, headings, dependencies.

The checker knows a failing cell by nbval's record (the error's name, value
and traceback); a student knows the notebook by its headings and by the
functions they were asked to write. This module translates between the two:

* :func:`heading_of` names a question by the heading above it;
* :func:`owners` maps each name a solution cell defines (``def f``,
  ``x = ...``) to its question, so an error raised inside ``momentum_path``
  or a check that uses ``paths`` can be traced to the question that writes it;
* :func:`in_student_terms` rewords common Python errors.
"""

from __future__ import annotations

import io
import re
import tokenize

__all__ = [
    "defined_names",
    "failing_line",
    "functions_in_traceback",
    "heading_of",
    "in_student_terms",
    "name_not_defined",
    "owners",
    "used_names",
]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_FRAME = re.compile(r"(?:Cell In\s*\[[^\]]*\]|File \S+), line \d+, in (\w+)")
_DEF = re.compile(r"^def (\w+)\s*\(", re.MULTILINE)
_ASSIGN = re.compile(r"^(\w+)\s*(?::[^=]*)?=(?!=)", re.MULTILINE)
_MARKER = re.compile(r"### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")  # not headings
_NAME_ERROR = re.compile(r"name '(\w+)' is not defined")


def functions_in_traceback(traceback: list[str]) -> list[str]:
    """Functions named in a kernel traceback, outermost first (no ``<module>``)."""
    text = _ANSI.sub("", "\n".join(traceback))
    return [name for name in _FRAME.findall(text) if name != "module"]


_ARROW = re.compile(r"^-+> *\d+ (.*)$", re.MULTILINE)


def failing_line(traceback: list[str], function: str) -> str | None:
    """The line of ``function`` the error passed (IPython marks it ``---->``)."""
    for frame in reversed(traceback):
        frame = _ANSI.sub("", frame)
        if f", in {function}" not in frame.split("\n", 1)[0]:
            continue
        found = _ARROW.search(frame)
        return found.group(1).strip() if found else None
    return None


def defined_names(source: str) -> list[str]:
    """Names a cell defines at its top level: functions and assigned variables."""
    return list(dict.fromkeys(_DEF.findall(source) + _ASSIGN.findall(source)))


def used_names(source: str, names) -> set[str]:
    """Which of ``names`` the code in ``source`` uses (not strings or comments).

    Falls back to whole words of ``source`` where it does not tokenize (an
    IPython magic, a half-written line).
    """
    try:
        words = {
            token.string
            for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type == tokenize.NAME
        }
    except (tokenize.TokenError, IndentationError, SyntaxError):
        words = set(re.findall(r"\w+", source))
    return {name for name in names if name in words}


def owners(nb, solution_cells) -> dict[str, str]:
    """Name -> question, for every name a solution code cell defines first."""
    found: dict[str, str] = {}
    for cell in solution_cells:
        if cell.cell_type != "code":
            continue
        for name in defined_names(nb.cells[cell.index].source):
            found.setdefault(name, cell.question)
    return found


def heading_of(nb, index: int) -> str | None:
    """The last markdown heading (``#`` ... ``######``) at or above cell ``index``.

    nbgrader's ``### BEGIN SOLUTION`` and ``### END SOLUTION`` lines in a
    written answer look like headings but are not.
    """
    for cell in reversed(nb.cells[: index + 1]):
        if cell.cell_type != "markdown":
            continue
        for line in reversed(cell.source.splitlines()):
            if re.match(r"#{1,6} ", line) and not _MARKER.match(line):
                return line.lstrip("#").strip()
    return None


def name_not_defined(evalue: str) -> str | None:
    """The name in a NameError's message."""
    found = _NAME_ERROR.search(evalue)
    return found.group(1) if found else None


_SAME_LENGTH = (
    "two sequences that should have the same length do not ({evalue}): check "
    "how many items your code makes, for example one point per step plus the "
    "start point"
)

_TERMS: list[tuple[str, str, str]] = [  # error name, pattern in its message, text
    ("ValueError", r"zip\(\) argument \d+ is (shorter|longer)", _SAME_LENGTH),
    (
        "ValueError",
        r"operands could not be broadcast together",
        "two arrays of different shapes met in one operation ({evalue}): print "
        "the shapes of what your code makes (np.shape(x)) and compare them with "
        "the shapes the question asks for",
    ),
    (
        "ValueError",
        r"must have same first dimension",
        "a plot got two arrays of different lengths ({evalue}): one of your "
        "arrays has the wrong number of entries",
    ),
    (
        "IndexError",
        r"out of bounds|index out of range",
        "an array or list is shorter than the check expects ({evalue}): check "
        "how many entries your code makes",
    ),
    (
        "TypeError",
        r"'NoneType'",
        "a value is None where a result was expected ({evalue}): does your "
        "function end with `return`?",
    ),
    (
        "KeyError",
        r".*",
        "the dictionary has no entry {evalue}: store every entry the question "
        "asks for, under exactly the keys it names",
    ),
    (
        "ZeroDivisionError",
        r".*",
        "a division by zero ({evalue})",
    ),
    (
        "MemoryError",
        r".*",
        "the notebook ran out of memory: does a loop keep appending without end, "
        "or an array grow far larger than the question needs?",
    ),
    (
        "RecursionError",
        r".*",
        "a function calls itself without end ({evalue})",
    ),
]


def in_student_terms(ename: str, evalue: str) -> str:
    """A Python error reworded for a student (or ``raised NAME: VALUE``)."""
    if ename == "KeyboardInterrupt":
        return (
            "ran out of time: the cell was stopped after the time limit per cell "
            "(an endless loop, or far more steps than the question asks for?)"
        )
    if ename == "AssertionError":
        return "check failed: " + (evalue or "a result is not the expected one")
    if ename == "NameError":
        name = name_not_defined(evalue)
        if name is not None:
            return (
                f"`{name}` is not defined: run every cell from the top (Kernel, "
                "Restart Kernel and Run All Cells), and keep the names the "
                "question gives"
            )
    for wanted, pattern, text in _TERMS:
        if ename == wanted and re.search(pattern, evalue):
            return text.format(evalue=evalue)
    return f"raised {ename}: {evalue}".rstrip(": ")
