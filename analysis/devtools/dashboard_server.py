"""A real `streamlit run dashboard.py` on a free local port, for the scripted browser round
and the browser tests (devtools stage): one way to start and stop it, not one per caller."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from analysis.core import paths


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerDidNotStart(RuntimeError):
    """`streamlit run` exited or did not answer its health check in time."""


@contextlib.contextmanager
def streamlit_server(env: dict[str, str], flags: list[str], log_path: Path) -> Iterator[tuple[str, int]]:
    """`streamlit run dashboard.py` with env added to this process's and flags, on a free port;
    yields the address and the server's process id once /_stcore/health answers."""
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true",
             "--browser.gatherUsageStats=false", *flags,
             "--server.address=127.0.0.1", f"--server.port={port}"],
            cwd=paths.ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                        break
                except OSError:
                    time.sleep(0.3)
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise ServerDidNotStart(f"streamlit startte niet; zie {log_path}")
            yield url, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
