"""Limits for the process that runs a submission, and a way to stop all of it.

Student code runs with the rights of whoever checks it: it can read and
write that user's files and open network connections. The limits here do not
change that; they only stop a submission from taking the grader's machine
with it:

* ``memory_mb``: the address space of the checking process and the kernel it
  starts (``RLIMIT_AS``, set with :func:`resource.setrlimit` before pytest
  and nbval load, and inherited by the kernel); an allocation beyond it
  raises ``MemoryError`` in the student's cell;
* ``cpu_seconds``: CPU time of each of those processes (``RLIMIT_CPU``); the
  kernel is killed when it is used up;
* the per-cell time limit (nbval's) and a limit on the whole run, after which
  every process of the run (its own process group) is killed.

On systems without the :mod:`resource` module (Windows) only the time limits
apply.
"""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass

__all__ = ["Limits", "limited_command", "run_killing_group"]


@dataclass(frozen=True)
class Limits:
    """Resource limits for one submission's run (``None``: no limit)."""

    memory_mb: int | None = 2048
    cpu_seconds: int | None = 600

    def __post_init__(self):
        for name in ("memory_mb", "cpu_seconds"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value <= 0):
                raise ValueError(
                    f"{name} must be a positive whole number or None; got {value!r}"
                )


def limited_command(python: str, arguments: list[str], limits: Limits | None):
    """``python -m ...`` that first sets ``limits`` on its own process.

    The limits are set by the new interpreter itself (``-c``), so nothing
    runs between fork and exec in the caller, which may have threads.
    """
    try:
        import resource  # noqa: F401
    except ImportError:  # Windows: time limits only
        limits = None
    if limits is None:
        return [python, *arguments]
    settings = []
    if limits.memory_mb is not None:
        size = limits.memory_mb * 1024 * 1024
        settings.append(f"resource.setrlimit(resource.RLIMIT_AS, ({size}, {size}))")
    if limits.cpu_seconds is not None:
        cpu = limits.cpu_seconds
        settings.append(f"resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu + 5}))")
    module, *rest = arguments[1:] if arguments[0] == "-m" else (None, *arguments)
    if module is None:
        raise ValueError(f"arguments must start with '-m MODULE'; got {arguments!r}")
    code = "; ".join(
        [
            "import resource, runpy, sys",
            *settings,
            f"sys.argv = [{module!r}] + sys.argv[1:]",
            f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)",
        ]
    )
    return [python, "-c", code, *rest]


def _kill_group(process: subprocess.Popen) -> None:
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    elif process.poll() is None:
        process.kill()


def run_killing_group(command, *, timeout: float | None, **options):
    """Run ``command`` in a process group of its own; kill the group at the end.

    Returns ``(returncode, stdout, stderr)``; raises :class:`TimeoutError`
    after ``timeout`` seconds, once every process of the group is killed
    (the kernel a run started included).
    """
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=os.name == "posix",
        **options,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        raise TimeoutError(f"the run was stopped after {timeout:g} s") from None
    finally:
        _kill_group(process)  # a kernel left behind goes with its group
    return process.returncode, out, err
