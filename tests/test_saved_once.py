"""Nothing twice (issue 11): a meeting, a deadline or a move is saved once, however often it is
confirmed: Save pressed again, "save" said again after a crash between writing the record and
writing the conversation's state, or the same activity sent again by the channel."""

import copy

from botbuilder.schema import Activity, ActivityTypes

from storage.bot_state_storage import state_documents
from storage.deadlines import all_deadlines
from storage.directory_changes import all_moves
from storage.meetings import meetings_for
from tests.conversation import new_chat, talk
from tests.test_log_meeting_http import RunningApp, texts

ONE_SENTENCE = ("log a meeting for Gosport on 9 March. Present: Jo Smith (Gosport Police), Head of Bay House. "
                "Apologies: none. Decisions: adopt the plan. Actions: Jo to circulate the plan by 19 March")


class CrashBeforeTheStateIsSaved:
    """Keeps the conversation's state as it was before a turn and puts it back after it: what a crash
    after the record's write and before the state's write leaves behind."""

    def __init__(self, chat):
        self.table = state_documents(chat.database)

    def __enter__(self):
        self.rows = copy.deepcopy(self.table.all())
        return self

    def __exit__(self, *_):
        self.table.truncate()
        self.table.insert_multiple(self.rows)


async def test_save_said_again_after_a_crash_before_the_state_was_saved_saves_once(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-10")
    await talk(chat, [ONE_SENTENCE, "→ Here are the minutes:"])
    with CrashBeforeTheStateIsSaved(chat):
        await talk(chat, ["save", "→ Saved the minutes of the Gosport partnership meeting on Tuesday 9 March 2010"])
    # The bot restarted with the summary still waiting: the chair, unsure, says "save" again.
    await talk(chat, [
        "save",
        "→ These minutes are already saved: the Gosport partnership meeting on Tuesday 9 March 2010, logged by "
        "Jo Smith. Nothing was saved twice.",
    ])
    [meeting] = meetings_for(chat.database, "gosport")
    assert [a["number"] for a in meeting["actions"]] == [1]      # no second copy with new action numbers


async def test_pressing_save_on_the_card_a_second_time_answers_already_saved(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-10")
    [summary] = await chat.say(ONE_SENTENCE)
    save = summary.attachments[0].content["actions"][0]["data"]
    press = Activity(type=ActivityTypes.message, value=save)
    [saved] = await chat.send(press)
    assert saved.text.startswith("Saved the minutes of the Gosport partnership meeting")
    [again] = await chat.send(Activity(type=ActivityTypes.message, value=save))
    assert again.text.startswith("These minutes are already saved")
    assert len(meetings_for(chat.database, "gosport")) == 1


async def test_save_with_nothing_waiting_says_so(tmp_path):
    await talk(new_chat(tmp_path), ["save", "→ There are no minutes waiting to be saved here."])


async def test_a_deadline_confirmed_again_after_a_crash_is_added_once(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-10")
    before = len(all_deadlines(chat.database))
    await talk(chat, ["add deadline: self-evaluation due 31 March for Gosport", "→ right?"])
    with CrashBeforeTheStateIsSaved(chat):
        await talk(chat, ["yes", "→ Added: \"Self-evaluation\" for the Gosport partnership"])
    await talk(chat, ["yes", "→ Already added: \"Self-evaluation\" for the Gosport partnership, due Wednesday "
                             "31 March 2010. Nothing was added twice."])
    assert len(all_deadlines(chat.database)) == before + 1


async def test_a_deadline_move_confirmed_again_after_a_crash_is_recorded_once(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-10")
    await talk(chat, ["move the delivery plan deadline to 6 August", "→ right?"])
    with CrashBeforeTheStateIsSaved(chat):
        await talk(chat, ["yes", "→ Moved:"])
    await talk(chat, ["yes", "→ Already moved:"])
    [plan] = [d for d in all_deadlines(chat.database) if d["title"].startswith("Summary level delivery plan")]
    assert plan["due"] == "2010-08-06"
    assert sum("->" in h["what"] for h in plan["history"]) == 1


async def test_a_school_move_confirmed_again_after_a_crash_is_kept_once(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-15")
    await talk(chat, ["move Crookhorn College to Havant East", "→ Move Crookhorn College"])
    with CrashBeforeTheStateIsSaved(chat):
        await talk(chat, ["yes", "→ Done: Crookhorn College is now in the Havant East partnership"])
    await talk(chat, ["yes", "→ Already done: Crookhorn College is in the Havant East partnership."])
    assert len(all_moves(chat.database)) == 1


# ---- the same activity sent again by the channel ------------------------------------------------

class Replaying(RunningApp):
    """The real app over HTTP, where the test chooses each activity's id."""

    async def send_as(self, activity_id: str, text: str) -> list[dict]:
        self.ids = iter([activity_id])
        return await self.send(text)


async def test_a_replayed_activity_is_answered_once_and_saves_once(tmp_path):
    app = await Replaying(str(tmp_path / "bot.json"), "2010-03-10").start()
    try:
        await app.send_as("m1", ONE_SENTENCE)
        first = texts(await app.send_as("m2", "save"))
        assert first.startswith("Saved the minutes of the Gosport partnership meeting")
        for _ in range(10):           # the channel sends "save" again, ten times
            assert texts(await app.send_as("m2", "save")) == first     # the same answer, not redone
        await app.send_as("m3", "add deadline: self-evaluation due 31 March for Gosport")
        added = texts(await app.send_as("m4", "yes"))
        assert added.startswith("Added:")
        for _ in range(10):
            assert texts(await app.send_as("m4", "yes")) == added
        # A new activity with new words is a new turn, as ever.
        assert "already saved" in texts(await app.send_as("m5", "save"))
        meetings = meetings_for(app.database, "gosport")
        deadlines = [d for d in all_deadlines(app.database) if d["title"] == "Self-evaluation"]
    finally:
        await app.stop()
    assert len(meetings) == 1
    assert len(deadlines) == 1
