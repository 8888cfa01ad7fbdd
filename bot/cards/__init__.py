"""Adaptive Cards from JSON templates in this folder.

A template is an ordinary Adaptive Card JSON file. In any string, `{{name}}` is replaced by the
value of `name`, escaped so that text people typed can never become markup (Markdown is
backslash-escaped; the card is built as data, never by string concatenation, so JSON cannot be
injected). An object with `"$repeat": "items"` is repeated once per dict in the list `items`, its
own `{{...}}` filled from that dict (and then from the outer values). An object with
`"$when": "name"` is kept only when `name` is truthy.

Escaping follows where a card renders Markdown: TextBlock text and FactSet facts do, so values
there are escaped; a RichTextBlock's TextRun never does, so its text is shown verbatim (use
TextRuns for anything a person typed, and it reads exactly as typed on every client), nor does a
button's title. What a button sends back (`data`), `fallbackText`, `speak` and URLs are data,
not display, and are filled verbatim too, as are element ids.

    attachment = card("partnership_answer", school="Perins School", ...)
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from botbuilder.core import CardFactory
from botbuilder.schema import Attachment

TEMPLATES = Path(__file__).parent
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<])")


def escape(value) -> str:
    """Text shown exactly as typed: Markdown characters escaped, control characters removed."""
    text = "" if value is None else str(value)
    text = "".join(ch for ch in text if ch.isprintable() or ch == "\n")
    return MARKDOWN.sub(r"\\\1", text)


VERBATIM_KEYS = {"data", "fallbackText", "speak", "url", "altText", "id"}


def _verbatim(value) -> str:
    text = "" if value is None else str(value)
    return "".join(ch for ch in text if ch.isprintable() or ch == "\n")


def _fill(node, values: dict, markup: bool = True):
    if isinstance(node, str):
        fill = escape if markup else _verbatim
        return PLACEHOLDER.sub(lambda m: fill(values.get(m.group(1), "")), node)
    if isinstance(node, list):
        filled = []
        for item in node:
            if isinstance(item, dict) and "$repeat" in item:
                template = {k: v for k, v in item.items() if k != "$repeat"}
                for row in values.get(item["$repeat"]) or []:
                    filled.append(_fill(template, {**values, **row}, markup))
            elif isinstance(item, dict) and "$when" in item:
                if values.get(item["$when"]):
                    filled.append(_fill({k: v for k, v in item.items() if k != "$when"}, values, markup))
            else:
                filled.append(_fill(item, values, markup))
        return filled
    if isinstance(node, dict):
        kind = str(node.get("type", ""))
        plain = {"text"} if kind == "TextRun" else {"title"} if kind.startswith("Action.") else set()
        return {key: _fill(value, values, markup and key not in VERBATIM_KEYS and key not in plain)
                for key, value in node.items()}
    return node


@lru_cache(maxsize=None)
def _template(template_name: str) -> dict:
    """A template, read once. _fill never changes it: it builds a new card every time."""
    return json.loads((TEMPLATES / f"{template_name}.json").read_text(encoding="utf-8"))


def render(template_name: str, **values) -> dict:
    return _fill(_template(template_name), values)


def card(template_name: str, **values) -> Attachment:
    return CardFactory.adaptive_card(render(template_name, **values))
