"""Turns a knowledge Answer into a Bot Framework message.

Every reply leaves this way: handlers call `Turn.say(answer)`, dialogs `say(context, answer)`.
The answer's text is always the message text, so every client (the console, a channel without
cards, a notification) can show it. A partnership answer also carries an Adaptive Card with its
detail (bot/cards/partnership_answer.json). Follow-up questions become suggested actions in
personal chat, the only place Teams shows them; in channels and group chats they become card
buttons (Action.Submit, which `bot.card_actions` turns back into the question).
"""

import re

from botbuilder.core import MessageFactory
from botbuilder.schema import Activity, ActionTypes, CardAction, SuggestedActions

from knowledge.answers import Answer

from .cards import card

GROUP_CONVERSATIONS = ("channel", "groupChat")
MAX_BUTTONS = 3
MAX_TITLE = 28       # Teams shows suggested actions in one row and cuts longer titles off
# A follow-up's button says it briefly; pressing it still sends the whole question.
SHORTER = [(re.compile(pattern, re.I), short) for pattern, short in [
    (r"^which partnership is (.+) in\??$", r"\1?"),
    (r"^which partnership covers (.+?)\??$", r"Who covers \1?"),
    (r"^who (?:else )?is in (.+?)\??$", r"Who's in \1?"),
    (r"^which partnerships are in (.+?)\??$", r"\1 partnerships"),
    (r"^where does that come from\??$", "Source"),
    (r"^how many partnerships will there be\??$", "How many partnerships?"),
]]

# Rows of the partnership card: label, fact key. Rows with no value are left out.
PARTNERSHIP_ROWS = [
    ("District", "district"),
    ("Area", "area"),
    ("Status", "status_text"),
    ("Coordinating group", "coordinating_group"),
    ("Sub-cluster", "sub_cluster"),
    ("How sure", "how_sure"),
    ("Why", "why"),        # the reason the text gives (Swanmore: in Winchester, but with Eastleigh East)
    ("Other option", "other_option"),
    ("As a college", "college"),
    ("Source", "source"),
]


def message(answer: Answer, conversation_type: str | None = None) -> Activity:
    """The reply for `answer` in a conversation of `conversation_type` (personal, channel, groupChat)."""
    reply = MessageFactory.text(answer.text)
    questions = answer.suggestions[:MAX_BUTTONS]
    in_group = conversation_type in GROUP_CONVERSATIONS
    if answer.card:
        reply.attachments = [card(answer.card, text=answer.text, **answer.facts)]
        reply.summary = answer.summary or answer.text.split("\n")[0]
    elif answer.kind == "partnership":
        reply.attachments = [partnership_card(answer, questions if in_group else [])]
        reply.summary = answer.text
    elif questions and in_group:
        reply.attachments = [buttons_card(answer.text, "You could ask next:", questions)]
    if questions and not in_group:
        reply.suggested_actions = SuggestedActions(actions=[
            CardAction(type=ActionTypes.im_back, title=button_title(q), value=q) for q in questions])
    return reply


async def say(context, answer: Answer) -> None:
    """The one way a reply leaves, for handlers (through Turn.say) and dialogs alike."""
    conversation = context.activity.conversation
    await context.send_activity(message(answer, conversation.conversation_type if conversation else None))


def button_title(question: str) -> str:
    """A follow-up question as a button's title short enough to show whole: 'Who covers Horndean?'."""
    title = question.strip()
    for pattern, short in SHORTER:
        if pattern.match(title):
            title = pattern.sub(short, title)
            break
    title = title[:1].upper() + title[1:]
    if len(title) > MAX_TITLE:
        title = title[:MAX_TITLE - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return title


def partnership_card(answer: Answer, questions: list):
    facts = answer.facts
    title = facts.get("school") or facts.get("place") or facts.get("partnership", "")
    rows = [{"label": label, "value": facts[key]} for label, key in PARTNERSHIP_ROWS if facts.get(key)]
    return card("partnership_answer", text=answer.text, title=title,
                headline=f"{facts.get('partnership', '')} partnership", rows=rows,
                buttons=[{"question": q} for q in questions])


def buttons_card(text: str, heading: str, questions: list):
    return card("buttons", text=text, heading=heading, buttons=[{"question": q} for q in questions])


def welcome(answer: Answer) -> Activity:
    """The introduction: its text, with the example questions as card buttons, which Teams shows
    in every scope (suggested actions would only show in personal chat)."""
    reply = MessageFactory.text(answer.text)
    reply.attachments = [buttons_card(answer.text, "Try one of these:", answer.suggestions[:MAX_BUTTONS])]
    return reply


def buttons_in_groups(context, activity: Activity, heading: str, answers: list) -> Activity:
    """A dialog's question, with its possible answers as card buttons in a channel or group chat,
    where answering by text needs an @mention and a press does not."""
    conversation = context.activity.conversation
    if conversation and conversation.conversation_type in GROUP_CONVERSATIONS:
        activity.attachments = [buttons_card(activity.text, heading, answers)]
    return activity
