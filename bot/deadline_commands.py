"""Deadlines and nudges in chat: one function per intent in bot/intents.py.

    add deadline: self-evaluation due 31 March for Gosport     (confirmed in dialogs/deadline_dialog.py)
    move the delivery plan deadline to 6 August                (confirmed likewise)
    list deadlines / deadlines for Havant
    nudge me about Gosport / subscribe to East Hampshire deadlines / stop nudges / my nudges
    done / snooze 3 days                                       (answer the nudge they reply to)
"""

import re
from datetime import timedelta

from botbuilder.core import MessageFactory, TurnContext

from knowledge import deadlines as knowledge
from knowledge.answers import Answer, fact_source
from knowledge.dates import british, due_date
from knowledge.clock import utc_iso
from knowledge.records import recipient_key
from knowledge.scopes import Geography, find_scope, partnerships_concerned
from knowledge.term_dates import load_terms
from knowledge.text import names_list
from knowledge.wording import unknown_scope

from .done_cards import card_done
from .people import user_id_of, user_name_of
from .permissions import check
from .registry import handles

WHAT_YOU_GET = ("14 days, 3 days and 1 day before each deadline, on the day, and once a week if it is "
                "overdue (up to 3 times), on weekdays between 9am and 5pm")
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "a couple of": 2, "few": 3, "a few": 3}
MAX_SNOOZE_DAYS = 60

# What a deadline reply offers to ask next.
NEXT_QUESTIONS = ["what's due next?", "list deadlines", "where does that come from?"]


def recipient_of(context: TurnContext) -> str:
    activity = context.activity
    return recipient_key(activity.channel_id or "", activity.conversation.id if activity.conversation else "")


def _where(turn) -> str:
    return "this channel" if turn.conversation_type == "channel" else \
        "this group chat" if turn.conversation_type == "groupChat" else "you here"


async def _say(turn, text: str) -> None:
    """A deadline reply: where the timetable comes from, and what to ask next."""
    await turn.say(Answer(text, sources=[fact_source(turn.directory, "first_year")], suggestions=NEXT_QUESTIONS))


async def _say_done(turn, text: str) -> None:
    """The outcome of a nudge's button: said, and the nudge's card shows it instead of its buttons."""
    await _say(turn, text)
    await card_done(turn.context, text.split(". ")[0].rstrip(".") + ".", f"By {turn.user_name}")


# ---- subscribing --------------------------------------------------------------------------------

def reference_and_tenant(context: TurnContext) -> tuple[dict, str]:
    """The conversation reference as a plain dict, and the Teams tenant (which the reference loses)."""
    activity = context.activity
    reference = TurnContext.get_conversation_reference(activity).serialize()
    conversation = reference.get("conversation") or {}
    if conversation.get("id"):
        conversation["id"] = conversation["id"].split(";messageid=")[0]    # the channel, not one thread
    reference.pop("activityId", None)
    tenant = _text(_part(activity.channel_data, "tenant").get("id")) or \
        _text(activity.conversation.tenant_id if activity.conversation else "")
    return reference, tenant


def _part(channel_data, key: str) -> dict:
    """channelData[key] when it is an object as Teams sends it ({"team": {"id", "name"}}); anything
    else (a string, a list, null, from a client that is not Teams) counts as absent."""
    value = channel_data.get(key) if isinstance(channel_data, dict) else None
    return value if isinstance(value, dict) else {}


def _text(value) -> str:
    return value if isinstance(value, str) else ""


async def subscribe_here(context: TurnContext, services, scope) -> bool:
    """Subscribe the conversation of this turn to a scope; True if it is new."""
    reference, tenant = reference_and_tenant(context)
    conversation = context.activity.conversation
    _record, new = await services.records.subscriptions.subscribe(
        recipient=recipient_of(context), scope=scope, reference=reference, tenant_id=tenant,
        conversation_type=conversation.conversation_type if conversation else None,
        user_id=user_id_of(context), user_name=user_name_of(context), at=utc_iso(services.clock.now()))
    return new


@handles("subscribe", topic="deadlines", who="coordinators",
         examples=["nudge me about Gosport", "subscribe to East Hampshire deadlines"])
async def subscribe(turn, scope="", **_):
    found = find_scope(turn.directory, scope)
    if found is None:
        await _say(turn, unknown_scope(scope, "Try 'nudge me about Gosport' or 'subscribe to East Hampshire "
                                              "deadlines' (or 'all deadlines')."))
        return
    new = await subscribe_here(turn.context, turn.services, found)
    what = f"deadlines for {found.phrase()}"
    if not new:
        await _say(turn, f"Already done: I nudge {_where(turn)} about {what}. Say 'stop nudges' to stop.")
        return
    coming = await _upcoming(turn, found.key, limit=2)
    text = (f"Done: I'll nudge {_where(turn)} about {what}: {WHAT_YOU_GET}. I'll also remind you of open "
            f"meeting actions with a due date, and if no full meeting is recorded three weeks before the end "
            f"of a term.")
    if coming:
        text += " Coming up: " + "; ".join(f"{r['title']}, {r['due_text']}" for r in coming) + "."
    text += " Reply 'done' or 'snooze 3 days' to a nudge; say 'stop nudges' to stop."
    await _say(turn, text)


@handles("stop_nudges", topic="deadlines", who="coordinators",
         examples=["stop nudges"])
async def stop_nudges(turn, scope="", **_):
    scope_key = None
    if scope:
        found = find_scope(turn.directory, scope)
        if found is None:
            await _say(turn, f"I don't know '{scope}'. Say 'stop nudges' to stop them all here.")
            return
        scope_key = found.key
    stopped = await turn.services.records.subscriptions.stop(recipient_of(turn.context), scope_key, by=turn.user_id,
                                                             at=utc_iso(turn.services.clock.now()))
    if not stopped:
        await _say(turn, "There were no deadline nudges coming here" + (f" about {scope}." if scope else ".")
                   + " Say 'nudge me about Gosport' to start them.")
        return
    names = names_list([s.scope_name if s.scope_kind != "county" else "all deadlines" for s in stopped])
    await _say(turn, f"Stopped: no more deadline nudges here for {names}. Say 'nudge me about "
                     f"{stopped[0].scope_name if stopped[0].scope_kind != 'county' else 'all deadlines'}' "
                     f"to start again.")


@handles("my_nudges", topic="deadlines", who="coordinators",
         examples=["my nudges"], in_help=False)
async def my_nudges(turn, **_):
    here = await turn.services.records.subscriptions.of_recipient(recipient_of(turn.context))
    if not here:
        await _say(turn, "No deadline nudges come here. Say 'nudge me about Gosport' (or a district or area) "
                         "to get them.")
        return
    scopes = "; ".join(f"deadlines for {s.scope.phrase()}" for s in here)
    await _say(turn, f"Here I nudge about: {scopes}. {WHAT_YOU_GET[0].upper()}{WHAT_YOU_GET[1:]}. "
                     f"Say 'stop nudges' to stop.")


async def subscribe_on_install(context: TurnContext, services) -> str | None:
    """When the bot is added to a Teams team or channel whose name is a partnership, district or
    area ("Gosport partnership"), subscribe that channel to its deadlines, and say so once.
    Returns what was said, if anything."""
    activity = context.activity
    conversation_type = activity.conversation.conversation_type if activity.conversation else None
    team, channel = _part(activity.channel_data, "team"), _part(activity.channel_data, "channel")
    if conversation_type != "channel" and not team:
        return None
    names = [_text(team.get("name")), _text(channel.get("name"))]
    found = next((s for s in (find_scope(services.directory, n, strict=True) for n in names if n) if s is not None), None)
    if found is None:
        return None         # the welcome says what the bot does; "nudge us about ..." subscribes
    if not await subscribe_here(context, services, found):
        return None         # Teams sends several events on install: say it once
    text = (f"I'll post reminders of deadlines for {found.phrase()} in this channel: {WHAT_YOU_GET}. "
            f"Say '@Partnerships bot stop nudges' to stop them, or '@Partnerships bot nudge us about' another "
            f"partnership, district or area.")
    await context.send_activity(MessageFactory.text(text))
    return text


# ---- listing ------------------------------------------------------------------------------------

async def _upcoming(turn, key: str | None, limit: int | None = None, done_key: str | None = None) -> list[dict]:
    rows = knowledge.listing(await turn.services.records.deadlines.active(), turn.services.clock.today(),
                             load_terms(), Geography.from_directory(turn.directory), key, done_key)
    return rows[:limit] if limit else rows


@handles("list_deadlines", topic="deadlines", who="coordinators",
         examples=["list deadlines"])
async def list_deadlines(turn, **_):
    await _show_list(turn, None, "Deadlines for every partnership")


@handles("deadlines_for", topic="deadlines", who="coordinators",
         examples=["deadlines for Havant"])
async def deadlines_for(turn, name="", **_):
    found = find_scope(turn.directory, name)
    if found is None:
        await _say(turn, unknown_scope(name, "Say 'list deadlines' for all of them."))
        return
    await _show_list(turn, found.key, f"Deadlines for {found.phrase()}", done_key=found.key)


async def _show_list(turn, key, heading, done_key=None):
    rows = await _upcoming(turn, key, None, done_key)
    lines = [f"{heading}:" if rows else f"{heading}: nothing due, and nothing overdue in the last four weeks."]
    for row in rows:
        status = f" [{row['status']}]" if row["status"] else ""
        every = f", {row['recurring']}" if row["recurring"] else ""
        lines.append(f"- {row['due_text']} ({row['when']}): {row['title']}, for {row['for']}{every}{status}")
    footer = "Say 'nudge me about Gosport' to be reminded, or 'add deadline: ... due ... for ...' to add one."
    lines.append(footer)
    text = "\n".join(lines)
    rows = [{**r, "short_due": knowledge.short_date(r["due"]),
             "detail": f"for {r['for']}" + (f", {r['recurring']}" if r["recurring"] else "")
             + (f" ({r['status']})" if r["status"] else "")} for r in rows]
    empty = "" if rows else "Nothing due, and nothing overdue in the last four weeks."
    await turn.say(Answer(text, sources=[fact_source(turn.directory, "first_year")], suggestions=NEXT_QUESTIONS,
                          card="deadline_list", facts=dict(heading=heading, footer=footer, rows=rows, empty=empty)))


# ---- adding and moving (the dialog confirms and saves) -----------------------------------------------

@handles("add_deadline", topic="deadlines", who="coordinators",
         examples=["add deadline: self-evaluation due 31 March for Gosport"])
async def add_deadline(turn, rest="", **_):
    typed = re.search(r"deadline\b[:,-]?\s*(?P<rest>.*)$", turn.context.activity.text or "", re.I | re.S)
    if typed and typed.group("rest").strip().lower() == rest:
        rest = typed.group("rest").strip()      # as typed, capitals and all (the table sees lower case)
    wanted = knowledge.read_new_deadline(rest)
    example = "'add deadline: self-evaluation due 31 March for Gosport'"
    if wanted is None:
        await _say(turn, f"Tell me what is due, when, and for whom, like {example}.")
        return
    due = due_date(wanted["when"], turn.services.clock.today()).day
    if due is None:
        await _say(turn, f"I couldn't read '{wanted['when']}' as a date. Try '31 March' or '31/3', like {example}.")
        return
    if not wanted["scope"]:
        await _say(turn, f"Who is it for? Say it again with 'for' and a partnership, district or area (or 'for "
                         f"all partnerships'), like {example}.")
        return
    scope = find_scope(turn.directory, wanted["scope"])
    if scope is None:
        await _say(turn, unknown_scope(wanted["scope"], f"Try {example}."))
        return
    if len(wanted["title"]) > 200:
        await _say(turn, "That's a long name for a deadline: please keep it under 200 characters.")
        return
    await turn.begin("confirm_deadline", {"action": "add", "title": wanted["title"], "due": due.isoformat(),
                                          "scope_kind": scope.kind, "scope_id": scope.id,
                                          "scope_name": scope.name})


@handles("move_deadline", topic="deadlines", who="coordinators",
         examples=["move the delivery plan deadline to 6 August"])
async def move_deadline(turn, which="", when="", **_):
    matches = knowledge.find_deadlines(await turn.services.records.deadlines.active(), which)
    if not matches:
        await _say(turn, f"I can't find a deadline like '{which}'. Say 'list deadlines' to see their names.")
        return
    if len(matches) > 1:
        names = "; ".join(f"{d['title']} ({british(d['due'])}, {knowledge.scope_phrase(d)})"
                          for d in matches[:5])
        await _say(turn, f"Which one? I found: {names}. Say it again with more of the name.")
        return
    deadline = matches[0]
    if deadline.get("kind") == "recurring":
        await _say(turn, f"'{deadline['title']}' comes round each school term; its dates are the term dates in "
                         f"knowledge/data/term_dates.yaml, which an administrator can correct.")
        return
    due = due_date(when, turn.services.clock.today()).day
    if due is None:
        await _say(turn, f"I couldn't read '{when}' as a date. Try '6 August' or '6/8'.")
        return
    if due.isoformat() == deadline["due"]:
        await _say(turn, f"'{deadline['title']}' is already due on {british(due)}.")
        return
    await turn.begin("confirm_deadline", {"action": "move", "deadline_id": deadline["id"], "due": due.isoformat()})


# ---- answering a nudge --------------------------------------------------------------------------------

async def _answered_nudge(turn) -> dict | None:
    activity = turn.context.activity
    ledger = turn.services.records.ledger
    pressed = activity.value.get("nudge") if isinstance(activity.value, dict) else None
    if isinstance(pressed, str) and pressed:
        record = await ledger.get(pressed)
        if record is not None and record["recipient"] == recipient_of(turn.context):
            return record
    conversation_id = activity.conversation.id if activity.conversation else ""
    thread = conversation_id.split(";messageid=")[1] if ";messageid=" in conversation_id else ""
    return await ledger.answered_by(recipient_of(turn.context), [thread, activity.reply_to_id or ""])


NOTHING_TO_ANSWER = ("There's no deadline reminder here for that to answer. Say 'list deadlines' to see what's "
                     "coming up.")


@handles("nudge_done", topic="deadlines", who="coordinators",
         examples=["done"], in_help=False)
async def nudge_done(turn, **_):
    record = await _answered_nudge(turn)
    if record is None:
        await _say(turn, NOTHING_TO_ANSWER)
        return
    services, records = turn.services, turn.services.records
    at = utc_iso(services.clock.now())
    if record["kind"] == "deadline":
        deadline = await records.deadlines.get(record.deadline_id)
        kind, scope_id = record.subject.split(":", 1)
        partnerships = partnerships_concerned(services.directory, kind, scope_id)
        if partnerships and (await check(services, turn.user_id, "change_deadline", partnerships)).allowed:
            await records.deadlines.mark_done(deadline.id, record.subject, by=turn.user_id, by_name=turn.user_name,
                                              at=at)
            scope = Geography.from_directory(turn.directory).scope(record["subject"]).phrase()
            await _say_done(turn, f"Marked done: {deadline['title']}, for {scope}. No more reminders about it for "
                             f"{scope}. Recorded as done by {turn.user_name}.")
            return
        await records.ledger.dismiss(record.item, record.recipient, by=turn.user_id, at=at)
        await _say_done(turn, f"OK: no more reminders here about {deadline.title}. (Only a coordinator can mark it "
                         f"done for everyone it applies to.)")
        return
    if record["kind"] == "action":
        partnership = services.directory.partnerships[record["partnership_id"]]
        if (await check(services, turn.user_id, "edit_actions", [partnership])).allowed:
            await records.meetings.update_action(record.partnership_id, record.action_number, {"status": "done"},
                                                 by=turn.user_id, by_name=turn.user_name, at=at)
            await _say_done(turn, f"Marked done: action {record['action_number']} for the {partnership.name} "
                             f"partnership. Recorded as done by {turn.user_name}.")
            return
    await records.ledger.dismiss(record.item, record.recipient, by=turn.user_id, at=at)
    if record["kind"] == "no_meeting":
        await _say_done(turn, "OK: no more reminders here about this term's meeting. If you have met, log the meeting "
                         "so it counts.")
    else:
        await _say_done(turn, "OK: no more reminders here about that.")


@handles("snooze", topic="deadlines", who="coordinators",
         examples=["snooze 3 days"], in_help=False)
async def snooze(turn, count="", unit="", **_):
    record = await _answered_nudge(turn)
    if record is None:
        await _say(turn, NOTHING_TO_ANSWER)
        return
    number = int(count) if count.isdigit() else NUMBERS.get(count, 3 if not count else 0)
    days = number * (7 if unit.startswith("week") else 1)
    if not 1 <= days <= MAX_SNOOZE_DAYS:
        await _say(turn, f"I can snooze a reminder for 1 to {MAX_SNOOZE_DAYS} days: say 'snooze 3 days'.")
        return
    until = turn.services.clock.today() + timedelta(days=days)
    await turn.services.records.ledger.snooze(record.item, record.recipient, until.isoformat(), by=turn.user_id,
                                              at=utc_iso(turn.services.clock.now()))
    await _say_done(turn, f"Snoozed: I'll remind you again on {british(until)} (from 9am on a weekday).")


@handles("remind_later", topic="deadlines", who="coordinators",
         examples=["remind me tomorrow"], in_help=False)
async def remind_later(turn, when="", **_):
    """'remind me tomorrow' / 'remind me next week': a snooze in other words."""
    await snooze(turn, count="1", unit="week" if "week" in when else "day")


@handles("whats_due_next", topic="deadlines", who="anyone",
         examples=["what's due next?"])
async def whats_due_next(turn, partnerships=(), districts=(), areas=(), **_):
    """The next deadline or two for the partnership named (or the speaker's own), else for everyone."""
    named = (list(partnerships) + list(districts) + list(areas))[:1]
    found = find_scope(turn.directory, named[0]) if named else None
    key = found.key if found else None
    rows = await _upcoming(turn, key, None, key)
    coming = [r for r in rows if r["status"] != "done"][:2]
    where = found.phrase() if found else "every partnership"
    if not coming:
        await _say(turn, f"Nothing is due for {where}: nothing coming up, and nothing overdue in the last four weeks.")
        return
    lines = [f"Next for {where}:"] + [f"- {r['due_text']} ({r['when']}): {r['title']}, for {r['for']}" for r in coming]
    await _say(turn, "\n".join(lines + ["Say 'list deadlines' for all of them."]))
