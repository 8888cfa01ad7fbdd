"""Adaptive Card templates in Microsoft's templating language, expanded in Python.

Microsoft's templating (https://learn.microsoft.com/adaptive-cards/templating/language) binds data
into an ordinary card, so a template opens in the Adaptive Cards designer as it is. No Python
package implements it; this is the small part of it our templates use:

    "${name}"              the value of `name` in the current data (`${title}`, `${row.label}`)
    "${$root.name}"        the value at the top of the data, from inside a repeated element
    "${$index}"            the position of the current item in a repeat (from 0)
    "$data": "${rows}"     on an element: repeated once for each item of the list `rows`, each
                           copy bound to its item; bound to an object, the element is bound to it
    "$when": "${name}"     on an element: kept only when `name` is truthy
    "$when": "${!name}"    kept only when `name` is falsy

A string that is exactly one binding and whose value is not text (a number, a list) keeps its type;
anything else is text. A missing name is empty text, as in Microsoft's renderer's default.

Escaping, so that what people typed never becomes markup, is decided by `fill`: the caller says,
for each string, whether it is shown as Markdown (TextBlock text, FactSet values) or verbatim (a
TextRun, a button's title, data sent back, fallback text, URLs). See bot/cards/__init__.py.
"""

import re
from typing import Callable

BINDING = re.compile(r"\$\{([^{}]*)\}")
ONLY_A_BINDING = re.compile(r"^\$\{([^{}]*)\}$")
NAME = re.compile(r"^!?\$?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


class TemplateError(ValueError):
    """A binding this expander does not understand (kept small on purpose)."""


class Scope:
    def __init__(self, data, root, index: int | None = None):
        self.data, self.root, self.index = data, root, index

    def value(self, expression: str):
        expression = expression.strip()
        negate = expression.startswith("!")
        if not NAME.match(expression):
            raise TemplateError(f"unsupported binding ${{{expression}}}")
        path = expression.lstrip("!")
        found = self._lookup(path)
        return (not found) if negate else found

    def _lookup(self, path: str):
        if path == "$index":
            return self.index
        parts = path.split(".")
        if parts[0] == "$root":
            current, parts = self.root, parts[1:]
        elif parts[0] == "$data":
            current, parts = self.data, parts[1:]
        else:
            current = self.data
        for part in parts:
            if isinstance(current, dict):
                current = current.get(part)
            else:
                current = getattr(current, part, None)
            if current is None:
                return None
        return current


VERBATIM_KEYS = {"data", "fallbackText", "speak", "url", "altText", "id"}   # data, not display: never Markdown


def expand(template, data: dict, fill: Callable[[str, bool], str]):
    """The card for `data`. `fill(text, markup)` turns a bound value into what goes in the card:
    escaped when `markup` (the string is shown as Markdown), else verbatim."""
    return _expand(template, Scope(data, data), fill, markup=True)


def _expand(node, scope: Scope, fill, markup: bool):
    if isinstance(node, str):
        return _expand_string(node, scope, fill, markup)
    if isinstance(node, list):
        expanded = []
        for item in node:
            expanded.extend(_expand_element(item, scope, fill, markup))
        return expanded
    if isinstance(node, dict):
        return _expand_object(node, scope, fill, markup)
    return node


def _expand_element(item, scope: Scope, fill, markup: bool) -> list:
    """One element: none, one, or one per item of its `$data`, each kept only if its `$when` holds."""
    if not isinstance(item, dict) or not ({"$data", "$when"} & item.keys()):
        return [_expand(item, scope, fill, markup)]
    bound = item.get("$data")
    if bound is None:
        scopes = [scope]
    else:
        value = _bound_value(bound, scope)
        if isinstance(value, list):
            scopes = [Scope(entry, scope.root, index) for index, entry in enumerate(value)]
        else:
            scopes = [] if value is None else [Scope(value, scope.root)]
    rest = {k: v for k, v in item.items() if k not in ("$data", "$when")}
    return [_expand_object(rest, each, fill, markup) for each in scopes
            if "$when" not in item or _bound_value(item["$when"], each)]


def _expand_object(node: dict, scope: Scope, fill, markup: bool) -> dict:
    kind = str(node.get("type", ""))
    # Where a card never renders Markdown: a TextRun's text, a button's title.
    plain = {"text"} if kind == "TextRun" else {"title"} if kind.startswith("Action.") else set()
    expanded = {}
    for key, value in node.items():
        shown_as_markup = markup and key not in VERBATIM_KEYS and key not in plain
        if isinstance(value, dict) and ({"$data", "$when"} & value.keys()):
            kept = _expand_element(value, scope, fill, shown_as_markup)
            if kept:
                expanded[key] = kept[0]
        else:
            expanded[key] = _expand(value, scope, fill, shown_as_markup)
    return expanded


def _bound_value(binding, scope: Scope):
    if not isinstance(binding, str):
        return binding
    whole = ONLY_A_BINDING.match(binding.strip())
    if not whole:
        raise TemplateError(f"$data and $when take one binding, like \"${{rows}}\": got {binding!r}")
    return scope.value(whole.group(1))


def _expand_string(text: str, scope: Scope, fill, markup: bool):
    whole = ONLY_A_BINDING.match(text)
    if whole:
        value = scope.value(whole.group(1))
        if isinstance(value, (bool, int, float, list, dict)):
            return value
        return fill(_text(value), markup)
    if "${" not in text:
        return text
    return BINDING.sub(lambda m: fill(_text(scope.value(m.group(1))), markup), text)


def _text(value) -> str:
    return "" if value is None else str(value)
