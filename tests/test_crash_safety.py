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
import itertools
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
from tests.test_http_endpoint import words

ROOT = Path(__file__).resolve().parent.parent
PARTNERSHIPS = ["Gosport", "Fareham", "Havant East", "Winchester", "Alton", "Hart", "Rushmoor", "Andover"]

WRITES_WANTED = 200
KILLS_WANTED = 20
MAX_LIVES = 200          # a bound by count: ~10 writes a life, so ~25 lives are usual; 200 means a hang
START_GUARD = 300        # seconds: only a guard against a bot that never starts, never a pace to keep


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
        """Start the bot and wait for the event that it serves (/healthz answers) or that it died."""
        self.port = free_port()
        env = {**os.environ, "PORT": str(self.port), "BOT_DB": str(self.db_path), "BOT_RATE_LIMIT": "0",
               "HOST": "127.0.0.1", "MicrosoftAppId": "", "BOT_ADMINS": "", "BOT_TODAY": "2010-03-10"}
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        self.starts += 1
        guard = time.monotonic() + START_GUARD
        while time.monotonic() < guard:
            assert self.process.poll() is None, f"the bot did not start:\n{self.log_path.read_text()[-3000:]}"
            try:
                async with session.get(f"{self.url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
        raise AssertionError(f"the bot never answered /healthz:\n{self.log_path.read_text()[-3000:]}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self, life: int | None = None) -> None:
        """SIGKILL the bot. With `life` (the start it was scheduled in), only if that life is still the
        one running: a kill timed for one life must never hit the next one as it starts."""
        if life is not None and life != self.starts:
            return
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


ACTIVITY_IDS = itertools.count(1)     # every activity a channel sends has an id of its own


def message(text: str, number: int) -> dict:
    return {"type": "message", "id": f"m{next(ACTIVITY_IDS)}", "channelId": "msteams", "text": text,
            "serviceUrl": "http://127.0.0.1:9/", "deliveryMode": "expectReplies",
            "from": {"id": "29:driver", "name": f"Driver {number}", "aadObjectId": "aad-driver"},
            "recipient": {"id": "28:bot"}, "conversation": {"id": "personal-driver", "conversationType": "personal"}}


async def say(session, bot: BotProcess, text: str, number: int) -> str | None:
    """The bot's reply, or None if the process died before answering."""
    try:
        async with session.post(f"{bot.url}/api/messages", json=message(text, number),
                                timeout=aiohttp.ClientTimeout(total=120)) as response:   # a hang guard only
            assert response.status == 200, (response.status, await response.text())
            return " ".join(words(a) for a in (await response.json())["activities"])
    except (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError):
        return None


async def drive(tmp_path, seed: int) -> dict:
    """Log meetings as fast as the bot answers; each life of the bot ends with a SIGKILL after a
    random number of messages, a random few milliseconds into the next one (mid-turn, often
    mid-write). Bounded by counts: enough acknowledged writes and kills, or MAX_LIVES."""
    rng = random.Random(seed)
    bot = BotProcess(tmp_path / "bot.json", tmp_path / "bot.log")
    acknowledged, kills, number = [], 0, 0
    unanswered_save, resaved = 0, []
    started = time.monotonic()
    try:
        async with aiohttp.ClientSession() as session:
            await bot.start(session)
            while len(acknowledged) < WRITES_WANTED or kills < KILLS_WANTED:
                assert bot.starts <= MAX_LIVES, (len(acknowledged), kills)
                messages_left = rng.randint(1, 40)
                while bot.process.poll() is None:
                    number += 1
                    messages_left -= 1
                    # <= 0, not == 0: if the message meant to be killed during "save" did not get
                    # the minutes (a dialog left by the last kill), the next one is killed instead.
                    kill_during_save = messages_left <= 0 and rng.random() < 0.5
                    if messages_left <= 0 and not kill_during_save:
                        asyncio.get_running_loop().call_later(rng.uniform(0, 0.03), bot.kill, bot.starts)
                    partnership, day = rng.choice(PARTNERSHIPS), rng.randint(1, 28)
                    asked = await say(session, bot, f"log a meeting for {partnership} on {day}/2. Present: Head "
                                                    f"of Bay House. Apologies: none. Decisions: agree item {number}. "
                                                    f"Actions: none", number)
                    if asked is None:
                        break
                    if not asked.startswith("Here are the minutes:"):
                        await say(session, bot, "cancel", number)     # e.g. a dialog left by the last kill
                        continue
                    if kill_during_save:    # the table's case: the meeting written, the state not yet
                        asyncio.get_running_loop().call_later(rng.uniform(0, 0.03), bot.kill, bot.starts)
                    done = await say(session, bot, "save", number)
                    if done is None:
                        unanswered_save = number      # killed during "save": was it written or not?
                    elif done.startswith("Saved the minutes"):
                        acknowledged.append(number)
                bot.kill()
                kills += 1
                await bot.start(session)
                if unanswered_save:
                    # The chair, seeing no answer, says "save" again: saved now, or already saved; never twice.
                    again = await say(session, bot, "save", unanswered_save)
                    if again is not None:
                        resaved.append(" ".join(again.split()[:4]))
                        if again.startswith("Saved the minutes") or again.startswith("These minutes are already saved"):
                            acknowledged.append(unanswered_save)
                    unanswered_save = 0
    finally:
        bot.kill()          # never leave a bot listening, whatever failed
    return {"acknowledged": acknowledged, "kills": kills, "starts": bot.starts, "resaved": resaved,
            "seconds": time.monotonic() - started}


def test_sigkill_at_random_moments_loses_no_acknowledged_write():
    # A folder of its own, not tmp_path: this test runs for most of a minute, and pytest sessions
    # started meanwhile on the same machine prune old tmp_path folders.
    with tempfile.TemporaryDirectory(prefix="sigkill-") as folder:
        check_sigkill_run(Path(folder))


def check_sigkill_run(tmp_path: Path):
    seed = random.randrange(1_000_000)
    run = asyncio.run(drive(tmp_path, seed))
    database = open_database(str(tmp_path / "bot.json"))          # the store opens
    decisions = [decision for m in meetings_for(database) for decision in m["decisions"]]
    recorded = set(decisions)
    lost = [n for n in run["acknowledged"] if f"agree item {n}" not in recorded]
    twice = sorted({d for d in decisions if decisions.count(d) > 1})
    print(f"\nSIGKILL test (seed {seed}): {len(run['acknowledged'])} acknowledged meetings, {run['kills']} kills, "
          f"{len(lost)} lost, {len(twice)} stored twice, {len(recorded)} records in the store, "
          f"'save' said again after a kill {len(run['resaved'])} times ({', '.join(sorted(set(run['resaved'])))}), "
          f"{run['seconds']:.0f} s")
    assert run["kills"] >= KILLS_WANTED
    assert len(run["acknowledged"]) >= WRITES_WANTED
    assert lost == [], f"seed {seed}: acknowledged but missing: {lost}"
    assert twice == [], f"seed {seed}: stored twice: {twice}"
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
