"""Our messages are plain text, as botbuilder middleware.

Teams (and the Agents Playground) read a message's text as Markdown unless told otherwise, so a
reply that repeats what someone typed ("I couldn't find a school called '**x** [link](...)'")
would show their bold and their link as ours. Every message we send without a format of its own
goes as `textFormat: plain`: shown exactly as written, on every channel. Cards escape what they
show themselves (bot/cards).
"""

from typing import Awaitable, Callable

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import ActivityTypes, TextFormatTypes


def as_plain_text(activities: list) -> None:
    for activity in activities:
        if activity.type == ActivityTypes.message and activity.text and not activity.text_format:
            activity.text_format = TextFormatTypes.plain


class PlainText(Middleware):
    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable]):
        async def plain(_context, activities, send):
            as_plain_text(activities)
            return await send()

        context.on_send_activities(plain)
        await logic()
