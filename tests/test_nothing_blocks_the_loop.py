"""Nothing blocks the event loop (issue 16): no database lock is taken on it, and no data file is
parsed again turn after turn. Counts, never timings.

The database's lock notes each time it is taken on a thread running an event loop
(storage.database.DatabaseLock): there, a call waits for any other thread's write and fsync while
every conversation waits with it.
"""

import traceback
from pathlib import Path

import yaml

from storage.database import open_database
from storage.off_loop import in_background
from tests.conversation import new_chat, talk

MINUTES = ("log a meeting for Gosport on 9 March. Present: Jo Smith (Gosport Police), Head of Bay House. "
           "Apologies: none. Decisions: adopt the plan. Actions: Jo to circulate the plan by 19 March")


def callers_on_the_loop(database) -> list[str]:
    """Where each take of the lock on the loop came from, filled in as the chat goes on."""
    found = []

    def note(frame):
        ours = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in traceback.extract_stack(frame, limit=8)
                if "/tests/" not in f.filename and "site-packages" not in f.filename]
        found.append(" <- ".join(reversed(ours[-3:])))

    database.lock.on_loop = note
    return found


async def test_a_database_call_on_the_loop_is_noticed_and_one_in_the_background_is_not(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    on_loop = callers_on_the_loop(database)

    await in_background(database, database.table("people").all)
    assert database.lock.taken_on_loop == 0

    with database.lock:          # what a handler calling a storage function directly does
        database.table("people").all()
    assert database.lock.taken_on_loop == 1
    assert len(on_loop) == 1


async def test_saving_minutes_twice_parses_no_data_file_the_second_time(tmp_path, monkeypatch):
    chat = new_chat(tmp_path, today="2010-03-10")
    await talk(chat, [MINUTES, "→ Here are the minutes:", "save", "→ Saved the minutes"])
    parsed = []
    real_safe_load = yaml.safe_load
    monkeypatch.setattr(yaml, "safe_load", lambda *a, **k: parsed.append(a) or real_safe_load(*a, **k))

    await talk(chat, [MINUTES.replace("on 9 March", "on 10 March"), "→ Here are the minutes:",
                      "save", "→ Saved the minutes", "show actions", "→ "])
    assert parsed == []


async def test_a_days_chat_takes_no_database_lock_on_the_event_loop(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-10")
    on_loop = callers_on_the_loop(chat.database)
    for text in ["hello", "which partnership is Perins School in?", MINUTES, "save", "show actions",
                 "what must we do by July?", "nudge me about Gosport", "what is my role?",
                 "move Bay House School to Fareham", "yes", "who are the chairs?", "export minutes"]:
        await chat.say(text)
    assert on_loop == []


async def test_a_question_about_a_school_reads_no_roles_but_one_about_our_partnership_does(tmp_path):
    # Who chairs what is a database read (on its worker, behind any meeting being saved): a
    # question that does not speak of the asker needs none; "my partnership" needs the chair's.
    chat = new_chat(tmp_path, today="2010-03-10")
    chat.config.BOT_ADMINS = ["aad-jo"]
    await talk(chat, ["make Jo Smith chair of Gosport", "→ Jo Smith is now chair of Gosport"])
    roles = chat.services.records.roles
    reads = []
    real_current = roles.current

    async def counted_current():
        reads.append(1)
        return await real_current()

    roles.current = counted_current
    await talk(chat, ["which partnership is Perins School in?", "→ Winchester",
                      "who else is in Havant West?", "→ Havant West"])
    assert reads == []
    await talk(chat, ["list the schools in my partnership please", "→ The Gosport partnership"])
    assert reads != []


async def test_a_started_bot_has_trained_its_recognizer_and_set_its_start_up_aside_from_the_collector(tmp_path):
    # A full garbage collection walks every object the process holds; what start-up built (the
    # directory, the recognizer) is frozen out of it, so it is not walked again and again.
    import gc

    from aiohttp import web

    from app import create_app
    from bot.meaning import _recognizer
    from config import DefaultConfig
    from knowledge.clock import Clock

    from bot.web.long_lived import COLLECT_AFTER

    gc.unfreeze()
    _recognizer.cache_clear()
    thresholds = gc.get_threshold()
    app = create_app(DefaultConfig(BOT_DB=str(tmp_path / "bot.json")), clock=Clock("2010-03-10"))
    runner = web.AppRunner(app)
    await runner.setup()          # runs the start-up steps, as serving does
    try:
        assert _recognizer.cache_info().currsize == 1
        assert gc.get_freeze_count() > 100_000
        assert gc.get_threshold() == COLLECT_AFTER      # young objects collected less often from then on
    finally:
        await runner.cleanup()
        gc.set_threshold(*thresholds)
