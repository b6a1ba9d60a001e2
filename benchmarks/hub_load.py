"""A class on one machine: slider latency, memory and CPU per student on JupyterHub.

    .venv/bin/python benchmarks/hub_load.py
    .venv/bin/python benchmarks/hub_load.py --students 5 10 --seconds 20

Starts the course's JupyterHub on 127.0.0.1 (as the tests in ``tests/hub/``
do: dummy authenticator, local-process spawner, configurable-http-proxy from
``deploy/install_proxy.sh``) and simulates a growing class. At each class size
N (default 5, 10, 20, 40) every student has their own server with lesson 03
open as a Voila app, and every student moves the first explorer's alpha slider
once a second (over the kernel's websocket, as the browser would) for
``--seconds`` seconds. A move waits for the previous figure, so a slow server
slows its student down rather than piling up requests.

Printed for each N: the median and 95th-percentile latency from sending a new
slider value to receiving the redrawn figure (through the hub's proxy), the
memory of one student's server and kernel (proportional set size, so shared
libraries are split fairly), and the CPU the students' servers and kernels
used per active student. Then the smallest N whose 95th percentile passed
300 ms. The simulated students run in this process on the same machine and
take CPU too; browsers would add the drawing on each student's own laptop.

Bounded: at most 40 students by default, a fixed number of moves per student
per level, a time limit on every wait; it stops early if the machine runs
short of memory. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hub"))

import hubkit  # noqa: E402

LESSON = "03_momentum.ipynb"
TARGET_MS = 300.0
MIN_FREE_GB = 3.0  # stop adding students below this much available memory
PAGE_SIZE_KB = 1.0 / 1024 / 1024  # kB to GB


def mem_available_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * PAGE_SIZE_KB
    return float("nan")


def pss_gb(pid: int) -> float:
    """Proportional set size of one process in GB (0 if it is gone)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * PAGE_SIZE_KB
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds used so far by one process."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def student_processes(hub: hubkit.Hub) -> dict[str, dict[str, list[int]]]:
    """Each student's server and kernel process ids, by student name."""
    found: dict[str, dict[str, list[int]]] = {}
    for pid in hubkit.descendants(hub.proc.pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"jupyterhub.singleuser" not in cmdline:
            continue
        user = next(
            (
                e.split(b"=", 1)[1].decode()
                for e in environ
                if e.startswith(b"JUPYTERHUB_USER=")
            ),
            None,
        )
        if user:
            found[user] = {"server": [pid], "kernels": hubkit.descendants(pid)}
    return found


class SimulatedStudent:
    """One student with lesson 03 open, moving alpha once a second."""

    def __init__(self, student: hubkit.Student):
        self.student = student
        self.app = student.open_voila(LESSON)
        self.slider = self.app.first_slider(hubkit.ALPHA)
        self.canvas = self.app.figure_of(self.slider)
        self.app.attach_figures()
        self.app.full_image(self.canvas)  # connected and drawn, as on screen
        self.values = [0.05, 0.08, 0.12, 0.2]  # all stable on lesson 03's function
        self.moves = 0
        self.lost = ""  # why the connection was lost, if it was

    def run(self, seconds: float, interval: float, stop: threading.Event) -> list:
        """Move every ``interval`` s for ``seconds`` s; latencies in ms."""
        latencies = []
        end = time.monotonic() + seconds
        while time.monotonic() < end and not stop.is_set():
            started = time.monotonic()
            value = self.values[self.moves % len(self.values)]
            self.moves += 1
            try:
                seconds_taken, _ = self.app.move_slider(
                    self.slider, value, self.canvas, timeout=30
                )
                latencies.append(1000 * seconds_taken)
            except TimeoutError:
                latencies.append(30_000.0)  # counted, never hidden
            except (ConnectionError, OSError) as error:
                self.lost = f"{type(error).__name__}: {error}"
                break
            rest = interval - (time.monotonic() - started)
            if rest > 0:
                stop.wait(rest)
        return latencies


@contextlib.contextmanager
def keep_alive(students: list[SimulatedStudent]):
    """While more students arrive, the waiting ones keep their pages open."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(5.0):
            for s in list(students):
                s.app.drain()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _pids(hub, students) -> list[int]:
    """Process ids of the given students' servers and kernels."""
    processes = student_processes(hub)
    return [
        pid
        for s in students
        for kind in processes.get(s.student.name, {}).values()
        for pid in kind
    ]


def measure_level(hub, students, seconds, interval) -> dict:
    """All ``students`` move for ``seconds`` s; latency, memory, CPU."""
    pids = _pids(hub, students)
    cpu_before = sum(cpu_seconds(p) for p in pids)
    stop = threading.Event()
    wall = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(students)) as pool:
        results = list(pool.map(lambda s: s.run(seconds, interval, stop), students))
    wall = time.monotonic() - wall
    pids = _pids(hub, students)
    processes = student_processes(hub)
    cpu = sum(cpu_seconds(p) for p in pids) - cpu_before
    latencies = [ms for r in results for ms in r]
    servers = [pss_gb(p) for s in students for p in processes[s.student.name]["server"]]
    kernels = [
        sum(pss_gb(p) for p in processes[s.student.name]["kernels"]) for s in students
    ]
    lost = [s.lost for s in students if s.lost]
    for reason in lost:
        print(f"  connection lost: {reason}")
    return {
        "lost": len(lost),
        "n": len(students),
        "moves": len(latencies),
        "median_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 95),
        "server_gb": statistics.median(servers),
        "kernel_gb": statistics.median(kernels),
        "cpu_per_student": cpu / wall / len(students),
        "available_gb": mem_available_gb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[5, 10, 20, 40])
    parser.add_argument("--seconds", type=float, default=30.0, help="per class size")
    parser.add_argument("--interval", type=float, default=1.0, help="between moves")
    parser.add_argument("--max-students", type=int, default=60, help="hard bound")
    args = parser.parse_args()
    sizes = sorted(n for n in args.students if 0 < n <= args.max_students)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # still clean up
    why = hubkit.proxy_missing()
    if why:
        sys.exit(why)
    rows, crossed = [], None
    with hubkit.serve_hub() as hub:
        students: list[SimulatedStudent] = []
        for n in sizes:
            if mem_available_gb() < MIN_FREE_GB:
                print(f"stopping before N = {n}: under {MIN_FREE_GB} GB available")
                break
            names = [f"s{i:03d}" for i in range(len(students), n)]
            start = time.monotonic()
            with keep_alive(students):
                spawned = hubkit.add_students(hub, names)
                # two pages at a time: each one runs the whole notebook
                with ThreadPoolExecutor(max_workers=2) as pool:
                    students += list(pool.map(SimulatedStudent, spawned))
            took = time.monotonic() - start
            print(
                f"N = {n}: {len(names)} more students spawned and on lesson 03 "
                f"in {took:.0f} s; moving sliders for {args.seconds:.0f} s",
                flush=True,
            )
            row = measure_level(hub, students, args.seconds, args.interval)
            rows.append(row)
            print(
                "  median {median_ms:.0f} ms, p95 {p95_ms:.0f} ms over {moves} moves "
                "({lost} students lost their connection); "
                "per student: server {server_gb:.3f} GB, kernel {kernel_gb:.3f} GB, "
                "CPU {cpu_per_student:.3f} cores; "
                "{available_gb:.1f} GB still available".format(**row),
                flush=True,
            )
            if crossed is None and row["p95_ms"] > TARGET_MS:
                crossed = n
        for s in students:
            s.app.close()
    print()
    print(
        "| students | median | p95 | server + kernel per student "
        "| CPU per active student |"
    )
    print("|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            "| {n} | {median_ms:.0f} ms | {p95_ms:.0f} ms | {mem:.2f} GB "
            "| {cpu_per_student:.2f} cores |".format(
                mem=row["server_gb"] + row["kernel_gb"], **row
            )
        )
    if crossed is None:
        print(f"p95 stayed at or under {TARGET_MS:.0f} ms up to N = {sizes[-1]}")
    else:
        print(f"p95 first passed {TARGET_MS:.0f} ms at N = {crossed}")


if __name__ == "__main__":
    main()
