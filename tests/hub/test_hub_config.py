"""The deployment files: a real class gets HTTPS and a real login, or nothing.

These load the configuration files as JupyterHub would, without starting it.
"""

from __future__ import annotations

from pathlib import Path

import hubkit
import optlab_hub
import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

DEPLOY = hubkit.ROOT / "deploy"


def load(path: Path):
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def production(monkeypatch, **env):
    for key in ("SSL_CERT", "SSL_KEY", "AUTHENTICATOR", "URL"):
        monkeypatch.delenv(f"OPTLAB_HUB_{key}", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(f"OPTLAB_HUB_{key}", value)
    return load(DEPLOY / "jupyterhub_config.py")


def test_production_config_refuses_plain_http(monkeypatch):
    with pytest.raises(ValueError, match="HTTPS"):
        production(monkeypatch)
    with pytest.raises(ValueError, match="HTTPS"):
        production(
            monkeypatch,
            SSL_CERT="/etc/cert.pem",
            SSL_KEY="/etc/key.pem",
            URL="http://:80",
        )


@pytest.mark.parametrize(
    "authenticator", ["dummy", "null", "jupyterhub.auth.DummyAuthenticator"]
)
def test_production_config_refuses_test_authenticators(monkeypatch, authenticator):
    with pytest.raises(ValueError, match="real authenticator"):
        production(
            monkeypatch,
            SSL_CERT="/etc/cert.pem",
            SSL_KEY="/etc/key.pem",
            AUTHENTICATOR=authenticator,
        )


def test_production_config_serves_the_course_over_https(monkeypatch):
    c = production(monkeypatch, SSL_CERT="/etc/cert.pem", SSL_KEY="/etc/key.pem")
    assert c.JupyterHub.bind_url.startswith("https://")
    assert c.JupyterHub.authenticator_class == "pam"
    assert c.JupyterHub.spawner_class == "systemd"  # enforces the limits
    assert c.JupyterHub.hub_ip == c.Spawner.ip == "127.0.0.1"
    assert c.Spawner.default_url == "/lab/tree/notebooks/00_start_here.ipynb"
    assert c.Spawner.mem_limit == optlab_hub.MEM_LIMIT
    assert [s["name"] for s in c.JupyterHub.services] == ["idle-culler"]
    assert c.Spawner.args == [f"--config={optlab_hub.SINGLE_USER_CONFIG}"]


def test_helm_values_match_the_course_settings():
    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())
    single = values["singleuser"]
    assert single["defaultUrl"] == optlab_hub.DEFAULT_URL
    assert single["memory"] == {
        "guarantee": optlab_hub.MEM_GUARANTEE,
        "limit": optlab_hub.MEM_LIMIT,
    }
    assert single["cpu"] == {
        "guarantee": optlab_hub.CPU_GUARANTEE,
        "limit": optlab_hub.CPU_LIMIT,
    }
    assert values["cull"] == {
        "enabled": True,
        "timeout": optlab_hub.CULL_SERVER_AFTER_S,
        "every": optlab_hub.CULL_EVERY_S,
    }
    assert values["proxy"]["https"]["enabled"] is True
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] not in (
        "dummy",
        "null",
    )
    assert values["scheduling"]["userPlaceholder"]["enabled"] is True
    args = values["hub"]["config"]["KubeSpawner"]["args"]
    assert args == ["--config=/srv/optlab/deploy/singleuser/jupyter_server_config.py"]
