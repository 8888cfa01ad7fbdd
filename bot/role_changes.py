"""Giving and taking away a role, once the speaker is allowed to: used by the roles handler and by
the dialog that asks which person was meant."""

from knowledge.clock import london_text, utc_iso
from knowledge.permissions import RULES
from storage import roles

from .people import user_id_of, user_name_of
from .permissions import grants_of


def describe(grant: dict) -> str:
    if grant["role"] == "admin":
        return "a county admin"
    kind = grant["scope_kind"]
    where = grant["scope_name"] + ("" if kind == "partnership" else f" ({kind})" if kind == "district" else "")
    return f"{grant['role']} of {where}"


def apply_change(context, services, user_id: str, details: dict) -> str:
    """Give or take away a role; the reply to show. The caller has checked the speaker may."""
    by, by_name = user_id_of(context), user_name_of(context)
    at = utc_iso(services.clock.now())
    name = services.people.name_of(user_id) or user_id
    role, kind, scope_id = details["role"], details["scope_kind"], details["scope_id"]
    shown = describe({**details, "user_name": name})
    if details["change"] == "grant":
        if user_id in services.config.BOT_ADMINS and role == "admin":
            return f"{name} is already a county admin (from the bot's settings)."
        if not roles.grant(services.database, user_id=user_id, user_name=name, role=role, scope_kind=kind,
                           scope_id=scope_id, scope_name=details["scope_name"], by=by, by_name=by_name, at=at):
            return f"{name} is already {shown}. Nothing changed."
        what = "" if role == "admin" else f" They can now {_powers(role)}."
        return f"Done: {name} is now {shown}.{what} Recorded as changed by {by_name} on {london_text(at)}."
    if user_id in services.config.BOT_ADMINS and role == "admin":
        return (f"{name} is an admin because the bot's settings say so (BOT_ADMINS): "
                f"whoever runs the bot must change that.")
    if roles.remove(services.database, user_id=user_id, role=role, scope_kind=kind, scope_id=scope_id,
                    by=by, by_name=by_name, at=at) is None:
        held = [describe(g) for g in grants_of(services, user_id)]
        now = f"Their roles: {'; '.join(held)}." if held else "They have no roles (they are a member)."
        return f"{name} isn't {shown}, so nothing changed. {now}"
    return f"Done: {name} is no longer {shown}. Recorded as changed by {by_name} on {london_text(at)}."


def _powers(role: str) -> str:
    doing = {"log_minutes": "log and change minutes and actions", "move_school": "move schools",
             "change_deadline": "change deadlines", "manage_roles": "give roles"}
    return " and ".join(text for action, text in doing.items() if role in RULES[action]) + " there"
