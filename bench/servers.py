"""The two servers the bench talks to, on 127.0.0.1 in a process of their own.

- the bot: `app.create_app(config, database, clock)`, exactly what `make run` serves;
- the floor: a bare botbuilder echo bot (an ActivityHandler that repeats the text) on the same
  CloudAdapter (`bot.web.adapter.create_adapter`) behind the same `/api/messages` handler.

They run in a child process so that the client's own work (building requests, parsing replies)
does not share a CPU with the server's: the machine has 2 cores, one each. The child stops when
the bench says so, or by itself after `max_seconds` whatever happens.
"""

import asyncio
import contextlib
import logging
import multiprocessing
from dataclasses import dataclass

from aiohttp import web
from botbuilder.core import ActivityHandler, ConversationState, MemoryStorage, MessageFactory, TurnContext

HOST = "127.0.0.1"
BENCH_ADMINS = ("bench-user", "bench-user-warmup", *(f"bench-user-{n}" for n in range(50)))


class EchoBot(ActivityHandler):
    """The framework's floor: no state, no understanding, one reply."""

    async def on_message_activity(self, turn_context: TurnContext):
        await turn_context.send_activity(MessageFactory.text(f"You said: {turn_context.activity.text}"))


def create_echo_app(config) -> web.Application:
    from bot.web.adapter import create_adapter
    from bot.web.messages_endpoint import messages_handler

    adapter = create_adapter(config, ConversationState(MemoryStorage()))
    app = web.Application()
    app.router.add_post("/api/messages", messages_handler(adapter, EchoBot()))
    return app


@dataclass
class Urls:
    bot: str
    echo: str


def speed_up_msrest() -> None:
    """msrest builds its retry list with `i not in <a 500-item list>` for 999 codes: ~3 ms, twice
    per turn (connector client and token client), in every botbuilder bot. As a set, the same
    list costs microseconds. Only the bench's "what if" servers do this; the bot does not."""
    from msrest.universal_http.requests import ClientRetryPolicy
    ClientRetryPolicy.safe_codes = frozenset(ClientRetryPolicy.safe_codes)


def _serve(db_path: str, today: str, connection, max_seconds: float, msrest_fix: bool) -> None:
    logging.basicConfig(level=logging.WARNING)
    if msrest_fix:
        speed_up_msrest()
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
    apps = [create_app(config, open_database(db_path), Clock(today)), create_echo_app(config)]
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
def running_servers(db_path: str, today: str = "2010-07-01", max_seconds: float = 600, msrest_fix: bool = False):
    """Start the bot and the echo bot in a child process; yield their /api/messages URLs."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(db_path, today, theirs, max_seconds, msrest_fix), daemon=True)
    process.start()
    try:
        if not ours.poll(120):
            raise RuntimeError("the bench servers did not start within 2 minutes")
        bot_port, echo_port = ours.recv()
        yield Urls(bot=f"http://{HOST}:{bot_port}/api/messages", echo=f"http://{HOST}:{echo_port}/api/messages")
    finally:
        with contextlib.suppress(OSError):
            ours.send("stop")
        process.join(15)
        if process.is_alive():
            process.terminate()
            process.join(5)
