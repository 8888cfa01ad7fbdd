"""Answering about one school or place by name: which partnership, with "Yes." or "No." first when
the question named one ("is Horndean in Havant?"); asks which school when several match. Used by
the directory questions and the checking questions."""

import re

from knowledge import answers
from knowledge.text import simplify

SCHOOL_WORDS = ("school", "college", "academy", "infant", "junior", "primary", "urn")


# The first half of a postcode, 'PO8' or 'SO24': a question about the schools there.
OUTWARD_CODE = re.compile(r"[A-Za-z]{1,2}\d[A-Za-z\d]?")


def looks_like_a_school(name: str) -> bool:
    words = simplify(name).split()
    return any(w in words for w in SCHOOL_WORDS) or any(ch.isdigit() for ch in name)


async def about_school(turn, name: str, then: str, asked_in: str = ""):
    """Answer about the school (or place) called `name`; `asked_in` is Y in "is <name> in Y?"."""
    directory = turn.directory
    if OUTWARD_CODE.fullmatch(name.strip()):
        await turn.say(answers.postcode_district(directory, name))
        return
    place = None if looks_like_a_school(name) or school_known_as(directory, name) else exact_place(directory, name)
    if place is not None:
        await turn.say(place_answer(directory, place, asked_in))
        return
    match = directory.find_school(name)
    if match.status == "found":
        answer = answers.school_partnership(directory, match.best) if then == "school_partnership" \
            else answers.college_host(directory, match.best)
        answer.text = yes_or_no(directory, match.best.partnership_id, match.best.district, asked_in) + answer.text
        await turn.say(answer)
    elif match.status == "ambiguous":
        await turn.begin("choose_school", {"query": name, "school_ids": [s.id for s in match.candidates],
                                           "then": then})
    else:
        place = directory.find_place(name)
        if place is not None:
            await turn.say(place_answer(directory, place, asked_in))
        else:
            await turn.say(answers.school_not_found(name, match.suggestions, directory))


def place_answer(directory, place, asked_in: str) -> answers.Answer:
    answer = answers.place_coverage(directory, place)
    answer.text = yes_or_no(directory, directory.place_partnership(place), place.district, asked_in) + answer.text
    return answer


def yes_or_no(directory, partnership_id: str | None, district: str, asked_in: str) -> str:
    """"Yes. " or "No. " before the answer to "is X in Y?" when Y is one partnership or district and
    the answer is clear; nothing when Y offers a choice ("Havant or East Hants") or when X's district
    and its partnership's district differ (Horndean), where the answer itself explains."""
    if not asked_in or " or " in f" {simplify(asked_in)} ":
        return ""
    partnership = directory.find_partnership(asked_in)
    if partnership is not None:
        return "Yes. " if partnership.id == partnership_id else "No. "
    named = directory.find_district(asked_in)
    if named is None:
        return ""
    in_district = named.name == district
    in_its_partnership = partnership_id is not None and directory.partnerships[partnership_id].district == named.name
    if in_district != in_its_partnership:
        return ""
    return "Yes. " if in_district else "No. "


def school_known_as(directory, name):
    """The one school people call by this name, when that name is not also its own town:
    'Crookhorn' means Crookhorn College (in Waterlooville) rather than the place Crookhorn, while
    'Alton' still means the town, though Alton College is there."""
    wanted = simplify(name)
    known = [s for s in directory.schools_called(wanted)
             if wanted not in (simplify(s.town), simplify(s.locality))]
    return known[0] if len(known) == 1 else None


def exact_place(directory, name):
    return directory.places.get(simplify(name)) or (
        directory.find_place(name) if directory.find_school(name).status != "found" else None)
