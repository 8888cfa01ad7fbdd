"""A coordinator corrects the directory in chat: confirmed, recorded with who and when, seen at once,
and still there after a restart."""

from storage.directory_changes import all_moves
from tests.conversation import new_chat, talk

CONFIRM = ("Move Crookhorn College (Waterlooville) from the Havant West partnership to the Havant East "
           "partnership? Everyone will see the change at once. (yes / no)")


async def test_no_changes_nothing(tmp_path):
    chat = new_chat(tmp_path)
    await talk(chat, [
        "move Crookhorn College to Havant East",
        f"→ {CONFIRM}",
        "no",
        "→ OK, Crookhorn College stays where it is. Nothing was changed.",
        "which partnership is Crookhorn College in?",
        "→ Crookhorn College (Waterlooville) is probably in the Havant West partnership",
    ])
    assert all_moves(chat.database) == []


async def test_a_number_is_not_an_answer_to_yes_or_no(tmp_path):
    # botbuilder read any number in the reply as choice 1 or 2: "reassign action 2 to Sam" said no.
    chat = new_chat(tmp_path)
    await talk(chat, [
        "move Crookhorn College to Havant East",
        f"→ {CONFIRM}",
        "reassign action 2 to Sam",
        "→ Please say 'yes' to move Crookhorn College, or 'no'.",
        "1",
        "→ Please say 'yes' to move Crookhorn College, or 'no'.",
        "no",
        "→ OK, Crookhorn College stays where it is. Nothing was changed.",
    ])
    assert all_moves(chat.database) == []


async def test_yes_records_who_and_when_and_the_lookup_sees_it_at_once(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-15", user_name="Jo Smith", aad_object_id="aad-jo-0001")
    await talk(chat, [
        "please move Crookhorn College into the Havant East partnership",
        f"→ {CONFIRM}",
        "yes",
        "→ Done: Crookhorn College is now in the Havant East partnership (it was in Havant West). "
        "Recorded as changed by Jo Smith on 15 March 2010 at 10:00.",
        "which partnership is Crookhorn College in?",
        "→ Crookhorn College (Waterlooville) is in the Havant East partnership. A coordinator (Jo Smith) moved "
        "it there on 15 March 2010 at 10:00; the letter's proposal was Havant West.",
        "where does that come from?",
        "→ From a coordinator's correction, recorded in the bot's database:\n"
        "- Jo Smith moved Crookhorn College to Havant East on 15 March 2010 at 10:00\n"
        "From the Director of Children's Services' open letter",
        "who is in Havant East?",
        "→ - Crookhorn College (Waterlooville): moved by a coordinator",
    ])
    [move] = all_moves(chat.database)
    assert move.pop("move_id")      # the confirmation's id: confirming twice keeps the move once
    assert move == {"school_id": "crookhorn-college-waterlooville", "school_name": "Crookhorn College",
                    "partnership_id": "havant-east", "previous_partnership_id": "havant-west",
                    "by": "aad-jo-0001", "by_name": "Jo Smith", "at": "2010-03-15T10:00:00+00:00"}


async def test_a_move_survives_a_restart(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-15")
    await talk(chat, ["move Test Valley School to Romsey", "→ from the Andover partnership to the Romsey", "yes",
                      "→ Done"])
    chat.database.close()

    restarted = new_chat(tmp_path, today="2010-04-01", user_name="Sam Jones", aad_object_id="aad-sam")
    await talk(restarted, [
        "which partnership is Test Valley School in?",
        "→ Test Valley School (Stockbridge) is in the Romsey partnership. A coordinator (Jo Smith) moved it there "
        "on 15 March 2010 at 10:00; the letter's proposal was Andover.",
    ])


async def test_a_school_already_there_is_not_moved(tmp_path):
    chat = new_chat(tmp_path)
    await talk(chat, [
        "move Perins to Winchester",
        "→ Perins School is already in the Winchester partnership.",
    ])
    assert all_moves(chat.database) == []


async def test_moving_an_ambiguous_school_asks_which_first(tmp_path):
    chat = new_chat(tmp_path)
    await talk(chat, [
        "move Farnborough college to Hart",
        "→ I know more than one school like 'farnborough college'. Which one?",
        "2",
        "→ Move Farnborough Sixth Form College (Farnborough) from the Rushmoor partnership to the Hart partnership?",
        "yes",
        "→ Done: Farnborough Sixth Form College is now in the Hart partnership",
    ])
    assert [m["school_name"] for m in all_moves(chat.database)] == ["Farnborough Sixth Form College"]


async def test_an_unknown_partnership_or_school_moves_nothing(tmp_path):
    chat = new_chat(tmp_path)
    await talk(chat, [
        "move Crookhorn College to Narnia",
        "→ I don't know a partnership, district or area called 'narnia'",
        "move Hogwarts to Havant East",
        "→ I couldn't find a school called 'hogwarts'",
        "move Perins to",
        "→ Which partnership should perins move to? Say, for example, 'move perins to Havant East'.",
    ])
    assert all_moves(chat.database) == []


async def test_a_basingstoke_school_can_be_placed_by_a_coordinator(tmp_path):
    await talk(new_chat(tmp_path, today="2010-05-04"), [
        "which partnership is Aldworth School in?",
        "→ Aldworth School (Basingstoke) has no partnership yet",
        "move Aldworth School to Hart",
        "→ Move Aldworth School (Basingstoke) from no partnership to the Hart partnership?",
        "yes",
        "→ Done: Aldworth School is now in the Hart partnership. Recorded as changed by Jo Smith on 4 May 2010",
        "which partnership is Aldworth in?",
        "→ Aldworth School (Basingstoke) is in the Hart partnership. A coordinator (Jo Smith) moved it there on "
        "4 May 2010 at 10:00. Proposed",
    ])
