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
