"""Entities first: every school, place, partnership, district and area a sentence names, with
dates, numbers, roles, people and the speaker's own "we" / "our school".

Exact names and aliases are found in one pass by an Aho-Corasick automaton over the sentence's
words (whole words only); misspelt names by rapidfuzz over short windows of words that are not
ordinary English for this bot. A whole sentence is never fuzzy-matched against school names.

    finder = EntityFinder(directory, today)
    finder.find("which LCP is Perins in?")  -> [Entity(kind="school", value="Perins School", ...)]
"""

import re
from dataclasses import dataclass, field
from datetime import date

import ahocorasick
from rapidfuzz import fuzz, process

from ..attendance import core_partners
from ..dates import find_dates
from ..meeting_types import meeting_types
from ..text import GENERIC_WORDS, POSTCODE, distinctive, simplify

# Kinds whose value is a thing in the directory, and the word a masked sentence shows for it.
MASKS = {"school": "SCHOOL", "place": "PLACE", "partnership": "PARTNERSHIP", "district": "DISTRICT",
         "area": "AREA", "date": "DATE", "person": "PERSON", "action_number": "NUMBER", "count": "NUMBER"}

# Words that follow a school's distinctive name and belong to it ("Horndean Tech College").
SCHOOL_WORDS = {"school", "schools", "infant", "infants", "junior", "juniors", "primary", "college",
                "academy", "community", "tech", "technology", "secondary", "ce", "catholic", "c",
                "of", "e", "church", "england", "sixth", "form", "va", "vc", "foundation", "high",
                "church", "nursery", "and", "the"}
# The words a school's name found is extended over ("Perins School"): not "and", "the" or "of".
SCHOOL_WORDS_AFTER = SCHOOL_WORDS - {"and", "the", "of"}
SCHOOL_KIND_WORDS = {"school", "infant", "infants", "junior", "juniors", "primary", "college",
                     "academy", "tech", "technology", "secondary", "high"}
PARTNERSHIP_WORDS = {"partnership", "partnerships", "lcp", "lcps", "one", "cluster", "meeting", "mtg",
                     "group", "chair", "coordinator", "partnerships"}
DISTRICT_WORDS = {"district", "council", "borough"}
# Which kind a name is taken for first when the words around it do not say (a school's full name
# goes before all of these).
KIND_ORDER = {"partnership": 0, "district": 1, "area": 2, "place": 3, "school": 4}

ROLE_WORDS = {"admin": "admin", "admins": "admin", "administrator": "admin",
              "coordinator": "coordinator", "coordinators": "coordinator", "co-ordinator": "coordinator",
              "coordinater": "coordinator", "co-ordinators": "coordinator", "coord": "coordinator",
              "chair": "chair", "chairs": "chair", "chairman": "chair", "chairperson": "chair",
              "chairwoman": "chair", "chairing": "chair", "chaired": "chair", "coordinates": "coordinator",
              "coordinating": "coordinator", "co-ordinating": "coordinator", "co-ordinates": "coordinator",
              "member": "member", "members": "member"}

SELF_PATTERN = re.compile(
    r"\b(?:(?P<owned>(?:my|our)\s+(?:own\s+)?(?:school|partnership|lcp|district|area|cluster))"
    r"|(?P<word>we|us|our|ours))\b", re.I)

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2,
                "a few": 3, "few": 3}
SPAN_OF_DAYS = re.compile(
    r"\b(?P<number>a couple of|couple of|a few|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|an?(?=\s+(?:day|week|fortnight)))\s+(?:more\s+|extra\s+)?"
    r"(?P<unit>days?|weeks?|fortnight|priorities|areas|key areas|partnerships|actions|schools)\b", re.I)

TITLES = {"dr", "mr", "mrs", "ms", "miss", "cllr", "prof", "rev"}
DROPPED_TITLES = {"pcso", "pc", "sgt", "insp"}

FUZZY_FLOOR = 86        # rapidfuzz ratio at or above which a misspelt window is taken as the name
WORD = re.compile(r"[^\W_][\w'’\-]*[^\W_]|[^\W_]|&")
URN = re.compile(r"\b(?:urn\s*:?\s*)?(\d{6})\b", re.I)
NUMBER = re.compile(r"(?P<lead>\b(?:actions?|no\.?|number|item|#)\s*)?#?(?<![\w/.\-])(?P<n>\d{1,3})\b(?![/.\-]\d)"
                    r"(?P<tail>(?:st|nd|rd|th)?\s+\w+)?", re.I)
DIGIT = re.compile(r"\d")      # as the patterns' \d: any decimal digit, not only 0-9

# Most sentences have no number, no span of days and no "we": a look for the text each pattern
# cannot match without (a microsecond) spares them the pattern, tried at every letter. The
# patterns ignore case, and re.I takes a few other letters for plain ones ('ſ' for 's', the Kelvin
# sign for 'k'): a sentence with any letter beyond ASCII is always searched.
SPAN_HINTS = ("day", "week", "fortnight", "priorities", "areas", "partnerships", "actions", "schools")
SELF_HINTS = ("we", "us", "our", "my")


@dataclass
class Entity:
    kind: str           # school | place | partnership | district | area | date | person | role |
                        # action_number | count | self | deadline | core_partner | meeting_type
    value: object       # the canonical name, a date, a number, a role, the self words as typed
    text: str           # what was typed
    start: int
    end: int
    id: str = ""        # the directory's id (schools, partnerships, areas), or the name
    score: int = 100    # 100 exact, less when a misspelling was forgiven
    alternatives: list = field(default_factory=list)   # other kinds this name could be: [(kind, value, id)]
    key: str = ""       # the directory name it matched, simplified
    cued: bool = False  # the words beside it said which kind ("the Havant partnership")


@dataclass(slots=True)
class _Token:
    text: str
    norm: str
    start: int
    end: int


class EntityFinder:
    def __init__(self, directory, today: date, common_words: set | None = None):
        self.directory = directory
        self.today = today
        self.common = common_words or set()
        self._names: dict[str, list] = {}        # simplified name -> [(kind, value, id, exactness)]
        self._add_directory_names()
        self._automaton = ahocorasick.Automaton()
        for key in self._names:
            self._automaton.add_word(f" {key} ", key)
        self._automaton.make_automaton()
        # Core partner categories ("the police", "YOT") and kinds of meeting ("steering group"): their
        # own automaton, as they never mask a name. Single words too loose to mean one are left out.
        self._categories = ahocorasick.Automaton()
        for partner in core_partners():
            for word in partner.keywords:
                self._categories.add_word(f" {word} ", ("core_partner", partner.id, word))
        for kind in meeting_types():
            for word in kind.words:
                if " " in word or word in ("steering", "subgroup", "workstream"):
                    self._categories.add_word(f" {word} ", ("meeting_type", kind.id, word))
        self._categories.make_automaton()
        # Words of the directory's names: "Hampshire" or "West" alone is nobody's first name.
        self._name_words = {w for key, entries in self._names.items() for w in key.split()
                            if any(e[0] in ("area", "district", "partnership") for e in entries)}
        self._all_name_words = {w for key in self._names for w in key.split()}
        # Names by word count and first letter, for the fuzzy pass: people misspell the middle of
        # a name far more than its first letter, and this makes each look-up a twentieth the work.
        self._by_start: dict[tuple, list[str]] = {}
        for key in self._names:
            if len(key) >= 5:
                self._by_start.setdefault((len(key.split()), key[0]), []).append(key)

    # ---- the names the directory knows ----------------------------------------------------------

    def _add(self, name: str, kind: str, value, id_: str, rank: int = 0) -> None:
        for key in {simplify(name), simplify(name.replace("'s ", " ").replace("’s ", " "))}:
            if not key or key in GENERIC_WORDS:
                continue
            entries = self._names.setdefault(key, [])
            if not any(e[0] == kind and e[2] == id_ for e in entries):
                entries.append((kind, value, id_, rank))

    def _add_directory_names(self) -> None:
        d = self.directory
        for p in d.partnerships.values():
            for name in (p.name, *p.aliases):
                self._add(name, "partnership", p.name, p.id)
        for district in d.districts.values():
            for name in (district.name, *district.aliases):
                self._add(name, "district", district.name, district.name)
        for area in d.areas.values():
            short = area.name.replace(" Hampshire", "")
            for name in (area.name, f"{short} area", f"{short} Hants", f"the {short.lower()}"):
                self._add(name, "area", area.name, area.id)
        for place in {id(p): p for p in d.places.values()}.values():
            for name in (place.name, *place.aliases):
                self._add(name, "place", place.name, place.name)
        for school in d.schools.values():
            for town in (school.town, school.locality):
                if town and simplify(town) not in GENERIC_WORDS:
                    self._add(town, "place", town, town)
        for school in d.schools.values():
            # "Robert May's School" is typed "Robert May's" (its words, a possessive stripped).
            # The starter list's old name ("Cowplain School") is an alias of the DfE's.
            for name in dict.fromkeys([school.name, re.sub(r"['’]s\b", "", school.name), *school.aliases]):
                self._add_school(name, school)

    def _add_school(self, name: str, school) -> None:
        self._add(name, "school", school.name, school.id, rank=2)
        no_the = re.sub(r"^the ", "", simplify(name))
        self._add(no_the, "school", school.name, school.id, rank=2)
        short = distinctive(name)
        if short and len(short) >= 3:
            self._add(short, "school", school.name, school.id, rank=1)
        # "Horndean Tech", "Perins School": the name up to its first kind word.
        words = no_the.split()
        for i, word in enumerate(words):
            if word in SCHOOL_KIND_WORDS and i > 0:
                self._add(" ".join(words[:i + 1]), "school", school.name, school.id, rank=2)
                break
        if "technology" in words:
            self._add(no_the.replace("technology", "tech"), "school", school.name, school.id, rank=2)

    # ---- finding ---------------------------------------------------------------------------------

    def find(self, text: str) -> list[Entity]:
        text = (text or "").replace("’", "'")
        tokens = _tokens(text)
        words = _Words(text, tokens)        # what every pass looks in, worked out once
        entities = self._dates(text)
        if words.has_digit:                 # a URN and a postcode have digits
            entities += self._codes(text, [(e.start, e.end) for e in entities])
        dates = [(e.start, e.end) for e in entities]
        names = self._exact_names(text, tokens, dates, words)
        names += self._fuzzy_names(text, tokens, dates + [(e.start, e.end) for e in names])
        names = [n for n in names if not self._surname(n, tokens)]
        entities += names
        taken = dates + [(e.start, e.end) for e in names]
        entities += self._numbers(text, taken, words)
        if words.may_hold(SELF_HINTS):
            entities += self._selves(text)
        entities += self._roles(tokens)
        entities += self._category_words(text, tokens, words)
        taken += [(e.start, e.end) for e in entities if e.kind in ("action_number", "count")]
        entities += self._people(text, tokens, taken)
        entities.sort(key=lambda e: e.start)
        return entities

    def _surname(self, entity: Entity, tokens: list[_Token]) -> bool:
        """'Hale' in 'Sarah Hale' is her surname, not the place."""
        if entity.kind not in ("place", "school") or " " in entity.text.strip() or not _capital(entity.text):
            return False
        before = [t for t in tokens if t.end <= entity.start]
        return bool(before) and _capital(before[-1].text) and self._name_like(before[-1]) \
            and before[-1].end + 1 >= entity.start

    def _codes(self, text: str, taken) -> list[Entity]:
        """A school by its URN ('urn 116446') or postcode ('PO7 7SA')."""
        found = []
        for pattern in (URN, POSTCODE):
            for match in pattern.finditer(text):
                if _overlaps(match.start(), match.end(), taken):
                    continue
                school = self.directory.find_school(match.group(0))
                if school.status == "found":
                    found.append(Entity("school", school.best.name, match.group(0), match.start(), match.end(),
                                        id=school.best.id, cued=True))
        return found

    def _dates(self, text: str) -> list[Entity]:
        return [Entity("date", f.day.isoformat(), f.text, f.start, f.end)
                for f in find_dates(text, self.today)]

    def _exact_names(self, text: str, tokens: list[_Token], taken, words: "_Words") -> list[Entity]:
        hits = []
        for end, key in self._automaton.iter(words.joined):
            i, j = words.tokens_of(end, key)
            if i is not None:
                hits.append((i, j, key))
        # Longest first, then leftmost; a shorter name inside a longer one is dropped.
        hits.sort(key=lambda h: (-(h[1] - h[0]), -len(h[2]), h[0]))
        used = set()
        found = []
        for i, j, key in hits:
            if not used.isdisjoint(range(i, j + 1)):     # a longer name has one of its words
                continue
            start, end = tokens[i].start, tokens[j].end
            if _overlaps(start, end, taken):
                continue
            entity = self._choose(key, tokens, i, j, text)
            if entity is None:
                continue
            used.update(range(i, j + 1))
            found.append(entity)
        return found

    def _choose(self, key, tokens, i, j, text, score=100) -> Entity | None:
        """Which of the things called `key` is meant, from the words around it."""
        entries = self._names[key]
        after = tokens[j + 1].norm if j + 1 < len(tokens) else ""
        after2 = tokens[j + 2].norm if j + 2 < len(tokens) else ""
        before = tokens[i - 1].norm if i > 0 else ""
        kinds = {e[0] for e in entries}
        wanted = None
        if after in SCHOOL_KIND_WORDS and "school" in kinds:
            wanted = "school"
        elif after in PARTNERSHIP_WORDS or (after in ("local", "childrens") and after2.startswith("partner")):
            wanted = "partnership" if "partnership" in kinds else None
        elif after in DISTRICT_WORDS:
            wanted = "district" if "district" in kinds else None
        elif after == "area" and "area" in kinds:
            wanted = "area"
        elif after in ("town", "village") and "place" in kinds:
            wanted = "place"
        elif before in ("round", "around", "near") and "place" in kinds and "school" in kinds:
            wanted = "place"        # "schools round Overton", "Glenwood School in Emsworth"
        # A bare single word that is also a school's short name: the place or partnership wins
        # ("Horndean" is the village; "Horndean Tech" the school), unless it is only a school.
        ranked = sorted(entries, key=lambda e: (
            0 if e[0] == wanted else 1,
            KIND_ORDER[e[0]] if not (e[0] == "school" and e[3] == 2) else -1))
        best = ranked[0]
        start, end = tokens[i].start, tokens[j].end
        # Extend a school over the kind words that follow it ("Perins School", "Amery Hill Sch").
        if best[0] == "school":
            k = j
            while k + 1 < len(tokens) and tokens[k + 1].norm in SCHOOL_WORDS_AFTER:
                k += 1
            end = tokens[k].end
            best = self._school_of_kind(key, entries, [t.norm for t in tokens[i:k + 1]]) or best
        others = [(e[0], e[1], e[2]) for e in ranked if e[0] != best[0]]
        return Entity(best[0], best[1], text[start:end], start, end, id=best[2], score=score,
                      alternatives=others, key=key, cued=wanted is not None and best[0] == wanted)

    def _school_of_kind(self, key, entries, words):
        """'Horndean Infant' of the Horndean schools: the one whose name has the kind words typed."""
        kinds = {w.rstrip("s") for w in words if w in SCHOOL_KIND_WORDS}
        schools = [e for e in entries if e[0] == "school"]
        if len({e[2] for e in schools}) <= 1:
            return None
        if kinds:
            fitting = [e for e in schools if kinds <= {w.rstrip("s") for w in simplify(e[1]).split()}]
            if fitting:
                return sorted(fitting, key=lambda e: -e[3])[0]
        return sorted(schools, key=lambda e: -e[3])[0]

    def _fuzzy_names(self, text: str, tokens: list[_Token], taken) -> list[Entity]:
        found = []
        used = set()
        # A misspelling is a word we know neither as ordinary nor as part of a name: a window with
        # none is not looked up, and a sentence with none (most) has no window to look at.
        misspelt = [len(t.norm) >= 3 and t.norm not in self.common and t.norm not in GENERIC_WORDS
                    and t.norm not in self._all_name_words for t in tokens]
        if not any(misspelt):
            return found
        for size in (3, 2, 1):
            for i in range(len(tokens) - size + 1):
                if not any(misspelt[i:i + size]):
                    continue
                window = tokens[i:i + size]
                if not used.isdisjoint(range(i, i + size)):
                    continue
                if _overlaps(window[0].start, window[-1].end, taken):
                    continue
                words = [t.norm for t in window]
                if words[0] in GENERIC_WORDS or words[-1] in GENERIC_WORDS - SCHOOL_KIND_WORDS:
                    continue
                query = " ".join(words)
                names = self._by_start.get((size, query[0]))
                if len(query) < 5 or not names:
                    continue
                hit = process.extractOne(query, names, scorer=fuzz.ratio, score_cutoff=FUZZY_FLOOR)
                if hit is None:
                    continue
                entity = self._choose(hit[0], tokens, i, i + size - 1, text, score=int(hit[1]))
                if entity is None:
                    continue
                used.update(range(i, i + size))
                found.append(entity)
        return found

    def _numbers(self, text: str, taken, words: "_Words") -> list[Entity]:
        found = self._spans_of_days(text, taken) if words.may_hold(SPAN_HINTS) else []
        if not words.has_digit:
            return found
        taken = taken + [(e.start, e.end) for e in found]
        for match in NUMBER.finditer(text):
            start, end = match.start("n"), match.end("n")
            if _overlaps(start, end, taken):
                continue
            n = int(match.group("n"))
            if re.search(r"\b(?:year|yr|y)\s*$", text[:start], re.I):
                continue        # "year 6" is a year group
            tail = (match.group("tail") or "").strip().lower()
            lead = (match.group("lead") or "").strip().lower()
            if lead or text[max(0, start - 1):start] == "#":
                found.append(Entity("action_number", n, match.group("n"), start, end))
            elif re.search(r"\b(actions?|items?|points?)\s+(?:\d+\s*(?:,|and|&|or)\s*)*$", text[:start], re.I):
                found.append(Entity("action_number", n, match.group("n"), start, end))
            elif re.match(r"weeks?\b", tail):
                found.append(Entity("count", n * 7, match.group(0), start, end))
            elif re.match(r"(?:\w+\s+)?(?:to|on|by)\b", text[end:].strip().lower()) and \
                    re.search(r"\b(reassign|give|move|change|mark|close|done)\w*\s+$", text[:start], re.I):
                found.append(Entity("action_number", n, match.group("n"), start, end))
            else:
                found.append(Entity("count", n, match.group("n"), start, end))
        return found

    def _spans_of_days(self, text: str, taken) -> list[Entity]:
        """'a week', 'a couple of days', 'two days', 'a fortnight', 'eight priorities': counts."""
        found = []
        for match in SPAN_OF_DAYS.finditer(text):
            if _overlaps(match.start(), match.end(), taken):
                continue
            number = match.group("number").lower()
            unit = (match.group("unit") or "").lower()
            n = NUMBER_WORDS.get(number, 1)
            if unit.startswith("week"):
                n *= 7
            elif unit == "fortnight":
                n *= 14
            found.append(Entity("count", n, match.group(0), match.start(), match.end()))
        return found

    def _category_words(self, text: str, tokens: list[_Token], words: "_Words") -> list[Entity]:
        found, seen = [], set()
        for end, (kind, value, key) in self._categories.iter(words.joined):
            i, j = words.tokens_of(end, key)
            if i is None or (kind, value) in seen:
                continue
            seen.add((kind, value))
            found.append(Entity(kind, value, text[tokens[i].start:tokens[j].end], tokens[i].start, tokens[j].end))
        return found

    def _selves(self, text: str) -> list[Entity]:
        found = []
        for match in SELF_PATTERN.finditer(text):
            words = " ".join(match.group(0).lower().split())
            found.append(Entity("self", words, match.group(0), match.start(), match.end()))
        return found[:1] if found else []

    def _roles(self, tokens: list[_Token]) -> list[Entity]:
        found = []
        for t in tokens:
            role = ROLE_WORDS.get(t.text.lower())
            if role:
                found.append(Entity("role", role, t.text, t.start, t.end))
        return found

    def _people(self, text: str, tokens: list[_Token], taken) -> list[Entity]:
        """Capitalised names that are not ordinary words or directory names: 'Sue', 'Dr Patel'."""
        found = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            title = t.norm in TITLES and i + 1 < len(tokens) and _capital(tokens[i + 1].text)
            # (the cheap look at the first letter before the look along what is taken)
            if not (_capital(t.text) or title) or _overlaps(t.start, t.end, taken) or \
                    (not title and not self._name_like(t)) or t.norm in self._name_words:
                i += 1
                continue
            j = i
            while j + 1 < len(tokens) and _capital(tokens[j + 1].text) and self._surname_like(tokens[j + 1]) \
                    and not _overlaps(tokens[j + 1].start, tokens[j + 1].end, taken) and j - i < 2 \
                    and not re.search(r"[,;:]", text[tokens[j].end:tokens[j + 1].start]):
                j += 1
            if t.norm in DROPPED_TITLES:
                i += 1
                continue
            start, end = tokens[i].start, tokens[j].end
            name = re.sub(r"['’]s$", "", text[start:end])
            found.append(Entity("person", name, text[start:end], start, end))
            i = j + 1
        return found

    def _name_like(self, token: _Token) -> bool:
        bare = _without_possessive(token.text)
        return token.norm not in self.common and token.norm not in GENERIC_WORDS and bare.isalpha() \
            and token.norm not in ROLE_WORDS and len(bare) > 1 and not bare.isupper()

    def _surname_like(self, token: _Token) -> bool:
        """After a first name, a capitalised word is a surname even if it is also a word ('Hall')."""
        bare = _without_possessive(token.text)
        return bare.isalpha() and len(bare) > 1 and not bare.isupper() and token.norm not in ROLE_WORDS \
            and token.norm not in GENERIC_WORDS


def _capital(word: str) -> bool:
    return word[:1].isupper()


def _tokens(text: str) -> list[_Token]:
    """The words of a sentence; a possessive is its name ("Fareham's" is "fareham")."""
    tokens = []
    for match in WORD.finditer(text):
        word = match.group(0)
        norm = simplify(word[:-2] if word.endswith("'s") else word)
        if norm:
            start, end = match.span()
            tokens.append(_Token(word, norm, start, end))
    return tokens


def _without_possessive(word: str) -> str:
    """'Sarah's' -> 'Sarah' (a word holds no line break, so this is re.sub(r"['’]s$", "", word))."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


class _Words:
    """What the passes of `find` look in, worked out once a sentence: its words joined as
    ' tok tok tok ' (searched for names and for core partners' words) and which word starts and
    ends where in that; whether it has a digit; its lower case, for the quick looks before a pattern."""

    def __init__(self, text: str, tokens: list[_Token]):
        self.token_at, self.token_ending_at, at = {}, {}, 1
        for index, t in enumerate(tokens):
            self.token_at[at] = index
            at += len(t.norm)
            self.token_ending_at[at] = index
            at += 1
        self.joined = " " + " ".join(t.norm for t in tokens) + " "
        self.has_digit = DIGIT.search(text) is not None
        self.lower = text.lower() if text.isascii() else None

    def tokens_of(self, end: int, key: str) -> tuple[int | None, int | None]:
        """The first and last word of a match of " key " ending at `end` (its last space), or
        (None, None) if it does not start and end on whole words. A word's own simplified form
        may hold a space ('Pre-School' is 'pre school'), so a key's words are not counted: a key
        of two words can be one word of the sentence."""
        first, last = self.token_at.get(end - len(key)), self.token_ending_at.get(end)
        return (None, None) if first is None or last is None else (first, last)

    def may_hold(self, hints) -> bool:
        """Might a case-blind pattern that needs one of `hints` match? (Always, beyond ASCII.)"""
        return self.lower is None or any(map(self.lower.__contains__, hints))


def _overlaps(start: int, end: int, spans) -> bool:
    for s, e in spans:
        if start < e and s < end:
            return True
    return False
