"""Replies shaped for Teams: one bubble per answer, and lists that stay lists.

Botbuilder middleware, after PlainText (bot/web/plain_text.py), for messages on the msteams channel:

- **One bubble.** A message with an Adaptive Card shows the card only: the card carries everything
  the text says (every template says it in its own rows, the text itself for buttons), so the text
  would be a second bubble with the same content. The text moves to the card's `fallbackText`
  (where a client cannot show the card) and its first line to `summary` (the notification).
- **Lists as lists.** An answer holding a list already comes as a card, a row per line
  (bot/replies.py), since a text message's list shows on Teams desktop but not on phones, nor in
  the Agents Playground when the message has suggested actions. For any other message: Teams joins
  the lines of a plain-text message into one paragraph ("has 5 schools: - Cowplain School
  (Cowplain): probably - Crookhorn College …"). A reply of several lines
  goes as Markdown in which every character of the text is shown as written (Markdown's own
  characters escaped, so what people typed is still never markup): its "- " lines become a real
  list, and its other lines paragraphs of their own. Numbered lines ("3. Jo: book the hall") keep
  their own numbers (a Markdown list would renumber them from 1). One-line replies stay plain.
"""

import re
from typing import Awaitable, Callable

from botbuilder.core import CardFactory, Middleware, TurnContext
from botbuilder.schema import ActivityTypes, TextFormatTypes

SPECIAL = re.compile(r"([\\`*_~\[\]<>#|&])")
AT_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")
BULLET = re.compile(r"^\s*[-•]\s+(.*)$")
SUMMARY = 200


def _escape(line: str) -> str:
    line = SPECIAL.sub(r"\\\1", line)
    return AT_LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), line)


def teams_markdown(text: str) -> str:
    """`text` as Markdown that shows exactly these words: '- ' lines a list, other lines paragraphs."""
    blocks, items = [], []
    for line in text.split("\n"):
        bullet = BULLET.match(line)
        if bullet:
            items.append("- " + _escape(bullet.group(1)))
            continue
        if items:
            blocks.append("\n".join(items))
            items = []
        if line.strip():
            blocks.append(_escape(line.strip()))
    if items:
        blocks.append("\n".join(items))
    return "\n\n".join(blocks)


def shape_for_teams(activity) -> None:
    if activity.type != ActivityTypes.message or not activity.text:
        return
    cards = [a for a in activity.attachments or [] if a.content_type == CardFactory.content_types.adaptive_card]
    if cards:
        for card in cards:
            if isinstance(card.content, dict) and not card.content.get("fallbackText"):
                card.content["fallbackText"] = activity.text
        activity.summary = activity.summary or _first_line(activity.text)
        activity.text = None
        activity.text_format = None
        return
    if "\n" in activity.text.strip() and activity.text_format in (None, TextFormatTypes.plain):
        activity.text = teams_markdown(activity.text)
        activity.text_format = TextFormatTypes.markdown


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= SUMMARY else line[:SUMMARY].rsplit(" ", 1)[0] + " …"


class TeamsText(Middleware):
    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable]):
        if context.activity.channel_id == "msteams":
            async def shape(_context, activities, send):
                for activity in activities:
                    shape_for_teams(activity)
                return await send()
            context.on_send_activities(shape)
        await logic()
