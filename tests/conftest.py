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
