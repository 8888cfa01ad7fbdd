"""What a chair said when they started logging a meeting, read into its parts.

    "log a meeting for Gosport on 9 March. Present: Jo Smith (Gosport Police), Head of Bay House.
     Apologies: Ann Lee (YOT). Decisions: adopt the delivery plan. Actions: Jo to circulate the
     draft delivery plan by next Friday"
    -> {"partnership": "Gosport", "date": "9 March", "attendees": "Jo Smith (Gosport Police), ...",
        "apologies": "Ann Lee (YOT)", "decisions": "adopt the delivery plan", "actions": "Jo to ..."}

Only what was said comes back (all text, exactly as typed); the dialog checks each part and asks
for the rest. A part is labelled by a word and a colon ("Present:", "Apologies:", "Decisions:",
"Actions:"), or by "attended by" / "apologies from", so "Jo agreed to ..." inside an action is
never read as the start of the decisions. Plain Python: no botbuilder.
"""

import re
from datetime import date

from .dates import parse_date
from .meeting_types import without_meeting_type

PARTS = ("kind", "partnership", "date", "attendees", "apologies", "decisions", "actions")

_BOUNDARY = r"(?:^|(?<=[.;,\n])\s*|\s+-\s+)"
LABELS = [
    ("attendees", r"(?:present|attendees|attending|attendance|in attendance|who came)\s*:|attended by\b:?|present were\b:?"),
    ("apologies", r"(?:apologies(?: from| received from| were received from)?|sent apologies)\s*:|apologies from\b:?"),
    ("decisions", r"(?:decisions?|decided|agreed|resolved|resolutions?)\s*(?:that)?\s*:|we (?:decided|agreed)\b:?"),
    ("actions", r"(?:actions?|action points|to do)\s*:"),
]
_LABEL = re.compile(_BOUNDARY + "(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in LABELS) + r")\s*",
                    re.I)
COMMAND = re.compile(
    r"^\s*(?:please\s+)?(?:can you\s+|i want to\s+|i'd like to\s+|let's\s+)?"
    r"(?:(?:log|record|add|enter|write up|take|start|new|save|note)\s+(?:a\s+|the\s+|our\s+|some\s+|new\s+|today's\s+)*"
    r"(?:(?P<before>[\w', ]{2,50}?)\s+)?)?"
    r"(?:(?:partnership|full partnership)\s+)?(?:meeting\s+minutes|meeting|minutes)\b\s*",
    re.I)
DATE_LEAD = re.compile(r"\s*(?:,\s*)?\b(?:on|held on|dated|which was|that was|held)\s+(?P<when>.+)$", re.I)
MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
RELATIVE_DATE = re.compile(r"\s*(?:,\s*)?\b(?P<when>yesterday|today|tomorrow|this morning|this afternoon|last night|"
                           r"(?:last|next|this) \w+|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|"
                           rf"\d{{1,2}}(?:st|nd|rd|th)? {MONTHS}(?: \d{{4}})?|{MONTHS} \d{{1,2}}(?:st|nd|rd|th)?(?: \d{{4}})?)$",
                           re.I)


def read_request(text: str, today: date) -> dict:
    """The parts of a meeting given in one message, as typed; missing parts are absent."""
    text = (text or "").strip()
    found = {}
    labels = list(_LABEL.finditer(text))
    head = text[:labels[0].start()] if labels else text
    for index, label in enumerate(labels):
        part = label.lastgroup
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        value = text[label.end():end].strip(" .,;\n")
        if value and part not in found:
            found[part] = value
    found.update(_read_head(head, today))
    if COMMAND.match(head) is None:
        for part, value in read_told(text, today).items():
            found.setdefault(part, value)
    return found


# "had our Fareham meeting this morning, Sue and Raj came, Helen sent apologies; agreed to meet
# each term; Raj to send the plan by Friday": a meeting told as it happened, clause by clause.
TOLD_HEAD = re.compile(r"^\s*(?:we\s+|i\s+)?(?:just\s+)?(?:had|held|did|attended|chaired)\s+(?:our|the|a|my|today's)?\s*"
                       r"(?P<who>.*?)\s*(?:local\s+)?(?:children'?s\s+)?(?:partnership\s+|lcp\s+|full\s+)?(?:meeting|mtg)\b"
                       r"\s*(?P<when>.*)$", re.I)
TOLD_CAME = re.compile(r"^(?P<who>.+?)\s+(?:came|attended|were there|was there|were present|was present|turned up|"
                       r"joined(?: us)?)$", re.I)
TOLD_APOLOGIES = re.compile(r"^(?:(?P<who>.+?)\s+sent\s+(?:(?:her|his|their)\s+)?apologies|"
                            r"apologies\s+(?:from|received from)\s+(?P<from>.+))$", re.I)
TOLD_DECIDED = re.compile(r"^(?:we\s+)?(?:agreed|decided|resolved)\b\s*(?:that\s+|to\s+)?(?P<what>.+)$", re.I)
TOLD_ACTION = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Cllr)\.?\s+)?[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?"
                         r"\s*(?::|\bto\b|\bwill\b)\s*\S", re.U)


def read_told(text: str, today: date) -> dict:
    """The parts a one-sentence meeting names, as typed: {} unless it starts like one."""
    clauses = [c.strip(" .") for c in re.split(r"\s*(?:[;,\n]|\s-\s|\s–\s)\s*", text or "")]
    clauses = [c for c in clauses if c]
    head = TOLD_HEAD.match(clauses[0]) if clauses else None
    if head is None:
        return {}
    found = {}
    who, when = head.group("who").strip(" ,"), head.group("when").strip(" ,")
    if who:
        found["partnership"] = who
    if when and parse_date(re.sub(r"^(?:on|held on)\s+", "", when, flags=re.I), today) is not None:
        found["date"] = re.sub(r"^(?:on|held on)\s+", "", when, flags=re.I)
    waiting, decisions, actions = [], [], []
    for clause in clauses[1:]:
        came, sent, decided = TOLD_CAME.match(clause), TOLD_APOLOGIES.match(clause), TOLD_DECIDED.match(clause)
        if came or sent:
            names = waiting + [(came or sent).group("who") or sent.group("from")]
            found.setdefault("attendees" if came else "apologies", _names(names))
        elif decided:
            decisions.append(decided.group("what"))
        elif TOLD_ACTION.match(clause):
            actions.append(clause)
        elif re.fullmatch(r"[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?", clause):
            waiting.append(clause)      # "Sue, Raj and Tom came": names before the one with the verb
            continue
        waiting = []
    if decisions:
        found["decisions"] = "; ".join(decisions)
    if actions:
        found["actions"] = "; ".join(actions)
    return found


def _names(names: list[str]) -> str:
    """"Sue", "Raj and Tom" -> "Sue, Raj, Tom": one person each, as the attendance reader takes them."""
    return ", ".join(n.strip() for name in names for n in re.split(r"\s+and\s+|\s*&\s*", name) if n.strip())


def _read_head(head: str, today: date) -> dict:
    """'log a meeting for Gosport on 9 March' -> {'partnership': 'Gosport', 'date': '9 March'}."""
    command = COMMAND.match(head)
    if command is None:
        return {}          # no command words: nothing to read from the head
    rest = head[command.end():].strip(" .,;:")
    kind, before = without_meeting_type((command.group("before") or "").strip())
    found = {"kind": kind} if kind else {}
    if before and re.sub(r"(?i)^(partnership|full partnership|full)$", "", before):
        rest = f"for {before} {rest}"
    when = DATE_LEAD.search(rest) or RELATIVE_DATE.search(rest)
    if when:
        found["date"] = when.group("when").strip(" .,")
        rest = rest[:when.start()]
        # "on 9 March for Gosport": the partnership came after the date.
        after = re.search(r"\s+(?:for|of)\s+(?P<who>.+)$", found["date"], re.I)
        if after:
            found["date"] = found["date"][:after.start()]
            rest = f"{rest} for {after.group('who')}"
    rest = re.sub(r"(?:^|\s)(?:that |which )?(?:we|they|you|i)(?: (?:had|held|did))?(?=\s|$)", " ", rest, flags=re.I)
    rest = re.sub(r"^\s*(?:for|of|with|at)\b(?:\s+the\b)?", "", rest.strip(" .,"), flags=re.I).strip()
    rest = re.sub(r"\s+(?:local\s+)?(?:children'?s\s+)?(?:partnership|meeting)$", "", rest, flags=re.I).strip(" .,")
    if rest:
        if "date" not in found and parse_date(rest, today) is not None and not re.search(r"[A-Z][a-z]+ [A-Z]", rest):
            found["date"] = rest           # "minutes for 9 March": a date, not a partnership
        else:
            found["partnership"] = rest
    return found


def read_list(text: str) -> list[str]:
    """Decisions: one per line or per ';' ('none' is an empty list)."""
    items = [re.sub(r"^\s*(?:[-*•]|\d{1,2}[.)])\s*", "", piece).strip(" .")
             for piece in re.split(r"[;\n•]+", text or "")]
    items = [i for i in items if i]
    if len(items) == 1 and items[0].lower() in {"none", "nothing", "no", "no decisions", "nil", "n/a", "-"}:
        return []
    return items


# Corrections a chair makes at any prompt, before the summary: "it was Gosport not Fareham",
# "the date should be 13 May", "add Sarah to the apologies".
_LEAD = r"^\W*(?:(?:no|sorry|actually|oops|wait|oh)\W+)*"
_CORRECT_DATE = re.compile(_LEAD + r"(?:the\s+)?(?:date|day|meeting)\s+(?:should\s+be|should\s+have\s+been|was|is)\s+"
                           r"(?:on\s+)?(?P<value>.+?)\W*$", re.I)
_CORRECT_WAS = re.compile(_LEAD + r"it\s+was\s+(?:on\s+)?(?:the\s+)?(?P<value>.+?)(?:\s+partnership|\s+meeting)?,?\s+not\s+"
                          r"(?:on\s+)?(?:the\s+)?(?P<old>.+?)\W*$", re.I)
_CORRECT_ADD = re.compile(_LEAD + r"(?:please\s+)?add\s+(?P<value>.+?)\s+to\s+(?:the\s+)?"
                          r"(?P<part>apologies|attendees|people\s+present|present|attendance)\W*$", re.I)


def read_correction(text: str, today: date) -> tuple[str, str, bool] | None:
    """(part, value as typed, whether it adds to the part) for a correction, else None."""
    text = " ".join((text or "").split())
    added = _CORRECT_ADD.match(text)
    if added:
        part = "apologies" if added.group("part").lower() == "apologies" else "attendees"
        return part, added.group("value"), True
    dated = _CORRECT_DATE.match(text)
    if dated and parse_date(dated.group("value"), today) is not None:
        return "date", dated.group("value"), False
    was = _CORRECT_WAS.match(text)
    if was:
        value = was.group("value")
        is_date = parse_date(value, today) is not None
        return ("date" if is_date else "partnership"), value, False
    return None
