"""Actions across meetings: numbers when a meeting moves, and the open ones.

Action numbers count per partnership ("action 3" is Gosport's third), so a meeting corrected into
another partnership takes that partnership's next numbers, and its last history entry says which
number became which. Both stores (storage/meetings.py, storage/azure/meetings.py) move meetings this way.
"""


def renumbered_for_move(record: dict, first_number: int) -> tuple[dict, int]:
    """`record` with its actions numbered from `first_number` on and the renumbering noted in its last
    history entry, and the next number free after them. `record` itself is left as it was."""
    moved = dict(record, history=list(record.get("history", [])))
    renumbered = [{**action, "number": first_number + offset}
                  for offset, action in enumerate(record.get("actions", []))]
    if renumbered and moved["history"]:
        moves = ", ".join(f"action {old['number']} -> {new['number']}"
                          for old, new in zip(record["actions"], renumbered))
        last = moved["history"][-1]
        moved["history"][-1] = {**last, "what": last["what"] + f" (renumbered {moves})"}
    moved["actions"] = renumbered
    return moved, first_number + len(renumbered)


def open_actions_of(meetings: list, owner: str | None = None) -> list[dict]:
    """The open actions of `meetings` (of someone whose name holds `owner`, or whose user id is it),
    each with its meeting's partnership_id and meeting_id, by partnership and number."""
    return owned_by([{**action, "partnership_id": meeting["partnership_id"], "meeting_id": meeting["id"]}
                     for meeting in meetings for action in meeting["actions"] if action["status"] == "open"], owner)


def owned_by(actions: list, owner: str | None = None) -> list[dict]:
    """Those of `actions` (each with its partnership_id) whose owner's name holds `owner`, or whose
    owner's user id is it (all of them for None), by partnership and number."""
    found = [a for a in actions if owner is None or owner.lower() in (a.get("owner") or "").lower()
             or owner == a.get("owner_user_id")]
    return sorted(found, key=lambda a: (a["partnership_id"], a["number"]))
