"""Who is speaking: identity is the Teams user's Entra object id, never a display name."""

from botbuilder.core import TurnContext


def user_id_of(context: TurnContext) -> str:
    """A person's stable identity: their Entra (AAD) object id in Teams, else the channel's user id."""
    return sender_id(context.activity)


def sender_id(activity) -> str:
    """user_id_of for an activity that has no turn yet (the HTTP endpoint's rate limit)."""
    person = activity.from_property
    if person is None:
        return "unknown"
    return getattr(person, "aad_object_id", None) or getattr(person, "id", None) or "unknown"


MAX_NAME = 80
MARKUP = set("<>[]{}()*_`#|\\~")


def user_name_of(context: TurnContext) -> str:
    """The name someone goes by, safe to show: no control characters, no Markdown, HTML or card
    markup (a display name is chosen by its owner and ends up in replies other people read)."""
    person = context.activity.from_property
    return display_name(person.name if person else "") or user_id_of(context)


def display_name(raw) -> str:
    text = "".join(ch if ch.isprintable() and ch not in MARKUP else " " for ch in str(raw or ""))
    return " ".join(text.split())[:MAX_NAME].strip()
