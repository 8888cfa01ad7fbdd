"""Bad input, through the real app: each gets a clear reply or a 4xx, never a 500, never a stack
trace, never a half-written record. After every case the TinyDB file is opened afresh and must
read cleanly.

The app is `create_app` on aiohttp's test server, with `deliveryMode: expectReplies` so replies
come back in the HTTP response (no channel needed). No MicrosoftAppId: local development mode.
"""

import itertools
import json
import subprocess
import sys
from storage.bot_state_storage import state_documents
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from config import DefaultConfig
from knowledge.clock import Clock
from storage.database import open_database
from storage.directory_changes import all_moves
from tests.test_http_endpoint import words

ROOT = Path(__file__).resolve().parent.parent


# Every activity a channel sends has an id of its own (one seen before is a replay, answered once).
ACTIVITY_IDS = itertools.count(1)


def activity(text="which partnership is Perins School in?", name="Jo Smith", **extra) -> dict:
    return {"type": "message", "id": f"a{next(ACTIVITY_IDS)}", "channelId": "msteams", "text": text,
            "serviceUrl": "http://127.0.0.1:9/", "deliveryMode": "expectReplies",
            "from": {"id": "29:jo", "name": name, "aadObjectId": "aad-jo"},
            "recipient": {"id": "28:bot"}, "conversation": {"id": "personal-jo", "conversationType": "personal"},
            **extra}


@pytest.fixture
async def client(tmp_path):
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"), BOT_RATE_LIMIT=0)
    test_client = TestClient(TestServer(create_app(config, open_database(config.BOT_DB), Clock("2010-03-09"))))
    await test_client.start_server()
    yield test_client
    await test_client.close()


def store_is_valid(tmp_path) -> open_database:
    """The file on disk opens and reads, as it would after a restart."""
    database = open_database(str(tmp_path / "bot.json"))
    for name in database.tinydb.tables():
        database.table(name).all()
    return database


async def post_raw(client, data: bytes, content_type="application/json"):
    response = await client.post("/api/messages", data=data, headers={"Content-Type": content_type})
    text = await response.text()
    assert response.status != 500 and "Traceback" not in text, (response.status, text)
    return response.status, text


async def replies_to(client, body: dict) -> list[str]:
    status, text = await post_raw(client, json.dumps(body).encode())
    assert status == 200, (status, text)
    return [words(a) for a in json.loads(text)["activities"]]


# ---- bodies that are not activities: 4xx, nothing saved ---------------------------------------

NOT_ACTIVITIES = {
    "malformed JSON": (b'{"type": "message", "text": "hi"', 400),
    "not UTF-8": (b'{"type": "message", "text": "\xff\xfe"}', 400),
    "a JSON list": (b'[{"type": "message"}]', 400),
    "a JSON string": (b'"message"', 400),
    "no activity type": (json.dumps({k: v for k, v in activity().items() if k != "type"}).encode(), 400),
    "an empty activity type": (json.dumps(activity(type="")).encode(), 400),
    "an activity type that is a number": (json.dumps(activity(type=7)).encode(), 400),
    "an unknown activity type": (json.dumps(activity(type="launchMissiles")).encode(), 400),
    "no conversation": (json.dumps({k: v for k, v in activity().items() if k != "conversation"}).encode(), 400),
    "a conversation that is a string": (json.dumps(activity(conversation="c1")).encode(), 400),
    "a 1 MB body": (json.dumps(activity(text="x" * (1024 * 1024))).encode(), 413),
    "an empty body": (b"", 400),
}


@pytest.mark.parametrize("body,status", list(NOT_ACTIVITIES.values()), ids=list(NOT_ACTIVITIES))
async def test_a_body_that_is_not_an_activity_gets_a_4xx_and_nothing_is_saved(client, tmp_path, body, status):
    got, text = await post_raw(client, body)
    assert got == status
    assert json.loads(text)["error"]
    assert state_documents(store_is_valid(tmp_path)).all() == []


async def test_a_body_that_is_not_json_at_all_gets_415(client):
    status, text = await post_raw(client, b"type=message&text=hi", content_type="application/x-www-form-urlencoded")
    assert status == 415 and "application/json" in json.loads(text)["error"]


# ---- messages people might really send: a clear reply ----------------------------------------

MESSAGES = {
    "10,000 characters": ("Perins " * 1430, "Perins School"),
    "control characters": ("which\x00 partnership\x07 is \x1bPerins\x08 School in?\r\n", "Winchester partnership"),
    "bidi overrides": ("which partnership is \u202ePerins\u202c School in?", "Winchester partnership"),
    "emoji": ("🙂🏫 which partnership is Perins School in? 👍", "Winchester partnership"),
    "only emoji": ("🙈🙉🙊", "Sorry, I didn't understand that"),
    "HTML": ("<script>alert('x')</script><b>Perins</b>", "Perins School"),
    "Markdown": ("**[Perins](javascript:alert(1))**", "Perins School"),
    "an Adaptive Card": (json.dumps({"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": "pwned"}]}),
                         "Sorry, I didn't understand that"),
    "31 February": ("what happens on 31 February 2010?", ""),
    "nothing but spaces": ("   \t  ", "I can tell you about"),
    "SQL": ("Robert'); DROP TABLE schools;--", "Sorry, I didn't understand that"),
    "a regular-expression bomb": ("which partnership is " + "a" * 5000 + "! in", ""),
}


@pytest.mark.parametrize("text,expected", list(MESSAGES.values()), ids=list(MESSAGES))
async def test_an_odd_message_gets_a_clear_reply(client, tmp_path, text, expected):
    replies = await replies_to(client, activity(text=text))
    assert replies and all(r.strip() for r in replies)
    assert expected in replies[0]
    assert "went wrong" not in " ".join(replies)
    store_is_valid(tmp_path)


async def test_a_message_with_no_text_or_a_number_for_text_is_answered(client, tmp_path):
    assert "I can tell you about" in (await replies_to(client, {**activity(), "text": None}))[0]
    status, _ = await post_raw(client, json.dumps(activity(text=12345)).encode())
    assert status in (200, 400)
    store_is_valid(tmp_path)


async def test_a_card_submitted_with_junk_values_is_answered_not_crashed(client, tmp_path):
    body = activity(text=None, value={"action": "<script>", "answer": [1, 2, {"x": None}]})
    status, _ = await post_raw(client, json.dumps(body).encode())
    assert status in (200, 201, 400)
    store_is_valid(tmp_path)


# ---- names chosen by their owners end up in replies other people read -----------------------

INJECTED_NAMES = {
    "HTML": "<img src=x onerror=alert(1)>Jo",
    "Markdown link": "[Jo Smith](https://evil.example)",
    "Markdown emphasis": "**Admin** _Jo_ `code` # heading",
    "Adaptive Card JSON": '{"type":"AdaptiveCard","body":[{"type":"Image","url":"https://evil.example"}]}',
    "control characters": "Jo\x00\x1b[31m Smith\u202e",
}


@pytest.mark.parametrize("name", list(INJECTED_NAMES.values()), ids=list(INJECTED_NAMES))
async def test_markup_in_a_display_name_is_shown_as_plain_text(client, tmp_path, name):
    [question] = await replies_to(client, activity(text="move Bay House School to Fareham", name=name))
    assert question.startswith("Move Bay House School")
    [done] = await replies_to(client, activity(text="yes", name=name))
    assert done.startswith("Done: Bay House School is now in the Fareham partnership")
    recorded_by = done.split("Recorded as changed by ", 1)[1]
    assert not set("<>[]{}()*_`#\x00\x1b\u202e") & set(recorded_by.rsplit(" on ", 1)[0])
    database = store_is_valid(tmp_path)
    [move] = all_moves(database)
    assert move["by"] == "aad-jo" and not set("<>[]{}*_`") & set(move["by_name"])


# ---- a CSV import with a bad row: nothing imported, and why ---------------------------------

def run_import(tmp_path, content: bytes):
    path = tmp_path / "moves.csv"
    path.write_bytes(content)
    return subprocess.run([sys.executable, "-m", "bot", "directory", "import", str(path), "--by", "test"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"BOT_DB": str(tmp_path / "bot.json"), "PATH": "/usr/bin:/bin"})


BAD_CSVS = {
    "an unknown school": (b"school,partnership\nBay House School,Fareham\nNo Such School,Fareham\n", "line 3"),
    "an unknown partnership": (b"school,partnership\nBay House School,Fareham\nCrofton School,Atlantis\n", "line 3"),
    "a missing column": (b"school\nBay House School\n", "needs the columns"),
    "a short row": (b"school,partnership\nBay House School,Fareham\nCrofton School\n", "line 3"),
    "not UTF-8": (b"school,partnership\nBay House School,Fareham\nCaf\xe9 School,Fareham\n", ""),
    "a NUL byte": (b"school,partnership\nBay House School,Fareham\nCrofton\x00 School,Gosport\n", ""),
    "empty": (b"", "needs the columns"),
}


@pytest.mark.parametrize("content,says", list(BAD_CSVS.values()), ids=list(BAD_CSVS))
def test_a_csv_import_with_a_bad_row_imports_nothing_and_says_why(tmp_path, content, says):
    result = run_import(tmp_path, content)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr, result.stderr
    assert says in result.stderr and ("Nothing imported" in result.stderr or "nothing imported" in result.stderr)
    assert all_moves(store_is_valid(tmp_path)) == []


def test_a_good_csv_import_moves_every_row(tmp_path):
    result = run_import(tmp_path, b"school,partnership\nBay House School,Fareham\nCrofton School,Gosport\n")
    assert result.returncode == 0, result.stderr
    assert sorted(m["school_name"] for m in all_moves(store_is_valid(tmp_path))) == ["Bay House School", "Crofton School"]


async def test_31_february_is_asked_again_and_nothing_is_saved(client, tmp_path):
    from storage.meetings import meetings_for
    [asked] = await replies_to(client, activity(text="log a meeting for Gosport"))
    assert asked.startswith("When was the Gosport meeting?")
    [again] = await replies_to(client, activity(text="31 February"))
    assert again.startswith("I couldn't read '31 February' as a date. When was the meeting held?")
    for answer in ("9 March", "Head of Bay House", "none", "adopt the plan", "Jo Smith to book the hall by 31/03"):
        await replies_to(client, activity(text=answer))
    [saved] = await replies_to(client, activity(text="save"))
    assert saved.startswith("Saved the minutes")
    [refused] = await replies_to(client, activity(text="move action 1 for Gosport to 31 February"))
    assert "31 February" in refused and "Gosport action 1 is now" not in refused
    [meeting] = meetings_for(store_is_valid(tmp_path))
    assert meeting["date"] == "2010-03-09" and meeting["actions"][0]["due"] == "2010-03-31"
