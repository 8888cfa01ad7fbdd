"""Turns at the same moment never lose an update.

Replies go to a stand-in Bot Connector (a small aiohttp server on 127.0.0.1, as the channel would
be) that answers each reply after a random few milliseconds, so turns really do overlap while
they wait on it, as they do in Teams. Every write is counted afterwards in the TinyDB files.
"""

import asyncio
import itertools
import random

import aiohttp
import pytest
from aiohttp import web

from app import create_app
from config import DefaultConfig
from knowledge.clock import Clock
from storage import roles
from storage.bot_state_storage import TinyDBStorage
from storage.database import open_database
from storage.directory_changes import all_moves
from tests.test_http_endpoint import words

HOST = "127.0.0.1"
PARTNERSHIPS = ["Gosport", "Fareham", "Havant East", "Havant West", "Winchester", "Alton", "Hart", "Rushmoor",
                "Andover", "Romsey", "New Forest East", "New Forest West", "Eastleigh East", "Eastleigh West"]


class SlowConnector:
    """Takes the bot's replies like the Bot Connector does, after a random 0-20 ms."""

    def __init__(self):
        self.received: list[dict] = []
        self._ids = itertools.count(1)
        self.rng = random.Random(6)

    async def receive(self, request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(self.rng.uniform(0, 0.02))
        self.received.append({"conversation_id": request.match_info["conversation_id"], "body": body})
        return web.json_response({"id": f"reply-{next(self._ids)}"})

    def texts(self) -> list[str]:
        return [words(r["body"]) for r in self.received if r["body"].get("type") == "message"]


@pytest.fixture
async def served(tmp_path):
    connector = SlowConnector()
    channel = web.Application()
    channel.router.add_post("/v3/conversations/{conversation_id}/activities", connector.receive)
    channel.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", connector.receive)
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"), BOT_ADMINS=["aad-ann"], BOT_RATE_LIMIT=0)
    bot = create_app(config, open_database(config.BOT_DB), Clock("2010-03-09"))
    runners = []
    for app in (channel, bot):
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, HOST, 0).start()
        runners.append(runner)
    connector.url = f"http://{HOST}:{runners[0].addresses[0][1]}"
    connector.bot_url = f"http://{HOST}:{runners[1].addresses[0][1]}"
    yield connector
    for runner in reversed(runners):
        await runner.cleanup()


_ids = itertools.count(1)


async def send(session, served, text, who="ann", name="Ann Admin", conversation="team-channel") -> int:
    body = {"type": "message", "id": f"m{next(_ids)}", "channelId": "msteams", "serviceUrl": served.url,
            "text": text, "from": {"id": f"29:{who}", "name": name, "aadObjectId": f"aad-{who}"},
            "recipient": {"id": "28:bot"}, "conversation": {"id": conversation, "conversationType": "personal"}}
    async with session.post(f"{served.bot_url}/api/messages", json=body) as response:
        return response.status


async def test_forty_role_changes_at_once_in_one_conversation_are_all_kept(served, tmp_path):
    people = [(f"p{n}", f"Person {n}") for n in range(40)]
    async with aiohttp.ClientSession() as session:
        for who, name in people:                  # everyone says hello first, so Ann can name them
            await send(session, served, "hello", who, name, conversation=f"personal-{who}")
        statuses = await asyncio.gather(*[
            send(session, served, f"make {name} chair of {PARTNERSHIPS[n % len(PARTNERSHIPS)]}")
            for n, (_, name) in enumerate(people)])
    assert set(statuses) == {201}
    replies = [t for r, t in zip(served.received, served.texts()) if r["conversation_id"] == "team-channel"]
    done = [t for t in replies if t.startswith("Done: ")]
    assert len(done) == 40, replies
    assert not [t for t in replies if "went wrong" in t or "same moment" in t]
    # Counted in the file, read afresh.
    granted = roles.current_grants(open_database(str(tmp_path / "bot.json")))
    assert sorted(g["user_name"] for g in granted) == sorted(name for _, name in people)


async def test_forty_questions_at_once_in_one_conversation_each_save_its_state(served, tmp_path):
    """Each answer changes the conversation's state (what 'where does that come from?' refers to).
    Forty at once in one channel: every turn's save goes through (none refused as stale, none
    lost), because turns of one conversation take their turn."""
    from knowledge.directory import load_directory
    directory = load_directory()
    schools = [s.name for s in directory.schools.values() if directory.find_school(s.name).status == "found"][:40]
    assert len(schools) == 40
    async with aiohttp.ClientSession() as session:
        await send(session, served, "what must we do by July?", conversation="busy-channel")   # the state exists
        served.received.clear()
        statuses = await asyncio.gather(*[
            send(session, served, f"which partnership is {name} in?", f"u{n}", f"User {n}", conversation="busy-channel")
            for n, name in enumerate(schools)])
    assert set(statuses) == {201}
    replies = [t for r, t in zip(served.received, served.texts()) if r["conversation_id"] == "busy-channel"]
    assert len(replies) == 40
    assert not [t for t in replies if "went wrong" in t or "same moment" in t], replies
    state = TinyDBStorage(open_database(str(tmp_path / "bot.json")))
    [key] = [row["key"] for row in state.documents.all() if "busy-channel" in row["key"] and "conversations" in row["key"]]
    assert (await state.read([key]))[key]["conversation_data"]["last_sources"]


async def test_thirty_people_moving_the_same_school_at_once_are_all_recorded(served, tmp_path):
    """The same record, changed by 30 coordinators at the same moment: 30 moves in its history."""
    movers = [(f"c{n}", f"Coordinator {n}") for n in range(30)]
    async with aiohttp.ClientSession() as session:
        for who, name in movers:
            await send(session, served, "hello", who, name, conversation=f"personal-{who}")
        # Ann makes each of them coordinator of South Hampshire, so the real permission check passes.
        for _, name in movers:
            await send(session, served, f"make {name} coordinator of South Hampshire", conversation="personal-ann")

        async def move(n, who, name):
            conversation = f"personal-{who}"
            target = "Fareham" if n % 2 else "Havant East"
            await send(session, served, f"move Bay House School to {target}", who, name, conversation)
            await send(session, served, "yes", who, name, conversation)

        await asyncio.gather(*[move(n, who, name) for n, (who, name) in enumerate(movers)])
    acknowledged = [t for t in served.texts() if t.startswith("Done: Bay House School is now in")]
    recorded = all_moves(open_database(str(tmp_path / "bot.json")))
    assert len(recorded) == len(acknowledged)
    assert len(acknowledged) >= 15          # the rest found it already where they wanted it
    assert not [t for t in served.texts() if "went wrong" in t or "same moment" in t]


async def test_a_stale_save_of_the_same_state_is_refused_and_retried_never_dropped(tmp_path):
    """Storage level: 50 concurrent read-add-save turns on one record, each retrying when the e-tag
    check refuses it. Every one of the 50 additions is there at the end.

    (The record exists first: a write with no e-tag at all is botbuilder's blind write, which
    ConversationState makes only for a brand-new conversation; OneTurnAtATime covers that race.)"""
    storage = TinyDBStorage(open_database(str(tmp_path / "bot.json")))
    await storage.write({"conversation/shared": {"seen": []}})
    refused = 0

    async def add_one(n):
        nonlocal refused
        while True:
            item = (await storage.read(["conversation/shared"]))["conversation/shared"]
            item["seen"] = item["seen"] + [n]
            await asyncio.sleep(0)                 # another turn gets in between
            try:
                await storage.write({"conversation/shared": item})
                return
            except KeyError:
                refused += 1

    await asyncio.gather(*[add_one(n) for n in range(50)])
    final = (await TinyDBStorage(open_database(str(tmp_path / "bot.json"))).read(["conversation/shared"]))
    assert sorted(final["conversation/shared"]["seen"]) == list(range(50))
    assert refused > 0          # the check really fired: stale saves were refused, not let through
