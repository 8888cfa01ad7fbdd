"""The partnership's business cycle in chat (issue 15): who takes part across meetings, governors'
resolutions, the delivery plan, the county view, correcting and withdrawing saved minutes, the
engagement report, and pictures of attendance and of the county by term.

    how engaged is Gosport?                      which core partners haven't been coming to Gosport meetings?
    has Bay House been to any meetings?          engagement report for Gosport
    Bay House governors passed the resolution on 25 March
    which Gosport schools haven't passed it yet?         has Bay House passed the resolution?
    record the delivery plan for Gosport agreed on 15 July: 1. Reduce NEET 2. ...
    show the delivery plan for Gosport           county view
    change the date of the 9 June Gosport minutes to 10 June        add Sarah Hale to the apologies
    withdraw the Gosport meeting of 20 June, logged twice

The answers are knowledge/'s (engagement.py, resolutions.py, delivery_plans.py, county.py,
corrections.py, pictures.py, engagement_report.py); this module finds the partnership, school or
meeting meant, checks who may, and says it. Storage calls run off the loop (storage/off_loop.py);
pictures are drawn on a thread of their own.
"""

import asyncio
import base64
import json
import re
from concurrent.futures import ThreadPoolExecutor

from botbuilder.core import MessageFactory
from botbuilder.schema import Attachment

from knowledge.answers import Answer
from knowledge.attendance import categorise, read_attendance
from knowledge.clock import london_text, utc_iso
from knowledge.corrections import BadChange, adding, apply_change, removing, withdraw
from knowledge.county import county_partnerships, county_text, county_view
from knowledge.dates import british, meeting_date, short_british
from knowledge.delivery_plans import plan_text, read_priorities
from knowledge.engagement import engagement, engagement_text, partners_text, school_text
from knowledge.engagement_report import engagement_markdown, report_file_name
from knowledge.meeting_types import name_of, read_meeting_type
from knowledge.minutes import partnership_name
from knowledge.pictures import attendance_picture, county_picture
from knowledge.resolutions import pending_text, read_resolution, school_resolution_text
from knowledge.term_dates import load_terms
from knowledge.text import simplify
from knowledge.wording import unknown_partnership
from knowledge.records import Meeting, plain
from knowledge.repositories import AlreadyDone, AlreadySaved, StaleCorrection

from .own_partnership import own_partnership_id
from .permissions import permitted
from .registry import handles
from .remembered import CONVERSATION_KEY
from .cards import card
from .replies import GROUP_CONVERSATIONS, message

CAP = 26_000                    # bytes of the message's JSON: Teams refuses about 28 kB
DPIS = (100, 80, 64, 50)        # a picture too big for a message is drawn again, smaller
_DRAWING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pictures")   # matplotlib, one figure at a time
SELF_WORDS = {"we", "us", "our", "my", "mine", "ours", "our partnership", "my partnership", "our school",
              "my school", "our schools", "ourselves"}


# ---- which partnership, school or meeting ---------------------------------------------------------

async def _own(turn) -> str | None:
    return await own_partnership_id(turn.services, turn.user_id, await turn.profile())


def _raw(turn) -> str:
    return " ".join((turn.context.activity.text or "").split())


def _partnership_named_in(turn, text: str):
    """The partnership whose name appears in `text` ('which Gosport schools...'), longest first."""
    words = f" {simplify(text)} "
    found = [p for p in turn.directory.partnerships.values() if f" {simplify(p.name)} " in words]
    return max(found, key=lambda p: len(p.name)) if found else None


async def _here(turn, name: str = ""):
    """The partnership named (in the slot or anywhere in the message), else this conversation's,
    else the speaker's own; None when none of those says."""
    if name and simplify(name) not in SELF_WORDS:
        found = turn.directory.find_partnership(name)
        if found is not None:
            return found
    found = _partnership_named_in(turn, _raw(turn))
    if found is not None:
        return found
    partnership_id = turn.conversation.get(CONVERSATION_KEY) or await _own(turn)
    return turn.directory.partnerships.get(partnership_id or "")


def _remember(turn, partnership) -> None:
    turn.conversation[CONVERSATION_KEY] = partnership.id


async def _which_partnership(turn, example: str) -> None:
    await turn.say(Answer(f"Which partnership? Say, for example, '{example}'."))


def _school(turn, name: str):
    """The one school `name` means, or (None, a sentence saying why not)."""
    match = turn.directory.find_school(name)
    if match.status == "found":
        return match.best, ""
    if match.status == "ambiguous":
        names = [s.name for s in match.candidates[:5]]
        return None, f"'{name}' could be {', '.join(names[:-1])} or {names[-1]}. Say the school's full name."
    return None, f"I don't know a school called '{name}'."


def _records(turn):
    """The repositories: every read and write off the event loop, on whichever store the bot uses."""
    return turn.services.records


async def _meetings(turn, partnership_id: str | None = None) -> list[dict]:
    """Meetings as plain dicts (the corrections change copies of them)."""
    return [plain(m) for m in await _records(turn).meetings.all(partnership_id)]


async def _save_corrected(turn, make, stale: str) -> dict | None:
    """Store the corrected (or withdrawn) meeting `make()` builds; the stored one, or None after saying
    why not (a change that cannot be made, or minutes someone changed meanwhile). Said twice, kept once."""
    try:
        return plain(await _records(turn).meetings.save_correction(Meeting.from_dict(make())))
    except BadChange as why:
        await turn.say(Answer(str(why)))
    except AlreadySaved as done:
        return plain(done.record)
    except StaleCorrection:
        await turn.say(Answer(stale))
    return None


def _now(turn) -> str:
    return utc_iso(turn.services.clock.now())


# ---- sending a picture or a document ---------------------------------------------------------------

def size_of(activity) -> int:
    """The message's size as the Bot Connector receives it (its JSON)."""
    return len(json.dumps(activity.serialize()).encode("utf-8"))


async def _say_with_picture(turn, answer: Answer, draw) -> None:
    """The answer in a card with the picture `draw(dpi)` in it as a PNG data URL (bot/cards/
    picture.json, its one-line description the image's alt text), drawn smaller until the message
    fits under CAP. The message text, which is also the card's fallback, carries the picture's text
    version row by row, for screen readers and for clients that show no cards. A picture that will
    not fit at any size is left out, and the text says so."""
    loop = asyncio.get_running_loop()
    in_group = turn.conversation_type in GROUP_CONVERSATIONS
    for dpi in DPIS:
        picture = await loop.run_in_executor(_DRAWING, draw, dpi)
        text = answer.text + "\n\n" + picture.text
        reply = message(Answer(text, suggestions=answer.suggestions), turn.conversation_type)
        encoded = base64.b64encode(picture.png).decode("ascii")
        reply.attachments = [card("picture", text=text, summary=answer.text, url=f"data:image/png;base64,{encoded}",
                                  alt=picture.alt, file_name=picture.file_name, buttons=[{"question": q} for q in answer.suggestions[:3]]
                                  if in_group else [])]
        reply.summary = answer.text.split("\n")[0][:200]
        if size_of(reply) <= CAP:
            await turn.context.send_activity(reply)
            return
    await turn.say(Answer(answer.text + "\n(The picture is too big for a chat message, so here is the text.)\n"
                          + picture.text, suggestions=answer.suggestions))


async def _send_document(turn, name: str, document: str, intro: str) -> None:
    """A Markdown document, the minutes export's way."""
    encoded = base64.b64encode(document.encode("utf-8")).decode("ascii")
    reply = MessageFactory.text(intro)
    reply.attachments = [Attachment(content_type="text/markdown", name=name, content=document,
                                    content_url=f"data:text/markdown;base64,{encoded}")]
    if turn.context.activity.channel_id == "msteams":
        # Teams drops files a bot attaches without its file-consent flow: give the text to copy too.
        reply.text += "\nTeams does not accept files from bots, so here is the document to copy:\n\n" + document
    await turn.context.send_activity(reply)


# ---- engagement across meetings ----------------------------------------------------------------------

async def _engagement_of(turn, partnership):
    meetings = await _meetings(turn, partnership.id)
    return engagement(meetings, turn.directory.schools_in(partnership.id), partnership.name), meetings


@handles("engagement", topic="cycle", who="chairs",
         examples=["how engaged is Gosport?", "which core partners haven't been coming to Gosport meetings?",
                   "has Bay House been to any meetings?", "engagement report for Gosport"])
async def engagement_question(turn, name: str = "", ask: str = "", schools=(), **_):
    """Who takes part in a partnership's full meetings: all of it (with the attendance picture), its
    core partners, one school or one core partner, or the whole report as a document. `schools`:
    the directory's names the recognizer found, when the phrasing table gave no name."""
    if not name and schools and ask != "partners":
        name = schools[0]
    school, partner = None, None
    if name and simplify(name) not in SELF_WORDS and ask != "report":
        partner = categorise(name)
        if partner is None and turn.directory.find_partnership(name) is None:
            school, why = _school(turn, name)
            if school is None:
                await turn.say(Answer(why + " Try, for example, 'has Bay House been to any meetings?'."))
                return
    if school is not None:
        partnership = turn.directory.partnerships.get(school.partnership_id or "")
        if partnership is None:
            await turn.say(Answer(f"{school.name} has no partnership yet, so it has no meetings to count."))
            return
    else:
        partnership = await _here(turn, "" if partner else name)
    if partnership is None:
        await _which_partnership(turn, "how engaged is Gosport?")
        return
    _remember(turn, partnership)
    found, meetings = await _engagement_of(turn, partnership)
    name_ = partnership.name
    if ask == "report":
        today = turn.services.clock.today()
        document = engagement_markdown(
            found, schools=turn.directory.schools_in(partnership.id),
            resolutions=await _records(turn).resolutions.all(),
            plan=await _records(turn).delivery_plans.plan_for(partnership.id), meetings=meetings,
            terms=load_terms(), today=today, exported_at=_now(turn))
        file_name = report_file_name(partnership.id, today)
        await _send_document(turn, file_name, document,
                             f"Here is the {name_} partnership's engagement report as a Markdown document, "
                             f"{file_name}: attendance, governors' resolutions, the delivery plan and its "
                             f"meetings by term.")
        return
    if school is not None or partner is not None:
        key = school.id if school is not None else partner.id
        await turn.say(Answer(school_text(found, key),
                              suggestions=[f"how engaged is {name_}?", f"engagement report for {name_}"]))
        return
    if ask == "partners":
        await turn.say(Answer(partners_text(found),
                              suggestions=[f"how engaged is {name_}?", f"engagement report for {name_}"]))
        return
    answer = Answer(engagement_text(found),
                    suggestions=[f"which core partners haven't been coming to {name_} meetings?",
                                 f"engagement report for {name_}"])
    if not found.meetings:
        await turn.say(answer)
        return
    await _say_with_picture(turn, answer, lambda dpi: attendance_picture(found, dpi=dpi))


# ---- governors' resolutions ----------------------------------------------------------------------------

@handles("record_resolution", topic="cycle", who="chairs",
         examples=["Bay House governors passed the resolution on 25 March"])
async def record_resolution(turn, schools=(), **_):
    school_text_, when = read_resolution(_raw(turn))
    if schools and (not school_text_ or turn.directory.find_school(school_text_).status != "found"):
        school_text_ = schools[0]          # the recognizer's reading of the school, when ours found none
    example = "Bay House governors passed the resolution on 25 March"
    if not school_text_ or school_text_ == "our":
        await turn.say(Answer(f"Which school's governors? Say the school and the date, for example '{example}'."))
        return
    school, why = _school(turn, school_text_)
    if school is None:
        await turn.say(Answer(f"{why} Say, for example, '{example}'."))
        return
    today = turn.services.clock.today()
    day = today
    if when:
        reading = meeting_date(when, today)
        if not reading.ok:
            await turn.say(Answer(f"I couldn't read '{when}' as a day that has passed. Say, for example, '{example}'."))
            return
        day = reading.day
    partnership = turn.directory.partnerships.get(school.partnership_id or "")
    if not await permitted(turn.context, turn.services, "record_cycle", [partnership] if partnership else []):
        return
    try:
        await _records(turn).resolutions.record(school.id, day.isoformat(), partnership_id=partnership.id if partnership else "",
                  by=turn.user_id, by_name=turn.user_name, at=_now(turn),
                  change_id=turn.context.activity.id or "")
    except AlreadyDone:
        pass                              # the same message again: recorded once, answered the same
    said = "" if when else " (today: if it was another day, say it again with the date)"
    text = f"Recorded: {school.name}'s governors passed the resolution of cooperation on {british(day)}{said}."
    if partnership is not None:
        _remember(turn, partnership)
        text += " " + pending_text(partnership.name, turn.directory.schools_in(partnership.id),
                                   await _records(turn).resolutions.all())
    await turn.say(Answer(text, suggestions=[f"which {partnership.name} schools haven't passed it yet?"]
                          if partnership else []))


@handles("resolutions_outstanding", topic="cycle", who="chairs",
         examples=["which Gosport schools haven't passed it yet?", "has Bay House passed the resolution?"])
async def resolutions_outstanding(turn, name: str = "", schools=(), **_):
    if not name and schools:
        name = schools[0]
    if name and simplify(name) not in SELF_WORDS and turn.directory.find_partnership(name) is None:
        school, why = _school(turn, name)
        if school is None:
            await turn.say(Answer(why + " Try, for example, 'has Bay House passed the resolution?'."))
            return
        await turn.say(Answer(school_resolution_text(school, await _records(turn).resolutions.for_school(school.id))))
        return
    partnership = await _here(turn, name)
    recorded = await _records(turn).resolutions.all()
    if partnership is None:
        schools = [s for p in turn.directory.partnerships for s in turn.directory.schools_in(p)]
        done = {r["school_id"] for r in recorded if r.get("passed_on")}
        passed = sum(1 for s in schools if s.id in done)
        await turn.say(Answer(f"Across Hampshire, {passed} of {len(schools)} schools' governors have passed the "
                              f"resolution of cooperation. Say, for example, 'which Gosport schools haven't passed "
                              f"it yet?' for one partnership, or 'county view'.", suggestions=["county view"]))
        return
    _remember(turn, partnership)
    await turn.say(Answer(pending_text(partnership.name, turn.directory.schools_in(partnership.id), recorded),
                          suggestions=[f"how engaged is {partnership.name}?"]))


# ---- the delivery plan ----------------------------------------------------------------------------------

_PLAN_HEAD = re.compile(r"(?:\bagreed|\badopted|\bapproved|\bsigned off)?\s*(?:\bon\b|\bdated\b)?\s*"
                        r"(?P<when>(?:yesterday|today|last \w+|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|"
                        r"\d{1,2}(?:st|nd|rd|th)? [A-Za-z]{3,9}(?: \d{4})?))\s*$", re.I)


def _read_plan(text: str) -> tuple[str, str, list[str]]:
    """(the partnership words, the date words, the priorities) of 'record the delivery plan for
    Gosport agreed on 15 July: 1. Reduce NEET 2. ...'."""
    head, body = (re.split(r"[:\n]", text or "", maxsplit=1) + [""])[:2]
    head = " ".join(head.split())
    when = ""
    found = _PLAN_HEAD.search(head)
    if found:
        when = found.group("when")
        head = head[:found.start()]
    named = re.search(r"\b(?:for|of|by)\s+(?:the\s+)?(?P<name>[A-Za-z][A-Za-z' -]+?)(?:\s+partnership)?\s*"
                      r"(?:,|\bagreed\b|\badopted\b|$)", head)
    return (named.group("name").strip() if named else ""), when, read_priorities(body)


@handles("record_delivery_plan", topic="cycle", who="chairs",
         examples=["record the delivery plan for Gosport", "record the delivery plan for Gosport agreed on 15 July: "
                   "1. Reduce NEET 2. Cut teenage conceptions 3. Narrow the gap for looked after children"])
async def record_delivery_plan(turn, **_):
    example = ("record the delivery plan for Gosport agreed on 15 July: 1. Reduce NEET 2. Cut teenage conceptions "
               "3. Narrow the gap for looked after children")
    name, when, priorities = _read_plan(turn.context.activity.text or "")
    if name and simplify(name) not in SELF_WORDS and turn.directory.find_partnership(name) is None:
        await turn.say(Answer(unknown_partnership(name, f"Say, for example, '{example}'.")))
        return
    partnership = await _here(turn, name)
    if partnership is None:
        await _which_partnership(turn, example)
        return
    day = None
    if when:
        reading = meeting_date(when, turn.services.clock.today())
        if not reading.ok:
            await turn.say(Answer(f"I couldn't read '{when}' as the day the plan was agreed. Say, for example, "
                                  f"'{example}'."))
            return
        day = reading.day
    _remember(turn, partnership)
    # dialogs/delivery_plan_dialog.py asks for what was not said, then saves it.
    await turn.begin("delivery_plan", {"partnership_id": partnership.id, "priorities": priorities,
                                       "agreed_on": day.isoformat() if day else "",
                                       "change_id": turn.context.activity.id or ""})


@handles("show_delivery_plan", topic="cycle", who="chairs",
         examples=["show the delivery plan for Gosport"])
async def show_delivery_plan(turn, name: str = "", **_):
    partnership = await _here(turn, name)
    if partnership is None:
        await _which_partnership(turn, "show the delivery plan for Gosport")
        return
    _remember(turn, partnership)
    plan = await _records(turn).delivery_plans.plan_for(partnership.id)
    await turn.say(Answer(plan_text(plan, partnership.name), suggestions=[f"how engaged is {partnership.name}?"]))


# ---- the county view ------------------------------------------------------------------------------------

@handles("county_view", topic="cycle", who="coordinators",
         examples=["county view", "which partnerships haven't met this term?"])
async def county(turn, name: str = "", **_):
    """Partnerships by term (met / not met), resolutions and delivery plans: text and picture. A
    district or area named narrows it to its partnerships."""
    directory = turn.directory
    partnerships = county_partnerships(directory)
    where = ""
    if name and simplify(name) not in {"hampshire", "the county", "county", "all"}:
        district, area = directory.find_district(name), directory.find_area(name)
        if district is not None:
            wanted = {p.id for p in directory.partnerships_in_district(district.name)}
            where = district.name
        elif area is not None:
            wanted = {p.id for p in directory.partnerships_in_area(area.id)}
            where = area.name
        else:
            wanted = None
        if wanted is not None:
            partnerships = [(pid, pname) for pid, pname in partnerships if pid in wanted]
    view = county_view(partnerships, await _meetings(turn), load_terms(), turn.services.clock.today(),
                       await _records(turn).resolutions.all(), await _records(turn).delivery_plans.all(),
                       {pid: directory.schools_in(pid) for pid, _ in partnerships})
    text = county_text(view)
    if where:
        text = text.replace("Hampshire's partnerships", f"{where}'s partnerships", 1)
    answer = Answer(text, suggestions=["which Gosport schools haven't passed it yet?", "how engaged is Gosport?"])
    if not view.terms or not view.rows:
        await turn.say(answer)
        return
    await _say_with_picture(turn, answer, lambda dpi: county_picture(view, dpi=dpi))


# ---- correcting and withdrawing saved minutes ------------------------------------------------------------

LIST_PARTS = {"apologies": "apologies", "apology": "apologies", "apologies list": "apologies",
              "list of apologies": "apologies", "attendees": "attendees", "attendance": "attendees",
              "present": "attendees", "present list": "attendees", "those present": "attendees",
              "people present": "attendees", "attendees list": "attendees"}
_PART = r"(?:the\s+)?(?P<part>apologies list|list of apologies|apologies|apology|attendees list|attendees|attendance|" \
        r"present list|those present|people present|present)"
_REF = r"(?:\s+(?:of|in|on|for|from)\s+(?P<ref>.+?))?"
CORRECTIONS = [
    ("date", re.compile(r"^(?:please\s+)?(?:change|correct|fix|amend|update|edit|move)\s+the\s+(?:date|day)" + _REF
                        + r"\s+(?:to|should be|:)\s+(?P<value>.+)$", re.I)),
    ("date", re.compile(r"^the\s+(?:date|meeting)\s+(?:should be|was actually|was really)\s+(?:on\s+)?(?P<value>.+)$",
                        re.I)),
    ("kind", re.compile(r"^(?:please\s+)?(?:change|correct|fix|amend|update|edit)\s+the\s+(?:meeting\s+)?(?:type|kind)"
                        r"(?:\s+of\s+meeting)?" + _REF + r"\s+(?:to|:)\s+(?:an?\s+)?(?P<value>.+)$", re.I)),
    ("partnership", re.compile(r"^(?:please\s+)?(?:change|correct|fix|amend|update|edit)\s+the\s+partnership" + _REF
                               + r"\s+(?:to|:)\s+(?P<value>.+)$", re.I)),
    ("move", re.compile(r"^(?:please\s+)?move\s+(?P<value>.+?)\s+from\s+(?:the\s+)?(?P<from>present|attendees|apologies)"
                        r"(?:\s+list)?\s+to\s+(?:the\s+)?(?P<part>present|attendees|apologies)" + _REF + r"$", re.I)),
    ("add", re.compile(r"^(?:please\s+)?(?:add|put)\s+(?P<value>.+?)\s+(?:to|on|in|into)\s+" + _PART + _REF + r"$",
                       re.I)),
    ("remove", re.compile(r"^(?:please\s+)?(?:remove|take|delete|drop|strike)\s+(?P<value>.+?)\s+(?:off|from)\s+"
                          + _PART + _REF + r"$", re.I)),
    ("decision", re.compile(r"^(?:please\s+)?add\s+(?:a|another)\s+decision" + r"(?:\s+(?:to|in|on)\s+(?P<ref>.+?))?"
                            r"\s*:\s*(?P<value>.+)$", re.I)),
]


def read_correction(text: str):
    """(what, value, part, reference to the meeting) from a correction as typed, or None."""
    said = " ".join((text or "").split()).strip(" .!")
    for what, pattern in CORRECTIONS:
        found = pattern.match(said)
        if found:
            groups = found.groupdict()
            return what, (groups.get("value") or "").strip(), (groups.get("part") or "").lower(), \
                (groups.get("ref") or "").strip()
    return None


async def _meeting_meant(turn, ref: str, include_withdrawn: bool = False):
    """The saved meeting `ref` means ('the 9 March Gosport minutes', 'last week's'), else the one
    this conversation last read or saved, else the latest of this partnership; None after saying why."""
    ref = re.sub(r"(?i)\b(?:the|minutes|meeting|meetings|of|on|for|from|in|dated|held)\b|'s\b", " ", ref or "")
    partnership = _partnership_named_in(turn, ref)
    if partnership is not None:
        ref = re.sub(r"(?i)\b" + r"\s+".join(map(re.escape, partnership.name.split())) + r"\b", " ", ref)
    ref = " ".join(ref.split()).strip(" ,.")
    reading = meeting_date(ref, turn.services.clock.today()) if ref and ref.lower() != "last" else None
    day = reading.day if reading is not None and reading.ok else None
    if partnership is None and day is None and not re.search(r"(?i)\blast\b", ref):
        wanted = turn.conversation.get("last_meeting_id")
        if wanted:
            found = await _records(turn).meetings.by_id(wanted)
            found = plain(found) if found is not None else None
            if found is not None and (include_withdrawn or not found.get("withdrawn")):
                return found
    if partnership is None:
        partnership = await _here(turn)
    candidates = await _meetings(turn, partnership.id if partnership else None)
    if not include_withdrawn:
        candidates = [m for m in candidates if not m.get("withdrawn")]
    if day is not None:
        candidates = [m for m in candidates if m["date"] == day.isoformat()]
    if len({m["partnership_id"] for m in candidates}) > 1 and partnership is None:
        await turn.say(Answer("Which partnership's minutes? Say, for example, 'change the date of the 9 March Gosport "
                              "minutes to 10 March'."))
        return None
    if not candidates:
        where = f" of {partnership.name}" if partnership else ""
        when = f" on {british(day)}" if day else ""
        await turn.say(Answer(f"I can't find saved minutes{where}{when}. Say, for example, 'last meeting of Gosport' "
                              f"to see what is saved."))
        return None
    return candidates[-1]


def _entries(turn, text: str) -> list:
    return read_attendance(text, turn.directory)


def _changes(turn, meeting: dict, what: str, value: str, part: str):
    """The change to make (field -> new value), or a sentence saying why it cannot be made."""
    today = turn.services.clock.today()
    if what == "date":
        reading = meeting_date(value, today)
        if not reading.ok:
            return f"I couldn't read '{value}' as the day a meeting was held."
        return {"date": reading.day.isoformat()}
    if what == "kind":
        kind = read_meeting_type(value)
        if kind is None:
            return "Say full partnership meeting, steering group, chairs group or working group."
        return {"kind": kind}
    if what == "partnership":
        found = turn.directory.find_partnership(value)
        if found is None:
            return unknown_partnership(value)
        return {"partnership_id": found.id}
    if what == "decision":
        return {"decisions": [*(meeting.get("decisions") or []), value]}
    field = LIST_PARTS.get(part, part)
    if what == "add":
        entries = _entries(turn, value)
        return adding(meeting, field, entries) if entries else f"I couldn't read '{value}' as people to add."
    if what == "remove":
        return removing(meeting, field, value)
    if what == "move":
        other = "attendees" if field == "apologies" else "apologies"
        moving = [e for e in meeting.get(other) or [] if value.lower() in str(e.get("person", "") + " "
                                                                                + e.get("organisation", "")).lower()]
        if not moving:
            return f"'{value}' is not in the {'apologies' if other == 'apologies' else 'people present'} of those minutes."
        return {**removing(meeting, other, value), **adding(meeting, field, moving)}
    return "I can't change that."


@handles("correct_minutes", topic="minutes", who="chairs",
         examples=["change the date of the 9 March Gosport minutes to 10 March", "add Sarah Hale to the apologies"])
async def correct_minutes(turn, **_):
    """One change to saved minutes, made at once and kept in the meeting's history (who, when, what)."""
    read = read_correction(_raw(turn))
    if read is None:
        await turn.say(Answer("Say what to change in the saved minutes, for example 'change the date of the 9 March "
                              "Gosport minutes to 10 March', 'add Sarah Hale to the apologies', 'remove Tom from the "
                              "attendees', 'change the type to steering group' or 'add a decision: meet each term'."))
        return
    what, value, part, ref = read
    meeting = await _meeting_meant(turn, ref)
    if meeting is None:
        return
    partnership = turn.directory.partnerships.get(meeting["partnership_id"])
    if partnership is None or not await permitted(turn.context, turn.services, "edit_minutes", [partnership]):
        return
    changes = _changes(turn, meeting, what, value, part)
    if isinstance(changes, str):
        await turn.say(Answer(changes))
        return
    if "partnership_id" in changes:
        moved_to = turn.directory.partnerships[changes["partnership_id"]]
        if not await permitted(turn.context, turn.services, "edit_minutes", [moved_to]):
            return
    saved = await _save_corrected(turn, lambda: apply_change(
        meeting, changes, by=turn.user_id, by_name=turn.user_name, at=_now(turn),
        change_id=turn.context.activity.id or ""),
        stale=f"Someone changed those minutes a moment ago. Read them again ('last meeting of {partnership.name}') "
              f"and then say the change again.")
    if saved is None:
        return
    turn.conversation["last_meeting_id"] = saved["id"]
    turn.conversation[CONVERSATION_KEY] = saved["partnership_id"]
    name = partnership_name(turn.directory, saved["partnership_id"])
    latest = saved["history"][-1]
    await turn.say(Answer(f"Changed the minutes of the {name} {_kind_words(saved)} on {british(saved['date'])}: "
                          f"{latest['what']}. Recorded as changed by {latest.get('by_name') or turn.user_name} on "
                          f"{london_text(latest['at'])}; the minutes keep every change.",
                          suggestions=[f"minutes for {name} on {short_british(saved['date'])}"]))


def _kind_words(meeting: dict) -> str:
    kind = meeting.get("kind") or "full"
    return "partnership meeting" if kind == "full" else name_of(kind)


_WITHDRAW = re.compile(r"^(?:please\s+)?(?:can i\s+|i need to\s+|i want to\s+|i'd like to\s+)?(?:withdraw|delete|remove|"
                       r"scrap|erase|unlog|get rid of|take down|take off|cancel)\s+(?P<ref>.*?)"
                       r"(?:\s*(?:,|-|because|as|:)\s*(?P<reason>(?:it was |it's |we |i |they |that )?.*"
                       r"(?:twice|mistake|error|duplicate|never happened|wrong|cancelled|by accident).*))?$", re.I)


@handles("withdraw_meeting", topic="minutes", who="admins",
         examples=["withdraw the Gosport meeting of 20 June, logged twice"])
async def withdraw_meeting(turn, **_):
    """An admin withdraws a meeting logged by mistake: kept, marked withdrawn, out of every count."""
    found = _WITHDRAW.match(_raw(turn).strip(" .!"))
    ref = (found.group("ref") if found else "") or ""
    reason = (found.group("reason") if found else "") or ""
    ref = re.sub(r"(?i)^(?:the|that|this|our|a|my)\s+", "", ref)
    meeting = await _meeting_meant(turn, ref)
    if meeting is None:
        return
    partnership = turn.directory.partnerships.get(meeting["partnership_id"])
    if not await permitted(turn.context, turn.services, "withdraw_meeting", [partnership] if partnership else []):
        return
    saved = await _save_corrected(turn, lambda: withdraw(
        meeting, by=turn.user_id, by_name=turn.user_name, at=_now(turn), reason=reason.strip(),
        change_id=turn.context.activity.id or ""), stale="Someone changed those minutes a moment ago: say it again.")
    if saved is None:
        return
    name = partnership_name(turn.directory, saved["partnership_id"])
    actions = [a for a in saved.get("actions", []) if a.get("status") == "withdrawn"]
    closed = f" Its open actions ({', '.join(str(a['number']) for a in actions)}) are withdrawn with it." \
        if actions else ""
    await turn.say(Answer(f"Withdrawn: the {name} {_kind_words(saved)} on {british(saved['date'])}. It is kept, marked "
                          f"withdrawn by {turn.user_name} on {london_text(saved['withdrawn']['at'])}, and counts for "
                          f"nothing: not for attendance, the county view or 'one meeting each term'.{closed}",
                          suggestions=[f"how engaged is {name}?"]))
