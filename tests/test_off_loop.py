"""No turn holds up the event loop on the store: every record is read and written through the
repositories on Services, which wait for the database on its own worker thread.

While another thread holds the database (a slow write), a turn that notes a new speaker, reads
the roles and reads the actions just waits, and the loop keeps running everyone else's work."""

import asyncio
import threading

from tests.conversation import new_chat, text_of


async def test_a_turn_waits_for_a_busy_store_without_holding_up_the_loop(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-10")
    chat.config.BOT_ADMINS = ["aad-ann"]          # roles on: the turn reads everyone's grants
    held, release = threading.Event(), threading.Event()
    released_by_the_loop = []

    def slow_write():
        with chat.database.lock:
            held.set()
            # Set by the loop below once it has run other work; the timeout is only a safety net
            # so a blocked loop fails the test rather than hanging it.
            released_by_the_loop.append(release.wait(timeout=60))

    writer = threading.Thread(target=slow_write)
    writer.start()
    await asyncio.get_running_loop().run_in_executor(None, held.wait)

    turn = asyncio.create_task(chat.say("my actions"))      # Jo is new here: her name is written too
    for _ in range(100):                                     # other conversations' work, on the loop
        await asyncio.sleep(0)
    assert not turn.done()
    release.set()
    replies = await turn
    await asyncio.get_running_loop().run_in_executor(None, writer.join)

    assert released_by_the_loop == [True]
    assert text_of(replies[0]) == "You have no open actions, Jo Smith."
    assert chat.services.people.name_of("aad-jo") == "Jo Smith"


def test_looking_for_a_person_while_someone_new_is_noted_never_fails(tmp_path, monkeypatch):
    # A chair names an action's owner (a search on the event loop) while another person's first
    # message is noted on the store's thread: the search sees the people as they were when it began.
    import storage.people
    from storage.database import open_database
    from storage.people import PeopleSeen
    people = PeopleSeen(open_database(str(tmp_path / "bot.json")))
    for n in range(5):
        people.note(f"user-{n}", f"Sam Person{n}", "2010-03-01T10:00:00+00:00")
    real_simplify = storage.people.simplify
    newcomers = iter(range(100, 200))

    def simplify_while_someone_arrives(text):       # the other thread's note, mid-search
        n = next(newcomers)
        people.note(f"user-{n}", f"Newcomer {n}", "2010-03-01T10:00:00+00:00")
        return real_simplify(text)
    monkeypatch.setattr(storage.people, "simplify", simplify_while_someone_arrives)
    exact, partial = people.find("Sam")
    assert exact == [] and len(partial) == 5
    assert people.suggestions("Sam Persn1")
