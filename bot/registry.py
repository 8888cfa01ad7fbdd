"""Every intent the bot handles, declared beside its handler.

A handler module says what it handles with `@handles(...)` on the function:

    @handles("school_partnership", topic="directory", who="anyone",
             examples=["which partnership is Perins School in?"])
    async def school_partnership(turn, name="", **_):
        ...

The registry collects them for routing (bot/partnership_bot.py), for help (its examples, grouped
by topic) and for the recognizer (the intent names its phrasings are labelled with, in
knowledge/data/phrasings/). Who may actually do a thing is decided where the scope is known (a
chair of Gosport may log Gosport's minutes): `who` says whom an intent is for, for help and docs.
"""

from dataclasses import dataclass
from typing import Awaitable, Callable

# Help's headings, in the order help shows them; "conversation" (help itself, thanks...) has none.
TOPICS = {
    "directory": "Ask about partnerships (anyone):",
    "minutes": "Meetings and actions (chairs):",
    "cycle": "The business cycle: attendance, resolutions, delivery plans (chairs and coordinators):",
    "deadlines": "Deadlines and nudges (coordinators):",
    "roles": "Roles (admins):",
    "conversation": "",
}
WHO = ("anyone", "chairs", "coordinators", "admins")


@dataclass(frozen=True)
class Intent:
    name: str
    handler: Callable[..., Awaitable[None]]    # async (turn, **slots)
    topic: str
    who: str
    examples: tuple[str, ...]
    in_help: bool = True


_INTENTS: dict[str, Intent] = {}


def handles(name: str, *, topic: str, who: str, examples: list[str], in_help: bool = True):
    """Register the decorated async function as the handler of intent `name`."""
    if topic not in TOPICS or who not in WHO:
        raise ValueError(f"{name}: unknown topic {topic!r} or who {who!r}")

    def register(handler):
        if name in _INTENTS:
            raise ValueError(f"two handlers for the intent {name!r}")
        _INTENTS[name] = Intent(name, handler, topic, who, tuple(examples), in_help)
        return handler
    return register


def intent_named(name: str) -> Intent:
    return _INTENTS[name]


def is_registered(name: str) -> bool:
    return name in _INTENTS


def all_intents() -> list[Intent]:
    """Every registered intent, in the order the handler modules declare them."""
    return list(_INTENTS.values())
