"""One turn of conversation as the handlers see it: who is speaking, what they can use, and how
to answer."""

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogContext, DialogSet

from knowledge.answers import Answer
from knowledge.model import Source

from .people import user_id_of, user_name_of
from .replies import message, sent_once
from .services import Services


class Turn:
    def __init__(self, context: TurnContext, services: Services, conversation: dict, dialogs: DialogSet,
                 dialog_context: DialogContext | None = None, read_profile=None):
        self.context = context
        self.services = services
        self.conversation = conversation      # saved with ConversationState at the end of the turn
        self.dialogs = dialogs
        self.dialog_context = dialog_context  # made when a dialog begins, if none was under way
        self._read_profile = read_profile     # reads the speaker's UserState profile (a coroutine function)
        self._profile = None

    async def profile(self) -> dict:
        """The speaker's UserState profile (their school, their partnership), read when first asked
        for: most messages never need it, and then it is neither read nor checked for changes at the
        end of the turn (issue 16). Changes to it are saved with UserState at the end of the turn."""
        if self._profile is None:
            self._profile = await self._read_profile() if self._read_profile else {}
        return self._profile

    @property
    def directory(self):
        return self.services.directory

    @property
    def user_id(self) -> str:
        return user_id_of(self.context)

    @property
    def user_name(self) -> str:
        return user_name_of(self.context)

    @property
    def conversation_type(self) -> str | None:
        """personal, channel or groupChat in Teams; None elsewhere (the console, tests)."""
        conversation = self.context.activity.conversation
        return conversation.conversation_type if conversation else None

    async def say(self, answer: Answer) -> None:
        await self.context.send_activity(sent_once(message(answer, self.conversation_type)))
        if answer.sources:
            # (a Source's fields are text: its own dict copied, where asdict walks it deep-copying)
            self.conversation["last_sources"] = [dict(vars(s)) for s in answer.sources]

    def last_sources(self) -> list:
        return [Source(**s) for s in self.conversation.get("last_sources", [])]

    async def begin(self, dialog_id: str, options: dict) -> None:
        if self.dialog_context is None:
            self.dialog_context = await self.dialogs.create_context(self.context)
        await self.dialog_context.begin_dialog(dialog_id, options)

