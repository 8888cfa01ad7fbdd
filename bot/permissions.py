"""Roles at the edge of a turn: who is speaking, what they hold, and a refusal when they may not.

The policy itself is the table in `knowledge/permissions.py`; the roles held come from the roles
repository (knowledge/use_cases/roles.py). Guard a command with one line before anything is written:

    if not await permitted(turn.context, turn.services, "log_minutes", [partnership]):
        return

With no MicrosoftAppId and no BOT_ADMINS (local development) everyone may do everything.
"""

import logging

from botbuilder.core import TurnContext

from knowledge.permissions import Decision, decide
from knowledge.records import Grant
from knowledge.use_cases import roles

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


def config_grants(services) -> list[Grant]:
    """The first admins, from the settings: county-wide, and not removable in chat."""
    return roles.settings_grants(services.config.BOT_ADMINS, services.people)


async def all_grants(services) -> list[Grant]:
    return await roles.all_grants(services.records.roles, services.people, services.config.BOT_ADMINS)


async def grants_of(services, user_id: str) -> list[Grant]:
    return [g for g in await all_grants(services) if g.user_id == user_id]


async def check(services, user_id: str, action: str, partnerships=()) -> Decision:
    """May this person do `action` for these partnerships (knowledge.model.Partnership)?"""
    if open_mode(services.config):
        return Decision(True)
    everyone = await all_grants(services)
    return decide([g for g in everyone if g.user_id == user_id], action, list(partnerships), everyone)


async def permitted(context: TurnContext, services, action: str, partnerships=()) -> bool:
    """True if the speaker may; otherwise tells them who can, and returns False."""
    decision = await check(services, user_id_of(context), action, partnerships)
    if not decision.allowed:
        log.info("Refused %s to %s", action, user_id_of(context))
        await context.send_activity(decision.refusal)
    return decision.allowed
