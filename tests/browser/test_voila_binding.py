"""Voila, started the plain way from the repository root, stays on loopback."""

from __future__ import annotations

import json
import socket

import harness
import pytest
from harness import REPO_ROOT


def _non_loopback_addresses() -> list[str]:
    """IPv4 addresses of this machine other than 127.x (may be empty)."""
    found = set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:  # sends nothing: only asks for the route's source address
            probe.connect(("192.0.2.1", 9))
            found.add(probe.getsockname()[0])
        except OSError:
            pass
    try:
        found.update(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    return sorted(a for a in found if not a.startswith("127.") and a != "0.0.0.0")


def test_voila_listens_on_loopback_by_default():
    config = json.loads((REPO_ROOT / "voila.json").read_text())
    assert config["Voila"]["ip"] == "127.0.0.1"
    notebook = "notebooks/00_start_here.ipynb"
    # ip=None: no --Voila.ip on the command line, voila.json decides
    with harness.serve_voila(notebook, cwd=REPO_ROOT, ip=None) as url:
        port = int(url.rsplit(":", 1)[1])
        assert harness.listening_addresses(port) == {"127.0.0.1"}
        socket.create_connection(("127.0.0.1", port), 5).close()
        for address in _non_loopback_addresses():
            with pytest.raises(OSError), socket.create_connection((address, port), 2):
                pass
    assert harness.listening_addresses(port) == set()
