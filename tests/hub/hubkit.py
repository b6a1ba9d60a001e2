"""A real JupyterHub on 127.0.0.1 and simulated students, for tests and benchmarks.

Shared by ``tests/hub/`` and ``benchmarks/hub_load.py``; it must not import
pytest. The hub runs from PyPI's ``jupyterhub`` with ``configurable-http-proxy``
from ``deploy/proxy`` (``deploy/install_proxy.sh``), the course settings of
``deploy/optlab_hub.py``, the dummy authenticator and the simple local-process
spawner. Everything listens on 127.0.0.1 and lives in one temporary folder.

A :class:`Student` is created, logged in (a token of their own) and spawned
through the hub's REST API; :class:`VoilaApp` opens a lesson as a Voila app
through the hub's proxy and drives its widgets over the kernel's websocket,
speaking the ipywidgets and ipympl protocols as the browser would.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import re
import secrets
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import requests
import websocket
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "deploy"))

import harness  # noqa: E402
import optlab_hub  # noqa: E402

PROXY = ROOT / "deploy" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
LESSONS = ROOT / "notebooks"
PASSWORD = "optlab-test"  # the dummy authenticator's one password
ALPHA = "α"  # description of the explorers' learning-rate slider


def proxy_missing() -> str | None:
    """Why the hub cannot start here, or None.

    A missing proxy is installed first (``deploy/install_proxy.sh``, from the
    npm registry) where npm is on the PATH.
    """
    if not PROXY.exists():
        install = ROOT / "deploy" / "install_proxy.sh"
        if shutil.which("npm") is None:
            return f"configurable-http-proxy not installed and no npm: run {install}"
        done = subprocess.run(
            ["bash", str(install)], capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0 or not PROXY.exists():
            return f"{install} failed: {done.stderr.strip()[-500:]}"
    try:
        import jupyterhub  # noqa: F401
        import jupyterhub_idle_culler  # noqa: F401
    except ImportError as error:
        return f"{error.name} not installed: pip install -e '.[dev]'"
    return None


# --- the hub ----------------------------------------------------------------


@dataclass
class Hub:
    url: str  # the proxy's public URL, http://127.0.0.1:PORT
    token: str  # the test service's API token
    home: Path  # parent folder of the students' homes
    proc: subprocess.Popen
    log: Path
    ports: list[int] = field(default_factory=list)

    def api(self, method: str, path: str, token: str | None = None, **kwargs):
        """Call the hub's REST API (``path`` after /hub/api); raise on errors."""
        response = requests.request(
            method,
            f"{self.url}/hub/api{path}",
            headers={"Authorization": f"token {token or self.token}"},
            timeout=60,
            **kwargs,
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def add_student(self, name: str, timeout: float = 120.0) -> Student:
        """Create ``name``, log them in (a token of their own), start their server."""
        self.api("POST", f"/users/{name}")
        token = self.api(
            "POST", f"/users/{name}/tokens", json={"note": "test student login"}
        )["token"]
        self.api("POST", f"/users/{name}/server", token=token)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"/users/{name}", token=token)
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return Student(self, name, token, server["url"])
            time.sleep(0.3)
        raise TimeoutError(f"{name}'s server not ready after {timeout}s")


def _hub_config(tmp: Path, ports: dict[str, int], token: str) -> str:
    """The test hub's configuration file: the course settings, locally."""
    allow_root = os.geteuid() == 0
    return f"""\
import sys
sys.path.insert(0, {str(ROOT / "deploy")!r})
import optlab_hub

c = get_config()  # noqa: F821
optlab_hub.course_settings(
    c, lessons={str(LESSONS)!r}, python={sys.executable!r}, allow_root={allow_root}
)
c.JupyterHub.bind_url = "http://127.0.0.1:{ports["proxy"]}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports["hub"]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports["proxy_api"]}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = "sqlite:///{tmp / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(tmp / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(tmp / "hub.pid")!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(tmp / "home" / "{username}")!r}
c.Spawner.port = 0  # a free port of its own for each student's server
c.Spawner.ip = "127.0.0.1"
c.Spawner.environment = {{"JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1"}}
c.JupyterHub.services.append({{"name": "optlab-test", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{
    "name": "optlab-test",
    "scopes": ["admin:users", "admin:servers", "tokens", "list:services", "proxy",
               "read:services"],
    "services": ["optlab-test"],
}})
"""


@contextlib.contextmanager
def serve_hub(timeout: float = 90.0) -> Iterator[Hub]:
    """Start JupyterHub on 127.0.0.1; stop it, its servers and kernels after."""
    why = proxy_missing()
    if why:
        raise RuntimeError(why)
    with tempfile.TemporaryDirectory(prefix="optlab-hub-") as name:
        tmp = Path(name)
        ports = {key: harness.free_port() for key in ("proxy", "proxy_api", "hub")}
        token = secrets.token_hex(32)
        config = tmp / "jupyterhub_config.py"
        config.write_text(_hub_config(tmp, ports, token))
        log = tmp / "hub.log"
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)  # the lessons pick ipympl themselves
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
        with log.open("w") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(config)],
                cwd=tmp,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        hub = Hub(
            f"http://127.0.0.1:{ports['proxy']}",
            token,
            tmp / "home",
            proc,
            log,
            list(ports.values()),
        )
        try:
            _wait_ready(hub, timeout)
            yield hub
        finally:
            harness.stop_server(proc, grace=20.0)


def _wait_ready(hub: Hub, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.proc.poll() is not None:
            raise RuntimeError(f"hub exited early:\n{hub.log.read_text()[-4000:]}")
        try:
            hub.api("GET", "/")
            return
        except (requests.ConnectionError, requests.HTTPError):
            time.sleep(0.3)
    raise TimeoutError(f"hub not answering after {timeout}s:\n{hub.log.read_text()}")


# --- students -----------------------------------------------------------


@dataclass
class Student:
    hub: Hub
    name: str
    token: str
    server_url: str  # /user/NAME/

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    def get(self, path: str, **kwargs) -> requests.Response:
        """GET ``path`` under this student's server, through the hub's proxy."""
        return requests.get(
            f"{self.hub.url}{self.server_url}{path.lstrip('/')}",
            headers=self.headers,
            timeout=kwargs.pop("timeout", 300),
            **kwargs,
        )

    def open_voila(self, lesson: str, timeout: float = 300.0) -> VoilaApp:
        """Render ``notebooks/<lesson>`` as a Voila app and connect to its kernel."""
        path = optlab_hub.VOILA_URL.format(lesson=lesson)
        page = self.get(path, timeout=timeout)
        page.raise_for_status()
        return VoilaApp(self, page.text)

    def kernels(self) -> list[dict]:
        response = self.get("api/kernels", timeout=30)
        response.raise_for_status()
        return response.json()


# --- the kernel websocket -----------------------------------------------


def _header(msg_type: str, session: str) -> dict:
    return {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "session": session,
        "username": "student",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "version": "5.3",
    }


def _decode(frame: bytes | str) -> tuple[dict, list[bytes]]:
    """A kernel message from Jupyter Server's websocket (JSON, or binary framing)."""
    if isinstance(frame, str):
        return json.loads(frame), []
    (count,) = struct.unpack("!I", frame[:4])
    offsets = [*struct.unpack(f"!{count}I", frame[4 : 4 + 4 * count]), len(frame)]
    parts = [frame[offsets[i] : offsets[i + 1]] for i in range(count)]
    return json.loads(parts[0]), parts[1:]


PNG = b"\x89PNG\r\n\x1a\n"


def png_pixels(png: bytes) -> np.ndarray:
    """RGBA pixels of a PNG (ipympl sends whole images and differences as PNG;
    a difference is transparent where nothing changed)."""
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGBA"))


def _models_in_page(html: str) -> list[str]:
    """Model ids of the widget views on the page, in page order."""
    return re.findall(r'"model_id"\s*:\s*"([0-9a-f]+)"', html)


class VoilaApp:
    """One student's Voila app: its kernel, widget models and figures."""

    def __init__(self, student: Student, html: str, timeout: float = 60.0):
        self.student = student
        self.views = _models_in_page(html)
        match = re.search(r'"kernelId"\s*:\s*"([0-9a-f-]+)"', html) or re.search(
            r"kernel_id\s*[=:]\s*[\"']([0-9a-f-]+)", html
        )
        if not match:
            raise RuntimeError("no kernel id on the Voila page")
        self.kernel_id = match.group(1)
        self.session = uuid.uuid4().hex
        hub = student.hub
        ws_url = (
            hub.url.replace("http://", "ws://")
            + f"{student.server_url}api/kernels/{self.kernel_id}/channels"
            + f"?session_id={self.session}"
        )
        self.ws = websocket.create_connection(
            ws_url, header=student.headers, timeout=timeout
        )
        self.timeout = timeout
        self.states: dict[str, dict] = {}
        self.canvases: dict[str, dict] = {}
        self._waiting: dict[str, float] = {}  # canvas: when a draw was asked
        self._images: dict[str, list[tuple[float, bytes]]] = {}
        self._lock = threading.Lock()
        self._load_widget_states()

    # sending and receiving ------------------------------------------------

    def _send(self, channel: str, msg_type: str, content: dict) -> str:
        header = _header(msg_type, self.session)
        message = {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": channel,
            "buffers": [],
        }
        self.ws.send(json.dumps(message))
        return header["msg_id"]

    def comm(self, comm_id: str, data: dict) -> None:
        self._send("shell", "comm_msg", {"comm_id": comm_id, "data": data})

    def receive(self, timeout: float | None = None) -> tuple[dict, list[bytes]]:
        self.ws.settimeout(timeout or self.timeout)
        frame = self.ws.recv()
        if not frame:
            raise ConnectionError(f"kernel websocket of {self.student.name} closed")
        message, buffers = _decode(frame)
        if message.get("msg_type") == "comm_msg":
            self._handle_comm(message["content"], buffers)
        return message, buffers

    def _handle_comm(self, content: dict, buffers: list[bytes]) -> None:
        comm_id, data = content["comm_id"], content["data"]
        if data.get("method") in ("update", "echo_update") and comm_id in self.states:
            self.states[comm_id].update(data.get("state", {}))
        payload = (data.get("content") or {}).get("data")  # ipywidgets' "custom"
        if comm_id in self.canvases and isinstance(payload, str):
            kind = json.loads(payload).get("type")
            # ipympl asks the front end to request a draw; like its JavaScript,
            # ask once and not again until the image arrived (or, as a draw
            # that changed nothing sends no image, until a second has passed)
            now = time.perf_counter()
            if kind == "draw" and now - self._waiting.get(comm_id, -1e9) > 1.0:
                self._waiting[comm_id] = now
                self.comm(comm_id, {"method": "custom", "content": {"type": "draw"}})
            elif kind == "binary" and buffers:
                self._waiting.pop(comm_id, None)
                self._images.setdefault(comm_id, []).append(
                    (time.perf_counter(), buffers[0])
                )

    def wait_for(self, predicate, timeout: float | None = None):
        """Receive until ``predicate(message, buffers)`` holds; return the message."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no such kernel message in time")
            message, buffers = self.receive(left)
            if predicate(message, buffers):
                return message

    # widgets ------------------------------------------------------------

    def _load_widget_states(self) -> None:
        """Ask the kernel for every widget's state, as the widget manager does."""
        self.canvases = {}
        request = self._send(
            "shell", "comm_info_request", {"target_name": "jupyter.widget"}
        )
        reply = self.wait_for(
            lambda m, _: (
                m.get("parent_header", {}).get("msg_id") == request
                and m["msg_type"] == "comm_info_reply"
            )
        )
        ids = list(reply["content"]["comms"])
        for comm_id in ids:
            self.states[comm_id] = {}
            self.comm(comm_id, {"method": "request_state"})
        missing = set(ids)
        deadline = time.monotonic() + self.timeout
        while missing and time.monotonic() < deadline:
            message, _ = self.receive(deadline - time.monotonic())
            content = message.get("content", {})
            if (
                message.get("msg_type") == "comm_msg"
                and content.get("comm_id") in missing
                and content["data"].get("method") == "update"
            ):
                missing.discard(content["comm_id"])
        if missing:
            raise TimeoutError(f"{len(missing)} widget states never arrived")
        self.canvases = {
            key: state
            for key, state in self.states.items()
            if state.get("_model_name") == "MPLCanvasModel"
        }

    def children(self, model_id: str) -> list[str]:
        state = self.states.get(model_id, {})
        refs = [*state.get("children", []), state.get("canvas"), state.get("toolbar")]
        prefix = "IPY_MODEL_"
        return [
            ref[len(prefix) :]
            for ref in refs
            if isinstance(ref, str) and ref.startswith(prefix)
        ]

    def in_page_order(self) -> list[str]:
        """Every model reachable from the page's views, depth first, in page order."""
        order, todo = [], list(reversed(self.views))
        while todo:
            model = todo.pop()
            if model in order or model not in self.states:
                continue
            order.append(model)
            todo.extend(reversed(self.children(model)))
        return order

    def first_slider(self, description: str = ALPHA) -> str:
        """Model id of the first slider on the page labelled ``description``."""
        for model in self.in_page_order():
            state = self.states[model]
            if state.get("_model_name", "").endswith("SliderModel") and (
                state.get("description", "").strip() == description
            ):
                return model
        raise LookupError(f"no slider labelled {description!r}")

    def figure_of(self, model_id: str) -> str:
        """The canvas in the smallest box that holds both ``model_id`` and a figure."""
        return self._nearest(model_id, lambda m: m in self.canvases, "figure")

    def readout_of(self, model_id: str) -> str:
        """The explorer readout in the smallest box that holds ``model_id``."""

        def is_readout(m: str) -> bool:
            return "optlab-readout" in self.states[m].get("_dom_classes", ())

        return self._nearest(model_id, is_readout, "readout")

    def _nearest(self, model_id: str, match, what: str) -> str:
        """The first widget that ``match``es in the smallest box around ``model_id``."""
        parents = {c: p for p in self.states for c in self.children(p)}
        box = parents.get(model_id)
        while box is not None:
            below, todo = [], [box]
            while todo:
                node = todo.pop()
                below.append(node)
                todo.extend(self.children(node))
            found = [m for m in below if match(m)]
            if found:
                return found[0]
            box = parents.get(box)
        raise LookupError(f"no {what} beside widget {model_id}")

    def _wait_for_image(self, canvas: str, count: int, timeout=None) -> None:
        """Receive until ``canvas`` has sent more than ``count`` images."""
        self.wait_for(lambda *_: len(self._images.get(canvas, [])) > count, timeout)

    def attach_figures(self) -> None:
        """Connect every figure on the page, as ipympl's front end does on load."""
        for canvas in self.canvases:
            for kind in ("initialized", "send_image_mode", "refresh"):
                self.comm(canvas, {"method": "custom", "content": {"type": kind}})

    def full_image(self, canvas: str, tries: int = 5) -> np.ndarray:
        """The figure's whole image (RGBA pixels), asked for with a refresh.

        Until ipympl knows a front end is attached it sends raw pixels instead
        of PNGs; those are skipped.
        """
        for _ in range(tries):
            self.settle(canvas, 0.3)
            count = len(self._images.get(canvas, []))
            self.comm(canvas, {"method": "custom", "content": {"type": "refresh"}})
            self._wait_for_image(canvas, count)
            png = self._images[canvas][count][1]
            if png.startswith(PNG):
                return png_pixels(png)
        raise RuntimeError(f"figure {canvas} never sent a PNG")

    def move_slider(
        self, slider: str, value: float, canvas: str, timeout: float | None = None
    ) -> tuple[float, bytes]:
        """Set the slider as a drag would.

        Returns the seconds from sending the new value to receiving the
        figure's next image, and that image (a PNG of the changed pixels).
        """
        count = len(self._images.get(canvas, []))
        start = time.perf_counter()
        self.comm(
            slider, {"method": "update", "state": {"value": value}, "buffer_paths": []}
        )
        self._wait_for_image(canvas, count, timeout)
        arrived, png = self._images[canvas][count]
        return arrived - start, png

    def settle(
        self, canvas: str, quiet: float = 0.5, limit: float = 30.0
    ) -> list[tuple[float, bytes]]:
        """Receive until the figure sent no image for ``quiet`` s (at most
        ``limit`` s); return its new images."""
        count = len(self._images.get(canvas, []))
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                self.receive(quiet)
            except (websocket.WebSocketTimeoutException, TimeoutError):
                return self._images.get(canvas, [])[count:]
            images = self._images.get(canvas, [])
            if len(images) > count and time.perf_counter() - images[-1][0] >= quiet:
                return images[count:]
        return self._images.get(canvas, [])[count:]

    def drain(self, seconds: float = 0.05, limit: float = 5.0) -> None:
        """Read whatever arrived, for at most ``limit`` s (answering the
        server's pings, as a browser does; Jupyter Server closes a websocket
        that goes 90 s without)."""
        deadline = time.monotonic() + limit
        with contextlib.suppress(websocket.WebSocketTimeoutException, TimeoutError):
            while time.monotonic() < deadline:
                self.receive(seconds)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()


def add_students(hub: Hub, names: list[str]) -> list[Student]:
    """Create, log in and spawn several students at once, as a class arriving."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(len(names), 10)) as pool:
        return list(pool.map(hub.add_student, names))


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (servers, kernels, proxy, culler)."""
    return harness._descendants(pid)


def alive(pid: int) -> bool:
    return harness._alive(pid)
