"""Which partnership is "ours" for the person speaking: the one they chair, else the one they
last logged minutes for (kept in their UserState profile). None when we cannot tell: then ask."""

from .permissions import grants_of

PROFILE_KEY = "partnership_id"


async def own_partnership_id(services, user_id: str, profile: dict | None) -> str | None:
    chaired = {g.scope_id for g in await grants_of(services, user_id)
               if g.role == "chair" and g.scope_kind == "partnership"}
    if len(chaired) == 1:
        found = next(iter(chaired))
        if found in services.directory.partnerships:
            return found
    remembered = (profile or {}).get(PROFILE_KEY)
    return remembered if remembered in services.directory.partnerships else None


def remember_partnership(profile: dict, partnership_id: str) -> None:
    profile[PROFILE_KEY] = partnership_id
