"""What a person means: the intent, how sure, the entities, and what a follow-up repeats.

    recognizer = Recognizer(directory, today)
    recognizer.understand("which LCP is Perins in?")
      -> Understanding(intent="school_partnership", confidence=0.97, entities={"school": [Entity]})
    recognizer.understand("what about Overton?", Context(last_intent="school_partnership"))
      -> Understanding(intent="follow_up", follow_up="place_partnership", ...)

Entities are found first and masked ("which LCP is SCHOOL in?") so the model learns the shape of
a question, not the names in it. Context carries the last turn and what the bot knows of the
speaker; a dialog's waiting prompt turns a plain reply into `answer`, and "oh forget it" at any
prompt into `cancel`.
"""

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..text import simplify
from .corpus import Row, load_rows
from .entities import MASKS, Entity, EntityFinder
from .model import IntentModel, confidence

THRESHOLD = 0.7          # below this, `alternatives` hold what else it may be: ask, don't guess

# Intents a person may break into a dialog's prompt with (a side question or a correction);
# anything else typed at a prompt is the answer to it.
SIDE_INTENTS = {
    "correct_minutes", "cancel", "help", "school_partnership", "place_partnership",
    "partnership_members", "partnerships_in", "same_partnership", "who_chairs", "where_from",
    "whats_due_next", "list_deadlines", "open_actions", "my_actions", "timetable", "core_members",
    "statutory_partners", "certainty", "why_placed", "check_premise", "partnership_count",
}
CANCEL_WORDS = re.compile(
    r"^\W*(?:(?:oh|ok|okay|actually|no|nah|um|erm)[\s,]+)*(?:forget\s+(?:it|that|this)|scrap\s+(?:it|that|this)|"
    r"cancel|stop|never\s*mind|nevermind|leave\s+it|abandon|quit|don'?t\s+bother|not\s+now)\b", re.I)

# Outside a prompt, only a message that is nothing but a cancel ("nah, forget that") is one:
# "stop the Alton nudges" is about nudges.
CANCEL_ONLY = re.compile(
    r"^\W*(?:(?:oh|ok|okay|actually|no|nah|um|erm)[\s,]+)*(?:forget\s+(?:it|that|this)|scrap\s+(?:it|that|this)|"
    r"cancel(?:\s+(?:it|that|this))?|never\s*mind|nevermind|leave\s+it|don'?t\s+bother)"
    r"(?:\W+(?:please|pls|thanks|then|now))*\W*$", re.I)

# At a prompt, "yes that's right", "no", "save it": the answer, whatever else the words suggest.
YES_NO = re.compile(r"^\W*(?:yes|yeah|yep|yup|no|nope|ok|okay|correct|right|that'?s right|save|sure|fine)\b", re.I)

# What a follow-up repeats, by the kind of the thing it names.
FOLLOW_BY_KIND = {
    "place": "place_partnership", "school": "school_partnership", "partnership": "partnership_members",
    "district": "partnerships_in", "area": "partnerships_in",
}
COMPASS = re.compile(r"(?:\bthe\s+)?\b(?P<side>East|West|east|west|eastern|western)\b(?!\s+(?:of|side)\b)")
# COMPASS matches case as typed: it cannot match a sentence without one of these.
COMPASS_WORDS = ("east", "west", "East", "West")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")
ELSE_IN_IT = re.compile(r"\b(else|in it|in there|in that one|with us)\b", re.I)
NAMED_KINDS = ("school", "place", "partnership", "district", "area")
# What a bare name out of the blue most likely asks, by its kind: offered as buttons.
BARE_CHOICES = {
    "school": ["school_partnership", "why_placed", "same_partnership"],
    "place": ["place_partnership", "why_placed"],
    "partnership": ["partnership_members", "who_chairs", "deadlines_for"],
    "district": ["partnerships_in", "list_deadlines"],
    "area": ["partnerships_in"],
}
PLACE_OR_SCHOOL = {"school", "place"}
SCOPES = {"partnership", "district", "area"}     # "Rushmoor": the district or its partnership
WHERE_INTENTS = {"school_partnership", "place_partnership"}


@dataclass
class Context:
    """What the bot knows before this turn."""
    last_intent: str = ""
    last_entities: dict = field(default_factory=dict)   # kind -> value (or list), as Understanding.values()
    speaker_school: str = ""          # the speaker's own school's name, if known
    speaker_partnership: str = ""     # the speaker's own partnership's name, if known
    speaker_role: str = ""
    dialog: str = ""                  # the dialog in flight, if any
    prompt: str = ""                  # what its waiting prompt asks for ("partnership", "date", ...)


@dataclass
class Understanding:
    intent: str                  # "" when the message has nothing to understand (no letters or digits)
    confidence: float
    alternatives: list = field(default_factory=list)    # [(intent, confidence)] when unsure
    entities: dict = field(default_factory=dict)         # kind -> [Entity], in the order typed
    follow_up: str = ""          # for intent follow_up: the intent it repeats
    resolved: dict = field(default_factory=dict)         # kind -> value filled from context
    masked: str = ""

    @property
    def sure(self) -> bool:
        return self.confidence >= THRESHOLD

    def values(self) -> dict:
        """kind -> value, or a list of values when the text names more than one (the corpus's form)."""
        out = {}
        for kind, found in self.entities.items():
            values = list(dict.fromkeys(e.value for e in found))
            out[kind] = values[0] if len(values) == 1 else values
        return out

    def first(self, kind: str):
        found = self.entities.get(kind)
        return found[0] if found else None


class Recognizer:
    def __init__(self, directory, today: date, rows: list[Row] | None = None):
        self.directory = directory
        self.today = today
        rows = rows if rows is not None else load_rows("train")
        self.finder = EntityFinder(directory, today, _common_words(rows))
        found = [self.finder.find(r.text) for r in rows]
        self.model = IntentModel().fit([mask(r.text, f) for r, f in zip(rows, found)],
                                       [r.intent for r in rows])
        self.kind_preference = _kind_preferences(rows, found)
        self.kept_kinds = _kept_kinds(rows, found)
        self.titles = TitleFinder(rows, found)

    def understand(self, text: str, context: Context | None = None) -> Understanding:
        context = context or Context()
        text = " ".join((text or "")[:2000].split())
        if not LETTER_OR_DIGIT.search(text):
            return Understanding("", 0.0)        # nothing to understand: no letters or digits
        found = self.finder.find(text)
        found, masked, ranked = self._best_reading(text, found)
        intent, sure = ranked[0][0], confidence(ranked)
        if sure < THRESHOLD and context.last_intent and not context.prompt:
            intent = _same_topic(ranked, context.last_intent) or intent
        if intent in COMMANDS and HOW_DO_I.match(text) and not context.prompt:
            # "how do I subscribe to reminders?" asks how, and must not subscribe anyone.
            intent, sure = "help", max(sure, THRESHOLD)
        if not self.model.knows_a_word(masked):
            sure = min(sure, 0.3)                # not one word the corpus uses: a guess at best
        alternatives = [] if sure >= THRESHOLD else _shares(ranked)
        if context.prompt:
            intent, sure = self._at_prompt(text, intent, sure)
            if intent in ("answer", "cancel"):
                alternatives = []
        elif BARE.match(masked):
            # "Gosport?" on its own: after a question, the same question about Gosport; out of
            # the blue, it could be any question about it. ("and Gosport?" out of the blue stays
            # what the model makes of it: a follow-up with nothing to follow.)
            if context.last_intent:
                intent, sure, alternatives = "follow_up", max(sure, THRESHOLD), []
            elif BARE_ONLY.match(masked):
                kind = next(e.kind for e in found if e.kind in NAMED_KINDS)
                choices = BARE_CHOICES[kind]
                intent, sure = choices[0], 0.5
                alternatives = [(name, round(1 / len(choices), 2)) for name in choices]
        elif ABOUT.match(masked):
            # "tell me about Alton": what the bot knows of that name, read as a place before a
            # partnership of the same name (a place's answer names its partnership and shows its card).
            intent, found = self._about(found)
            sure, alternatives = max(sure, THRESHOLD), []
        elif CANCEL_ONLY.match(text):
            intent = "cancel"
        if intent == "partnership_members" and context.last_intent and _no_subject(found) \
                and ELSE_IN_IT.search(text):
            intent = "follow_up"        # "who else is in it?": the corpus's follow-up, as the issue lists it
        found = self._resolve_kinds(found, intent)
        found += self._compass(text, found)
        if intent in self.titles.intents or (intent == "answer" and context.prompt == "title"):
            title = self.titles.find(text, found, whole=intent == "answer")
            if title is not None:
                found.append(title)
        if intent != "answer":      # an answer to a prompt keeps all it names: the prompt decides
            found = [e for e in found if self.kept_kinds.get((intent, e.kind), e.kind not in UNEXPECTED_KINDS)]
        entities = {}
        for entity in found:
            entities.setdefault(entity.kind, []).append(entity)
        understanding = Understanding(intent, round(sure, 3), alternatives, entities, masked=masked)
        if intent == "follow_up":
            understanding.follow_up = self._follow_up(understanding, context)
        understanding.resolved = self._resolved(understanding, context)
        return understanding

    def _best_reading(self, text: str, found: list[Entity]):
        """A name that may be two kinds of thing ("Crookhorn" the school or the place, "Rushmoor"
        the district or the partnership): the reading the model finds the more natural question;
        with nothing between them, the kind the corpus gives that name."""
        readings = [found]
        ambiguous = next((e for e in found if e.kind in NAMED_KINDS
                          and any(o[0] in NAMED_KINDS and o[0] != e.kind for o in e.alternatives)), None)
        kinds = []
        masked_as_found = mask(text, found)     # masked once, for BARE and for the model
        if ambiguous is not None and BARE.match(masked_as_found):
            ambiguous = None        # a name on its own: no question to read it by
        if ambiguous is not None:
            for other in ambiguous.alternatives:
                if other[0] == ambiguous.kind or other[0] in kinds or \
                        not ({other[0], ambiguous.kind} <= PLACE_OR_SCHOOL or {other[0], ambiguous.kind} <= SCOPES):
                    continue
                kinds.append(other[0])
                rest = [(ambiguous.kind, ambiguous.value, ambiguous.id)] + [o for o in ambiguous.alternatives
                                                                           if o is not other]
                swapped = Entity(other[0], other[1], ambiguous.text, ambiguous.start, ambiguous.end, other[2],
                                 ambiguous.score, rest, key=ambiguous.key,
                                 cued=other[0] in PLACE_OR_SCHOOL)   # a scope's kind is the intent's to choose
                readings.append([swapped if e is ambiguous else e for e in found])
        scored = []
        for reading in readings:
            masked = masked_as_found if reading is found else mask(text, reading)
            ranked = self.model.ranked(masked)
            scored.append((confidence(ranked), reading, masked, ranked))
        best = max(scored, key=lambda one: one[0])
        if len(scored) > 1:
            close = [one for one in scored if best[0] - one[0] < 0.05]
            if len(close) > 1:
                every = frozenset([ambiguous.kind, *kinds])
                liked = self.kind_preference.get(("name", ambiguous.key, every)) or \
                    self.kind_preference.get(("name", ambiguous.key, frozenset(("school", "place"))))
                preferred = [one for one in close if one[1] is not found
                             and next(e for e in one[1] if e.start == ambiguous.start).kind == liked]
                best = preferred[0] if preferred else (scored[0] if scored[0] in close else best)
        return best[1:]

    def _about(self, found: list[Entity]):
        named = next(e for e in found if e.kind in NAMED_KINDS)
        place = next((o for o in named.alternatives if o[0] == "place"), None)
        if named.kind in SCOPES and place is not None and not named.cued:
            others = [(named.kind, named.value, named.id)] + [o for o in named.alternatives if o is not place]
            swapped = Entity("place", place[1], named.text, named.start, named.end, place[2], named.score, others,
                             key=named.key, cued=True)
            found = [swapped if e is named else e for e in found]
            named = swapped
        return ABOUT_BY_KIND[named.kind], found

    # ---- context ------------------------------------------------------------------------------

    def _at_prompt(self, text, intent, sure):
        """At a dialog's prompt: cancel in any words; a side question or correction if the model is
        sure of one; otherwise the reply is the answer to the prompt."""
        if CANCEL_WORDS.match(text):
            return "cancel", max(sure, 0.9)
        if YES_NO.match(text):      # "no" to "Move Perins ...? (yes / no)" answers it
            return "answer", 1.0
        if intent == "cancel" and sure >= 0.5:
            return "cancel", max(sure, 0.9)
        if intent in SIDE_INTENTS and sure >= 0.75 and intent != "cancel":
            return intent, sure
        return "answer", 1.0

    def _follow_up(self, understanding: Understanding, context: Context) -> str:
        last = context.last_intent
        named = [k for k in ("school", "place", "partnership", "district", "area") if k in understanding.entities]
        if not named:
            # "who else is in it?": the members of the partnership last talked about.
            if re.search(r"\b(else|who'?s in|members?|in it|in there)\b", understanding.masked, re.I):
                return "partnership_members"
            return last
        kind = named[0]
        if last in WHERE_INTENTS and kind in ("place", "school"):
            return FOLLOW_BY_KIND[kind]
        if last and last not in WHERE_INTENTS:
            return last
        return FOLLOW_BY_KIND[kind]

    def _resolved(self, understanding: Understanding, context: Context) -> dict:
        """What "we", "our partnership", "it" and a follow-up's missing parts stand for."""
        resolved = {}
        me = understanding.first("self")
        if me is not None:
            words = me.value
            if "partnership" in words or "lcp" in words or "cluster" in words:
                if context.speaker_partnership:
                    resolved["partnership"] = context.speaker_partnership
            elif context.speaker_school and not understanding.entities.get("school"):
                resolved["school"] = context.speaker_school
            elif context.speaker_partnership and not understanding.entities.get("partnership"):
                resolved["partnership"] = context.speaker_partnership
        if not any(k in understanding.entities for k in ("school", "place", "partnership", "district", "area")):
            for kind, value in context.last_entities.items():
                if kind in ("school", "place", "partnership", "district", "area", "action_number", "deadline"):
                    resolved.setdefault(kind, value)
        return resolved

    def _compass(self, text: str, found: list[Entity]) -> list[Entity]:
        """'East not West' about a school in Havant: Havant East and Havant West, the partnerships
        of that school's district whose names say east or west."""
        if not any(map(text.__contains__, COMPASS_WORDS)):
            return []           # most sentences: the pattern not tried at every letter (2 us)
        sides = list(COMPASS.finditer(text))
        if not sides:           # no district to work out
            return []
        districts = []
        for entity in found:
            if entity.kind == "school" and entity.id in self.directory.schools:
                districts.append(self.directory.schools[entity.id].district)
            elif entity.kind == "place":
                place = self.directory.places.get(simplify(str(entity.value)))
                districts.append(place.district if place else "")
            elif entity.kind == "district":
                districts.append(str(entity.value))
        districts = [d for d in dict.fromkeys(districts) if d]
        if not districts:
            return []
        extra = []
        for match in sides:
            if any(e.start < match.end() and match.start() < e.end for e in found):
                continue
            side = match.group("side").lower()
            named = [p for p in self.directory.partnerships.values() if p.district in districts
                     and side in simplify(" ".join([p.name, *p.aliases])).split()]
            if len(named) == 1:
                extra.append(Entity("partnership", named[0].name, match.group(0), match.start(), match.end(),
                                    named[0].id))
        return extra

    def _resolve_kinds(self, found: list[Entity], intent: str) -> list[Entity]:
        """'Havant' is a place, a district and a partnership's start: which one, for this intent."""
        out = []
        for entity in found:
            if entity.alternatives and entity.kind in ("partnership", "district", "area", "place", "school"):
                options = [(entity.kind, entity.value, entity.id)] + list(entity.alternatives)
                kinds = frozenset(o[0] for o in options)
                liked = (self.kind_preference.get((intent, kinds)) or self.kind_preference.get(("name", entity.key, kinds))
                         or self.kind_preference.get(("*", kinds)))
                if liked and liked != entity.kind and not entity.cued:
                    choice = next(o for o in options if o[0] == liked)
                    others = [o for o in options if o is not choice]
                    entity = Entity(choice[0], choice[1], entity.text, entity.start, entity.end, choice[2],
                                    entity.score, others, key=entity.key, cued=entity.cued)
            out.append(entity)
        return out


BARE = re.compile(r"^(?:\W|and|or|what|about|how|for|the|same|then|so|ok|please|pls)*"
                  r"(?:SCHOOL|PLACE|PARTNERSHIP|DISTRICT|AREA)(?:\W|please|pls|then|one|partnership|lcp)*$", re.I)


# A question that starts by asking how to do something ("how do I add a deadline?", "hi, how can
# we stop the nudges?"): help with it, when what it names is a command that changes something at
# once. Logging a meeting or a delivery plan walks the person through it, so "how do I write up our
# meeting" starts it.
HOW_DO_I = re.compile(r"^(?:\W|hi|hello|morning|ok|so|sorry|please|pls)*(?:how|where)\s+(?:do|can|would|should|could)"
                      r"\s+(?:i|we|you|one)\s+(?!know\b)", re.I)
COMMANDS = {"add_deadline", "move_deadline", "subscribe", "stop_nudges", "snooze", "nudge_done", "grant_role",
            "remove_role", "move_school", "correct_minutes", "withdraw_meeting", "action_done",
            "reassign_action", "move_action", "record_resolution", "set_my_school",
            "forget_my_school", "export_minutes"}
# "tell me about Alton", "what do you know about Perins?", "any info on the Hart partnership".
ABOUT = re.compile(r"^(?:\W|hi|hello|morning|please|pls|can|could|would|you|ok|so)*"
                   r"(?:tell\s+(?:me|us)(?:\s+a\s+bit|\s+more|\s+something)?\s+about|"
                   r"what\s+(?:do|can)\s+you\s+(?:know|tell\s+(?:me|us))\s+about|"
                   r"(?:any\s+|some\s+)?info(?:rmation)?\s+(?:on|about)|anything\s+(?:on|about))\s+"
                   r"(?:the\s+)?(?:SCHOOL|PLACE|PARTNERSHIP|DISTRICT|AREA)"
                   r"(?:\W|please|pls|then|one|partnership|lcp|thanks)*$", re.I)
ABOUT_BY_KIND = {"place": "place_partnership", "school": "school_partnership", "partnership": "partnership_members",
                 "district": "partnerships_in", "area": "partnerships_in"}


BARE_ONLY = re.compile(r"^(?:\W|the|please|pls|ok)*(?:SCHOOL|PLACE|PARTNERSHIP|DISTRICT|AREA)"
                       r"(?:\W|please|pls|then|one|partnership|lcp)*$", re.I)


class TitleFinder:
    """A deadline's title as typed ("move the NEET action plan deadline to 9 July" -> "NEET action
    plan"): the longest run of words that, in the training rows, are more often inside a labelled
    title than outside it, among the words no other entity took."""

    WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")

    def __init__(self, rows: list[Row], found: list[list[Entity]]):
        by_intent, titled = Counter(), Counter()
        for row in rows:
            by_intent[row.intent] += 1
            titled[row.intent] += bool(row.entities.get("deadline"))
        self.intents = {intent for intent, n in titled.items() if n * 3 >= by_intent[intent]}
        inside, outside = Counter(), Counter()
        for row in rows:
            if row.intent not in self.intents:
                continue
            title = row.entities.get("deadline") or ""
            title_words = set(_words(" ".join(title) if isinstance(title, list) else str(title)))
            for word in _words(row.text):
                (inside if word in title_words else outside)[word] += 1
        self.inside, self.outside = inside, outside

    def titleish(self, word: str) -> bool:
        return self.inside[word] >= self.outside[word] and not word in _FRAME

    def find(self, text: str, found: list[Entity], whole: bool = False) -> Entity | None:
        runs, run = [], []
        for match in self.WORD.finditer(text):
            word = match.group(0).lower().replace("’", "'")
            taken = any(e.start < match.end() and match.start() < e.end and e.kind in MASKS for e in found)
            if not taken and (whole or self.titleish(word.removesuffix("'s")) or (run and word in ("of", "and"))):
                run.append(match)
            else:
                if run:
                    runs.append(run)
                run = []
        if run:
            runs.append(run)
        runs = [[m for m in r] for r in runs]
        for r in runs:
            while r and r[-1].group(0).lower() in ("of", "and"):
                r.pop()
        runs = [r for r in runs if r]
        if not runs:
            return None
        best = max(runs, key=lambda r: (sum(self.inside[m.group(0).lower()] > 0 for m in r), len(r)))
        start, end = best[0].start(), best[-1].end()
        value = re.sub(r"'s$", "", text[start:end])
        return Entity("deadline", value, text[start:end], start, end)


_FRAME = {"the", "a", "an", "our", "my", "we", "deadline", "deadlines", "due", "by", "to", "for", "please",
          "pls", "add", "new", "move", "date", "it", "is", "be", "on"}


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'").removesuffix("'s") for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text)]


def _shares(ranked: list[tuple[str, float]], n: int = 3) -> list[tuple[str, float]]:
    """The likeliest few intents, each with its share of a softmax over the scores: what to offer
    as "did you mean ...?" buttons."""
    top = ranked[0][1]
    weights = [math.exp(4 * (score - top)) for _, score in ranked]
    total = sum(weights)
    return [(name, round(w / total, 2)) for (name, _), w in zip(ranked[:n], weights[:n])]


def _same_topic(ranked: list[tuple[str, float]], last_intent: str) -> str:
    """Unsure between close intents, the one on the last turn's topic: after marking an action
    done, "and Dave's police data one too" is another action done, not a reassignment."""
    family = next((f for f in TOPICS if last_intent in f), {last_intent})
    best = ranked[0][1]
    close = [name for name, score in ranked[:3] if best - score <= TOPIC_MARGIN]
    if ranked[0][0] in family and last_intent not in close:
        return ""
    return next((name for name in close if name == last_intent), "") or \
        next((name for name in close if name in family), "")


# Intents about one thing, for _same_topic.
TOPICS = [
    {"my_actions", "open_actions", "action_done", "reassign_action", "move_action"},
    {"record_resolution", "resolutions_outstanding"},
    {"record_delivery_plan", "show_delivery_plan"},
    {"add_deadline", "move_deadline", "list_deadlines", "deadlines_for", "whats_due_next"},
    {"subscribe", "stop_nudges", "my_nudges", "nudge_done", "snooze"},
    {"grant_role", "remove_role", "list_roles", "my_roles", "role_history"},
    {"log_meeting", "minutes_for", "last_meeting", "meetings_this_term", "export_minutes", "correct_minutes",
     "withdraw_meeting"},
]
TOPIC_MARGIN = 0.25


def _no_subject(found: list[Entity]) -> bool:
    return not any(e.kind in NAMED_KINDS for e in found)


def mask(text: str, found: list[Entity]) -> str:
    """The sentence with each directory name, date, number and person as its kind: 'which LCP is
    SCHOOL in'."""
    out, at = [], 0
    for entity in sorted(found, key=lambda e: e.start):
        word = MASKS.get(entity.kind)
        if word is None or entity.start < at:
            continue
        out.append(text[at:entity.start])
        out.append(word)
        at = entity.end
    out.append(text[at:])
    return "".join(out)


def _common_words(rows: list[Row]) -> set:
    """Words people use in the corpus that are not names: they are never fuzzy-matched or taken
    for a person."""
    named = set()
    for row in rows:
        for kind, value in row.entities.items():
            if kind in ("person", "school", "place", "partnership", "district", "area"):
                for one in value if isinstance(value, list) else [value]:
                    named.update(simplify(str(one)).split())
    words = Counter(w for row in rows for w in simplify(row.text).split())
    return {w for w in words if w not in named}


def _kept_kinds(rows: list[Row], found: list[list[Entity]]) -> dict:
    """(intent, kind) -> False where the corpus, for that intent, does not count what the finder
    sees as an entity: "chair" in "who's the chair of Hart?" is the question, not a role to grant;
    "my" in "my actions" is not a school."""
    seen, kept = Counter(), Counter()
    for row, entities in zip(rows, found):
        for kind in {e.kind for e in entities if e.kind in FILTERED_KINDS}:
            seen[(row.intent, kind)] += 1
            kept[(row.intent, kind)] += kind in row.entities
    return {key: kept[key] * 2 >= n for key, n in seen.items() if n >= 2}


FILTERED_KINDS = {"role", "self", "date", "count", "action_number", "person"}
# Kinds dropped for an intent whose training rows never had them ("back after a week off, what's
# next?" has no count to act on).
UNEXPECTED_KINDS = {"count", "action_number", "role", "date", "person"}


def _kind_preferences(rows: list[Row], found: list[list[Entity]]) -> dict:
    """(intent, the kinds a name could be) -> the kind the corpus labels it, most often;
    ('*', kinds) over every intent; ('name', the name as typed, kinds) for that name."""
    votes = defaultdict(Counter)
    for row, entities in zip(rows, found):
        labelled = {k for k, v in row.entities.items()}
        for entity in entities:
            if not entity.alternatives or entity.cued:
                continue
            kinds = frozenset([entity.kind] + [o[0] for o in entity.alternatives])
            chosen = [k for k in kinds if k in labelled]
            if len(chosen) == 1:
                votes[(row.intent, kinds)][chosen[0]] += 1
                votes[("*", kinds)][chosen[0]] += 1
                votes[("name", entity.key, kinds)][chosen[0]] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
