"""Child processes for tests that run the real thing (the bot, the Agents Playground, Azurite):
output kept to show when something goes wrong, waits bounded by events, and every process stopped
with its whole process group."""

import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A child process whose output is kept, to show when something goes wrong."""

    def __init__(self, name, args, env, cwd):
        self.name, self.lines = name, []
        self.popen = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.popen.stdout:
            self.lines.append(line.rstrip())

    def output(self) -> str:
        return f"--- {self.name} output ---\n" + "\n".join(self.lines[-40:])

    def wait_until(self, ready, what: str, timeout: float = 300):
        """Wait for an event (`ready()` true) or the process's exit; `timeout` only guards a hang."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                pytest.fail(f"{self.name} exited ({self.popen.returncode}) before {what}\n{self.output()}")
            result = ready()
            if result:
                return result
            time.sleep(0.2)
        pytest.fail(f"{self.name} did not get to {what} within {timeout}s\n{self.output()}")

    def stop(self):
        """Stop it and everything it started (its own process group: node programs start children)."""
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)      # whatever is left of the group
        except ProcessLookupError:
            pass
        self.popen.wait()


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False
