"""Structural checks of the committed notebooks (no kernel needed).

nbval re-runs the notebooks and compares their outputs; these tests check what
nbval cannot: that the committed file *has* the outputs a reader needs, in the
order a fresh run produces them, with the tags and sections the lessons promise.

Notebooks checked: every lesson ``notebooks/NN_*.ipynb`` and every instructor
assignment ``notebooks/assignments/**/*_instructor.ipynb``. The lesson-only
checks (opening section, folded answers, README list) apply to lessons.

The rule for "this cell must have outputs": after dropping IPython magics, a
code cell must have at least one output when

- it calls ``print`` or ``display`` (outside a function or class definition);
- it draws: it calls a function of ``plot`` or ``widgets`` (other than the
  data helpers in ``DATA_HELPERS``), or ``plt.subplots`` / ``plt.figure``;
- its last statement is a bare expression that is not a call and does not end
  in ``;`` (a name, attribute, subscript or arithmetic always echoes a value).

Cells of assignments and imports only (and calls whose result may be None) are
not required to show anything.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
INSTRUCTOR = sorted((NOTEBOOKS / "assignments").glob("**/*_instructor.ipynb"))
ALL_NOTEBOOKS = LESSONS + INSTRUCTOR

PLANNED_LESSONS = [
    "00_start_here.ipynb",
    "01_gradient_descent_struggles.ipynb",
    "02_exponential_averages.ipynb",
    "03_momentum.ipynb",
    "04_normalized_gradient_descent.ipynb",
    "05_adagrad_rmsprop_adadelta.ipynb",
    "06_adam.ipynb",
    "07_optimizer_race.ipynb",
    "08_noisy_gradients.ipynb",
    "09_logistic_regression.ipynb",
]

IGNORE_TAG = "nbval-ignore-output"
# optlab.plot functions that return data and draw nothing.
DATA_HELPERS = {
    "contour_grid",
    "curve_grid",
    "contour_levels",
    "average_series",
    "path_points",
}
# Output kinds that only a figure or a widget produces.
FIGURE_MIMES = (
    "application/vnd.jupyter.widget-view+json",
    "image/png",
    "image/svg+xml",
)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _python_source(source: str) -> str:
    """The cell's source without IPython magics and shell escapes."""
    return "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
    )


DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _called_names(tree: ast.AST) -> list[tuple[str, str]]:
    """``(owner, name)`` of every call outside function and class bodies.

    ``print(x)`` gives ``("", "print")``, ``plot.paths(...)`` gives
    ``("plot", "paths")``.
    """
    found = []
    pending = list(ast.iter_child_nodes(tree))
    while pending:
        node = pending.pop()
        if isinstance(node, DEFINITIONS):
            continue
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                found.append(("", func.id))
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                found.append((func.value.id, func.attr))
        pending.extend(ast.iter_child_nodes(node))
    return found


def _prints_or_draws(tree: ast.AST) -> bool:
    for owner, name in _called_names(tree):
        if owner == "" and name in ("print", "display"):
            return True
        if owner in ("plot", "widgets") and name not in DATA_HELPERS:
            return True
        if owner == "plt" and name in ("subplots", "figure"):
            return True
    return False


def _echoes_last_expression(tree: ast.Module, code: str) -> bool:
    if code.rstrip().endswith(";") or not tree.body:
        return False
    last = tree.body[-1]
    return isinstance(last, ast.Expr) and not isinstance(last.value, ast.Call)


def needs_output(source: str) -> bool:
    """Whether a code cell must show something (the rule in the module docstring)."""
    code = _python_source(source)
    try:
        tree = ast.parse(code)
    except SyntaxError:  # not plain Python (a cell magic): no requirement
        return False
    return _prints_or_draws(tree) or _echoes_last_expression(tree, code)


def _shows_figure_or_widget(cell) -> bool:
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if any(mime in data for mime in FIGURE_MIMES):
            return True
        text = data.get("text/plain", "")
        text = "".join(text) if isinstance(text, list) else text
        if text.startswith("<Figure") or "Canvas(" in text:
            return True
    return False


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


# -- the rule itself ---------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import numpy as np\nx = 1", False),
        ("%matplotlib widget\nimport optlab", False),
        ("print(1)", True),
        ("x = 2\nx", True),
        ("x = 2\nx;", False),
        ("fig, ax = plt.subplots()", True),
        ("ex = widgets.explore('quartic', 'gradient_descent')", True),
        ("W1, W2, G = plot.contour_grid(f)", False),
        ("fig.tight_layout()", False),
        ("def f(w):\n    print(w)", False),
        ("for k in range(3):\n    print(k)", True),
        ("%%timeit\nx = 1", False),
    ],
)
def test_output_rule(source, expected):
    assert needs_output(source) is expected


# -- every notebook ------------------------------------------------------------


def test_planned_lessons_exist():
    missing = [name for name in PLANNED_LESSONS if not (NOTEBOOKS / name).exists()]
    assert not missing, f"lessons missing from notebooks/: {missing}"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_cells_that_should_show_something_have_outputs(path):
    silent = [
        i
        for i, cell in enumerate(_read(path).cells)
        if cell.cell_type == "code" and needs_output(cell.source) and not cell.outputs
    ]
    assert not silent, (
        f"{_rel(path)}: cells {silent} print or draw but store no outputs"
    )


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_execution_counts_run_1_to_n_in_order(path):
    cells = _code_cells(_read(path))
    counts = [cell.execution_count for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{_rel(path)}: execution counts {counts}; execute the notebook top to bottom "
        "in a fresh kernel (scripts/execute_notebooks.py)"
    )
    for cell in cells:
        for output in cell.outputs:
            if output.output_type == "execute_result":
                assert output.execution_count == cell.execution_count


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_no_errors_or_warnings_stored(path):
    for i, cell in enumerate(_code_cells(_read(path))):
        for output in cell.outputs:
            assert output.output_type != "error", (
                f"{_rel(path)}: code cell {i} stored an error: {output.get('ename')}"
            )
            if output.output_type == "stream":
                assert output.name != "stderr", (
                    f"{_rel(path)}: code cell {i} wrote to stderr: {output.text[:80]!r}"
                )


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_figure_and_widget_cells_are_tagged(path):
    untagged = [
        i
        for i, cell in enumerate(_code_cells(_read(path)))
        if _shows_figure_or_widget(cell) and IGNORE_TAG not in _tags(cell)
    ]
    assert not untagged, f"{_rel(path)}: code cells {untagged} draw but are untagged"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_ignore_tag_only_on_figure_cells(path):
    # A tag on a cell that only prints numbers would hide them from nbval.
    hiding = [
        i
        for i, cell in enumerate(_code_cells(_read(path)))
        if IGNORE_TAG in _tags(cell) and not _shows_figure_or_widget(cell)
    ]
    assert not hiding, f"{_rel(path)}: code cells {hiding} are tagged but draw nothing"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_no_widget_state_stored(path):
    nb = _read(path)
    assert "widgets" not in nb.metadata, f"{_rel(path)}: widget state in metadata"
    for cell in nb.cells:
        assert "widgets" not in cell.get("metadata", {})


# -- lessons -------------------------------------------------------------------


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_opens_with_learning_goals(path):
    markdown = [c.source for c in _read(path).cells if c.cell_type == "markdown"]
    opening = "\n".join(markdown[:2])
    match = re.search(r"you will be able to", opening, flags=re.IGNORECASE)
    assert match, f"{_rel(path)}: no 'you will be able to' in the first two cells"
    bullets = re.findall(r"^\s*[-*] ", opening[match.end() :], flags=re.MULTILINE)
    assert len(bullets) >= 3, f"{_rel(path)}: learning goals need at least 3 bullets"


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_first_code_cell_sets_up_the_backend(path):
    first = _code_cells(_read(path))[0].source
    assert first.startswith("%matplotlib widget"), f"{_rel(path)}: starts {first!r}"


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_has_folded_answers(path):
    text = "\n".join(c.source for c in _read(path).cells if c.cell_type == "markdown")
    opened = len(re.findall(r"<details>\s*<summary>", text))
    closed = text.count("</details>")
    assert opened >= 2, f"{_rel(path)}: {opened} folded answers; lessons need 2 to 4"
    assert opened == closed, f"{_rel(path)}: {opened} <details> opened, {closed} closed"


def test_readme_lists_every_lesson():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [path.name for path in LESSONS if path.name not in readme]
    assert LESSONS, "no lessons found in notebooks/"
    assert not missing, f"README.md does not list these lessons: {missing}"
