"""Actions as a chair dictates them, read into {text, owner, due}.

    read_action("Jo to circulate the draft delivery plan by next Friday", today)
    -> {"text": "circulate the draft delivery plan", "owner": "Jo", "due": "2010-03-12", "due_given": True}

A missing owner comes back as "" and a missing date as due None with due_given False, so the
dialog can ask for them; "no due date" (or "ongoing") is an answer: due None, due_given True.
Plain Python: no botbuilder.
"""

import re
from datetime import date

from .dates import NO_DATE_WORDS, due_date
from .understanding.actions import split_actions as split_owned_actions

NONE_WORDS = {"none", "no actions", "nothing", "no", "n/a", "nil", "-", "no action"}
MAX_OWNER_WORDS = 6
# Words an action's text starts with: "Circulate the plan to heads" has no owner in front of it.
VERBS = {
    "agree", "arrange", "ask", "book", "check", "circulate", "collate", "confirm", "consult", "contact",
    "create", "develop", "distribute", "draft", "email", "e-mail", "find", "follow", "gather", "identify",
    "invite", "issue", "liaise", "look", "map", "meet", "organise", "organize", "plan", "prepare",
    "produce", "provide", "publish", "put", "raise", "report", "request", "review", "send", "set", "share",
    "speak", "submit", "talk", "update", "write", "all", "everyone", "please",
}
OWNER_JOINS = re.compile(r"\s+(?:to|will|agreed to|is to|are to|should|must|would)\s+", re.I)
DUE_AT_END = re.compile(r"\s+(?:by|before|on|due|due by|due on|no later than|deadline)\s+(?P<when>[^,;]+?)\s*$", re.I)
NO_DUE_AT_END = re.compile(r"[\s,(-]+(?P<none>" + "|".join(sorted((re.escape(w) for w in NO_DATE_WORDS if " " in w or
                                                                     w in ("ongoing", "tbc")), key=len, reverse=True))
                           + r")\)?\s*$", re.I)
OWNER_AT_END = re.compile(r"\s*(?:\((?:owner:?\s*|lead:?\s*)?(?P<a>[^()]{1,60})\)|\s[-–—]\s*(?P<b>[^-–—]{1,60})|"
                          r"\[(?P<c>[^\[\]]{1,60})\])\s*$", re.I)
OWNER_LABEL = re.compile(r"\b(?:owner|lead|who)\s*[:=]\s*(?P<owner>[^;,]+?)\s*(?:[;,]|$)", re.I)


def is_none(text: str) -> bool:
    return " ".join((text or "").lower().split()).strip(" .!") in NONE_WORDS


def split_actions(text: str) -> list[str]:
    """One action per line or per ';' (bullets and numbering removed)."""
    pieces = re.split(r"[;\n•]+|\s(?=\d{1,2}[.)]\s)", text or "")
    cleaned = []
    for piece in pieces:
        piece = re.sub(r"^\s*(?:[-*]|\d{1,2}[.)]|action\s*\d*\s*[:.-])\s*", "", piece, flags=re.I).strip(" .")
        if piece and not is_none(piece):
            cleaned.append(piece)
    return cleaned


def _owner_in_front(text: str) -> tuple[str, str]:
    """'Jo Smith to circulate the plan' -> ('Jo Smith', 'circulate the plan')."""
    found = OWNER_JOINS.search(text)
    if not found:
        return "", text
    owner, rest = text[:found.start()].strip(), text[found.end():].strip()
    words = owner.split()
    if not words or len(words) > MAX_OWNER_WORDS or words[0].lower() in VERBS or not rest:
        return "", text
    return owner, rest


def read_due(text: str, today: date) -> tuple[str, str | None, bool]:
    """(text without its date, due ISO date or None, whether a due date was given at all)."""
    none = NO_DUE_AT_END.search(text)
    if none:
        return text[:none.start()].strip(" ,("), None, True
    found = DUE_AT_END.search(text)
    if found:
        reading = due_date(found.group("when"), today)
        if reading.ok:
            return text[:found.start()].strip(" ,"), reading.day.isoformat(), True
    return text, None, False


def read_action(text: str, today: date) -> dict:
    text = " ".join((text or "").split()).strip(" .")
    owner = ""
    labelled = OWNER_LABEL.search(text)
    if labelled:
        owner = labelled.group("owner").strip()
        text = (text[:labelled.start()] + text[labelled.end():]).strip(" ,;")
    body, due, due_given = read_due(text, today)
    if not owner:
        owner, body = _owner_in_front(body)
    if not owner:
        at_end = OWNER_AT_END.search(body)
        if at_end:
            candidate = (at_end.group("a") or at_end.group("b") or at_end.group("c") or "").strip()
            if candidate and len(candidate.split()) <= MAX_OWNER_WORDS and not due_date(candidate, today).ok:
                owner, body = candidate, body[:at_end.start()].strip(" ,")
        if owner and not due_given:
            body, due, due_given = read_due(body, today)
    return {"text": body.strip(" ,."), "owner": owner, "due": due, "due_given": due_given}


def read_actions(text: str, today: date) -> list[dict]:
    if is_none(text):
        return []
    return [action for piece in split_actions(text) for action in _owned_actions(piece, today)]


def _owned_actions(piece: str, today: date) -> list[dict]:
    """"Kate: draft the ToR by 15 December, Dave to share the police data" is two actions, split on
    the comma or "and" before each owner; one action is read as it always was."""
    owned = split_owned_actions(piece, today)
    as_ever = read_action(piece, today)
    if not owned or not all(a.owner for a in owned) or (len(owned) == 1 and as_ever["owner"]):
        return [as_ever]
    actions = []
    for one in owned:
        if one.due is not None:
            actions.append({"text": one.text.strip(" ,."), "owner": one.owner, "due": one.due.isoformat(),
                            "due_given": True})
        else:
            body, due, due_given = read_due(one.text, today)
            actions.append({"text": body.strip(" ,."), "owner": one.owner, "due": due, "due_given": due_given})
    return actions


def is_me(owner: str) -> bool:
    return (owner or "").strip().lower() in {"i", "me", "myself", "i will", "chair (me)"}
