"""Hostile bodies on POST /api/messages: the real app (create_app) on aiohttp's test server, with
no app id (the open endpoint is where anyone can send anything).

Every answer is a clear status below 500 with no stack trace, in the response or in the log: JSON
nested a thousand deep is refused before it is parsed, odd Teams channelData is ignored rather
than crashing the welcome, and two hundred and more random bodies (random nesting, the wrong type
in every field, huge strings within the size limit, bad unicode) get 0 responses of 500 or more.
"""

import copy
import itertools
import json
import logging
import random

import pytest
from storage.bot_state_storage import state_documents
from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from bot.web.messages_endpoint import MAX_BODY
from config import DefaultConfig
from knowledge.clock import Clock
from storage.database import open_database
from tests.test_http_endpoint import words

LOCAL = "http://127.0.0.1:9/"      # loopback, so allowed with no app id; nothing listens there
SORRY = "Sorry, something went wrong"
# Every activity a channel sends has an id of its own (one seen before is a replay, answered once).
ACTIVITY_IDS = itertools.count(1)


def message(text="which partnership is Perins School in?", **extra) -> dict:
    return {"type": "message", "id": f"a{next(ACTIVITY_IDS)}", "channelId": "msteams", "text": text,
            "serviceUrl": LOCAL, "deliveryMode": "expectReplies",
            "from": {"id": "29:jo", "name": "Jo Smith", "aadObjectId": "aad-jo"},
            "recipient": {"id": "28:bot", "name": "Partnerships bot"},
            "conversation": {"id": "personal-jo", "conversationType": "personal"}, **extra}


@pytest.fixture
async def client(tmp_path):
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"), BOT_RATE_LIMIT=0)
    test_client = TestClient(TestServer(create_app(config, open_database(config.BOT_DB), Clock("2010-03-09"))))
    await test_client.start_server()
    yield test_client
    await test_client.close()


async def post(client, data: bytes) -> tuple[int, str]:
    response = await client.post("/api/messages", data=data, headers={"Content-Type": "application/json"})
    return response.status, await response.text()


def tracebacks(caplog) -> list:
    return [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


# ---- JSON nested a thousand deep ------------------------------------------------------------------

def nested(depth: int, kind: str) -> bytes:
    if kind == "arrays":
        inner = b"[" * depth + b"]" * depth
    elif kind == "objects":
        inner = b'{"a":' * depth + b"1" + b"}" * depth
    else:       # deep and wide: ten siblings, each deep
        each = min(depth, 10_000)
        inner = b"[" + b",".join([b"[" * each + b"]" * each] * 10) + b"]"
    return json.dumps(message(value="PLACEHOLDER")).encode().replace(b'"PLACEHOLDER"', inner)


@pytest.mark.parametrize("depth", [100, 1_000, 5_000, 40_000])
@pytest.mark.parametrize("kind", ["arrays", "objects", "wide"])
async def test_json_nested_too_deeply_is_refused_with_400_before_anything_else(client, tmp_path, caplog, depth, kind):
    body = nested(depth, kind)
    assert len(body) <= MAX_BODY
    with caplog.at_level(logging.INFO):
        status, text = await post(client, body)
    assert status == 400, text
    assert "nested too deeply" in json.loads(text)["error"]
    assert tracebacks(caplog) == []
    database = open_database(str(tmp_path / "bot.json"))
    assert state_documents(database).all() == [] and database.table("people").all() == []


async def test_with_an_app_id_deep_json_is_400_before_the_token_is_even_looked_at(tmp_path, caplog):
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"), APP_ID="11111111-2222-3333-4444-555555555555",
                           APP_PASSWORD="secret")
    client = TestClient(TestServer(create_app(config, open_database(config.BOT_DB), Clock("2010-03-09"))))
    await client.start_server()
    try:
        with caplog.at_level(logging.INFO):
            for kind in ("arrays", "objects", "wide"):
                status, text = await post(client, nested(1_000, kind))
                assert status == 400 and "nested too deeply" in text
            status, _ = await post(client, json.dumps(message()).encode())
            assert status == 401                  # a shallow body without a token: the token decides
    finally:
        await client.close()
    assert tracebacks(caplog) == []


async def test_brackets_inside_strings_and_a_wide_shallow_body_are_not_mistaken_for_nesting(client):
    text = "which partnership is Perins School in? " + "[{" * 2_000
    status, body = await post(client, json.dumps(message(text=text)).encode())
    assert status == 200, body
    wide = json.dumps(message(value={"rows": [[i] for i in range(5_000)]})).encode()
    status, body = await post(client, wide)
    assert status == 200, body
    assert "Winchester partnership" in body


# ---- odd Teams channelData on install ---------------------------------------------------------------

CHANNEL = {"id": "19:general@thread.tacv2", "conversationType": "channel", "isGroup": True}
ODD_CHANNEL_DATA = {"team is a string": {"team": "x"}, "team name is a number": {"team": {"name": 5}},
                    "channel is a list": {"channel": []}, "tenant is a string": {"tenant": "y"},
                    "null": None, "a list": [1, 2], "settings is a number": {"settings": 3},
                    "team name is an object": {"team": {"name": {"a": 1}}, "eventType": ["x"]}}


def installed(kind: str, channel_data) -> dict:
    body = message(type=kind, text=None, conversation=CHANNEL, channelData=channel_data)
    if kind == "conversationUpdate":
        body["membersAdded"] = [{"id": "28:bot", "name": "Partnerships bot"}]
    else:
        body["action"] = "add"
    return body


@pytest.mark.parametrize("channel_data", list(ODD_CHANNEL_DATA.values()), ids=list(ODD_CHANNEL_DATA))
@pytest.mark.parametrize("kind", ["installationUpdate", "conversationUpdate"])
async def test_odd_channel_data_on_install_is_ignored_and_the_welcome_still_comes(client, caplog, kind, channel_data):
    with caplog.at_level(logging.INFO):
        status, text = await post(client, json.dumps(installed(kind, channel_data)).encode())
    assert status == 200, text
    said = " ".join(words(a) for a in json.loads(text)["activities"])
    assert said.startswith("Hello! I know Hampshire's local children's partnerships")
    assert SORRY not in said
    assert tracebacks(caplog) == []


# ---- shapes botbuilder lets through and then trips over ----------------------------------------------

BAD_SHAPES = {
    "a null among membersAdded": {"type": "conversationUpdate", "membersAdded": [None]},
    "a member that is a list": {"type": "conversationUpdate", "membersAdded": [["28:bot"]]},
    "an id that is an object": {"id": {"id": {"id": 5}}},
    "a recipient that is a list": {"recipient": []},
    "a conversation name that is a list": {"conversation": {"id": "personal-jo", "name": ["x"]}},
    "an entity list that is an object": {"entities": {"type": "mention"}},
    "a deliveryMode that is an object": {"deliveryMode": {}},
    "an unknown deliveryMode": {"deliveryMode": "shout"},
    "an invoke with no name": {"type": "invoke", "name": None},
    "an invoke nobody handles": {"type": "invoke", "name": "composeExtension/anything", "deliveryMode": None},
}


@pytest.mark.parametrize("change", list(BAD_SHAPES.values()), ids=list(BAD_SHAPES))
async def test_a_shape_botbuilder_would_trip_over_is_400_with_a_reason(client, tmp_path, caplog, change):
    with caplog.at_level(logging.INFO):
        status, text = await post(client, json.dumps({**message(), **change}).encode())
    assert status == 400, text
    assert json.loads(text)["error"]
    assert tracebacks(caplog) == []
    database = open_database(str(tmp_path / "bot.json"))
    assert state_documents(database).all() == []


# ---- two hundred and more hostile bodies --------------------------------------------------------

ODD_VALUES = [None, True, 0, -1, 1e308, "", "x", [], {}, [None], {"a": None}, "\ud800", "\x00\x1f",
              "\u202e\u0000<at>", "9" * 400, [[[[[]]]]], {"id": {"id": {"id": 5}}}]
FIELDS = ["type", "id", "channelId", "serviceUrl", "text", "from", "recipient", "conversation", "value",
          "channelData", "entities", "attachments", "membersAdded", "membersRemoved", "replyToId", "timestamp",
          "localTimestamp", "locale", "name", "action", "deliveryMode", "textFormat", "suggestedActions",
          "from.id", "from.aadObjectId", "from.name", "conversation.id", "conversation.conversationType",
          "conversation.tenantId", "recipient.id", "channelData.team", "channelData.tenant"]
TYPES = ["message", "conversationUpdate", "installationUpdate", "invoke", "messageReaction", "event", "typing",
         "endOfConversation", "messageUpdate", "messageDelete", "contactRelationUpdate"]


def odd_value(rng: random.Random):
    return copy.deepcopy(rng.choice(ODD_VALUES))     # a copy: fields of the body are filled in later


def random_json(rng: random.Random, depth: int):
    roll = rng.random()
    if depth <= 0 or roll < 0.3:
        return rng.choice([odd_value(rng), rng.randint(-2**70, 2**70), rng.random(), random_text(rng)])
    if roll < 0.65:
        return [random_json(rng, depth - 1) for _ in range(rng.randint(0, 4))]
    return {random_text(rng, 8): random_json(rng, depth - 1) for _ in range(rng.randint(0, 4))}


def random_text(rng: random.Random, longest: int = 60) -> str:
    alphabet = "abc <>[]{}\"'\\/@=+;:|*_`#~\t\r\n\u00e9\u202e\ufeff\U0001F600\u0000"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))


def hostile_body(rng: random.Random, number: int) -> bytes:
    """One of: a wrong type in one or more fields, random nesting, a huge string, bad unicode."""
    body = message(id=f"h{number}", type=rng.choice(TYPES))
    kind = number % 5
    if kind in (0, 1):      # the wrong type in fields (nested ones too)
        for field in rng.sample(FIELDS, rng.randint(1, 4)):
            value = odd_value(rng) if kind == 0 else random_json(rng, rng.randint(1, 8))
            parent, _, child = field.partition(".")
            if child:
                if not isinstance(body.get(parent), dict):
                    body[parent] = {}
                body[parent][child] = value
            else:
                body[parent] = value
    elif kind == 2:         # random nesting anywhere, sometimes past the depth limit
        body[rng.choice(["value", "channelData", "entities", "text"])] = random_json(rng, rng.randint(1, 12))
        if rng.random() < 0.3:
            return nested(rng.choice([70, 300, 2_000]), rng.choice(["arrays", "objects", "wide"]))
    elif kind == 3:         # huge strings within the size limit
        big = rng.choice(["x", "\u00e9", "\U0001F600", "[", "\\"]) * rng.randint(10_000, 60_000)
        body[rng.choice(["text", "id", "name", "locale", "serviceUrl"])] = big
        if rng.random() < 0.5:
            body["from"]["name"] = big
    raw = json.dumps(body, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    if kind == 4:           # bad unicode and broken JSON: stray bytes, lone surrogates, truncation
        damage = rng.choice([b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\\ud800", b"\x00", b"\"", b"{"])
        at = rng.randint(0, len(raw))
        raw = raw[:at] + damage + raw[at:] if rng.random() < 0.7 else raw[:at]
    return raw[:MAX_BODY]


async def test_two_hundred_and_fifty_hostile_bodies_get_no_5xx_and_no_traceback(client, caplog):
    rng = random.Random(11)
    statuses, failures = {}, []
    with caplog.at_level(logging.INFO):
        for number in range(250):
            raw = hostile_body(rng, number)
            status, text = await post(client, raw)
            statuses[status] = statuses.get(status, 0) + 1
            if status >= 500 or "Traceback" in text or SORRY in text:
                failures.append((number, status, text[:300], raw[:300]))
    print("hostile bodies by status:", dict(sorted(statuses.items())))
    assert failures == []
    assert sum(statuses.values()) == 250 and sum(n for s, n in statuses.items() if s >= 500) == 0
    assert [r.getMessage()[:200] for r in tracebacks(caplog)] == []
