"""The course on The Littlest JupyterHub: copy to /opt/tljh/config/jupyterhub_config.d/.

TLJH loads this after its own settings (see deploy/tljh/README.md). It expects
the repository checked out in /srv/optlab and optlab installed into TLJH's
user environment (/opt/tljh/user). TLJH brings its own idle culler, HTTPS
(Let's Encrypt) and authenticators, all set with ``tljh-config``.
"""

import sys

sys.path.insert(0, "/srv/optlab/deploy")
import optlab_hub  # noqa: E402

c = get_config()  # noqa: F821

optlab_hub.course_settings(
    c,
    lessons="/srv/optlab/notebooks",
    python="/opt/tljh/user/bin/python",
    idle_culler=False,  # TLJH runs jupyterhub-idle-culler itself
)
