"""Replies that fit in a Teams message.

Teams refuses a message of more than about 28 kB (the activity's JSON as the Bot Connector receives
it), and a chair's minutes at the bot's own input limits come to 50-100 kB. Every outgoing message
is measured here before it is sent (`PartnershipBot.on_turn` registers `FitReplies` on each turn);
one over CAP is cut at a line boundary, with a note to say 'show all' for the rest:

- its text keeps its first lines, the note, and its last line when that says what to do next
  ("Say 'save' to save them...");
- a card's fallbackText follows the text, and a card still too long keeps its first rows, then the
  note, and all its buttons (Save stays Save);
- the full text is kept with the conversation, so 'show all' (or 'export') sends it as a file
  (bot/file_export.py).

Files sent outside Teams (the console's Markdown attachments) are not cut: they are what 'show all'
sends. A send the channel refuses anyway is bot/web/refused_sends.py's.
"""

import json
import re
from enum import Enum

import orjson

from botbuilder.core import CardFactory, TurnContext
from botbuilder.schema import Activity, ActivityTypes
from msrest.serialization import Model, Serializer

from storage.bot_state_storage import plain_copy

from .cards import CardAttachment

CAP = 26_000             # bytes of JSON; Teams refuses about 28 kB, and the connector adds a little
TEXT_BESIDE_A_CARD = 6_000   # a card carries the detail: its text need only say what it is
KEPT = "kept_in_full"     # conversation data: the last reply that was cut, for 'show all'
REFUSED = "refused_reply"   # turn state: {"text", "name"} of a reply the channel would not take (bot/web/refused_sends.py)
KEEP_AT_MOST = 512 * 1024   # beyond this even the file is cut (no reply of ours comes near it)
NOTE = "… say 'show all' to get the rest as a file."
LAST_LINE = 400          # a closing line this short (the next step) is kept after the note
ADAPTIVE = CardFactory.content_types.adaptive_card
SHOW_ALL = re.compile(r"^(please )?(show|send|give me|get)( me)? (it )?(all|everything|the rest|the whole thing)"
                      r"( of it)?( as a file)?( please)?$|^(export|export it|export that)( please)?$")


def wants_all(tidied_text: str) -> bool:
    """'show all', 'show the rest', 'export': the last cut reply, in full."""
    return bool(SHOW_ALL.match(tidied_text))


def size_of(activity: Activity) -> int:
    """The activity's size as the Bot Connector receives it: its JSON, non-ASCII escaped as msrest sends it.

    Every reply is measured, so this is on every turn's path: the JSON is made by `on_the_wire`, not
    by msrest's own serializer (`activity.serialize()`), which checks a dozen types for each value
    of a card and took longer than the rest of a directory question's reply (issue 16). A card's
    content is measured as the plain JSON it nearly always is, without checking (a tuple in it
    would be measured as a list, a few bytes either way): the exact check is made once, when the
    reply is posted (bot/web/kept_clients.py), not again each time a reply is measured."""
    try:
        return len(json.dumps(on_the_wire(activity, exact=False), default=str))
    except TypeError:       # a key json cannot write (a tuple): measured exactly, as it is posted
        return len(json.dumps(on_the_wire(activity)))


BASIC = {"str": str, "int": int, "bool": bool, "float": float}


def on_the_wire(value, kind: str = "object", exact: bool = True):
    """What msrest's serializer makes of `value` declared as `kind` (an attribute map's type), as
    `Model.serialize()` does (the tests compare the two): a model's attributes that are set, under
    their keys, each as its declared type; additional properties as they are; enums as their
    values; dates in ISO 8601; plain JSON (a card's content) as it is. Without msrest's dozen type
    checks per value, so ten times faster on a card. The models of botbuilder.schema declare no
    validation rules, so msrest's validation would find nothing to refuse. With `exact` False, dicts
    and lists are taken as they are (to measure: `size_of`)."""
    if value is None:
        return None
    if kind in BASIC:
        if type(value) is BASIC[kind]:
            return value
        return value.value if isinstance(value, Enum) else BASIC[kind](value)
    if kind[0] == "[":
        return [on_the_wire(item, kind[1:-1], exact) for item in value]
    if kind[0] == "{":
        return {key: on_the_wire(item, kind[1:-1], exact) for key, item in value.items()}
    if kind == "iso-8601":
        return Serializer.serialize_iso(value)
    if isinstance(value, Model):
        # A card made from our templates is plain JSON by construction (bot/cards): not checked again.
        exact = exact and not isinstance(value, CardAttachment)
        wire = {}
        for attribute, spec in value._attribute_map.items():
            item = getattr(value, attribute, None)
            if attribute == "additional_properties" and spec["key"] == "":
                wire.update(item or {})
            elif item is not None:
                wire[spec["key"]] = on_the_wire(item, spec["type"], exact)
        return wire
    if isinstance(value, Enum):
        return value.value
    if kind == "object":
        plain = type(value)
        if plain is str or plain is int or plain is float or plain is bool:
            return value
        if plain is dict or plain is list:
            if not exact or _plain_json(value):
                return value        # a card's content: already what goes on the wire
            if plain is dict:
                return {str(key): on_the_wire(item) for key, item in value.items()}
            return [on_the_wire(item) for item in value]
        return Serializer().serialize_object(value)     # a date, a Decimal...: as msrest makes it
    return value        # a string enum's value


def _plain_json(value) -> bool:
    """Is `value` JSON as it is (dicts with text keys, lists, text, numbers, true/false, null)?
    An Adaptive Card's content nearly always is, and then it goes on the wire unchanged: checked by
    json in C (storage/bot_state_storage.plain_copy) rather than walked here one value at a time,
    which cost more than the rest of a directory answer's reply (issue 16). A tuple or a key that
    is not text reads back different, and is left to the walk (msrest writes them as str() does).
    The wire form is only read (measured, then posted), never changed, so the card itself can be it."""
    return plain_copy(value) is not None


def _json_len(text: str) -> int:
    return len(json.dumps(text)) - 2


def cut_text(text: str, budget: int, markdown: bool = False) -> str:
    """`text` in at most `budget` bytes of JSON: whole lines from the top (the first that does not
    fit, cut at a word), the note, and the last line when it is short (what to do next)."""
    lines = text.split("\n")
    last = lines.pop() if len(lines) > 1 and len(lines[-1]) <= LAST_LINE else ""
    used = _json_len(NOTE) + (_json_len(last) + 2 if last else 0)
    kept = []
    for line in lines:
        size = _json_len(line) + 2
        if used + size > budget:
            room = budget - used - 4
            if room > 200 or not kept:      # the part of a long line that fits, cut at a word
                words = line[:room].rsplit(" ", 1)[0]
                while words and _json_len(words) > room:
                    words = words[: len(words) * 3 // 4].rsplit(" ", 1)[0]
                kept.append(words + " …")
            break
        kept.append(line)
        used += size
    if markdown:        # Teams' escaped Markdown (bot/teams_text.py): the note a paragraph of its own
        return "\n".join(kept) + "\n\n" + "\n\n".join([NOTE] + ([last] if last else []))
    return "\n".join(kept + [NOTE] + ([last] if last else []))


def _cards(activity: Activity) -> list:
    return [a for a in activity.attachments or [] if a.content_type == ADAPTIVE and isinstance(a.content, dict)]


def _has_files(activity: Activity) -> bool:
    return any(a.content_type != ADAPTIVE and not str(a.content_type).startswith("application/vnd.microsoft")
               for a in activity.attachments or [])


def _trim_card(card: dict, activity: Activity, cap: int) -> None:
    """Drop the card's last rows until the message fits; the note takes their place."""
    body = card.get("body") or []
    note = {"type": "TextBlock", "text": NOTE, "wrap": True, "isSubtle": True, "spacing": "Medium"}
    while len(body) > 1 and size_of(activity) > cap:
        if body[-1] is not note:
            body.append(note)
        body.pop(-2)


def fit(activity: Activity, cap: int = CAP) -> bool:
    """Make a message over `cap` fit (in place). True if it was cut."""
    if activity.type != ActivityTypes.message or _has_files(activity) or size_of(activity) <= cap:
        return False
    cards = _cards(activity)
    text = activity.text or ""
    if text:
        over = size_of(activity) - cap
        budget = _json_len(text) - over - 200
        if cards:
            budget = min(budget, TEXT_BESIDE_A_CARD)
        activity.text = cut_text(text, max(budget, 1_000), markdown=activity.text_format == "markdown")
        for card in cards:
            if card.content.get("fallbackText") == text:
                card.content["fallbackText"] = activity.text
    for card in cards:      # in Teams the card alone is the answer, its text only the fallback
        fallback = card.content.get("fallbackText")
        if fallback and _json_len(fallback) > TEXT_BESIDE_A_CARD:
            card.content["fallbackText"] = cut_text(fallback, TEXT_BESIDE_A_CARD)
    if activity.summary and len(activity.summary) > 300:
        activity.summary = activity.summary[:300].rsplit(" ", 1)[0] + " …"
    for card in cards:
        if size_of(activity) > cap:
            _trim_card(card.content, activity, cap)
    if size_of(activity) > cap:         # cards with one enormous row: the text alone
        fallback = next((c.content.get("fallbackText") for c in cards if c.content.get("fallbackText")), "")
        activity.attachments = [a for a in activity.attachments if a not in cards]
        activity.text = activity.text or fallback
    if size_of(activity) > cap and activity.text:
        activity.text = cut_text(activity.text, cap // 2, markdown=activity.text_format == "markdown")
    return True


def full_text(activity: Activity) -> str:
    """What a message says in words: its text, or (a card alone, as in Teams) the card's fallback."""
    fallbacks = [c.content.get("fallbackText") for c in _cards(activity)]
    return activity.text or next((f for f in fallbacks if f), "") or activity.summary or ""


POSTED = "_posted_json"      # on a message measured as it is: its JSON, the body it is posted with


def wire_json(wire: dict) -> bytes:
    """The JSON body of a request, as UTF-8 bytes: orjson, ten times quicker than json.dumps on a
    card (made on every reply). The same JSON value msrest would send (its json.dumps escapes
    letters beyond ASCII, which here go as UTF-8, as the body's charset says); keys that are not
    text are written as text, as json.dumps does."""
    return orjson.dumps(wire, option=orjson.OPT_NON_STR_KEYS)


def fits_as_it_is(activity: Activity, cap: int = CAP) -> bool:
    """Does the message fit as it is? Measured by making its JSON body exactly as it is posted
    (`on_the_wire`, as msrest's serializer would make it, then `wire_json`); a message that fits
    keeps that body, so the kept connector client posts it instead of making it again
    (bot/web/kept_clients.py; nothing changes a message between here and there, this being the
    last handler on the way out). Anything but a message, or a message with files, is not cut."""
    if activity.type != ActivityTypes.message or _has_files(activity):
        return True
    try:
        posted = wire_json(on_the_wire(activity, "Activity"))
    except (TypeError, ValueError):       # (orjson's JSONEncodeError is a TypeError)
        return False        # measured again by fit(), its own way
    if len(posted) > cap:
        return False
    activity.__dict__[POSTED] = posted
    return True


def posted_json(activity: Activity) -> bytes | None:
    """The JSON body a message was measured with, once (then it is forgotten: a later send makes it anew)."""
    return activity.__dict__.pop(POSTED, None)


class FitReplies:
    """An on_send_activities handler: each message measured and, if need be, cut; the last cut
    text is kept in the conversation's data for 'show all'."""

    def __init__(self, conversation_data):
        self.conversation_data = conversation_data     # the ConversationState property of that name

    async def __call__(self, context: TurnContext, activities: list, send):
        for activity in activities:
            if fits_as_it_is(activity):
                continue
            before = full_text(activity)
            if fit(activity):
                conversation = await self.conversation_data.get(context, dict)
                conversation[KEPT] = {"text": before[:KEEP_AT_MOST], "name": _file_name(before)}
        return await send()


def _file_name(text: str) -> str:
    first = re.sub(r"[^A-Za-z0-9]+", "-", text.split("\n", 1)[0][:50]).strip("-").lower()
    return f"{first or 'reply'}.md"
