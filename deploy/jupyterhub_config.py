"""JupyterHub for a real class on one Linux server.

    sudo /srv/optlab/.venv/bin/jupyterhub -f deploy/jupyterhub_config.py

Students log in with their own accounts, get a server with optlab and a copy
of the lessons, land on lesson 00, and open any lesson as a Voila app at
``/user/NAME/voila/render/notebooks/NN_x.ipynb``. Idle servers are culled.

This file REQUIRES HTTPS and a real authenticator and refuses to start
without them (``optlab_hub.check_production``): passwords and notebooks must
never cross a network in clear text, and the test authenticators let anyone
in. Set, in the environment of the hub:

- ``OPTLAB_HUB_SSL_CERT`` and ``OPTLAB_HUB_SSL_KEY``: the certificate chain
  and key for the server's name (e.g. from Let's Encrypt);
- ``OPTLAB_HUB_AUTHENTICATOR`` (default ``pam``: the server's Unix accounts);
  for a university login use an OAuthenticator (``generic-oauth``,
  ``github``, ``azuread``) or ``ltiauthenticator`` from your learning
  management system, installed next to JupyterHub and configured below.

Per-student memory and CPU limits are enforced by ``jupyterhub-systemdspawner``
(``pip install jupyterhub-systemdspawner``; each server runs in its own
systemd unit). The plain local-process spawner would only pass the limits on
as environment variables, without enforcing them.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import optlab_hub  # noqa: E402

c = get_config()  # noqa: F821

optlab_hub.course_settings(c, lessons=HERE.parent / "notebooks")

# HTTPS, terminated by the hub's proxy on port 443.
c.JupyterHub.bind_url = os.environ.get("OPTLAB_HUB_URL", "https://:443")
c.JupyterHub.ssl_cert = os.environ.get("OPTLAB_HUB_SSL_CERT", "")
c.JupyterHub.ssl_key = os.environ.get("OPTLAB_HUB_SSL_KEY", "")
# The hub's own API and the students' servers stay on the loopback interface.
c.JupyterHub.hub_ip = "127.0.0.1"
c.Spawner.ip = "127.0.0.1"

# A real authenticator; students who have no account are not let in.
c.JupyterHub.authenticator_class = os.environ.get("OPTLAB_HUB_AUTHENTICATOR", "pam")
c.Authenticator.admin_users = set(
    filter(None, os.environ.get("OPTLAB_HUB_ADMINS", "").split(","))
)
# Everyone the authenticator accepts may log in (restrict with allowed_users
# or your OAuth provider's groups for a closed class).
c.Authenticator.allow_all = True

# Memory and CPU limits from optlab_hub (the measured sizing) are enforced by
# systemd; each student's server runs as their own Unix user.
c.JupyterHub.spawner_class = "systemd"
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True

# Persistent state next to this file's checkout.
c.JupyterHub.db_url = f"sqlite:///{HERE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HERE / "jupyterhub_cookie_secret")

optlab_hub.check_production(c)
