"""Questions that check or compare: are two schools in the same partnership, is X in Y (correcting a
wrong premise), why is a school where it is, and who chairs a partnership."""

from knowledge.answers import Answer, school_partnership
from knowledge.text import names_list


from .school_answers import about_school
from .permissions import all_grants
from .registry import handles


def _partnership_of(directory, name: str):
    """(what it is called, its partnership or None, how it was found) for a school or place name."""
    match = directory.find_school(name)
    if match.status == "found":
        school = match.best
        return school.name, directory.partnerships.get(school.partnership_id or ""), "school"
    place = directory.find_place(name)
    if place is not None:
        return place.name, directory.partnerships.get(directory.place_partnership(place) or ""), "place"
    return name, None, "unknown"


@handles("same_partnership", topic="directory", who="anyone",
         examples=["are Robert May's and Calthorpe Park in the same partnership?"])
async def same_partnership(turn, schools=(), places=(), **_):
    names = list(schools) + list(places)
    if len(names) < 2:
        await turn.say(Answer("Which two schools or places? For example: 'are Robert May's and Calthorpe Park "
                              "in the same partnership?'"))
        return
    found = [_partnership_of(turn.directory, n) for n in names[:2]]
    unknown = [n for n, _, how in found if how == "unknown"]
    if unknown:
        await turn.say(Answer(f"I couldn't find a school or place called '{unknown[0]}'."))
        return
    (first, one, _), (second, other, _) = found
    if one is None or other is None:
        missing = first if one is None else second
        await turn.say(Answer(f"I can't say yet: {missing} has no partnership yet."))
        return
    if one.id == other.id:
        text = f"Yes: {first} and {second} are both in the {one.name} partnership."
    else:
        text = f"No: {first} is in the {one.name} partnership and {second} is in {other.name}."
    await turn.say(Answer(text, suggestions=[f"who else is in {one.name}?"]))


@handles("check_premise", topic="directory", who="anyone",
         examples=["is Crookhorn in Havant East?"], in_help=False)
async def check_premise(turn, schools=(), places=(), partnerships=(), districts=(), **_):
    """'Bohunt is in the Alton partnership, isn't it?': yes or no, then the answer with its reason."""
    subject = (list(schools) + list(places))[:1]
    claimed = (list(partnerships) + list(districts) + list(places[1:]))[:1]
    if not subject:
        await turn.say(Answer("Which school or place do you mean? For example: 'is Horndean in Havant?'"))
        return
    await about_school(turn, subject[0], then="school_partnership", asked_in=claimed[0] if claimed else "")


@handles("why_placed", topic="directory", who="anyone",
         examples=["why is Purbrook Park School in Havant West?"])
async def why_placed(turn, schools=(), places=(), **_):
    directory = turn.directory
    name = (list(schools) + list(places))[:1]
    if not name:
        await turn.say(Answer("Which school or place? For example: 'why is Purbrook Park School in Havant West?'"))
        return
    match = directory.find_school(name[0])
    if match.status != "found":
        await about_school(turn, name[0], then="school_partnership")
        return
    answer = school_partnership(directory, match.best)
    reason = match.best.reason
    if reason and reason not in answer.text:
        answer.text += f" The reason: {reason}."
    await turn.say(answer)


@handles("who_chairs", topic="directory", who="anyone",
         examples=["who chairs Gosport?"])
async def who_chairs(turn, partnerships=(), **_):
    directory = turn.directory
    partnership = directory.find_partnership(partnerships[0]) if partnerships else None
    if partnership is None:
        await turn.say(Answer("Which partnership? For example: 'who chairs Gosport?'"))
        return
    chairs = [g.user_name for g in await all_grants(turn.services)
              if g.role == "chair" and g.scope_kind == "partnership" and g.scope_id == partnership.id]
    if chairs:
        await turn.say(Answer(f"The {partnership.name} partnership's chair: {names_list(chairs)}."))
    else:
        await turn.say(Answer(f"No chair of {partnership.name} is recorded here yet. An admin can say "
                              f"'make Sam Jones chair of {partnership.name}'."))
