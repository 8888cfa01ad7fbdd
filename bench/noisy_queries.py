"""Noisy ways people type a school's name, generated from the real school list.

Every query carries the id of the school it means, so a lookup can be marked right or wrong.
Deterministic: the same list and seed give the same queries.
"""

import random
import re
from dataclasses import dataclass

from knowledge.model import School

KINDS = ("lower case", "typo", "St/Saint", "no 'School'", "C of E", "town appended", "truncated",
         "short with kind")

# How a primary head shortens a name: "Kempshott juniors", "St Peters CE junior", "Cadland primary".
SHORT_KIND = {"Infant": ("infant", "infants"), "Junior": ("junior", "juniors"), "Primary": ("primary",)}


@dataclass(frozen=True)
class Query:
    text: str
    school_id: str
    kind: str


def _typo(name: str, rng: random.Random) -> str:
    """One slip of the finger (swap, drop, double or wrong letter) in a word of 4+ letters."""
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return name
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    slip = rng.choice(("swap", "drop", "double", "wrong"))
    if slip == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    elif slip == "drop":
        word = word[:at] + word[at + 1:]
    elif slip == "double":
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[:at] + rng.choice("abcdefghijklmnopqrstuvwxyz".replace(word[at].lower(), "")) + word[at + 1:]
    words[i] = word
    return " ".join(words)


def _saint(name: str) -> str | None:
    if re.search(r"\bSt\b\.?", name):
        return re.sub(r"\bSt\b\.?", "Saint", name)
    if re.search(r"\bSaint\b", name):
        return re.sub(r"\bSaint\b", "St", name)
    return None


def _church(name: str) -> str:
    """'C of E' in the form people type it: swapped for CE/Church of England, else added."""
    for written in ("Church of England", "CE"):
        if re.search(rf"\b{written}\b", name):
            return re.sub(rf"\b{written}\b", "C of E", name)
    if name.endswith(" School"):
        return name[: -len(" School")] + " C of E School"
    return name + " C of E"


def _short_with_kind(name: str, kind: str) -> str:
    """The name up to its first kind word, without 'School', 'Church of England' said as 'CE' and
    apostrophes dropped, then the kind: 'St Peter's Church of England Junior School' -> 'St Peters CE junior'."""
    short = re.split(r"\b(?:Infant|Infants|Junior|Primary|Community|Nursery|School)\b", name)[0]
    short = re.sub(r"\bChurch of England\b|\bC of E\b|\bCofE\b", "CE", short)
    short = re.sub(r"\b(?:Aided|Controlled|Voluntary)\b", "", short).replace("'", "").replace("’", "")
    return " ".join([*short.split(), kind])


def queries_for(school: School, rng: random.Random) -> list[Query]:
    name = school.name
    found = [Query(name.lower(), school.id, "lower case")]
    found += [Query(_typo(name, rng), school.id, "typo") for _ in range(2)]
    saint = _saint(name)
    if saint:
        found.append(Query(saint, school.id, "St/Saint"))
    without = re.sub(r"\s*\bSchool\b", "", name).strip()
    if without and without != name:
        found.append(Query(without, school.id, "no 'School'"))
    found.append(Query(_church(name), school.id, "C of E"))
    if school.town and school.town.lower() not in name.lower():
        found.append(Query(f"{name} {school.town}", school.id, "town appended"))
    if school.phase in SHORT_KIND:
        found.append(Query(_short_with_kind(name, rng.choice(SHORT_KIND[school.phase])), school.id,
                           "short with kind"))
    words = name.split()
    if len(words) > 1:
        cut = max(len(words[0]) + 3, int(len(name) * 0.6))
        found.append(Query(name[:cut].rstrip(), school.id, "truncated"))
    return found


def noisy_queries(schools: list[School], seed: int = 7) -> list[Query]:
    rng = random.Random(seed)
    found = []
    for school in sorted(schools, key=lambda s: s.id):
        found += queries_for(school, rng)
    return found
