"""Who may do what: admins give roles in chat, and each command is refused to those without one.

Scripts name the speaker: "ann: make Sam Jones chair of Gosport". Ann is the admin from the
settings (BOT_ADMINS); the others get their roles from her in chat, so the whole path is real.
"""

import pytest
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from bot.permissions import check, open_mode
from knowledge.permissions import RULES
from storage import roles
from storage.database import open_database
from storage.meetings import meetings_for
from tests.conversation import new_chat, text_of

PEOPLE = {
    # key: (aad object id, display name)
    "ann": ("aad-ann", "Ann Admin"),          # admin from BOT_ADMINS
    "sam": ("aad-sam", "Sam Jones"),          # chair of Gosport
    "cora": ("aad-cora", "Cora Lee"),         # coordinator of the Gosport partnership
    "dee": ("aad-dee", "Dee Patel"),          # coordinator of Havant (a district: Havant West and East)
    "ari": ("aad-ari", "Ari Khan"),           # coordinator of South Hampshire (an area)
    "nick": ("aad-nick", "Nick Brown"),       # chair of Fareham
    "mo": ("aad-mo", "Mo Member"),            # no role: a member
    "sam2": ("aad-sam-2", "Sam Jones"),       # another Sam Jones
}


def roles_chat(tmp_path, **kwargs):
    chat = new_chat(tmp_path, **kwargs)
    chat.config.BOT_ADMINS = ["aad-ann"]       # services share this config: roles are now on
    return chat


async def say_as(chat, who: str, text: str) -> list:
    """Each person in their own personal chat with the bot, as in Teams."""
    aad, name = PEOPLE[who]
    return await chat.send(Activity(type="message", text=text,
                                    from_property=ChannelAccount(id=f"29:{who}", name=name, aad_object_id=aad),
                                    conversation=ConversationAccount(id=f"personal-{who}",
                                                                     conversation_type="personal")))


async def script(chat, lines: list) -> None:
    """Lines "who: text" are said by that person; "→ fragment" must be in the next reply."""
    pending, transcript = [], []
    for line in lines:
        if line.startswith("→"):
            expected = line[1:].strip()
            assert pending, "\n".join(transcript + [f"no reply left to contain {expected!r}"])
            reply = text_of(pending.pop(0))
            assert expected.lower() in reply.lower(), "\n".join(
                transcript + [f"expected {expected!r} in {reply!r}"])
        else:
            who, text = line.split(": ", 1)
            pending = await say_as(chat, who, text)
            transcript += [f"{who}: {text}"] + [f"bot: {text_of(r)}" for r in pending]


async def introduce(chat, *who):
    for person in who:
        await say_as(chat, person, "hello")


async def give_everyone_their_roles(chat):
    await introduce(chat, "sam", "cora", "dee", "ari", "nick", "mo")
    await script(chat, [
        "ann: make Sam Jones chair of Gosport", "→ Sam Jones is now chair of Gosport",
        "ann: make Cora Lee coordinator of the Gosport partnership", "→ Cora Lee is now coordinator of Gosport",
        "ann: make Dee Patel coordinator of Havant", "→ Dee Patel is now coordinator of Havant (district)",
        "ann: make Ari Khan coordinator of South Hampshire", "→ Ari Khan is now coordinator of South Hampshire",
        "ann: make Nick Brown chair of Fareham", "→ Nick Brown is now chair of Fareham",
    ])


# ---- giving roles in chat ---------------------------------------------------------------------

async def test_an_admin_gives_a_role_by_name_and_it_is_recorded_with_who_and_when(tmp_path):
    chat = roles_chat(tmp_path, today="2010-03-09")
    await introduce(chat, "sam")
    await script(chat, [
        "ann: make Sam Jones chair of Gosport",
        "→ Done: Sam Jones is now chair of Gosport. They can now log and change minutes and actions there. "
        "Recorded as changed by Ann Admin on 9 March 2010 at 10:00.",
        "ann: make sam jones chair of gosport", "→ already chair of Gosport. Nothing changed",
        "mo: who are the chairs?", "→ The chairs:\n- Sam Jones: chair of Gosport",
        "sam: what is my role?", "→ You are chair of Gosport",
        "ann: remove Sam Jones as chair of Gosport", "→ Done: Sam Jones is no longer chair of Gosport",
        "ann: role history",
        "→ - 9 March 2010 at 10:00: Ann Admin removed Sam Jones as chair of Gosport\n"
        "- 9 March 2010 at 10:00: Ann Admin made Sam Jones chair of Gosport",
    ])
    # Recorded by Teams identity, never by display name.
    changes = roles.history(chat.database)
    assert [(c["change"], c["user_id"], c["by"]) for c in changes] == [
        ("granted", "aad-sam", "aad-ann"), ("removed", "aad-sam", "aad-ann")]


async def test_two_people_with_the_same_name_the_admin_is_asked_which(tmp_path):
    chat = roles_chat(tmp_path)
    await introduce(chat, "sam", "sam2")
    await script(chat, [
        "ann: make Sam Jones chair of Gosport", "→ I know 2 people like 'sam jones'. Which one",
        "ann: 2", "→ Done: Sam Jones is now chair of Gosport",
    ])
    assert [g["user_id"] for g in roles.current_grants(chat.database)] == ["aad-sam-2"]


async def test_someone_the_bot_has_never_met_is_refused_clearly(tmp_path):
    chat = roles_chat(tmp_path)
    await introduce(chat, "sam")
    await script(chat, [
        "ann: make Sam Jons chair of Gosport",
        "→ I don't know anyone called 'sam jons' yet. Did you mean Sam Jones? I only know people who have "
        "talked to me",
        "ann: make Pat Nobody coordinator of Fareham", "→ I don't know anyone called 'pat nobody'",
    ])
    assert roles.history(chat.database) == []


async def test_a_chair_is_for_one_partnership_and_places_must_exist(tmp_path):
    chat = roles_chat(tmp_path)
    await introduce(chat, "sam")
    await script(chat, [
        "ann: make Sam Jones chair of Havant",
        "→ A chair chairs one partnership, and Havant has 2: Havant West, Havant East. Say which",
        "ann: make Sam Jones coordinator of Atlantis", "→ I don't know a partnership, district or area called 'atlantis'",
        "ann: make Sam Jones a member", "→ Everyone is a member already",
    ])
    assert roles.history(chat.database) == []


async def test_admins_from_the_settings_cannot_be_removed_in_chat(tmp_path):
    chat = roles_chat(tmp_path)
    await introduce(chat, "sam")
    await script(chat, [
        "ann: make Sam Jones an admin", "→ Sam Jones is now a county admin",
        "sam: remove Ann Admin as admin", "→ Ann Admin is an admin because the bot's settings say so",
        "sam: who are the admins?", "→ - Ann Admin: a county admin (from the bot's settings)\n- Sam Jones: a county admin",
    ])


async def test_roles_are_off_with_no_app_id_and_no_admins(tmp_path):
    chat = new_chat(tmp_path)
    assert open_mode(chat.config)
    await script(chat, [
        "mo: move Bay House School to Fareham", "→ Move Bay House School", "mo: no", "→ Nothing was changed",
        "mo: what is my role?", "→ Roles are switched off on this bot",
    ])


# ---- refusals say who can ---------------------------------------------------------------------

async def test_a_member_cannot_give_roles_or_move_schools_and_is_told_who_can(tmp_path):
    chat = roles_chat(tmp_path)
    await give_everyone_their_roles(chat)
    await script(chat, [
        "mo: make Mo Member chair of Gosport",
        "→ Sorry, you can't give or take away roles: only a county admin can. Ask Ann Admin (admin).",
        "mo: move Bay House School to Fareham",
        "→ Sorry, you can't move schools in or out of the Gosport partnership and the Fareham partnership: "
        "only the coordinators for Gosport and Fareham or a county admin can. Ask Ari Khan (coordinator) or Ann Admin (admin).",
        "mo: role history", "→ only a county admin can",
    ])
    assert len(roles.history(chat.database)) == 5     # only Ann's five


async def test_a_chair_cannot_move_a_school_out_of_their_own_partnership(tmp_path):
    chat = roles_chat(tmp_path)
    await give_everyone_their_roles(chat)
    await script(chat, [
        "sam: move Bay House School to Fareham", "→ Sorry, you can't move schools",
        "cora: move Bay House School to Fareham", "→ Sorry, you can't move schools",   # Gosport only, not Fareham
        "ari: move Bay House School to Fareham", "→ Move Bay House School", "ari: yes", "→ Done: Bay House School is now in the Fareham",
    ])


async def test_a_role_taken_away_mid_conversation_stops_the_change(tmp_path):
    chat = roles_chat(tmp_path)
    await give_everyone_their_roles(chat)
    await script(chat, [
        "ari: move Bay House School to Fareham", "→ Move Bay House School",
        "ann: remove Ari Khan as coordinator of South Hampshire", "→ no longer coordinator",
        "ari: yes", "→ Sorry, you can't move schools",
    ])
    from storage.directory_changes import all_moves
    assert all_moves(chat.database) == []


# ---- the matrix: each role x each command -----------------------------------------------------

# What each person may do for Gosport (the partnership Sam chairs and Cora coordinates).
ALLOWED_FOR_GOSPORT = {
    "ann":  {"ask", "log_minutes", "edit_minutes", "edit_actions", "move_school", "change_deadline", "manage_roles",
             "record_cycle", "withdraw_meeting"},
    "sam":  {"ask", "log_minutes", "edit_minutes", "edit_actions", "record_cycle"},
    "cora": {"ask", "log_minutes", "edit_minutes", "edit_actions", "move_school", "change_deadline", "record_cycle"},
    "dee":  {"ask"},                                         # coordinates Havant, not Gosport
    "ari":  {"ask", "log_minutes", "edit_minutes", "edit_actions", "move_school", "change_deadline", "record_cycle"},
    "nick": {"ask"},                                         # chairs Fareham, not Gosport
    "mo":   {"ask"},
}


@pytest.fixture
async def everyone(tmp_path):
    chat = roles_chat(tmp_path)
    await give_everyone_their_roles(chat)
    return chat


@pytest.mark.parametrize("who", list(ALLOWED_FOR_GOSPORT))
@pytest.mark.parametrize("action", list(RULES))
async def test_role_matrix(everyone, who, action):
    gosport = everyone.services.directory.partnerships["gosport"]
    decision = await check(everyone.services, PEOPLE[who][0], action, [gosport])
    assert decision.allowed == (action in ALLOWED_FOR_GOSPORT[who]), decision.refusal
    if not decision.allowed:
        assert "only" in decision.refusal and "Ask" in decision.refusal


@pytest.mark.parametrize("who,allowed", [("ann", True), ("ari", False), ("cora", False), ("mo", False)])
async def test_county_wide_changes_are_for_admins(everyone, who, allowed):
    assert (await check(everyone.services, PEOPLE[who][0], "change_deadline", [])).allowed == allowed


async def test_identity_is_the_teams_id_not_the_display_name(tmp_path):
    """Someone who renames themselves 'Ann Admin' is still not an admin."""
    chat = roles_chat(tmp_path)
    impostor = Activity(type="message", text="make Ann Admin chair of Gosport",
                        from_property=ChannelAccount(id="29:eve", name="Ann Admin", aad_object_id="aad-eve"))
    replies = await chat.send(impostor)
    assert "Sorry, you can't give or take away roles" in text_of(replies[0])


async def test_roles_survive_a_restart(tmp_path):
    chat = roles_chat(tmp_path)
    await give_everyone_their_roles(chat)
    chat.database.close()
    again = roles_chat(tmp_path, database=open_database(str(tmp_path / "bot.json")))
    await script(again, ["sam: what is my role?", "→ You are chair of Gosport"])


# ---- minutes and actions (issue 3), through the chat -------------------------------------------

GOSPORT_MINUTES = ("log a meeting for Gosport on 9/3. Present: Head of Bay House, PC Jones (Hampshire "
                   "Constabulary). Apologies: none. Decisions: adopt the plan. Actions: Sam Jones to book the hall by 31/03")


@pytest.mark.parametrize("who", list(ALLOWED_FOR_GOSPORT))
async def test_role_matrix_logging_minutes_in_chat(tmp_path, who):
    chat = roles_chat(tmp_path, today="2010-03-10")
    await give_everyone_their_roles(chat)
    if "log_minutes" in ALLOWED_FOR_GOSPORT[who]:
        await script(chat, [f"{who}: {GOSPORT_MINUTES}", "→ Here are the minutes:", f"{who}: save",
                            "→ Saved the minutes of the Gosport partnership meeting"])
        assert len(meetings_for(chat.database, "gosport")) == 1
    else:
        await script(chat, [f"{who}: {GOSPORT_MINUTES}",
                            "→ Sorry, you can't log minutes for the Gosport partnership: only the Gosport "
                            "partnership's chair, its coordinators or a county admin can. Ask Sam Jones (chair)"])
        assert meetings_for(chat.database) == []


@pytest.mark.parametrize("who", list(ALLOWED_FOR_GOSPORT))
@pytest.mark.parametrize("command", ["action 1 for Gosport done", "move action 1 for Gosport to 30 April",
                                     "reassign action 1 for Gosport to Cora Lee"])
async def test_role_matrix_changing_actions_in_chat(tmp_path, who, command):
    chat = roles_chat(tmp_path, today="2010-03-10")
    await give_everyone_their_roles(chat)
    await script(chat, [f"sam: {GOSPORT_MINUTES}", "→ Here are the minutes:", "sam: save", "→ Saved"])
    before = meetings_for(chat.database, "gosport")[0]["actions"][0]
    replies = await say_as(chat, who, command)
    after = meetings_for(chat.database, "gosport")[0]["actions"][0]
    if "edit_actions" in ALLOWED_FOR_GOSPORT[who]:
        assert "Gosport action 1 is now" in text_of(replies[0]), text_of(replies[0])
        assert after != before and after["history"][-1]["by"] == PEOPLE[who][0]
    else:
        assert text_of(replies[0]).startswith("Sorry, you can't change the actions of the Gosport partnership")
        assert after == before


async def test_anyone_can_read_the_minutes_and_actions(tmp_path):
    chat = roles_chat(tmp_path, today="2010-03-10")
    await give_everyone_their_roles(chat)
    await script(chat, [f"sam: {GOSPORT_MINUTES}", "→ Here are the minutes:", "sam: save", "→ Saved",
                        "mo: open actions for Gosport", "→ book the hall",
                        "mo: last meeting of Gosport", "→ Gosport"])


# ---- deadlines (issue 4), through the chat -----------------------------------------------------

@pytest.mark.parametrize("who", list(ALLOWED_FOR_GOSPORT))
async def test_role_matrix_adding_a_gosport_deadline_in_chat(tmp_path, who):
    chat = roles_chat(tmp_path, today="2010-03-10")
    await give_everyone_their_roles(chat)
    command = f"{who}: add deadline: self-evaluation due 31 March for Gosport"
    if "change_deadline" in ALLOWED_FOR_GOSPORT[who]:
        await script(chat, [command, '→ Add "Self-evaluation" for the Gosport partnership', f"{who}: yes",
                            '→ Added: "Self-evaluation"'])
    else:
        await script(chat, [command, "→ Sorry, you can't change the deadlines of the Gosport partnership: only the "
                                     "coordinators for Gosport or a county admin can. Ask Cora Lee (coordinator)"])
    listed = text_of((await say_as(chat, "mo", "deadlines for Gosport"))[0])
    assert ("Self-evaluation" in listed) == ("change_deadline" in ALLOWED_FOR_GOSPORT[who])


@pytest.mark.parametrize("who,allowed", [("ann", True), ("ari", False), ("cora", False), ("sam", False), ("mo", False)])
async def test_only_a_county_admin_moves_a_county_wide_deadline(tmp_path, who, allowed):
    chat = roles_chat(tmp_path, today="2010-03-10")
    await give_everyone_their_roles(chat)
    if allowed:
        await script(chat, [f"{who}: move the delivery plan deadline to 6 August", "→ Move \"Summary level delivery plan",
                            f"{who}: yes", "→ Moved:"])
    else:
        await script(chat, [f"{who}: move the delivery plan deadline to 6 August",
                            "→ Sorry, you can't change the deadlines of every partnership: only a county admin can. "
                            "Ask Ann Admin (admin)."])


async def test_roles_are_read_again_only_when_the_role_log_changes_even_from_another_bot(tmp_path, monkeypatch):
    # Every guarded command checks the roles: they come from memory while the role log's file is
    # unchanged, and are read again as soon as it changes, here by a second bot on the same store.
    chat = roles_chat(tmp_path, today="2010-03-10")
    await introduce(chat, "sam")
    await script(chat, ["ann: make Sam Jones chair of Gosport", "→ Sam Jones is now chair of Gosport",
                        f"sam: {GOSPORT_MINUTES}", "→ Here are the minutes:", "sam: cancel", "→ "])
    reads = []
    real_read = roles.current_grants
    monkeypatch.setattr(roles, "current_grants", lambda database: reads.append(1) or real_read(database))
    await script(chat, [f"sam: {GOSPORT_MINUTES}", "→ Here are the minutes:", "sam: cancel", "→ "])
    assert reads == []

    other = roles_chat(tmp_path, today="2010-03-10", database=open_database(str(tmp_path / "bot.json")))
    await script(other, ["ann: remove Sam Jones as chair of Gosport", "→ Sam Jones is no longer chair of Gosport"])
    reads.clear()
    await script(chat, [f"sam: {GOSPORT_MINUTES}", "→ Sorry, you can't log minutes for the Gosport partnership"])
    assert reads == [1]
