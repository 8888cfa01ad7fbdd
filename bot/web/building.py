"""Building the bot from its parts: the directory, the database, the clock, the state and the handler.

Used by app.py (the HTTP server), the console and the command line, so all three run the same bot.
"""

from botbuilder.core import ConversationState, UserState

from bot.partnership_bot import PartnershipBot
from bot.services import Services
from config import DefaultConfig
from knowledge.clock import Clock
from knowledge.directory import load_directory
from storage.bot_state_storage import TinyDBStorage
from storage.database import Database
from storage.directory_changes import all_moves

from .nudge_scheduler import seed_deadlines


def create_services(config: DefaultConfig, database: Database, clock: Clock | None = None) -> Services:
    directory = load_directory()
    directory.apply_moves(all_moves(database))
    services = Services(directory=directory, database=database, clock=clock or Clock(config.BOT_TODAY or None),
                        config=config)
    seed_deadlines(services)      # the 2010 timetable, on first start only
    return services


def create_bot(services: Services):
    storage = TinyDBStorage(services.database)
    conversation_state = ConversationState(storage)
    user_state = UserState(storage)
    bot = PartnershipBot(services, conversation_state, user_state)
    return bot, conversation_state
