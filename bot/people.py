"""Who is speaking: identity is the Teams user's Entra object id, never a display name."""

from botbuilder.core import TurnContext


def user_id_of(context: TurnContext) -> str:
    """A person's stable identity: their Entra (AAD) object id in Teams, else the channel's user id."""
    person = context.activity.from_property
    if person is None:
        return "unknown"
    return getattr(person, "aad_object_id", None) or person.id or "unknown"


def user_name_of(context: TurnContext) -> str:
    person = context.activity.from_property
    return (person.name if person else "") or user_id_of(context)
