"""Giving and taking away roles, and the roles people hold (the settings' admins included)."""

from ..clock import london_text
from ..permissions import RULES
from ..records import Grant, Scope
from ..repositories import People, Roles
from . import Who


def settings_grants(admin_ids, people: People) -> list[Grant]:
    """The first admins, from the settings (BOT_ADMINS): county-wide, and not removable in chat."""
    return [Grant(user_id=user_id, user_name=people.name_of(user_id) or user_id, role="admin",
                  **Scope.county().fields(), from_settings=True)
            for user_id in admin_ids]


async def all_grants(roles: Roles, people: People, admin_ids) -> list[Grant]:
    """Every role held now: the settings' admins, then those given in chat."""
    return settings_grants(admin_ids, people) + await roles.current()


async def grants_of(roles: Roles, people: People, admin_ids, user_id: str) -> list[Grant]:
    return [g for g in await all_grants(roles, people, admin_ids) if g.user_id == user_id]


def describe(grant) -> str:
    """'chair of Gosport', 'coordinator of Havant (district)', 'a county admin'."""
    if grant["role"] == "admin":
        return "a county admin"
    kind = grant["scope_kind"]
    where = grant["scope_name"] + ("" if kind == "partnership" else f" ({kind})" if kind == "district" else "")
    return f"{grant['role']} of {where}"


async def change_role(roles: Roles, people: People, admin_ids, *, user_id: str, change: dict, who: Who,
                      at: str) -> str:
    """Give (change["change"] == "grant") or take away a role; the reply to show. `change` holds
    role, scope_kind, scope_id and scope_name. The caller has checked the speaker may."""
    name = people.name_of(user_id) or user_id
    role, scope = change["role"], Scope.of(change)
    shown = describe({**change, "user_name": name})
    if change["change"] == "grant":
        if user_id in admin_ids and role == "admin":
            return f"{name} is already a county admin (from the bot's settings)."
        given = Grant(user_id=user_id, user_name=name, role=role, **scope.fields())
        if not await roles.grant(given, by=who.id, by_name=who.name, at=at):
            return f"{name} is already {shown}. Nothing changed."
        what = "" if role == "admin" else f" They can now {_powers(role)}."
        return f"Done: {name} is now {shown}.{what} Recorded as changed by {who.name} on {london_text(at)}."
    if user_id in admin_ids and role == "admin":
        return (f"{name} is an admin because the bot's settings say so (BOT_ADMINS): "
                f"whoever runs the bot must change that.")
    if await roles.remove(user_id=user_id, role=role, scope=scope, by=who.id, by_name=who.name, at=at) is None:
        held = [describe(g) for g in await grants_of(roles, people, admin_ids, user_id)]
        now = f"Their roles: {'; '.join(held)}." if held else "They have no roles (they are a member)."
        return f"{name} isn't {shown}, so nothing changed. {now}"
    return f"Done: {name} is no longer {shown}. Recorded as changed by {who.name} on {london_text(at)}."


def _powers(role: str) -> str:
    doing = {"log_minutes": "log and change minutes and actions", "move_school": "move schools",
             "change_deadline": "change deadlines", "manage_roles": "give roles"}
    return " and ".join(text for action, text in doing.items() if role in RULES[action]) + " there"
