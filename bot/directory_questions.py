"""Answers to questions about the directory and the documents: one function per intent."""

import re

from knowledge import answers
from knowledge.text import distinctive, names_list, simplify
from knowledge.wording import partnership_names, unknown_scope

from .permissions import grants_of
from .registry import TOPICS, all_intents, handles
from .school_answers import OUTWARD_CODE, about_school, looks_like_a_school, place_answer



def what_i_can_do(topics=("directory", "minutes", "cycle", "deadlines", "roles")) -> list[str]:
    """Lines of examples, one per intent, under a heading per topic, as the handlers declare them."""
    lines = []
    for topic in topics:
        examples = [f"- {i.examples[0]}" for i in all_intents() if i.in_help and i.topic == topic]
        if examples:
            lines += [TOPICS[topic], *examples]
    return lines


@handles("help", topic="conversation", who="anyone",
         examples=["help", "what can you do?"], in_help=False)
async def help_text(turn, **_):
    lines = ["I can tell you about Hampshire's local children's partnerships. Try:", *what_i_can_do()]
    lines.append("I answer from the council's 2010 papers and say how sure each answer is.")
    await turn.say(answers.Answer("\n".join(lines), suggestions=[
        "which partnership is Perins School in?", "which partnership covers Horndean?",
        "what must we do by July?"]))


@handles("school_partnership", topic="directory", who="anyone",
         examples=["which partnership is Perins School in?", "what partnership does Crookhorn belong to?"])
async def school_partnership(turn, name="", **_):
    """Which partnership a school is in; a bare place name is answered as a place."""
    await about_school(turn, name, then="school_partnership")


@handles("place_partnership", topic="directory", who="anyone",
         examples=["which partnership covers Horndean?", "is Horndean in Havant or East Hants?"])
async def place(turn, name="", rest="", **_):
    directory = turn.directory
    found = directory.find_place(name)
    if found is not None and not looks_like_a_school(name):
        await turn.say(place_answer(directory, found, rest))
        return
    await about_school(turn, name, then="school_partnership", asked_in=rest)


@handles("partnership_members", topic="directory", who="anyone",
         examples=["who else is in Havant West?", "which schools are in Gosport?"])
async def schools_in(turn, name="", **_):
    """Who is in a partnership, named directly or through a district, area, school or place."""
    directory = turn.directory
    if OUTWARD_CODE.fullmatch(name.strip()):
        await turn.say(answers.postcode_district(directory, name))
        return
    partnership = directory.find_partnership(name)
    if partnership is not None:
        await turn.say(answers.partnership_members(directory, partnership))
        return
    district_or_area = _district_or_area(directory, name)
    if district_or_area is not None:
        await turn.say(district_or_area)
        return
    name = name.removesuffix("'s").removesuffix("s'")
    match = directory.find_school(name)
    if match.status == "found" and match.best.partnership_id:
        await turn.say(answers.partnership_members(directory, directory.partnerships[match.best.partnership_id]))
        return
    found_place = directory.find_place(name)
    if found_place is not None and directory.place_partnership(found_place):
        await turn.say(answers.partnership_members(
            directory, directory.partnerships[directory.place_partnership(found_place)]))
        return
    await turn.say(_unknown_partnership(directory, name))


_COUNTS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}


@handles("partnerships_in", topic="directory", who="anyone",
         examples=["which partnerships are in East Hampshire?", "partnerships in South Hampshire"])
async def partnerships_in(turn, name="", text="", **_):
    directory = turn.directory
    district_or_area = _district_or_area(directory, name)
    if district_or_area is not None:
        listed = sum(line.startswith("- ") for line in district_or_area.text.splitlines())
        if listed and re.search(r"\bhow many\b", text, re.I):     # "how many partnerships does Test Valley have?"
            district_or_area.text = f"{_COUNTS.get(listed, str(listed))}. " + district_or_area.text
        await turn.say(district_or_area)
        return
    if simplify(name) in ("hampshire", "the county", "county"):
        lines = [answers.area_partnerships(directory, a).text for a in directory.areas]
        await turn.say(answers.Answer("\n\n".join(lines)))
        return
    await turn.say(_unknown_partnership(directory, name))


@handles("college_host", topic="directory", who="anyone",
         examples=["what is Alton College's host partnership?"])
async def college_host(turn, name="", **_):
    await about_school(turn, name, then="college_host")


@handles("where_from", topic="directory", who="anyone",
         examples=["where does that come from?"])
async def where_from(turn, **_):
    await turn.say(answers.where_from(turn.directory, turn.last_sources()))


@handles("partnership_count", topic="directory", who="anyone",
         examples=["how many partnerships will there be?"])
async def partnership_count(turn, **_):
    await turn.say(answers.fact(turn.directory, "partnership_count"))


@handles("core_members", topic="directory", who="anyone",
         examples=["who should be a core member of a local partnership?"])
async def core_members(turn, **_):
    await turn.say(answers.fact(turn.directory, "core_membership"))


@handles("statutory_partners", topic="directory", who="anyone",
         examples=["who has a statutory duty to cooperate?"])
async def statutory_partners(turn, **_):
    await turn.say(answers.fact(turn.directory, "statutory_partners"))


@handles("first_year", topic="directory", who="anyone",
         examples=["what must we do by July?"])
async def first_year(turn, **_):
    await turn.say(answers.fact(turn.directory, "first_year"))


@handles("timetable", topic="directory", who="anyone",
         examples=["what is the timetable?"])
async def timetable(turn, **_):
    await turn.say(answers.fact(turn.directory, "timetable"))


@handles("steering_groups", topic="directory", who="anyone",
         examples=["what is a steering group?"])
async def steering_groups(turn, **_):
    await turn.say(answers.fact(turn.directory, "steering_groups"))


def _district_or_area(directory, name) -> answers.Answer | None:
    """The partnerships of the district or area called `name`, if it names one."""
    district = directory.find_district(name)
    if district is not None:
        return answers.district_partnerships(directory, district.name)
    area = directory.find_area(name)
    if area is not None:
        return answers.area_partnerships(directory, area.id)
    return None


def _names_a_partnership_or_district(directory, name) -> bool:
    wanted = simplify(name)
    names = [n for p in directory.partnerships.values() for n in (p.name, *p.aliases)]
    names += [n for d in directory.districts.values() for n in (d.name, *d.aliases)]
    names += [a.name for a in directory.areas.values()]
    if not any(simplify(n) == wanted for n in names):
        return False
    # "Romsey" is The Romsey School; "Havant West" is the partnership, not Havant Academy, which a
    # lookup forgiving a misspelling would find.
    school = directory.find_school(name)
    return school.status != "found" or wanted not in {
        simplify(n) for n in (school.best.name, *school.best.aliases)} | {distinctive(school.best.name)}


def _unknown_partnership(directory, name):
    return answers.Answer(unknown_scope(name, partnership_names(directory)))


@handles("move_school", topic="roles", who="coordinators",
         examples=["move Test Valley School to Romsey"])
async def move_school(turn, name="", partnership="", **_):
    directory = turn.directory
    if not partnership:
        await turn.say(answers.Answer(f"Which partnership should {name} move to? Say, for example, "
                                      f"'move {name} to Havant East'."))
        return
    target = directory.find_partnership(partnership)
    if target is None:
        await turn.say(_unknown_partnership(directory, partnership))
        return
    match = directory.find_school(name)
    if match.status == "found":
        await turn.begin("move_school", {"school_id": match.best.id, "partnership_id": target.id})
    elif match.status == "ambiguous":
        await turn.begin("choose_school", {"query": name, "school_ids": [s.id for s in match.candidates],
                                           "then": "move_school", "partnership_id": target.id})
    else:
        await turn.say(answers.school_not_found(name, match.suggestions, directory))


async def not_understood(turn, name="", **_):
    """No pattern matched: a school or place name on its own still gets an answer."""
    directory = turn.directory
    if name:
        if OUTWARD_CODE.fullmatch(name.strip()):
            await turn.say(answers.postcode_district(directory, name))
            return
        if _names_a_partnership_or_district(directory, name):
            # "Hart" is the district, not Hart Plain Infant School.
            partnership = directory.find_partnership(name)
            await turn.say(answers.partnership_members(directory, partnership) if partnership is not None
                           else _district_or_area(directory, name))
            return
        if directory.find_school(name).status in ("found", "ambiguous") or directory.find_place(name):
            await about_school(turn, name, then="school_partnership")
            return
        partnership = directory.find_partnership(name)
        if partnership is not None:
            await turn.say(answers.partnership_members(directory, partnership))
            return
        district_or_area = _district_or_area(directory, name)
        if district_or_area is not None:
            await turn.say(district_or_area)
            return
    await turn.say(answers.Answer(NOT_UNDERSTOOD, suggestions=["help", *await suggestions_for(turn)]))


# At most four lines: what went wrong, what the bot knows, and that a name alone works.
NOT_UNDERSTOOD = (
    "Sorry, I didn't understand that.\n"
    "I know Hampshire's local children's partnerships: which one a school or place is in, who is in each, "
    "and their meetings, actions and deadlines.\n"
    "A school, town or partnership name on its own works too. Say 'help' for everything I do.")

# Two things to try, by the speaker's role (the first they hold, in this order): the first example
# each of these intents declares.
SUGGESTED = [("admin", ["list_roles", "grant_role"]),
             ("chair", ["log_meeting", "open_actions"]),
             ("coordinator", ["whats_due_next", "subscribe"]),
             ("", ["school_partnership", "place_partnership"])]


async def suggestions_for(turn) -> list[str]:
    held = {g.role for g in await grants_of(turn.services, turn.user_id)}
    names = next(intents for role, intents in SUGGESTED if not role or role in held)
    examples = {i.name: i.examples[0] for i in all_intents()}
    return [examples[name] for name in names if name in examples]
