"""The kinds of partnership meeting (knowledge/data/meeting_types.yaml) and which ones count.

    read_meeting_type("steering group meeting")  -> "steering_group"
    read_meeting_type("the termly full meeting") -> "full"
    counts_for_term({"kind": "steering_group", ...}) -> False

A meeting record (storage/meetings.py) says its kind in "kind"; one with none is a full meeting
(every meeting logged before kinds existed). A withdrawn meeting ("withdrawn": {...}, see
knowledge/corrections.py) counts for nothing anywhere. Plain Python: no botbuilder, no storage.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .text import simplify

DATA = Path(__file__).parent / "data" / "meeting_types.yaml"
FULL = "full"


@dataclass(frozen=True)
class MeetingType:
    id: str
    name: str
    counts_for_term: bool
    words: tuple


@lru_cache(maxsize=1)
def meeting_types() -> tuple[MeetingType, ...]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(MeetingType(id=t["id"], name=t["name"], counts_for_term=bool(t["counts_for_term"]),
                             words=tuple(simplify(w) for w in t["words"])) for t in raw["types"])


def type_named(type_id: str) -> MeetingType | None:
    return next((t for t in meeting_types() if t.id == type_id), None)


def name_of(type_id: str | None) -> str:
    """'steering_group' -> 'steering group'; no kind -> 'full partnership meeting'."""
    found = type_named(type_id or FULL)
    return found.name if found else (type_id or "")


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, str], ...]:
    pairs = [(word, t.id) for t in meeting_types() for word in t.words if word]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def read_meeting_type(text: str) -> str | None:
    """The kind of meeting `text` names, or None if it names none."""
    words = f" {simplify(text or '')} "
    for phrase, type_id in _phrases():
        if f" {phrase} " in words:
            return type_id
    return None


def without_meeting_type(text: str) -> tuple[str | None, str]:
    """(the kind of meeting `text` names other than a full one, `text` without those words):
    "steering group" -> ("steering_group", ""); "Gosport" -> (None, "Gosport")."""
    kind = read_meeting_type(text)
    if kind is None or kind == FULL:
        return None, text
    phrase = next(p for p, t in _phrases() if t == kind and f" {p} " in f" {simplify(text)} ")
    words = phrase.split()
    pattern = r"(?i)\b" + r"\W+".join(re.escape(w) for w in words) + r"\b"
    return kind, " ".join(re.sub(pattern, " ", text, count=1).split())


def kind_of(meeting: dict) -> str:
    return meeting.get("kind") or FULL


def is_withdrawn(meeting: dict) -> bool:
    return bool(meeting.get("withdrawn"))


def counted(meetings: list[dict]) -> list[dict]:
    """The meetings that count for anything: all but the withdrawn."""
    return [m for m in meetings if not is_withdrawn(m)]


def counts_for_term(meeting: dict) -> bool:
    """Does this meeting meet 'one full partnership meeting each term'?"""
    found = type_named(kind_of(meeting))
    return not is_withdrawn(meeting) and found is not None and found.counts_for_term
