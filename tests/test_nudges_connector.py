"""Proactive nudges over the real path: the real app (create_app) served on 127.0.0.1, its own
scheduler sending through CloudAdapter.continue_conversation to a stand-in Bot Connector (an aiohttp
server on 127.0.0.1 playing the serviceUrl), as Teams' channel service would receive them.

Jo subscribes over HTTP in a Teams personal chat (tenant in channelData, as Teams sends it); the
app's own scan loop then posts the nudge to /v3/conversations/{id}/activities. Also: a connector
that refuses (502) is retried later and logged, never lost or doubled; a nudge caught mid-send by
a crash is not resent; installing the bot in a team named for a partnership subscribes its channel.
"""

import asyncio
import logging

import pytest
from aiohttp import web

from app import NUDGES, create_app
from config import DefaultConfig
from knowledge.clock import LONDON, Clock
from storage import nudge_ledger
from storage.database import open_database
from tests.test_http_endpoint import HOST, RunningBot, StandInConnector, words

from datetime import datetime


class FlakyConnector(StandInConnector):
    """Refuses the first `refuse` nudges with 502 Bad Gateway, as a channel service having a bad day."""

    def __init__(self, refuse: int = 0):
        super().__init__()
        self.refuse = refuse
        self.refused = 0

    async def receive(self, request):
        if self.refuse > self.refused and request.match_info.get("activity_id") is None:
            self.refused += 1
            return web.json_response({"error": {"code": "ServiceError", "message": "try later"}}, status=502)
        return await super().receive(request)


async def serve(tmp_path, connector, clock, every=0):
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"), NUDGE_EVERY_SECONDS=every)
    app = create_app(config, open_database(config.BOT_DB), clock)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, HOST, 0).start()
    return app, runner, RunningBot(f"http://{HOST}:{runner.addresses[0][1]}", connector)


@pytest.fixture
async def connector():
    connector = FlakyConnector()
    await connector.start()
    yield connector
    await connector.stop()


def nudges_received(connector) -> list[dict]:
    """What the channel received proactively (not as a reply to a message)."""
    return [p for p in connector.received if p["reply_to"] is None and p["body"].get("type") == "message"]


async def wait_for(condition, guard: float = 300):
    """Wait for an event (`condition()` true); `guard` seconds only stop a hang, never pace a test."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + guard
    while not condition():
        assert loop.time() < give_up, "the awaited event never happened"
        await asyncio.sleep(0.02)


async def test_the_apps_own_scheduler_posts_the_nudge_to_the_channel_service(tmp_path, connector):
    clock = Clock(at=datetime(2010, 7, 19, 10, 0, tzinfo=LONDON))      # a Monday, in working hours
    app, runner, bot = await serve(tmp_path, connector, clock, every=1)
    try:
        replies = await bot.say("nudge me about Gosport")
        assert replies[0].startswith("Done: I'll nudge you here about deadlines for the Gosport partnership")
        await wait_for(lambda: len(nudges_received(connector)) == 2)
        first, second = nudges_received(connector)
        assert first["conversation_id"] == "a:personal-jo"
        body = first["body"]
        assert words(body).startswith("Deadline reminder for the Gosport partnership: Summary level delivery plan")
        assert words(second["body"]).startswith(
            "Deadline reminder for the Gosport partnership: At least one meeting of the revised arrangements")
        assert body["recipient"]["id"] == "29:jo-smith" and body["from"]["id"] == "28:partnerships-bot"
        assert body["channelData"] == {"tenant": {"id": "tenant-1"}}      # restored: the reference loses it
        [attachment] = body["attachments"]
        actions = attachment["content"]["actions"]
        assert [(a["title"], a["data"]["text"]) for a in actions] == [("Done", "done"), ("Snooze 3 days", "snooze 3 days")]

        # Later scans (the loop runs every second) send nothing more.
        sent = len(connector.received)
        scans = app[NUDGES].scans_finished
        await wait_for(lambda: app[NUDGES].scans_finished >= scans + 2)
        assert len(connector.received) == sent

        # Jo presses Done on the first nudge, as Teams sends a button press: no text, the data in value.
        status, _ = await bot.post(bot.activity(None, value=actions[0]["data"]))
        assert status in (200, 201, 202)
        assert connector.texts()[-1].startswith("Marked done: Summary level delivery plan (about ten key "
                                                "performance areas), for the Gosport partnership")
        records = nudge_ledger.records(app[NUDGES].services.database)
        assert sorted(r["state"] for r in records) == ["sent", "sent"]
        assert all(r["activity_id"].startswith("reply-") for r in records)
    finally:
        await runner.cleanup()
    assert app[NUDGES]._task is None          # stopped with the app


async def test_a_refused_send_is_logged_and_retried_later_never_doubled(tmp_path, connector, caplog):
    connector.refuse = 2
    clock = Clock(at=datetime(2010, 7, 19, 10, 0, tzinfo=LONDON))
    app, runner, bot = await serve(tmp_path, connector, clock)
    scheduler = app[NUDGES]
    try:
        await bot.say("nudge me about Gosport")
        with caplog.at_level(logging.WARNING, logger="bot.web.nudge_scheduler"):
            outcomes = await scheduler.scan()
        assert [outcome for _n, outcome in outcomes] == ["failed", "failed"]
        assert "Could not send nudge" in caplog.text and "Trying again after" in caplog.text
        assert nudges_received(connector) == []

        assert await scheduler.scan() == []          # too soon to try again
        clock.advance(minutes=6)
        outcomes = await scheduler.scan()
        assert [outcome for _n, outcome in outcomes] == ["sent", "sent"]
        assert len(nudges_received(connector)) == 2
        clock.advance(minutes=30)
        assert await scheduler.scan() == []
        records = nudge_ledger.records(scheduler.services.database)
        assert [(r["state"], r["attempts"], len(r["errors"])) for r in records] == [("sent", 2, 1)] * 2
    finally:
        await runner.cleanup()


async def test_a_nudge_caught_mid_send_by_a_crash_is_not_sent_again_but_is_reported(tmp_path, connector, caplog):
    clock = Clock(at=datetime(2010, 7, 19, 10, 0, tzinfo=LONDON))
    app, runner, bot = await serve(tmp_path, connector, clock)
    await bot.say("nudge me about Gosport")
    # The crash: the nudges are claimed ("sending") and the process dies before the send.
    from dataclasses import asdict
    from knowledge.nudge_rules import due_nudges
    from knowledge.term_dates import load_terms
    from knowledge.use_cases.nudges import read_situation
    services = app[NUDGES].services
    situation = await read_situation(services.records, services.directory, services.clock.now(), load_terms())
    for nudge in due_nudges(situation):
        assert nudge_ledger.claim(services.database, asdict(nudge), scan_id="dead", at="2010-07-19T09:00:00+00:00",
                                  on="2010-07-19")
    await runner.cleanup()

    with caplog.at_level(logging.WARNING, logger="bot.web.nudge_scheduler"):
        app, runner, bot = await serve(tmp_path, connector, clock)      # the restart
    try:
        assert "may not have arrived" in caplog.text
        assert await app[NUDGES].scan() == []
        assert nudges_received(connector) == []
        states = [r["state"] for r in nudge_ledger.records(app[NUDGES].services.database)]
        assert states == ["uncertain", "uncertain"]
    finally:
        await runner.cleanup()


async def test_installing_the_bot_in_a_team_named_for_a_partnership_subscribes_its_channel(tmp_path, connector):
    clock = Clock(at=datetime(2010, 7, 19, 10, 0, tzinfo=LONDON))
    app, runner, bot = await serve(tmp_path, connector, clock)
    channel = {"id": "19:general@thread.tacv2", "conversationType": "channel", "tenantId": "tenant-1"}
    install = {"type": "installationUpdate", "action": "add", "id": "install-1", "channelId": "msteams",
               "serviceUrl": connector.url, "from": {"id": "29:jo-smith", "name": "Jo Smith", "aadObjectId": "aad-jo"},
               "recipient": {"id": "28:partnerships-bot", "name": "Partnerships bot"}, "conversation": channel,
               "channelData": {"tenant": {"id": "tenant-1"}, "team": {"id": "19:team", "name": "Havant West Partnership"},
                               "channel": {"id": "19:general@thread.tacv2"}}}
    try:
        status, _ = await bot.post(install)
        assert status in (200, 201, 202)
        assert any(t.startswith("I'll post reminders of deadlines for the Havant West partnership in this channel")
                   for t in connector.texts())
        await bot.post({**install, "id": "install-2"})              # Teams sends it again: said once
        assert sum(t.startswith("I'll post reminders") for t in connector.texts()) == 1
        outcomes = await app[NUDGES].scan()
        assert [o for _n, o in outcomes] == ["sent", "sent"]
        assert {p["conversation_id"] for p in nudges_received(connector)} == {"19:general@thread.tacv2"}
        assert "Havant West partnership" in words(nudges_received(connector)[-1]["body"])
    finally:
        await runner.cleanup()
