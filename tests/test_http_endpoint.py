"""The real HTTP path: POST /api/messages on the running aiohttp app, with a stand-in Bot Connector.

The bot is `create_app(config, storage)` served on 127.0.0.1, as `make run` serves it. The
stand-in connector is a small aiohttp server on 127.0.0.1, given to the bot as the activity's
serviceUrl: it records every reply the bot POSTs to /v3/conversations/{id}/activities[/{replyTo}]
and answers {"id": ...}, as the Bot Framework channel service does. No MicrosoftAppId is set, so
the bot runs in local development mode (no tokens either way).
"""

import itertools

import aiohttp
import pytest
from aiohttp import web

from app import create_app
from config import DefaultConfig
from knowledge.clock import Clock
from knowledge.directory import load_directory
from storage.database import open_database

HOST = "127.0.0.1"


class StandInConnector:
    """Records what the bot posts back to the channel, exactly as the channel receives it."""

    def __init__(self):
        self.received: list[dict] = []
        self._ids = itertools.count(1)
        self.url = ""
        self._runner = None

    async def start(self):
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self.receive)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", self.receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        self.url = f"http://{HOST}:{self._runner.addresses[0][1]}"

    async def receive(self, request: web.Request) -> web.Response:
        self.received.append({"conversation_id": request.match_info["conversation_id"],
                              "reply_to": request.match_info.get("activity_id"),
                              "body": await request.json()})
        return web.json_response({"id": f"reply-{next(self._ids)}"})

    def texts(self) -> list[str]:
        return [words(post["body"]) for post in self.received if post["body"].get("type") == "message"]

    async def stop(self):
        await self._runner.cleanup()


def words(reply: dict) -> str:
    """A reply's text, or for a card sent alone its fallbackText: what a client without cards shows."""
    cards = [a["content"] for a in reply.get("attachments") or []
             if a.get("contentType") == "application/vnd.microsoft.card.adaptive"]
    return reply.get("text") or next((c.get("fallbackText", "") for c in cards), "")


class RunningBot:
    def __init__(self, url: str, connector: StandInConnector):
        self.url = url
        self.connector = connector
        self._ids = itertools.count(1)

    def activity(self, text: str, **extra) -> dict:
        """A Teams message from Jo Smith in a personal chat, as the channel would send it."""
        return {
            "type": "message", "id": f"activity-{next(self._ids)}", "timestamp": "2010-03-01T10:00:00.000Z",
            "channelId": "msteams", "serviceUrl": self.connector.url, "locale": "en-GB",
            "from": {"id": "29:jo-smith", "name": "Jo Smith", "aadObjectId": "aad-jo"},
            "recipient": {"id": "28:partnerships-bot", "name": "Partnerships bot"},
            "conversation": {"id": "a:personal-jo", "conversationType": "personal", "tenantId": "tenant-1"},
            "channelData": {"tenant": {"id": "tenant-1"}},
            "text": text, **extra,
        }

    async def post(self, body=None, *, data=None, content_type="application/json"):
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{self.url}/api/messages", json=body if data is None else None,
                                    data=data, headers={"Content-Type": content_type}) as response:
                text = await response.text()
                return response.status, (await response.json() if text and "json" in response.content_type else text)

    async def say(self, text: str) -> list[str]:
        """Send one message over HTTP; return the words of each reply the channel received (in Teams a
        card comes alone, one bubble, so its words are the card's fallback text)."""
        before = len(self.connector.received)
        status, _ = await self.post(self.activity(text))
        assert status in (200, 201, 202)
        return [words(post["body"]) for post in self.connector.received[before:]]


@pytest.fixture
async def bot(tmp_path):
    connector = StandInConnector()
    await connector.start()
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"))
    assert not config.APP_ID
    app = create_app(config, open_database(config.BOT_DB), Clock("2010-03-01"))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, HOST, 0).start()
    yield RunningBot(f"http://{HOST}:{runner.addresses[0][1]}", connector)
    await runner.cleanup()
    await connector.stop()


# ---- one question per area of Hampshire -------------------------------------------------------

async def test_north_and_east_hampshire_through_the_channel(bot):
    assert await bot.say("which partnership is Oakmoor School in?") == [
        "Oakmoor School (Bordon) is in the Bordon, Liphook and Petersfield partnership, in the Bordon sub-cluster. "
        "Proposed in the Director's letter of January 2010; not final. Under the letter's other option it would "
        "be in a separate Bordon partnership. Note: it became an academy after 2010, with a new URN (DfE list)."]
    [post] = bot.connector.received
    assert post["conversation_id"] == "a:personal-jo"
    assert post["reply_to"] == "activity-1"
    reply = post["body"]
    assert reply["type"] == "message"
    assert reply["replyToId"] == "activity-1"
    assert reply["recipient"]["id"] == "29:jo-smith"
    assert reply["from"]["id"] == "28:partnerships-bot"
    [card] = reply["attachments"]       # the follow-ups are the card's buttons (no suggested actions on a card)
    assert [a["data"]["question"] for a in card["content"]["actions"]] == [
        "who else is in Bordon, Liphook and Petersfield?", "where does that come from?"]


async def test_western_hampshire_through_the_channel(bot):
    assert await bot.say("which partnership is Perins in?") == [
        "Perins School (Alresford) is in the Winchester partnership, in the Alresford sub-cluster. "
        "Proposed in the Director's letter of January 2010; not final. Note: it became an academy after 2010, with a new URN (DfE list)."]


async def test_south_hampshire_through_the_channel(bot):
    assert await bot.say("what partnership does Crookhorn belong to") == [
        "Crookhorn College (Waterlooville) is probably in the Havant West partnership. The letter does not list "
        "schools here; this is our reading (west of the A3), for a coordinator to confirm. Proposed in the "
        "Director's letter of January 2010 as a working model for further local comment; not final."]


async def test_a_choice_over_http_keeps_the_conversation_in_the_database(bot):
    [question] = await bot.say("Farnborough college")
    assert question.startswith("I know more than one school like 'farnborough college'. Which one?")
    assert await bot.say("2") == [
        "Farnborough Sixth Form College (Farnborough) is in the Rushmoor partnership: Rushmoor has a single "
        "partnership. Proposed in the Director's letter of January 2010; not final. As a college, it treats "
        "Rushmoor as its host partnership and keeps in touch with neighbouring partnerships."]


# ---- expectReplies: the replies come back in the HTTP response -------------------------------

async def test_expect_replies_returns_the_replies_in_the_response(bot):
    status, body = await bot.post(bot.activity("which partnership covers Horndean?", deliveryMode="expectReplies"))
    assert status == 200
    [reply] = body["activities"]
    assert reply["type"] == "message"
    assert "text" not in reply                  # in Teams the card alone is the answer: one bubble
    assert reply["summary"].startswith("Schools in Horndean are in the Havant West partnership.")
    assert words(reply).startswith("Schools in Horndean are in the Havant West partnership.")
    assert bot.connector.received == []        # nothing was posted to the channel


# ---- bad requests get a clear HTTP error, never a 500 ------------------------------------------

async def test_malformed_json_is_a_400_with_a_reason(bot):
    status, body = await bot.post(data=b'{"type": "message", "text": ', content_type="application/json")
    assert (status, body) == (400, {"error": "the body is not valid JSON"})


async def test_a_json_array_is_a_400(bot):
    status, body = await bot.post([bot.activity("hello")])
    assert (status, body) == (400, {"error": "the body is not an activity object"})


async def test_an_activity_without_a_type_is_a_400(bot):
    activity = bot.activity("which partnership is Perins in?")
    del activity["type"]
    status, body = await bot.post(activity)
    assert (status, body) == (400, {"error": "the activity has no type"})
    assert bot.connector.received == []


async def test_a_body_that_is_not_json_is_a_415(bot):
    status, body = await bot.post(data=b"which partnership is Perins in?", content_type="text/plain")
    assert status == 415
    assert body == {"error": "send the activity as application/json"}


async def test_healthz(bot):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{bot.url}/healthz") as response:
            assert response.status == 200
            health = await response.json()
    assert health["status"] == "ok"
    assert health["schools"] == len(load_directory().schools) > 0
