"""What every turn can use: the directory, the database, the clock and the settings."""

from dataclasses import dataclass
from functools import cached_property

from config import DefaultConfig
from knowledge.clock import Clock
from knowledge.directory import Directory
from storage.database import Database
from storage.people import PeopleSeen


@dataclass
class Services:
    directory: Directory
    database: Database
    clock: Clock
    config: DefaultConfig

    @cached_property
    def people(self) -> PeopleSeen:
        """Everyone the bot has met (Teams id -> name), so roles can be given by name."""
        return PeopleSeen(self.database)
