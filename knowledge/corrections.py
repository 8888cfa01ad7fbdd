"""Correcting saved minutes: pure functions from a stored meeting to its corrected record.

    corrected = apply_change(meeting, {"date": "2010-03-10"}, by="aad-jo", by_name="Jo Smith", at=now)
    corrected = apply_change(meeting, {"apologies": [*meeting["apologies"], entry]}, ...)
    gone = withdraw(meeting, by=..., by_name=..., at=..., reason="logged twice")

Each returns a new record (the one given is not touched) with a history entry: who, when, and what
changed ("date: 9 March 2010 -> 10 March 2010"). A withdrawn meeting is kept, marked
"withdrawn": {"by", "by_name", "at", "reason"}, and counts for nothing (knowledge/meeting_types.py);
its open actions get the status "withdrawn", so no list or nudge shows them.
storage/meetings.py saves the result (save_correction). Plain Python: no botbuilder, no storage.
"""

import copy

from .attendance import describe
from .dates import short_british
from .meeting_types import meeting_types, name_of

FIELDS = ("date", "partnership_id", "kind", "attendees", "apologies", "decisions", "actions")


class BadChange(ValueError):
    """A change that cannot be made: the message says why, in words for the person who asked."""


def _entries_text(entries: list) -> str:
    return ", ".join(describe(e) if isinstance(e, dict) else str(e) for e in entries) or "none"


def _describe_change(field: str, old, new) -> str:
    if field == "date":
        return f"date: {short_british(old)} -> {short_british(new)}"
    if field == "kind":
        return f"type: {name_of(old)} -> {name_of(new)}"
    if field == "partnership_id":
        return f"partnership: {old} -> {new}"
    if field in ("attendees", "apologies"):
        old_texts = [describe(e) for e in old or []]
        new_texts = [describe(e) for e in new or []]
        added = [t for t in new_texts if t not in old_texts]
        removed = [t for t in old_texts if t not in new_texts]
        parts = ([f"added {', '.join(added)}"] if added else []) + ([f"removed {', '.join(removed)}"] if removed else [])
        return f"{'present' if field == 'attendees' else 'apologies'}: " + ("; ".join(parts) or "reordered")
    if field == "decisions":
        added = [d for d in new or [] if d not in (old or [])]
        removed = [d for d in old or [] if d not in (new or [])]
        parts = ([f"added '{'; '.join(added)}'"] if added else []) + \
            ([f"removed '{'; '.join(removed)}'"] if removed else [])
        return "decisions: " + ("; ".join(parts) or "reordered")
    return f"{field}: changed"


def _check(field: str, value) -> None:
    if field not in FIELDS:
        raise BadChange(f"'{field}' is not a part of the minutes that can be changed. You can change the date, "
                        f"the partnership, the type of meeting, who was present, the apologies, the decisions "
                        f"or the actions.")
    if field == "date":
        from datetime import date
        try:
            date.fromisoformat(str(value))
        except ValueError:
            raise BadChange(f"'{value}' is not a date I can store. Give it like '10 March 2010'.") from None
    if field == "kind" and value not in {t.id for t in meeting_types()}:
        raise BadChange("That is not a type of meeting I know: say full partnership meeting, steering group, "
                        "chairs group or working group.")
    if field == "partnership_id" and not value:
        raise BadChange("Say which partnership the meeting was for.")
    if field in ("attendees", "apologies", "decisions", "actions") and not isinstance(value, list):
        raise BadChange(f"The {field} must be a list.")


def apply_change(meeting: dict, changes: dict, *, by: str, by_name: str, at: str, change_id: str = "") -> dict:
    """The meeting with `changes` (field -> new value) made and one history entry saying what changed.
    Raises BadChange for a field that cannot be changed or a value that cannot be stored."""
    if meeting.get("withdrawn"):
        raise BadChange("That meeting has been withdrawn, so it cannot be changed.")
    for field, value in changes.items():
        _check(field, value)
    real = {f: v for f, v in changes.items() if meeting.get(f) != v}
    if not real:
        raise BadChange("That is how the minutes already stand: nothing to change.")
    record = copy.deepcopy(meeting)
    what = "; ".join(_describe_change(f, meeting.get(f), v) for f, v in real.items())
    record.update(copy.deepcopy(real))
    record["history"] = [*record.get("history", []),
                         {"by": by, "by_name": by_name, "at": at, "what": what, "fields": sorted(real),
                          **({"change_id": change_id} if change_id else {})}]
    return record


def adding(meeting: dict, field: str, entries: list) -> dict:
    """The change that adds `entries` to a list part ('add Sarah Hale to the apologies')."""
    return {field: [*(meeting.get(field) or []), *entries]}


def removing(meeting: dict, field: str, words: str) -> dict:
    """The change that removes the entries of a list part whose text contains `words`."""
    wanted = (words or "").lower().strip()
    kept = [e for e in meeting.get(field) or []
            if wanted not in (describe(e) if isinstance(e, dict) else str(e)).lower()]
    return {field: kept}


def withdraw(meeting: dict, *, by: str, by_name: str, at: str, reason: str = "", change_id: str = "") -> dict:
    """The meeting kept but marked withdrawn (logged by mistake): out of every count from now on."""
    if meeting.get("withdrawn"):
        raise BadChange("That meeting is already withdrawn.")
    record = copy.deepcopy(meeting)
    record["withdrawn"] = {"by": by, "by_name": by_name, "at": at, "reason": reason}
    for action in record.get("actions", []):        # its open actions leave every list and nudge
        if action.get("status", "open") == "open":
            action["status"] = "withdrawn"
            action["history"] = [*action.get("history", []),
                                 {"by": by, "by_name": by_name, "at": at, "what": "withdrawn with its meeting"}]
    record["history"] = [*record.get("history", []),
                         {"by": by, "by_name": by_name, "at": at,
                          "what": "withdrawn" + (f": {reason}" if reason else ""), "fields": ["withdrawn"],
                          **({"change_id": change_id} if change_id else {})}]
    return record


def history_text(meeting: dict) -> str:
    """The visible history: one line per change, oldest first."""
    lines = []
    for entry in meeting.get("history", []):
        who = entry.get("by_name") or entry.get("by") or "someone"
        lines.append(f"- {entry.get('at', '')[:16].replace('T', ' ')}: {who}: {entry.get('what', '')}")
    return "\n".join(lines)
