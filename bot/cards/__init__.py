"""Adaptive Cards from JSON templates in this folder.

A template is an ordinary Adaptive Card JSON file. In any string, `{{name}}` is replaced by the
value of `name`, escaped so that text people typed can never become markup (Markdown is
backslash-escaped; the card is built as data, never by string concatenation, so JSON cannot be
injected). An object with `"$repeat": "items"` is repeated once per dict in the list `items`, its
own `{{...}}` filled from that dict (and then from the outer values). An object with
`"$when": "name"` is kept only when `name` is truthy.

    attachment = card("partnership_answer", school="Perins School", ...)
"""

import copy
import json
import re
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


def _fill(node, values: dict):
    if isinstance(node, str):
        return PLACEHOLDER.sub(lambda m: escape(values.get(m.group(1), "")), node)
    if isinstance(node, list):
        filled = []
        for item in node:
            if isinstance(item, dict) and "$repeat" in item:
                template = {k: v for k, v in item.items() if k != "$repeat"}
                for row in values.get(item["$repeat"]) or []:
                    filled.append(_fill(copy.deepcopy(template), {**values, **row}))
            elif isinstance(item, dict) and "$when" in item:
                if values.get(item["$when"]):
                    filled.append(_fill({k: v for k, v in item.items() if k != "$when"}, values))
            else:
                filled.append(_fill(item, values))
        return filled
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    return node


def render(template_name: str, **values) -> dict:
    template = json.loads((TEMPLATES / f"{template_name}.json").read_text(encoding="utf-8"))
    return _fill(template, values)


def card(template_name: str, **values) -> Attachment:
    return CardFactory.adaptive_card(render(template_name, **values))
