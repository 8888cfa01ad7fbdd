"""Turns what a person typed into an intent's name and its slots, using knowledge/phrasing_patterns.py (the regular expressions the bot has always used; the trained recognizer of issue 13 replaces them)."""

import re
from dataclasses import dataclass, field

import ahocorasick

from .pattern_words import has_all, needs
from .phrasing_patterns import PATTERNS

MAX_TEXT = 2000      # longer messages are cut before matching; nobody asks a question this long


@dataclass
class Understood:
    intent: str | None             # None: no pattern matched; the whole text is in slots["name"]
    slots: dict = field(default_factory=dict)
    whole: bool = False            # the pattern that matched spans the whole message (^...$)


def tidy(text: str) -> str:
    text = (text or "")[:MAX_TEXT]
    if not text.isascii():          # curly quotes are beyond ASCII: most texts have none to straighten
        text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    if not text.isprintable():      # nearly always printable: one check in C, not one per character
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split()).lower()
    return text.strip(" ?!.,;:\"")


# PATTERNS compiled once, in order, each with the words it cannot match without (pattern_words.py).
_COMPILED = [(intent, [(compiled, pattern.startswith("^") and pattern.endswith("$"), needs(compiled))
                       for pattern in patterns for compiled in (re.compile(pattern),)])
             for intent, patterns in PATTERNS]
_IN_ORDER = [(intent, compiled, whole, words) for intent, patterns in _COMPILED for compiled, whole, words in patterns]


def _by_words():
    """Which expressions each word can let through: one group of words per expression (its
    longest), found in a text in one pass by an Aho-Corasick automaton; expressions without
    words to look for are always tried."""
    automaton, always, by_word = ahocorasick.Automaton(), [], {}
    for place, (_intent, _compiled, _whole, words) in enumerate(_IN_ORDER):
        if not words:
            always.append(place)
            continue
        for word in max(words, key=lambda group: min(map(len, group))):
            by_word.setdefault(word, []).append(place)
    for word, places in by_word.items():
        automaton.add_word(word, tuple(places))     # a word found gives its expressions straight away
    automaton.make_automaton()
    return automaton, always


_AUTOMATON, _ALWAYS_TRIED = _by_words()


def _worth_trying(tidied: str) -> list[int]:
    """The places in the table of the expressions `tidied` has the words for, in order."""
    places = set(_ALWAYS_TRIED)
    for _end, places_of_word in _AUTOMATON.iter(tidied):
        places.update(places_of_word)
    return sorted(places)


def understand(text: str) -> Understood:
    """Every message is tried against the table's 150 or so expressions in order, the first match
    winning; only those whose words the text has are searched (a few, not 140: issue 16)."""
    tidied = tidy(text)
    for place in _worth_trying(tidied):
        intent, pattern, whole, words = _IN_ORDER[place]
        if not has_all(tidied, words):
            continue
        match = pattern.search(tidied)
        if match:
            slots = {k: _clean_slot(v) for k, v in match.groupdict().items() if v}
            return Understood(intent, slots, whole=whole)
    return Understood(None, {"name": tidied} if tidied else {})


def _clean_slot(value: str) -> str:
    value = value.strip(" ?!.,;:'\"")
    value = _ARTICLE.sub("", value)
    # "which partnership do schools in Horndean belong to": the place is what is asked about.
    value = _SCHOOLS_IN.sub("", value)
    value = _PARTNERSHIP_AFTER.sub("", value)     # "the Gosport LCP"
    return value.strip()


_ARTICLE = re.compile(r"^(the|a|an) ")
_SCHOOLS_IN = re.compile(r"^(the )?(schools|school) (in|at|around|near) ")
_PARTNERSHIP_AFTER = re.compile(r" ((local )?(children's )?partnership|lcp)$")
