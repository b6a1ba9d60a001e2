"""Command line: ``python -m optlab.assignments {execute,release,check}``.

Exit status: 0 when everything passes (or is up to date), 1 when a check
fails (or, with ``release --check``, a student version is out of date), 2
when a submission cannot be checked (unreadable, unknown assignment, graded
cells missing, renamed or moved).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cells import default_source_dir
from .release import INSTRUCTOR_SUFFIX, release


def _parser() -> argparse.ArgumentParser:
    source_help = "folder of the *_instructor.ipynb notebooks (default: %(default)s)"
    parser = argparse.ArgumentParser(
        prog="python -m optlab.assignments",
        description="Release student versions of the assignments and check "
        "submissions against the instructor versions with nbval.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    execute = commands.add_parser(
        "execute", help="run instructor notebooks top to bottom and store their outputs"
    )
    execute.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to run (default: every instructor notebook)",
    )
    execute.add_argument(
        "--source", type=Path, default=default_source_dir(), help=source_help
    )
    execute.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds one cell may run (default: %(default)s)",
    )

    rel = commands.add_parser("release", help="write the student versions")
    rel.add_argument(
        "--source", type=Path, default=default_source_dir(), help=source_help
    )
    rel.add_argument(
        "--dest",
        type=Path,
        default=None,
        help="folder for the student versions (default: SOURCE/student)",
    )
    rel.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a student version is out of date",
    )

    check = commands.add_parser("check", help="check submitted notebooks")
    check.add_argument("submissions", nargs="+", type=Path, help="notebooks to check")
    check.add_argument(
        "--source", type=Path, default=default_source_dir(), help=source_help
    )
    check.add_argument(
        "--instructor",
        type=Path,
        default=None,
        help="instructor notebook to check against (default: found "
        "from the submission's metadata or file name)",
    )
    check.add_argument(
        "--sanitize-with",
        type=Path,
        default=None,
        help="nbval sanitizer file (default: notebooks/sanitize.cfg of the source "
        "tree, if present)",
    )
    check.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds one cell may run (default: %(default)s)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "execute":
        from ..notebooks import execute_notebook

        paths = args.notebooks or sorted(
            args.source.glob(f"*{INSTRUCTOR_SUFFIX}.ipynb")
        )
        if not paths:
            print(f"no instructor notebooks in {args.source}", file=sys.stderr)
            return 2
        for path in paths:
            print(f"executing {path}")
            execute_notebook(path, timeout=args.timeout)
        return 0
    if args.command == "release":
        dest = args.dest if args.dest is not None else args.source / "student"
        try:
            changed = release(args.source, dest, dry_run=args.check)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        if args.check:
            for path in changed:
                print(f"out of date: {path}")
            print(
                "student versions are up to date"
                if not changed
                else "run: python -m optlab.assignments release"
            )
            return 1 if changed else 0
        for path in changed:
            print(f"wrote {path}")
        if not changed:
            print("student versions are up to date")
        return 0

    from .check import check_submissions

    try:
        reports = check_submissions(
            args.submissions,
            source=args.source,
            instructor=args.instructor,
            sanitize_with=args.sanitize_with,
            timeout=args.timeout,
        )
    except RuntimeError as error:  # nbval missing, or pytest itself failed
        print(f"error: {error}", file=sys.stderr)
        return 2
    for report in reports:
        print(report.text())
    if any(report.error is not None for report in reports):
        return 2
    return 0 if all(report.passed for report in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
