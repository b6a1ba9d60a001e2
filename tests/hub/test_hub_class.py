"""A class on a real JupyterHub: every student gets their own server, kernel
and figure.

The hub (PyPI's jupyterhub, npm's configurable-http-proxy, the course settings
of ``deploy/optlab_hub.py``) runs on 127.0.0.1 with the dummy authenticator
and the local-process spawner. Students are created, logged in and spawned
through the hub's REST API; each opens lesson 03 as a Voila app through the
hub's proxy and moves the first explorer's alpha slider over the kernel's
websocket; one more does the same in headless Chromium after logging in on
the hub's login page.
"""

from __future__ import annotations

import re

import hubkit
import numpy as np
import pytest
import requests
from hubkit import harness

LESSON = "03_momentum.ipynb"
N_STUDENTS = 3
N_HEAVY = 8


def changed_pixels(png: bytes) -> int:
    """Pixels a difference image from ipympl says changed (opaque ones)."""
    return int((hubkit.png_pixels(png)[..., 3] > 0).sum())


def check_class(hub: hubkit.Hub, names: list[str]) -> None:
    """Spawn ``names``, let each move alpha to a value of their own, check all."""
    students = hubkit.add_students(hub, names)
    apps: list[hubkit.VoilaApp] = []
    try:
        for student in students:
            for app in apps:  # open pages answer the server's pings meanwhile
                app.drain()
            apps.append(student.open_voila(LESSON))
        # their own kernel: one per student, in their own server only
        kernel_ids = [app.kernel_id for app in apps]
        assert len(set(kernel_ids)) == len(names)
        for student, app in zip(students, apps, strict=True):
            assert [k["id"] for k in student.kernels()] == [app.kernel_id]

        before, after, readouts = [], [], []
        for i, app in enumerate(apps):
            for other in apps:
                other.drain()
            slider = app.first_slider(hubkit.ALPHA)
            canvas = app.figure_of(slider)
            app.attach_figures()
            before.append(app.full_image(canvas))
            # 0.03, 0.05, 0.07, ...: never the start value 0.1, all stable
            # (momentum with beta = 0.7 on this function needs alpha < 0.58)
            value = round(0.02 * i + 0.03, 3)
            assert value != app.states[slider]["value"]
            seconds, diff = app.move_slider(slider, value, canvas, timeout=120)
            assert 0 < seconds < 120
            assert changed_pixels(diff) > 100, "the figure did not change"
            after.append(app.full_image(canvas))
            assert app.states[slider]["value"] == pytest.approx(value)
            readouts.append(app.states[app.readout_of(slider)]["value"])
            assert f"α = {value:g}," in readouts[-1]

        # their own figure: all started alike, each now shows their own alpha
        for first, last in zip(before, after, strict=True):
            assert np.array_equal(first, before[0])
            assert not np.array_equal(first, last)
        for i in range(len(after)):
            for j in range(i):
                assert not np.array_equal(after[i], after[j]), (names[i], names[j])
    finally:
        for app in apps:
            app.close()


def test_students_land_on_lesson_00_with_their_own_copy(hub):
    (student,) = hubkit.add_students(hub, ["ada"])
    response = student.get("", allow_redirects=False)
    assert response.status_code == 302
    assert (
        response.headers["Location"]
        .split("?")[0]
        .endswith("/user/ada/lab/tree/notebooks/00_start_here.ipynb")
    )
    copied = hub.home / "ada" / "notebooks"
    assert sorted(p.name for p in copied.glob("*.ipynb")) == sorted(
        p.name for p in hubkit.LESSONS.glob("*.ipynb")
    )
    contents = student.get(f"api/contents/notebooks/{LESSON}", timeout=30)
    assert contents.status_code == 200
    assert contents.json()["type"] == "notebook"


def test_every_student_gets_their_own_kernel_and_figure(hub):
    check_class(hub, [f"student{i}" for i in range(N_STUDENTS)])


@pytest.mark.hub_heavy
def test_a_larger_class_gets_their_own_kernels_and_figures():
    why = hubkit.proxy_missing()
    if why:
        pytest.skip(why)
    with hubkit.serve_hub() as hub:
        check_class(hub, [f"heavy{i}" for i in range(N_HEAVY)])


def test_a_student_cannot_reach_another_students_server(hub):
    eve, bob = hubkit.add_students(hub, ["eve", "bob"])
    response = requests.get(
        f"{hub.url}{bob.server_url}api/kernels",
        headers=eve.headers,
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code in (302, 403, 404)
    assert bob.get("api/kernels", timeout=30).status_code == 200


def test_the_idle_culler_runs_as_a_hub_service(hub):
    services = hub.api("GET", "/services")
    culler = services["idle-culler"]
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=3600" in culler["command"]
    running = [
        pid
        for pid in hubkit.descendants(hub.proc.pid)
        if b"jupyterhub_idle_culler" in open(f"/proc/{pid}/cmdline", "rb").read()
    ]
    assert len(running) == 1


def test_nothing_listens_beyond_loopback(hub):
    hubkit.add_students(hub, ["lin"])
    ports = set(hub.ports)
    for route in hub.api("GET", "/proxy").values():
        target = route["target"]
        assert re.match(r"^https?://127\.0\.0\.1:\d+$", target), target
        ports.add(int(target.rsplit(":", 1)[1]))
    assert len(ports) >= 4  # proxy, its API, the hub, at least one server
    for port in ports:
        assert harness.listening_addresses(port) == {"127.0.0.1"}, port


@pytest.mark.browser
def test_a_student_logs_in_and_drives_the_app_in_chromium(hub, playwright):
    # pytest-playwright's session-wide ``playwright``: a second sync_playwright
    # in the same process would clash with the browser tests' one
    chromium = harness.find_chromium()
    if chromium is None:
        pytest.skip("Debian chromium not installed: apt-get install chromium")

    student = hub.add_student("grace")
    blocked: list[str] = []
    browser = playwright.chromium.launch(**harness.launch_args(chromium))
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(120_000)
        harness.allow_local_only(context, blocked)
        page = context.new_page()
        page.goto(f"{hub.url}/hub/login")
        page.fill("input[name=username]", "grace")
        page.fill("input[name=password]", hubkit.PASSWORD)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url(re.compile(r"/user/grace/"))
        page.goto(f"{hub.url}/user/grace/voila/render/notebooks/{LESSON}")
        box = harness.readout_box(page, re.compile(r"^\s*momentum \("))
        handle = harness.slider_handle(box, hubkit.ALPHA)
        handle.scroll_into_view_if_needed()
        before = harness.wait_for_figure_ready(box)
        value = harness.slider_number(box, hubkit.ALPHA)
        handle.focus()
        handle.press("ArrowRight")
        harness.wait_for_figure_change(box, before, timeout=60)
        assert harness.slider_number(box, hubkit.ALPHA) > value
        assert harness.error_outputs(page) == []
    finally:
        browser.close()
    assert [b for b in blocked if not harness.HARMLESS_BLOCKED.match(b)] == []
    kernels = student.kernels()
    assert len(kernels) == 1 and kernels[0]["connections"] >= 0
