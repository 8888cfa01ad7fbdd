"""The bot's database: TinyDB over JSON, one file per table, each written atomically.

`open_database("data/bot.json")` keeps each table in its own file beside that name:
`data/bot.people.json`, `data/bot.deadlines.json`, and so on. Records read and written one at a
time, and many of them, are one file per record in a folder (DocumentFolder, below): conversation
and user state (`data/bot.bot_state/`, written on most turns), meetings (`data/bot.meetings/`) and
the nudge ledger (`data/bot.nudge_ledger/`), so writing one costs the same however many are stored.

Every write replaces its table's file by writing a temporary file beside it, flushing and fsyncing
it, then renaming it over the old one, so a crash leaves either the previous or the new version of
the table, never half a file. TinyDB writes exactly one table per operation, so splitting the
tables loses no atomicity. Before a table's first write after each start, a copy of its file as
it was is kept as `<file>.bak`.

Why one file per table: TinyDB rewrites its whole storage on every write, and the bot saves
conversation state on most turns. With one file, every turn rewrote every meeting ever logged:
at 20,000 meetings a directory question took seconds (bench/, issue 7, has the figures).

Reads parse only the table asked for, from the text last read or written (kept in memory); every
read gets its own fresh copy, so changing what a read returned never changes the database. If a
table's file is replaced from outside (another process, a restore from `.bak`), the next read sees
its inode, size or times change and reads the file again. Every table file is read at start-up,
so a damaged one stops the bot there, not on the first message.

`data/bot.json` itself stays, as an empty database (`{}`), so the name in BOT_DB still exists. A
database in the old layout (every table inside `data/bot.json`) is split on first open, and the old
file is kept as `data/bot.json.single-file`.

A write that fails because the disk is full or the folder is read-only raises StorageFault
(storage/faults.py) and leaves the table as it was, with no temporary file behind. The bot's
own processes open the store with `sole_writer=True`: that takes the store's lock
(storage/store_lock.py), so a second process is refused, and removes temporary files a crash
left (safe only then: no one else can be half-way through writing one).
"""

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import Storage

from . import store_lock
from .faults import StoreProblem, fault_from

log = logging.getLogger(__name__)

TABLE_NAME = re.compile(r"[A-Za-z0-9_-]+")

# Table files as last read or written, shared by every Database in this process:
# file -> (signature, text).
_CACHE: dict[Path, tuple[tuple, str]] = {}
_CACHE_LOCK = threading.RLock()


class CorruptDatabaseError(StoreProblem):
    """A database file exists but cannot be read as JSON."""


def _corrupt(path: Path, error: json.JSONDecodeError) -> CorruptDatabaseError:
    backup = path.with_name(path.name + ".bak")
    return CorruptDatabaseError(
        f"The bot's database file {path} is damaged ({error.msg} at line {error.lineno}). "
        f"The last good copy is {backup}: stop the bot, check it, and copy it over {path.name} to restore.")


def _signature(stat: os.stat_result) -> tuple:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


class TableFilesStorage(Storage):
    """TinyDB storage keeping each table in its own atomically written JSON file."""

    def __init__(self, path: str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.suffix = self.path.suffix or ".json"
        self._file_name = re.compile(rf"{re.escape(self.path.stem)}\.({TABLE_NAME.pattern}){re.escape(self.suffix)}")
        self._backed_up: set[str] = set()
        self._lock = threading.RLock()
        self._split_single_file()
        for name in self.table_names():
            self.load_table(name)        # fail now if any file is damaged

    # ---- files ---------------------------------------------------------------------------------

    def table_path(self, name: str) -> Path:
        if not TABLE_NAME.fullmatch(name):
            raise ValueError(f"A table name must be letters, digits, '_' or '-': {name!r}")
        return self.path.with_name(f"{self.path.stem}.{name}{self.suffix}")

    def table_names(self) -> list[str]:
        names = []
        for entry in self.path.parent.iterdir():
            found = self._file_name.fullmatch(entry.name)
            if found:
                names.append(found.group(1))
        return sorted(names)

    def load_table(self, name: str) -> dict:
        """A fresh copy of the table's documents; KeyError if the table has no file."""
        path = self.table_path(name)
        with self._lock:
            try:
                signature = _signature(path.stat())
            except FileNotFoundError:
                raise KeyError(name) from None
            with _CACHE_LOCK:
                cached = _CACHE.get(path)
            if cached is None or cached[0] != signature:
                with open(path, "rb") as handle:
                    signature = _signature(os.fstat(handle.fileno()))
                    text = handle.read().decode("utf-8")
                try:
                    table = json.loads(text) if text.strip() else {}
                except json.JSONDecodeError as error:
                    raise _corrupt(path, error) from error
                with _CACHE_LOCK:
                    _CACHE[path] = (signature, text)
                return table
            return json.loads(cached[1]) if cached[1].strip() else {}

    def write_table(self, name: str, table: dict) -> None:
        path = self.table_path(name)
        with self._lock:
            text = json.dumps(table, ensure_ascii=False)
            if name not in self._backed_up and path.exists():
                # One backup per start: the table as it was when the bot last started cleanly.
                _write_atomically(path.with_name(path.name + ".bak"), path.read_bytes())
                self._backed_up.add(name)
            with _CACHE_LOCK:
                _CACHE.pop(path, None)
                _write_atomically(path, text.encode("utf-8"))
                _CACHE[path] = (_signature(path.stat()), text)

    def remove_table(self, name: str) -> None:
        path = self.table_path(name)
        with self._lock, _CACHE_LOCK:
            _CACHE.pop(path, None)
            if path.exists():
                try:
                    path.unlink()
                    _fsync_directory(path.parent)
                except OSError as error:
                    raise fault_from(error, path) or error

    def _split_single_file(self) -> None:
        """Keep the named file as an empty database, moving any tables in it (the old one-file
        layout) into their own files first."""
        if not self.path.is_file():
            _write_atomically(self.path, b"{}")
            return
        text = self.path.read_text(encoding="utf-8")
        try:
            tables = json.loads(text) if text.strip() else {}
        except json.JSONDecodeError as error:
            raise _corrupt(self.path, error) from error
        if not isinstance(tables, dict):
            raise CorruptDatabaseError(f"The bot's database {self.path} is not a set of tables.")
        if not tables:
            return
        for name, table in tables.items():
            if not self.table_path(name).exists():    # a split cut short is finished, not redone
                self.write_table(name, table)
        _write_atomically(self.path.with_name(self.path.name + ".single-file"), text.encode("utf-8"))
        _write_atomically(self.path, b"{}")
        self._backed_up.clear()

    # ---- the TinyDB Storage interface -------------------------------------------------------

    def read(self):
        return _Tables(self)

    def write(self, data):
        with self._lock:
            if isinstance(data, _Tables):
                for name, table in data.assigned.items():
                    self.write_table(name, table)
                for name in data.removed:
                    self.remove_table(name)
                return
            # A plain dict is the whole database (TinyDB.drop_tables writes {}).
            for name in set(self.table_names()) - set(data):
                self.remove_table(name)
            for name, table in data.items():
                self.write_table(name, table)

    def close(self):
        pass


class _Tables(MutableMapping):
    """What TinyDB sees as "all the data": tables are read only when asked for, and a write
    replaces only the tables TinyDB changed."""

    def __init__(self, storage: TableFilesStorage):
        self.storage = storage
        self.assigned: dict[str, dict] = {}
        self.removed: set[str] = set()

    def __getitem__(self, name):
        if name in self.assigned:
            return self.assigned[name]
        if name in self.removed:
            raise KeyError(name)
        return self.storage.load_table(name)

    def __setitem__(self, name, table):
        self.assigned[name] = table
        self.removed.discard(name)

    def __delitem__(self, name):
        if name not in self:
            raise KeyError(name)
        self.assigned.pop(name, None)
        self.removed.add(name)

    def __contains__(self, name):
        return name in set(self)

    def __iter__(self):
        names = (set(self.storage.table_names()) | set(self.assigned)) - self.removed
        return iter(sorted(names))

    def __len__(self):
        return len(list(iter(self)))


def _write_atomically(path: Path, content: bytes, synced: bool = True) -> None:
    """Replace `path` with `content` whole. If that fails (StorageFault when the disk is full or
    the folder read-only), `path` is as it was and no temporary file is left. `synced=False` only
    for a bulk load that syncs everything itself afterwards (DocumentFolder.put)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(content)
            if synced:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        raise fault_from(error, path) or error
    if synced:
        _fsync_directory(path.parent)      # the new version is in place; this makes the rename last


def _fsync_directory(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def remove_leftover_temporaries(path) -> int:
    """Remove the temporary files (`.bot.meetings.json.<pid>.<thread>.tmp`) that a crash mid-write
    left beside the store at `path`; how many. Only for the store's sole writer."""
    path = Path(path)
    suffix = path.suffix or ".json"
    leftover = re.compile(rf"\.{re.escape(path.stem)}(\.{TABLE_NAME.pattern})?{re.escape(suffix)}"
                          rf"(\.bak|\.single-file)?\.\d+\.\d+\.tmp")
    removed = 0
    if path.parent.is_dir():
        for entry in path.parent.iterdir():
            if leftover.fullmatch(entry.name) and entry.is_file():
                entry.unlink()
                removed += 1
    if removed:
        log.info("Removed %d temporary file(s) left by an earlier crash beside %s", removed, path)
    return removed


@dataclass(frozen=True)
class DocumentKind:
    """One kind of record kept one per file (DocumentFolder): what the files are called and hold.

    `name` is the folder's (`data/bot.<name>/`) and the table's inside each file; `label` what a
    person calls one ("state", "meeting"); `key` the field that names a document; `one_holds` and `if_damaged` finish the message a damaged file gets at
    start-up; `index`, if given, makes an object kept in step with the documents (its `add(key,
    row)` is called for each document read or written, its `drop(key)` before each is replaced
    or removed), for the record module to answer questions without reading every document;
    `moved_in(table)` says which tables of the old layout hold these documents (besides the
    table called `name`), moved into the folder on first use."""

    name: str
    label: str = "record"
    key: str = "key"
    one_holds: str = "one record"
    if_damaged: str = "stop the bot and restore it from your backup of the data folder."
    index: Callable[[], object] | None = None
    moved_in: Callable[[str], bool] = lambda table: False


class DocumentFolder:
    """Documents stored one per file, by key: `data/bot.bot_state/<sha256 of key>.json`.

    For records read and written one at a time: conversation and user state on every turn, each
    meeting, each nudge in the ledger. In one table, every state write rewrote (and every read
    parsed) every conversation's state: 6.7 ms with 100 conversations, 1.2 s with 20,000 (issue
    16); every meeting saved rewrote its partnership's meetings, every nudge claimed the whole
    ledger. Here a write replaces one small file, whatever the number stored. Each file is a TinyDB
    database holding one table of one document (`{"bot_state": {"1": {"key": ..., ...}}}`), so
    TinyDB opens any of them as it is.

    Every document is read once, when the folder is first opened in a process (a damaged file
    stops the bot there, naming it), and kept in memory as its JSON text: a read parses only that
    document, opens no file, and returns a fresh copy. Writes go through: the file is replaced
    atomically (temporary file, fsync, rename, fsync of the folder), and only then the copy in
    memory (and the kind's index), so a failed write (StorageFault) changes neither. One instance
    per folder in a process, shared by every Database opened on it; only the store's sole writer
    writes it.

    Reads take no lock (one dict lookup is atomic), so a read never waits for a write's fsync.
    A write holds its keys' locks (`locked(keys)`: one of 64, by key), not the database's, so
    writes of different conversations run side by side on `WRITERS` threads: their fsyncs overlap
    (one thread managed 81 atomic writes a second on this machine under load, four 559), while
    two writes of one key still happen one after the other. (Meetings and the ledger are written
    by their record modules under the database's lock as well, and read with it, since their
    indexes change with each write.)
    """

    def __init__(self, folder: Path, kind: DocumentKind):
        self.folder = folder
        self.kind = kind
        self.name = kind.name
        self.index = kind.index() if kind.index else None
        self._stripes = [threading.RLock() for _ in range(64)]
        self._texts: dict[str, str] = {}
        try:
            folder.mkdir(exist_ok=True)
        except OSError as error:
            raise fault_from(error, folder) or error
        for path in sorted(folder.glob("*.json")):
            text = path.read_text(encoding="utf-8")
            try:
                row = json.loads(text)[kind.name]["1"]
                key = row[kind.key]
            except json.JSONDecodeError as error:
                raise CorruptDatabaseError(
                    f"The bot's {kind.label} file {path} is damaged ({error.msg} at line {error.lineno}). It holds "
                    f"{kind.one_holds}: {kind.if_damaged}") from error
            except (KeyError, TypeError) as error:
                raise CorruptDatabaseError(f"The bot's {kind.label} file {path} is not a {kind.label} document. It should "
                                           f"hold {kind.one_holds}: {kind.if_damaged}") from error
            self._texts[key] = json.dumps(row, ensure_ascii=False)
            if self.index is not None:
                self.index.add(key, row)

    def path_of(self, key: str) -> Path:
        return self.folder / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.json"

    def get(self, key: str) -> dict | None:
        text = self.text_of(key)
        return None if text is None else json.loads(text)

    def text_of(self, key: str) -> str | None:
        """The document as its JSON text (None if there is none): `get` is json.loads of this."""
        return self._texts.get(key)

    def keys(self) -> list[str]:
        return sorted(self._texts)

    def all(self) -> list[dict]:
        return [json.loads(text) for _, text in sorted(self._texts.items())]

    @contextlib.contextmanager
    def locked(self, keys):
        """Hold the locks of these keys (always taken in the same order, so never a deadlock)."""
        stripes = sorted({hash(key) % len(self._stripes) for key in keys})
        with contextlib.ExitStack() as held:
            for stripe in stripes:
                held.enter_context(self._stripes[stripe])
            yield

    def put(self, rows, *, synced_each: bool = True) -> None:
        """Write each row (a dict with the kind's key) to its own file, one after another.
        `synced_each=False` is for bulk loads (moving an old table in, the bench's seed): each file
        is written and renamed into place unsynced, then everything is synced once (os.sync) before
        this returns: thousands of fsyncs would take minutes."""
        rows = list(rows)
        with self.locked([row[self.kind.key] for row in rows]):
            for row in rows:
                key = row[self.kind.key]
                text = json.dumps(row, ensure_ascii=False)
                _write_atomically(self.path_of(key), self.file_content(text), synced=synced_each)
                self._remember(key, text, row)
            if not synced_each and rows:
                os.sync()
                _fsync_directory(self.folder)

    def _remember(self, key: str, text: str | None, row: dict | None = None) -> None:
        if self.index is not None:
            if key in self._texts:
                self.index.drop(key)
            if text is not None:
                self.index.add(key, row if row is not None else json.loads(text))
        if text is None:
            self._texts.pop(key, None)
        else:
            self._texts[key] = text

    def file_content(self, text: str) -> bytes:
        """A document's file: a TinyDB database of one table holding it (`text`, its JSON)."""
        return ('{"%s": {"1": %s}}' % (self.name, text)).encode("utf-8")

    insert_multiple = put

    def remove(self, keys) -> None:
        keys = list(keys)
        with self.locked(keys):
            removed = False
            for key in keys:
                if key in self._texts:
                    path = self.path_of(key)
                    try:
                        path.unlink(missing_ok=True)
                    except OSError as error:
                        raise fault_from(error, path) or error
                    self._remember(key, None)
                    removed = True
            if removed:
                _fsync_directory(self.folder)

    def truncate(self) -> None:
        self.remove(list(self._texts))


_FOLDERS: dict[Path, DocumentFolder] = {}
_FOLDERS_LOCK = threading.Lock()
# The threads that write documents, shared by every folder (see DocumentFolder on why several).
WRITERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="document-writer")


def forget_documents_in_memory() -> None:
    """Drop this process's copies of every DocumentFolder, so the next open reads the files (for a
    tool that wrote them itself, and for tests standing in for a new process)."""
    with _FOLDERS_LOCK:
        _FOLDERS.clear()


def _move_table_into(storage: TableFilesStorage, name: str, folder: DocumentFolder) -> None:
    """A table of the old layout, moved into the folder: every row written (again, if a move was
    cut short) and synced, then the table kept as its .bak and its file removed. Safe to cut short
    anywhere: the table goes only once every row is on disk, and writing a row again changes
    nothing."""
    old = storage.table_path(name)
    text = old.read_bytes()
    rows = list(storage.load_table(name).values())
    folder.put(rows, synced_each=False)
    _write_atomically(old.with_name(old.name + ".bak"), text)
    storage.remove_table(name)
    log.info("Moved %d documents of %s into %s, one file each; the old file is kept as %s.bak",
             len(rows), old.name, folder.folder, old.name)


class DatabaseLock:
    """The database's lock (re-entrant), which also notes each time it is taken on a thread that is
    running an asyncio event loop. Taken there, a database call stalls every conversation until it
    returns (it may wait behind another thread's fsync); turns reach the database through
    storage/off_loop.py instead. `taken_on_loop` counts those takes, and `on_loop`, if set, is
    called with the frame that took it (tests use it to name the caller)."""

    def __init__(self):
        self._lock = threading.RLock()
        self.taken_on_loop = 0
        self.on_loop = None

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if asyncio._get_running_loop() is not None:       # the C helper: no cost worth counting
            self.taken_on_loop += 1
            if self.on_loop is not None:
                self.on_loop(sys._getframe(1))
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self):
        if asyncio._get_running_loop() is not None:
            self.taken_on_loop += 1
            if self.on_loop is not None:
                self.on_loop(sys._getframe(1))
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)


def _remove_temporaries_in(folder: Path) -> None:
    """Temporary files a crash mid-write left in a document folder. Only for the store's sole writer."""
    if folder.is_dir():
        for entry in folder.glob(".*.tmp"):
            entry.unlink()


class Database:
    """The TinyDB database behind the bot, with one lock so turns never interleave a write."""

    def __init__(self, path: str, sole_writer: bool = False):
        self.path = path
        self.lock = DatabaseLock()
        self.sole_writer = False
        folder = Path(path).parent
        if folder.exists() and not folder.is_dir():
            raise StoreProblem(f"the bot's store {path} cannot be opened: {folder} is a file, not a folder")
        try:
            if sole_writer:
                first = store_lock.hold(path)
                self.sole_writer = True
                if first:       # this process's first hold: no writer of this store is running
                    remove_leftover_temporaries(path)
            # Reads every table file: a damaged one fails here, at start-up, not on the first message.
            self.tinydb = TinyDB(path, storage=TableFilesStorage)
        except StoreProblem:
            self._release()
            raise
        except OSError as error:
            self._release()
            fault = fault_from(error, error.filename or path)
            if fault is not None:
                raise fault from error
            raise StoreProblem(f"the bot's store {path} cannot be opened: {error.strerror or error}"
                               + (f" ({error.filename})" if error.filename else "")) from error

    def table(self, name: str):
        return self.tinydb.table(name, cache_size=0)

    def documents(self, kind: DocumentKind) -> DocumentFolder:
        """The documents of this kind kept one per file in the folder `<stem>.<name>` beside the
        store. The tables of the old layout that held them (the table `<stem>.<name>.json`, and
        any the kind's `moved_in` names) are moved into it when it is first opened, each kept as
        its `.bak`."""
        storage = self.tinydb.storage
        old = storage.table_path(kind.name)
        folder = old.with_suffix("").resolve()
        with _FOLDERS_LOCK:
            found = _FOLDERS.get(folder)
            if found is None or not folder.is_dir():
                if self.sole_writer:
                    _remove_temporaries_in(folder)
                found = _FOLDERS[folder] = DocumentFolder(folder, kind)
                for table in storage.table_names():
                    if table != kind.name and kind.moved_in(table):
                        _move_table_into(storage, table, found)
            if old.exists():
                _move_table_into(storage, kind.name, found)
        return found

    def close(self):
        self.tinydb.close()
        self._release()

    def _release(self):
        if self.sole_writer:
            self.sole_writer = False
            store_lock.release(self.path)


def open_database(path: str, sole_writer: bool = False) -> Database:
    """The store at `path`. `sole_writer=True` for a process that serves or changes it: takes the
    store's lock first (StoreInUse if another process has it) and clears a crash's temporary files.
    Any failure is a StoreProblem whose message is one line for a person."""
    return Database(path, sole_writer)
