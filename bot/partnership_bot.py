"""The bot: takes each message, continues a conversation in progress or starts what the intent
table says, and saves state at the end of every turn."""

import asyncio
import logging
import re

from botbuilder.core import ConversationState, TurnContext, UserState
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.dialogs import DialogSet, DialogTurnStatus
from botbuilder.schema import ChannelAccount, Entity

from dialogs import ChoosePersonDialog, ChooseSchoolDialog, LogMeetingDialog, MoveSchoolDialog
from dialogs.deadline_dialog import DeadlineDialog
from dialogs.delivery_plan_dialog import DeliveryPlanDialog
from knowledge.answers import Answer
from knowledge.clock import utc_iso

from . import directory_questions, file_export, school_search
from . import cycle_commands, deadline_commands, directory_checks, map_commands, minutes_commands, my_school, role_commands, small_talk  # noqa: F401 (each registers its intents)
from .deadline_commands import subscribe_on_install
from .message_size import KEPT, NOTE, REFUSED, FitReplies, wants_all
from .card_actions import pressed_button_text
from .people import user_id_of, user_name_of
from .meaning import ABOUT_A_SCHOOL, REMEMBERED, at_prompt, read, remember_topic
from .my_school import ask_which_school, my_school_name, own_partnership_name
from .registry import all_intents, intent_named, is_registered
from .small_talk import clarify
from .replies import GROUP_CONVERSATIONS, welcome
from .services import Services
from .turn import Turn
from knowledge.pattern_matching import tidy
from knowledge.understanding.recognizer import SIDE_INTENTS

log = logging.getLogger(__name__)
HANDLED = {i.name for i in all_intents()}     # every handler module is imported above
# A question, not an answer to the prompt: ends in "?" or starts as one.
ASIDE = re.compile(r"\?\s*$|^\W*(?:which|who|whose|what|how|is|are|does|do|when|where|why)\b", re.I)


class PartnershipBot(TeamsActivityHandler):
    def __init__(self, services: Services, conversation_state: ConversationState, user_state: UserState):
        self.services = services
        self.conversation_state = conversation_state
        self.user_state = user_state
        self.conversation_data = conversation_state.create_property("conversation_data")
        self.user_profile = user_state.create_property("user_profile")
        self.dialog_state = conversation_state.create_property("dialog_state")
        self.dialogs = DialogSet(self.dialog_state)
        self.dialogs.add(ChooseSchoolDialog(services))
        self.dialogs.add(MoveSchoolDialog(services))
        self.dialogs.add(ChoosePersonDialog(services))
        self.dialogs.add(LogMeetingDialog(services, user_state, conversation_state))
        self.dialogs.add(DeadlineDialog(services))
        self.dialogs.add(DeliveryPlanDialog(services))

    async def on_turn(self, turn_context: TurnContext):
        turn_context.on_send_activities(FitReplies(self.conversation_data))   # every reply fits in Teams
        await super().on_turn(turn_context)
        if turn_context.turn_state.get(REFUSED):
            await keep_refused(turn_context, await self.conversation_data.get(turn_context, dict))
        # The conversation's state and the speaker's are two documents, each written with its own
        # fsyncs: side by side, a turn that changes both (saving minutes) waits for one write, not two.
        await asyncio.gather(self.conversation_state.save_changes(turn_context),
                             self.user_state.save_changes(turn_context))

    async def on_message_activity(self, turn_context: TurnContext):
        text = pressed_button_text(turn_context.activity)   # a card button stands for its words
        if text is None and school_search.is_a_shared_card(turn_context.activity):
            return  # a school's card sent from 'Find a school': for the chat, not a question
        if text is None:
            text = spoken_text(turn_context)
        if text is None:
            return  # in a channel or group chat, not addressed to the bot
        turn_context.activity.text = text
        # Remember who this is, so an admin can give them a role by name.
        await self.services.people.note(user_id_of(turn_context), user_name_of(turn_context),
                                        utc_iso(self.services.clock.now()))
        conversation = await self.conversation_data.get(turn_context, dict)
        # A dialog's context only when one is under way (a turn that starts one makes it then,
        # Turn.begin): making it costs a tenth of a directory question's own work. Nor is an empty
        # dialog stack kept in the conversation's state, to be flattened and restored every turn.
        dialog_state = await self.dialog_state.get(turn_context)
        if dialog_state is not None and not dialog_state.dialog_stack:
            await self.dialog_state.delete(turn_context)
            dialog_state = None
        dialog_context = await self.dialogs.create_context(turn_context) if dialog_state is not None else None
        turn = Turn(turn_context, self.services, conversation, self.dialogs, dialog_context,
                    read_profile=lambda: self.user_profile.get(turn_context, dict))

        if wants_all(tidy(text)):
            # Before any dialog: 'show all' at the minutes' Save prompt sends them and keeps the prompt.
            await send_kept(turn_context, conversation)
            return
        if dialog_context is not None:
            if dialog_context.active_dialog is not None and await self.answer_aside(turn, dialog_context, text):
                return
            result = await dialog_context.continue_dialog()
            if result.status == DialogTurnStatus.Complete and isinstance(result.result, dict):
                if "answer" in result.result:
                    await turn.say(result.result["answer"])
                    return
                text = result.result.get("unhandled_text", "")
            elif result.status != DialogTurnStatus.Empty:
                return
        if not text.strip():
            await directory_questions.help_text(turn)
            return
        meaning = await self.read(turn, text)
        remember_topic(conversation, meaning)
        if meaning.intent is None or not is_registered(meaning.intent):
            if not (meaning.unsure_between and await clarify(turn, meaning)):
                await directory_questions.not_understood(turn, **meaning.slots)
        elif meaning.intent in ABOUT_A_SCHOOL and meaning.slots.get("unknown_self") and not meaning.slots.get("name"):
            await ask_which_school(turn)
        else:
            await intent_named(meaning.intent).handler(turn, **meaning.slots)

    async def read(self, turn: Turn, text: str):
        """What the text means. The speaker's own school and partnership (their profile, their roles:
        reads of storage) are looked up only for a text that speaks of them ("our partnership",
        "we"): no other meaning depends on them (the recognizer's `_resolved`), and most messages do not."""
        today = self.services.clock.today()
        remembered = turn.conversation.get(REMEMBERED, {})
        meaning = read(self.services.directory, today, text, remembered, HANDLED)
        if meaning.speaks_of_self:
            meaning = read(self.services.directory, today, text, remembered, HANDLED,
                           speaker_school=await my_school_name(turn),
                           speaker_partnership=await own_partnership_name(turn))
        return meaning

    async def answer_aside(self, turn: Turn, dialog_context, text: str) -> bool:
        """A question asked at a dialog's prompt ("which partnership is Perins in?" while logging
        minutes): answered, then the prompt asked again. A cancel, help or an answer is the dialog's."""
        if not ASIDE.search(text) or len(text.split()) < 3:    # "Park Community School?" answers "Which one?"
            return False
        logging_by = (turn.conversation.get("minutes_logged_by") or {}).get("id")
        if logging_by and logging_by != turn.user_id:
            return False        # someone else's minutes in a shared chat: the dialog decides (sets them aside)
        today = self.services.clock.today()
        understood = at_prompt(self.services.directory, today, text, dialog_context.active_dialog.id)
        if understood.intent not in SIDE_INTENTS or understood.intent in ("cancel", "help", "correct_minutes"):
            return False
        meaning = await self.read(turn, text)
        if meaning.intent != understood.intent or not is_registered(meaning.intent):
            return False
        waiting = dialog_context.active_dialog.id
        await intent_named(meaning.intent).handler(turn, **meaning.slots)
        if dialog_context.active_dialog is not None and dialog_context.active_dialog.id == waiting:
            await dialog_context.reprompt_dialog()
        return True

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext):
        await self.welcome(turn_context)
        recipient = turn_context.activity.recipient
        if recipient and any(m.id == recipient.id for m in members_added):
            await subscribe_on_install(turn_context, self.services)   # a channel named for a partnership

    async def on_installation_update_add(self, turn_context: TurnContext):
        await self.welcome(turn_context)
        await subscribe_on_install(turn_context, self.services)

    async def on_teams_messaging_extension_query(self, turn_context: TurnContext, query):
        """The 'Find a school' search box in any chat (bot/school_search.py)."""
        return school_search.respond(self.services.directory, query)

    async def on_teams_file_consent_accept(self, turn_context: TurnContext, file_consent_card_response):
        conversation = await self.conversation_data.get(turn_context, dict)
        await file_export.on_accept(turn_context, conversation, file_consent_card_response, self.services.config)

    async def on_teams_file_consent_decline(self, turn_context: TurnContext, file_consent_card_response):
        conversation = await self.conversation_data.get(turn_context, dict)
        await file_export.on_decline(turn_context, conversation, file_consent_card_response)

    async def welcome(self, turn_context: TurnContext):
        """Introduce the bot once per conversation, however many members join."""
        conversation = await self.conversation_data.get(turn_context, dict)
        if conversation.get("welcomed"):
            return
        conversation["welcomed"] = True
        await turn_context.send_activity(welcome(Answer(
            "Hello! I know Hampshire's local children's partnerships as the council proposed them in 2010: "
            "which partnership a school or place is in, who else is in it, and what partnerships must do. "
            "Say 'help' for more.",
            suggestions=["which partnership is Perins School in?", "which partnership covers Horndean?",
                         "what must we do by July?"])))


async def send_kept(turn_context: TurnContext, conversation: dict) -> None:
    """'show all': the last reply that was cut to fit, in full, as a file."""
    kept = conversation.get(KEPT)
    if not kept:
        await turn_context.send_activity("Nothing I've said here was cut short, so there is nothing more to show. "
                                         "To export minutes, say 'export minutes'.")
        return
    await file_export.send_document(turn_context, conversation, kept["name"], kept["text"],
                                    "Here is the whole of my last long reply.")


async def keep_refused(turn_context: TurnContext, conversation: dict) -> None:
    """A reply the channel refused (bot/web/refused_sends.py) is kept for 'show all', like one cut to fit."""
    refused = turn_context.turn_state.get(REFUSED)
    if refused and NOTE not in refused["text"]:     # a reply cut to fit is kept in full already
        conversation[KEPT] = refused


def spoken_text(turn_context: TurnContext) -> str | None:
    """The message text with any @mention of the bot removed.

    In a channel or group chat the bot only answers when @mentioned (None otherwise); in personal
    chat everything is for the bot. Safe on a message with no text.
    """
    activity = turn_context.activity
    conversation_type = activity.conversation.conversation_type if activity.conversation else None
    recipient_id = activity.recipient.id if activity.recipient else None
    # Off the wire a mention is a plain Entity whose detail sits in additional_properties (what
    # remove_recipient_mention reads); a Mention built in Python has attributes instead. One shape.
    activity.entities = [_as_entity(e) for e in activity.entities or []]
    mentioned = any(_mentioned_id(m) == recipient_id for m in TurnContext.get_mentions(activity))
    if conversation_type in GROUP_CONVERSATIONS and not mentioned:
        return None
    if activity.text and mentioned:
        TurnContext.remove_recipient_mention(activity)
    # Spaces tidied, line breaks kept: "one per line" (decisions, actions, priorities) must survive.
    lines = (" ".join(line.split()) for line in (activity.text or "").splitlines())
    return "\n".join(line for line in lines if line)


def _as_entity(entity) -> Entity:
    if isinstance(entity, Entity):
        return entity
    return Entity().deserialize(entity.serialize() if hasattr(entity, "serialize") else entity)


def _mentioned_id(entity: Entity) -> str | None:
    mentioned = (entity.additional_properties or {}).get("mentioned")
    return mentioned.get("id") if isinstance(mentioned, dict) else None
