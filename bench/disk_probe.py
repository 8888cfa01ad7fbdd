"""How the disk behaved during a paced run, measured beside it.

Every turn's state is written and fsynced before the turn ends (nothing is lost), so every turn
waits on the disk, the bot's and the echo floor's alike. On a shared machine an fsync now and then
takes hundreds of milliseconds (on this one, 400 small writes 20 ms apart: p50 1.2 ms, p99 4.8 ms,
max 638 ms); a paced run's p99 is its few slowest turns, so one such stall decides it, for
whichever server it falls on. The probe writes a small file every 50 ms on the same disk, by the
store's own atomic write (fsync of the file, then of its folder), while a run goes, so each run
says how the disk behaved.
"""

import shutil
import tempfile
import threading
import time
from pathlib import Path

from storage.database import _write_atomically

from .stats import summary_ms


class FsyncProbe:
    """A thread writing and fsyncing a small file every `every` seconds until stopped."""

    def __init__(self, every: float = 0.05):
        self.every = every
        self.seconds: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fsync-probe", daemon=True)
        self._folder = ""

    def __enter__(self) -> "FsyncProbe":
        self._folder = tempfile.mkdtemp(prefix="bench-fsync-")     # the same disk as the bench's stores
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _run(self) -> None:
        path, content = Path(self._folder) / "probe.json", b'{"probe": "' + b"x" * 800 + b'"}'
        while not self._stop.is_set():
            started = time.perf_counter()
            _write_atomically(path, content)
            self.seconds.append(time.perf_counter() - started)
            self._stop.wait(self.every)

    def summary(self) -> dict:
        return summary_ms(self.seconds)
