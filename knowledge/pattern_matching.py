"""Turns what a person typed into an intent's name and its slots, using knowledge/phrasing_patterns.py (the regular expressions the bot has always used; the trained recognizer of issue 13 replaces them)."""

import re
from dataclasses import dataclass, field

from .phrasing_patterns import PATTERNS

MAX_TEXT = 2000      # longer messages are cut before matching; nobody asks a question this long


@dataclass
class Understood:
    intent: str | None             # None: no pattern matched; the whole text is in slots["name"]
    slots: dict = field(default_factory=dict)
    whole: bool = False            # the pattern that matched spans the whole message (^...$)


def tidy(text: str) -> str:
    text = (text or "")[:MAX_TEXT]
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    if not text.isprintable():      # nearly always printable: one check in C, not one per character
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split()).lower()
    return text.strip(" ?!.,;:\"")


# PATTERNS compiled once (every message is tried against about 130 of them).
_COMPILED = [(intent, [(re.compile(pattern), pattern.startswith("^") and pattern.endswith("$")) for pattern in patterns])
             for intent, patterns in PATTERNS]


def understand(text: str) -> Understood:
    tidied = tidy(text)
    for intent, patterns in _COMPILED:
        for pattern, whole in patterns:
            match = pattern.search(tidied)
            if match:
                slots = {k: _clean_slot(v) for k, v in match.groupdict().items() if v}
                return Understood(intent, slots, whole=whole)
    return Understood(None, {"name": tidied} if tidied else {})


def _clean_slot(value: str) -> str:
    value = value.strip(" ?!.,;:'\"")
    value = re.sub(r"^(the|a|an) ", "", value)
    # "which partnership do schools in Horndean belong to": the place is what is asked about.
    value = re.sub(r"^(the )?(schools|school) (in|at|around|near) ", "", value)
    value = re.sub(r" ((local )?(children's )?partnership|lcp)$", "", value)     # "the Gosport LCP"
    return value.strip()
