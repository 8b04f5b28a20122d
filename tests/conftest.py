from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    """The mock provider: LITER_LLM_MOCK_URL when the harness started one, else our own."""
    url = os.environ.get("LITER_LLM_MOCK_URL")
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory() as d:
        port_file = os.path.join(d, "port")
        proc = subprocess.Popen(
            [sys.executable, str(HERE / "mock_provider.py"), "--port-file", port_file],
            stdout=subprocess.DEVNULL,
        )
        try:
            deadline = time.time() + 20
            while not os.path.exists(port_file):
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError("mock provider did not start")
                time.sleep(0.05)
            yield Path(port_file).read_text().strip()
        finally:
            proc.terminate()
            proc.wait(10)


class RedisServer:
    """A real redis-server on a free loopback port, in a temporary folder, no persistence."""

    def __init__(self) -> None:
        import shutil
        import socket

        exe = shutil.which("redis-server")
        if exe is None:
            raise RuntimeError("redis-server is not installed (make test installs it)")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.dir = tempfile.mkdtemp()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = subprocess.Popen(
            [
                exe,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
        )
        self.wait_ready()

    def wait_ready(self) -> None:
        import socket

        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2) as c:
                    c.sendall(b"PING\r\n")
                    if c.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    r = RedisServer()
    try:
        yield r
    finally:
        r.stop()


@pytest.fixture()
def own_redis() -> Iterator[RedisServer]:
    """A server of this test alone (it may be killed)."""
    r = RedisServer()
    try:
        yield r
    finally:
        r.stop()
