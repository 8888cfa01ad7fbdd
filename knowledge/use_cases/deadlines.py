"""Adding and moving a deadline once a coordinator has confirmed the date, and marking one done.
Each returns the reply to show; a confirmation given twice (a channel's retry, "yes" again after a
crash) changes the record once."""

from ..dates import british
from ..deadlines import scope_phrase
from ..records import Deadline, Scope
from ..repositories import AlreadyDone, Deadlines
from . import Who


async def add_deadline(deadlines: Deadlines, *, title: str, due: str, scope: Scope, who: Who, at: str,
                       change_id: str = "") -> str:
    """Add it; the reply. `change_id` is the confirmation's: adding it again adds nothing."""
    applies, when = scope.phrase(), british(due)
    try:
        await deadlines.add({"title": title, "due": due, **scope.fields()}, by=who.id, by_name=who.name, at=at,
                            change_id=change_id)
    except AlreadyDone:
        return f"Already added: \"{title}\" for {applies}, due {when}. Nothing was added twice."
    return (f"Added: \"{title}\" for {applies}, due {when}. Anyone subscribed to it is nudged 14 days, 3 days "
            f"and 1 day before, and on the day. Recorded as added by {who.name}.")


async def move_deadline(deadlines: Deadlines, deadline: Deadline, due: str, *, who: Who, at: str,
                        change_id: str = "") -> str:
    """Move it to `due`; the reply. Moving it again with the same `change_id` changes nothing."""
    when = british(due)
    try:
        await deadlines.move(deadline.id, due, by=who.id, by_name=who.name, at=at, change_id=change_id)
    except AlreadyDone:
        return f"Already moved: \"{deadline.title}\" is due {when}. Nothing was changed twice."
    return (f"Moved: \"{deadline.title}\" ({scope_phrase(deadline)}) is now due {when} (it was "
            f"{british(deadline.due)}). Nudges start afresh for the new date. Recorded as changed by {who.name}.")
