"""Gosport through 2010 in chat (issue 15), through the real bot: governors' resolutions in March,
a first full meeting in June (a steering group beside it, and a meeting logged by mistake and
withdrawn, and the minutes corrected), the delivery plan in July, one full meeting a term from
September with the police and Bridgemary School drifting away. Each question is asked as a chair
or coordinator would type it, and answered correctly at each point; the county view agrees."""

import base64
import json
from datetime import datetime, time

from knowledge.clock import LONDON
from knowledge.directory import load_directory
from knowledge.term_dates import load_terms
from storage import deadlines
from storage.meetings import meetings_for
from tests.conversation import every_element, new_chat, talk, text_of

GOSPORT_SCHOOLS = len(load_directory().schools_in("gosport"))
CAP = 26_000


def on(chat, day: str) -> None:
    chat.clock.set(datetime.combine(datetime.fromisoformat(day).date(), time(10), LONDON))


async def log(chat, words: str, present: str, apologies: str = "none") -> None:
    await talk(chat, [f"log a {words}. Present: {present}. Apologies: {apologies}. Decisions: none. Actions: none",
                      "→ Here are the minutes", "save", "→ Saved the minutes"])


def picture_of(reply) -> bytes:
    """The PNG inside the reply's card, checked to carry its alt text and the text version as fallback."""
    [attachment] = reply.attachments
    card = attachment.content
    [image] = [e for e in every_element(card["body"]) if e.get("type") == "Image"]
    assert image["url"].startswith("data:image/png;base64,") and image["altText"].startswith("A grid of")
    assert card["fallbackText"] == text_of(reply)
    return base64.b64decode(image["url"].split(",", 1)[1])


def size_of(reply) -> int:
    return len(json.dumps(reply.serialize()).encode("utf-8"))


async def test_gosport_through_2010_in_chat(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-25")

    # ---- March: governors' resolutions ------------------------------------------------------------------
    await talk(chat, [
        "Bay House governors passed the resolution on 25 March",
        "→ Recorded: Bay House School's governors passed the resolution of cooperation on Thursday 25 March 2010.",
        "Bridgemary governors passed the resolution on 18 March",
        f"→ 2 of {GOSPORT_SCHOOLS} Gosport schools have passed the resolution of cooperation",
        "which Gosport schools haven't passed it yet?",
        f"→ 2 of {GOSPORT_SCHOOLS} Gosport schools have passed the resolution of cooperation. Still to pass it: ",
        "has Bay House passed the resolution?",
        "→ Bay House School's governors passed the resolution of cooperation on 25 March 2010 (recorded by Jo Smith).",
        "has Brune Park passed the resolution?",
        "→ No resolution of cooperation is recorded for Brune Park Community School's governors yet.",
        "St Vincent governors passed the resolution on 30 February",
        "→ I couldn't read '30 February' as a day that has passed.",
    ])
    replies = await talk(chat, ["which Gosport schools haven't passed it yet?", "→ Still to pass it"])
    assert "Brune Park Community School" in text_of(replies[0]) and "Bay House" not in text_of(replies[0])

    # ---- June: the first full meeting, a steering group, a meeting logged by mistake -----------------------
    on(chat, "2010-06-09")
    await talk(chat, ["how engaged is Gosport?", "→ No full partnership meetings of Gosport are recorded yet"])
    await log(chat, "meeting for Gosport today",
              "Head of Bay House, Jo Smith (Gosport Police), Dr Patel (PCT), St Vincent College principal, "
              "Children's Centre manager", apologies="Brune Park School")
    on(chat, "2010-06-21")
    await talk(chat, [
        "log a steering group meeting for Gosport on 16 June. Present: Head of Bay House, Sam Lee (Gosport Borough "
        "Council). Apologies: none. Decisions: none. Actions: none",
        "→ Type: steering group",
        "save", "→ Saved the minutes of the Gosport steering group on Wednesday 16 June 2010.",
    ])
    await log(chat, "meeting for Gosport on 20 June", "Head of Bridgemary, Gosport CVS")
    await talk(chat, [
        "withdraw the Gosport meeting of 20 June, logged twice",
        "→ Withdrawn: the Gosport partnership meeting on Sunday 20 June 2010. It is kept, marked withdrawn by Jo Smith",
        "last meeting of Gosport",
        "→ Gosport steering group, Wednesday 16 June 2010.",
        "minutes for Gosport on 20 June",
        "→ WITHDRAWN by Jo Smith on 21 June 2010 at 10:00: logged twice. Kept for the record; it counts for nothing.",
        "withdraw the Gosport meeting of 20 June",
        "→ I can't find saved minutes of Gosport on Sunday 20 June 2010.",
    ])
    kinds = {m["date"]: (m["kind"], bool(m.get("withdrawn"))) for m in meetings_for(chat.database, "gosport")}
    assert kinds == {"2010-06-09": ("full", False), "2010-06-16": ("steering_group", False),
                     "2010-06-20": ("full", True)}

    replies = await talk(chat, [
        "how engaged is Gosport?",
        "→ Gosport has 1 full partnership meeting recorded, on 9 June 2010.",
    ])
    assert picture_of(replies[0]).startswith(b"\x89PNG") and size_of(replies[0]) <= CAP
    assert "- police: present 9 Jun 10" in text_of(replies[0])           # the text version beside the picture
    await talk(chat, [
        "has Bay House been to any meetings?",
        "→ Yes: Bay House School has been to 1 of Gosport's 1 full partnership meeting, most recently on 9 June 2010.",
        "has Bridgemary been to any meetings?",
        "→ No: Bridgemary School has not been to any of Gosport's 1 full partnership meeting.",
        "which core partners haven't been coming to Gosport meetings?",
        "→ Core partners not at any of Gosport's 1 full partnership meeting: youth offending, voluntary sector, "
        "Children's Services and district or borough council.",
    ])

    # Corrections to the June minutes, kept in their history.
    await talk(chat, [
        "change the date of the 9 June Gosport minutes to 10 June",
        "→ Changed the minutes of the Gosport partnership meeting on Thursday 10 June 2010: date: 9 June 2010 -> "
        "10 June 2010. Recorded as changed by Jo Smith",
        "add Ann Lee (Wessex YOT) to the apologies",
        "→ apologies: added Ann Lee (Wessex YOT)",
        "change the date to 10 June",
        "→ That is how the minutes already stand: nothing to change.",
        "has youth offending been to any Gosport meetings?",
        "→ No: youth offending has not been to any of Gosport's 1 full partnership meeting (apologies sent 1 time).",
        "minutes for Gosport on 10 June",
        "→ Changed since: ",
    ])

    # ---- July: the delivery plan -----------------------------------------------------------------------------
    on(chat, "2010-07-15")
    await talk(chat, [
        "show the delivery plan for Gosport",
        "→ No delivery plan is recorded for Gosport yet.",
        "record the delivery plan for Gosport agreed on 15 July: 1. Reduce the number of young people NEET "
        "2. Reduce teenage pregnancy 3. Improve attendance 4. Parenting support",
        "→ It does not yet address: the educational attainment of vulnerable children.",
        "show the delivery plan for Gosport",
        "→ Gosport's delivery plan, agreed on 15 July 2010:\n1. Reduce the number of young people NEET (NEET)",
    ])
    assert "partnership:gosport" in deadlines.get(chat.database, "delivery-plan-2010")["done_for"]

    # ---- From September: a full meeting each term; the police and Bridgemary drift away -----------------------
    on(chat, "2010-09-22")
    await log(chat, "meeting for Gosport today", "Head of Bay House, Head of Bridgemary, Jo Smith (Gosport Police), "
                                                 "St Vincent College principal, Brune Park School")
    on(chat, "2010-11-17")
    await log(chat, "meeting for Gosport today", "Head of Bay House, St Vincent College principal, Brune Park School, "
                                                 "Dr Patel (PCT)", apologies="Jo Smith (Gosport Police)")
    on(chat, "2011-02-09")
    await log(chat, "meeting for Gosport today", "Head of Bay House, St Vincent College principal, Brune Park School, "
                                                 "Dr Patel (PCT)")
    on(chat, "2011-02-20")
    await talk(chat, [
        "how engaged is Gosport?",
        "→ Gosport has 4 full partnership meetings recorded, from 10 June 2010 to 9 February 2011.",
        "which core partners haven't been coming to Gosport meetings?",
        "→ Came before but missed the last two: early years and children's centres; and police (apologies once).",
        "has Bridgemary been to any meetings?",
        "→ It missed the last two.",
    ])
    replies = await talk(chat, ["how engaged is Gosport?", "→ Missed the last two meetings: Bridgemary School"])
    assert size_of(replies[0]) <= CAP

    replies = await talk(chat, [
        "county view",
        "→ Hampshire's partnerships on 20 February 2011 (full partnership meetings only):",
    ])
    county = text_of(replies[0])
    assert "Summer term 2010: 1 of" in county and "Autumn term 2010: 1 of" in county
    assert "Delivery plans: 1 of" in county and "Gosport (not attainment of vulnerable children)" in county
    assert f"Gosport ({GOSPORT_SCHOOLS - 2} of {GOSPORT_SCHOOLS})" in county
    assert "- Gosport: summer term 2010 met; autumn term 2010 met; spring term 2011 met" in county
    assert picture_of(replies[0]).startswith(b"\x89PNG") and size_of(replies[0]) <= CAP

    replies = await talk(chat, ["engagement report for Gosport", "→ engagement-gosport-2011-02-20.md"])
    [document] = replies[0].attachments
    assert document.content_type == "text/markdown"
    assert "| police | ✓ | ✓ | A | ✗ |" in document.content
    assert "- Bay House School: passed on 25 March 2010" in document.content


async def test_the_delivery_plan_is_asked_for_one_part_at_a_time(tmp_path):
    chat = new_chat(tmp_path, today="2010-07-20")
    await talk(chat, [
        "record the delivery plan for Narnia",
        "→ I don't know a partnership called 'Narnia'.",
        "record the delivery plan for Havant West",
        "→ What are the Havant West delivery plan's priorities?",
        "help",
        "→ Give the plan's priorities",
        "→ What are the Havant West delivery plan's priorities?",
        "Reduce NEET\nCut teenage conceptions\nGCSE results of children in care\nImprove attendance",
        "→ When did the partnership agree it?",
        "next year",
        "→ I couldn't read 'next year' as a day that has passed.",
        "last Thursday",
        "→ Recorded. Havant West's delivery plan, agreed on 15 July 2010:\n1. Reduce NEET (NEET)",
        "show the delivery plan for Havant West",
        "→ It addresses all the county's expected outcomes",
    ])
    assert "partnership:havant-west" in deadlines.get(chat.database, "delivery-plan-2010")["done_for"]


async def test_a_picture_too_big_for_a_message_is_drawn_smaller(tmp_path, monkeypatch):
    from bot import cycle_commands
    chat = new_chat(tmp_path, today="2010-06-10")
    await log(chat, "meeting for Gosport yesterday", "Head of Bay House, Jo Smith (Gosport Police)")
    sizes = []
    real = cycle_commands.size_of

    def measured(activity):
        sizes.append(real(activity))
        return real(activity)
    monkeypatch.setattr(cycle_commands, "size_of", measured)
    monkeypatch.setattr(cycle_commands, "CAP", 0)         # nothing fits: every size is tried, then the text alone
    replies = await talk(chat, ["how engaged is Gosport?", "→ The picture is too big for a chat message"])
    assert len(sizes) == len(cycle_commands.DPIS) and sizes == sorted(sizes, reverse=True)
    shown = [node for a in replies[0].attachments or [] for node in every_element(a.content)]
    assert not [node for node in shown if node.get("type") == "Image"]     # the text alone (in Teams, a list card)


async def test_without_a_role_nothing_is_recorded_and_the_reply_says_who_can(tmp_path):
    chat = new_chat(tmp_path, today="2010-06-10")
    await log(chat, "meeting for Gosport yesterday", "Head of Bay House")
    chat.config.BOT_ADMINS = ["aad-ann"]            # roles on: Jo Smith holds none
    await talk(chat, [
        "Bay House governors passed the resolution on 25 March",
        "→ Sorry, you can't record resolutions and delivery plans for the Gosport partnership: only the Gosport "
        "partnership's chair, its coordinators or a county admin can.",
        "withdraw the last meeting of Gosport",
        "→ Sorry, you can't withdraw the meetings of the Gosport partnership: only a county admin can.",
        "add Sam Lee to the apologies",
        "→ Sorry, you can't change the minutes of the Gosport partnership",
    ])
    [meeting] = meetings_for(chat.database, "gosport")
    assert not meeting.get("withdrawn") and meeting["apologies"] == [] and len(meeting["history"]) == 1


async def test_the_resolution_nudge_names_only_the_schools_still_to_pass_it(tmp_path):
    from bot.web.nudge_scheduler import resolutions_pending
    from knowledge.nudge_rules import due_nudges
    from knowledge.use_cases.nudges import read_situation
    chat = new_chat(tmp_path, today="2010-03-30")
    await talk(chat, ["nudge me about Gosport", "→ Gosport",
                      "Bay House governors passed the resolution on 25 March", "→ Recorded"])
    situation = await read_situation(chat.services.records, chat.services.directory, chat.clock.now(), load_terms(),
                                     await resolutions_pending(chat.services))
    [nudge] = [n for n in due_nudges(situation) if n.deadline_id == "governors-resolution-2010"]
    assert "Still to pass it: " in nudge.text and "Bridgemary School" in nudge.text and "Bay House" not in nudge.text


async def test_the_kind_of_meeting_is_a_full_one_unless_said_and_can_be_changed_before_saving(tmp_path):
    chat = new_chat(tmp_path, today="2010-06-10")
    replies = await talk(chat, [
        "log a meeting for Gosport yesterday. Present: Head of Bay House. Apologies: none. Decisions: none. "
        "Actions: none",
        "→ Here are the minutes",
    ])
    assert "Type:" not in text_of(replies[0])                       # a full partnership meeting: nothing to say
    await talk(chat, [
        "change the type to a picnic",
        "→ I don't know a kind of meeting called 'a picnic'",
        "change the type to working group",
        "→ Type: working group",
        "save",
        "→ Saved the minutes",
        "how engaged is Gosport?",
        "→ No full partnership meetings of Gosport are recorded yet",     # a working group does not count
    ])
    [meeting] = meetings_for(chat.database, "gosport")
    assert meeting["kind"] == "working_group"
