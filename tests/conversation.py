"""Tests that read as conversations.

    chat = new_chat(tmp_path)
    await talk(chat, [
        "which partnership is Perins in?",
        "→ Winchester partnership",
    ])

A line starting with "→" is a fragment the bot's next reply must contain (case-insensitive);
"→!" means the bot says nothing. Every other line is something the user says.
"""

from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount

from bot.web.building import create_bot, create_services, create_state_storage, start_services, stop_services
from config import DefaultConfig
from knowledge.clock import Clock
from storage.database import open_database


class Chat:
    """A real PartnershipBot on a TestAdapter and a TinyDB file, with a person to talk to it."""

    def __init__(self, db_path, today="2010-03-01", user_id="user-1", user_name="Jo Smith",
                 aad_object_id="aad-jo", conversation_id="conversation-1", database=None, clock=None,
                 channel_id="msteams", azure=None):
        # The TestAdapter's serviceUrl, allowed as a configured channel would be: it never posts there.
        self.config = DefaultConfig(BOT_DB=str(db_path), BOT_SERVICE_URLS=["https://test.example"])
        if azure is not None:       # (connection string, name): state and records in Azure Storage
            connection_string, name = azure
            self.config = DefaultConfig(BOT_DB=str(db_path), BOT_SERVICE_URLS=["https://test.example"],
                                        BOT_STORAGE="azure", AZURE_STORAGE_CONNECTION_STRING=connection_string,
                                        AZURE_STATE_CONTAINER=name, AZURE_TABLE_PREFIX=name)
            self.database = None
        else:
            self.database = database or open_database(str(db_path))
        self.clock = clock or Clock(today)
        self.services = create_services(self.config, self.database, self.clock)
        self.state_storage = create_state_storage(self.services)
        self.bot, self.conversation_state = create_bot(self.services, self.state_storage)
        self._started = False
        user = ChannelAccount(id=user_id, name=user_name, aad_object_id=aad_object_id)
        # An Activity template, not a ConversationReference: TestAdapter only takes the channel id
        # from a reference and would speak as its own "User1", losing who is talking.
        template = Activity(
            channel_id=channel_id, service_url="https://test.example", from_property=user,
            recipient=ChannelAccount(id="bot", name="Partnerships bot"),
            conversation=ConversationAccount(id=conversation_id, conversation_type="personal"))
        self.adapter = TestAdapter(self.bot.on_turn, template_or_conversation=template)

    async def say(self, text: str) -> list:
        """Send one message; return the messages the bot sent back."""
        return await self.send(text)

    async def send(self, activity) -> list:
        """Send any activity (a conversationUpdate, a card submit...); return the bot's messages."""
        if not self._started:
            await start_services(self.services)     # Azure Storage's start-up reads; nothing with TinyDB
            self._started = True
        await self.adapter.receive_activity(activity)
        replies = []
        while self.adapter.activity_buffer:
            replies.append(self.adapter.activity_buffer.pop(0))
        return [r for r in replies if r.type == ActivityTypes.message]


    async def close(self) -> None:
        """Close Azure Storage's HTTP sessions (nothing to do with TinyDB)."""
        await stop_services(self.services)
        if hasattr(self.state_storage, "close"):
            await self.state_storage.close()


def new_chat(tmp_path, **kwargs) -> Chat:
    return Chat(tmp_path / "bot.json", **kwargs)


def text_of(activity) -> str:
    return activity.text or ""


async def talk(chat: Chat, script: list) -> list:
    """Play a script; return the last replies. Fails with the whole exchange shown."""
    replies, transcript = [], []
    pending = []
    for line in script:
        if line.startswith("→"):
            expected = line[1:].strip()
            if expected == "!":
                assert not replies, _explain(transcript, f"expected silence, got {[text_of(r) for r in replies]}")
                continue
            assert pending, _explain(transcript, f"no reply left to contain {expected!r}")
            reply = pending.pop(0)
            assert expected.lower() in text_of(reply).lower(), _explain(
                transcript, f"expected a reply containing {expected!r}, got {text_of(reply)!r}")
        else:
            replies = await chat.say(line)
            pending = list(replies)
            transcript.append(f"user: {line}")
            transcript += [f"bot:  {text_of(r)}" for r in replies]
    return replies


def _explain(transcript, problem):
    return problem + "\n--- conversation ---\n" + "\n".join(transcript)


def every_element(node):
    """Every object in a card (or any JSON), depth first: for checking what a card contains."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from every_element(value)
    elif isinstance(node, list):
        for item in node:
            yield from every_element(item)
