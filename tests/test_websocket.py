"""The course's kernel websocket sends each message at once (optlab.websocket)."""

import asyncio
import json
import socket
from pathlib import Path

import tornado.web
import tornado.websocket
from in_thread import run_async
from jupyter_server.services.kernels.connection.channels import (
    ZMQChannelsWebsocketConnection,
)
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
from traitlets.config.loader import PyFileConfigLoader

from optlab.websocket import PromptKernelWebsocketConnection

ROOT = Path(__file__).resolve().parents[1]
CLASS = "optlab.websocket.PromptKernelWebsocketConnection"


def nodelay_after_connect(connection_class, monkeypatch) -> int:
    """TCP_NODELAY of a real websocket's server socket once a connection of
    ``connection_class`` has connected (the kernel side left out)."""
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", lambda self: None)
    seen = asyncio.Queue()

    class Handler(KernelWebsocketHandler):
        # a kernel websocket without a kernel or a login: only the socket
        def prepare(self):
            return None

        async def get(self, *args, **kwargs):
            await tornado.websocket.WebSocketHandler.get(self, *args, **kwargs)

        def open(self, *args, **kwargs):
            connection_class(websocket_handler=self).connect()
            sock = self.ws_connection.stream.socket
            seen.put_nowait(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

        def select_subprotocol(self, subprotocols):
            return None

        def on_message(self, message):
            pass

        def on_close(self):
            pass

    async def run() -> int:
        app = tornado.web.Application([(r"/channels", Handler)])
        server = app.listen(0, address="127.0.0.1")
        port = next(iter(server._sockets.values())).getsockname()[1]
        try:
            client = await tornado.websocket.websocket_connect(
                f"ws://127.0.0.1:{port}/channels"
            )
            value = await asyncio.wait_for(seen.get(), 10)
            client.close()
            return value
        finally:
            server.stop()

    return run_async(run)


def test_the_course_connection_turns_nagle_off(monkeypatch):
    assert nodelay_after_connect(PromptKernelWebsocketConnection, monkeypatch) != 0


def test_jupyters_own_connection_leaves_nagle_on(monkeypatch):
    # what the course's connection changes: without it the option is off
    assert nodelay_after_connect(ZMQChannelsWebsocketConnection, monkeypatch) == 0


def test_voila_and_the_hub_select_the_connection():
    voila = json.loads((ROOT / "voila.json").read_text())
    assert voila["Voila"]["kernel_websocket_connection_class"] == CLASS
    installed = ROOT / "jupyter-config" / "optlab.json"
    server = json.loads(installed.read_text())
    assert server["ServerApp"]["kernel_websocket_connection_class"] == CLASS
    hub = ROOT / "deploy" / "singleuser" / "jupyter_server_config.py"
    config = PyFileConfigLoader(hub.name, str(hub.parent)).load_config()
    assert config.ServerApp.kernel_websocket_connection_class == CLASS


def test_the_configured_name_imports_as_a_kernel_connection():
    # the servers load the class by its dotted name
    import importlib

    module, name = CLASS.rsplit(".", 1)
    loaded = getattr(importlib.import_module(module), name)
    assert issubclass(loaded, ZMQChannelsWebsocketConnection)
