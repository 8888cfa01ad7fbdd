"""The bench's side of a conversation: one Bot Framework activity per turn, answered in the HTTP
response (`deliveryMode: expectReplies`), so no connector or Teams is involved."""

import json
import time
import uuid

import aiohttp

# Never contacted: with expectReplies the adapter returns replies instead of posting them here.
SERVICE_URL = "http://127.0.0.1:9/"


class TurnFailed(RuntimeError):
    pass


def message(text: str, conversation_id: str, user_id: str = "bench-user", user_name: str = "Bench User") -> dict:
    return {
        "type": "message",
        "id": uuid.uuid4().hex,
        "channelId": "msteams",
        "serviceUrl": SERVICE_URL,
        "deliveryMode": "expectReplies",
        "from": {"id": user_id, "name": user_name, "aadObjectId": user_id},
        "recipient": {"id": "bench-bot", "name": "Partnerships bot"},
        "conversation": {"id": conversation_id, "conversationType": "personal"},
        "text": text,
    }


async def turn(session: aiohttp.ClientSession, url: str, activity: dict) -> tuple[float, list[str]]:
    """Send one activity; return the seconds it took and the texts of the replies."""
    started = time.perf_counter()
    async with session.post(url, json=activity) as response:
        body = await response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise TurnFailed(f"{url} answered {response.status}: {body[:300]!r}")
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
                                 timeout=aiohttp.ClientTimeout(total=60))
