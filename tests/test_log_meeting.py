"""Issue 3: a chair logs a partnership meeting in chat, one thing at a time, and checks it before
it is saved. Today is Wednesday 10 March 2010 in every test, so "yesterday" is Tuesday 9 March and
"next Friday" is 12 March."""

import pytest

from storage.meetings import meetings_for, open_actions
from storage import roles
from tests.conversation import new_chat, talk, text_of

TODAY = "2010-03-10"

PRESENT = "Jo Smith (Gosport Police), Head of Bay House, Children's Centre manager"


@pytest.fixture
def chat(tmp_path):
    return new_chat(tmp_path, today=TODAY)


def saved(chat) -> list[dict]:
    return meetings_for(chat.database)


# ---- the whole conversation ---------------------------------------------------------------------

async def test_the_full_happy_path_one_question_at_a_time(chat):
    await talk(chat, [
        "log a meeting",
        "→ Which partnership was the meeting for?",
        "Gosport",
        "→ When was the Gosport meeting? For example '9 March', '9/3' or 'last Tuesday'",
        "yesterday",
        "→ Who was there?",
        PRESENT,
        "→ Who sent apologies?",
        "Dr Patel (PCT)",
        "→ What did the meeting decide?",
        "Adopt the draft delivery plan; meet once each term",
        "→ What actions were agreed?",
        "Jo to circulate the draft delivery plan by next Friday; Sam Brown to book the hall for June, no due date",
        "→ Here are the minutes:\nPartnership: Gosport\nDate: Tuesday 9 March 2010\n"
        "Present: Jo Smith (Gosport Police), Head (Bay House School), manager (Children's Centre)\n"
        "Apologies: Dr Patel (PCT)\nDecisions: Adopt the draft delivery plan; meet once each term\n"
        "Actions: Jo: circulate the draft delivery plan, by 12 March 2010; Sam Brown: book the hall for June, "
        "no due date",
        "save",
        "→ Saved the minutes of the Gosport partnership meeting on Tuesday 9 March 2010 with actions 1 and 2. "
        "Say 'open actions for Gosport' to track them.",
    ])
    [meeting] = saved(chat)
    assert meeting["partnership_id"] == "gosport" and meeting["date"] == "2010-03-09"
    assert meeting["attendees"] == [
        {"person": "Jo Smith", "organisation": "Gosport Police", "category": "police", "school_id": None},
        {"person": "Head", "organisation": "Bay House School", "category": "school",
         "school_id": "bay-house-school-gosport"},
        {"person": "manager", "organisation": "Children's Centre", "category": "early_years", "school_id": None},
    ]
    assert meeting["apologies"] == [{"person": "Dr Patel", "organisation": "PCT", "category": "health",
                                     "school_id": None}]
    assert meeting["decisions"] == ["Adopt the draft delivery plan", "meet once each term"]
    assert [(a["number"], a["owner"], a["text"], a["due"], a["status"]) for a in meeting["actions"]] == [
        (1, "Jo", "circulate the draft delivery plan", "2010-03-12", "open"),
        (2, "Sam Brown", "book the hall for June", None, "open"),
    ]
    # Who logged it and when: UTC stored (10:00 in London in March is 10:00 UTC).
    assert (meeting["logged_by"], meeting["logged_by_name"], meeting["logged_at"]) == \
        ("aad-jo", "Jo Smith", "2010-03-10T10:00:00+00:00")
    assert meeting["history"][0]["what"] == "logged the meeting"


async def test_the_summary_is_an_adaptive_card_with_a_text_fallback(chat):
    replies = await _up_to_the_summary(chat)
    [summary] = replies
    assert text_of(summary).startswith("Here are the minutes:")
    [attachment] = summary.attachments
    assert attachment.content_type == "application/vnd.microsoft.card.adaptive"
    content = attachment.content
    assert content["fallbackText"] == text_of(summary)
    assert [a["title"] for a in content["actions"]] == ["Save", "Change one part", "Cancel"]
    # The Save button says which minutes it saves, so a second press can answer "already saved".
    assert content["actions"][0]["data"]["answer"] == "save"
    assert content["actions"][0]["data"]["minutes"]
    change_buttons = content["actions"][1]["card"]["actions"]
    assert {"answer": "change the date"} in [b["data"] for b in change_buttons]


async def test_everything_given_in_one_sentence_goes_straight_to_the_summary(chat):
    await talk(chat, [
        "Log a meeting for Havant West on 9/3. Present: Head of Crookhorn College, Sam Brown (Havant Borough "
        "Council), PC Jones - Hampshire Constabulary. Apologies: Ann Lee (YOT). Decisions: agree the terms of "
        "reference. Actions: Sam Brown to map children's centre provision by 31/03",
        "→ Here are the minutes:\nPartnership: Havant West\nDate: Tuesday 9 March 2010\n"
        "Present: Head (Crookhorn College), Sam Brown (Havant Borough Council), PC Jones (Hampshire Constabulary)\n"
        "Apologies: Ann Lee (YOT)\nDecisions: agree the terms of reference\n"
        "Actions: Sam Brown: map children's centre provision, by 31 March 2010",
        "yes",
        "→ Saved the minutes of the Havant West partnership meeting on Tuesday 9 March 2010 with action 1.",
    ])
    [meeting] = saved(chat)
    assert [e["category"] for e in meeting["attendees"]] == ["school", "district_council", "police"]
    assert meeting["apologies"][0]["category"] == "youth_offending"


async def test_minutes_for_a_partnership_on_a_day_not_yet_logged_starts_logging(chat):
    await talk(chat, [
        "minutes for Gosport on 9 March",
        "→ Who was there?",
    ])


# ---- re-prompts ----------------------------------------------------------------------------------

async def test_a_date_that_cannot_be_read_is_asked_again_with_an_example(chat):
    await talk(chat, [
        "log a meeting for Gosport",
        "→ When was the Gosport meeting?",
        "the one with the biscuits",
        "→ I couldn't read 'the one with the biscuits' as a date. When was the meeting held? "
        "For example '9 March', '9/3' or 'last Tuesday'.",
        "last Tuesday",
        "→ Who was there?",
    ])


async def test_a_date_in_the_future_is_asked_again(chat):
    await talk(chat, [
        "log a meeting for Gosport",
        "→ When was the Gosport meeting?",
        "next Friday",
        "→ 'next Friday' is Friday 12 March 2010, which is in the future. When was the meeting held?",
        "31/07",
        "→ Who was there?",          # 31 July with no year leans back to 2009, as a past meeting
    ])


async def test_a_future_date_in_the_first_sentence_is_explained_then_asked_for(chat):
    await talk(chat, [
        "log a meeting for Gosport tomorrow",
        "→ 'tomorrow' is Thursday 11 March 2010, which is in the future. When was the Gosport meeting? "
        "For example '9 March', '9/3' or 'last Tuesday'.",
    ])


async def test_british_dates_are_day_first(chat):
    await talk(chat, ["log a meeting for Gosport on 2/3", "→ Who was there?", "Jo", "→ apologies", "none",
                      "→ decide", "none", "→ actions", "none",
                      "→ Date: Tuesday 2 March 2010"])


async def test_an_action_with_no_owner_is_asked_who_will_do_it(chat):
    await talk(chat, [
        "log a meeting for Gosport yesterday. Present: Jo. Apologies: none. Decisions: none.",
        "→ What actions were agreed?",
        "circulate the draft delivery plan by next Friday",
        "→ Who will 'circulate the draft delivery plan'? Give a name, or say 'me'.",
        "me",
        "→ Actions: Jo Smith: circulate the draft delivery plan, by 12 March 2010",
        "save",
        "→ Saved",
    ])
    [action] = open_actions(chat.database, "gosport")
    assert (action["owner"], action["owner_user_id"]) == ("Jo Smith", "aad-jo")


async def test_an_action_with_no_date_is_asked_when_it_is_due_and_no_due_date_is_an_answer(chat):
    await talk(chat, [
        "log a meeting for Gosport yesterday. Present: Jo. Apologies: none. Decisions: none. "
        "Actions: Sam to book the hall; Ann to write to the PCT",
        "→ When is Sam to 'book the hall' by? For example '19 March' or 'next Friday', or say 'no due date'.",
        "whenever",
        "→ I couldn't read 'whenever' as a date. Try '19 March', '19/3' or 'next Friday', or say 'no due date'.",
        "19/3",
        "→ When is Ann to 'write to the PCT' by?",
        "no due date",
        "→ Actions: Sam: book the hall, by 19 March 2010; Ann: write to the PCT, no due date",
    ])


async def test_nobody_present_is_asked_again(chat):
    await talk(chat, [
        "log a meeting for Gosport yesterday",
        "→ Who was there?",
        "none",
        "→ Please list at least one person or organisation who came",
    ])


async def test_an_unknown_partnership_is_asked_again_with_the_list(chat):
    await talk(chat, [
        "log a meeting for Narnia yesterday",
        "→ I don't know a partnership called 'Narnia'. Which partnership was the meeting for?",
        "Middle Earth",
        "→ I don't know that partnership. The partnerships are: Alton; Andover;",
        "Fareham",
        "→ Who was there?",
    ])


async def test_a_summary_answer_that_is_neither_save_nor_change_is_asked_again(chat):
    await _up_to_the_summary(chat)
    await talk(chat, ["perhaps", "→ Please say 'save', 'change' and the part to change"])
    assert saved(chat) == []


# ---- change one part -------------------------------------------------------------------------------

async def _up_to_the_summary(chat):
    return await talk(chat, [
        f"log a meeting for Gosport yesterday. Present: {PRESENT}. Apologies: none. "
        "Decisions: adopt the plan. Actions: Jo to circulate the plan by next Friday",
        "→ Here are the minutes:",
    ])


async def test_change_the_date_asks_only_for_the_date_then_shows_the_summary_again(chat):
    await _up_to_the_summary(chat)
    await talk(chat, [
        "change the date",
        "→ When was the Gosport meeting?",
        "8 March",
        "→ Date: Monday 8 March 2010",
        "save",
        "→ Saved the minutes of the Gosport partnership meeting on Monday 8 March 2010",
    ])
    [meeting] = saved(chat)
    assert meeting["date"] == "2010-03-08"
    assert meeting["decisions"] == ["adopt the plan"]        # nothing else was asked or lost


async def test_change_a_part_with_its_new_value_in_one_go(chat):
    await _up_to_the_summary(chat)
    await talk(chat, [
        "change the apologies to Ann Lee (Wessex YOT)",
        "→ Apologies: Ann Lee (Wessex YOT)",
        "change the partnership",
        "→ Which partnership was the meeting for?",
        "Fareham",
        "→ Partnership: Fareham",
        "change the actions",
        "→ What actions were agreed?",
        "none",
        "→ Actions: none",
        "save",
        "→ Saved the minutes of the Fareham partnership meeting",
    ])
    [meeting] = saved(chat)
    assert meeting["partnership_id"] == "fareham" and meeting["actions"] == []
    assert meeting["apologies"][0]["category"] == "youth_offending"


async def test_the_card_buttons_say_what_typing_would(chat):
    """A press on 'Save' arrives as a message with no text and the button's data as its value."""
    from botbuilder.schema import Activity, ActivityTypes
    await _up_to_the_summary(chat)
    replies = await chat.send(Activity(type=ActivityTypes.message, text="", value={"answer": "change the date"}))
    assert "When was the Gosport meeting?" in text_of(replies[-1])
    await chat.say("last Monday")
    replies = await chat.send(Activity(type=ActivityTypes.message, value={"answer": "save"}))
    assert text_of(replies[0]).startswith("Saved the minutes of the Gosport partnership meeting on Monday 8 March")


# ---- cancel and help ------------------------------------------------------------------------------------

STEPS = [
    ("partnership", ["log a meeting"]),
    ("date", ["log a meeting for Gosport"]),
    ("attendees", ["log a meeting for Gosport yesterday"]),
    ("apologies", ["log a meeting for Gosport yesterday. Present: Jo"]),
    ("decisions", ["log a meeting for Gosport yesterday. Present: Jo. Apologies: none"]),
    ("actions", ["log a meeting for Gosport yesterday. Present: Jo. Apologies: none. Decisions: none"]),
    ("owner", ["log a meeting for Gosport yesterday. Present: Jo. Apologies: none. Decisions: none. "
               "Actions: book the hall by Friday"]),
    ("due date", ["log a meeting for Gosport yesterday. Present: Jo. Apologies: none. Decisions: none. "
                  "Actions: Sam to book the hall"]),
    ("summary", ["log a meeting for Gosport yesterday. Present: Jo. Apologies: none. Decisions: none. "
                 "Actions: none"]),
    ("summary after a change", ["log a meeting for Gosport yesterday. Present: Jo. Apologies: none. "
                                "Decisions: none. Actions: none", "change the date", "8 March"]),
]


@pytest.mark.parametrize("step, lines", STEPS, ids=[s for s, _ in STEPS])
@pytest.mark.parametrize("word", ["cancel", "stop"])
async def test_cancel_or_stop_at_any_step_leaves_without_saving(chat, step, lines, word):
    for line in lines:
        await chat.say(line)
    await talk(chat, [
        word,
        "→ Cancelled: the minutes were not saved. Say 'log a meeting' to start again.",
        "which partnership is Perins in?",          # and the bot is free for other questions
        "→ Winchester partnership",
    ])
    assert saved(chat) == []


async def test_a_dialog_is_kept_in_the_conversation_only_while_it_is_under_way(chat):
    # An empty dialog stack is not kept (it would be flattened and restored every turn for nothing).
    from storage.bot_state_storage import state_documents

    def dialog_kept() -> bool:
        return any("dialog_state" in row["item"] for row in state_documents(chat.database).all())
    await talk(chat, ["which partnership is Perins in?", "→ Winchester partnership"])
    assert not dialog_kept()
    await talk(chat, ["log a meeting", "→ Which partnership was the meeting for?"])
    assert dialog_kept()
    await talk(chat, ["cancel", "→ Cancelled", "which partnership is Perins in?", "→ Winchester partnership"])
    assert not dialog_kept()
    await talk(chat, ["log a meeting", "→ Which partnership was the meeting for?",
                      "Gosport", "→ When was the Gosport meeting?"])     # a dialog begun again carries on
    assert dialog_kept()


HELP_AT = [
    ("partnership", ["log a meeting"], "Tell me which local children's partnership met",
     "Which partnership was the meeting for?"),
    ("date", ["log a meeting for Gosport"], "It can't be in the future", "When was the Gosport meeting?"),
    ("attendees", ["log a meeting for Gosport yesterday"], "Put each person's organisation in brackets",
     "Who was there?"),
    ("owner", [STEPS[6][1][0]], "Tell me who will do this action", "Who will 'book the hall'?"),
    ("summary", [STEPS[8][1][0]], "Say 'save' to save these minutes", "Here are the minutes:"),
]


@pytest.mark.parametrize("step, lines, explains, question", HELP_AT, ids=[h[0] for h in HELP_AT])
async def test_help_explains_the_current_step_and_asks_it_again(chat, step, lines, explains, question):
    for line in lines:
        await chat.say(line)
    await talk(chat, ["help", f"→ {explains}", f"→ {question}"])


async def test_starting_again_mid_way_carries_on_instead(chat):
    await talk(chat, [
        "log a meeting for Gosport",
        "→ When was the Gosport meeting?",
        "log a meeting",
        "→ You're already logging a meeting: I'll carry on from where you were.",
        "→ When was the Gosport meeting?",
    ])


# ---- a day later, after a restart -------------------------------------------------------------------------

async def test_a_meeting_half_logged_resumes_after_the_app_restarts(tmp_path):
    first = new_chat(tmp_path, today=TODAY)
    await talk(first, [
        "log a meeting for Gosport yesterday",
        "→ Who was there?",
        PRESENT,
        "→ Who sent apologies?",
    ])
    assert meetings_for(first.database) == []           # nothing half-saved
    # The app restarts the next day: a new bot and adapter on the same TinyDB file.
    second = new_chat(tmp_path, today="2010-03-11")
    await talk(second, [
        "none",
        "→ What did the meeting decide?",
        "none",
        "→ What actions were agreed?",
        "none",
        "→ Date: Tuesday 9 March 2010",                  # still the day it was logged as
        "save",
        "→ Saved",
    ])
    [meeting] = meetings_for(second.database)
    assert meeting["logged_at"] == "2010-03-11T10:00:00+00:00"
    assert [e["organisation"] for e in meeting["attendees"]] == ["Gosport Police", "Bay House School",
                                                                "Children's Centre"]


# ---- absent core partners --------------------------------------------------------------------------------

async def test_after_saving_the_bot_names_the_core_partners_neither_present_nor_sending_apologies(chat):
    await talk(chat, [
        "log a meeting for Gosport yesterday. Present: Jo Smith (Gosport Police), Dr Patel (NHS Hampshire), "
        "Head of Bay House. Apologies: Gosport Voluntary Action. Decisions: none. Actions: none",
        "→ Here are the minutes",
        "save",
        "→ No one came or sent apologies from: youth offending, Children's Services, early years and children's "
        "centres and district or borough council (core partners in the Head of Partnerships' briefing of "
        "February 2010, paragraph 6).",
        "where does that come from?",
        "→ paragraph 6",
    ])


async def test_when_every_core_partner_is_represented_the_bot_says_so(chat):
    await talk(chat, [
        "log a meeting for Gosport yesterday. Present: Gosport Police, PCT, YOT, Gosport Borough Council, "
        "Children's Services district manager, Sure Start children's centre. Apologies: CVS. "
        "Decisions: none. Actions: none",
        "→ Here are the minutes",
        "save",
        "→ Every core partner in the briefing's list was there or sent apologies.",
    ])


# ---- the chair's own partnership -----------------------------------------------------------------------

async def test_the_partnership_last_logged_is_the_default_next_time(chat):
    await talk(chat, ["log a meeting for Gosport yesterday. Present: Jo. Apologies: none. Decisions: none. "
                      "Actions: none", "→ Here are the minutes", "save", "→ Saved"])
    await talk(chat, [
        "log a meeting",
        "→ When was the Gosport meeting?",        # not asked which partnership again
    ])


async def test_a_chair_logs_for_their_own_partnership_without_being_asked(chat):
    chat.config.BOT_ADMINS = ["aad-admin"]      # roles on
    roles.grant(chat.database, user_id="aad-jo", user_name="Jo Smith", role="chair", scope_kind="partnership",
                scope_id="havant-east", scope_name="Havant East", by="aad-admin", by_name="Ann Admin",
                at="2010-03-01T10:00:00+00:00")
    await talk(chat, ["log a meeting", "→ When was the Havant East meeting?"])


async def test_with_roles_on_only_a_chair_coordinator_or_admin_logs_minutes(chat):
    chat.config.BOT_ADMINS = ["aad-admin"]
    await talk(chat, [
        "log a meeting for Gosport yesterday",
        "→ Sorry, you can't log minutes for the Gosport partnership",
    ])
    assert saved(chat) == []


async def test_logging_a_second_meeting_on_the_same_day_warns_and_keeps_both(chat):
    one_sentence = ("log a meeting for Gosport yesterday. Present: Jo. Apologies: none. Decisions: none. "
                    "Actions: Jo to send the notes by Friday")
    await talk(chat, [one_sentence, "→ Here are the minutes", "save", "→ Saved"])
    await talk(chat, [
        one_sentence,
        "→ Note: minutes for this partnership on Tuesday 9 March 2010 were already logged by Jo Smith. "
        "Saving adds a second meeting; the first is kept as it is.",
        "save",
        "→ Saved the minutes of the Gosport partnership meeting on Tuesday 9 March 2010 with action 2.",
    ])
    assert [m["date"] for m in saved(chat)] == ["2010-03-09", "2010-03-09"]
    assert [a["number"] for a in open_actions(chat.database, "gosport")] == [1, 2]


async def test_a_question_at_a_prompt_is_answered_and_the_prompt_asked_again(chat):
    # Issue 13: a side question is answered, then the prompt is asked again; it is never the answer.
    await talk(chat, [
        "log a meeting for Gosport yesterday",
        "→ Who was there?",
        "which partnership is Perins in?",
        "→ Perins School (Alresford) is in the Winchester partnership",
        "→ Who was there?",
        "Sue, Raj",
        "→ Who sent apologies?",
    ])


async def test_cancel_at_a_side_questions_which_school_ends_the_minutes_too(chat):
    # "Which one?" opened by a question at a prompt sits on top of the minutes: "cancel" ends both,
    # and says what was thrown away (the minutes), not just the choice.
    await talk(chat, [
        "log a meeting for Gosport yesterday",
        "→ Who was there?",
        "which partnership is Farnborough college in?",
        "→ I know more than one school like 'farnborough college'. Which one?",
        "cancel",
        "→ Cancelled: the minutes were not saved.",
        "cancel",
        "→ Nothing to cancel",
    ])
    assert saved(chat) == []


async def test_in_a_shared_chat_only_the_person_logging_answers_the_questions(tmp_path, chat):
    await talk(chat, ["log a meeting for Gosport yesterday", "→ Who was there?"])
    # Sam, in the same conversation (a channel), says something to the bot.
    sam = new_chat(tmp_path, today=TODAY, user_id="u-sam", user_name="Sam Brown", aad_object_id="aad-sam",
                   database=chat.database)
    await talk(sam, [
        "cancel",
        "→ Jo Smith is logging a meeting's minutes in this chat. Please wait until they have saved or cancelled",
    ])
    await talk(chat, ["Head of Bay House", "→ Who sent apologies?"])


async def test_minutes_left_unfinished_in_a_shared_chat_are_set_aside_when_someone_else_needs_it(tmp_path, chat):
    await talk(chat, ["log a meeting for Gosport yesterday", "→ Who was there?"])
    sam = new_chat(tmp_path, today=TODAY, user_id="u-sam", user_name="Sam Brown", aad_object_id="aad-sam",
                   database=chat.database, clock=chat.clock)
    chat.clock.advance(minutes=45)
    await talk(sam, [
        "which partnership is Perins in?",
        "→ Jo Smith left some minutes unfinished here, so I've set them aside without saving.",
        "→ Winchester partnership",
    ])
    assert saved(chat) == []
    await talk(chat, ["Head of Bay House", "→ Bay House School (Gosport) is in"])    # no dialog now: a question
