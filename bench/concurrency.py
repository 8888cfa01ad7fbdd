"""2. Concurrency: 1, 10 and 50 conversations at once, each a fixed script of turns sent back to
back (a closed loop with no thinking time, so it is the worst case for queueing).

Each script mixes directory lookups with write turns: a chair logging a meeting's minutes in one
message ("Log a meeting for Gosport on 9/6. Present: ... Actions: ...") and saving them ("save"),
which parses the minutes, stores a meeting with an action in TinyDB and numbers it. Every reply
is checked for the fragment it must contain: a wrong answer stops the bench.

Back to back, latency is queueing: by Little's law the mean is conversations / throughput. So the
bench also runs the 50 conversations "paced", 3 seconds between each person's lookups, which is
nearer what 50 people chatting at once would send.
"""

import asyncio
import random
import time

from knowledge.directory import load_directory

from .client import client_session, message, turn
from .stats import summary_ms

LEVELS = (1, 10, 50)
MINUTES_PARTNERSHIPS = ("Gosport", "Havant West", "Winchester", "Romsey", "Alton", "Rushmoor")
PAUSE = 3.0     # "paced": 3 seconds between a person's lookups, as if they read each answer
TARGET_P99_MS = 50.0

LOOKUPS = [
    ("which partnership is Perins School in?", "partnership"),
    ("which partnership covers Horndean?", "Havant West"),
    ("what must we do by July?", "July"),
    ("who else is in Havant West?", "Havant West"),
    ("which partnership covers Alresford?", "partnership"),
    ("how many partnerships will there be?", "partnership"),
]


def movable_schools(count: int) -> list[dict]:
    """`count` schools with a partnership, each found by its own name, with somewhere to move to."""
    directory = load_directory()
    partnerships = list(directory.partnerships.values())
    chosen = []
    for school in sorted(directory.schools.values(), key=lambda s: s.id):
        if school.partnership_id is None or directory.find_school(school.name).status != "found":
            continue
        home = directory.partnerships[school.partnership_id]
        away = next(p for p in partnerships if p.id != home.id and p.district == home.district) \
            if sum(p.district == home.district for p in partnerships) > 1 \
            else next(p for p in partnerships if p.id != home.id)
        chosen.append({"name": school.name, "home": home.name, "away": away.name, "now": home.name})
        if len(chosen) == count:
            return chosen
    raise RuntimeError(f"only {len(chosen)} schools can be moved; the bench wants {count}")


def minutes(number: int) -> str:
    """One meeting's minutes in one message, for a partnership and a June day set by `number`."""
    partnership = MINUTES_PARTNERSHIPS[number % len(MINUTES_PARTNERSHIPS)]
    return (f"Log a meeting for {partnership} on {1 + number % 28}/6. Present: Head of Bay House, "
            "Sam Brown (Gosport Borough Council), PC Jones (Hampshire Constabulary). Apologies: Ann Lee (YOT). "
            "Decisions: agree the terms of reference. Actions: Sam Brown to map children's centre provision "
            "by 30/07")


def script(turns: int, number: int) -> list[tuple[str, str, str]]:
    """(text, fragment the reply must contain, kind) for one conversation."""
    steps, index = [], 0
    while len(steps) < turns:
        for _ in range(8):
            text, expected = LOOKUPS[index % len(LOOKUPS)]
            steps.append((text, expected, "lookup"))
            index += 1
        steps.append((minutes(number), "Here are the minutes", "write"))
        steps.append(("save", "Saved the minutes", "write"))
    return steps[:turns]


async def _conversation(session, url, number, turns, times, pause=0.0):
    conversation_id, user = f"bench-conv-{number}", f"bench-user-{number}"
    if pause:
        await asyncio.sleep(pause * random.Random(number).random())     # people do not type in step
    for text, expected, kind in script(turns, number):
        if pause and kind == "lookup":
            await asyncio.sleep(pause)
        elapsed, replies = await turn(session, url, message(text, conversation_id, user, f"Chair {number}"))
        reply = " ".join(replies)
        if expected.lower() not in reply.lower():
            raise AssertionError(f"{text!r} got {reply!r}, expected it to contain {expected!r}")
        times[kind].append(elapsed)


async def measure(urls, turns: int = 40, levels=LEVELS, paced_turns: int = 20) -> dict:
    results = {"turns_per_conversation": turns,
               "mix": "8 lookups, then minutes in one message + 'save' (2 writes), repeated", "levels": {}}
    async with client_session() as session:
        await _conversation(session, urls.bot, 0, 10, {"lookup": [], "write": []})    # warm-up
        for level in levels:
            times = {"lookup": [], "write": []}
            started = time.perf_counter()
            await asyncio.gather(*(_conversation(session, urls.bot, n, turns, times)
                                   for n in range(level)))
            wall = time.perf_counter() - started
            results["levels"][str(level)] = _row(level, times, wall)
        if paced_turns:
            times = {"lookup": [], "write": []}
            started = time.perf_counter()
            await asyncio.gather(*(_conversation(session, urls.bot, n, paced_turns, times, PAUSE)
                                   for n in range(max(levels))))
            results["levels"][f"{max(levels)} paced"] = _row(max(levels), times, time.perf_counter() - started)
    top = results["levels"][str(max(levels))]["all"]["p99_ms"]
    results["target_p99_ms_at_50"] = TARGET_P99_MS
    results["met"] = top <= TARGET_P99_MS
    paced = results["levels"].get(f"{max(levels)} paced")
    if paced:
        results["met_paced"] = paced["all"]["p99_ms"] <= TARGET_P99_MS
    return results


def _row(level, times, wall) -> dict:
    every = times["lookup"] + times["write"]
    return {
        "conversations": level,
        "turns": len(every),
        "seconds": round(wall, 3),
        "turns_per_second": round(len(every) / wall, 1),
        "all": summary_ms(every),
        "lookups": summary_ms(times["lookup"]),
        "writes": summary_ms(times["write"]),
    }
