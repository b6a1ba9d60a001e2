"""Command line: ``python -m optlab.assignments {execute,release,copy,check,grade}``.

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
    rel.add_argument(
        "--to",
        type=Path,
        default=None,
        metavar="DIR",
        help="write the student bundle to DIR instead (a new or empty folder): "
        "student notebooks, the checker's reference results, a README",
    )

    cp = commands.add_parser(
        "copy", help="copy an assignment to a working folder (never overwrites)"
    )
    cp.add_argument("name", help="assignment, e.g. A1 or A1_momentum")
    cp.add_argument(
        "--to", type=Path, required=True, metavar="DIR", help="working folder"
    )
    cp.add_argument(
        "--from",
        dest="origin",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of the student notebooks (default: the working directory "
        "if it is a student bundle, else the source tree's student versions)",
    )

    check = commands.add_parser("check", help="check submitted notebooks")
    check.add_argument("submissions", nargs="+", type=Path, help="notebooks to check")
    check.add_argument(
        "--source",
        type=Path,
        default=None,
        help="a student bundle, or a folder of *_instructor.ipynb notebooks "
        "(default: the bundle beside the notebook or in the working directory, "
        "else the source tree's instructor notebooks)",
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

    gr = commands.add_parser(
        "grade", help="grade many submissions in parallel into a CSV gradebook"
    )
    gr.add_argument(
        "submissions", nargs="+", type=Path, help="notebooks, or one folder per student"
    )
    gr.add_argument("--csv", type=Path, required=True, help="gradebook to write")
    gr.add_argument(
        "--feedback",
        type=Path,
        default=None,
        help="folder for one markdown feedback file per submission "
        "(default: 'feedback' beside the CSV file)",
    )
    gr.add_argument(
        "--source", type=Path, default=default_source_dir(), help=source_help
    )
    gr.add_argument(
        "--jobs", type=int, default=None, help="submissions at once (default: cores)"
    )
    gr.add_argument(
        "--timeout", type=float, default=60.0, help="seconds per cell (%(default)s)"
    )
    gr.add_argument(
        "--total-timeout",
        type=float,
        default=600.0,
        help="seconds per submission (%(default)s)",
    )
    gr.add_argument(
        "--memory-mb",
        type=int,
        default=2048,
        help="address space per run, in MB (%(default)s)",
    )
    gr.add_argument(
        "--cpu-seconds",
        type=int,
        default=600,
        help="CPU seconds per process of a run (%(default)s)",
    )
    return parser


def _release(args) -> int:
    if args.to is not None:
        from .bundle import write_bundle

        try:
            written = write_bundle(args.source, args.to)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        for path in written:
            print(f"wrote {path}")
        return 0
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


def _copy(args) -> int:
    from .bundle import REFERENCE_DIR, copy_assignment

    origin = args.origin
    if origin is None:
        here = Path.cwd()
        origin = here if (here / REFERENCE_DIR).is_dir() else None
    if origin is None:
        origin = default_source_dir() / "student"
    try:
        target = copy_assignment(args.name, origin, args.to)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"copied to {target}: open that copy and work there")
    return 0


def _grade(args) -> int:
    from .grade import grade, write_csv, write_feedback
    from .limits import Limits

    try:
        limits = Limits(memory_mb=args.memory_mb, cpu_seconds=args.cpu_seconds)
        rows = grade(
            args.submissions,
            source=args.source,
            jobs=args.jobs,
            timeout=args.timeout,
            total_timeout=args.total_timeout,
            limits=limits,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    write_csv(rows, args.csv)
    feedback = (
        args.feedback
        if args.feedback is not None
        else (args.csv.resolve().parent / "feedback")
    )
    write_feedback(rows, feedback)
    for row in rows:
        print(
            f"{row.student:<20} {row.assignment or '?':<18} "
            f"{row.total:g}/{row.max_total:g}  {row.status}"
        )
    print(f"wrote {args.csv} and {len(rows)} feedback files in {feedback}")
    return 0


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
        return _release(args)
    if args.command == "copy":
        return _copy(args)
    if args.command == "grade":
        return _grade(args)
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
