"""Score the recognizer on the phrasings corpus's test split, which it never trains on.

    python -m knowledge.understanding.evaluate          accuracy, per-intent confusions, misses

Intent accuracy: the intent is the labelled one. Entity accuracy: every entity of the kinds the
directory and the calendar fix (schools, places, partnerships, districts, areas, dates, numbers,
roles, self words) is found with the labelled value, and nothing else of those kinds. People and
deadline titles are words as typed; they are scored apart. A whole utterance is right when both
are. Conversations are played turn by turn with the context each turn's label says the bot has.
"""

import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..directory import load_directory, placed_school
from ..text import simplify
from .corpus import load_conversations, load_rows
from .recognizer import Context, Recognizer

TODAY = date(2010, 3, 10)      # the corpus's today: Wednesday 10 March 2010
STRICT = ("school", "place", "partnership", "district", "area", "date", "action_number", "count", "role", "self")
LOOSE = ("person", "deadline")
DFE = Path(__file__).resolve().parents[3] / "shared" / "data" / "dfe"


def county_directory(dfe: Path = DFE):
    """The shipped directory and, while issue 14 is adding every Hampshire school, the DfE lists'
    schools it does not have yet, placed by the placement rules (so the corpus's primary schools
    resolve). With every school already in the directory this adds nothing."""
    directory = load_directory()
    have = {simplify(s.name) for s in directory.schools.values()}
    for path in sorted(dfe.glob("*.csv")) if dfe.is_dir() else []:
        with open(path, encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                name = row["EstablishmentName"].strip()
                district = (row.get("DistrictAdministrative") or row.get("DistrictAdministrative (name)") or "").strip() \
                    or _district_of_town(directory, (row.get("Town") or "").strip().title())
                if simplify(name) in have or district not in directory.districts:
                    continue
                have.add(simplify(name))
                school = placed_school(directory, name=name, town=(row.get("Town") or "").strip().title(),
                                       district=district, urn=row.get("URN", ""),
                                       locality=(row.get("Locality") or "").strip().title(),
                                       postcode=row.get("Postcode", ""))
                directory.schools[school.id] = school
    return load_again(directory)


def _district_of_town(directory, town: str) -> str:
    """The secondary and special schools' list has no district: the district of its town."""
    place = directory.find_place(town) if town else None
    return place.district if place else ""


def load_again(directory):
    """A Directory builds its finders from its schools when made: make it again with them all."""
    from ..directory import Directory
    return Directory(directory.documents, directory.areas, directory.districts, directory.partnerships,
                     list({id(p): p for p in directory.places.values()}.values()),
                     list(directory.schools.values()), directory.facts)


def _norm(kind, value):
    values = value if isinstance(value, list) else [value]
    if kind in ("action_number", "count"):
        return frozenset(int(v) for v in values)
    if kind == "date":
        return frozenset(str(v) for v in values)
    if kind == "school":
        # A row labelled with the starter list's name ("Cowplain School") means the school the DfE
        # calls "The Cowplain School": the directory keeps the old name as an alias.
        return frozenset(_school_names().get(simplify(str(v)), simplify(str(v))) for v in values)
    return frozenset(simplify(str(v)) for v in values)


@lru_cache(maxsize=1)
def _school_names() -> dict:
    """Each school's aliases (simplified) -> its name (simplified)."""
    return {simplify(alias): simplify(s.name) for s in load_directory().schools.values() for alias in s.aliases}


def entities_right(expected: dict, got: dict, kinds=STRICT) -> bool:
    return all(_norm(k, expected[k]) == _norm(k, got[k]) if k in expected and k in got else
               (k not in expected and k not in got) for k in kinds)


def loose_right(expected: dict, got: dict) -> Counter:
    """Labelled people and deadline titles: {(kind, "total"), (kind, "found"): words overlap,
    (kind, "exact"): the same words}."""
    counts = Counter()
    for kind in LOOSE:
        wanted = expected.get(kind)
        if wanted is None:
            continue
        found = got.get(kind) or []
        found = [simplify(str(f)) for f in (found if isinstance(found, list) else [found])]
        for one in wanted if isinstance(wanted, list) else [wanted]:
            counts[(kind, "total")] += 1
            words = set(simplify(str(one)).split())
            counts[(kind, "found")] += any(words & set(f.split()) for f in found)
            counts[(kind, "exact")] += simplify(str(one)) in found
    return counts


@dataclass
class Score:
    rows: int = 0
    intent: int = 0
    entities: int = 0
    whole: int = 0
    loose: Counter = field(default_factory=Counter)
    confusions: Counter = field(default_factory=Counter)     # (expected, got) -> n
    per_intent: Counter = field(default_factory=Counter)     # expected -> rows
    per_intent_right: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)

    def add(self, text, expected_intent, expected_entities, understanding):
        got = understanding.values()
        self.rows += 1
        self.per_intent[expected_intent] += 1
        intent_ok = understanding.intent == expected_intent
        entities_ok = entities_right(expected_entities, got)
        self.intent += intent_ok
        self.per_intent_right[expected_intent] += intent_ok
        self.entities += entities_ok
        self.whole += intent_ok and entities_ok
        self.loose.update(loose_right(expected_entities, got))
        if not intent_ok:
            self.confusions[(expected_intent, understanding.intent)] += 1
        if not (intent_ok and entities_ok):
            self.misses.append((text, expected_intent, understanding.intent,
                                {k: v for k, v in expected_entities.items() if k in STRICT},
                                {k: v for k, v in got.items() if k in STRICT}))

    def percent(self, n):
        return 100.0 * n / self.rows if self.rows else 0.0

    def summary(self, name):
        parts = []
        for kind in LOOSE:
            total = self.loose[(kind, "total")]
            if total:
                parts.append(f"{kind} {100.0 * self.loose[(kind, 'found')] / total:.1f}% found, "
                             f"{100.0 * self.loose[(kind, 'exact')] / total:.1f}% exact of {total}")
        return (f"{name}: {self.rows} rows; intent {self.percent(self.intent):.1f}%, "
                f"entities {self.percent(self.entities):.1f}%, whole utterance {self.percent(self.whole):.1f}%; "
                + "; ".join(parts))


def score_test_split(recognizer) -> Score:
    score = Score()
    for row in load_rows("test"):
        score.add(row.text, row.intent, row.entities, recognizer.understand(row.text))
    return score


def score_conversations(recognizer) -> Score:
    """Each turn with the context its labels say the bot holds by then."""
    score = Score()
    for conversation in load_conversations():
        speaker = conversation.speaker
        last_intent, last_entities = "", {}
        my_school, my_partnership = speaker.get("school", ""), speaker.get("partnership", "")
        for turn in conversation.turns:
            ctx = turn.context
            my_school = ctx.get("speaker_school", my_school)
            my_partnership = ctx.get("speaker_partnership", my_partnership)
            context = Context(last_intent=last_intent, last_entities=dict(last_entities),
                              speaker_school=my_school, speaker_partnership=my_partnership,
                              speaker_role=ctx.get("speaker_role", speaker.get("role", "")),
                              dialog=ctx.get("dialog", ""), prompt=ctx.get("prompt", ""))
            understanding = recognizer.understand(turn.says, context)
            score.add(turn.says, turn.intent, turn.entities, understanding)
            if turn.intent == "set_my_school" and "school" in turn.entities:
                my_school = turn.entities["school"]
            last_intent = ctx.get("asks", turn.intent) if turn.intent == "follow_up" else turn.intent
            last_entities.update({k: v for k, v in turn.entities.items() if k != "self"})
            last_entities.update(ctx.get("resolves") or {})
    return score


def confusion_summary(score: Score, top: int = 25) -> str:
    lines = ["per intent (rows, right, most often taken for):"]
    taken_for = defaultdict(list)
    for (expected, got), n in score.confusions.most_common():
        taken_for[expected].append(f"{got} x{n}")
    for intent in sorted(score.per_intent, key=lambda i: score.per_intent_right[i] / score.per_intent[i]):
        n, right = score.per_intent[intent], score.per_intent_right[intent]
        if right < n:
            lines.append(f"  {intent:24} {n:3} {100.0 * right / n:5.1f}%  {', '.join(taken_for[intent][:3])}")
    return "\n".join(lines[:top + 1])


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    recognizer = Recognizer(county_directory(), TODAY)
    split, conversations = score_test_split(recognizer), score_conversations(recognizer)
    print(split.summary("test split"))
    print(conversations.summary("conversations"))
    print(confusion_summary(split))
    if "--misses" in argv:
        for miss in split.misses + conversations.misses:
            print("miss:", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
