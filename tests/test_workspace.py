"""The student's working copy of the lessons: ``python -m optlab.workspace``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from optlab.workspace import copy_lessons, default_lessons_dir, lesson_files, main

ROOT = Path(__file__).resolve().parent.parent


def _fake_lessons(folder: Path) -> list[str]:
    """Two lessons and two files that are not lessons."""
    folder.mkdir()
    names = ["00_start_here.ipynb", "01_first.ipynb"]
    for name in names:
        (folder / name).write_text(f'{{"lesson": "{name}"}}', encoding="utf-8")
    (folder / "sanitize.cfg").write_text("[x]\n", encoding="utf-8")
    (folder / "notes.ipynb").write_text("{}", encoding="utf-8")
    return names


def test_default_source_is_the_repositorys_lessons():
    assert default_lessons_dir() == ROOT / "notebooks"
    names = [path.name for path in lesson_files(default_lessons_dir())]
    assert names == sorted(
        path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")
    )
    assert "00_start_here.ipynb" in names


def test_copies_every_lesson_and_nothing_else(tmp_path):
    names = _fake_lessons(tmp_path / "src")
    report = copy_lessons(tmp_path / "a" / "mine", tmp_path / "src")
    assert report.copied == names and report.kept == [] and report.refreshed == []
    copied = sorted(path.name for path in (tmp_path / "a" / "mine").iterdir())
    assert copied == names
    for name in names:
        assert (tmp_path / "a" / "mine" / name).read_bytes() == (
            tmp_path / "src" / name
        ).read_bytes()


def test_never_overwrites_a_students_copy(tmp_path):
    names = _fake_lessons(tmp_path / "src")
    copy_lessons(tmp_path / "mine", tmp_path / "src")
    mine = tmp_path / "mine" / names[0]
    mine.write_text("my answers", encoding="utf-8")
    (tmp_path / "src" / "02_new.ipynb").write_text("{}", encoding="utf-8")
    report = copy_lessons(tmp_path / "mine", tmp_path / "src")
    assert mine.read_text(encoding="utf-8") == "my answers"
    assert report.kept == names
    assert report.copied == ["02_new.ipynb"]


def test_refresh_keeps_the_old_copy_as_bak(tmp_path):
    names = _fake_lessons(tmp_path / "src")
    copy_lessons(tmp_path / "mine", tmp_path / "src")
    mine = tmp_path / "mine" / names[1]
    mine.write_text("my answers", encoding="utf-8")
    report = copy_lessons(tmp_path / "mine", tmp_path / "src", refresh=["01"])
    assert report.refreshed == [names[1]] and report.kept == [names[0]]
    assert mine.read_bytes() == (tmp_path / "src" / names[1]).read_bytes()
    assert (tmp_path / "mine" / (names[1] + ".bak")).read_text(encoding="utf-8") == (
        "my answers"
    )


@pytest.mark.parametrize(
    "case, error, words",
    [
        ("same folder", ValueError, "lessons' own folder"),
        ("target is a file", ValueError, "is a file"),
        ("no lessons", FileNotFoundError, "holds no lesson"),
        ("missing source", FileNotFoundError, "is not a folder"),
        ("unknown refresh", ValueError, "refresh='07'"),
    ],
)
def test_bad_input_is_named(tmp_path, case, error, words):
    _fake_lessons(tmp_path / "src")
    (tmp_path / "file.txt").write_text("", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    calls = {
        "same folder": lambda: copy_lessons(tmp_path / "src", tmp_path / "src"),
        "target is a file": lambda: copy_lessons(
            tmp_path / "file.txt", tmp_path / "src"
        ),
        "no lessons": lambda: copy_lessons(tmp_path / "mine", tmp_path / "empty"),
        "missing source": lambda: copy_lessons(tmp_path / "mine", tmp_path / "nope"),
        "unknown refresh": lambda: copy_lessons(
            tmp_path / "mine", tmp_path / "src", refresh=["07"]
        ),
    }
    with pytest.raises(error, match=words):
        calls[case]()
    assert not (tmp_path / "mine").exists()


def test_main_prints_each_file_and_exit_status(tmp_path, capsys):
    _fake_lessons(tmp_path / "src")
    target = tmp_path / "mine"
    assert main(["--to", str(target), "--from", str(tmp_path / "src")]) == 0
    out = capsys.readouterr().out
    assert "copied" in out and "01_first.ipynb" in out and "jupyter lab" in out
    # from this source tree, the course's server settings go with it
    assert "--config=" in out and out.rstrip().endswith(str(target))
    config = out.split("--config=")[1].split()[0]
    assert Path(config).resolve() == ROOT / "jupyter-config" / "optlab.json"
    assert main(["--to", str(target), "--from", str(tmp_path / "src")]) == 0
    assert "kept" in capsys.readouterr().out
    assert main(["--to", str(target), "--from", str(tmp_path / "none")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_command_line_copies_the_real_lessons(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "optlab.workspace", "--to", "my-lessons"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    copied = sorted(path.name for path in (tmp_path / "my-lessons").iterdir())
    assert copied == [path.name for path in lesson_files(ROOT / "notebooks")]


def test_the_printed_command_quotes_a_folder_with_a_space(tmp_path, capsys):
    _fake_lessons(tmp_path / "src")
    target = tmp_path / "my lessons"
    assert main(["--to", str(target), "--from", str(tmp_path / "src")]) == 0
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last.endswith(f'"{target}"'), last
