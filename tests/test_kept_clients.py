"""Replies through the channel reuse one Bot Connector client per service URL (bot/web/kept_clients.py).

The real app on 127.0.0.1 answers Jo over HTTP, posting its replies to a stand-in Bot Connector.
botbuilder's CloudAdapter would make a connector client and a token client every turn, and msrest
rebuilds its 999-item retry list for each (ClientRetryPolicy) and opens a new connection per reply;
here the first turn makes them and every later turn reuses them. Counts, never timings.
"""

import itertools

import pytest
from aiohttp import web
from msrest.universal_http import requests as msrest_requests

from app import ADAPTER, create_app
from config import DefaultConfig
from knowledge.clock import Clock
from storage.database import open_database
from tests.test_http_endpoint import HOST, RunningBot, StandInConnector


class CountingConnector(StandInConnector):
    """Also notes which TCP connection each reply came on."""

    def __init__(self):
        super().__init__()
        self.connections: set = set()

    async def receive(self, request):
        self.connections.add(request.transport.get_extra_info("peername"))
        return await super().receive(request)


@pytest.fixture
async def running(tmp_path):
    connector = CountingConnector()
    await connector.start()
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"))
    app = create_app(config, open_database(config.BOT_DB), Clock("2010-03-01"))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, HOST, 0).start()
    yield app, RunningBot(f"http://{HOST}:{runner.addresses[0][1]}", connector)
    await runner.cleanup()
    await connector.stop()


@pytest.fixture
def retry_lists(monkeypatch):
    """How many times msrest builds its retry list (one ClientRetryPolicy per client made)."""
    built = []
    original = msrest_requests.ClientRetryPolicy.__init__

    def counting(self):
        built.append(self)
        original(self)

    monkeypatch.setattr(msrest_requests.ClientRetryPolicy, "__init__", counting)
    return built


async def test_twenty_replies_to_one_service_url_make_one_connector_client(running, retry_lists):
    app, bot = running
    kept = app[ADAPTER].bot_framework_authentication
    first = await bot.say("which partnership is Perins School in?")
    assert "Winchester" in first[0]
    built_by_first_turn = len(retry_lists)
    for _ in range(20):
        replies = await bot.say("which partnership covers Horndean?")
        assert any("Havant West" in reply for reply in replies)
    assert kept.connectors.made == 1
    assert kept.token_clients.made == 1
    assert len(retry_lists) == built_by_first_turn      # no retry list rebuilt after the first turn
    # The replies came over kept-alive connections, not one each (requests keeps one per thread).
    assert len(bot.connector.connections) < 10


async def test_another_service_url_gets_a_client_of_its_own(running):
    app, bot = running
    kept = app[ADAPTER].bot_framework_authentication
    other = CountingConnector()
    await other.start()
    try:
        await bot.say("hello")
        other_bot = RunningBot(bot.url, other)
        other_bot._ids = itertools.count(1000)      # its own activity ids: a repeated id is a replay
        await other_bot.say("hello")
        await bot.say("hello")
        assert kept.connectors.made == 2
        assert bot.connector.texts() and other.texts()
    finally:
        await other.stop()


def test_a_card_is_serialised_exactly_as_msrest_would_and_anything_else_is_left_to_msrest():
    from botbuilder.schema import Activity, Attachment
    from botframework.connector import models
    from msrest import Serializer

    from bot.web.kept_clients import faster_serializer

    card = {"type": "AdaptiveCard", "version": "1.5", "body": [
        {"type": "TextBlock", "text": "Perins School", "wrap": True, "size": None, "weight": 2, "ratio": 0.5},
        {"type": "ActionSet", "actions": [{"type": "Action.Submit", "data": {"verb": "save", "n": [1, 2]}}]}]}
    odd = {"when": ("a", "tuple"), 3: "a number as a key"}      # msrest turns these into strings
    activity = Activity(type="message", text="hello", attachments=[
        Attachment(content_type="application/vnd.microsoft.card.adaptive", content=card),
        Attachment(content_type="application/json", content=odd)])
    client_models = {k: v for k, v in models.__dict__.items() if isinstance(v, type)}
    fast = Serializer(client_models)
    faster_serializer(fast)
    assert fast.body(activity, "Activity") == Serializer(client_models).body(activity, "Activity")


def test_the_state_hash_sees_every_change_and_no_change_as_none():
    from botbuilder.dialogs import DialogState

    from bot.web.state_hash import state_hash

    def state():
        dialogs = DialogState([{"id": "log_meeting", "state": {"draft": {"decisions": ["adopt the plan"]}}}])
        return {"conversation_data": {"last_sources": [{"document": "letter"}]}, "dialog_state": dialogs}

    assert state_hash(state()) == state_hash(state())
    changed = state()
    changed["dialog_state"].dialog_stack[0]["state"]["draft"]["decisions"].append("meet in July")
    assert state_hash(changed) != state_hash(state())
    unpicklable = {"callback": lambda: None}
    assert state_hash(unpicklable) == state_hash(unpicklable)       # hashed the old way, still stable


def test_a_reply_measured_to_fit_teams_is_posted_with_the_json_it_was_measured_with():
    import json

    from botbuilder.schema import Activity
    from botframework.connector import models
    from msrest import Serializer

    from bot.replies import buttons_card
    from bot.message_size import fits_as_it_is
    from bot.web.kept_clients import faster_serializer

    reply = Activity(type="message", text="Perins School is in the Winchester partnership. Café ✓",
                     attachments=[buttons_card("Schools in Havant West:\n- Crookhorn College\n- Café School",
                                               "You could ask next:", ["Who chairs it?"])])
    client_models = {k: v for k, v in models.__dict__.items() if isinstance(v, type)}
    fast = Serializer(client_models)
    faster_serializer(fast)
    as_msrest_makes_it = json.dumps(Serializer(client_models).body(reply, "Activity"))
    assert fits_as_it_is(reply)
    posted = fast.body(reply, "Activity")
    assert isinstance(posted, bytes)         # msrest's request takes bytes as the body as they are
    assert json.loads(posted) == json.loads(as_msrest_makes_it)     # the same JSON msrest would send
    assert "Café ✓".encode("utf-8") in posted      # as UTF-8, the body's charset
    assert fast.body(reply, "Activity") == json.loads(as_msrest_makes_it)   # used once; a resend makes it anew
