"""Execute the lessons top to bottom in a fresh kernel and save their outputs.

Usage::

    python scripts/execute_notebooks.py                    # every lesson
    python scripts/execute_notebooks.py notebooks/03_momentum.ipynb

What is stored, and why, is described in :mod:`optlab.notebooks`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from optlab.notebooks import execute_notebook

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson")
    args = parser.parse_args(argv)
    for path in args.notebooks or LESSONS:
        seconds = execute_notebook(path.resolve())
        print(f"{path.name}: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
