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
anything else is text. A missing name is empty text, as in Microsoft's renderer's default. What
`expand` makes is always plain JSON (dicts with text keys, lists, text, numbers, true/false, null):
a list or dict bound whole goes in as json reads it back (a tuple as a list, a date as its text),
so a card goes on the wire as it is, without being checked (bot/message_size.py).

Escaping, so that what people typed never becomes markup, is decided by `fill`: the caller says,
for each string, whether it is shown as Markdown (TextBlock text, FactSet values) or verbatim (a
TextRun, a button's title, data sent back, fallback text, URLs). See bot/cards/__init__.py.

A template is read once into a `Template` (`compile_template`): each string, element and object
of the card becomes a small function that makes its part of a new card from the data, with what
can be decided from the template alone (which strings are Markdown, which hold bindings, each
binding's path) decided then, not for every card (issue 16: expanding a directory answer's card
walked and re-decided the whole template on every reply). A binding this expander does not
understand is refused when the template is read.
"""

import json
import marshal
import re
from typing import Callable

BINDING = re.compile(r"\$\{([^{}]*)\}")
ONLY_A_BINDING = re.compile(r"^\$\{([^{}]*)\}$")
NAME = re.compile(r"^!?\$?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


class TemplateError(ValueError):
    """A binding this expander does not understand (kept small on purpose)."""


class Scope:
    """The data a part of the card is bound to: the current item (or the top), the top, the item's position."""

    __slots__ = ("data", "root", "index")

    def __init__(self, data, root, index: int | None = None):
        self.data, self.root, self.index = data, root, index


VERBATIM_KEYS = {"data", "fallbackText", "speak", "url", "altText", "id"}   # data, not display: never Markdown
NUMBERS = (bool, int, float)     # a whole binding to one of these, or to a list or dict, is not made text
NOT_TEXT = (*NUMBERS, list, dict)

Fill = Callable[[str, bool], str]
Make = Callable[[Scope, Fill], object]             # makes one part of the card


class Template:
    """A card template, read once; `expand` makes a new card from data every time."""

    def __init__(self, card):
        self._make = _part(card, markup=True)

    def expand(self, data: dict, fill: Fill):
        """The card for `data`. `fill(text, markup)` turns a bound value into what goes in the card:
        escaped when `markup` (the string is shown as Markdown), else verbatim."""
        return self._make(Scope(data, data), fill)


def compile_template(card) -> Template:
    return Template(card)


def expand(template, data: dict, fill: Fill):
    """The card for `data` from a template read now (a `Template` is quicker for one used often)."""
    return Template(template).expand(data, fill)


def _part(node, markup: bool) -> Make:
    if isinstance(node, (list, dict)) and _fixed(node):
        # Nothing bound in it: every card gets a new copy of the template's part, made by marshal
        # in C rather than rebuilt one value at a time (a card is mostly such parts).
        made = marshal.dumps(node)
        return lambda scope, fill: marshal.loads(made)
    if isinstance(node, str):
        return _string(node, markup)
    if isinstance(node, list):
        return _list(node, markup)
    if isinstance(node, dict):
        return _object(node, markup)
    return lambda scope, fill: node         # a number, true/false, null


def _list(items: list, markup: bool) -> Make:
    elements = [_element(item, markup) for item in items]

    def make(scope, fill):
        made = []
        for element in elements:
            made.extend(element(scope, fill))
        return made
    return make


def _fixed(node) -> bool:
    """Is `node` the same in every card: no binding, no `$data` or `$when`, anywhere in it?"""
    if isinstance(node, str):
        return "${" not in node
    if isinstance(node, list):
        return all(_fixed(item) for item in node)
    if isinstance(node, dict):
        return not {"$data", "$when"} & node.keys() and all(_fixed(value) for value in node.values())
    return True


def _is_conditional(node) -> bool:
    return isinstance(node, dict) and bool({"$data", "$when"} & node.keys())


def _element(item, markup: bool):
    """One element: none, one, or one per item of its `$data`, each kept only if its `$when` holds."""
    if not _is_conditional(item):
        one = _part(item, markup)
        return lambda scope, fill: [one(scope, fill)]
    bound = item.get("$data")
    data_of = None if bound is None else _bound_value(bound)
    holds = _bound_value(item["$when"]) if "$when" in item else None
    rest = _object({k: v for k, v in item.items() if k not in ("$data", "$when")}, markup)

    def make(scope, fill):
        if data_of is None:
            scopes = [scope]
        else:
            value = data_of(scope)
            if isinstance(value, list):
                scopes = [Scope(entry, scope.root, index) for index, entry in enumerate(value)]
            else:
                scopes = [] if value is None else [Scope(value, scope.root)]
        return [rest(each, fill) for each in scopes if holds is None or holds(each)]
    return make


def _object(node: dict, markup: bool) -> Make:
    kind = str(node.get("type", ""))
    # Where a card never renders Markdown: a TextRun's text, a button's title.
    plain = {"text"} if kind == "TextRun" else {"title"} if kind.startswith("Action.") else set()
    # The object's fixed values (text with no binding, numbers, true/false) are the same in every
    # card: a copy of `fixed` (one C call) brings them, in the template's order, and only the rest
    # is made for each card, in place (a conditional one left out is taken out again).
    fixed, made_each_time = {}, []
    for key, value in node.items():
        shown_as_markup = markup and key not in VERBATIM_KEYS and key not in plain
        fixed[key] = None
        if _is_conditional(value):
            made_each_time.append((key, _element(value, shown_as_markup), True))
        elif not isinstance(value, (list, dict)) and _fixed(value):
            fixed[key] = value
        else:
            made_each_time.append((key, _part(value, shown_as_markup), False))

    def make(scope, fill):
        made = fixed.copy()
        for key, part, conditional in made_each_time:
            if conditional:
                kept = part(scope, fill)
                if kept:
                    made[key] = kept[0]
                else:
                    del made[key]
            else:
                made[key] = part(scope, fill)
        return made
    return make


def _bound_value(binding):
    """A `$data` or `$when`: one binding (or a value written in the template as it is)."""
    if not isinstance(binding, str):
        return lambda scope: binding
    whole = ONLY_A_BINDING.match(binding.strip())
    if not whole:
        raise TemplateError(f"$data and $when take one binding, like \"${{rows}}\": got {binding!r}")
    return _value_of(whole.group(1))


def _value_of(expression: str):
    """The binding's value in a scope: `name`, `a.b`, `$root.a`, `$data.a`, `$index`, `!name`."""
    expression = expression.strip()
    if not NAME.match(expression):
        raise TemplateError(f"unsupported binding ${{{expression}}}")
    negate = expression.startswith("!")
    path = expression.lstrip("!")
    if path == "$index":
        def found(scope):
            return scope.index
    else:
        parts = path.split(".")
        from_root = parts[0] == "$root"
        if parts[0] in ("$root", "$data"):
            parts = parts[1:]
        if len(parts) == 1 and not from_root:
            return _one_name(parts[0], negate)

        def found(scope):
            current = scope.root if from_root else scope.data
            for part in parts:
                if isinstance(current, dict):
                    current = current.get(part)
                else:
                    current = getattr(current, part, None)
                if current is None:
                    return None
            return current
    if negate:
        return lambda scope: not found(scope)
    return found


def _one_name(name: str, negate: bool):
    """`${name}` in the current item (most bindings: a row's `${label}`), found without walking a path."""
    def found(scope):
        data = scope.data
        value = data.get(name) if isinstance(data, dict) else getattr(data, name, None)
        return not value if negate else value
    return found


def _string(text: str, markup: bool) -> Make:
    whole = ONLY_A_BINDING.match(text)
    if whole:
        value_of = _value_of(whole.group(1))

        def make(scope, fill):
            value = value_of(scope)
            if type(value) is str:          # nearly always: text, filled as the place shows it
                return fill(value, markup)
            if type(value) in NUMBERS:
                return value
            if isinstance(value, NOT_TEXT):     # a list, a dict, an IntEnum...: as json reads it
                return _as_json(value)
            return fill(_text(value), markup)
        return make
    if "${" not in text:
        return lambda scope, fill: text
    pieces = BINDING.split(text)            # text, binding, text, binding, ..., text
    literal = pieces[0::2]
    values = [_value_of(expression) for expression in pieces[1::2]]

    def make(scope, fill):
        made = [literal[0]]
        for value_of, after in zip(values, literal[1:]):
            made.append(fill(_text(value_of(scope)), markup))
            made.append(after)
        return "".join(made)
    return make


def _as_json(value):
    """`value` as plain JSON: a copy as json reads it back (the card never shares the caller's data)."""
    return json.loads(json.dumps(value, default=str))


def _text(value) -> str:
    return "" if value is None else str(value)
