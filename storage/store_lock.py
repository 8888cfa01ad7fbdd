"""One writer per store: an exclusive lock on a file beside BOT_DB (`data/bot.json` -> `data/bot.lock`).

TinyDB keeps each table's next id in memory, so two processes writing one store lose and
duplicate records. Whatever serves or changes the store (the bot, the console, the nudges command,
`python -m bot directory import`) holds this lock while it runs; a second one is refused with who holds
it, read from the lock file (pid, host, when it started, its command).

The lock is the operating system's (flock): it goes with the process, so a lock file left by a
killed process never blocks the next start, and the file itself is never deleted (deleting it
would let two processes lock two different files). Within one process the same store may be
opened many times (tests restart the bot on one file): a process that holds the lock already
just counts one more holder.
"""

import fcntl
import json
import os
import socket
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

from .faults import StoreInUse

# lock file -> [file descriptor, how many holders in this process]
_HELD: dict[Path, list] = {}
_HELD_LOCK = threading.Lock()


def lock_path(database_path) -> Path:
    path = Path(database_path)
    return path.with_name(path.stem + ".lock")


def hold(database_path) -> bool:
    """Take the store's lock for this process; True if this call took it, False if the process held
    it already (one more holder). StoreInUse if another process has it; OSError if the lock file
    cannot be made (a read-only folder)."""
    path = lock_path(database_path).resolve()
    with _HELD_LOCK:
        if path in _HELD:
            _HELD[path][1] += 1
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(descriptor)
            os.close(descriptor)
            raise StoreInUse(f"the bot's store {database_path} is already in use by {holder}. "
                             "One process at a time may serve or change it: stop that one first, "
                             "or give this one its own BOT_DB.") from None
        except BaseException:
            os.close(descriptor)
            raise
        _note_holder(descriptor)
        _HELD[path] = [descriptor, 1]
        return True


def release(database_path) -> None:
    """One holder in this process is done; the last one unlocks."""
    path = lock_path(database_path).resolve()
    with _HELD_LOCK:
        held = _HELD.get(path)
        if held is None:
            return
        held[1] -= 1
        if held[1] == 0:
            del _HELD[path]
            fcntl.flock(held[0], fcntl.LOCK_UN)
            os.close(held[0])


def _note_holder(descriptor: int) -> None:
    """Write who holds the lock into it, for a refused second process to name. Best effort: a full
    disk must not stop a bot that can still answer questions."""
    record = {"pid": os.getpid(), "host": socket.gethostname(),
              "started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
              "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200]}
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, (json.dumps(record) + "\n").encode("utf-8"), 0)
    except OSError:
        pass


def _holder(descriptor: int) -> str:
    try:
        record = json.loads(os.pread(descriptor, 4096, 0).decode("utf-8"))
        return (f"process {int(record['pid'])} on {record['host']} (started {record['started']}: "
                f"{record['command']})")
    except (OSError, ValueError, KeyError, TypeError):
        return "another process (it has not said which)"
