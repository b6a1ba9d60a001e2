"""The kernel websocket of the Jupyter servers that serve the course.

A slider move travels browser -> server -> kernel over a websocket and ZeroMQ,
and the new frame travels back the same way. Jupyter's server writes each
kernel message to the browser's websocket as soon as it arrives, but leaves
Nagle's algorithm on for that socket (tornado's default): a message written
while an earlier one is still unacknowledged waits for the browser's delayed
acknowledgement. A frame usually follows a small status or widget message,
so it often waited 20 to 40 ms between the server and the browser (Linux
delays an acknowledgement by up to 40 ms; measured in Voila while a slider
was dragged, ``benchmarks/browser_slider_latency.py``).

:class:`PromptKernelWebsocketConnection` is Jupyter's connection with
``TCP_NODELAY`` set once the websocket is open. The course's configuration
selects it:

* ``voila.json``, read by the Voila apps started in the repository:
  ``Voila.kernel_websocket_connection_class``;
* ``jupyter-config/optlab.json``: ``ServerApp.kernel_websocket_connection_class``
  for JupyterLab and the Voila pages a Jupyter server serves. The README's
  commands pass it (``jupyter lab --config=jupyter-config/optlab.json``); an
  installed (not editable) optlab puts it in the environment's
  ``etc/jupyter/jupyter_server_config.d``, where every Jupyter server of the
  environment reads it;
* the hub's single-user configuration (``deploy/singleuser/jupyter_server_config.py``).
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import (
    ZMQChannelsWebsocketConnection,
)

__all__ = ["PromptKernelWebsocketConnection"]


class PromptKernelWebsocketConnection(ZMQChannelsWebsocketConnection):
    """Jupyter's kernel websocket connection, sending every message at once.

    Sets ``TCP_NODELAY`` on the websocket when it connects (tornado's
    ``WebSocketHandler.set_nodelay``); everything else is Jupyter's own.
    """

    def connect(self):
        handler = self.websocket_handler
        if handler is not None and handler.ws_connection is not None:
            handler.set_nodelay(True)
        return super().connect()
