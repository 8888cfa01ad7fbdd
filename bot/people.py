"""Who is speaking: identity is the Teams user's Entra object id, never a display name.

Only Teams vouches for `from.aadObjectId`: on any other channel (Web Chat, Direct Line, the
console) anyone can put any id there, so there the identity is the channel's own user id,
namespaced by the channel ("webchat:<from.id>"), and can never equal a Teams user's object id.
"""

from botbuilder.core import TurnContext

TEAMS = "msteams"


def user_id_of(context: TurnContext) -> str:
    """A person's stable identity: their Entra (AAD) object id in Teams, else `channel:user id`."""
    return sender_id(context.activity)


def sender_id(activity) -> str:
    """user_id_of for an activity that has no turn yet (the HTTP endpoint's rate limit)."""
    person = activity.from_property
    channel = activity.channel_id if isinstance(activity.channel_id, str) and activity.channel_id else "unknown"
    aad_object_id = getattr(person, "aad_object_id", None)
    if channel == TEAMS and isinstance(aad_object_id, str) and aad_object_id:
        return aad_object_id
    user = getattr(person, "id", None)
    return f"{channel}:{user if isinstance(user, str) and user else 'unknown'}"


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
