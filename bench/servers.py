"""The two servers the bench talks to, on 127.0.0.1 in a process of their own.

- the bot: `app.create_app(config, database, clock)`, exactly what `make run` serves;
- the floor: the samples' echo bot (an ActivityHandler that repeats the text) keeping a turn
  counter in ConversationState, on the same CloudAdapter (`bot.web.adapter.create_adapter`), behind
  the same `/api/messages` handler, with the same storage (TinyDBStorage, in a store of its own).

Both keep one Bot Connector client per service URL (bot/web/kept_clients.py); with
`keep_clients=False` both make new ones every turn, as botbuilder does by itself (the "before").

They run in a child process so that the client's own work (building requests, parsing replies)
does not share a CPU with the server's: the machine has 2 cores, one each. The child stops when
the bench says so, or by itself after `max_seconds` whatever happens.
"""

import asyncio
import contextlib
import logging
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from botbuilder.core import ActivityHandler, ConversationState, MessageFactory, TurnContext

HOST = "127.0.0.1"
BENCH_ADMINS = ("bench-user", "bench-user-warmup", *(f"bench-user-{n}" for n in range(50)))


class EchoBot(ActivityHandler):
    """The framework's floor, as in the samples: one reply, and a turn counter in ConversationState."""

    def __init__(self, conversation_state: ConversationState):
        self.conversation_state = conversation_state
        self.turns = conversation_state.create_property("turns")

    async def on_turn(self, turn_context: TurnContext):
        await super().on_turn(turn_context)
        await self.conversation_state.save_changes(turn_context)

    async def on_message_activity(self, turn_context: TurnContext):
        await self.turns.set(turn_context, (await self.turns.get(turn_context) or 0) + 1)
        await turn_context.send_activity(MessageFactory.text(f"You said: {turn_context.activity.text}"))


def create_echo_app(config, database) -> web.Application:
    from bot.web.adapter import close_connections, create_adapter
    from bot.web.messages_endpoint import messages_handler
    from storage.bot_state_storage import TinyDBStorage

    conversation_state = ConversationState(TinyDBStorage(database))
    adapter = create_adapter(config, conversation_state)
    app = web.Application()
    app.router.add_post("/api/messages", messages_handler(adapter, EchoBot(conversation_state), config=config))
    app.on_cleanup.append(lambda _app: close_connections(adapter))
    return app


def echo_store(db_path: str) -> str:
    """The echo bot's own store, beside the bot's."""
    return str(Path(db_path).with_name("echo.json"))


@dataclass
class Urls:
    bot: str
    echo: str
    pid: int          # the servers' process, for its CPU time


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _serve(db_path: str, today: str, connection, max_seconds: float, keep_clients: bool) -> None:
    logging.basicConfig(level=logging.WARNING)
    if not keep_clients:
        import bot.web.adapter
        bot.web.adapter.KeptClients = lambda authentication: authentication    # botbuilder as it comes
    asyncio.run(_serve_until_stopped(db_path, today, connection, max_seconds))


async def _serve_until_stopped(db_path, today, connection, max_seconds):
    from app import create_app
    from config import DefaultConfig
    from knowledge.clock import Clock
    from storage.database import open_database

    # Roles on, as in Teams: the bench's people are admins, so corrections pass the real check.
    # The per-person rate limiter stays in the path (its cost is measured) but is set far above
    # what the bench sends, since one bench "person" sends hundreds of turns a minute.
    config = DefaultConfig(BOT_DB=db_path, BOT_TODAY=today, BOT_ADMINS=list(BENCH_ADMINS),
                           BOT_RATE_LIMIT=1_000_000)
    apps = [create_app(config, open_database(db_path), Clock(today)),
            create_echo_app(config, open_database(echo_store(db_path)))]
    runners, ports = [], []
    for app in apps:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, HOST, 0).start()
        runners.append(runner)
        ports.append(runner.addresses[0][1])
    connection.send(ports)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_reader(connection.fileno(), stop.set)
    try:
        await asyncio.wait_for(stop.wait(), max_seconds)
    except asyncio.TimeoutError:
        logging.warning("bench servers: stopping after %s s without being told to", max_seconds)
    finally:
        loop.remove_reader(connection.fileno())
        for runner in runners:
            await runner.cleanup()


@contextlib.contextmanager
def running_servers(db_path: str, today: str = "2010-07-01", max_seconds: float = 900, keep_clients: bool = True):
    """Start the bot and the echo bot in a child process; yield their /api/messages URLs."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(db_path, today, theirs, max_seconds, keep_clients), daemon=True)
    process.start()
    try:
        if not ours.poll(120):
            raise RuntimeError("the bench servers did not start within 2 minutes")
        bot_port, echo_port = ours.recv()
        yield Urls(bot=f"http://{HOST}:{bot_port}/api/messages", echo=f"http://{HOST}:{echo_port}/api/messages",
                   pid=process.pid)
    finally:
        with contextlib.suppress(OSError):
            ours.send("stop")
        process.join(15)
        if process.is_alive():
            process.terminate()
            process.join(5)
