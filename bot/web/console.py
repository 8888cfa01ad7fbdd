"""Chat with the bot in a terminal: same bot, same database, no Teams needed.

    python app.py --console        (or: python -m bot console; add --today 2010-07-20 for the 2010 timetable)

Lines starting with '/' are for the console itself, not the bot:

    /as Sam Jones       speak as someone else (each name has its own made-up id, the same every time)
    /as me              speak as yourself again
    /today 2010-07-20   pretend today is this date (10:00 London time), as --today or BOT_TODAY do
    /help               these commands

Files the bot sends (e.g. 'export minutes') are written to console-files/ in the working directory,
and their path printed.
"""

import asyncio
import base64
import getpass
import re
import sys
from datetime import date, datetime, time, timezone
from pathlib import Path

from botbuilder.core import BotAdapter, CardFactory, TurnContext
from botbuilder.schema import (Activity, ActivityTypes, Attachment, ChannelAccount, ConversationAccount,
                               ConversationReference, ResourceResponse)

from knowledge.clock import LONDON, Clock
from storage.faults import StoreProblem

from .building import create_bot, create_services, start_services, stop_services

FILES = Path("console-files")
COMMANDS = ("Console commands: '/as Sam Jones' to speak as someone else, '/as me' to be yourself again, "
            "'/today 2010-07-20' to pretend today is that date, '/help' for this. "
            "Ctrl-D or 'bye' to leave.")


def made_up_id(name: str) -> str:
    """A stable stand-in for a Teams user id: 'Sam Jones' is always sam-jones, whom the bot knows
    as console:sam-jones (an id from a channel other than Teams is namespaced by it: bot/people.py)."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def identity(user: ChannelAccount) -> str:
    """The id the bot knows the console's speaker by, as BOT_ADMINS would name them."""
    return f"console:{user.id}"


def yourself() -> ChannelAccount:
    name = getpass.getuser()
    return ChannelAccount(id=made_up_id(name), name=name)


class ConsoleAdapter(BotAdapter):
    """Turns terminal lines into message activities and prints the bot's replies."""

    def __init__(self, out=sys.stdout, files: Path = FILES):
        super().__init__()
        self.out = out
        self.files = files
        self.user = yourself()
        self.conversation = ConversationAccount(id="console", conversation_type="personal")
        self.bot = ChannelAccount(id="bot", name="Partnerships bot")

    def print(self, text: str) -> None:
        print(text, file=self.out)

    async def send_activities(self, context, activities):
        for activity in activities:
            if activity.type == ActivityTypes.message:
                self.show(activity)
        return [ResourceResponse(id=str(i)) for i, _ in enumerate(activities)]

    def show(self, activity: Activity) -> None:
        cards = [a for a in activity.attachments or [] if a.content_type == CardFactory.content_types.adaptive_card]
        text = activity.text or next((c.content.get("fallbackText", "") for c in cards
                                      if isinstance(c.content, dict)), "")
        if text:
            self.print(f"bot> {text}")
        for attachment in activity.attachments or []:
            if attachment not in cards:
                self.print(f"bot> {self.save(attachment)}")
        for picture in _card_pictures(cards):      # a card's picture (bot/cards/picture.json) is saved as a file
            self.print(f"bot> {self.save(picture)}")
        actions = activity.suggested_actions.actions if activity.suggested_actions else []
        # Teams shows a short title and sends the whole question; here a person types it.
        questions = [a.value if isinstance(a.value, str) else a.title for a in actions] + _card_questions(cards)
        if questions:
            self.print("     try: " + " | ".join(questions))

    def save(self, attachment) -> str:
        """Write a file the bot sent into the files folder; say where it went."""
        name = Path(attachment.name or "").name
        data = _file_bytes(attachment)
        if not name or data is None:
            return f"[an attachment of type {attachment.content_type} that the console cannot show]"
        self.files.mkdir(parents=True, exist_ok=True)
        path = self.files / name
        path.write_bytes(data)
        return f"[saved {name} to {path}]"

    async def update_activity(self, context, activity):
        raise NotImplementedError("the console cannot edit a message")

    async def delete_activity(self, context, reference: ConversationReference):
        raise NotImplementedError("the console cannot delete a message")

    async def say(self, text: str, logic) -> None:
        activity = Activity(
            type=ActivityTypes.message, text=text, channel_id="console", service_url="console",
            from_property=self.user, recipient=self.bot, conversation=self.conversation,
            id=str(datetime.now().timestamp()), timestamp=datetime.now(timezone.utc))
        await self.run_pipeline(TurnContext(self, activity), logic)

    def command(self, line: str, clock: Clock) -> None:
        """A console command ('/as ...', '/today ...', '/help'), answered on the console's own line."""
        word, _, rest = line.strip()[1:].partition(" ")
        rest = " ".join(rest.split())
        if word == "as" and rest and rest.lower() != "me":
            self.user = ChannelAccount(id=made_up_id(rest), name=rest)
            self.print(f"(console) You are now {rest} ({identity(self.user)}). '/as me' to be yourself again.")
        elif word == "as":
            self.user = yourself()
            self.print(f"(console) You are yourself again: {self.user.name} ({identity(self.user)}).")
        elif word == "today" and rest:
            try:
                day = date.fromisoformat(rest)
            except ValueError:
                self.print(f"(console) '{rest}' is not a date: write it as 2010-07-20.")
                return
            clock.set(datetime.combine(day, time(10, 0), LONDON))
            self.print(f"(console) Today is now {day.strftime('%A')} {day.day} {day:%B %Y}, 10:00.")
        else:
            self.print(f"(console) {COMMANDS}")


def _card_questions(cards) -> list[str]:
    """The questions a card's buttons would send (a list's follow-ups), for a person to type."""
    return [action["data"]["question"] for attachment in cards for action in (attachment.content or {}).get("actions", [])
            if isinstance(action, dict) and isinstance(action.get("data"), dict) and action["data"].get("question")]


def _card_pictures(cards) -> list[Attachment]:
    """The data-URL images inside cards, as attachments named by the Image element's id."""
    found = []
    for attachment in cards:
        for element in (attachment.content or {}).get("body", []):
            url = element.get("url", "") if isinstance(element, dict) and element.get("type") == "Image" else ""
            if url.startswith("data:image/png;base64,"):
                name = element.get("id", "") if str(element.get("id", "")).endswith(".png") else "picture.png"
                found.append(Attachment(content_type="image/png", name=name, content_url=url))
    return found


def _file_bytes(attachment) -> bytes | None:
    if isinstance(attachment.content, str):
        return attachment.content.encode("utf-8")
    url = attachment.content_url or ""
    if url.startswith("data:") and ";base64," in url:
        return base64.b64decode(url.partition(";base64,")[2])
    return None


def chat(config, database) -> int:
    services = create_services(config, database)
    bot, _ = create_bot(services)
    adapter = ConsoleAdapter()
    print("Hampshire partnerships bot. Ask a question, or type 'help'. Ctrl-D or 'bye' to leave.")
    print(f"You are {adapter.user.name} ('/as Sam Jones' to speak as someone else; '/help' for more).")

    async def talk():
        try:
            await start_services(services)      # Azure Storage's start-up reads; nothing with TinyDB
        except StoreProblem as error:
            print(f"Cannot start: {error}", file=sys.stderr)
            return 1
        while True:
            try:
                line = await asyncio.get_running_loop().run_in_executor(None, input, "you> ")
            except EOFError:
                break
            if line.strip().lower() in ("bye", "exit", "quit"):
                break
            if line.strip().startswith("/"):
                adapter.command(line, services.clock)
            else:
                await adapter.say(line, bot.on_turn)
        return 0

    async def talk_then_close():
        try:
            return await talk()
        finally:
            await stop_services(services)

    return asyncio.run(talk_then_close())
