"""4b. Growth on Azure Storage (BOT_STORAGE=azure, on Azurite): the same storage operations and
turns as the TinyDB section (bench/growth.py), at 100, 2,000 and 20,000 records, for the table
beside it.

Each size N has an Azurite of its own (azure/node_modules; `make test` installs it), all running at
once, seeded with what the TinyDB section seeds: N meetings with 2 actions each (spread over the
partnerships as bench/seed.py does, so Winchester holds N/16 of them), N nudge records and N stored
conversations; one meeting and one nudge are written through the repositories for their exact
shape, the rest are copies in batch transactions (the conversations, one blob each through
botbuilder's BlobStorage). Also a partnership that holds the same 4 meetings at every size
("quiet"), which tells the cost of the query from the cost of a bigger answer. Then, each
operation and turn done at every size in turn (so a burst of other work on the machine falls on
every size alike, and the ratios are side by side):
- storage, in this process, through storage/azure's repositories: save a meeting, mark an action
  done, record a nudge (claimed, then marked sent), a meeting by id, a partnership's meetings and
  its open actions; and a conversation's state read and written back through botbuilder's
  BlobStorage (storage/azure/bot_state.py), as every turn does; and, beside the table (the answer
  grows with N), the open actions of every partnership and one owner's ("my actions");
- turns, through a real `python app.py` with BOT_STORAGE=azure on each Azurite, after its first
  nudge scan (which reads every meeting and nudge) has finished: directory questions, and a chair's
  minutes in one message then "save" (the minutes-save turn, which stores a meeting).

    python -m bench.azure_growth [--quick]      (or as part of `make bench`)
"""

import argparse
import asyncio
import copy
import itertools
import json
import os
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path


from knowledge.directory import load_directory
from knowledge.records import plain
from storage.azure.bot_state import AzureBlobStorage
from storage.azure.settings import AzureSettings
from storage.azure.tables import AzureRecords
from tests.azurite import Azurite
from tests.processes import Process, answers, free_port

from .client import client_session, message, turn
from .concurrency import minutes
from .seed import AT, FIRST_DAY, conversation_state, sample_meeting, sample_nudge
from .stats import summary_ms
from .turn_vs_echo import QUESTIONS

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 2_000, 20_000)
TARGET_GROWTH = 2.0
STORAGE_REPEATS = 15
MINUTES_TURNS = 8                   # chairs' minutes read back and saved, at each size
PARTNERSHIP = "winchester"          # as the TinyDB section
QUIET = "quiet-partnership"         # 4 meetings at every size
QUIET_MEETINGS = 4
PREFIX = "growth"                   # the tables' and the state container's names (one Azurite per size)
STORAGE_OPERATIONS = ("save_meeting", "update_action", "claim_nudge", "meeting_by_id", "meetings_for",
                      "open_actions", "meetings_for_quiet", "open_actions_quiet", "state_read", "state_write")
TURNS = ("lookup_turn", "minutes_turn", "minutes_save_turn")
# Lists of every partnership, whose answer grows with N (two thirds of the 2N actions are open), so
# reported beside the table, not held to the 2x target: "open actions" with no partnership known
# (and the nudge scan's), and "my actions" (an owner's, found among them).
EVERY_PARTNERSHIP = ("open_actions_all", "my_actions")
EVERY_PARTNERSHIP_REPEATS = 3
OWNER = "Sam Patel"                 # owns one of the two actions of each seeded meeting
BENCH_USER = "bench-user"           # bench/client.message's speaker: an admin, so minutes may be saved


# ---- seeding --------------------------------------------------------------------------------------

def _copies(template: dict, count: int, partnership_ids: list[str], first_number: dict) -> list[dict]:
    """`count` copies of a stored meeting, as bench/seed.py makes them: own ids, days and numbers."""
    next_number = dict(first_number)
    meetings = []
    for i in range(1, count + 1):
        pid = partnership_ids[i % len(partnership_ids)]
        day = FIRST_DAY + timedelta(days=i % 1500)
        meeting = copy.deepcopy(template)
        meeting.update(id=uuid.uuid4().hex, partnership_id=pid, date=day.isoformat())
        for action in meeting["actions"]:
            action["number"] = next_number.get(pid, 1)
            action["due"] = (day + timedelta(days=14 * action["number"] % 60)).isoformat()
            action["status"] = "done" if i % 3 == 0 else "open"
            next_number[pid] = action["number"] + 1
        meetings.append(meeting)
    return meetings


async def seed(records: AzureRecords, state: AzureBlobStorage, count: int) -> dict:
    """`count` meetings, nudge records and conversations (and the quiet partnership's 4 meetings)."""
    partnership_ids = sorted(load_directory().partnerships)
    template = await records.meetings.save(sample_meeting(partnership_ids[0], FIRST_DAY), by="aad-jo",
                                           by_name="Jo Smith", at=AT)
    template = plain(template)
    await records.meetings.store_many(_copies(template, count - 1, partnership_ids, {partnership_ids[0]: 3})
                                      + _copies(template, QUIET_MEETINGS, [QUIET], {}))

    first = sample_nudge(0)
    await records.ledger.claim(first, scan_id="bench-seed", at=AT, on=AT[:10])
    await records.ledger.mark_sent(first["key"], activity_id="bench-activity-0", at=AT)
    sent = plain(await records.ledger.get(first["key"]))
    await records.ledger.store_many([{**copy.deepcopy(sent), **sample_nudge(i), "activity_id": f"bench-activity-{i}"}
                                     for i in range(1, count)])

    writing = asyncio.Semaphore(16)

    async def store(i):
        row = conversation_state(i)
        async with writing:
            await state.write({row["key"]: row["item"]})
    await asyncio.gather(*map(store, range(count)))

    meetings = len(await records.meetings.all()) - QUIET_MEETINGS
    nudges = len(await records.ledger.entries())
    if (meetings, nudges) != (count, count):
        raise RuntimeError(f"seeded {meetings} meetings and {nudges} nudge records, wanted {count} of each")
    return {"meetings": count, "actions": 2 * count, "nudge_records": count, "conversations": count}


# ---- storage, in this process ---------------------------------------------------------------------

async def operations(records: AzureRecords, state: AzureBlobStorage, repeats: int) -> dict:
    """name -> a coroutine function doing that operation once (each call on a new record)."""
    meetings = records.meetings
    stored = (await meetings.all(PARTNERSHIP))[:repeats + 1] or [      # at tiny sizes it may have none
        await meetings.save(sample_meeting(PARTNERSHIP, FIRST_DAY), by="aad-jo", by_name="Jo Smith", at=AT)]
    numbers = itertools.cycle([a.number for m in stored for a in m.actions])     # marked done (again)
    some_ids = itertools.cycle([m.id for m in stored])
    nudge_numbers, conversations = itertools.count(10**6), itertools.count()
    read = {}

    async def send_nudge():
        nudge = sample_nudge(next(nudge_numbers))
        await records.ledger.claim(nudge, scan_id="bench", at=AT, on=AT[:10])
        await records.ledger.mark_sent(nudge["key"], activity_id="bench-activity", at=AT)

    async def read_state():         # one stored conversation's state, as a turn starts
        key = conversation_state(next(conversations))["key"]
        read.clear()
        read.update(await state.read([key]))

    async def write_state():        # and written back changed, as the turn ends
        [(key, item)] = read.items()
        item["conversation_data"]["turns"] = 1
        await state.write({key: item})

    return {
        "save_meeting": lambda: meetings.save(sample_meeting(PARTNERSHIP, FIRST_DAY), by="aad-jo", by_name="Jo Smith",
                                              at=AT),
        "update_action": lambda: meetings.update_action(PARTNERSHIP, next(numbers), {"status": "done"}, by="aad-jo",
                                                        by_name="Jo Smith", at=AT),
        "claim_nudge": send_nudge,
        "meeting_by_id": lambda: meetings.by_id(next(some_ids)),
        "meetings_for": lambda: meetings.all(PARTNERSHIP),
        "open_actions": lambda: meetings.open_actions(PARTNERSHIP),
        "meetings_for_quiet": lambda: meetings.all(QUIET),
        "open_actions_quiet": lambda: meetings.open_actions(QUIET),
        "state_read": read_state,
        "state_write": write_state,
    }


async def storage_timings(stores: dict, repeats: int) -> dict:
    """size -> operation -> summary. Every operation is timed at every size in turn, so a burst of
    other work on the machine falls on all sizes alike."""
    doing = {size: await operations(records, state, repeats) for size, (records, state) in stores.items()}
    times = {size: {name: [] for name in STORAGE_OPERATIONS} for size in stores}
    sizes = list(stores)
    for repeat in range(repeats + 1):
        for name in doing[sizes[0]]:
            # Each repeat starts at another size: the size timed just after a big answer at 20,000
            # (while Azurite and the machine are still busy with it) is not always the same one.
            for size in sizes[repeat % len(sizes):] + sizes[:repeat % len(sizes)]:
                started = time.perf_counter()
                await doing[size][name]()
                if repeat:      # the first of each warms the clients' connections
                    times[size][name].append(time.perf_counter() - started)
    return {size: {name: summary_ms(t) for name, t in by_name.items()} for size, by_name in times.items()}


async def every_partnership_timings(records: AzureRecords, repeats: int) -> dict:
    """name -> summary, and how many actions each answer held."""
    doing = {"open_actions_all": lambda: records.meetings.open_actions(),
             "my_actions": lambda: records.meetings.open_actions(owner=OWNER)}
    timings = {}
    for name, work in doing.items():
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            answer = await work()
            times.append(time.perf_counter() - started)
        timings[name] = {**summary_ms(times), "actions": len(answer)}
    return timings


async def seed_and_time(azurites: dict, repeats: int) -> dict:
    """size -> what was seeded and the storage timings."""
    stores, rows = {}, {}
    try:
        for size, azurite in azurites.items():
            settings = AzureSettings(connection_string=azurite.connection_string, table_prefix=PREFIX,
                                     state_container=PREFIX)
            stores[size] = (AzureRecords(settings), AzureBlobStorage(settings))
            await stores[size][0].start()
            started = time.perf_counter()
            rows[size] = await seed(*stores[size], size)
            rows[size]["seed_seconds"] = round(time.perf_counter() - started, 1)
        for size, timings in (await storage_timings(stores, repeats)).items():
            rows[size]["storage"] = timings
        for size, (records, _) in stores.items():
            rows[size]["every_partnership"] = await every_partnership_timings(records,
                                                                             min(repeats, EVERY_PARTNERSHIP_REPEATS))
        return rows
    finally:
        for records, state in stores.values():
            await records.close()
            await state.close()


# ---- turns, through a real app process ------------------------------------------------------------

@contextmanager
def running_bot(azurite: Azurite, folder: Path):
    """`python app.py` with BOT_STORAGE=azure on that Azurite; its URL once its first nudge scan
    (every meeting and nudge read) is done, and the seconds that took."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MicrosoftApp")}
    env.update(PORT=str(port), HOST="127.0.0.1", BOT_DB=str(folder / "unused" / "bot.json"), BOT_STORAGE="azure",
               AZURE_STORAGE_CONNECTION_STRING=azurite.connection_string, AZURE_STATE_CONTAINER=PREFIX,
               AZURE_TABLE_PREFIX=PREFIX, BOT_TODAY="2010-07-01", BOT_ADMINS=BENCH_USER, BOT_RATE_LIMIT="0",
               PYTHONUNBUFFERED="1")
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = Process(f"bot on {folder.name}", [sys.executable, "app.py"], env, ROOT)
    try:
        process.wait_until(lambda: answers(f"{url}/healthz"), "answering /healthz", timeout=300)
        process.wait_until(lambda: _scans(url) >= 1, "its first nudge scan", timeout=600)
        yield f"{url}/api/messages", round(time.perf_counter() - started, 2)
    finally:
        process.stop()


def _scans(url: str) -> int:
    with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
        return json.loads(response.read())["nudge_scans"]


async def turn_timings(urls: dict, lookups: int, minutes_turns: int) -> dict:
    """size -> turn -> summary; each turn sent to every size's bot in turn."""
    times = {size: {name: [] for name in TURNS} for size in urls}
    async with client_session() as session:
        for i in range(lookups + 3):
            for size, url in urls.items():
                elapsed, _ = await turn(session, url, message(QUESTIONS[i % len(QUESTIONS)], "bench-azure-growth"))
                if i >= 3:      # the first turns of a fresh server warm its caches
                    times[size]["lookup_turn"].append(elapsed)
        for i in range(minutes_turns + 1):
            for size, url in urls.items():
                for text, expected, name in ((minutes(i), "Here are the minutes", "minutes_turn"),
                                             ("save", "Saved the minutes", "minutes_save_turn")):
                    elapsed, replies = await turn(session, url, message(text, "bench-azure-growth-minutes"))
                    if expected.lower() not in " ".join(replies).lower():
                        raise AssertionError(f"{text!r} got {replies!r}")
                    if i:       # the first meeting saved warms the app's clients
                        times[size][name].append(elapsed)
    return {size: {name: summary_ms(t) for name, t in by_name.items()} for size, by_name in times.items()}


# ---- every size -----------------------------------------------------------------------------------

def measure(sizes=SIZES, storage_repeats: int = STORAGE_REPEATS, lookups: int = 20,
            minutes_turns: int = MINUTES_TURNS) -> dict:
    results = {"records": "N meetings, each with 2 actions, N nudge ledger records and N stored conversations, "
                          f"on Azurite; '_quiet': a partnership with {QUIET_MEETINGS} meetings at every size",
               "load_average_at_start": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(prefix="bench-azure-growth-") as folder, ExitStack() as running:
        azurites = {}
        for size in sizes:
            (Path(folder) / str(size)).mkdir()
            azurites[size] = Azurite(Path(folder) / str(size))
            running.callback(azurites[size].stop)
        rows = asyncio.run(seed_and_time(azurites, storage_repeats))
        urls = {}
        for size in sizes:       # one bot per size, all running, so their turns can alternate
            urls[size], rows[size]["bot_ready_seconds"] = running.enter_context(
                running_bot(azurites[size], Path(folder) / str(size)))
        for size, timings in asyncio.run(turn_timings(urls, lookups, minutes_turns)).items():
            rows[size]["turns"] = timings
    results["sizes"] = {str(size): rows[size] for size in sizes}
    results["load_average_at_end"] = round(os.getloadavg()[0], 2)
    first, last = results["sizes"][str(sizes[0])], results["sizes"][str(sizes[-1])]
    growth = {name: last["storage"][name]["p50_ms"] / first["storage"][name]["p50_ms"] for name in STORAGE_OPERATIONS}
    growth.update({name: last["turns"][name]["p50_ms"] / first["turns"][name]["p50_ms"] for name in TURNS})
    results["growth_p50"] = {k: round(v, 2) for k, v in growth.items()}
    results["target_growth"] = TARGET_GROWTH
    results["met"] = {k: v <= TARGET_GROWTH for k, v in growth.items()}
    return results


# ---- the table beside TinyDB's --------------------------------------------------------------------

def side_by_side(azure: dict, tinydb: dict | None) -> list[list]:
    """Rows: what; TinyDB's p50 at its first and last size and the growth; Azure's p50 at every size
    and the growth (last/first)."""
    rows = []
    for name in STORAGE_OPERATIONS + TURNS:
        kind = "turns" if name in TURNS else "storage"
        row = [name]
        tiny = [size.get(kind, {}).get(name) for size in (tinydb or {}).get("sizes", {}).values()]
        if tiny and all(tiny):
            row += [tiny[0]["p50_ms"], tiny[-1]["p50_ms"], tinydb["growth_p50"].get(name, "-")]
        else:
            row += ["-", "-", "-"]
        row += [size[kind][name]["p50_ms"] for size in azure["sizes"].values()]
        rows.append(row + [azure["growth_p50"][name]])
    return rows


def print_side_by_side(azure: dict, tinydb: dict | None) -> None:
    from .report import _table
    sizes = list(azure["sizes"])
    tiny_sizes = list((tinydb or {}).get("sizes", {})) or ["", ""]
    print(f"\n4b. Growth on Azure Storage (Azurite) beside TinyDB: p50 ms, and last/first (target <= "
          f"{azure['target_growth']}x). {azure['records']}.")
    headers = ["what", f"TinyDB {tiny_sizes[0]}", f"TinyDB {tiny_sizes[-1]}", "TinyDB x",
               *[f"Azure {s}" for s in sizes], "Azure x"]
    print(_table(headers, side_by_side(azure, tinydb)))
    print("Azure, every size: " + "; ".join(
        f"{s}: seeded in {r['seed_seconds']} s, bot ready (start + first nudge scan) in {r['bot_ready_seconds']} s"
        for s, r in azure["sizes"].items())
        + f". Load average {azure['load_average_at_start']} at start, {azure['load_average_at_end']} at end; "
        "every operation and turn is timed at each size in turn, so the ratios are side by side.")
    print("Open actions of every partnership / my actions (not held to 2x: the answer grows with N), p50: " + "; ".join(
        f"{s}: {r['every_partnership']['open_actions_all']['p50_ms']} ms for "
        f"{r['every_partnership']['open_actions_all']['actions']} / {r['every_partnership']['my_actions']['p50_ms']} ms"
        for s, r in azure["sizes"].items() if "every_partnership" in r))
    missed = [k for k, ok in azure["met"].items() if not ok]
    print("Azure within 2x: " + ("every figure" if not missed else f"all but {', '.join(missed)}"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 records, few repeats")
    parser.add_argument("--sizes", help="comma-separated, e.g. 100,2000")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "local" / "azure_growth.json")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else (100, 1_000) if args.quick else SIZES
    results = measure(sizes, storage_repeats=3 if args.quick else STORAGE_REPEATS, lookups=5 if args.quick else 20,
                      minutes_turns=2 if args.quick else MINUTES_TURNS)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_side_by_side(results, None)
    print(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
