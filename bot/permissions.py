"""Roles at the edge of a turn: who is speaking, what they hold, and a refusal when they may not.

The policy itself is the table in `knowledge/permissions.py`; the records are in `storage/roles.py`.
Guard a command with one line before anything is written:

    if not await permitted(turn.context, turn.services, "log_minutes", [partnership]):
        return

With no MicrosoftAppId and no BOT_ADMINS (local development) everyone may do everything.
"""

import logging

from botbuilder.core import TurnContext

from knowledge.permissions import Decision, decide
from storage import roles

from .people import user_id_of

log = logging.getLogger(__name__)


def open_mode(config) -> bool:
    """Local development: no app id, no admins, so no one to ask; everyone may do everything."""
    return not config.APP_ID and not config.BOT_ADMINS


def describe_mode(config) -> str:
    if open_mode(config):
        return ("Roles are OFF: no MicrosoftAppId and no BOT_ADMINS, so everyone may do everything "
                "(local development only). Set BOT_ADMINS to the admins' Teams user ids to turn them on.")
    return f"Roles are on: {len(config.BOT_ADMINS)} admin(s) from BOT_ADMINS, others granted in chat."


def config_grants(services) -> list[dict]:
    """The first admins, from the settings: county-wide, and not removable in chat."""
    return [{"user_id": user_id, "user_name": services.people.name_of(user_id) or user_id, "role": "admin",
             "scope_kind": "county", "scope_id": "county", "scope_name": "Hampshire", "from_settings": True}
            for user_id in services.config.BOT_ADMINS]


def all_grants(services) -> list[dict]:
    return config_grants(services) + roles.current_grants(services.database)


def grants_of(services, user_id: str) -> list[dict]:
    return [g for g in all_grants(services) if g["user_id"] == user_id]


def check(services, user_id: str, action: str, partnerships=()) -> Decision:
    """May this person do `action` for these partnerships (knowledge.model.Partnership)?"""
    if open_mode(services.config):
        return Decision(True)
    return decide(grants_of(services, user_id), action, list(partnerships), all_grants(services))


async def permitted(context: TurnContext, services, action: str, partnerships=()) -> bool:
    """True if the speaker may; otherwise tells them who can, and returns False."""
    decision = check(services, user_id_of(context), action, partnerships)
    if not decision.allowed:
        log.info("Refused %s to %s", action, user_id_of(context))
        await context.send_activity(decision.refusal)
    return decision.allowed
