"""A reply the channel refuses never costs the conversation its state.

The Bot Connector answers 413 (or 400) to a message it will not take, which botbuilder raises as
ErrorResponseException out of `send_activity`; left alone, that fails the whole turn, and
on_turn_error drops the conversation's state with a chair's unsaved minutes in it. Here each
message is sent on its own: a refused one is replaced by a short line saying so, its text is kept
for 'show all' (PartnershipBot.on_turn stores it with the conversation), and the turn carries on,
so the dialog waits where it was and "save" still saves, once. Any other failure is raised as before.
"""

import logging

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes, ErrorResponseException

from ..message_size import REFUSED, _file_name, full_text

log = logging.getLogger(__name__)

TOO_BIG = (400, 413)
SORRY = ("That was too long for Teams, so it wasn't shown. Nothing is lost: say 'show all' to get it as a file, "
         "or carry on where you were.")


def refused_status(error: Exception) -> int | None:
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return status if status in TOO_BIG else None


class RefusedSendsAdapter(CloudAdapter):
    async def send_activities(self, context: TurnContext, activities: list) -> list:
        responses = []
        for activity in activities:
            try:
                responses += await super().send_activities(context, [activity])
            except ErrorResponseException as error:
                status = refused_status(error)
                if status is None or activity.type != ActivityTypes.message:
                    raise
                log.warning("The channel refused a reply (%s); told the user and kept the text", status)
                text = full_text(activity)
                context.turn_state[REFUSED] = {"text": text, "name": _file_name(text)}
                responses += await super().send_activities(context, [_sorry(activity)])
        return responses


def _sorry(refused: Activity) -> Activity:
    return Activity(type=ActivityTypes.message, text=SORRY, text_format="plain",
                    conversation=refused.conversation, recipient=refused.recipient, from_property=refused.from_property,
                    reply_to_id=refused.reply_to_id, service_url=refused.service_url,
                    channel_id=refused.channel_id, input_hint=refused.input_hint)
