"""Turns a knowledge Answer into a Bot Framework message."""

from botbuilder.core import MessageFactory
from botbuilder.schema import Activity, ActionTypes, CardAction, SuggestedActions

from knowledge.answers import Answer


def message(answer: Answer) -> Activity:
    reply = MessageFactory.text(answer.text)
    if answer.suggestions:
        reply.suggested_actions = SuggestedActions(actions=[
            CardAction(type=ActionTypes.im_back, title=s, value=s) for s in answer.suggestions[:3]
        ])
    return reply
