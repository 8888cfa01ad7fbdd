"""Adaptive Cards from templates in this folder, in Microsoft's Adaptive Card templating language.

A template is an ordinary Adaptive Card JSON file that opens in the Adaptive Cards designer:
`${name}` is the value of `name`; an element with `"$data": "${rows}"` is repeated once per item of
the list `rows`, its `${...}` bound to that item (`${$root.name}` reaches the top values); an
element with `"$when": "${name}"` is kept only when `name` is truthy. The expander is
bot/cards/templating.py.

Values are escaped so that text people typed can never become markup (Markdown is
backslash-escaped; the card is built as data, never by string concatenation, so JSON cannot be
injected). TextBlock text and FactSet facts render Markdown, so values there are escaped; a
RichTextBlock's TextRun never does, so its text is shown verbatim (use TextRuns for anything a
person typed, and it reads exactly as typed on every client), nor does a button's title. What a
button sends back (`data`), `fallbackText`, `speak` and URLs are data, not display, and are filled
verbatim too.

    attachment = card("partnership_answer", school="Perins School", ...)
"""

import copy
import json
import pickle
from functools import lru_cache
from pathlib import Path

from botbuilder.core import CardFactory
from botbuilder.schema import Attachment

from .templating import Template, compile_template

TEMPLATES = Path(__file__).parent
MARKDOWN = "\\`*_{}[]()#+-.!|>~<"      # the characters Markdown gives a meaning to
# Each with a backslash before it, by str.translate in one C pass (a regular expression's sub took
# three times as long; a card has thirty or so such strings, on every reply).
BACKSLASHED = str.maketrans({c: "\\" + c for c in MARKDOWN})


def escape(value) -> str:
    """Text shown exactly as typed: Markdown characters escaped, control characters removed."""
    return _verbatim(value).translate(BACKSLASHED)


def _verbatim(value) -> str:
    """The text with control characters removed (line breaks kept)."""
    text = "" if value is None else str(value)
    if text.isprintable() or text.replace("\n", "").isprintable():     # nearly always: one check in C
        return text
    return "".join(ch for ch in text if ch.isprintable() or ch == "\n")


def _fill(text: str, markup: bool) -> str:
    return escape(text) if markup else _verbatim(text)


@lru_cache(maxsize=None)
def _template(template_name: str) -> Template:
    """A template, read once. It never changes: each card is built anew from it."""
    return compile_template(json.loads((TEMPLATES / f"{template_name}.json").read_text(encoding="utf-8")))


def render(template_name: str, **values) -> dict:
    """The card: the template expanded over `values` (a new card every time; the template is kept)."""
    return _template(template_name).expand(values, _fill)


class CardAttachment(Attachment):
    """An Adaptive Card made from one of our templates: its content is plain JSON (the expander
    makes nothing else, bot/cards/templating.py), so it goes on the wire as it is
    (bot/message_size.py's `on_the_wire`), and it is quick to copy. botbuilder deep-copies every activity it
    sends (TurnContext.send_activities), and a card is hundreds of dicts, lists and strings, which
    `copy.deepcopy` walks one by one with its memo: 0.5-1 ms for one of our answers, more than the
    rest of the reply's path. A card is plain data, so a pickle round trip (in C) makes the very
    same copy (types, shared parts and all) twenty times faster; anything pickle cannot copy is
    copied as deepcopy would."""

    def __deepcopy__(self, memo):
        try:
            return pickle.loads(pickle.dumps(self, pickle.HIGHEST_PROTOCOL))
        except Exception:  # pickle's errors vary with what it met (PicklingError, TypeError, ...)
            copied = Attachment.__new__(type(self))
            copied.__dict__.update(copy.deepcopy(self.__dict__, memo))
            return copied


def card(template_name: str, **values) -> Attachment:
    made = CardFactory.adaptive_card(render(template_name, **values))
    return CardAttachment(content_type=made.content_type, content=made.content)
