"""The bench's side of a conversation: one Bot Framework activity per turn, its replies either
posted back by the bot to a stand-in Bot Connector (the real path, as Teams works) or, with
`deliveryMode: expectReplies`, returned in the HTTP response (no connector involved)."""

import json
import time
import uuid
from collections import defaultdict

import aiohttp
from aiohttp import web

HOST = "127.0.0.1"
# Never contacted: with expectReplies the adapter returns replies instead of posting them here.
NOWHERE = "http://127.0.0.1:9/"


class TurnFailed(RuntimeError):
    pass


def text_of(activity: dict) -> str:
    """What a reply says: its text, or, for an answer sent as a card alone, the card's fallback text
    (or the card itself as JSON)."""
    if activity.get("text"):
        return activity["text"]
    parts = []
    for attachment in activity.get("attachments") or []:
        content = attachment.get("content")
        parts.append(content.get("fallbackText") or json.dumps(content) if isinstance(content, dict) else str(content or ""))
    return " ".join(parts)


class StandInConnector:
    """Plays the channel's Bot Connector on 127.0.0.1: takes each reply the bot posts to
    /v3/conversations/{id}/activities[/{replyToId}], answers 200 with an id, and keeps its text by
    conversation. Counts the TCP connections the bot opened to post them."""

    def __init__(self):
        self.url = ""
        self.texts: dict[str, list[str]] = defaultdict(list)
        self.replies = 0
        self.connections: set = set()
        self._runner = None

    async def start(self) -> "StandInConnector":
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self.receive)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", self.receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, HOST, 0).start()
        self.url = f"http://{HOST}:{self._runner.addresses[0][1]}/"
        return self

    async def receive(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.connections.add(request.transport.get_extra_info("peername"))
        self.replies += 1
        if body.get("type") == "message":
            self.texts[request.match_info["conversation_id"]].append(text_of(body))
        return web.json_response({"id": f"reply-{self.replies}"})

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()


def message(text: str, conversation_id: str, user_id: str = "bench-user", user_name: str = "Bench User",
            connector: StandInConnector | None = None) -> dict:
    """A Teams personal-chat message; replies go to `connector`, or come back in the response."""
    activity = {
        "type": "message",
        "id": uuid.uuid4().hex,
        "channelId": "msteams",
        "serviceUrl": connector.url if connector else NOWHERE,
        "from": {"id": user_id, "name": user_name, "aadObjectId": user_id},
        "recipient": {"id": "bench-bot", "name": "Partnerships bot"},
        "conversation": {"id": conversation_id, "conversationType": "personal"},
        "text": text,
    }
    if connector is None:
        activity["deliveryMode"] = "expectReplies"
    return activity


async def turn(session: aiohttp.ClientSession, url: str, activity: dict,
               connector: StandInConnector | None = None, since: float | None = None) -> tuple[float, list[str]]:
    """Send one activity; return the seconds it took (from `since`, a perf_counter time, if given:
    when the turn was due, so time spent waiting to send counts) and the texts of the replies.
    Through a connector, the bot answers the POST once its replies are posted, so the texts the
    connector took for this conversation meanwhile are this turn's (a conversation is one turn at
    a time)."""
    started = time.perf_counter()
    conversation = activity["conversation"]["id"]
    before = len(connector.texts[conversation]) if connector else 0
    async with session.post(url, json=activity) as response:
        body = await response.read()
        elapsed = time.perf_counter() - (since if since is not None else started)
        if response.status not in (200, 201):
            raise TurnFailed(f"{url} answered {response.status}: {body[:300]!r}")
    if connector is not None:
        return elapsed, connector.texts[conversation][before:]
    replies = json.loads(body).get("activities", [])
    return elapsed, [words(r) for r in replies]


def words(reply: dict) -> str:
    """A reply's text, or for a card sent alone (one bubble, as the bot answers in Teams) its fallbackText."""
    cards = [a.get("content") or {} for a in reply.get("attachments") or []
             if a.get("contentType") == "application/vnd.microsoft.card.adaptive"]
    return reply.get("text") or next((c.get("fallbackText", "") for c in cards if c.get("fallbackText")), "")


def client_session() -> aiohttp.ClientSession:
    """One session, keep-alive, no connection cap: every concurrent conversation gets a socket."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                 timeout=aiohttp.ClientTimeout(total=120))
