"""Database work off the event loop, so one slow write does not hold up everybody's turn.

TinyDB rewrites a table's whole file on every write and fsyncs it. On the event loop that stalls
every conversation for as long as the write takes (an fsync alone is tens of milliseconds; at
20,000 meetings a meeting write is over a second). Handlers await the same functions here instead:

    record = await in_background(database, save_meeting, database, meeting, by=..., by_name=..., at=...)

(Conversation state has writers of its own: storage/database.py's DocumentFolder.)

The work runs on the database's own single worker thread, holding the database lock, so it is
still one write at a time in the order asked for, and a sync caller on the loop (also taking the
lock) never interleaves with it. The loop stays free to answer other turns meanwhile.
"""

import asyncio
import functools
import weakref
from concurrent.futures import ThreadPoolExecutor

_WORKERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _worker(database) -> ThreadPoolExecutor:
    worker = _WORKERS.get(database)
    if worker is None:
        worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="database")
        _WORKERS[database] = worker
        weakref.finalize(database, worker.shutdown, wait=False)
    return worker


def _locked(database, function, args, kwargs):
    with database.lock:
        return function(*args, **kwargs)


async def in_background(database, function, *args, **kwargs):
    """`function(*args, **kwargs)` under the database lock on the database's worker thread."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_worker(database), functools.partial(_locked, database, function, args, kwargs))
