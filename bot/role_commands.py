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
from knowledge.clock import london_text, utc_iso
from knowledge.permissions import covers, role_named
from knowledge.scopes import partnerships_concerned, scope_for_role
from knowledge.use_cases import Who
from knowledge.use_cases.roles import change_role, describe

from .permissions import all_grants, config_grants, grants_of, open_mode, permitted
from .registry import handles

HISTORY_SHOWN = 10


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
    scope = scope_for_role(services.directory, role, scope_text)
    if isinstance(scope, str):
        await turn.say(answers.Answer(scope))
        return
    details = {"change": change, "role": role, **scope.fields()}
    exact, partial = services.people.find(person)
    if len(exact) == 1:
        await turn.say(answers.Answer(await change_role(
            services.records.roles, services.people, services.config.BOT_ADMINS, user_id=exact[0]["user_id"],
            change=details, who=Who(turn.user_id, turn.user_name), at=utc_iso(services.clock.now()))))
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
    held = [g for g in await all_grants(services) if g.role == role]
    plural = {"admin": "admins", "coordinator": "coordinators", "chair": "chairs"}.get(role, role + "s")
    where = ""
    if scope and role != "admin":
        found = scope_for_role(services.directory, "coordinator", scope)
        if isinstance(found, str):
            await turn.say(answers.Answer(found))
            return
        partnerships = partnerships_concerned(services.directory, found.kind, found.id)
        held = [g for g in held if any(covers(g, p) for p in partnerships)]
        where = f" for {found.name}"
    lines = [f"- {g['user_name']}: {describe(g)}" + (" (from the bot's settings)" if g.get("from_settings") else "")
             for g in sorted(held, key=lambda g: (g["scope_name"], g["user_name"]))]
    if not lines:
        text = f"There are no {plural}{where} yet. An admin can say 'make <name> {role} of <partnership>'."
    else:
        text = f"The {plural}{where}:\n" + "\n".join(lines)
    if open_mode(services.config):
        text += "\n(Roles are switched off on this bot, so everyone may do everything.)"
    await turn.say(answers.Answer(text))


@handles("my_roles", topic="roles", who="anyone",
         examples=["what is my role?"])
async def my_roles(turn, **_):
    services = turn.services
    if open_mode(services.config):
        await turn.say(answers.Answer(
            "Roles are switched off on this bot (no app id and no admins are set), so you may do everything."))
        return
    held = await grants_of(services, turn.user_id)
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
    changes = (await services.records.roles.history())[-HISTORY_SHOWN:]
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
