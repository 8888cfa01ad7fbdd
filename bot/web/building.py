"""Building the bot from its parts: the directory, the records, the clock, the state and the handler.

Used by app.py (the HTTP server), the console and the command line, so all three run the same bot.
The one place in bot/ that knows the records are kept in TinyDB (storage/repositories.py).
"""

import logging

from botbuilder.core import ConversationState, UserState

from bot.partnership_bot import PartnershipBot
from bot.services import Services
from config import DefaultConfig
from knowledge.clock import Clock, utc_iso
from knowledge.deadlines import load_seed
from knowledge.directory import load_directory
from storage import deadlines as deadline_store
from storage.bot_state_storage import TinyDBStorage
from storage.database import Database
from storage.directory_changes import all_moves
from storage.repositories import TinyDBRecords

log = logging.getLogger(__name__)


def create_services(config: DefaultConfig, database: Database, clock: Clock | None = None) -> Services:
    """Everything a turn can use. Reads at start-up (before any turn, so off no loop's back): the
    directory's corrections, the people the bot has met, and the 2010 timetable on first start."""
    directory = load_directory()
    directory.apply_moves(all_moves(database))
    services = Services(directory=directory, database=database, clock=clock or Clock(config.BOT_TODAY or None),
                        config=config, records=TinyDBRecords(database))
    seed_deadlines(services)
    return services


def seed_deadlines(services) -> int:
    """Put the 2010 timetable in the deadline store unless it is there already (safe every start)."""
    added = deadline_store.seed(services.database, load_seed(directory=services.directory),
                                utc_iso(services.clock.now()))
    if added:
        log.info("Seeded %d deadlines from knowledge/data/deadlines.yaml", added)
    return added


def create_bot(services: Services):
    storage = TinyDBStorage(services.database)
    conversation_state = ConversationState(storage)
    user_state = UserState(storage)
    bot = PartnershipBot(services, conversation_state, user_state)
    return bot, conversation_state
