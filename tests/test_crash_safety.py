"""Nothing acknowledged is ever lost: the real bot, killed with SIGKILL at random moments.

`python app.py` runs as a child process on 127.0.0.1 with its own BOT_DB. A driver logs meetings
through /api/messages ("log a meeting for <partnership> on <date>. Present: ... Decisions: agree
item 17 ...", then "save"), with `deliveryMode: expectReplies` so the bot's "Saved the minutes..."
arrives in the HTTP response, i.e. only after the turn (and its write) finished. Meanwhile the
process is SIGKILLed at random moments and restarted. At the end the store must open, and every
meeting the driver saw acknowledged must be in it, told apart by its decision ("agree item 17").

Also here: a damaged database stops the bot at start-up with a pointer to its backup.
"""

import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import pytest

from storage.database import CorruptDatabaseError, open_database
from storage.directory_changes import all_moves
from storage.meetings import meetings_for

ROOT = Path(__file__).resolve().parent.parent
PARTNERSHIPS = ["Gosport", "Fareham", "Havant East", "Winchester", "Alton", "Hart", "Rushmoor", "Andover"]

WRITES_WANTED = 200
KILLS_WANTED = 20
TIME_LIMIT = 90          # seconds: a safety net, the run normally takes well under a minute


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BotProcess:
    """`python app.py` on 127.0.0.1, started and SIGKILLed by the test."""

    def __init__(self, db_path: Path, log_path: Path):
        self.db_path, self.log_path = db_path, log_path
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.starts = 0

    async def start(self, session: aiohttp.ClientSession) -> None:
        self.port = free_port()
        env = {**os.environ, "PORT": str(self.port), "BOT_DB": str(self.db_path), "BOT_RATE_LIMIT": "0",
               "HOST": "127.0.0.1", "MicrosoftAppId": "", "BOT_ADMINS": "", "BOT_TODAY": "2010-03-10"}
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        self.starts += 1
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the bot did not start:\n{self.log_path.read_text()[-3000:]}"
            try:
                async with session.get(f"{self.url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
        raise AssertionError("the bot did not answer /healthz within 20 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def message(text: str, number: int) -> dict:
    return {"type": "message", "id": f"m{number}", "channelId": "msteams", "text": text,
            "serviceUrl": "http://127.0.0.1:9/", "deliveryMode": "expectReplies",
            "from": {"id": "29:driver", "name": f"Driver {number}", "aadObjectId": "aad-driver"},
            "recipient": {"id": "28:bot"}, "conversation": {"id": "personal-driver", "conversationType": "personal"}}


async def say(session, bot: BotProcess, text: str, number: int) -> str | None:
    """The bot's reply, or None if the process died before answering."""
    try:
        async with session.post(f"{bot.url}/api/messages", json=message(text, number),
                                timeout=aiohttp.ClientTimeout(total=10)) as response:
            assert response.status == 200, (response.status, await response.text())
            return " ".join(a.get("text") or "" for a in (await response.json())["activities"])
    except (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError):
        return None


async def drive(tmp_path, seed: int) -> dict:
    rng = random.Random(seed)
    bot = BotProcess(tmp_path / "bot.json", tmp_path / "bot.log")
    acknowledged, kills, number = [], 0, 0
    started = time.monotonic()
    async with aiohttp.ClientSession() as session:
        await bot.start(session)
        while len(acknowledged) < WRITES_WANTED or kills < KILLS_WANTED:
            assert time.monotonic() - started < TIME_LIMIT, (len(acknowledged), kills)
            # Let this life run for a random while, writing as fast as it can, then SIGKILL it.
            life = asyncio.get_running_loop().call_later(rng.uniform(0.3, 2.5), bot.kill)
            while bot.process.poll() is None:
                number += 1
                partnership, day = rng.choice(PARTNERSHIPS), rng.randint(1, 28)
                asked = await say(session, bot, f"log a meeting for {partnership} on {day}/2. Present: Head of "
                                                f"Bay House. Apologies: none. Decisions: agree item {number}. "
                                                f"Actions: none", number)
                if asked is None:
                    break
                if not asked.startswith("Here are the minutes:"):
                    await say(session, bot, "cancel", number)     # e.g. a dialog left by the last kill
                    continue
                done = await say(session, bot, "save", number)
                if done is not None and done.startswith("Saved the minutes"):
                    acknowledged.append(number)
            life.cancel()
            bot.kill()
            kills += 1
            await bot.start(session)
        bot.kill()
    return {"acknowledged": acknowledged, "kills": kills, "starts": bot.starts, "seconds": time.monotonic() - started}


def test_sigkill_at_random_moments_loses_no_acknowledged_write():
    # A folder of its own, not tmp_path: this test runs for most of a minute, and pytest sessions
    # started meanwhile on the same machine prune old tmp_path folders.
    with tempfile.TemporaryDirectory(prefix="sigkill-") as folder:
        check_sigkill_run(Path(folder))


def check_sigkill_run(tmp_path: Path):
    seed = random.randrange(1_000_000)
    run = asyncio.run(drive(tmp_path, seed))
    database = open_database(str(tmp_path / "bot.json"))          # the store opens
    recorded = {decision for m in meetings_for(database) for decision in m["decisions"]}
    lost = [n for n in run["acknowledged"] if f"agree item {n}" not in recorded]
    print(f"\nSIGKILL test (seed {seed}): {len(run['acknowledged'])} acknowledged meetings, {run['kills']} kills, "
          f"{len(lost)} lost, {len(recorded)} records in the store, {run['seconds']:.0f} s")
    assert run["kills"] >= KILLS_WANTED
    assert len(run["acknowledged"]) >= WRITES_WANTED
    assert lost == [], f"seed {seed}: acknowledged but missing: {lost}"
    # And the bot starts again on what the kills left behind.
    for name in database.tinydb.tables():
        database.table(name).all()


# ---- a damaged file stops the bot, and says where the backup is -------------------------------

def database_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.suffix == ".json" and p.stat().st_size > 2]


def test_a_damaged_database_is_refused_with_a_pointer_to_the_backup(tmp_path):
    path = str(tmp_path / "bot.json")
    first = open_database(path)
    first.table("directory_moves").insert({"school_id": "a", "by_name": "before", "at": "2010-03-01T10:00:00+00:00"})
    first.close()
    second = open_database(path)            # a new start: its first write keeps a backup
    second.table("directory_moves").insert({"school_id": "b", "by_name": "after", "at": "2010-03-02T10:00:00+00:00"})
    second.close()

    damaged = database_files(tmp_path)
    for file in damaged:
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    with pytest.raises(CorruptDatabaseError) as refused:
        open_database(path)
    message = str(refused.value)
    assert "damaged" in message and ".bak" in message

    # python app.py says so and exits 1, without a stack trace.
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "BOT_DB": path, "PORT": str(free_port())})
    assert result.returncode == 1
    assert result.stderr.startswith("Cannot start: ") and ".bak" in result.stderr
    assert "Traceback" not in result.stderr

    # Following the message restores the last good copy.
    for file in damaged:
        backup = file.with_name(file.name + ".bak")
        assert backup.exists(), f"no backup beside {file.name}"
        shutil.copy(backup, file)
    restored = open_database(path)
    assert [m["by_name"] for m in all_moves(restored)] == ["before"]
