"""Admins give and take away roles in chat; anyone can ask who holds them.

    make Sam Jones chair of Gosport
    make Ann Lee coordinator of East Hampshire
    make Sam Jones an admin
    remove Sam Jones as chair of Gosport
    who are the chairs?            who are the coordinators for Havant?
    what is my role?               role history

People are found by the name the bot has seen them use (storage/people.py), and recorded by their
Teams identity. Every change is kept with who made it and when (storage/roles.py).
"""

from knowledge import answers
from knowledge.clock import london_text
from knowledge.permissions import role_named
from knowledge.text import names_list, simplify
from storage import roles

from .permissions import all_grants, config_grants, grants_of, open_mode, permitted
from .registry import handles
from .role_changes import apply_change, describe

HISTORY_SHOWN = 10


# ---- where a role applies ---------------------------------------------------------------------

def find_scope(directory, role: str, text: str):
    """(scope_kind, scope_id, scope_name), or a str explaining what is wrong."""
    text = (text or "").strip()
    if role == "admin":
        return "county", "county", "Hampshire"
    if not text:
        return f"Say where: for example 'make Sam Jones {role} of Gosport'."
    wanted = simplify(text)
    partnership = next((p for p in directory.partnerships.values()
                        if wanted in [simplify(n) for n in (p.name, *p.aliases)]), None)
    district = next((d for d in directory.districts.values()
                     if wanted in [simplify(n) for n in (d.name, *d.aliases)]), None)
    area = next((a for a in directory.areas.values()
                 if wanted in (simplify(a.name), simplify(a.name.replace(" Hampshire", "")))), None)
    if partnership is None and district is None and area is None:
        partnership = directory.find_partnership(text)
        district = directory.find_district(text) if partnership is None else None
        area = directory.find_area(text) if partnership is None and district is None else None
    if partnership is not None:
        return "partnership", partnership.id, partnership.name
    if role == "chair":
        inside = [p.name for p in directory.partnerships.values()
                  if (district and p.district == district.name) or (area and p.area_id == area.id)]
        where = district.name if district else area.name if area else text
        if inside:
            return (f"A chair chairs one partnership, and {where} has {len(inside)}: {', '.join(inside)}. "
                    f"Say which, for example 'make Sam Jones chair of {inside[0]}'.")
        return f"I don't know a partnership called '{text}'. " + _partnership_names(directory)
    if district is not None:
        return "district", district.name, district.name
    if area is not None:
        return "area", area.id, area.name
    return f"I don't know a partnership, district or area called '{text}'. " + _partnership_names(directory)


def _partnership_names(directory) -> str:
    return "The partnerships are: " + names_list([p.name for p in directory.partnerships.values()], last=None) + "."


# ---- giving and taking away -------------------------------------------------------------------

@handles("grant_role", topic="roles", who="admins",
         examples=["make Sam Jones chair of Gosport"])
async def grant_role(turn, person="", role="", scope="", **_):
    await _change_role(turn, "grant", person, role, scope)


@handles("remove_role", topic="roles", who="admins",
         examples=["remove Sam Jones as chair of Gosport"])
async def remove_role(turn, person="", role="", scope="", **_):
    await _change_role(turn, "remove", person, role, scope)


async def _change_role(turn, change: str, person: str, role_word: str, scope_text: str):
    services = turn.services
    if not await permitted(turn.context, services, "manage_roles"):
        return
    role = role_named(role_word)
    if role is None:
        await turn.say(answers.Answer("The roles are admin, coordinator and chair."))
        return
    if role == "member":
        await turn.say(answers.Answer(
            "Everyone is a member already: members can ask anything but change nothing. "
            "To let someone log minutes, make them chair of their partnership."))
        return
    scope = find_scope(services.directory, role, scope_text)
    if isinstance(scope, str):
        await turn.say(answers.Answer(scope))
        return
    kind, scope_id, scope_name = scope
    details = {"change": change, "role": role, "scope_kind": kind, "scope_id": scope_id, "scope_name": scope_name}
    exact, partial = services.people.find(person)
    if len(exact) == 1:
        await turn.context.send_activity(apply_change(turn.context, services, exact[0]["user_id"], details))
    elif exact or partial:
        await turn.begin("choose_person", {"query": person, "user_ids": [p["user_id"] for p in exact or partial],
                                           "change": details})
    else:
        close = services.people.suggestions(person)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        await turn.say(answers.Answer(
            f"I don't know anyone called '{person}' yet.{hint} I only know people who have talked to me: "
            f"ask them to say hello to me (in any chat), then try again."))


# ---- who holds what ---------------------------------------------------------------------------

@handles("list_roles", topic="roles", who="anyone",
         examples=["who are the chairs?"])
async def list_roles(turn, role="", scope="", **_):
    services = turn.services
    role = role_named(role) or "chair"
    held = [g for g in all_grants(services) if g["role"] == role]
    plural = {"admin": "admins", "coordinator": "coordinators", "chair": "chairs"}.get(role, role + "s")
    where = ""
    if scope and role != "admin":
        found = find_scope(services.directory, "coordinator", scope)
        if isinstance(found, str):
            await turn.say(answers.Answer(found))
            return
        kind, scope_id, where = found
        partnerships = _partnerships_in(services.directory, kind, scope_id)
        from knowledge.permissions import covers
        held = [g for g in held if any(covers(g, p) for p in partnerships)]
        where = f" for {where}"
    lines = [f"- {g['user_name']}: {describe(g)}" + (" (from the bot's settings)" if g.get("from_settings") else "")
             for g in sorted(held, key=lambda g: (g["scope_name"], g["user_name"]))]
    if not lines:
        text = f"There are no {plural}{where} yet. An admin can say 'make <name> {role} of <partnership>'."
    else:
        text = f"The {plural}{where}:\n" + "\n".join(lines)
    if open_mode(services.config):
        text += "\n(Roles are switched off on this bot, so everyone may do everything.)"
    await turn.say(answers.Answer(text))


def _partnerships_in(directory, kind, scope_id):
    return [p for p in directory.partnerships.values()
            if (kind == "partnership" and p.id == scope_id) or (kind == "district" and p.district == scope_id)
            or (kind == "area" and p.area_id == scope_id)]


@handles("my_roles", topic="roles", who="anyone",
         examples=["what is my role?"])
async def my_roles(turn, **_):
    services = turn.services
    if open_mode(services.config):
        await turn.say(answers.Answer(
            "Roles are switched off on this bot (no app id and no admins are set), so you may do everything."))
        return
    held = grants_of(services, turn.user_id)
    if not held:
        await turn.say(answers.Answer(
            "You are a member: you can ask me anything, but not change minutes, deadlines or the directory. "
            "Say 'who are the chairs?' to see who can."))
        return
    await turn.say(answers.Answer("You are " + "; ".join(describe(g) for g in held) + "."))


@handles("role_history", topic="roles", who="admins",
         examples=["role history"], in_help=False)
async def role_history(turn, **_):
    services = turn.services
    if not await permitted(turn.context, services, "manage_roles"):
        return
    changes = roles.history(services.database)[-HISTORY_SHOWN:]
    if not changes:
        settings = ", ".join(g["user_name"] for g in config_grants(services)) or "nobody"
        await turn.say(answers.Answer(f"No one has given or taken away a role yet. Admins from the settings: {settings}."))
        return
    lines = []
    for change in reversed(changes):
        verb = "made" if change["change"] == "granted" else "removed"
        joiner = "" if change["change"] == "granted" else " as"
        lines.append(f"- {london_text(change['at'])}: {change['by_name']} {verb} {change['user_name']}{joiner} "
                     f"{describe(change)}")
    await turn.say(answers.Answer("The latest role changes, newest first:\n" + "\n".join(lines)))
