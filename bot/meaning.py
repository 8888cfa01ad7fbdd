"""What the speaker means, for routing: the recognizer's intent and entities, turned into the
details (slots) each handler takes.

The recognizer (knowledge/understanding/) decides the intent from a model trained on the phrasings
corpus, with the names, dates, people and numbers it found and what "we", "our partnership" and a
follow-up stand for. The old phrasing table (knowledge/phrasing_patterns.py) still reads the free
text some handlers take as typed (a deadline's title, "minutes for Gosport on 9 March") when it
agrees on the intent; it never decides the intent against a sure recognizer.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from knowledge.pattern_matching import tidy, understand as match_pattern
from knowledge.understanding import Context, Recognizer, Understanding
from knowledge.understanding.recognizer import BARE, BARE_CHOICES

NAMED_KINDS = ("school", "place", "partnership", "district", "area")
# Handlers that take the place or organisation asked about as `scope` rather than `name`.
SCOPE_INTENTS = {"subscribe", "stop_nudges", "grant_role", "remove_role", "list_roles"}
# Intents a follow-up ("what about Overton?") may repeat with a new name.
REPEATABLE = {"school_partnership", "place_partnership", "partnership_members", "partnerships_in",
              "college_host", "who_chairs", "deadlines_for", "last_meeting", "open_actions",
              "meetings_this_term", "why_placed", "engagement", "resolutions_outstanding",
              "show_delivery_plan", "show_map"}


# Questions about a school: "which partnership are we in?" needs to know the speaker's school.
ABOUT_A_SCHOOL = {"school_partnership", "place_partnership", "partnership_members", "college_host", "why_placed",
                  "same_partnership", "check_premise"}
# A URN or a postcode on its own, and a message of nothing but names: the school lookup answers.
CODE = re.compile(r"^\W*((urn\s*)?\d{1,6}|(postcode\s*)?[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2})\W*$", re.I)
ONLY_NAMES = re.compile(r"(\W|SCHOOL|PLACE|PARTNERSHIP|DISTRICT|AREA|PERSON|primary|infants?|juniors?|schools?|"
                        r"college|academy|secondary|special|c of e|ce|cofe|church of england|catholic)+", re.I)
SCHOOL_AFTER = re.compile(r"\s+(?:c\s*of\s*e\s+|ce\s+|cofe\s+|church of england\s+|catholic\s+|community\s+)?"
                          r"(?:primary|infants?|juniors?|school|college|academy|secondary)\b", re.I)
SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
TAG = re.compile(r"<[^>]*>")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
SENTENCE_END = re.compile(r"[?!;]\s+(?=\S)")
COURTESY = {"please", "pls", "plz", "thanks", "thank", "you", "ta", "then", "now", "again"}
# Words a captured name may be made of and still stand for the speaker's own, or for what was last
# named, or have around a found name (sets made once, not at each look).
SELF_WORDS = {"we", "us", "our", "ours", "my", "school", "partnership", "lcp", "own", "are"}
THE_LAST_WORDS = {"it", "that", "this", "there", "them", "one", "same", "the", "partnership", "school", "place", "lcp"}
AROUND_A_NAME = COURTESY | {"the", "about", "for", "of", "in"}
REMEMBERED = "understood"
ASK_FLOOR = 0.5            # below the recognizer's threshold but above this: "did you mean ...?"
ALTERNATIVE_FLOOR = 0.2     # in ConversationState: the last intent and the names it was about


@dataclass
class Meaning:
    intent: str | None                 # None: nothing understood
    slots: dict = field(default_factory=dict)
    unsure_between: list = field(default_factory=list)   # intents to offer when not sure enough
    entities: dict = field(default_factory=dict)         # kind -> value(s), remembered for follow-ups
    # The text speaks of the speaker ("we", "our partnership"): only then does who they are matter,
    # so only then is the speaker's partnership (a database read) worth looking up (see `read`).
    speaks_of_self: bool = False


@lru_cache(maxsize=4)
def _recognizer(names: tuple) -> Recognizer:
    """Training takes a few seconds: once per process for each set of directory names."""
    return Recognizer(_DIRECTORIES[names], date.today())


_DIRECTORIES: dict = {}
_LAST: list = [None, None, None]     # the last directory asked about, its names and its recognizer


def recognizer_for(directory, today: date) -> Recognizer:
    """The recognizer trained for `directory`'s names. The last directory's is kept at hand: working
    out its names (sorting a county's places) and finding its recognizer by them took longer than
    reading most messages. A directory's partnerships and places do not change (a correction moves
    a school; a new directory is made when the lists change)."""
    last, names, recognizer = _LAST
    if last is not directory or names[0] != len(directory.schools):
        names = (len(directory.schools), tuple(sorted(directory.partnerships)), tuple(sorted(directory.places)))
        _DIRECTORIES.setdefault(names, directory)
        recognizer = _recognizer(names)
        _LAST[:] = [directory, names, recognizer]
    recognizer.today = recognizer.finder.today = today
    return recognizer


def at_prompt(directory, today: date, text: str, prompt: str) -> Understanding:
    """A reply to a dialog's waiting prompt: `answer`, `cancel` (in any words) or a side question."""
    return recognizer_for(directory, today).understand(text, Context(prompt=prompt or "answer"))


def read(directory, today: date, text: str, remembered: dict, handled: set, speaker_school: str = "",
         speaker_partnership: str = "") -> Meaning:
    """What `text` means, given what this conversation remembers (last intent and entities) and
    the intents that have a handler (`handled`).

    `speaker_partnership` changes the meaning only of a text that speaks of the speaker ("our
    partnership", "we"): a caller for whom it costs something to find may read without it first,
    and read again with it when the meaning says `speaks_of_self`."""
    context = Context(last_intent=remembered.get("last_intent", ""),
                      last_entities=remembered.get("last_entities", {}),
                      speaker_school=speaker_school, speaker_partnership=speaker_partnership)
    recognizer = recognizer_for(directory, today)
    understood = recognizer.understand(text, context)
    meaning = _meaning(recognizer, understood, text, handled)
    meaning.speaks_of_self = understood.first("self") is not None
    return meaning


def _meaning(recognizer: Recognizer, understood: Understanding, text: str, handled: set) -> Meaning:
    pattern = match_pattern(text)
    intent = understood.intent
    if intent == "follow_up":
        intent = understood.follow_up if understood.follow_up in REPEATABLE else ""
    sure = understood.sure and intent in handled
    if pattern.whole and sure and intent != pattern.intent and not _clean_capture(pattern.slots, understood):
        pattern = match_pattern("")     # "who's the chair of the Hart partnership?" is not a school called that
    if pattern.intent is not None and (not sure or intent == pattern.intent or pattern.whole):
        intent = pattern.intent                   # a phrasing the bot has always known, read as typed
    elif CODE.match(text) or ONLY_NAMES.fullmatch(understood.masked or "x"):
        # a name, URN or postcode: look it up
        return Meaning(None, _name_typed(recognizer, text, understood), entities=_values(understood))
    elif not sure and BARE.match(understood.masked or ""):
        # a name on its own: look it up
        return Meaning(None, _name_typed(recognizer, text, understood), entities=_values(understood))
    elif not sure:
        unsure = [name for name, likely in understood.alternatives
                  if name in handled and likely >= ALTERNATIVE_FLOOR]
        if not understood.alternatives or understood.alternatives[0][1] < ASK_FLOOR or not _wordy(text):
            unsure = []             # no likely meaning at all: the not-understood reply, with examples
        named = next((kind for kind in NAMED_KINDS if understood.entities.get(kind)), None)
        if unsure and named:        # one likely meaning: offer what else people ask about what it names
            unsure += [name for name in BARE_CHOICES[named]
                       if name in handled and name not in unsure and name != "same_partnership"]
        return Meaning(None, _name_typed(recognizer, text, understood), unsure_between=unsure[:3],
                       entities=_values(understood))
    if not intent or intent not in handled:
        return Meaning(None, _name_typed(recognizer, text, understood), entities=_values(understood))
    typed = pattern.slots if pattern.intent == intent else {}
    slots = slots_for(intent, understood, typed, text)
    school_name = _place_then_school_words(understood, text)
    if school_name and intent in ABOUT_A_SCHOOL:
        # "Ropley primary" is Ropley's primary school, not the village: the school lookup decides.
        intent = "school_partnership" if intent == "place_partnership" else intent
        slots["name"] = school_name
    return Meaning(intent, slots, entities=_values(understood))


def _without_markup(text: str) -> str:
    """The words of a message, without HTML tags, scripts or Markdown around them: pasted
    '<b>Perins</b>' or '**[Perins](...)**' is 'Perins'."""
    text = SCRIPT.sub(" ", text)
    text = LINK.sub(r"\1", text)
    return " ".join(TAG.sub(" ", text).replace("**", " ").replace("__", " ").split())


def _name_typed(recognizer: Recognizer, text: str, understood: Understanding) -> dict:
    """The message as a name for the lookup, only when it is one ("Perins", "urn 116446",
    "Crookhorn college pls", "<b>Perins</b>"): a sentence is never fuzzy-matched against school names."""
    bare = _without_markup(text)
    masked = understood.masked if bare == text else recognizer.understand(bare).masked
    name = tidy(bare)
    return {"name": name} if name and _a_name_alone(recognizer, bare, masked or "") else {}


def _a_name_alone(recognizer: Recognizer, text: str, masked: str) -> bool:
    """A URN, a postcode, names with only school words and courtesy around them, or a few words
    the corpus never uses (a school or place it does not know: "St Swithun's")."""
    if CODE.match(text) or ONLY_NAMES.fullmatch(masked or "x") or BARE.match(masked):
        return True
    rest = " ".join(w for w in ONLY_NAMES.sub(" ", masked).split() if w.lower() not in COURTESY)
    return len(rest.split()) <= 4 and not recognizer.model.knows_a_word(rest)


def _clean_capture(slots: dict, understood: Understanding) -> bool:
    """An old phrasing's loose capture holds just a name the recognizer found (or 'we'), not a
    sentence around it."""
    names = {tidy(e.text) for kind in NAMED_KINDS for e in understood.entities.get(kind) or []}
    for slot in ("name", "scope"):
        value = tidy(slots.get(slot) or "")
        if value and value not in names and not _is_self(_words_of(value)):      # (value is tidied)
            return False
    return True


def _place_then_school_words(understood: Understanding, text: str) -> str:
    for place in understood.entities.get("place") or []:
        after = SCHOOL_AFTER.match(text[place.end:])
        if after:
            return text[place.start:place.end + after.end()]
    return ""


def remember_topic(conversation: dict, meaning: Meaning) -> None:
    """Keep this turn's intent and names for a follow-up; a turn that names nothing keeps the last
    names ("is that definite?" is still about Perins)."""
    if meaning.intent is None:
        return
    last = conversation.get(REMEMBERED, {})
    named = {k: v for k, v in meaning.entities.items() if k in NAMED_KINDS}
    conversation[REMEMBERED] = {"last_intent": meaning.intent,
                                "last_entities": named or last.get("last_entities", {})}


def _wordy(text: str) -> bool:
    """Mostly words, as people write: not code, markup or a row of symbols."""
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return len(text.split()) >= 2 and letters >= 0.85 * len(text)


def _values(understood: Understanding) -> dict:
    values = {kind: _plain(value) for kind, value in understood.values().items() if kind != "self"}
    for kind, value in understood.resolved.items():
        values.setdefault(kind, _plain(value))
    return values


def _plain(value):
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def slots_for(intent: str, understood: Understanding, typed: dict, text: str) -> dict:
    """The handler's keyword arguments: what the phrasing table read as typed, with the names,
    people, numbers and dates the recognizer found in their place (never 'we' or 'ours').

    A name is passed as it was typed ("farnborough college"), so the handler's own lookup can ask
    which school is meant or offer the closest names; the lists (`schools`, `places`, ...) hold the
    directory's names. What "we" or a follow-up stands for fills in only for directory questions."""
    slots = {slot: _first_sentence(value) if slot in ("name", "scope") and isinstance(value, str) else value
             for slot, value in typed.items()}
    slots["text"] = text
    as_typed = {}
    named_any = any(understood.entities.get(kind) for kind in NAMED_KINDS)
    # What "we" or a follow-up stands for ("what about Overton?"), never a name from turns ago,
    # and never in place of a name the message gives ("Clanfield ..., so we're with Petersfield").
    may_resolve = understood.intent == "follow_up" or "self" in understood.entities
    for kind in NAMED_KINDS:
        found = understood.entities.get(kind)
        if found:           # most kinds are not named at all: nothing to list
            slots[kind + "s"] = list(dict.fromkeys(str(e.value) for e in found))
            as_typed[kind] = [e.text for e in found]
            continue
        names = []
        resolved = understood.resolved.get(kind) if may_resolve else None
        if resolved and not (named_any and understood.intent in ("check_premise", "same_partnership")):
            names = resolved if isinstance(resolved, list) else [resolved]
        slots[kind + "s"] = names
        as_typed[kind] = []
    if not any(as_typed.values()):      # nothing named: what "we" or the last topic stands for
        as_typed = {kind: slots[kind + "s"] for kind in NAMED_KINDS}

    def first_typed(*kinds):
        return next((as_typed[k][0] for k in kinds if as_typed[k]), "")
    if intent in SCOPE_INTENTS:
        scope = first_typed("partnership", "district", "area", "place")
        if scope and (not typed.get("scope") or _around(tidy(typed["scope"]), tidy(scope))):
            slots["scope"] = scope
    elif intent == "move_school":
        if as_typed["school"] and not typed.get("name"):
            slots["name"] = as_typed["school"][0]
        if as_typed["partnership"] and not typed.get("partnership"):
            slots["partnership"] = as_typed["partnership"][0]
    else:
        kinds = NAMED_KINDS if intent in ABOUT_A_SCHOOL else ("partnership", "district", "area")
        named = first_typed(*kinds)
        if named and _found_name_goes_in(typed.get("name") or "", named):
            slots["name"] = named
        elif _is_self(_words_of(tidy(slots.get("name", "")))):
            slots.pop("name")
    if "self" in understood.entities and not slots.get("name") and not any(slots[k + "s"] for k in NAMED_KINDS):
        slots["unknown_self"] = str(understood.first("self").value)
    for kind, slot in (("person", "person"), ("role", "role"), ("action_number", "number")):
        found = understood.first(kind)
        if found is not None and not typed.get(slot):
            slots[slot] = found.text if kind == "person" else str(found.value)
    when = understood.first("date")
    if when is not None and not typed.get("when"):
        slots["when"] = when.text
    deadline = understood.first("deadline")
    if deadline is not None and not typed.get("which"):
        slots["which"] = str(deadline.value)
    return slots


def _found_name_goes_in(typed: str, named: str) -> bool:
    """The name found goes in the slot in place of what the old phrasing captured: nothing, "we",
    "it", or that name with only courtesy around it. (The capture is tidied once for all three looks.)"""
    if not typed:
        return True
    tidied = tidy(typed)
    words = _words_of(tidied)
    return _is_self(words) or _stands_for_the_last(words) or _around(tidied, tidy(named))


def _words_of(tidied: str) -> set:
    """A tidied name's words without courtesy ('our school please' -> {'our', 'school'})."""
    return set(tidied.split()) - COURTESY


def _is_self(words: set) -> bool:
    """'we', 'our partnership', 'my own school': words (as _words_of gives them) that stand for the speaker's own."""
    return bool(words) and words <= SELF_WORDS


def _stands_for_the_last(words: set) -> bool:
    """'it', 'that partnership': what the conversation last named ("who else is in it?")."""
    return bool(words) and words <= THE_LAST_WORDS


def _first_sentence(captured: str) -> str:
    """What an old phrasing captured, up to the end of its sentence: 'Perins in? move Bay House to
    Fareham' was two requests, and only the first is this one's name."""
    return SENTENCE_END.split(captured, maxsplit=1)[0]


def _around(typed: str, name: str) -> bool:
    """What an old phrasing captured ('havant please') is a found name with only courtesy around it
    ('swanmore c of e primary' is a school's name, not Swanmore with words around it). Both tidied."""
    if typed == name or name not in typed:
        return False        # the name alone, or not there at all: no need to search for it as a word
    found = re.search(rf"\b{re.escape(name)}\b", typed)
    around = set((typed[:found.start()] + " " + typed[found.end():]).split()) if found else set()
    return found is not None and typed != name and around <= AROUND_A_NAME
