"""Helpers for driving notebooks in a real browser (Voila and JupyterLab).

Shared by ``tests/browser/conftest.py`` and ``benchmarks/``; it must not import
pytest. Everything here uses Playwright's sync API.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# --- CSS selectors (ipywidgets 8, ipympl 0.9+; same DOM in Voila and Lab) ---
# Outer box of any ipywidgets slider (FloatSlider, IntSlider, ...).
SLIDER = ".widget-slider"
# The draggable noUiSlider handle; it takes focus and reacts to arrow keys.
SLIDER_HANDLE = ".widget-slider .noUi-handle"
# The editable number shown to the right of a slider.
SLIDER_READOUT = ".widget-slider .widget-readout"
# Description labels of widgets, and the text of Label widgets.
WIDGET_LABEL = ".widget-label"
# The rendered content of an ipywidgets.HTML widget.
HTML_CONTENT = ".widget-html-content"
# One ipympl figure (toolbar + canvas).
MPL_FIGURE = ".jupyter-matplotlib-figure"
# The box holding a figure's two canvases: the first draws the image, the
# second only zoom rectangles. Screenshot the box; read pixels off the first.
MPL_CANVAS = ".jupyter-matplotlib-canvas-div"
# JupyterLab: a modal dialog and its cancel/"No" button.
LAB_DIALOG = ".jp-Dialog"
LAB_DIALOG_REJECT = ".jp-Dialog .jp-mod-reject"

# Flags for Debian's chromium on a box without network or GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Blocked requests known not to matter: Voila's template links Font Awesome
# from a CDN, but the widgets bundle ships the icons too.
HARMLESS_BLOCKED = re.compile(r"^https://cdn\.jsdelivr\.net/npm/@fortawesome/")


def find_chromium() -> str | None:
    """Path of the system chromium, or None."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def launch_args(executable: str) -> dict:
    """Keyword arguments for ``playwright.chromium.launch``."""
    return {"executable_path": executable, "headless": True, "args": CHROMIUM_ARGS}


# --- network policy -----------------------------------------------------


def allow_local_only(context, blocked: list[str]) -> None:
    """Abort every request to a non-local host, recording its URL in ``blocked``."""

    def handle(route):
        url = route.request.url
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)


# --- servers ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _proc_net_address(field: str, family: int) -> tuple[str, int]:
    """Decode ``ADDR:PORT`` of /proc/net/tcp{,6} (the address is in host order)."""
    addr, port = field.split(":")
    raw = bytes.fromhex(addr)
    # each 32-bit word is stored little-endian
    raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return socket.inet_ntop(family, raw), int(port, 16)


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on ``port`` (Linux /proc/net)."""
    found = set()
    for name, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        table = Path("/proc/net", name)
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] != "0A":  # TCP_LISTEN
                continue
            host, local_port = _proc_net_address(fields[1], family)
            if local_port == port:
                found.add(host)
    return found


def _server_env(home: Path) -> dict[str, str]:
    """Environment isolating the server from the user's Jupyter/IPython setup."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # the notebooks pick ipympl with %matplotlib widget
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
        ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces"),
    ]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    """Poll ``url`` until the server answers at all (any HTTP status will do)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} not answering after {timeout}s:\n{log.read_text()}")


def _descendants(pid: int) -> list[int]:
    """All processes below ``pid`` (Linux /proc walk)."""
    kids: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in kids.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill(pids: list[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def stop_server(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop the server, its process group and any kernels it started.

    Kernels run in sessions of their own, so killing the group is not enough:
    they are collected from /proc first and killed if still alive at the end.
    """
    children = _descendants(proc.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(grace)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(p) for p in children):
        time.sleep(0.1)
    _kill([p for p in children if _alive(p)], signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@contextlib.contextmanager
def _serve(cmd, port, probe_path, home, cwd, timeout) -> Iterator[str]:
    log = home / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=_server_env(home),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_http(base + probe_path, proc, log, timeout)
            yield base
        finally:
            stop_server(proc)


@contextlib.contextmanager
def serve_voila(
    notebook: str | os.PathLike,
    cwd: str | os.PathLike = REPO_ROOT,
    timeout: float = 120.0,
    ip: str | None = "127.0.0.1",
) -> Iterator[str]:
    """Serve one notebook with Voila; yields the base URL (the page is ``/``).

    With ``ip=None`` no address is passed, so Voila binds wherever its
    configuration (``voila.json`` in ``cwd``) says; the URL still uses 127.0.0.1.
    """
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--port={port}",
        "--Voila.port_retries=0",
    ]
    if ip is not None:
        cmd.append(f"--Voila.ip={ip}")
    with tempfile.TemporaryDirectory(prefix="voila-") as home:
        # Probe a static path: requesting "/" would start a kernel.
        with _serve(cmd, port, "/voila/static/", Path(home), cwd, timeout) as url:
            yield url


LAB_SETTINGS = {
    # No news/update checks, no "receive official Jupyter news?" toast.
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


@contextlib.contextmanager
def serve_jupyterlab(
    root_dir: str | os.PathLike = REPO_ROOT, timeout: float = 120.0
) -> Iterator[tuple[str, str]]:
    """Run JupyterLab on 127.0.0.1; yields ``(base_url, token)``.

    ``window.jupyterapp`` is exposed so tests can run Lab commands directly.
    """
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root_dir}",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.extension_manager=readonly",  # the default one queries PyPI
        "--ServerApp.allow_root=True",  # CI runs as root
        # as the README starts it: the course's kernel websocket
        f"--config={REPO_ROOT / 'jupyter-config' / 'optlab.json'}",
    ]
    with tempfile.TemporaryDirectory(prefix="jlab-") as home:
        for name, values in LAB_SETTINGS.items():
            path = Path(home, "lab-settings", name + ".jupyterlab-settings")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        with _serve(cmd, port, "/api", Path(home), root_dir, timeout) as url:
            yield url, token


# --- page helpers ---------------------------------------------------------


def _page_of(scope):
    """The Page of ``scope`` (a Page, or a Locator to search within)."""
    return getattr(scope, "page", scope)


def slider(page, description: str):
    """Locator of the slider whose description label reads ``description``.

    ``page`` may be a Locator (an explorer's box) to search only inside it;
    so may the ``page`` of the other slider and figure helpers below.
    """
    exact = re.compile(rf"^\s*{re.escape(description)}\s*$")
    # an inner locator is matched inside each slider, so build it from the page
    label = _page_of(page).locator(WIDGET_LABEL, has_text=exact)
    return page.locator(SLIDER).filter(has=label).first


def slider_handle(page, description: str):
    """Locator of the focusable handle of the slider named ``description``."""
    return slider(page, description).locator(".noUi-handle")


def move_slider(page, description: str, key: str = "ArrowRight", presses: int = 1):
    """Focus the slider named ``description`` and press ``key`` on it."""
    handle = slider_handle(page, description)
    handle.focus()
    for _ in range(presses):
        handle.press(key)
    return handle


def slider_value(page, description: str) -> str:
    """The readout text of the slider named ``description``."""
    return slider(page, description).locator(".widget-readout").inner_text()


def slider_number(page, description: str) -> float:
    """The readout of the slider named ``description`` as a number.

    ipywidgets formats readouts with d3-format, which writes minus as U+2212.
    """
    return float(slider_value(page, description).replace("\u2212", "-"))


def type_slider_value(page, description: str, text: str) -> None:
    """Type ``text`` into the editable readout of the slider named ``description``."""
    readout = slider(page, description).locator(".widget-readout")
    readout.click()
    readout.press("Control+a")
    readout.type(text)
    readout.press("Enter")


def readout_box(page, readout: str | re.Pattern):
    """The widget box holding the first ``optlab-readout`` whose text matches.

    Every explorer puts its readout directly in its own box, so the box scopes
    the explorer's sliders and figure (several explorers may share a page).
    """
    line = page.locator(".optlab-readout", has_text=readout).first
    line.wait_for()
    return line.locator("xpath=..")


def click_figure(page, fx: float, fy: float, index: int = 0) -> tuple[float, float]:
    """Click the ``index``-th figure at fractions ``(fx, fy)`` of its width and
    height from the top-left corner; returns the page coordinates clicked."""
    canvas = page.locator(MPL_CANVAS).nth(index)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"] + fx * box["width"], box["y"] + fy * box["height"]
    _page_of(page).mouse.click(x, y)
    return x, y


def canvas_png(page, index: int = 0) -> bytes:
    """PNG of the pixels currently drawn on the ``index``-th ipympl figure."""
    canvas = page.locator(MPL_CANVAS).nth(index).locator("canvas").first
    url = canvas.evaluate("c => c.toDataURL('image/png')")
    return base64.b64decode(url.split(",", 1)[1])


def canvas_screenshot(page, index: int = 0) -> bytes:
    """Screenshot (as the user sees it) of the ``index``-th ipympl figure."""
    return page.locator(MPL_CANVAS).nth(index).screenshot(animations="disabled")


def wait_for_figure_change(
    page, before_png: bytes, timeout: float = 10.0, index: int = 0, poll: float = 0.01
) -> bytes:
    """Poll until the figure's pixels differ from ``before_png``; return the new PNG.

    ipympl redraws asynchronously (kernel -> PNG message -> canvas), so waiting
    for the change is the only reliable way to know the update has arrived.
    """
    deadline = time.monotonic() + timeout
    while True:
        now = canvas_png(page, index)
        if now != before_png:
            return now
        if time.monotonic() > deadline:
            raise TimeoutError(f"figure {index} unchanged after {timeout}s")
        time.sleep(poll)


# Shrink the canvas onto a scratch one and look for any non-transparent pixel
# (reading the figure's own canvas repeatedly makes Chromium complain).
_IS_DRAWN_JS = """c => {
  if (!c.width || !c.height) return false;
  const o = document.createElement('canvas');
  o.width = o.height = 16;
  const g = o.getContext('2d', {willReadFrequently: true});
  g.drawImage(c, 0, 0, 16, 16);
  return g.getImageData(0, 0, 16, 16).data.some(v => v !== 0);
}"""


def wait_for_figure_ready(
    page, index: int = 0, timeout: float = 60.0, quiet: float = 0.5
) -> bytes:
    """Wait until the figure has been drawn and then stayed unchanged for ``quiet`` s.

    The first draws after display (resize, DPI handshake) should not be mistaken
    for a reaction to a slider.
    """
    page.locator(MPL_CANVAS).nth(index).wait_for(timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        png = canvas_png(page, index)
        drawn = (
            page.locator(MPL_CANVAS)
            .nth(index)
            .locator("canvas")
            .first.evaluate(_IS_DRAWN_JS)
        )
        if png != last or not drawn:
            last, since = png, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return png
        time.sleep(0.05)
    raise TimeoutError(f"figure {index} did not settle within {timeout}s")


# Outputs a failed cell leaves (Voila keeps only the error, tracebacks stripped).
ERROR_OUTPUT = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
# Texts shown when a cell or a widget view failed.
ERROR_TEXTS = (
    "Error displaying widget",
    "There was an error when executing cell",
    "Cell execution timed out",
    "Traceback (most recent call last)",
)


def error_outputs(page) -> list[str]:
    """Error and stderr outputs, and failed widget views, shown on the page."""
    found = [
        page.locator(ERROR_OUTPUT).nth(i).inner_text()
        for i in range(page.locator(ERROR_OUTPUT).count())
    ]
    text = page.locator("body").inner_text()
    found += [message for message in ERROR_TEXTS if message in text]
    return found


def dismiss_lab_dialogs(page) -> int:
    """Close any JupyterLab modal dialog or toast asking a question; returns count."""
    closed = 0
    for _ in range(5):
        reject = page.locator(LAB_DIALOG_REJECT)
        if reject.count():
            reject.first.click()
            closed += 1
            continue
        toast_no = page.locator(".jp-Notification-Toast button", has_text="No")
        if toast_no.count():
            toast_no.first.click()
            closed += 1
            continue
        break
    return closed


def lab_open(page, base_url: str, token: str, name: str) -> None:
    """Open notebook ``name`` (relative to the server root) in JupyterLab."""
    page.goto(f"{base_url}/lab/tree/{urllib.parse.quote(name)}?token={token}")
    page.locator(".jp-NotebookPanel").first.wait_for()
    dismiss_lab_dialogs(page)


def lab_run_all(page, timeout: float = 60.0) -> None:
    """Run all cells of the notebook open in JupyterLab; returns once they ran."""
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
        timeout=timeout * 1000,
    )
    dismiss_lab_dialogs(page)
    page.evaluate(
        "async () => {"
        " const nb = window.jupyterapp.shell.currentWidget;"
        " await nb.sessionContext.ready;"
        " await window.jupyterapp.commands.execute('notebook:run-all-cells');"
        "}"
    )


# --- a tiny demo notebook ------------------------------------------------

DEMO_SOURCE = """\
%matplotlib widget
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(0, 2 * np.pi, 200)
with plt.ioff():
    fig, ax = plt.subplots(figsize=(4, 3))
(line,) = ax.plot(x, np.sin(x))
ax.set_ylim(-3.5, 3.5)
slider = widgets.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.1, description="alpha")
readout = widgets.HTML(value="alpha = 1.00")
readout.add_class("demo-readout")


def update(change):
    line.set_ydata(change.new * np.sin(x))
    readout.value = f"alpha = {change.new:.2f}"
    fig.canvas.draw_idle()


slider.observe(update, names="value")
widgets.VBox([slider, readout, fig.canvas])
"""


def write_code_notebook(path: str | os.PathLike, source: str) -> Path:
    """Write a notebook of one code cell, ``source``, for the python3 kernel."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(source))
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = Path(path)
    nbformat.write(nb, path)
    return path


def write_demo_notebook(path: str | os.PathLike) -> Path:
    """Write a one-cell notebook: slider ``alpha`` scaling a sine in ipympl."""
    return write_code_notebook(path, DEMO_SOURCE)
