"""Building the bot from its parts: the directory, the database, the clock, the state and the handler.

Used by app.py (the HTTP server), the console and the command line, so all three run the same bot.
"""

from botbuilder.core import ConversationState, Storage, UserState

from bot.partnership_bot import PartnershipBot
from bot.services import Services
from config import DefaultConfig
from knowledge.clock import Clock
from knowledge.directory import load_directory
from storage.azure.settings import AzureSettings
from storage.bot_state_storage import TinyDBStorage
from storage.database import Database
from storage.directory_changes import all_moves
from storage.faults import StoreProblem

from .nudge_scheduler import seed_deadlines


def create_services(config: DefaultConfig, database: Database, clock: Clock | None = None) -> Services:
    directory = load_directory()
    directory.apply_moves(all_moves(database))
    services = Services(directory=directory, database=database, clock=clock or Clock(config.BOT_TODAY or None),
                        config=config)
    seed_deadlines(services)      # the 2010 timetable, on first start only
    return services


STORAGES = ("tinydb", "azure")


def azure_settings(config: DefaultConfig) -> AzureSettings | None:
    """The Azure Storage account with BOT_STORAGE=azure, else None. StoreProblem (one line for a
    person) if BOT_STORAGE is neither choice or the Azure settings are incomplete."""
    if config.BOT_STORAGE not in STORAGES:
        raise StoreProblem(f"BOT_STORAGE must be {' or '.join(STORAGES)}, not {config.BOT_STORAGE!r}")
    if config.BOT_STORAGE != "azure":
        return None
    return AzureSettings(connection_string=config.AZURE_STORAGE_CONNECTION_STRING,
                         account=config.AZURE_STORAGE_ACCOUNT, state_container=config.AZURE_STATE_CONTAINER,
                         table_prefix=config.AZURE_TABLE_PREFIX)


def create_state_storage(services: Services) -> Storage:
    """Where conversation and user state are kept: the TinyDB store, or blobs in Azure Storage."""
    settings = azure_settings(services.config)
    if settings is None:
        return TinyDBStorage(services.database)
    from storage.azure.bot_state import AzureBlobStorage     # botbuilder-azure only when it is used
    return AzureBlobStorage(settings)


def create_bot(services: Services, storage: Storage | None = None):
    storage = storage or create_state_storage(services)
    conversation_state = ConversationState(storage)
    user_state = UserState(storage)
    bot = PartnershipBot(services, conversation_state, user_state)
    return bot, conversation_state
