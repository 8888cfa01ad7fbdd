"""4. Growth: how storage and turn latency change with 100 to 20,000 stored records.

At each size N a fresh store is seeded (bench/seed.py: N meetings with 2 actions each, N nudge
records and N stored conversations), then:
- storage, in this process, through the repositories: save a meeting, mark an action done,
  record a nudge in the ledger (claimed, then marked sent: two writes) (writes); a partnership's
  meetings and its open actions (reads); and a conversation's state written and read through the
  state storage ConversationState uses (bot/bot_state_storage.py), as every turn does;
- turns, through the real /api/messages in a server process on that file, once its first nudge
  scan (timed: `first_nudge_scan_seconds`) is over: directory questions
  (lookups; the echo bot alongside, as the floor), a correction ("move X to Y" + "yes"), and a
  chair's minutes in one message then "save" (which stores a meeting).
"""

import asyncio
import itertools
import json
import tempfile
import time
import urllib.request
from pathlib import Path

from storage.bot_state_storage import TinyDBStorage
from storage.database import open_database
from storage.meetings import meetings_for, open_actions, save_meeting, update_action
from storage.nudge_ledger import claim, ledger_documents, mark_sent

from .client import client_session, message, turn
from .concurrency import minutes, movable_schools
from .seed import AT, FIRST_DAY, conversation_state, sample_meeting, sample_nudge, seed, seed_conversations
from .servers import running_servers
from .stats import summary_ms
from .turn_vs_echo import QUESTIONS

SIZES = (100, 2_000, 20_000)
TARGET_GROWTH = 2.0


def _timed(function, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def _send_nudge(database, number: int) -> None:
    """What the scheduler writes for one nudge: claimed before sending, marked sent after."""
    nudge = sample_nudge(number)
    claim(database, nudge, scan_id="bench", at=AT, on=AT[:10])
    mark_sent(database, nudge["key"], activity_id=f"bench-activity-{number}", at=AT)


def storage_timings(path: Path, repeats: int) -> dict:
    database = open_database(str(path))
    pid = "winchester"
    numbers = iter(a["number"] for a in open_actions(database, pid))
    ledger_documents(database)      # the ledger read now, as the bot does at start-up: not in the first timed claim
    nudge_numbers = itertools.count(10**6)
    results = {
        "save_meeting": _timed(lambda: save_meeting(database, sample_meeting(pid, FIRST_DAY), by="aad-jo",
                                                     by_name="Jo Smith", at=AT), repeats),
        "update_action": _timed(lambda: update_action(database, pid, next(numbers), {"status": "done"},
                                                      by="aad-jo", by_name="Jo Smith", at=AT), repeats),
        "claim_nudge": _timed(lambda: _send_nudge(database, next(nudge_numbers)), repeats),
        "meetings_for": _timed(lambda: meetings_for(database, pid), repeats),
        "open_actions": _timed(lambda: open_actions(database, pid), repeats),
    }
    results.update(asyncio.run(_state_timings(database, repeats)))
    database.close()
    return {name: summary_ms(times) for name, times in results.items()}


async def _state_timings(database, repeats: int) -> dict:
    """A turn's state: one stored conversation's state read, changed and written back."""
    storage = TinyDBStorage(database)
    writes, reads = [], []
    for i in range(repeats):
        key = conversation_state(i)["key"]
        started = time.perf_counter()
        item = (await storage.read([key]))[key]
        reads.append(time.perf_counter() - started)
        item["conversation_data"]["turns"] = i
        started = time.perf_counter()
        await storage.write({key: item})
        writes.append(time.perf_counter() - started)
    return {"state_write": writes, "state_read": reads}


def first_nudge_scan_seconds(urls, polls: int = 6000) -> float:
    """Wait for the bot's first nudge scan, which starts with the server and reads every meeting and
    ledger record (seconds at 20,000), to finish; how long it took. The turns are measured after
    it, so they are turns, not turns queued behind a scan; the scan is reported on its own."""
    health = urls.bot.replace("/api/messages", "/healthz")
    started = time.perf_counter()
    for _ in range(polls):
        with urllib.request.urlopen(health) as answer:
            if json.load(answer)["nudge_scans"] >= 1:
                return round(time.perf_counter() - started, 2)
        time.sleep(0.05)
    raise RuntimeError(f"the bot's first nudge scan had not finished after {polls} looks at {health}")


async def turn_timings(urls, lookups: int, corrections: int, minutes_turns: int) -> dict:
    bot, echo, writes, drafts, saves = [], [], [], [], []
    school = movable_schools(1)[0]
    async with client_session() as session:
        for i in range(lookups + 3):
            question = QUESTIONS[i % len(QUESTIONS)]
            for url, times in ((urls.bot, bot), (urls.echo, echo)):
                elapsed, replies = await turn(session, url, message(question, "bench-growth"))
                if i >= 3:      # the first turns of a fresh server warm its caches
                    times.append(elapsed)
        for i in range(corrections):
            target = school["away"] if i % 2 == 0 else school["home"]
            for text, expected in ((f"move {school['name']} to {target}", "Move"), ("yes", "Done")):
                elapsed, replies = await turn(session, urls.bot, message(text, "bench-growth-writes"))
                if expected.lower() not in " ".join(replies).lower():
                    raise AssertionError(f"{text!r} got {replies!r}")
                writes.append(elapsed)
        for i in range(minutes_turns):
            for text, expected, times in ((minutes(i), "Here are the minutes", drafts), ("save", "Saved the minutes", saves)):
                elapsed, replies = await turn(session, urls.bot, message(text, "bench-growth-minutes"))
                if expected.lower() not in " ".join(replies).lower():
                    raise AssertionError(f"{text!r} got {replies!r}")
                times.append(elapsed)
    return {"lookup_turn": summary_ms(bot), "echo_turn": summary_ms(echo), "correction_turn": summary_ms(writes),
            "minutes_turn": summary_ms(drafts), "minutes_save_turn": summary_ms(saves)}


def measure(sizes=SIZES, storage_repeats: int = 8, lookups: int = 30, corrections: int = 4,
            minutes_turns: int = 3) -> dict:
    results = {"records": "N meetings, each with 2 actions, N nudge ledger records and N stored conversations",
               "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as folder:
        for size in sizes:
            path = Path(folder) / str(size) / "bot.json"
            path.parent.mkdir()
            stored = seed(path, size)
            stored["conversations"] = seed_conversations(path, size)
            row = {**stored, "storage": storage_timings(path, storage_repeats)}
            with running_servers(str(path)) as urls:
                row["first_nudge_scan_seconds"] = first_nudge_scan_seconds(urls)
                row["turns"] = asyncio.run(turn_timings(urls, lookups, corrections, minutes_turns))
            results["sizes"][str(size)] = row
    first, last = results["sizes"][str(sizes[0])], results["sizes"][str(sizes[-1])]
    growth = {
        "save_meeting": last["storage"]["save_meeting"]["p50_ms"] / first["storage"]["save_meeting"]["p50_ms"],
        "update_action": last["storage"]["update_action"]["p50_ms"] / first["storage"]["update_action"]["p50_ms"],
        "claim_nudge": last["storage"]["claim_nudge"]["p50_ms"] / first["storage"]["claim_nudge"]["p50_ms"],
        "meetings_for": last["storage"]["meetings_for"]["p50_ms"] / first["storage"]["meetings_for"]["p50_ms"],
        "open_actions": last["storage"]["open_actions"]["p50_ms"] / first["storage"]["open_actions"]["p50_ms"],
        "state_write": last["storage"]["state_write"]["p50_ms"] / first["storage"]["state_write"]["p50_ms"],
        "state_read": last["storage"]["state_read"]["p50_ms"] / first["storage"]["state_read"]["p50_ms"],
        "lookup_turn": last["turns"]["lookup_turn"]["p50_ms"] / first["turns"]["lookup_turn"]["p50_ms"],
        "correction_turn": last["turns"]["correction_turn"]["p50_ms"] / first["turns"]["correction_turn"]["p50_ms"],
        "minutes_turn": last["turns"]["minutes_turn"]["p50_ms"] / first["turns"]["minutes_turn"]["p50_ms"],
        "minutes_save_turn": last["turns"]["minutes_save_turn"]["p50_ms"] / first["turns"]["minutes_save_turn"]["p50_ms"],
    }
    results["growth_p50"] = {k: round(v, 2) for k, v in growth.items()}
    results["target_growth"] = TARGET_GROWTH
    results["met"] = {k: v <= TARGET_GROWTH for k, v in growth.items()}
    return results
