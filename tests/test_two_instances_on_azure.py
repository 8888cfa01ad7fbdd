"""Two bot processes (`python app.py`, BOT_STORAGE=azure) behind one Azurite, as two App Service
instances behind Teams: a scripted day of a partnership's work (minutes, school moves, deadlines,
nudges), each conversation's turns alternating between the two, several conversations at once.

Every write the bot acknowledged ("Saved the minutes...", "Done: ...", "Added: ...") is in the
tables afterwards; no dialog is lost when its turns go to the other instance; both instances' nudge
schedulers scan every second, and no nudge reaches a conversation twice. Waits are for events (a
reply, a scan finished), never for time; both processes are stopped with their process groups.
"""

import asyncio
import itertools
import os
import sys
from collections import Counter

import aiohttp
import pytest

from storage.azure.settings import AzureSettings
from storage.azure.tables import AzureRecords
from tests.processes import Process, answers, free_port
from tests.test_http_endpoint import StandInConnector, words

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TODAY = "2010-07-19"         # a Monday in working hours, with the delivery plan due on 31 July
_activity_ids = itertools.count(1)


async def health(session: aiohttp.ClientSession, url: str) -> dict:
    async with session.get(f"{url}/healthz") as response:
        return await response.json()


async def until(condition, what: str, guard: float = 300):
    """Wait for an event (`await condition()` true) with the loop free, so the stand-in connector
    in this process answers the bots meanwhile; `guard` seconds only stop a hang."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + guard
    while not await condition():
        assert loop.time() < give_up, f"never happened: {what}"
        await asyncio.sleep(0.1)


@pytest.fixture
async def connector():
    connector = StandInConnector()
    await connector.start()
    yield connector
    await connector.stop()


@pytest.fixture
def instances(azurite, azure_prefix, tmp_path):
    """Two `python app.py` on one storage account, each with its own (unused) BOT_DB folder."""
    started = []
    try:
        for n in range(2):
            port = free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith("MicrosoftApp") and k != "BOT_ADMINS"}
            env.update(PORT=str(port), HOST="127.0.0.1", BOT_DB=str(tmp_path / f"instance{n}" / "bot.json"),
                       BOT_STORAGE="azure", AZURE_STORAGE_CONNECTION_STRING=azurite.connection_string,
                       AZURE_STATE_CONTAINER=azure_prefix, AZURE_TABLE_PREFIX=azure_prefix, BOT_TODAY=TODAY,
                       BOT_RATE_LIMIT="0", NUDGE_EVERY_SECONDS="1", PYTHONUNBUFFERED="1")
            process = Process(f"bot {n}", [sys.executable, "app.py"], env, ROOT)
            started.append(process)
            url = f"http://127.0.0.1:{port}"
            process.wait_until(lambda: answers(f"{url}/healthz"), "answering /healthz")
            process.url = url
        yield started
    finally:
        for process in started:
            process.stop()


class Person:
    """Someone in a Teams personal chat whose messages go to whichever instance is next."""

    def __init__(self, name: str, connector: StandInConnector, session: aiohttp.ClientSession):
        self.name, self.connector, self.session = name, connector, session
        self.key = name.lower().replace(" ", "-")
        self.transcript: list[str] = []

    async def say(self, url: str, text: str) -> list[str]:
        body = {
            "type": "message", "id": f"activity-{next(_activity_ids)}", "channelId": "msteams",
            "serviceUrl": self.connector.url, "locale": "en-GB", "deliveryMode": "expectReplies",
            "from": {"id": f"29:{self.key}", "name": self.name, "aadObjectId": f"aad-{self.key}"},
            "recipient": {"id": "28:partnerships-bot", "name": "Partnerships bot"},
            "conversation": {"id": f"a:personal-{self.key}", "conversationType": "personal", "tenantId": "tenant-1"},
            "channelData": {"tenant": {"id": "tenant-1"}}, "text": text,
        }
        async with self.session.post(f"{url}/api/messages", json=body) as response:
            assert response.status == 200, await response.text()
            replies = [words(a) for a in (await response.json())["activities"] if a["type"] == "message"]
        self.transcript += [f"{self.name} -> {url[-5:]}: {text}", *(f"   bot: {r}" for r in replies)]
        return replies

    async def script(self, urls: list[str], lines: list[str], acknowledged: list) -> None:
        """Lines alternate between the instances; "→ fragment" must be in the reply just had;
        every reply that acknowledges a write is kept in `acknowledged`."""
        turn, replies = itertools.count(), []
        for line in lines:
            if line.startswith("→"):
                wanted = line[1:].strip()
                assert any(wanted.lower() in r.lower() for r in replies), \
                    f"expected {wanted!r}\n" + "\n".join(self.transcript)
                continue
            replies = await self.say(urls[next(turn) % len(urls)], line)
            acknowledged += [(self.name, r) for r in replies if r.startswith(("Saved the minutes", "Done:", "Added:",
                                                                              "Moved:"))]


def minutes(partnership: str, day: str, decision: str, again: bool = False) -> list[str]:
    """Logging a meeting; `again`: the bot remembers the chair's partnership and does not ask."""
    which = [] if again else ["→ Which partnership", partnership]
    return ["log a meeting", *which, f"→ When was the {partnership} meeting", day, "→ Who was there?",
            "Jo Smith (Police), Head of Bay House", "→ Who sent apologies?", "none",
            "→ What did the meeting decide?", decision, "→ What actions were agreed?",
            f"Sam Brown to {decision.lower()} by 30 July", "→ Here are the minutes", "save",
            "→ Saved the minutes"]


DAY = {
    "Cora Chair": minutes("Gosport", "12 July", "Adopt the delivery plan")
    + minutes("Gosport", "15 July", "Book the summer hall", again=True) + ["open actions for Gosport", "→ Sam Brown"],
    "Hal Chair": minutes("Havant West", "13 July", "Share the budget") + minutes("Havant West", "16 July",
                                                                                "Write to governors", again=True),
    "Dee Coordinator": ["move Test Valley School to Romsey", "→ from the Andover partnership to the Romsey", "yes",
                        "→ Done", "move Crookhorn College to Havant East", "→ Havant East", "yes", "→ Done",
                        "which partnership is Test Valley School in?", "→ Romsey"],
    "Ed Deadlines": ["add deadline: self-evaluation due 31 August for Gosport", "→ right?", "yes", "→ Added",
                     "move the delivery plan deadline to 6 August", "→ right?", "yes", "→ Moved",
                     "list deadlines", "→ self-evaluation"],
    "Nia Nudged": ["nudge me about Gosport", "→ Done"],
    "Pat Nudged": ["nudge me about Havant", "→ Done"],
    "Ray Nudged": ["nudge us about all partnerships", "→ Done"],
}


async def test_a_day_on_two_instances_loses_no_write_and_sends_no_nudge_twice(instances, connector, azurite,
                                                                              azure_prefix):
    urls = [process.url for process in instances]
    acknowledged: list[tuple[str, str]] = []
    async with aiohttp.ClientSession() as session:
        people = [Person(name, connector, session) for name in DAY]
        # Everyone at once; each person's turns alternate between the two instances.
        await asyncio.gather(*[person.script(urls if i % 2 else urls[::-1], DAY[person.name], acknowledged)
                               for i, person in enumerate(people)])

        # Both schedulers scan twice more after the last subscription: whatever is due has gone by then.
        marks = [(await health(session, url))["nudge_scans"] for url in urls]
        for url, mark in zip(urls, marks):
            async def scanned(url=url, mark=mark):
                return (await health(session, url))["nudge_scans"] >= mark + 2
            await until(scanned, f"two more nudge scans on {url}")

    records = AzureRecords(AzureSettings(connection_string=azurite.connection_string, table_prefix=azure_prefix))
    try:
        meetings = await records.meetings.all()
        moves = await records.moves.all()
        deadlines = await records.deadlines.active()
        subscriptions = await records.subscriptions.active()
        ledger = await records.ledger.entries()
    finally:
        await records.close()

    # 0 acknowledged writes lost.
    saved = [r for _who, r in acknowledged if r.startswith("Saved the minutes")]
    assert len(saved) == 4 and len(meetings) == 4
    numbers = [(m.partnership_id, a.number) for m in meetings for a in m.actions]
    assert len(numbers) == len(set(numbers)) == 4          # one action per meeting, no number twice
    assert {m["school_name"] for m in moves} == {"Test Valley School", "Crookhorn College"}
    assert any(d.title == "Self-evaluation" and d.due == "2010-08-31" for d in deadlines)
    assert any(d.due == "2010-08-06" and "delivery plan" in d.title.lower() for d in deadlines)
    assert len(subscriptions) == 3

    # 0 nudges sent twice, and every nudge the ledger calls sent reached its conversation once.
    proactive = [(p["conversation_id"], words(p["body"])) for p in connector.received
                 if p["reply_to"] is None and p["body"].get("type") == "message"]
    twice = [pair for pair, count in Counter(proactive).items() if count > 1]
    assert proactive and twice == []
    assert sorted(e.state for e in ledger) == ["sent"] * len(proactive)
