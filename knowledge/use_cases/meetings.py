"""Saving a chair's confirmed minutes: the meeting and its actions in one write, once."""

import uuid
from datetime import date

from ..records import Meeting
from ..repositories import AlreadySaved, Meetings
from . import Who

DRAFT_PARTS = ("partnership_id", "date", "attendees", "apologies", "decisions")


def meeting_from_draft(draft: dict) -> dict:
    """The meeting to save from the dialog's draft. Its id is the draft's (given when the chair
    started), so saving the same draft twice saves it once."""
    meeting = {k: draft[k] for k in DRAFT_PARTS}
    meeting["id"] = draft.get("id") or uuid.uuid4().hex
    meeting["actions"] = [{k: v for k, v in a.items() if k != "due_given"} for a in draft["actions"]]
    meeting["kind"] = draft.get("kind") or "full"      # said when logging, or changed before saving
    return meeting


async def save_meeting(meetings: Meetings, draft: dict, *, who: Who, at: str) -> tuple[Meeting, bool]:
    """(the stored meeting, True if this call saved it; False if it was saved already)."""
    try:
        return await meetings.save(meeting_from_draft(draft), by=who.id, by_name=who.name, at=at), True
    except AlreadySaved as saved:
        return Meeting.from_dict(saved.record), False


async def same_day_meetings(meetings: Meetings, partnership_id: str, day: str) -> list[Meeting]:
    """Meetings of that partnership already logged for that day (to warn before a second copy).
    Asked for that day's only, so the store reads a day's meetings, not every one it has logged."""
    try:
        since = date.fromisoformat(day)
    except (TypeError, ValueError):
        return []           # no meeting is logged on a day that is not a date
    return [m for m in await meetings.all(partnership_id, since, until=since) if m.date == day]
