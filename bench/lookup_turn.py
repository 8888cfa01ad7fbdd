"""3b. The lookup turn on the whole county against the 2010 starter list (84 schools).

A real PartnershipBot on botbuilder's TestAdapter and a fresh TinyDB file, in this process: "which
partnership is <school> in?" for the same secondary schools and colleges on both lists (both have
them), so only the directory's size differs. Reports the median and 90th percentile turn in ms.
"""

import asyncio
import csv
import tempfile
import time
from pathlib import Path

from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from bot.web.building import create_bot, create_services
from config import DefaultConfig
from knowledge.county_schools import starter_schools
from knowledge.directory import load_directory
from knowledge.school_list import write_schools
from storage.database import open_database

from .stats import summary_ms


def starter_list(folder: Path) -> Path:
    """The 84 secondary schools and colleges of the 2010 starter list, placed as before."""
    path = folder / "starter_schools.csv"
    write_schools(path, starter_schools())
    return path


async def _turns(folder: Path, schools_file: Path | None, names: list[str]) -> list[float]:
    config = DefaultConfig(BOT_DB=str(folder / f"{'starter' if schools_file else 'county'}.json"),
                           BOT_SERVICE_URLS=["https://bench.example"])
    database = open_database(config.BOT_DB)
    try:
        services = create_services(config, database)
        services.directory = load_directory(schools_file=schools_file)
        bot, _ = create_bot(services)
        template = Activity(channel_id="msteams", service_url="https://bench.example",
                            from_property=ChannelAccount(id="bench", name="Bench", aad_object_id="aad-bench"),
                            recipient=ChannelAccount(id="bot", name="Partnerships bot"),
                            conversation=ConversationAccount(id="bench", conversation_type="personal"))
        adapter = TestAdapter(bot.on_turn, template_or_conversation=template)
        await adapter.receive_activity("hello")          # the introduction, once
        adapter.activity_buffer.clear()
        times = []
        for name in names:
            started = time.perf_counter()
            await adapter.receive_activity(f"which partnership is {name} in?")
            times.append(time.perf_counter() - started)
            adapter.activity_buffer.clear()
        return times
    finally:
        database.close()


def measure(rounds: int = 3) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        starter = starter_list(folder)
        with open(starter, newline="", encoding="utf-8") as handle:
            names = [row["name"] for row in csv.DictReader(handle)] * rounds
        old, county = [], []
        for _ in range(2):             # alternated, so a busy spell on the machine hits both
            old += asyncio.run(_turns(folder, starter, names))
            county += asyncio.run(_turns(folder, None, names))
    return {"turns": len(county), "county_539": summary_ms(county), "starter_84": summary_ms(old)}
