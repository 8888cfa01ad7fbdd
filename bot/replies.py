"""Turns a knowledge Answer into a Bot Framework message.

Every reply leaves this way: handlers call `Turn.say(answer)`, dialogs `say(context, answer)`.
The answer's text is always the message text, so every client (the console, a channel without
cards, a notification) can show it. A partnership answer also carries an Adaptive Card with its
detail (bot/cards/partnership_answer.json). Follow-up questions become suggested actions on a
plain text reply in personal chat; on a card (Teams shows no suggested actions beside one, in any
scope) and in channels and group chats they become card buttons (Action.Submit, which
`bot.card_actions` turns back into the question).

A list (a partnership's schools, the help) goes in a card too, one card row per line, in every
Teams conversation, with its follow-ups as the card's buttons. A text message is no place for a
list there: the Agents Playground shows a message with suggested actions as plain text (lines run
together), and Microsoft's format table gives Markdown lists in text messages as shown on Teams
desktop only, not on iOS or Android. Nor can the card carry suggested actions: Teams shows them on
text messages only, not on cards or attachments (Microsoft, OfficeDev/Microsoft-Teams-Samples issue
493), and the Playground 0.2.28 drops them from a message with a card. Each row is a TextRun,
which never renders Markdown, so what people typed reads exactly as typed. In Teams the card alone
is the bubble (bot/teams_text.py moves the text to its fallback); the console prints the text and
the buttons' questions, and clients that set no Teams conversation type get the text alone.
"""

import copy
import re

from botbuilder.schema import Activity, ActionTypes, ActivityTypes, CardAction, InputHints, SuggestedActions

from knowledge.answers import Answer

from .cards import card

GROUP_CONVERSATIONS = ("channel", "groupChat")
TEAMS_CONVERSATIONS = ("personal", *GROUP_CONVERSATIONS)     # an emulator or Web Chat sets none
LIST_ROW = re.compile(r"^\s*([-•]|\d+[.)])\s+\S")    # "- Bay House School (Gosport)", "3. Jo: book the hall"
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


HANDED_OVER = "_handed_over"     # set on a reply by `sent_once`, taken off by its first copy


class Reply(Activity):
    """A message the bot sends. botbuilder deep-copies every activity it sends
    (TurnContext.send_activities), so that what the handlers on the way out do (Teams' shaping,
    plain text, cutting to Teams' size) changes the copy only; copy.deepcopy walks the activity's
    forty attributes and its accounts one object at a time. Those handlers replace a reply's
    attributes and change in place only its cards, so a reply is copied as a shallow copy with its
    own copy of each attachment (and of its suggested actions): the same copy for all that happens
    to it, in about half the time.

    A reply made for one send and kept by no one (`say` below: made, sent, dropped) is handed over
    instead (`sent_once`): its first copy is the reply itself, as nothing else will ever look at
    it; a card's copy alone took a tenth of a directory question's own work (issue 16). A reply a
    dialog keeps to send again (a prompt) is not handed over, and is copied every time."""

    def __deepcopy__(self, memo):
        if self.__dict__.pop(HANDED_OVER, False):
            memo[id(self)] = self
            return self
        copied = copy.copy(self)
        memo[id(self)] = copied
        if self.attachments is not None:
            copied.attachments = copy.deepcopy(self.attachments, memo)
        if self.suggested_actions is not None:
            copied.suggested_actions = copy.deepcopy(self.suggested_actions, memo)
        return copied


def sent_once(reply: Activity) -> Activity:
    """`reply`, to be sent once and then dropped by its maker: botbuilder's copy of it may be itself."""
    if isinstance(reply, Reply):
        reply.__dict__[HANDED_OVER] = True
    return reply


def _reply(text: str) -> Reply:
    """A text message, as botbuilder's MessageFactory.text makes it."""
    return Reply(type=ActivityTypes.message, text=text, input_hint=InputHints.accepting_input)


def message(answer: Answer, conversation_type: str | None = None) -> Activity:
    """The reply for `answer` in a conversation of `conversation_type` (personal, channel, groupChat)."""
    reply = _reply(answer.text)
    questions = answer.suggestions[:MAX_BUTTONS]
    in_group = conversation_type in GROUP_CONVERSATIONS
    if answer.card:
        reply.attachments = [card(answer.card, text=answer.text, **answer.facts)]
        reply.summary = answer.summary or answer.text.split("\n")[0]
    elif answer.kind == "partnership":
        # Its follow-ups are the card's buttons in every conversation: Teams shows no suggested
        # actions on a message that carries a card, in any scope
        reply.attachments = [partnership_card(answer, questions)]
        reply.summary = answer.text
        return reply
    elif (questions and in_group) or (conversation_type in TEAMS_CONVERSATIONS and is_a_list(answer.text)):
        reply.attachments = [buttons_card(answer.text, "You could ask next:" if questions else "", questions)]
        reply.summary = answer.summary or None      # else Teams shaping takes the text's first line
        return reply        # its follow-ups are the card's buttons: Teams shows no suggested actions on a card
    if questions and not in_group:
        reply.suggested_actions = SuggestedActions(actions=[
            CardAction(type=ActionTypes.im_back, title=button_title(q), value=q) for q in questions])
    return reply


async def say(context, answer: Answer) -> None:
    """The one way a reply leaves, for handlers (through Turn.say) and dialogs alike."""
    conversation = context.activity.conversation
    await context.send_activity(sent_once(message(answer, conversation.conversation_type if conversation else None)))


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


def is_a_list(text: str) -> bool:
    """Several lines, some of them list rows ('- ' or numbered): what Teams' text would run together."""
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and any(LIST_ROW.match(line) for line in lines)


def _next_line(lines: list, number: int) -> str:
    """The first line after line `number` that is not blank (looked for only after a possible heading)."""
    return next((later for later in lines[number + 1:] if later.strip()), "")


def card_rows(text: str) -> list:
    """The text's lines as card rows, as written; a blank line becomes a wider gap before the next,
    and a heading inside the list (a line ending ':' with list rows under it: 'Roles (admins):') is bold."""
    lines = text.split("\n")
    rows, gap = [], False
    for number, line in enumerate(lines):
        if not line.strip():
            gap = bool(rows)
            continue
        heading = bool(rows) and line.rstrip().endswith(":") and not LIST_ROW.match(line) and \
            bool(LIST_ROW.match(_next_line(lines, number)))
        rows.append({"line": line.rstrip(), "spacing": "Medium" if gap or heading else "Small",
                     "weight": "Bolder" if heading else "Default"})
        gap = False
    return rows


def buttons_card(text: str, heading: str, questions: list):
    """`text` one row per line, a `heading` (if any) and a button per question."""
    return card("buttons", text=text, rows=card_rows(text), heading=heading,
                buttons=[{"question": q} for q in questions])


def welcome(answer: Answer) -> Activity:
    """The introduction: its text, with the example questions as card buttons, which Teams shows
    in every scope (suggested actions would only show in personal chat)."""
    reply = _reply(answer.text)
    reply.attachments = [buttons_card(answer.text, "Try one of these:", answer.suggestions[:MAX_BUTTONS])]
    return reply


def buttons_in_groups(context, activity: Activity, heading: str, answers: list) -> Activity:
    """A dialog's question, with its possible answers as card buttons in a channel or group chat,
    where answering by text needs an @mention and a press does not."""
    conversation = context.activity.conversation
    if conversation and conversation.conversation_type in GROUP_CONVERSATIONS:
        activity.attachments = [buttons_card(activity.text, heading, answers)]
    return activity
