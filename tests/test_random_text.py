"""Random text at every dialog step and at the lookup (hypothesis): the bot always replies, no
exception escapes the turn, and the TinyDB file still opens and reads afterwards.

Each step is reached by a short script; then hypothesis says something arbitrary, and "cancel"
must end whatever is in flight (a second "cancel" finds nothing to cancel). Each example talks in
a chat of its own, so what one example leaves in flight shows as that example's failure, with its
own text, not as later examples failing to reach their step (hypothesis would then shrink those to
whatever text, hiding the one that did it). Records are shared: an earlier "yes" may have changed
things, so some steps have alternative ways in. Roles are on (Ann is an admin from the settings)
so the guarded paths run too.
"""

import asyncio
import itertools

import pytest
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.database import open_database
from tests.conversation import new_chat, text_of

# How to reach each dialog step, as Ann (admin) in her personal chat.
# What to say to get there, and how the bot's reply starts when it has. Where an earlier example
# may have said "yes" (and so changed things), there are alternatives, tried in turn.
STEPS = {
    "the lookup": [],
    "move school: confirm": [("move Bay House School to Fareham", "Move Bay House School"),
                             ("move Bay House School to Gosport", "Move Bay House School")],
    "choose school": [("Farnborough college", "I know more than one school")],
    "move school: choose school": [("move Farnborough college to Hart", "I know more than one school")],
    "choose person": [("make Sam Jones chair of Gosport", "I know 2 people like")],
    "log meeting: partnership": [("log a meeting", "Which partnership was the meeting for?")],
    "log meeting: date": [("log a meeting for Gosport", "When was the Gosport meeting?")],
    "log meeting: attendees": [("log a meeting for Gosport on 9/3", "Who was there?")],
    "log meeting: apologies": [("log a meeting for Gosport on 9/3. Present: Head of Bay House", "Who sent apologies?")],
    "log meeting: decisions": [("log a meeting for Gosport on 9/3. Present: Head of Bay House. Apologies: none",
                                "What did the meeting decide?")],
    "log meeting: actions": [("log a meeting for Gosport on 9/3. Present: Head of Bay House. Apologies: none. "
                              "Decisions: adopt the plan", "What actions were agreed?")],
    "log meeting: check and save": [("log a meeting for Gosport on 9/3. Present: Head of Bay House. Apologies: none. "
                                     "Decisions: adopt the plan. Actions: Sam Jones to book the hall by 31/03",
                                     "Here are the minutes:")],
    "confirm a new deadline": [("add deadline: self-evaluation due 31 March for Gosport", 'Add "Self-evaluation"')],
    "confirm a moved deadline": [("move the delivery plan deadline to 6 August", 'Move "Summary level delivery plan'),
                                 ("move the delivery plan deadline to 7 August", 'Move "Summary level delivery plan')],
    "action commands": [],      # random text after a meeting with an action exists
}

# Things people really say at a prompt, mixed with anything at all.
PHRASES = ["yes", "no", "y", "n", "1", "2", "3", "0", "-1", "99", "cancel", "help", "?", "stop", "", " ",
           "which partnership is Perins in?", "make Sam Jones chair of Gosport", "31 February",
           "move Bay House School to Fareham", "who are the chairs?", "role history", "<b>x</b>", "🙂",
           "save", "change the date", "change the actions", "action 1 done", "move action 1 to 31 February",
           "reassign action 1 to Sam Jones", "open actions for Gosport", "9/3", "yesterday", "none",
           "Head of Bay House, PC Jones (Hampshire Constabulary)", "Jo to circulate the plan by next Friday",
           "add deadline: x due 31 February for Gosport", "list deadlines", "snooze 2 days", "done"]
TEXT = st.one_of(st.sampled_from(PHRASES), st.text(max_size=300),
                 st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
                 st.lists(st.sampled_from(PHRASES), min_size=2, max_size=4).map(" ".join))


def person(key, name):
    return ChannelAccount(id=f"29:{key}", name=name, aad_object_id=f"aad-{key}")


def message(text, who, chat_number=0):
    return Activity(type="message", text=text, from_property=who,
                    conversation=ConversationAccount(id=f"personal-{who.id}-{chat_number}",
                                                     conversation_type="personal"))


@pytest.mark.parametrize("step", list(STEPS))
def test_random_text_at_every_step(tmp_path, step):
    loop = asyncio.new_event_loop()
    chat = new_chat(tmp_path, today="2010-03-09")
    chat.config.BOT_ADMINS = ["aad-ann"]
    ann = person("ann", "Ann Admin")
    run = loop.run_until_complete
    for key in ("sam", "sam-2"):      # two people called Sam Jones, so "make Sam Jones..." asks which
        run(chat.send(message("hello", person(key, "Sam Jones"))))
    # Bea (another admin) logs a meeting with an action, so there is something to change. Not Ann:
    # the bot remembers whoever saved minutes as from that partnership, and would not ask Ann which.
    bea = person("bea", "Bea Admin")
    chat.config.BOT_ADMINS.append("aad-bea")
    run(chat.send(message("log a meeting for Gosport on 8/3. Present: Head of Bay House. Apologies: none. "
                          "Decisions: adopt the plan. Actions: Sam Jones to book the hall by 31/03", bea)))
    assert text_of(run(chat.send(message("save", bea)))[0]).startswith("Saved")
    tried = []
    chats = itertools.count(1)

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(text=TEXT)
    def says(text):
        chat_number = next(chats)
        said = []
        for line, prompt in STEPS[step]:
            said += [text_of(r) for r in run(chat.send(message(line, ann, chat_number)))]
            if said[-1].startswith(prompt):
                break
        else:
            assert not STEPS[step], f"could not reach {step}: {said}"
        replies = run(chat.send(message(text, ann, chat_number)))
        tried.append(text)
        assert replies, f"no reply to {text!r} at {step}"
        assert all(text_of(r).strip() or r.attachments for r in replies)
        assert not any("went wrong" in text_of(r) for r in replies), [text_of(r) for r in replies]
        run(chat.send(message("cancel", ann, chat_number)))
        left = [text_of(r) for r in run(chat.send(message("cancel", ann, chat_number)))]
        assert left and left[0].startswith("Nothing to cancel"), f"'cancel' after {text!r} at {step} left: {left}"
        reopened = open_database(str(tmp_path / "bot.json"))
        for name in reopened.tinydb.tables():
            reopened.table(name).all()

    try:
        says()
    finally:
        loop.close()
    assert len(tried) >= 60
