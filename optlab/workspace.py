"""Copy the lessons into a working folder of your own.

Opening a lesson in JupyterLab and saving it rewrites the tracked file in
``notebooks/``; the next ``git pull`` then conflicts with your changes. Work
in copies instead::

    python -m optlab.workspace --to my-lessons

copies every lesson ``notebooks/NN_*.ipynb`` into ``my-lessons`` (created if
needed). A file that already exists there is never overwritten, so running the
command again after a ``git pull`` adds new lessons and keeps your work; pass
``--refresh NAME`` to replace one copy by the current lesson on purpose (your
old copy is kept beside it with a ``.bak`` suffix).

The assignments have their own copy command (see the README).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CopyReport", "copy_lessons", "default_lessons_dir", "lesson_files"]

LESSON_PATTERN = "[0-9][0-9]_*.ipynb"


def default_lessons_dir() -> Path:
    """``notebooks/`` of the source tree optlab was installed from."""
    return Path(__file__).resolve().parent.parent / "notebooks"


def open_command(folder: str | Path) -> str:
    """The command that opens ``folder`` in JupyterLab with the course's server
    settings: from a source tree (an editable install), its
    ``jupyter-config/optlab.json`` is passed; an installed optlab put that
    file where the server reads it by itself."""
    config = Path(__file__).resolve().parent.parent / "jupyter-config" / "optlab.json"
    if not config.is_file():
        return f"jupyter lab {_quoted(folder)}"
    try:
        config = config.relative_to(Path.cwd())
    except ValueError:
        pass
    return f"jupyter lab --config={_quoted(config)} {_quoted(folder)}"


def _quoted(path: str | Path) -> str:
    """``path`` as one word of a command line (POSIX shells, cmd, PowerShell)."""
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text


def lesson_files(source: str | Path) -> list[Path]:
    """The lessons ``NN_*.ipynb`` directly in ``source``, sorted by name.

    Raises
    ------
    FileNotFoundError
        If ``source`` is not a folder or holds no lesson.
    """
    source = Path(source)
    if not source.is_dir():
        raise FileNotFoundError(
            f"source={str(source)!r} is not a folder; expected the repository's "
            "notebooks/ folder (install optlab with `pip install -e .` from a "
            "clone of the repository, or pass --from)"
        )
    lessons = sorted(source.glob(LESSON_PATTERN))
    if not lessons:
        raise FileNotFoundError(
            f"source={str(source)!r} holds no lesson named like {LESSON_PATTERN!r}"
        )
    return lessons


@dataclass
class CopyReport:
    """What :func:`copy_lessons` did, file by file (names only)."""

    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)

    def lines(self, target: Path) -> list[str]:
        """One line per file, for the command line."""
        out = [f"copied    {target / name}" for name in self.copied]
        out += [
            f"refreshed {target / name} (your old copy: {name}.bak)"
            for name in self.refreshed
        ]
        out += [f"kept      {target / name} (already there)" for name in self.kept]
        return out


def copy_lessons(
    target: str | Path,
    source: str | Path | None = None,
    *,
    refresh: Sequence[str] = (),
) -> CopyReport:
    """Copy every lesson from ``source`` into ``target``, never overwriting.

    Parameters
    ----------
    target : path
        Working folder; created (with its parents) if missing. It must not be
        the source folder itself.
    source : path, optional
        Folder of the lessons; default: the repository's ``notebooks/``.
    refresh : sequence of str
        Lesson file names (``"03_momentum.ipynb"``) or their two-digit numbers
        (``"03"``) to replace by the current lesson even if a copy exists; the
        old copy is renamed to ``NAME.bak`` first (replacing an older ``.bak``).

    Returns
    -------
    CopyReport
        Names copied, kept (already present) and refreshed.

    Raises
    ------
    FileNotFoundError
        If ``source`` holds no lessons.
    ValueError
        If ``target`` is the source folder or an existing file, or a name in
        ``refresh`` matches no lesson.
    """
    source = Path(source) if source is not None else default_lessons_dir()
    lessons = lesson_files(source)
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise ValueError(f"target={str(target)!r} is a file; expected a folder")
    if target.resolve() == source.resolve():
        raise ValueError(
            f"target={str(target)!r} is the lessons' own folder; choose a "
            "different folder, for example --to my-lessons"
        )
    wanted = _refresh_names(refresh, [path.name for path in lessons])
    target.mkdir(parents=True, exist_ok=True)
    report = CopyReport()
    for lesson in lessons:
        copy = target / lesson.name
        if copy.exists() and lesson.name not in wanted:
            report.kept.append(lesson.name)
            continue
        if copy.exists():
            copy.replace(copy.with_name(copy.name + ".bak"))
            report.refreshed.append(lesson.name)
        else:
            report.copied.append(lesson.name)
        shutil.copyfile(lesson, copy)
    return report


def _refresh_names(refresh: Sequence[str], names: list[str]) -> set[str]:
    """Lesson names selected by file name or two-digit number."""
    wanted = set()
    for item in refresh:
        matches = [name for name in names if name == item or name[:2] == item]
        if not matches:
            raise ValueError(
                f"refresh={item!r} names no lesson; allowed: a file name or "
                f"two-digit number of {names}"
            )
        wanted.update(matches)
    return wanted


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m optlab.workspace --to FOLDER``."""
    parser = argparse.ArgumentParser(
        prog="python -m optlab.workspace",
        description="Copy the lessons into a working folder of your own, so that "
        "saving them never conflicts with `git pull`. Existing copies are kept.",
    )
    parser.add_argument(
        "--to",
        type=Path,
        default=Path("my-lessons"),
        help="working folder (default: %(default)s)",
    )
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=None,
        help="folder of the lessons (default: the repository's notebooks/)",
    )
    parser.add_argument(
        "--refresh",
        action="append",
        default=[],
        metavar="NAME",
        help="replace this copy by the current lesson (file name or number, "
        "e.g. 03); the old copy is kept as NAME.bak. May be repeated.",
    )
    args = parser.parse_args(argv)
    try:
        report = copy_lessons(args.to, args.source, refresh=args.refresh)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for line in report.lines(args.to):
        print(line)
    print(f"open them with: {open_command(args.to)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
