"""Replies leave by aiohttp on the event loop (bot/web/reply_sender.py), as requests sent them before.

A stand-in Bot Connector on 127.0.0.1 takes what the bot's connector client posts; the client is
botbuilder's own (ConnectorClient, msrest's pipeline), only its sender is ours.
"""

import pytest
import requests
from aiohttp import web
from botbuilder.schema import Activity, ErrorResponseException
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials
from msrest.exceptions import ClientRequestError

from app import ADAPTER
from bot.web.adapter import close_connections
from bot.web.refused_sends import refused_status
from bot.web import reply_sender
from bot.web.reply_sender import ReplySessions, send_with_aiohttp
from tests.test_http_endpoint import HOST, StandInConnector
from tests.test_kept_clients import running  # noqa: F401  (the fixture: the real app over HTTP)


class Channel(StandInConnector):
    """Answers each post with `status`, and keeps the headers and body it was sent."""

    def __init__(self, status: int = 200):
        super().__init__()
        self.status = status
        self.posts: list[dict] = []

    async def start(self):
        await super().start()
        return self

    async def receive(self, request):
        self.posts.append({"headers": dict(request.headers), "body": await request.json()})
        if self.status != 200:
            return web.json_response({"error": {"code": "MessageSizeTooBig", "message": "too big"}},
                                     status=self.status)
        return web.json_response({"id": f"reply-{len(self.posts)}"})


def client_for(url: str, credentials=None):
    client = ConnectorClient(credentials or MicrosoftAppCredentials.empty(), base_url=url)
    sessions = ReplySessions()
    send_with_aiohttp(client, sessions)
    return client, sessions


def a_reply(text="Perins School is in the Winchester partnership."):
    return Activity(type="message", text=text, conversation={"id": "conversation-1"})


async def test_a_reply_arrives_with_the_bots_token_and_its_id_comes_back(monkeypatch):
    channel = await Channel().start()
    credentials = MicrosoftAppCredentials("app-id", "app-password")
    monkeypatch.setattr(credentials, "get_access_token", lambda force_refresh=False: "the-bots-token")
    client, sessions = client_for(channel.url, credentials)
    try:
        answer = await client.conversations.reply_to_activity("conversation-1", "activity-7", a_reply())
    finally:
        await sessions.close()
        await channel.stop()
    assert answer.id == "reply-1"
    [post] = channel.posts
    assert post["headers"]["Authorization"] == "Bearer the-bots-token"
    assert post["headers"]["Content-Type"].startswith("application/json")
    assert post["headers"]["x-ms-conversation-id"] == "conversation-1"
    assert post["body"]["text"] == "Perins School is in the Winchester partnership."


async def test_a_bot_without_an_app_id_sends_no_token():
    channel = await Channel().start()
    client, sessions = client_for(channel.url)
    try:
        await client.conversations.reply_to_activity("conversation-1", "activity-7", a_reply())
    finally:
        await sessions.close()
        await channel.stop()
    assert "Authorization" not in channel.posts[0]["headers"]


async def test_a_reply_the_channel_refuses_raises_as_botbuilder_did_with_its_status():
    channel = await Channel(status=413).start()
    client, sessions = client_for(channel.url)
    try:
        with pytest.raises(ErrorResponseException) as refused:
            await client.conversations.reply_to_activity("conversation-1", "activity-7", a_reply("x" * 50_000))
    finally:
        await sessions.close()
        await channel.stop()
    assert refused_status(refused.value) == 413      # what RefusedSendsAdapter reads
    assert len(channel.posts) == 1          # reached the channel: never sent again


async def test_a_channel_that_cannot_be_reached_is_tried_three_more_times_then_fails(monkeypatch, unused_tcp_port):
    waits = []

    async def no_wait(seconds):
        waits.append(seconds)

    monkeypatch.setattr(reply_sender.asyncio, "sleep", no_wait)
    client, sessions = client_for(f"http://{HOST}:{unused_tcp_port}/")
    try:
        with pytest.raises(ClientRequestError):
            await client.conversations.reply_to_activity("conversation-1", "activity-7", a_reply())
    finally:
        await sessions.close()
    assert waits == [0, 1.6, 3.2]         # msrest's policy, as urllib3 waited between the tries


async def test_the_real_app_posts_replies_without_requests_and_closes_its_connections(running, monkeypatch):  # noqa: F811
    app, bot = running

    def not_requests(*args, **kwargs):
        raise AssertionError("a reply went through requests")

    monkeypatch.setattr(requests.Session, "request", not_requests)
    replies = await bot.say("which partnership is Perins School in?")
    assert "Winchester" in replies[0]
    session = app[ADAPTER].bot_framework_authentication.reply_sessions.current()
    assert not session.closed
    await close_connections(app[ADAPTER])       # what the app does when it stops (on_cleanup)
    assert session.closed
