"""Throughput of one and of two bot instances on Azure Storage (Azurite), on the same mix of turns.

    python -m bench.azure_instances [--conversations 12] [--rounds 2]

Starts Azurite (azure/node_modules, `make test` installs it) and `python app.py` processes with
BOT_STORAGE=azure, each run on fresh tables and container, all on 127.0.0.1. The mix, per
conversation, as a chair's day: log a meeting (8 turns of a dialog), a directory question, open
actions, the deadlines, a nudge subscription; `--rounds` times over. Every conversation runs at
once; with two instances each conversation's turns alternate between them (so every dialog step
reads the state the other instance wrote). Prints turns a second and the p50/p95 of a turn, and
checks that every meeting acknowledged is stored. Fixed counts; every process is stopped.
"""

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.client import words
from storage.azure.settings import AzureSettings
from storage.azure.tables import AzureRecords
from tests.azurite import Azurite
from tests.processes import Process, answers, free_port

ROOT = Path(__file__).resolve().parent.parent
PARTNERSHIPS = ["Gosport", "Havant West", "Fareham", "Winchester", "Andover", "Romsey", "Hart", "Rushmoor"]
_ids = itertools.count(1)


def mix(partnership: str, round_number: int) -> list[str]:
    first = round_number == 0
    return ["log a meeting", *([partnership] if first else []), f"{5 + round_number} July",
            "Jo Smith (Police), Head of Bay House", "none", "Adopt the delivery plan",
            "Sam Brown to book the hall by 30 July", "save",
            "which partnership is Perins School in?", f"open actions for {partnership}", "list deadlines",
            *([f"nudge me about {partnership}"] if first else [])]


async def converse(session, urls, person: int, rounds: int, service_url: str, latencies: list, saved: list):
    key = f"person-{person}"
    partnership = PARTNERSHIPS[person % len(PARTNERSHIPS)]
    turn = itertools.count()
    for round_number in range(rounds):
        for text in mix(partnership, round_number):
            body = {"type": "message", "id": f"bench-{next(_ids)}", "channelId": "msteams",
                    "serviceUrl": service_url, "locale": "en-GB", "deliveryMode": "expectReplies",
                    "from": {"id": f"29:{key}", "name": f"Person {person}", "aadObjectId": f"aad-{key}"},
                    "recipient": {"id": "28:bot", "name": "Partnerships bot"},
                    "conversation": {"id": f"a:{key}", "conversationType": "personal", "tenantId": "t"},
                    "channelData": {"tenant": {"id": "t"}}, "text": text}
            started = time.perf_counter()
            async with session.post(f"{urls[next(turn) % len(urls)]}/api/messages", json=body) as response:
                replies = (await response.json())["activities"] if response.status == 200 else []
            latencies.append(time.perf_counter() - started)
            saved += [text for text in map(words, replies) if text.startswith("Saved the minutes")]


def start_instances(count: int, azurite: Azurite, name: str, folder: Path) -> list[Process]:
    processes = []
    for n in range(count):
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("MicrosoftApp") and k != "BOT_ADMINS"}
        env.update(PORT=str(port), HOST="127.0.0.1", BOT_DB=str(folder / f"{name}-{n}" / "bot.json"),
                   BOT_STORAGE="azure", AZURE_STORAGE_CONNECTION_STRING=azurite.connection_string,
                   AZURE_STATE_CONTAINER=name, AZURE_TABLE_PREFIX=name, BOT_TODAY="2010-07-19",
                   BOT_RATE_LIMIT="0", NUDGE_EVERY_SECONDS="5", PYTHONUNBUFFERED="1")
        process = Process(f"bot {n}", [sys.executable, "app.py"], env, ROOT)
        processes.append(process)
        process.url = f"http://127.0.0.1:{port}"
        process.wait_until(lambda: answers(f"{process.url}/healthz"), "answering /healthz", timeout=120)
    return processes


async def measure(count: int, azurite: Azurite, conversations: int, rounds: int, folder: Path) -> dict:
    name = f"bench{count}x{int(time.time())}"
    processes = start_instances(count, azurite, name, folder)
    try:
        latencies, saved = [], []
        async with aiohttp.ClientSession() as session:
            started = time.perf_counter()
            await asyncio.gather(*[converse(session, [p.url for p in processes][::1 if i % 2 else -1], i, rounds,
                                            "http://127.0.0.1:9", latencies, saved)
                                   for i in range(conversations)])
            elapsed = time.perf_counter() - started
        records = AzureRecords(AzureSettings(connection_string=azurite.connection_string, table_prefix=name))
        try:
            stored = len(await records.meetings.all())
        finally:
            await records.close()
    finally:
        for process in processes:
            process.stop()
    latencies.sort()
    return {"instances": count, "turns": len(latencies), "seconds": round(elapsed, 2),
            "turns_per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
            "meetings_acknowledged": len(saved), "meetings_stored": stored,
            "acknowledged_lost": len(saved) - stored if stored <= len(saved) else 0}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        azurite = Azurite(Path(folder))
        try:
            results = [asyncio.run(measure(n, azurite, args.conversations, args.rounds, Path(folder)))
                       for n in (1, 2)]
        finally:
            azurite.stop()
    print(f"{'instances':>9} {'turns':>6} {'seconds':>8} {'turns/s':>8} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'acked':>6} {'stored':>6}")
    for r in results:
        print(f"{r['instances']:>9} {r['turns']:>6} {r['seconds']:>8} {r['turns_per_second']:>8} {r['p50_ms']:>7} "
              f"{r['p95_ms']:>7} {r['meetings_acknowledged']:>6} {r['meetings_stored']:>6}")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
