"""The course's JupyterHub settings, shared by every hub configuration here.

``jupyterhub_config.py`` (a real deployment on one server) and the local test
hub (``tests/hub/``) both call :func:`course_settings`; the Zero to JupyterHub
values in ``z2jh/values.yaml`` say the same things in Helm's words.

What a student gets: a single-user Jupyter server with optlab installed, a
copy of the lessons in ``~/notebooks`` (made on first start, never
overwritten), JupyterLab opening lesson 00, and every lesson as a Voila app
under their own server at ``/user/NAME/voila/render/notebooks/NN_x.ipynb``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sys
from pathlib import Path

# Where a student lands after logging in (relative to their server).
DEFAULT_URL = "/lab/tree/notebooks/00_start_here.ipynb"
# A lesson as a slider-only app under the student's own server.
VOILA_URL = "/voila/render/notebooks/{lesson}"

# Sizing from benchmarks/hub_load.py (see the README, "A whole class"): one
# student running lesson 03 as a Voila app holds about 0.31 GB (server plus
# kernel) and uses about 0.02 CPU-second per slider move. The guarantee is
# 512 MB, headroom for other lessons and a second open page.
MEM_GUARANTEE = "512M"
MEM_LIMIT = "1G"
CPU_GUARANTEE = 0.1
CPU_LIMIT = 1.0

# Culling: a student's server is stopped after an hour without activity (an
# idle kernel, a closed tab, is shut down after 20 minutes inside the server:
# see singleuser/jupyter_server_config.py).
CULL_SERVER_AFTER_S = 3600
CULL_EVERY_S = 300


HERE = Path(__file__).resolve().parent
SINGLE_USER_CONFIG = HERE / "singleuser" / "jupyter_server_config.py"


def single_user_args(
    config: Path | str = SINGLE_USER_CONFIG, allow_root: bool = False
) -> list[str]:
    """Arguments for each student's ``jupyterhub-singleuser``.

    ``config`` is ``singleuser/jupyter_server_config.py`` wherever the
    student's server sees it (kernel culling, Voila's settings).
    """
    args = [f"--config={config}"]
    if allow_root:
        args.append("--allow-root")
    return args


def idle_culler_service(python: str = sys.executable) -> dict:
    """The ``jupyterhub-idle-culler`` service, run by the hub itself."""
    return {
        "name": "idle-culler",
        "command": [
            python,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={CULL_SERVER_AFTER_S}",
            f"--cull-every={CULL_EVERY_S}",
        ],
    }


IDLE_CULLER_ROLE = {
    "name": "idle-culler",
    "scopes": [
        "list:users",
        "read:users:activity",
        "read:servers",
        "delete:servers",
    ],
    "services": ["idle-culler"],
}


def copy_lessons_hook(source: Path):
    """A ``Spawner.pre_spawn_hook`` giving each student a copy of the lessons.

    The copy goes to ``<home>/notebooks`` the first time the server starts and
    is left alone afterwards, so a student's edits survive a restart. Works
    with spawners that know the home folder (``home_dir`` of
    ``SimpleLocalProcessSpawner``, or the user's home for the local-process
    and systemd spawners).
    """
    source = Path(source)

    def hook(spawner) -> None:
        name = spawner.user.name
        home = getattr(spawner, "home_dir", None) or str(Path("~" + name).expanduser())
        target = Path(home, "notebooks")
        if target.exists():
            return
        Path(home).mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*"))
        _give_to_system_user(target, name)

    return hook


def _give_to_system_user(folder: Path, name: str) -> None:
    """Make ``folder`` the student's if they have a system account (the hub
    copies as root); test students without one keep the hub's ownership."""
    if os.geteuid() != 0:
        return
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        return
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, account.pw_uid, account.pw_gid)


def check_production(c) -> None:
    """Refuse to serve a real class without HTTPS and a real authenticator.

    HTTPS: the hub's own certificate (``ssl_cert`` and ``ssl_key``) or an
    ``https://`` bind URL. Authenticator: anything but the test ones
    (``dummy``, ``null``, and anything whose name says dummy).
    """
    bind_url = str(c.JupyterHub.get("bind_url", ""))
    has_tls = bool(c.JupyterHub.get("ssl_cert")) and bool(c.JupyterHub.get("ssl_key"))
    if not (has_tls and bind_url.startswith("https://")):
        raise ValueError(
            "a class needs HTTPS: set JupyterHub.ssl_cert and JupyterHub.ssl_key "
            f"and an https:// bind_url (got bind_url={bind_url!r})"
        )
    authenticator = str(c.JupyterHub.get("authenticator_class", "pam"))
    if authenticator.lower() in ("dummy", "null") or "dummy" in authenticator.lower():
        raise ValueError(
            "a class needs a real authenticator (PAM accounts, OAuth, LTI), "
            f"not authenticator_class={authenticator!r}"
        )


def course_settings(
    c,
    *,
    lessons: Path | None,
    python: str = sys.executable,
    allow_root: bool = False,
    idle_culler: bool = True,
) -> None:
    """Apply the course's settings to the JupyterHub config object ``c``.

    ``lessons`` is the folder copied to each student's ``~/notebooks`` (None:
    the spawner's image already has them, as on Kubernetes). ``python`` runs
    each student's server and the culler. ``idle_culler=False`` where the
    distribution runs its own (The Littlest JupyterHub does).
    """
    c.Spawner.default_url = DEFAULT_URL
    c.Spawner.cmd = [python, "-m", "jupyterhub.singleuser"]
    c.Spawner.args = single_user_args(allow_root=allow_root)
    # Enforced by spawners that can (systemd, Kubernetes, Docker); the
    # local-process spawners only pass them on as MEM_LIMIT/CPU_LIMIT.
    c.Spawner.mem_guarantee = MEM_GUARANTEE
    c.Spawner.mem_limit = MEM_LIMIT
    c.Spawner.cpu_guarantee = CPU_GUARANTEE
    c.Spawner.cpu_limit = CPU_LIMIT
    # A lecture hall logs in at once; the first start runs a few seconds.
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 60
    c.JupyterHub.concurrent_spawn_limit = 50
    if lessons is not None:
        c.Spawner.pre_spawn_hook = copy_lessons_hook(lessons)
    if not idle_culler:
        return
    services = list(c.JupyterHub.services) if "services" in c.JupyterHub else []
    roles = list(c.JupyterHub.load_roles) if "load_roles" in c.JupyterHub else []
    c.JupyterHub.services = [*services, idle_culler_service(python)]
    c.JupyterHub.load_roles = [*roles, IDLE_CULLER_ROLE]
