"""What every turn can use: the directory, the records (through their repositories), the clock and
the settings."""

from dataclasses import dataclass

from config import DefaultConfig
from knowledge.clock import Clock
from knowledge.directory import Directory
from knowledge.repositories import People, Records


@dataclass
class Services:
    directory: Directory
    database: object        # the store itself: for the conversation state's storage (bot/web/building.py)
    clock: Clock
    config: DefaultConfig
    records: Records        # every record, through repositories that work off the event loop

    @property
    def people(self) -> People:
        """Everyone the bot has met (Teams id -> name), so roles can be given by name."""
        return self.records.people

