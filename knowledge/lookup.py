"""Fuzzy finding of schools, partnerships, districts and places by what people type.

rapidfuzz does the fuzzy scoring; this module decides what counts as one clear match, several
plausible ones (ask which), or none (offer the closest).
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .model import School
from .text import POSTCODE, distinctive, simplify, simplify_postcode

CLEAR = 86         # at or above: a plausible match
CLOSE = 4          # plausible matches within this many points of the best are ambiguous
SUGGEST = 55       # at or above: worth offering when nothing matches


@dataclass
class SchoolMatch:
    query: str
    status: str                                  # found | ambiguous | none
    best: School | None = None
    candidates: list = field(default_factory=list)   # ambiguous: the plausible ones, best first
    suggestions: list = field(default_factory=list)  # none: the closest names


def _score(query: str, choice: str, **_) -> float:
    return max(fuzz.WRatio(query, choice), fuzz.token_set_ratio(query, choice) - 4)


# The two scorers of _score, each run natively over all names (a Python scorer called once per name
# is ten times slower with the whole county's 560 names); their best few are then combined.
SCORERS = ((fuzz.WRatio, 0), (fuzz.token_set_ratio, 4))


class SchoolFinder:
    def __init__(self, schools: list[School]):
        self.schools = schools
        # One entry per name a school goes by (its own, then its aliases); owner: the school's index.
        names = [(index, name) for index, s in enumerate(schools) for name in (s.name, *s.aliases)]
        self.owner = [index for index, _ in names]
        self.keys = [distinctive(name) or simplify(name) for _, name in names]
        self.keys_with_town = [f"{k} {simplify(schools[i].place)}" for k, i in zip(self.keys, self.owner)]
        self.full_names = [_without_the(simplify(name)) for _, name in names]
        self.by_full_name: dict[str, list[int]] = {}     # a name typed in full: no fuzzy search needed
        for owner, full in zip(self.owner, self.full_names):
            if owner not in self.by_full_name.setdefault(full, []):
                self.by_full_name[full].append(owner)
        self.by_key: dict[str, set[int]] = {}      # a name's distinctive words typed exactly ("crookhorn")
        for owner, key in zip(self.owner, self.keys):
            self.by_key.setdefault(key, set()).add(owner)
        self.by_urn = {s.urn: s for s in schools if s.urn}
        self.by_postcode: dict[str, list[School]] = {}
        for s in schools:
            if s.postcode:
                self.by_postcode.setdefault(simplify_postcode(s.postcode), []).append(s)

    def find(self, query: str) -> SchoolMatch:
        query = (query or "").strip()
        exact = self._exact(query)
        if exact is not None:
            return exact
        named = [self.schools[i] for i in self.by_full_name.get(_without_the(simplify(query)), [])]
        if len(named) == 1:         # "Perins School", "the Romsey School": no fuzzy search needed
            return SchoolMatch(query, "found", best=named[0])
        wanted = distinctive(query) or simplify(query)
        if len(wanted) < 3:
            # "in", "st", "a": too short to mean one school, and rapidfuzz finds them everywhere.
            return SchoolMatch(query, "none")
        owners = self.by_key.get(wanted, ())
        if len(owners) == 1 and not _kinds(query):
            # "Crookhorn", "court moor": one school's distinctive words exactly. The fuzzy search
            # would score it 100 and any other name at most 96 (a name with a word more), which is
            # not close enough to ask which; it costs 2-3 ms over the county's 560 names.
            return SchoolMatch(query, "found", best=self.schools[next(iter(owners))])
        return self.fuzzy_find(query, wanted)

    def called(self, words: str) -> list[School]:
        """The schools whose own name's distinctive words are `words`, from the same index as
        "Crookhorn" typed alone (`by_key`, which holds their aliases' words too)."""
        return [self.schools[i] for i in sorted(self.by_key.get(words, ()))
                if distinctive(self.schools[i].name) == words]

    def fuzzy_find(self, query: str, wanted: str) -> SchoolMatch:
        """The closest names by rapidfuzz (`wanted`: the query's distinctive words)."""
        scores = {}
        for keys in (self.keys, self.keys_with_town):
            for scorer, penalty in SCORERS:
                for _, score, entry in process.extract(wanted, keys, scorer=scorer, limit=12,
                                                       score_cutoff=SUGGEST - 5):
                    index = self.owner[entry]
                    scores[index] = max(scores.get(index, 0), score - penalty)
        # A name typed in full beats a fuzzy one.
        typed = _without_the(simplify(query))
        for entry, full in enumerate(self.full_names):
            if full == typed:
                scores[self.owner[entry]] = 101
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        wanted_kinds = _kinds(query)
        if wanted_kinds:
            # "South View infant" is the infant school, however close the junior school's name is.
            ranked = [r for r in ranked if wanted_kinds <= _school_kinds(self.schools[r[0]])] or ranked
        if not ranked or ranked[0][1] < CLEAR:
            suggestions = [self.schools[i] for i, s in ranked[:3] if s >= SUGGEST]
            return SchoolMatch(query, "none", suggestions=suggestions)
        top = ranked[0][1]
        if top > 100:
            exact = [self.schools[i] for i, s in ranked if s > 100]
            if len(exact) > 1:    # two schools of one name (St John the Baptist CE Primary)
                return SchoolMatch(query, "ambiguous", candidates=exact[:5])
            return SchoolMatch(query, "found", best=exact[0])
        plausible = _same_kind(query, [self.schools[i] for i, s in ranked if s >= CLEAR and top - s < CLOSE])
        if len(plausible) == 1:
            return SchoolMatch(query, "found", best=plausible[0])
        return SchoolMatch(query, "ambiguous", candidates=plausible[:5])

    def _exact(self, query: str) -> SchoolMatch | None:
        urn = re.fullmatch(r"(?:urn\s*)?(\d{6})", query.lower())
        if urn:
            school = self.by_urn.get(urn.group(1))
            if school:
                return SchoolMatch(query, "found", best=school)
            return SchoolMatch(query, "none")
        postcode = POSTCODE.search(query)
        if postcode:
            schools = self.by_postcode.get(simplify_postcode(postcode.group(0)), [])
            if len(schools) == 1:
                return SchoolMatch(query, "found", best=schools[0])
            if schools:
                return SchoolMatch(query, "ambiguous", candidates=schools[:5])
        return None


def _without_the(name: str) -> str:
    return name[4:] if name.startswith("the ") else name


KIND_WORDS = {"infant": "infant", "infants": "infant", "junior": "junior", "juniors": "junior",
              "primary": "primary", "nursery": "nursery", "secondary": "secondary", "college": "college",
              "special": "special"}


def _kinds(text: str) -> set:
    return {KIND_WORDS[w] for w in simplify(text).split() if w in KIND_WORDS}


def _same_kind(query: str, schools: list) -> list:
    """'Horndean junior' means the junior school, not the infant school next door: when the
    question names a kind of school, keep the schools of that kind, if any."""
    wanted = _kinds(query)
    if not wanted:
        return schools
    return [s for s in schools if wanted <= _school_kinds(s)] or schools


def _school_kinds(school: School) -> set:
    """What kind of school it is, by its name or its phase ('Boorley Park' is a primary school)."""
    return _kinds(f"{school.name} {school.phase}")


class NameFinder:
    """Finds one of a small set of named things (partnerships, districts, places) by any of its names."""

    def __init__(self, names_by_key: dict[str, list[str]], threshold: int = 88):
        self.threshold = threshold
        self.keys = []
        self.names = []
        for key, names in names_by_key.items():
            for name in names:
                self.keys.append(key)
                self.names.append(simplify(name))

    def best(self, query: str) -> str | None:
        wanted = simplify(query)
        if not wanted:
            return None
        for key, name in zip(self.keys, self.names):
            if name == wanted:
                return key
        found = process.extractOne(wanted, self.names, scorer=fuzz.ratio, score_cutoff=self.threshold)
        return self.keys[found[2]] if found else None
