"""The Hampshire partnerships bot: an aiohttp server for Microsoft Teams (and a console chat).

    python app.py              serve POST /api/messages on PORT (3978)
    python app.py --console    chat in this terminal with the same bot and the same database
"""

import argparse
import logging
import sys

from aiohttp import web
from bot.web.adapter import close_connections, create_adapter
from bot.web.console import chat
from bot.web.long_lived import settle
from bot.web.maps_endpoint import add_map_routes
from bot.web.messages_endpoint import MAX_BODY, messages_handler
from bot.web.building import (azure_settings, create_bot, create_services, create_state_storage, start_services,
                              stop_services)
from bot.web.nudge_scheduler import NudgeScheduler
from bot.permissions import describe_mode, open_mode
from bot.web.rate_limit import RateLimiter
from bot.web.service_urls import is_loopback
from bot.services import Services
from config import DefaultConfig
from knowledge.clock import Clock
from storage.database import Database, open_database
from storage.faults import StoreProblem

log = logging.getLogger("partnerships-bot")

# What the app keeps for its handlers and for tests that drive the real app.
SERVICES = web.AppKey("services", Services)
ADAPTER = web.AppKey("adapter", object)
BOT = web.AppKey("bot", object)
NUDGES = web.AppKey("nudges", NudgeScheduler)


def create_app(config: DefaultConfig, storage: Database | None = None, clock: Clock | None = None) -> web.Application:
    """The whole bot as an aiohttp app. Tests and benchmarks use this, so they run the real thing."""
    if storage is None and azure_settings(config) is None:
        storage = open_database(config.BOT_DB)
    services = create_services(config, storage, clock)
    state_storage = create_state_storage(services)
    bot, conversation_state = create_bot(services, state_storage)
    adapter = create_adapter(config, conversation_state)

    app = web.Application(client_max_size=MAX_BODY)
    app[SERVICES] = services
    app[ADAPTER] = adapter
    app[BOT] = bot
    limiter = RateLimiter(config.BOT_RATE_LIMIT) if config.BOT_RATE_LIMIT > 0 else None
    app.router.add_post("/api/messages", messages_handler(adapter, bot, limiter, config))
    app.router.add_get("/healthz", healthz)
    add_map_routes(app, services)         # GET /maps/<name>.png, for map cards
    # Deadline nudges: a scan every few minutes, started and stopped with the app.
    app[NUDGES] = NudgeScheduler(services, adapter, config.APP_ID, config.NUDGE_EVERY_SECONDS)
    app.on_startup.append(lambda _app: start_services(services))     # Azure Storage's start-up reads
    app.on_startup.append(lambda _app: settle(services))     # the recognizer trained, start-up kept from the GC
    app.on_startup.append(app[NUDGES].start)
    app.on_cleanup.append(app[NUDGES].stop)
    app.on_cleanup.append(lambda _app: stop_services(services))
    app.on_cleanup.append(lambda _app: close_connections(adapter))     # replies' keep-alive connections
    if hasattr(state_storage, "close"):       # Azure's HTTP session
        app.on_cleanup.append(lambda _app: state_storage.close())
    return app


async def healthz(request: web.Request) -> web.Response:
    directory = request.app[SERVICES].directory
    # nudge_scans: scans finished since start, so a test can wait for scans rather than for time.
    return web.json_response({"status": "ok", "schools": len(directory.schools),
                              "partnerships": len(directory.partnerships),
                              "nudge_scans": request.app[NUDGES].scans_finished})


def open_endpoint_warning(host: str) -> str:
    """What the bot says at start with no MicrosoftAppId: who can reach its unauthenticated endpoint."""
    if is_loopback(host):
        return (f"Listening on {host} only: no MicrosoftAppId, so requests are not authenticated. "
                "Set HOST=0.0.0.0 to listen on every address (never on a network you don't trust).")
    return (f"Listening on {host} with no MicrosoftAppId: anyone who can reach this port can use the bot "
            "as anyone, unauthenticated. Never do this on a network you don't trust; unset HOST to listen "
            "on 127.0.0.1 only.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="The Hampshire partnerships bot")
    parser.add_argument("--console", action="store_true", help="chat in this terminal instead of serving HTTP")
    parser.add_argument("--today", help="pretend today is this date (YYYY-MM-DD), e.g. 2010-07-20")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = DefaultConfig.from_environment()
    if args.today:
        config.BOT_TODAY = args.today
    try:
        azure = azure_settings(config)      # BOT_STORAGE and its settings make sense, or one line
        if azure is not None:
            # Any number of instances share it; no TinyDB store is opened (nor locked).
            log.info("State and records on Azure Storage (%s)", azure.where)
            database = None
        else:
            # The only writer of this store while it runs: a second bot on the same BOT_DB is refused.
            database = open_database(config.BOT_DB, sole_writer=True)
    except StoreProblem as error:     # damaged, in use, read-only or full: one line, no traceback
        print(f"Cannot start: {error}", file=sys.stderr)
        return 1
    (log.warning if open_mode(config) else log.info)(describe_mode(config))
    if args.console:
        return chat(config, database)
    if not config.APP_ID:
        log.warning(open_endpoint_warning(config.HOST))
    try:
        # building reads every stored record (a damaged one is one line); starting reaches Azure
        # Storage when it is the store (not reachable: one line too, no traceback)
        web.run_app(create_app(config, database), host=config.HOST, port=config.PORT)
    except StoreProblem as error:
        print(f"Cannot start: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
