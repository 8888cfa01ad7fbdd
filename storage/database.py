"""The bot's one database file: TinyDB over JSON, written atomically.

Every write replaces the whole file by writing a temporary file beside it, flushing and fsyncing
it, then renaming it over the old one, so a crash leaves either the previous or the new version,
never half a file. A copy of the last good file is kept as `<name>.bak`.
"""

import json
import os
import threading
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import Storage


class CorruptDatabaseError(RuntimeError):
    """The database file exists but cannot be read as JSON."""


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written file behind."""

    def __init__(self, path: str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._backup_taken = False

    def read(self):
        if not self.path.exists():
            return None
        text = self.path.read_text(encoding="utf-8")
        if not text.strip():
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CorruptDatabaseError(
                f"The bot's database {self.path} is damaged ({error.msg} at line {error.lineno}). "
                f"The last good copy is {self.backup_path}: stop the bot, check it, and copy it "
                f"over {self.path.name} to restore."
            ) from error

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    def write(self, data):
        if not self._backup_taken and self.path.exists():
            # One backup per start: the file as it was when the bot last started cleanly.
            _write_atomically(self.backup_path, self.path.read_bytes())
            self._backup_taken = True
        _write_atomically(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def close(self):
        pass


def _write_atomically(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


class Database:
    """The TinyDB database behind the bot, with one lock so turns never interleave a write."""

    def __init__(self, path: str):
        self.path = path
        self.lock = threading.RLock()
        self.tinydb = TinyDB(path, storage=AtomicJSONStorage)
        # Fail at start-up, not on the first message, if the file is damaged.
        self.tinydb.tables()

    def table(self, name: str):
        return self.tinydb.table(name, cache_size=0)

    def close(self):
        self.tinydb.close()


def open_database(path: str) -> Database:
    return Database(path)
