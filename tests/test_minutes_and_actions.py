"""Issue 3: everyone can read the minutes back, export them, and keep track of the actions, by
their short numbers, with every change kept in the action's history."""

import base64

import pytest

from storage.meetings import meetings_for, open_actions
from tests.conversation import new_chat, talk, text_of

TODAY = "2010-03-10"


async def log(chat, partnership="Gosport", when="yesterday",
              present="Jo Smith (Gosport Police), Head of Bay House, Dr Patel (PCT)",
              apologies="Ann Lee (Wessex YOT)", decisions="Adopt the draft delivery plan; meet once a term",
              actions="Jo to circulate the draft delivery plan by next Friday; Sam Brown to book the hall, no due date"):
    await talk(chat, [
        f"log a meeting for {partnership} {when}. Present: {present}. Apologies: {apologies}. "
        f"Decisions: {decisions}. Actions: {actions}",
        "→ Here are the minutes",
        "save",
        "→ Saved",
    ])


@pytest.fixture
async def chat(tmp_path):
    chat = new_chat(tmp_path, today=TODAY)
    await log(chat)
    return chat


# ---- reading it back ---------------------------------------------------------------------------------

async def test_last_meeting_of_a_partnership_as_text_and_card(chat):
    replies = await talk(chat, [
        "last meeting of Gosport",
        "→ Gosport partnership meeting, Tuesday 9 March 2010.\n"
        "Present: Jo Smith (Gosport Police), Head (Bay House School), Dr Patel (PCT).\n"
        "Apologies: Ann Lee (Wessex YOT).\n"
        "Decisions: Adopt the draft delivery plan; meet once a term.\n"
        "Actions:\n"
        "  1. Jo: circulate the draft delivery plan, by 12 March 2010\n"
        "  2. Sam Brown: book the hall, no due date\n"
        "No one came or sent apologies from: voluntary sector, Children's Services, early years and children's "
        "centres and district or borough council",
    ])
    [attachment] = replies[0].attachments
    card = attachment.content
    assert card["fallbackText"] == text_of(replies[0])
    shown = str(card["body"])
    for fragment in ("Gosport partnership meeting", "Tuesday 9 March 2010", "Bay House School", "Head",
                     "Gosport Police", "circulate the draft delivery plan", "by 12 March 2010"):
        assert fragment in shown.replace("\\", "")


async def test_a_partnership_with_no_meetings_says_so(chat):
    await talk(chat, ["last meeting of Havant West",
                      "→ No meetings of the Havant West partnership are logged yet. "
                      "Say 'log a meeting for Havant West' to add one."])


async def test_minutes_of_a_day(chat):
    await talk(chat, ["minutes of 9 March", "→ Gosport partnership meeting, Tuesday 9 March 2010."])
    await talk(chat, ["minutes of 8 March", "→ No minutes are logged for Monday 8 March 2010."])


async def test_minutes_for_a_partnership_on_a_day_already_logged_shows_them(chat):
    await talk(chat, ["minutes for Gosport on 9 March", "→ Gosport partnership meeting, Tuesday 9 March 2010."])


async def test_meetings_this_term(chat):
    await log(chat, partnership="Fareham", when="on 1 March", actions="none")
    await talk(chat, [
        "meetings this term",
        "→ Meetings of any partnership in the spring term 2010",
        "meetings of Gosport this term",
        "→ - Gosport: Tuesday 9 March 2010, 3 present, 2 actions",
        "meetings last term",
        "→ No meetings of any partnership are logged for the autumn term 2009",
    ])
    replies = await chat.say("meetings this term")
    assert "Fareham: Monday 1 March 2010" in text_of(replies[0])


# ---- export -------------------------------------------------------------------------------------------

def web_chat(tmp_path, chat, conversation_id="web-chat", **kwargs):
    """The same person on a channel that takes files from bots (Web Chat): files come as attachments."""
    return new_chat(tmp_path, today=TODAY, conversation_id=conversation_id, database=chat.database,
                    channel_id="webchat", **kwargs)


async def test_export_minutes_returns_a_markdown_document_as_an_attachment(tmp_path, chat):
    replies = await talk(web_chat(tmp_path, chat), [
        "export minutes for Gosport on 9 March",
        "→ Here are the minutes of the Gosport partnership meeting on Tuesday 9 March 2010 as a Markdown document, "
        "ready to circulate. It is attached as minutes-gosport-2010-03-09.md",
    ])
    [attachment] = replies[0].attachments
    assert attachment.content_type == "text/markdown"
    assert attachment.name == "minutes-gosport-2010-03-09.md"
    document = attachment.content
    assert base64.b64decode(attachment.content_url.split(",", 1)[1]).decode("utf-8") == document
    assert document.startswith("# Gosport local children's partnership\n\n**Meeting:** Tuesday 9 March 2010\n")
    assert "## Present\n\n- **Bay House School**: Head\n- **PCT**: Dr Patel\n- **Gosport Police**: Jo Smith\n" \
        in document                                         # by organisation: schools first, then partners
    assert "## Apologies\n\n- Ann Lee (Wessex YOT)\n" in document
    assert "## Decisions\n\n1. Adopt the draft delivery plan\n2. meet once a term\n" in document
    assert ("| No. | Action | Owner | Due | Status |\n|---|---|---|---|---|\n"
            "| 1 | circulate the draft delivery plan | Jo | 12 March 2010 | open |\n"
            "| 2 | book the hall | Sam Brown | no due date | open |\n") in document
    assert "_Logged by Jo Smith on 10 March 2010 at 10:00._" in document


async def test_export_minutes_of_a_named_meeting_in_a_new_conversation(tmp_path, chat):
    other = web_chat(tmp_path, chat, conversation_id="another", user_id="u-sam", user_name="Sam Brown",
                     aad_object_id="aad-sam")
    replies = await talk(other, ["export minutes for Gosport on 9 March", "→ minutes-gosport-2010-03-09.md"])
    assert replies[0].attachments[0].content.startswith("# Gosport")
    await talk(other, ["export minutes for Fareham on 9 March", "→ Which minutes?"])


async def test_in_teams_the_exported_minutes_wait_for_the_chairs_consent_as_a_file(chat):
    replies = await talk(chat, [
        "export minutes",
        "→ Here are the minutes of the Gosport partnership meeting on Tuesday 9 March 2010 as a Markdown document, "
        "ready to circulate. Press Allow and I'll put minutes-gosport-2010-03-09.md in your OneDrive",
    ])
    [consent] = replies[0].attachments
    assert consent.content_type == "application/vnd.microsoft.teams.card.file.consent"
    assert consent.name == "minutes-gosport-2010-03-09.md"
    assert consent.content.size_in_bytes > 500
    assert "# Gosport" not in replies[0].text            # the document goes as the file, not pasted in the chat


async def test_typed_markup_cannot_break_the_exported_table(tmp_path):
    chat = new_chat(tmp_path, today=TODAY, channel_id="webchat")
    await log(chat, actions="Jo to check the | pipe and **bold** by Friday")
    replies = await chat.say("export minutes")
    document = replies[0].attachments[0].content
    assert "| check the \\| pipe and \\*\\*bold\\*\\* | Jo |" in document


# ---- the action tracker ------------------------------------------------------------------------------------

async def test_open_actions_for_a_partnership(chat):
    await talk(chat, [
        "open actions for Gosport",
        "→ Open actions for the Gosport partnership (2):\n- 1. Jo: circulate the draft delivery plan, by 12 March 2010\n"
        "- 2. Sam Brown: book the hall, no due date\nSay 'action 1 done'",
    ])


async def test_my_actions_are_the_ones_i_own(tmp_path, chat):
    sam = new_chat(tmp_path, today=TODAY, conversation_id="sam-chat", user_id="u-sam", user_name="Sam Brown",
                   aad_object_id="aad-sam", database=chat.database)
    await talk(sam, [
        "my actions",
        "→ Your open actions (1):\n- Gosport 2. Sam Brown: book the hall, no due date",
    ])
    ann = new_chat(tmp_path, today=TODAY, conversation_id="ann-chat", user_id="u-ann", user_name="Ann Lee",
                   aad_object_id="aad-ann", database=chat.database)
    await talk(ann, ["my actions", "→ You have no open actions, Ann Lee."])


async def test_action_done_reassign_and_move_keep_a_history(chat):
    chat.clock.advance(days=1)
    await talk(chat, [
        "action 1 done",
        "→ Gosport action 1 is now: Jo: circulate the draft delivery plan, by 12 March 2010 (done). "
        "Recorded as changed by Jo Smith on 11 March 2010 at 10:00.",
        "reassign action 2 to Ann Lee",
        "→ Gosport action 2 is now: Ann Lee: book the hall, no due date.",
        "move action 2 to 30 September",
        "→ Gosport action 2 is now: Ann Lee: book the hall, by 30 September 2010.",
        "open actions for Gosport",
        "→ Open actions for the Gosport partnership (1):\n- 2. Ann Lee: book the hall, by 30 September 2010",
        "action 1 done",
        "→ Action 1 (circulate the draft delivery plan) is already done.",
    ])
    [meeting] = meetings_for(chat.database, "gosport")
    second = meeting["actions"][1]
    assert [(h["by_name"], h["what"]) for h in second["history"]] == [
        ("Jo Smith", "created"),
        ("Jo Smith", "owner: 'Sam Brown' -> 'Ann Lee', owner_user_id: None -> None"),
        ("Jo Smith", "due: None -> '2010-09-30'"),
    ]
    assert second["history"][-1]["at"] == "2010-03-11T10:00:00+00:00"


async def test_action_numbers_are_per_partnership_and_never_change(chat):
    await log(chat, partnership="Fareham", actions="Al to draft the terms of reference by 31/3")
    await log(chat, partnership="Gosport", when="today", actions="Jo to write to the heads by Friday")
    assert [a["number"] for a in open_actions(chat.database, "gosport")] == [1, 2, 3]
    assert [a["number"] for a in open_actions(chat.database, "fareham")] == [1]
    await talk(chat, [
        "action 1 for Fareham done",
        "→ Fareham action 1 is now: Al: draft the terms of reference, by 31 March 2010 (done)",
        "open actions for Gosport",
        "→ (3)",
        "action 1 done",                          # this conversation is looking at Gosport now
        "→ Gosport action 1 is now",
    ])


async def test_actions_that_do_not_exist_or_dates_that_cannot_be_read(chat):
    await talk(chat, [
        "action 9 done",
        "→ There is no action 9 for Gosport. Say 'open actions' to see them.",
        "move action 1 to the twelfth of never",
        "→ I couldn't read 'twelfth of never' as a date. Try, for example, 'move action 1 to 30 September'.",
        "open actions for Narnia",
        "→ I don't know a partnership called 'Narnia'.",
    ])
    assert all(a["status"] == "open" and len(a["history"]) == 1 for a in open_actions(chat.database))


async def test_move_action_is_not_moving_a_school(chat):
    await talk(chat, ["move action 2 to 30 September", "→ Gosport action 2 is now"])
    await talk(chat, ["move Perins to Gosport", "→ Move Perins School"])


async def test_with_roles_on_a_member_cannot_change_actions(chat):
    chat.config.BOT_ADMINS = ["aad-admin"]
    await talk(chat, ["action 1 done", "→ Sorry, you can't change the actions of the Gosport partnership"])
    assert len(open_actions(chat.database, "gosport")) == 2


async def test_action_numbers_shared_by_two_partnerships_are_asked_about(tmp_path, chat):
    await log(chat, partnership="Fareham", actions="Al to draft the terms of reference by 31/3")
    sam = new_chat(tmp_path, today=TODAY, conversation_id="sam-chat", user_id="u-sam", user_name="Sam Brown",
                   aad_object_id="aad-sam", database=chat.database)
    await talk(sam, [
        "action 1 done",
        "→ More than one partnership has an action 1 (Fareham and Gosport). Say which, for example "
        "'action 1 for Fareham done'.",
        "action 1 for Fareham done",
        "→ Fareham action 1 is now: Al: draft the terms of reference, by 31 March 2010 (done)",
    ])


async def test_an_action_moves_to_the_end_of_a_month_as_a_deadline_does(chat):
    # One date reader for deadlines and actions: "the end of July" is 31 July for both.
    await talk(chat, [
        "move action 2 to the end of July",
        "→ Gosport action 2 is now",
        "open actions for Gosport",
        "→ Open actions for the Gosport partnership",
    ])
    [meeting] = meetings_for(chat.database, "gosport")
    assert meeting["actions"][1]["due"] == "2010-07-31"
