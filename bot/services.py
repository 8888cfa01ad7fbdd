"""What every turn can use: the directory, the database, the clock and the settings."""

from dataclasses import dataclass

from config import DefaultConfig
from knowledge.clock import Clock
from knowledge.directory import Directory
from storage.database import Database


@dataclass
class Services:
    directory: Directory
    database: Database
    clock: Clock
    config: DefaultConfig
