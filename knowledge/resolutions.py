"""Governors' resolutions of cooperation, school by school.

The Director's letter of January 2010: "I have asked Clerks to Governing Bodies to ensure there is
an item on each school Full Governing Body meeting before the end of term, on the 2nd April 2010,
in order that Governors can consider a resolution of cooperation in the revised local arrangements."

A resolution (as stored by storage/resolutions.py), one per school:
    {"id": <school id>, "school_id", "partnership_id" (when recorded), "passed_on": "2010-03-25",
     "recorded_by", "recorded_by_name", "recorded_at", "history": [{"by", "by_name", "at", "what", "change_id"}]}

    pending(directory.schools_in("gosport"), resolutions)   -> the schools still to pass it
    pending_text(...), school_resolution_text(...), pending_by_partnership(directory, resolutions)
Plain Python: no botbuilder, no storage.
"""

import re

from .dates import short_british
from .wording import and_list

DEADLINE_ID = "governors-resolution-2010"       # the seed deadline in knowledge/data/deadlines.yaml
DUE = "2010-04-02"
MET_BY = "governors_resolutions"                 # a deadline's met_by: done for a partnership once all pass


def passed(resolutions: list[dict], on_or_before: str | None = None) -> dict[str, dict]:
    """School id -> its resolution, for those passed (by a date, if given)."""
    return {r["school_id"]: r for r in resolutions
            if r.get("passed_on") and (on_or_before is None or r["passed_on"] <= on_or_before)}


def pending(schools: list, resolutions: list[dict], on_or_before: str | None = None) -> list:
    """The schools (objects with .id and .name) whose governors have not passed it, by name."""
    done = passed(resolutions, on_or_before)
    return sorted((s for s in schools if s.id not in done), key=lambda s: s.name)


def pending_by_partnership(directory, resolutions: list[dict]) -> dict[str, list[str]]:
    """Partnership id -> names of its schools still to pass it (every partnership with schools)."""
    found = {}
    for pid in directory.partnerships:
        schools = directory.schools_in(pid)
        if schools:
            found[pid] = [s.name for s in pending(schools, resolutions)]
    return found



def pending_text(partnership_name: str, schools: list, resolutions: list[dict]) -> str:
    """'Which Gosport schools haven't passed it yet?'"""
    if not schools:
        return (f"The directory lists no schools in {partnership_name} yet, so there are no resolutions to "
                f"follow. A coordinator can move schools into it.")
    waiting = pending(schools, resolutions)
    done = len(schools) - len(waiting)
    if not waiting:
        return (f"All {len(schools)} {partnership_name} schools' governors have passed the resolution of "
                f"cooperation. The letter asked for it by {short_british(DUE)}.")
    text = (f"{done} of {len(schools)} {partnership_name} schools have passed the resolution of cooperation. "
            f"Still to pass it: {and_list([s.name for s in waiting])}.")
    return text + (f" The letter asked governors to consider it by {short_british(DUE)}. To record one, say "
                   f"for example '{waiting[0].name} governors passed the resolution on 25 March'.")


def school_resolution_text(school, resolution: dict | None) -> str:
    if not resolution or not resolution.get("passed_on"):
        return f"No resolution of cooperation is recorded for {school.name}'s governors yet."
    text = f"{school.name}'s governors passed the resolution of cooperation on {short_british(resolution['passed_on'])}"
    if resolution.get("recorded_by_name"):
        text += f" (recorded by {resolution['recorded_by_name']})"
    return text + "."


# ---- what a chair types ------------------------------------------------------------------------------

_LEAD = re.compile(r"^(?:please\s+)?(?:can you\s+)?(?:record|log|note|mark|add)(?:\s+that)?\s*(?::\s*)?", re.I)
_WHEN = re.compile(r"(?:,\s*|\s+)(?:on\s+(?:the\s+)?|dated\s+|at their meeting on\s+|at (?:our|the|their) "
                   r"governors'? meeting on\s+)?(?P<when>yesterday|today|last night|this morning|last \w+|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                   r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{1,2}(?:st|nd|rd|th)?(?: of)?(?: [a-z]{3,9}(?: \d{4})?)?|"
                   r"[a-z]{3,9} \d{1,2}(?:st|nd|rd|th)?(?: \d{4})?)$", re.I)
_BODY = r"(?:governors|governing body|full governing body|fgb|gb|board of governors)"
_VERB = r"(?:passed|agreed|approved|adopted|signed(?: off)?|voted for|considered|resolved|went through|done|has|have)"
_SCHOOL = [
    re.compile(rf"^(?:the\s+)?{_BODY}\s+(?:at|of|for)\s+(?P<school>.+?)\s+(?:have\s+|has\s+)?(?:now\s+)?{_VERB}\b", re.I),
    re.compile(r"\bresolution(?: of co-?operation)?\s+(?:passed|agreed|approved|done|signed|went through)\s+"
               r"(?:at|for|by)\s+(?:the\s+)?(?:governors\s+at\s+)?(?P<school>.+)$", re.I),
    re.compile(rf"\bresolution(?: of co-?operation)? (?:agreed|passed|approved) by {_BODY} (?:at|of) (?P<school>.+)$", re.I),
    re.compile(r"\bresolution(?: of co-?operation)?\s*(?:for|at|:)\s*(?P<school>.+)$", re.I),
    re.compile(r"\bas passed (?:for|at) (?P<school>.+)$", re.I),
    re.compile(rf"\bresolution went through at (?P<school>.+)$", re.I),
    re.compile(rf"^(?:the\s+)?(?P<school>.+?)(?:'s|s'|’s)?\s+{_BODY}\b", re.I),
    re.compile(rf"^(?:the\s+)?(?P<school>.+?)(?:'s|’s)?\s+(?:has\s+|have\s+)?(?:now\s+)?(?:formally\s+)?"
               rf"(?:passed|agreed|approved|adopted|signed|voted|considered|resolution)\b", re.I),
]
SELF = {"we", "our", "us", "my", "our school", "my school", "our governors", "we've", "weve"}


def read_resolution(text: str) -> tuple[str, str]:
    """(the school as typed, the date as typed) from 'Bay House governors passed the resolution on
    25 March'; either may be '' when not said. 'we'/'our' come back as the school 'our'."""
    said = " ".join((text or "").split()).strip(" .!?")
    said = _LEAD.sub("", said)
    said = re.sub(r"^(?:that\s+)", "", said, flags=re.I)
    when = ""
    found = _WHEN.search(said)
    if found and re.search(r"\d|yesterday|today|night|morning|last |day$", found.group("when"), re.I):
        when = found.group("when")
        said = said[:found.start()].strip(" ,")
    said = re.sub(r"\s+(?:of co-?operation|by (?:the )?governors)$", "", said, flags=re.I)
    for pattern in _SCHOOL:
        match = pattern.search(said)
        if match:
            school = match.group("school").strip(" ,.:;'")
            school = re.sub(r"(?:\s+(?:dated|on)|,?\s+passed|'s fgb|'s governors)$", "", school, flags=re.I)
            if school.lower() in SELF or school.lower().split()[0] in ("we", "our", "my"):
                return "our", when
            return school, when
    return "", when
