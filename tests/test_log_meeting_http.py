"""Issue 3 over the real HTTP path: a chair logs a meeting through POST /api/messages of the running
aiohttp app (create_app served on 127.0.0.1, as `make run` serves it). Each activity asks for
`deliveryMode: expectReplies`, so the bot's replies come back in the HTTP response: nothing is
posted to a channel. Half way through, the app is stopped and a new one started on the same
TinyDB file, as a restart would."""

import itertools

import aiohttp
from aiohttp import web

from app import create_app
from config import DefaultConfig
from knowledge.clock import Clock
from storage.database import open_database
from storage.meetings import meetings_for
from tests.test_http_endpoint import words

HOST = "127.0.0.1"


class RunningApp:
    def __init__(self, db_path: str, today: str):
        self.db_path, self.today = db_path, today
        self.ids = itertools.count(1)

    async def start(self):
        config = DefaultConfig(BOT_DB=self.db_path)
        assert not config.APP_ID              # local development mode: no tokens either way
        self.database = open_database(config.BOT_DB)
        self.runner = web.AppRunner(create_app(config, self.database, Clock(self.today)), access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, HOST, 0).start()
        self.url = f"http://{HOST}:{self.runner.addresses[0][1]}/api/messages"
        return self

    async def stop(self):
        await self.runner.cleanup()

    async def send(self, text: str = "", value: dict | None = None) -> list[dict]:
        """One Teams message from Jo Smith; returns the bot's replies from the HTTP response."""
        activity = {
            "type": "message", "id": f"activity-{next(self.ids)}", "channelId": "msteams",
            "serviceUrl": "http://127.0.0.1:9/", "locale": "en-GB",
            "from": {"id": "29:jo-smith", "name": "Jo Smith", "aadObjectId": "aad-jo"},
            "recipient": {"id": "28:partnerships-bot", "name": "Partnerships bot"},
            "conversation": {"id": "a:personal-jo", "conversationType": "personal", "tenantId": "tenant-1"},
            "channelData": {"tenant": {"id": "tenant-1"}},
            "deliveryMode": "expectReplies", "text": text,
        }
        if value is not None:
            activity["value"] = value
        async with aiohttp.ClientSession() as session:
            async with session.post(self.url, json=activity) as response:
                assert response.status == 200, await response.text()
                body = await response.json()
        return [a for a in body["activities"] if a["type"] == "message"]


def texts(replies: list[dict]) -> str:
    """The replies' words: each one's text, or for a card sent alone (one bubble, in Teams) its fallbackText."""
    return "\n".join(words(r) for r in replies)


async def test_a_chair_logs_a_meeting_through_api_messages_across_a_restart(tmp_path):
    db_path = str(tmp_path / "bot.json")
    app = await RunningApp(db_path, "2010-03-10").start()
    try:
        assert "Which partnership was the meeting for?" in texts(await app.send("log a meeting"))
        assert "When was the Gosport meeting?" in texts(await app.send("Gosport"))
        assert "which is in the future" in texts(await app.send("tomorrow"))
        assert "Who was there?" in texts(await app.send("9/3"))
        assert "Who sent apologies?" in texts(
            await app.send("Jo Smith (Gosport Police), Head of Bay House, Children's Centre manager"))
    finally:
        await app.stop()
    assert meetings_for(open_database(db_path)) == []          # nothing saved half-way

    # The next morning the app has been restarted: same file, new process state.
    app = await RunningApp(db_path, "2010-03-11").start()
    try:
        assert "What did the meeting decide?" in texts(await app.send("Ann Lee (YOT)"))
        assert "What actions were agreed?" in texts(await app.send("Adopt the draft delivery plan"))
        assert "Who will 'book the hall'?" in texts(
            await app.send("Jo to circulate the draft delivery plan by next Friday; book the hall by 31/3"))
        [summary] = await app.send("Sam Brown")
        [card] = summary["attachments"]
        assert "text" not in summary              # one bubble: the card, its text the fallback
        fallback = card["content"]["fallbackText"]
        assert fallback.startswith("Here are the minutes:\nPartnership: Gosport\nDate: Tuesday 9 March 2010")
        assert "Actions: Jo: circulate the draft delivery plan, by 12 March 2010; Sam Brown: book the hall, " \
               "by 31 March 2010" in fallback
        assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
        save = card["content"]["actions"][0]
        # Pressing the card's Save button: Teams sends its data as the value, with no text.
        saved = texts(await app.send(value=save["data"]))
        assert saved.startswith("Saved the minutes of the Gosport partnership meeting on Tuesday 9 March 2010 "
                                "with actions 1 and 2.")
        assert "No one came or sent apologies from: voluntary sector, Children's Services, health and " \
               "district or borough council" in saved
        assert "1. Jo: circulate the draft delivery plan, by 12 March 2010" in texts(await app.send("open actions"))
        assert "Gosport action 1 is now" in texts(await app.send("action 1 done"))
        [export] = await app.send("export minutes")
        # In Teams the file waits for Jo's Allow (tests/test_teams_sized_replies.py follows it through).
        assert export["attachments"][0]["contentType"] == "application/vnd.microsoft.teams.card.file.consent"
        assert export["attachments"][0]["name"] == "minutes-gosport-2010-03-09.md"
    finally:
        await app.stop()
    [meeting] = meetings_for(open_database(db_path))
    assert meeting["logged_at"] == "2010-03-11T10:00:00+00:00"
    assert [a["owner"] for a in meeting["actions"]] == ["Jo", "Sam Brown"]
