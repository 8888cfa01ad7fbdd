"""The speaker's own school, remembered when they say so ("I'm the head at Crookhorn"), so "we",
"us" and "our school" mean it; "forget my school" clears it. Kept in their UserState profile."""

from knowledge.answers import Answer, school_partnership

from .own_partnership import own_partnership_id
from .registry import handles

MY_SCHOOL = "my_school_id"


async def my_school(turn):
    return turn.directory.schools.get((await turn.profile()).get(MY_SCHOOL) or "")


async def my_school_name(turn) -> str:
    school = await my_school(turn)
    return school.name if school else ""


async def own_partnership_name(turn) -> str:
    """The speaker's partnership: the one they chair or last logged minutes for, else their school's."""
    partnership_id = await own_partnership_id(turn.services, turn.user_id, await turn.profile())
    school = await my_school(turn)
    if partnership_id is None and school is not None:
        partnership_id = school.partnership_id
    partnership = turn.directory.partnerships.get(partnership_id or "")
    return partnership.name if partnership else ""


@handles("set_my_school", topic="directory", who="anyone",
         examples=["I'm the head at Crookhorn"])
async def set_my_school(turn, schools=(), name="", **_):
    query = schools[0] if schools else name
    match = turn.directory.find_school(query) if query else None
    if match is None or match.status == "none":
        close = f" The closest I have: {'; '.join(s.name for s in match.suggestions[:3])}." if match and match.suggestions else ""
        await turn.say(Answer(f"I couldn't find that school.{close} Say, for example, 'I'm the head at Perins School'."))
        return
    if match.status == "ambiguous":
        names = "; ".join(f"{s.name} ({s.town})" for s in match.candidates[:5])
        await turn.say(Answer(f"Which one? I know {names}. Say 'I'm at' and the full name."))
        return
    school = match.best
    (await turn.profile())[MY_SCHOOL] = school.id
    answer = school_partnership(turn.directory, school)     # what they will want to know first
    answer.text += (f"\nI'll remember you're at {school.name}: 'we' and 'our school' mean it from now on. "
                    f"Say 'forget my school' to clear it.")
    answer.suggestions = ["who else is in our partnership?", "where does that come from?"]
    await turn.say(answer)


@handles("forget_my_school", topic="directory", who="anyone",
         examples=["forget my school"], in_help=False)
async def forget_my_school(turn, **_):
    school = await my_school(turn)
    (await turn.profile()).pop(MY_SCHOOL, None)
    if school is None:
        await turn.say(Answer("I don't have a school down for you, so there was nothing to forget."))
    else:
        await turn.say(Answer(f"Done: I've forgotten that you're at {school.name}. Tell me your school again "
                              f"whenever you like ('I'm at ...')."))


async def ask_which_school(turn) -> None:
    """'we' or 'our school' with no school remembered."""
    await turn.say(Answer("Which school are you at? Tell me once ('I'm the head at Perins School') and I'll "
                          "remember it, or ask with the school's name.",
                          suggestions=["which partnership is Perins School in?"]))
