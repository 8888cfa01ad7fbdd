"""What can stop the store, said in one line a person can act on.

    StoreProblem      the store cannot be opened or written (the base: callers catch this one)
    StorageFault      the disk is full, or the data folder is read-only or not ours to write
    StoreInUse        another process already serves this store (storage/store_lock.py)

A StorageFault is not a bug: nothing was changed (every write is atomic), and trying again after
the admin frees space or fixes permissions works. So the bot says so plainly and keeps the
conversation where it was, instead of "something went wrong".
"""

import errno

FULL = {errno.ENOSPC, errno.EDQUOT}
READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


class StoreProblem(RuntimeError):
    """The bot's store cannot be opened or written; the message is one line for a person."""


class StoreInUse(StoreProblem):
    """Another process holds this store's lock."""


class StorageFault(StoreProblem):
    """A write failed because the disk is full ("full") or the folder is read-only ("read-only")."""

    def __init__(self, kind: str, path, error: OSError):
        self.kind, self.path, self.errno = kind, str(path), error.errno
        super().__init__(f"the bot's storage is {kind}: could not write {path} ({error.strerror})")

    @property
    def reply(self) -> str:
        """What the person whose turn it was is told."""
        return (f"I couldn't save that: the bot's storage is {self.kind}. Nothing was changed. "
                "Please tell your admin.")

    @property
    def reply_after_answer(self) -> str:
        """What they are told when the bot had already answered (only the conversation's own state,
        saved at the end of the turn, could not be written)."""
        return (f"I couldn't keep a note of this conversation: the bot's storage is {self.kind}, so I may "
                "not remember what we just said. Please tell your admin.")


def fault_from(error: OSError, path) -> StorageFault | None:
    """The StorageFault this OSError is, or None if it is some other failure."""
    if error.errno in FULL:
        return StorageFault("full", path, error)
    if error.errno in READ_ONLY:
        return StorageFault("read-only", path, error)
    return None
