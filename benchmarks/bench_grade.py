"""Time the gradebook: N completed submissions of A1 graded with J workers.

    python benchmarks/bench_grade.py            # 100 submissions, 2 workers
    python benchmarks/bench_grade.py --n 20 --jobs 1

Each submission is the student version of A1 with the instructor's solution
pasted in (as a student would), one folder per student. Prints the wall time,
the time per submission, and checks that every row got full points. Each
submission runs in its own pytest process and kernel, so the time is mostly
starting Python, pytest and a kernel, then running A1's cells.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from optlab.assignments import solved_version  # noqa: E402

SOURCE = ROOT / "notebooks" / "assignments"


def completed_a1():
    """The student version of A1 with every stub replaced by the solution."""
    return solved_version(
        nbformat.read(str(SOURCE / "student" / "A1_momentum.ipynb"), 4),
        nbformat.read(str(SOURCE / "A1_momentum_instructor.ipynb"), 4),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="submissions")
    parser.add_argument("--jobs", type=int, default=2, help="workers")
    args = parser.parse_args()
    nb = completed_a1()
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as folder:
        folder = Path(folder)
        students = []
        for number in range(args.n):
            student = folder / "submissions" / f"student{number:03d}"
            student.mkdir(parents=True)
            nbformat.write(nb, str(student / "A1_momentum.ipynb"))
            students.append(str(student))
        table = folder / "grades.csv"
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        command = [
            sys.executable, "-m", "optlab.assignments", "grade", *students,
            "--csv", str(table), "--jobs", str(args.jobs),
        ]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:])
            return 1
        with table.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        full = sum(
            row["total"] == row["max_total"] and float(row["max_total"]) > 0
            for row in rows
        )
    print(
        f"{args.n} submissions of A1, {args.jobs} workers, {os.cpu_count()} cores: "
        f"{elapsed:.1f} s ({elapsed / args.n:.2f} s per submission); "
        f"{full} of {len(rows)} rows with full points"
    )
    return 0 if full == len(rows) == args.n else 1


if __name__ == "__main__":
    sys.exit(main())
