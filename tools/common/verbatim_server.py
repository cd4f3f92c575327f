"""A real `verbatim serve` for the dev-time tools (tools/browser, tools/schemathesis): a free
loopback port, a temporary data directory of its own, and an installation admin's token.

Standard library only, so each tool's own virtual environment can import it
(`sys.path.insert(0, str(ROOT / "tools/common"))`).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path


class ServerError(Exception):
    """The server, or the command that prepares its data directory, did not do its part."""


class VerbatimServer:
    """`verbatim serve` on a free loopback port, with its own data directory and an admin token."""

    def __init__(self, verbatim: Path, root: Path, prefix: str, admin_name: str = "Admin", admin_email: str | None = None):
        self.verbatim = verbatim
        self.root = root
        self.data = Path(tempfile.mkdtemp(prefix=prefix))
        self.process: subprocess.Popen | None = None
        self.log: list[str] = []
        self.base = ""
        self.token = self.create_user(admin_name, admin=True, email=admin_email)

    def create_user(self, name: str, admin: bool = False, email: str | None = None) -> str:
        """A new user of the data directory (`verbatim admin create-user`); returns its token."""
        command = [str(self.verbatim), "admin", "create-user", "--data", str(self.data), "--name", name]
        if email:
            command += ["--email", email]
        created = subprocess.run(command + (["--admin"] if admin else []), check=True, capture_output=True, text=True, cwd=self.root)
        match = re.search(r"^token (\S+)$", created.stdout, re.M)
        if not match:
            raise ServerError(f"verbatim admin create-user printed no token: {created.stdout!r}")
        return match.group(1)

    def set_password(self, user: str, password: str) -> None:
        """Sets a user's password (`verbatim admin set-password`, reading it from standard input)."""
        command = [str(self.verbatim), "admin", "set-password", "--data", str(self.data), "--user", user]
        subprocess.run(command, input=password + "\n", check=True, capture_output=True, text=True, cwd=self.root)

    def start(self, workers: int = 1, web: Path | None = None) -> None:
        """Starts the server (with `workers` worker processes) and waits until it listens."""
        command = [str(self.verbatim), "serve", "--data", str(self.data), "--models", str(self.root / "models"), "--port", "0",
                   "--workers", str(workers)]
        if web:
            command += ["--web", str(web)]
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
        self.process = subprocess.Popen(command, cwd=self.root, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
        port: list[int] = []
        ready = threading.Event()

        def read(stream) -> None:
            for line in stream:
                self.log.append(line)
                found = re.search(r"port=(\d+)", line)
                if "listening" in line and found:
                    port.append(int(found.group(1)))
                    ready.set()
            ready.set()

        threading.Thread(target=read, args=(self.process.stderr,), daemon=True).start()
        if not ready.wait(60) or not port:
            self.stop()
            raise ServerError("verbatim serve did not start:\n" + "".join(self.log[-20:]))
        self.base = f"http://127.0.0.1:{port[0]}"

    def stop(self) -> None:
        """Stops the server gracefully (SIGTERM), or kills it after 20 seconds."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def remove(self) -> None:
        """Removes the data directory."""
        shutil.rmtree(self.data, ignore_errors=True)
