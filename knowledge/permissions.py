"""Who may do what, in one place.

Four roles. Everyone is a member; the others are granted by an admin in chat ("make Sam Jones
chair of Gosport") or, for the first admins, by the bot's settings (BOT_ADMINS).

    admin        the county: may do everything, everywhere, and grants roles
    coordinator  one or more partnerships, districts or areas: the partnerships inside them
    chair        one or more partnerships
    member       anyone: may ask, read-only

RULES is the whole policy: an action, and the roles that may do it for the partnership(s)
concerned. An action with no partnership (county-wide) needs a grant that covers the county,
which only an admin has. Plain Python: no botbuilder, no storage. A grant is a dict with
`role`, `scope_kind` ("county" | "area" | "district" | "partnership") and `scope_id`.

A school with no partnership yet (Basingstoke and Deane's) belongs to its district:
`unplaced_schools_of` stands for them where a partnership would, so moving one needs a coordinator
for that district or its area (or an admin), not just one for the target partnership.
"""

from dataclasses import dataclass

from .text import names_list

ROLES = ("admin", "coordinator", "chair", "member")
ANYONE = ROLES

RULES = {
    # action              roles that may do it
    "ask":                ANYONE,
    "log_minutes":        ("admin", "coordinator", "chair"),
    "edit_minutes":       ("admin", "coordinator", "chair"),
    "edit_actions":       ("admin", "coordinator", "chair"),
    "record_cycle":       ("admin", "coordinator", "chair"),      # governors' resolutions, the delivery plan
    "withdraw_meeting":   ("admin",),
    "move_school":        ("admin", "coordinator"),
    "change_deadline":    ("admin", "coordinator"),
    "manage_roles":       ("admin",),
}

# How each action reads in a refusal: "Only ... can <doing> <where>."
DOING = {
    "ask": "ask",
    "log_minutes": "log minutes for",
    "edit_minutes": "change the minutes of",
    "edit_actions": "change the actions of",
    "record_cycle": "record resolutions and delivery plans for",
    "withdraw_meeting": "withdraw the meetings of",
    "move_school": "move schools in or out of",
    "change_deadline": "change the deadlines of",
    "manage_roles": "give or take away roles",
}

# Which kinds of place each role can be granted for.
SCOPES = {
    "admin": ("county",),
    "coordinator": ("partnership", "district", "area"),
    "chair": ("partnership",),
    "member": ("county",),
}

ROLE_WORDS = {
    "admin": "admin", "admins": "admin", "administrator": "admin", "administrators": "admin",
    "coordinator": "coordinator", "coordinators": "coordinator", "co-ordinator": "coordinator",
    "co-ordinators": "coordinator",
    "chair": "chair", "chairs": "chair", "chairman": "chair", "chairwoman": "chair", "chairperson": "chair",
    "chairpersons": "chair",
    "member": "member", "members": "member",
}


@dataclass
class Decision:
    allowed: bool
    refusal: str = ""          # when not allowed: what cannot be done, and who can do it


@dataclass(frozen=True)
class Unplaced:
    """A district's schools that have no partnership yet. Covered like a partnership by a district,
    area or county grant; never by a partnership's (no partnership has the empty id)."""
    name: str                 # the district, e.g. "Basingstoke and Deane"
    district: str
    area_id: str | None
    id: str = ""


def unplaced_schools_of(directory, district: str) -> Unplaced:
    known = directory.districts.get(district)
    return Unplaced(name=district, district=district, area_id=known.area_id if known else None)


def role_named(word: str) -> str | None:
    return ROLE_WORDS.get((word or "").strip().lower())


def covers(grant: dict, partnership) -> bool:
    """Does this grant reach this partnership (a knowledge.model.Partnership)?"""
    kind, scope_id = grant.get("scope_kind"), grant.get("scope_id")
    if kind == "county":
        return True
    if kind == "area":
        return partnership.area_id == scope_id
    if kind == "district":
        return partnership.district == scope_id
    if kind == "partnership":
        return partnership.id == scope_id
    return False


def may(grants: list[dict], action: str, partnerships: list) -> bool:
    """May someone holding `grants` do `action` for every one of `partnerships`?"""
    allowed_roles = RULES[action]
    if "member" in allowed_roles:
        return True
    useful = [g for g in grants if g.get("role") in allowed_roles]
    if not partnerships:
        return any(g.get("scope_kind") == "county" for g in useful)
    return all(any(covers(g, p) for g in useful) for p in partnerships)


def decide(grants: list[dict], action: str, partnerships: list, holders: list[dict] = ()) -> Decision:
    """`may`, with a refusal that says who can do it. `holders` are everyone's grants with
    `user_name`, used to name the people to ask."""
    if may(grants, action, partnerships):
        return Decision(True)
    return Decision(False, refusal_text(action, partnerships, holders))


def who_can(action: str, partnerships: list) -> str:
    roles = RULES[action]
    names = _join([p.name for p in partnerships], "and") if partnerships else ""
    if not partnerships or roles == ("admin",):
        return "a county admin"
    parts = []
    if "chair" in roles:
        parts.append(f"the {names} partnership's chair" if len(partnerships) == 1 else f"the chairs of {names}")
    if "coordinator" in roles:
        parts.append("its coordinators" if parts else f"the coordinators for {names}")
    parts.append("a county admin")
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def refusal_text(action: str, partnerships: list, holders: list[dict] = ()) -> str:
    where = " and ".join(_where(p) for p in partnerships) if partnerships else "every partnership"
    doing = DOING[action]
    what = doing if action == "manage_roles" else f"{doing} {where}"
    text = f"Sorry, you can't {what}: only {who_can(action, partnerships)} can."
    # Name whoever could do it, so the refusal says whom to ask: someone whose grants between them
    # reach everything concerned (a district coordinator who also coordinates the target, say).
    roles = RULES[action]
    people = []
    nearest_first = {"partnership": 0, "district": 1, "area": 2, "county": 3}
    useful = sorted((g for g in holders if g.get("role") in roles),
                    key=lambda g: nearest_first.get(g.get("scope_kind"), 4))
    for grant in useful:
        person = grant.get("user_id")
        theirs = [g for g in useful if g.get("user_id") == person] if person else [grant]
        reaches = may(theirs, action, partnerships)
        label = f"{grant.get('user_name') or 'someone'} ({grant['role']})"
        if reaches and label not in people:
            people.append(label)
    if people:
        text += " Ask " + _join(people[:4]) + "."
    else:
        text += " Ask a county admin to give someone that role."
    return text


def _where(partnership) -> str:
    if isinstance(partnership, Unplaced):
        return f"{partnership.name} (where schools have no partnership yet)"
    return f"the {partnership.name} partnership"


def _join(items: list[str], word: str = "or") -> str:
    return names_list(items, last=word)
