"""Several actions in one line, as a chair types them:

    split_actions("Kate: draft the ToR by 15 December, Dave to share the police data", today)
      -> [SplitAction(owner="Kate", text="draft the ToR", due=date(2010, 12, 15)),
          SplitAction(owner="Dave", text="share the police data", due=None)]
"""

import re
from dataclasses import dataclass
from datetime import date

from ..dates import find_dates

# "Kate: ...", "Kate to ...", "Kate will ...", "action Kate - ...", "Dr Patel to ..."
_OWNER = re.compile(
    r"^\s*(?:action(?:s)?\s*[:\-]?\s*)?(?P<owner>(?:(?:Dr|Mr|Mrs|Ms|Miss|Cllr)\.?\s+)?[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?)"
    r"\s*(?::|-|–|\bto\b|\bwill\b|\bto\s+be\b|\bshould\b|\bagreed\s+to\b)\s*(?P<text>.+)$")
# Where one action ends and the next begins: ';', a new line, or ', ' / ' and ' before an owner.
_BREAK = re.compile(r"\s*(?:;|\n)\s*")
_OWNER_AHEAD = re.compile(
    r"(?:,\s*(?:and\s+)?|\s+and\s+)(?=(?:(?:Dr|Mr|Mrs|Ms|Miss|Cllr)\.?\s+)?[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?"
    r"\s*(?::|-|–|\bto\b|\bwill\b|\bshould\b|\bagreed\s+to\b))")
_JUST_A_NAME = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Cllr)\.?\s+)?[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?$")
_DUE = re.compile(r"\s*,?\s*\b(?:by|due(?:\s+by|\s+on)?|before|for)\s+(?:the\s+)?$", re.I)


@dataclass
class SplitAction:
    owner: str          # "" when the line names nobody
    text: str           # what is to be done, without the owner and the due date
    due: date | None


def split_actions(text: str, today: date) -> list[SplitAction]:
    """The actions in a line of minutes, each with its owner, its words and its due date."""
    actions = []
    for part in _BREAK.split(text or ""):
        waiting = []            # "Kate and Dave to ...": names before the one with the action
        for piece in _OWNER_AHEAD.split(part):
            piece = piece.strip(" ,.;")
            if not piece:
                continue
            if _JUST_A_NAME.match(piece):
                waiting.append(piece)
                continue
            action = _one(piece, today)
            if waiting and action.owner:
                action.owner = " and ".join(waiting + [action.owner])
            elif waiting:
                action.text = " and ".join(waiting + [action.text])
            waiting = []
            actions.append(action)
        if waiting:
            actions.append(SplitAction("", " and ".join(waiting), None))
    return actions


def _one(piece: str, today: date) -> SplitAction:
    owner = ""
    found = _OWNER.match(piece)
    if found and found.group("owner").split()[0].lower() not in _NOT_OWNERS:
        owner, piece = found.group("owner"), found.group("text")
    due = None
    dates = find_dates(piece, today, prefer="future")
    if dates:
        last = dates[-1]
        due = last.day
        before = _DUE.sub("", piece[:last.start])
        piece = (before + piece[last.end:]).strip(" ,.;")
    return SplitAction(owner, piece.strip(" ,.;"), due)


# Capitalised words at the start of an action that are not people.
_NOT_OWNERS = {"the", "all", "everyone", "each", "we", "i", "it", "this", "that", "they", "agreed", "action",
               "actions", "chair", "coordinator", "school", "schools", "partnership", "please", "also", "then"}
