"""Partnership meetings in chat: log one (the dialog in dialogs/log_meeting_dialog.py), read the
minutes back, export them, and keep track of the actions.

    log a meeting                       minutes for Gosport on 9 March
    last meeting of Havant West         minutes of 9 March          meetings this term
    export minutes                      my actions                  open actions for Gosport
    action 3 done                       reassign action 3 to Sam    move action 3 to 30 September

Actions are numbered per partnership ("action 3" of Gosport never changes). Which partnership
"action 3" means: the one named ("action 3 for Gosport done"), else the one this conversation
last looked at, else the speaker's own. Every change keeps who, when and what in the action's
history (storage/meetings.py).
"""

import re
from dataclasses import asdict
from datetime import date


from knowledge.answers import Answer
from knowledge.attendance import core_partner_source
from knowledge.clock import london_text, utc_iso
from knowledge.dates import british, due_date, is_no_date, meeting_date, short_british
from knowledge.meeting_request import read_request
from knowledge.minutes import (action_text, already_saved_text, card_values, export_file_name, meetings_list_text,
                               minutes_markdown, minutes_text, partnership_name)
from knowledge.term_dates import load_terms
from knowledge.understanding.actions import actions_named
from knowledge.text import names_list
from knowledge.wording import for_example, unknown_partnership
from knowledge.repositories import UnknownAction

from .done_cards import card_done
from .file_export import send_document
from .own_partnership import own_partnership_id
from .permissions import permitted
from .registry import handles
from .remembered import CONVERSATION_KEY

MAX_LISTED = 15


# ---- where we are ----------------------------------------------------------------------------------

def _meetings(turn):
    """The meetings repository: every read and write off the event loop."""
    return turn.services.records.meetings


async def _own(turn) -> str | None:
    return await own_partnership_id(turn.services, turn.user_id, await turn.profile())


def _find(turn, name: str):
    """A partnership by name, or None."""
    name = (name or "").strip()
    return turn.directory.find_partnership(name) if name else None


async def _partnership_or_say(turn, name: str, what: str):
    """The partnership named, else this conversation's, else the speaker's own; None after
    telling them how to say which."""
    if name:
        found = _find(turn, name)
        if found is None:
            await turn.say(Answer(unknown_partnership(_as_typed(turn, name), for_example(f"{what} for Gosport"))))
        return found
    partnership_id = turn.conversation.get(CONVERSATION_KEY) or await _own(turn)
    return turn.directory.partnerships.get(partnership_id or "")


def _remember(turn, partnership_id: str) -> None:
    turn.conversation[CONVERSATION_KEY] = partnership_id


def _raw_text(turn) -> str:
    return turn.context.activity.text or ""


def _as_typed(turn, tidied: str) -> str:
    """A slot as the person typed it (the intent table matches lower-cased text)."""
    raw = _raw_text(turn)
    found = re.search(re.escape(tidied).replace(r"\ ", r"\s+"), raw, re.I)
    return found.group(0) if found else tidied


async def _say_with_card(turn, text: str, template: str, values: dict, summary: str = "") -> None:
    await turn.say(Answer(text, card=template, facts=values, summary=summary))


def _note_core_partner_source(turn) -> None:
    """So 'where does that come from?' after minutes cites the briefing's core membership."""
    turn.conversation["last_sources"] = [asdict(core_partner_source())]


@handles("save_again", topic="minutes", who="chairs",
         examples=["save"], in_help=False)
async def save_again(turn, **_):
    """'save' (typed, or the summary card's Save pressed again) when no minutes are waiting: if the
    minutes it means are saved already, say so; nothing is ever saved twice."""
    pressed = turn.context.activity.value if isinstance(turn.context.activity.value, dict) else {}
    wanted = pressed.get("minutes") or turn.conversation.get("last_meeting_id")
    meeting = await _meetings(turn).by_id(wanted) \
        if isinstance(wanted, str) and wanted else None
    if meeting is None:
        await turn.say(Answer("There are no minutes waiting to be saved here. Say 'log a meeting' to start.",
                              suggestions=["log a meeting"]))
        return
    name = partnership_name(turn.directory, meeting["partnership_id"])
    await turn.say(Answer(already_saved_text(meeting, turn.directory),
                          suggestions=[f"last meeting of {name}", "export minutes"]))
    await card_done(turn.context, "Already saved",
                    f"Minutes of the {name} partnership meeting on {british(meeting['date'])}")


# ---- logging a meeting ------------------------------------------------------------------------------

@handles("log_meeting", topic="minutes", who="chairs",
         examples=["log a meeting", "record minutes"])
async def log_meeting(turn, **_):
    await turn.begin("log_meeting", {"request": read_request(_raw_text(turn), turn.services.clock.today())})


@handles("minutes_for", topic="minutes", who="chairs",
         examples=["minutes for Gosport on 9 March", "minutes of 9 March"])
async def minutes_for(turn, details: str = "", **_):
    """'minutes for Gosport on 9 March': the minutes if they are logged, else start logging them.
    'minutes of 9 March' / 'minutes for Gosport': read back."""
    request = read_request("minutes " + _as_typed(turn, details), turn.services.clock.today())
    partnership_text, date_text = request.get("partnership", ""), request.get("date", "")
    partnership = _find(turn, partnership_text) if partnership_text else None
    if partnership_text and partnership is None:
        await turn.say(Answer(unknown_partnership(partnership_text, for_example("minutes for Gosport on 9 March"))))
        return
    day = None
    if date_text:
        reading = meeting_date(date_text, turn.services.clock.today())
        if not reading.ok:
            await turn.say(Answer(f"I couldn't read '{date_text}' as the date of a meeting that has happened. "
                                  f"Try, for example, 'minutes of 9 March'."))
            return
        day = reading.day
    if partnership is None and day is None:
        await last_meeting(turn)
        return
    if partnership is None:
        found = [m for m in await _meetings(turn).all() if m["date"] == day.isoformat()]
        own = await _own(turn)
        mine = [m for m in found if m["partnership_id"] == own]
        found = mine or found
        if not found:
            await turn.say(Answer(f"No minutes are logged for {british(day)}. Say 'log a meeting' to add them.",
                                  suggestions=["log a meeting", "meetings this term"]))
            return
        if len(found) > 1:
            names = names_list([partnership_name(turn.directory, m["partnership_id"]) for m in found])
            await turn.say(Answer(f"{len(found)} partnerships met on {british(day)}: {names}. Which one? "
                                  f"For example 'minutes for {partnership_name(turn.directory, found[0]['partnership_id'])} "
                                  f"on {short_british(day)}'."))
            return
        await show_minutes(turn, found[-1])
        return
    meetings = await _meetings(turn).all(partnership.id)
    if day is None:
        meetings = _counted(meetings)
        if not meetings:
            await _no_meetings(turn, partnership)
            return
        await show_minutes(turn, meetings[-1])
        return
    same_day = [m for m in meetings if m["date"] == day.isoformat()]
    if same_day:
        await show_minutes(turn, same_day[-1])
        return
    # Not logged yet: a chair saying "minutes for Gosport on 9 March" is starting to write them.
    await turn.begin("log_meeting", {"request": request})


# ---- reading it back ----------------------------------------------------------------------------------

async def show_minutes(turn, meeting: dict) -> None:
    directory = turn.directory
    text = minutes_text(meeting, directory)
    name = partnership_name(directory, meeting["partnership_id"])
    values = card_values(meeting, directory)
    await _say_with_card(turn, text, "minutes", {**values, "open_actions_question": f"open actions for {name}"},
                         summary=f"Minutes: {name}, {british(meeting['date'])}")
    _remember(turn, meeting["partnership_id"])
    turn.conversation["last_meeting_id"] = meeting["id"]
    _note_core_partner_source(turn)


async def _no_meetings(turn, partnership) -> None:
    _remember(turn, partnership.id)
    await turn.say(Answer(f"No meetings of the {partnership.name} partnership are logged yet. "
                          f"Say 'log a meeting for {partnership.name}' to add one.",
                          suggestions=[f"log a meeting for {partnership.name}"]))


@handles("last_meeting", topic="minutes", who="chairs",
         examples=["last meeting of Havant West"])
async def last_meeting(turn, name: str = "", **_):
    partnership = await _partnership_or_say(turn, name, "last meeting")
    if partnership is None:
        if name:
            return
        latest = _counted(await _meetings(turn).all())
        if not latest:
            await turn.say(Answer("No meetings are logged yet. Say 'log a meeting' to add one.",
                                  suggestions=["log a meeting"]))
            return
        latest.sort(key=lambda m: (m["date"], m["logged_at"]))
        await show_minutes(turn, latest[-1])
        return
    meetings = _counted(await _meetings(turn).all(partnership.id))
    if not meetings:
        await _no_meetings(turn, partnership)
        return
    await show_minutes(turn, meetings[-1])


def _counted(meetings: list) -> list:
    """All but withdrawn meetings (kept, but out of every list and count; read by date they show, marked)."""
    return [m for m in meetings if not m.get("withdrawn")]


def _terms_around(today: date, which: str):
    """This term (or, in a holiday, the one just ended), or the one before it. None beyond the list."""
    terms = [t for t in load_terms() if t.start <= today]
    if which == "last":
        terms = terms[:-1]
    return terms[-1] if terms else None


@handles("meetings_this_term", topic="minutes", who="chairs",
         examples=["meetings this term"])
async def meetings_this_term(turn, which: str = "this", name: str = "", **_):
    today = turn.services.clock.today()
    term = _terms_around(today, which)
    if term is None:
        await turn.say(Answer("I don't have the term dates for then (knowledge/data/term_dates.yaml)."))
        return
    partnership = None
    if name:
        partnership = _find(turn, name)
        if partnership is None:
            await turn.say(Answer(unknown_partnership(_as_typed(turn, name),
                                                      for_example("meetings this term for Gosport"))))
            return
    found = [m for m in _counted(await _meetings(turn).all(partnership.id if partnership else None, term.start))
             if date.fromisoformat(m["date"]) <= term.end]
    where = f"the {partnership.name} partnership" if partnership else "any partnership"
    span = f"{short_british(term.start)} to {short_british(term.end)}"
    if not found:
        await turn.say(Answer(f"No meetings of {where} are logged for the {term.name} ({span}). "
                              f"Say 'log a meeting' to add one.", suggestions=["log a meeting"]))
        return
    heading = f"Meetings of {where} in the {term.name} ({span}):"
    await turn.say(Answer(meetings_list_text(found[-MAX_LISTED:], turn.directory, heading)
                          + "\nSay 'last meeting of <partnership>' to read the minutes."))
    if partnership:
        _remember(turn, partnership.id)


# ---- export -----------------------------------------------------------------------------------------------

@handles("export_minutes", topic="minutes", who="chairs",
         examples=["export minutes"])
async def export_minutes(turn, details: str = "", **_):
    details = _as_typed(turn, details).strip() if details else ""
    meeting = None
    if details:
        request = read_request("minutes " + details, turn.services.clock.today())
        partnership = _find(turn, request.get("partnership", "")) if request.get("partnership") else None
        if request.get("partnership") and partnership is None:
            await turn.say(Answer(unknown_partnership(request["partnership"])))
            return
        day = meeting_date(request["date"], turn.services.clock.today()).day if request.get("date") else None
        candidates = await _meetings(turn).all(partnership.id if partnership else None)
        if day is not None:
            candidates = [m for m in candidates if m["date"] == day.isoformat()]
        elif partnership is None:
            candidates = []
        meeting = candidates[-1] if candidates else None
    else:
        profile = await turn.profile()
        wanted = turn.conversation.get("last_meeting_id") or profile.get("last_meeting_id")
        meeting = await _meetings(turn).by_id(wanted) if wanted else None
    if meeting is None:
        await turn.say(Answer("Which minutes? Say, for example, 'export minutes for Gosport on 9 March', or read "
                              "some minutes first ('last meeting of Gosport') and then say 'export minutes'."))
        return
    document = minutes_markdown(meeting, turn.directory, exported_at=utc_iso(turn.services.clock.now()))
    partnership = partnership_name(turn.directory, meeting["partnership_id"])
    await send_document(turn.context, turn.conversation, export_file_name(meeting), document,
                        f"Here are the minutes of the {partnership} partnership meeting on {british(meeting['date'])} "
                        f"as a Markdown document, ready to circulate.")
    turn.conversation["last_meeting_id"] = meeting["id"]


# ---- the action tracker ---------------------------------------------------------------------------------

def _action_rows(turn, actions: list[dict], with_partnership: bool) -> list[dict]:
    rows = []
    for a in actions:
        label = f"{partnership_name(turn.directory, a['partnership_id'])} {a['number']}" if with_partnership \
            else str(a["number"])
        rows.append({"label": label, "owner": a.get("owner") or "no owner", "text": a.get("text", ""),
                     "due": f"due {short_british(a['due'])}" if a.get("due") else "no due date"})
    return rows


def _overdue(turn, action: dict) -> str:
    if action.get("due") and action["due"] < turn.services.clock.today().isoformat():
        return " (overdue)"
    return ""


async def _list_actions(turn, actions: list[dict], title: str, with_partnership: bool) -> None:
    lines = [title]
    for a in actions[:MAX_LISTED * 2]:
        prefix = f"{partnership_name(turn.directory, a['partnership_id'])} " if with_partnership else ""
        lines.append(f"- {prefix}{action_text(a)}{_overdue(turn, a)}")
    if len(actions) > MAX_LISTED * 2:
        lines.append(f"...and {len(actions) - MAX_LISTED * 2} more.")
    n = actions[0]["number"] if actions else 1
    hint = f"Say 'action {n} done', 'reassign action {n} to Sam Jones' or 'move action {n} to 30 September'."
    lines.append(hint)
    text = "\n".join(lines)
    await _say_with_card(turn, text, "action_list", {
        "title": title, "actions": _action_rows(turn, actions[:MAX_LISTED * 2], with_partnership), "hint": hint},
        summary=title)


@handles("my_actions", topic="minutes", who="chairs",
         examples=["my actions"])
async def my_actions(turn, **_):
    mine = {(a["partnership_id"], a["number"]): a
            for a in await _meetings(turn).open_actions(owner=turn.user_id)}
    for a in await _meetings(turn).open_actions():
        if (a["partnership_id"], a["number"]) not in mine and _is_named(a.get("owner", ""), turn.user_name):
            mine[(a["partnership_id"], a["number"])] = a
    actions = sorted(mine.values(), key=lambda a: (a.get("due") or "9999", a["partnership_id"], a["number"]))
    if not actions:
        await turn.say(Answer(f"You have no open actions, {turn.user_name}.",
                              suggestions=["open actions", "meetings this term"]))
        return
    partnerships = {a["partnership_id"] for a in actions}
    if len(partnerships) == 1:
        _remember(turn, next(iter(partnerships)))
    await _list_actions(turn, actions, f"Your open actions ({len(actions)}):", with_partnership=True)


def _is_named(owner: str, user_name: str) -> bool:
    """Is an action's owner ('Jo Smith', 'Jo Smith (Police)') this person? Their full name must be there."""
    owner_words, name_words = owner.lower().split(), user_name.lower().split()
    return bool(name_words) and len(name_words) > 1 and all(w in owner_words for w in name_words)


@handles("open_actions", topic="minutes", who="chairs",
         examples=["open actions for Gosport"])
async def list_open_actions(turn, name: str = "", **_):
    if name:
        partnership = await _partnership_or_say(turn, name, "open actions")
        if partnership is None:
            return
    else:
        own = await _own(turn)
        partnership = turn.directory.partnerships.get(turn.conversation.get(CONVERSATION_KEY) or own or "")
    actions = await _meetings(turn).open_actions(partnership.id if partnership else None)
    where = f"the {partnership.name} partnership" if partnership else "all partnerships"
    if not actions:
        await turn.say(Answer(f"There are no open actions for {where}.", suggestions=["log a meeting"]))
    else:
        await _list_actions(turn, actions, f"Open actions for {where} ({len(actions)}):",
                            with_partnership=partnership is None)
    if partnership:
        _remember(turn, partnership.id)


async def _action_to_change(turn, number: str, name: str):
    """(partnership, action) for 'action <number>' here, or None after saying why not."""
    number = int(number)
    if not number:     # "the terms of reference action is finished": by words of its title or owner
        named = await _action_by_words(turn, name)
        if named is not None:
            return named
    if name:
        partnership = await _partnership_or_say(turn, name, f"action {number} done")
        if partnership is None:
            return None
        candidates = [partnership.id]
    else:
        here = turn.conversation.get(CONVERSATION_KEY) or await _own(turn)
        if here:
            candidates = [here]
        else:
            candidates = await _meetings(turn).partnerships_with_action(number)
            if len(candidates) > 1:
                names = [partnership_name(turn.directory, p) for p in candidates]
                await turn.say(Answer(f"More than one partnership has an action {number} ({names_list(names)}). "
                                      f"Say which, for example 'action {number} for {names[0]} done'."))
                return None
    for partnership_id in candidates:
        action = await _meetings(turn).find_action(partnership_id, number)
        if action is not None and partnership_id in turn.directory.partnerships:
            return turn.directory.partnerships[partnership_id], action
    where = f" for {partnership_name(turn.directory, candidates[0])}" if candidates else ""
    await turn.say(Answer(f"There is no action {number}{where}. Say 'open actions' to see them."))
    return None


async def _action_by_words(turn, name: str):
    partnership = turn.directory.find_partnership(name) if name else None
    here = partnership.id if partnership else turn.conversation.get(CONVERSATION_KEY) or await _own(turn)
    named = actions_named(_raw_text(turn), await _meetings(turn).open_actions(here or None))
    if len(named) == 1 and named[0].partnership_id in turn.directory.partnerships:
        return turn.directory.partnerships[named[0].partnership_id], named[0]
    return None


async def _change_action(turn, number: str, name: str, changes_for) -> None:
    found = await _action_to_change(turn, number, name)
    if found is None:
        return
    partnership, action = found
    changes = changes_for(action)
    if isinstance(changes, str):          # why it cannot be done
        await turn.say(Answer(changes))
        return
    if not await permitted(turn.context, turn.services, "edit_actions", [partnership]):
        return
    at = utc_iso(turn.services.clock.now())
    try:
        updated = await _meetings(turn).update_action(partnership.id, action["number"], changes,
                                                      by=turn.user_id, by_name=turn.user_name, at=at)
    except UnknownAction:
        await turn.say(Answer(f"There is no action {action['number']} for {partnership.name}."))
        return
    _remember(turn, partnership.id)
    await turn.say(Answer(f"{partnership.name} action {updated['number']} is now: {action_text(updated, False)}. "
                          f"Recorded as changed by {turn.user_name} on {london_text(at)}.",
                          suggestions=[f"open actions for {partnership.name}"]))


@handles("action_done", topic="minutes", who="chairs",
         examples=["action 3 done"], in_help=False)
async def action_done(turn, number: str = "0", name: str = "", **_):
    def changes(action):
        if action["status"] == "done":
            return f"Action {action['number']} ({action['text']}) is already done."
        return {"status": "done"}
    await _change_action(turn, number, name, changes)


@handles("reassign_action", topic="minutes", who="chairs",
         examples=["reassign action 3 to Sam"], in_help=False)
async def reassign_action(turn, number: str = "0", name: str = "", person: str = "", **_):
    owner = " ".join(_as_typed(turn, person).split())[:80]

    def changes(action):
        if not owner:
            return "Who should it go to? Say, for example, 'reassign action 3 to Sam Jones'."
        if owner.lower() in ("me", "myself"):
            return {"owner": turn.user_name, "owner_user_id": turn.user_id}
        exact, partial = turn.services.people.find(owner)
        people = exact or partial
        return {"owner": owner, "owner_user_id": people[0]["user_id"] if len(people) == 1 else None}
    await _change_action(turn, number, name, changes)


@handles("move_action", topic="minutes", who="chairs",
         examples=["move action 3 to 30 September"], in_help=False)
async def move_action(turn, number: str = "0", name: str = "", when: str = "", **_):
    when = _as_typed(turn, when)

    def changes(action):
        if is_no_date(when):
            return {"due": None}
        reading = due_date(when, turn.services.clock.today())
        if not reading.ok:
            return (f"I couldn't read '{when}' as a date. Try, for example, "
                    f"'move action {action['number']} to 30 September'.")
        return {"due": reading.day.isoformat()}
    await _change_action(turn, number, name, changes)
