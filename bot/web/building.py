"""Building the bot from its parts: the directory, the records, the clock, the state and the handler.

Used by app.py (the HTTP server), the console and the command line, so all three run the same bot.
The one place in bot/ that knows where the records are kept: the TinyDB store
(storage/repositories.py), or with BOT_STORAGE=azure, Azure Storage (storage/azure/).
"""

import logging

from botbuilder.core import ConversationState, Storage, UserState

from bot.partnership_bot import PartnershipBot
from bot.services import Services
from config import DefaultConfig
from knowledge.clock import Clock, utc_iso
from knowledge.deadlines import load_seed
from knowledge.directory import load_directory
from storage import deadlines as deadline_store
from storage.azure.settings import AzureSettings
from storage.bot_state_storage import TinyDBStorage
from storage.database import Database
from storage.directory_changes import all_moves
from storage.faults import StoreProblem
from storage.repositories import TinyDBRecords

log = logging.getLogger(__name__)

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


def create_services(config: DefaultConfig, database: Database, clock: Clock | None = None) -> Services:
    """Everything a turn can use. Reads at start-up (before any turn, so off no loop's back): the
    directory's corrections, the people the bot has met, and the 2010 timetable on first start.
    With Azure Storage those reads are async: `start_services` does them when the loop runs."""
    directory = load_directory()
    settings = azure_settings(config)
    if settings is not None:
        from storage.azure.tables import AzureRecords        # the Azure SDK only when it is used
        return Services(directory=directory, database=database, clock=clock or Clock(config.BOT_TODAY or None),
                        config=config, records=AzureRecords(settings))
    directory.apply_moves(all_moves(database))
    services = Services(directory=directory, database=database, clock=clock or Clock(config.BOT_TODAY or None),
                        config=config, records=TinyDBRecords(database))
    seed_deadlines(services)
    return services


async def start_services(services: Services) -> None:
    """With Azure Storage, what create_services reads from TinyDB: the tables made if missing, the
    people the bot has met, the directory's corrections and the 2010 timetable (seeded once, however
    many instances start at once). Nothing to do with TinyDB."""
    start = getattr(services.records, "start", None)
    if start is None:
        return
    try:
        await start()
    except Exception as error:      # an account that cannot be reached or refuses the key: one line, no traceback
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        await stop_services(services)
        raise StoreProblem(f"Azure Storage could not be reached ({reason}); check AZURE_STORAGE_CONNECTION_STRING "
                           "or AZURE_STORAGE_ACCOUNT") from error
    services.directory.apply_moves(await services.records.moves.all())
    services.records.follow_moves(services.directory.apply_moves)     # and those other instances keep
    added = await services.records.deadlines.seed(load_seed(directory=services.directory),
                                                  utc_iso(services.clock.now()))
    if added:
        log.info("Seeded %d deadlines from knowledge/data/deadlines.yaml", added)


async def stop_services(services: Services) -> None:
    close = getattr(services.records, "close", None)
    if close is not None:
        await close()


def seed_deadlines(services) -> int:
    """Put the 2010 timetable in the deadline store unless it is there already (safe every start)."""
    added = deadline_store.seed(services.database, load_seed(directory=services.directory),
                                utc_iso(services.clock.now()))
    if added:
        log.info("Seeded %d deadlines from knowledge/data/deadlines.yaml", added)
    return added


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
