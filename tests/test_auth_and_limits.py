"""Who may talk to /api/messages at all: Bot Framework tokens, body size and each person's rate.

The real app (`create_app`) on aiohttp's test server. With a MicrosoftAppId set, botbuilder's own
JWT validation decides; a missing or malformed token never needs the network to be refused.
"""

import base64
import itertools
import json

import pytest
from storage.bot_state_storage import state_documents
from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from bot.web.rate_limit import RateLimiter
from config import DefaultConfig
from knowledge.clock import Clock
from storage.database import open_database
from tests.test_http_endpoint import words

APP_ID = "11111111-2222-3333-4444-555555555555"


# Every activity a channel sends has an id of its own (one seen before is a replay, answered once).
ACTIVITY_IDS = itertools.count(1)


def activity(text="which partnership is Perins School in?", user="aad-jo", **extra) -> dict:
    return {"type": "message", "id": f"a{next(ACTIVITY_IDS)}", "channelId": "msteams", "text": text,
            "serviceUrl": "http://127.0.0.1:9/", "deliveryMode": "expectReplies",
            "from": {"id": f"29:{user}", "name": "Jo Smith", "aadObjectId": user},
            "recipient": {"id": "28:bot"}, "conversation": {"id": f"personal-{user}", "conversationType": "personal"},
            **extra}


async def client_for(tmp_path, **settings) -> TestClient:
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"), **settings)
    client = TestClient(TestServer(create_app(config, open_database(config.BOT_DB), Clock("2010-03-01"))))
    await client.start_server()
    return client


def fake_token(claims: dict) -> str:
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256', 'typ': 'JWT', 'kid': 'made-up'})}.{part(claims)}.{part('not-a-signature')}"


BAD_HEADERS = {
    "no Authorization header": {},
    "an empty bearer": {"Authorization": "Bearer "},
    "garbage": {"Authorization": "Bearer garbage"},
    "not a bearer": {"Authorization": "Basic dXNlcjpwYXNz"},
    "a token with no issuer": {"Authorization": "Bearer " + fake_token({"aud": APP_ID})},
    "a token from an unknown issuer": {"Authorization": "Bearer " + fake_token({"iss": "https://evil.example", "aud": APP_ID})},
}


@pytest.mark.parametrize("headers", list(BAD_HEADERS.values()), ids=list(BAD_HEADERS))
async def test_with_an_app_id_a_request_without_a_valid_token_is_refused_with_401(tmp_path, headers):
    client = await client_for(tmp_path, APP_ID=APP_ID, APP_PASSWORD="secret")
    try:
        response = await client.post("/api/messages", json=activity(), headers=headers)
        assert response.status == 401
        assert await response.json() == {"error": "unauthorized"}
    finally:
        await client.close()
    # Refused before the bot ran: nothing about the conversation was saved.
    database = open_database(str(tmp_path / "bot.json"))
    assert state_documents(database).all() == []
    assert database.table("people").all() == []


async def test_with_no_app_id_the_bot_answers_without_a_token(tmp_path):
    """Local development: open, which is why the README says never to expose it."""
    client = await client_for(tmp_path)
    try:
        response = await client.post("/api/messages", json=activity())
        assert response.status == 200
        replies = (await response.json())["activities"]
        assert "Winchester partnership" in words(replies[0])
    finally:
        await client.close()


async def test_a_body_over_the_limit_is_refused_with_413(tmp_path):
    client = await client_for(tmp_path)
    try:
        response = await client.post("/api/messages", json=activity(text="x" * 1_000_000))
        assert response.status == 413
        assert "too large" in (await response.json())["error"]
    finally:
        await client.close()


async def test_one_person_sending_too_fast_gets_429_and_others_carry_on(tmp_path):
    client = await client_for(tmp_path, BOT_RATE_LIMIT=20)      # a burst of 10, then one every 3 seconds
    try:
        statuses = [(await client.post("/api/messages", json=activity(text="help"))).status for _ in range(12)]
        assert statuses[:10] == [200] * 10
        assert statuses[10:] == [429, 429]
        refused = await client.post("/api/messages", json=activity(text="help"))
        body = await refused.json()
        assert "You're sending messages faster than I can answer" in body["error"]
        assert int(refused.headers["Retry-After"]) >= 1
        # Someone else is not held up by Jo.
        other = await client.post("/api/messages", json=activity(text="help", user="aad-sam"))
        assert other.status == 200
    finally:
        await client.close()


def test_the_bucket_refills_with_time():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, now=lambda: now[0])
    assert limiter.allow("jo") is None and limiter.allow("jo") is None
    assert limiter.allow("jo") == pytest.approx(1.0)
    now[0] += 1.0
    assert limiter.allow("jo") is None
    assert limiter.allow("jo") is not None
