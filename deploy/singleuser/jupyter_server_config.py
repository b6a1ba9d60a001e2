"""Each student's single-user Jupyter server (passed with ``--config``).

Used by every hub configuration in ``deploy/``; the numbers are explained in
``deploy/optlab_hub.py`` and the README, "A whole class".
"""

c = get_config()  # noqa: F821

# Idle kernels (tabs closed, laptops asleep) are shut down inside the server,
# so memory is freed long before the hub's culler stops the whole server.
c.MappingKernelManager.cull_idle_timeout = 1200
c.MappingKernelManager.cull_interval = 120
c.MappingKernelManager.cull_connected = False

# The lessons as Voila apps (/user/NAME/voila/render/notebooks/NN_x.ipynb):
# sliders and figures only, no code, no tracebacks.
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.show_tracebacks = False
# Voila's bundled MathJax typesets the formulas; without this the server
# extension also points every page at a MathJax copy on a public CDN.
c.ServerApp.tornado_settings = {"mathjax_url": None, "mathjax_config": None}

# Kernel messages (a slider's new frame) go to the browser at once, not after
# the browser's delayed acknowledgement of the message before (optlab.websocket)
c.ServerApp.kernel_websocket_connection_class = (
    "optlab.websocket.PromptKernelWebsocketConnection"
)

# JupyterLab's extension manager would ask PyPI for every student.
c.LabApp.extension_manager = "readonly"
