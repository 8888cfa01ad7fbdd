"""Moving a school to another partnership once a coordinator has confirmed it: kept with who and
when, and seen at once by everyone (the directory in memory is corrected too)."""

from ..clock import london_text
from ..repositories import DirectoryMoves
from . import Who


async def move_school(moves: DirectoryMoves, directory, *, school_id: str, partnership_id: str, who: Who, at: str,
                      move_id: str = "") -> str:
    """Move it; the reply. `move_id` is the confirmation's: moving it again changes nothing."""
    school = directory.schools[school_id]
    target = directory.partnerships[partnership_id]
    current = directory.partnerships.get(school.partnership_id or "")
    kept = await moves.record(school_id=school.id, school_name=school.name, partnership_id=target.id,
                              previous_partnership_id=school.partnership_id, by=who.id, by_name=who.name, at=at,
                              move_id=move_id)
    if kept is None:
        return f"Already done: {school.name} is in the {target.name} partnership. Nothing was changed twice."
    directory.move_school(school.id, target.id, who.name, at)
    return (f"Done: {school.name} is now in the {target.name} partnership"
            + (f" (it was in {current.name})" if current else "")
            + f". Recorded as changed by {who.name} on {london_text(at)}.")
