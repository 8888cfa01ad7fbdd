"""No one let in: where the bot listens, where it posts, and whose word it takes for who is speaking.

The real app (create_app) on aiohttp's test server, and one real `python app.py` process for where
it listens. Rows of issue 11 covered here:

- no app id and the default HOST: the bot listens on 127.0.0.1 only, and says so at start;
- a serviceUrl pointing at another host: refused (403 with no app id, 401 when it is not the one in
  the channel's signed token), nothing processed or stored; a stored subscription whose serviceUrl
  is no longer allowed is skipped by the nudge scheduler, never posted to;
- identity on a channel other than msteams: `{"channelId": "webchat", "from": {"id": <admin's AAD
  id>}}` is not the admin.
"""

import itertools
import json
import os
import socket
import subprocess
import sys
import time
from storage.bot_state_storage import state_documents
from datetime import datetime
from pathlib import Path

import jwt
import pytest
from aiohttp.test_utils import TestClient, TestServer
from botframework.connector.auth import AuthenticationConstants
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor, _OpenIdMetadata
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from app import NUDGES, create_app, open_endpoint_warning
from config import DefaultConfig
from knowledge.clock import LONDON, Clock
from storage import nudge_ledger, subscriptions
from storage.database import open_database
from tests.test_http_endpoint import StandInConnector, words

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "11111111-2222-3333-4444-555555555555"
TEAMS_SERVICE = "https://smba.trafficmanager.net/uk/"
LOCAL = "http://127.0.0.1:9/"


# Every activity a channel sends has an id of its own (one seen before is a replay, answered once).
ACTIVITY_IDS = itertools.count(1)


def activity(text="which partnership is Perins School in?", service_url=LOCAL, user="aad-jo", channel="msteams",
             **extra) -> dict:
    return {"type": "message", "id": f"a{next(ACTIVITY_IDS)}", "channelId": channel, "text": text, "serviceUrl": service_url,
            "deliveryMode": "expectReplies",
            "from": {"id": f"29:{user}", "name": "Jo Smith", "aadObjectId": user},
            "recipient": {"id": "28:bot"}, "conversation": {"id": f"personal-{user}", "conversationType": "personal"},
            **extra}


async def client_for(tmp_path, clock=None, **settings) -> TestClient:
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"), BOT_RATE_LIMIT=0, **settings)
    client = TestClient(TestServer(create_app(config, open_database(config.BOT_DB), clock or Clock("2010-03-01"))))
    await client.start_server()
    return client


def nothing_stored(tmp_path) -> bool:
    database = open_database(str(tmp_path / "bot.json"))
    return (state_documents(database).all() == [] and database.table("people").all() == []
            and subscriptions.active(database) == [])


# ---- where it listens ---------------------------------------------------------------------------

def test_the_default_host_is_this_machine_only_without_an_app_id_and_every_address_with_one(monkeypatch):
    for name in ("HOST", "MicrosoftAppId"):
        monkeypatch.delenv(name, raising=False)
    assert DefaultConfig.from_environment().HOST == "127.0.0.1"
    assert DefaultConfig().HOST == "127.0.0.1"
    monkeypatch.setenv("MicrosoftAppId", APP_ID)
    assert DefaultConfig.from_environment().HOST == "0.0.0.0"
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.delenv("MicrosoftAppId")
    assert DefaultConfig.from_environment().HOST == "0.0.0.0"     # said explicitly: as told
    assert "Never do this on a network you don't trust" in open_endpoint_warning("0.0.0.0")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def this_machines_other_address() -> str | None:
    """An address of this machine that is not loopback, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def connects(host: str, port: int) -> bool:
    with socket.socket() as s:
        try:
            s.connect((host, port))
            return True
        except OSError:
            return False


def test_python_app_py_with_no_app_id_listens_on_127_0_0_1_only_and_says_so(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("HOST", "MicrosoftAppId", "BOT_ADMINS")}
    env.update(PORT=str(port), BOT_DB=str(tmp_path / "bot.json"), NUDGE_EVERY_SECONDS="0", PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        said = []
        for line in process.stdout:          # bounded by the process: it prints, or it ends
            said.append(line)
            if "Running on" in line or len(said) > 200:
                break
        output = "".join(said)
        assert ("Listening on 127.0.0.1 only: no MicrosoftAppId, so requests are not authenticated. "
                "Set HOST=0.0.0.0 to listen on every address (never on a network you don't trust).") in output
        assert f"http://127.0.0.1:{port}" in output
        assert connects("127.0.0.1", port)
        other = this_machines_other_address()
        if other is not None:
            assert not connects(other, port), f"reachable on {other}"
    finally:
        process.kill()
        process.wait()


# ---- where it posts: no app id --------------------------------------------------------------------

ELSEWHERE = ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.7:8080/", "https://evil.example/",
             "http://127.0.0.1.evil.example/", "https://smba.trafficmanager.net.evil.example/", "ftp://127.0.0.1/",
             "javascript:alert(1)", "http://[::ffff:10.0.0.1]/"]


@pytest.mark.parametrize("service_url", ELSEWHERE)
async def test_with_no_app_id_a_service_url_off_this_machine_is_refused_and_nothing_is_stored(tmp_path, service_url):
    client = await client_for(tmp_path)
    try:
        response = await client.post("/api/messages", json=activity("nudge me about Gosport", service_url))
        assert response.status in (400, 403)
        assert (await response.json())["error"].startswith(("refused:", "the serviceUrl"))
    finally:
        await client.close()
    assert nothing_stored(tmp_path)


@pytest.mark.parametrize("service_url", [None, "", 5, ["http://127.0.0.1/"]])
async def test_an_activity_without_a_service_url_is_refused_with_400(tmp_path, service_url):
    client = await client_for(tmp_path)
    try:
        response = await client.post("/api/messages", json=activity(service_url=service_url))
        assert response.status == 400
        assert "serviceUrl" in (await response.json())["error"]
    finally:
        await client.close()
    assert nothing_stored(tmp_path)


@pytest.mark.parametrize("service_url", ["http://127.0.0.1:9/", "http://localhost:56150/_connector",
                                         "http://127.8.9.10/", "http://[::1]:3978/"])
async def test_with_no_app_id_this_machine_is_allowed(tmp_path, service_url):
    client = await client_for(tmp_path)
    try:
        response = await client.post("/api/messages", json=activity(service_url=service_url))
        assert response.status == 200
        assert "Winchester partnership" in words((await response.json())["activities"][0])
    finally:
        await client.close()


async def test_bot_service_urls_allows_the_prefixes_it_names_and_nothing_that_merely_looks_like_them(tmp_path):
    client = await client_for(tmp_path, BOT_SERVICE_URLS=["https://smba.trafficmanager.net/uk"])
    try:
        for service_url, status in [(TEAMS_SERVICE, 200), ("https://smba.trafficmanager.net/uk/v3/", 200),
                                    ("https://smba.trafficmanager.net/ukevil/", 403),
                                    ("https://smba.trafficmanager.net.evil.example/uk/", 403),
                                    ("http://smba.trafficmanager.net/uk/", 403), (LOCAL, 200)]:
            response = await client.post("/api/messages", json=activity(service_url=service_url))
            assert response.status == status, service_url
    finally:
        await client.close()


# ---- where it posts: with an app id, the channel's signed token decides ----------------------------

@pytest.fixture
def channel_keys(monkeypatch):
    """Stand in for the Bot Framework's signing keys (no network): tokens signed with this key are
    the channel's. Returns a function making a token with the given serviceurl claim."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk["kid"] = "test-key"
    metadata = _OpenIdMetadata(AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL)
    metadata.keys, metadata.last_updated = [jwk], datetime.now()
    monkeypatch.setitem(JwtTokenExtractor.metadataCache,
                        AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL, metadata)

    def token(service_url: str) -> str:
        now = int(time.time())
        claims = {"iss": AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER, "aud": APP_ID,
                  "serviceurl": service_url, "nbf": now - 60, "exp": now + 3600}
        return "Bearer " + jwt.encode(claims, key, algorithm="RS256", headers={"kid": "test-key"})

    return token


async def test_with_an_app_id_a_service_url_that_is_not_the_tokens_is_refused(tmp_path, channel_keys):
    client = await client_for(tmp_path, APP_ID=APP_ID, APP_PASSWORD="secret")
    try:
        genuine = {"Authorization": channel_keys(TEAMS_SERVICE)}
        response = await client.post("/api/messages", json=activity(service_url=TEAMS_SERVICE), headers=genuine)
        assert response.status == 200        # the channel's own token, for its own serviceUrl
        assert "Winchester partnership" in words((await response.json())["activities"][0])
        for elsewhere in ["http://169.254.169.254/", "https://evil.example/", TEAMS_SERVICE + "x", LOCAL]:
            response = await client.post("/api/messages", json=activity("nudge me about Gosport", elsewhere),
                                         headers=genuine)
            assert response.status == 401, elsewhere
            assert await response.json() == {"error": "unauthorized"}
        # botbuilder checks the claim only when there is a serviceUrl: with none, refused here.
        body = activity("nudge me about Gosport")
        del body["serviceUrl"]
        response = await client.post("/api/messages", json=body, headers=genuine)
        assert response.status == 400
    finally:
        await client.close()
    database = open_database(str(tmp_path / "bot.json"))
    assert subscriptions.active(database) == []


async def test_with_an_app_id_bot_service_urls_narrows_even_what_the_token_vouches_for(tmp_path, channel_keys):
    client = await client_for(tmp_path, APP_ID=APP_ID, APP_PASSWORD="secret",
                              BOT_SERVICE_URLS=["https://smba.trafficmanager.net/emea/"])
    try:
        response = await client.post("/api/messages", json=activity(service_url=TEAMS_SERVICE),
                                     headers={"Authorization": channel_keys(TEAMS_SERVICE)})
        assert response.status == 403
        assert "BOT_SERVICE_URLS" in (await response.json())["error"]
    finally:
        await client.close()
    assert nothing_stored(tmp_path)


# ---- stored subscriptions: the nudge scheduler never posts where it may not -------------------------

async def test_the_scheduler_skips_a_stored_subscription_whose_service_url_is_no_longer_allowed(tmp_path, caplog):
    connector = StandInConnector()
    await connector.start()
    clock = Clock(at=datetime(2010, 7, 19, 10, 0, tzinfo=LONDON))      # a Monday, in working hours
    # No scans of the scheduler's own: the test scans once, when both subscriptions are stored (one
    # of its own, running while Jo subscribes, could send Jo's nudge first).
    client = await client_for(tmp_path, clock=clock, NUDGE_EVERY_SECONDS=0)
    try:
        # Jo subscribes from this machine (allowed); an old database also holds a subscription made
        # before the rules, pointing at an internal address.
        body = activity("nudge me about Gosport", connector.url)
        del body["deliveryMode"]
        response = await client.post("/api/messages", json=body)
        assert response.status in (200, 201)
        database = client.server.app[NUDGES].services.database
        [jo] = subscriptions.active(database)
        subscriptions.subscribe(
            database, recipient="msteams:personal-mallory", scope_kind="partnership", scope_id=jo["scope_id"],
            scope_name=jo["scope_name"], reference={**jo["reference"], "serviceUrl": "http://10.0.0.7:8080/",
                                                    "conversation": {"id": "personal-mallory"}},
            tenant_id="", conversation_type="personal", user_id="msteams:mallory", user_name="Mallory",
            at="2010-07-19T09:00:00+00:00")
        posted_before = len(connector.received)
        outcomes = await client.server.app[NUDGES].scan()
        by_recipient = {nudge.recipient: outcome for nudge, outcome in outcomes}
        assert set(by_recipient.values()) == {"sent", "failed"}
        assert all(outcome == "failed" for r, outcome in by_recipient.items() if r == "msteams:personal-mallory")
        assert all(outcome == "sent" for r, outcome in by_recipient.items() if r != "msteams:personal-mallory")
        new_posts = connector.received[posted_before:]
        assert new_posts and {p["conversation_id"] for p in new_posts} == {"personal-aad-jo"}
        refused = [r for r in nudge_ledger.records(database) if r["recipient"] == "msteams:personal-mallory"]
        assert refused and all("posts only to this machine" in r["errors"][-1]["error"] for r in refused)
        assert "Not sending nudge" in caplog.text and "10.0.0.7" in caplog.text
    finally:
        await client.close()
        await connector.stop()


# ---- who is speaking -------------------------------------------------------------------------------

async def test_on_a_channel_other_than_teams_an_admins_aad_id_is_not_the_admin(tmp_path):
    client = await client_for(tmp_path, BOT_ADMINS=["aad-ann"])

    async def say(text, user, name, channel="msteams"):
        body = activity(text, user=user, channel=channel)
        body["from"] = {"id": user if channel != "msteams" else f"29:{user}", "name": name, "aadObjectId": user}
        response = await client.post("/api/messages", json=body)
        assert response.status == 200, await response.text()
        return " ".join(words(a) for a in (await response.json())["activities"])

    try:
        await say("hello", "aad-mo", "Mo Member")                   # met in Teams
        await say("hello", "aad-ann", "Ann Admin")
        # The row of the issue: Ann's AAD object id, claimed on Web Chat (and on Direct Line).
        for channel in ("webchat", "directline"):
            said = await say("make Mo Member admin", "aad-ann", "Ann Admin", channel)
            assert not said.startswith("Done"), said
            assert "admin" in said.lower(), said                      # says who can
            assert "Ann Admin is an admin" not in await say("what is my role?", "aad-ann", "Ann Admin", channel)
        assert "Mo Member is an admin" not in await say("what is Mo Member's role?", "aad-ann", "Ann Admin")
        # The same person in Teams is the admin: the refusal above was the channel, not the words.
        assert (await say("make Mo Member admin", "aad-ann", "Ann Admin")).startswith("Done")
    finally:
        await client.close()


async def test_claiming_a_teams_users_aad_id_on_another_channel_does_not_use_up_their_rate(tmp_path):
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"), BOT_RATE_LIMIT=2)       # a burst of 1
    client = TestClient(TestServer(create_app(config, open_database(config.BOT_DB), Clock("2010-03-01"))))
    await client.start_server()
    try:
        forged = activity(user="aad-jo", channel="webchat")
        statuses = [(await client.post("/api/messages", json=forged)).status for _ in range(3)]
        assert statuses == [200, 429, 429]              # the forger is limited, as themselves
        response = await client.post("/api/messages", json=activity(user="aad-jo"))
        assert response.status == 200                   # Jo in Teams is not
    finally:
        await client.close()


def test_with_an_app_id_a_stored_subscription_is_sent_only_to_a_public_https_address():
    """No token vouches for a stored serviceUrl when the scheduler sends, and the bot's token goes with
    every nudge: only the shape of a Bot Framework channel's address is accepted."""
    from bot.web.service_urls import refusal

    config = DefaultConfig(APP_ID=APP_ID)
    assert refusal(TEAMS_SERVICE, config) is None
    for stored in ["http://smba.trafficmanager.net/uk/", "https://127.0.0.1/", "https://localhost:3978/",
                   "https://10.0.0.7/", "https://169.254.169.254/", "https://[fd00::1]/", "console", ""]:
        assert refusal(stored, config), stored
    narrowed = DefaultConfig(APP_ID=APP_ID, BOT_SERVICE_URLS=["https://smba.trafficmanager.net/emea/"])
    assert refusal(TEAMS_SERVICE, narrowed) and refusal("https://smba.trafficmanager.net/emea/", narrowed) is None
