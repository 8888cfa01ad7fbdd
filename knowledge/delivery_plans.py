"""A partnership's summary delivery plan and the county's expected outcomes.

The Director's letter of January 2010: partnerships are "to agree a summary level delivery plan
addressing a limited number of key performance areas (perhaps 10) in the first year", by the end
of July 2010, addressing the county's key outcomes (knowledge/data/expected_outcomes.yaml)
"alongside locally determined priorities".

A plan (as stored by storage/delivery_plans.py), one per partnership, its id the partnership's id:
    {"id", "partnership_id", "priorities": ["Reduce NEET in Gosport", ...], "agreed_on": "2010-07-15",
     "agreed_by": "the full partnership meeting", "recorded_by", "recorded_by_name", "recorded_at",
     "history": [{"by", "by_name", "at", "what", "change_id", "previous"}]}

    missing_outcomes(plan["priorities"]) -> the expected outcomes no priority names
    plan_text(plan, "Gosport"), read_priorities("1. NEET; 2. ...")
Plain Python: no botbuilder, no storage.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .dates import short_british
from .wording import and_list
from .text import simplify

DATA = Path(__file__).parent / "data" / "expected_outcomes.yaml"
DEADLINE_ID = "delivery-plan-2010"        # the seed deadline in knowledge/data/deadlines.yaml
DUE = "2010-07-31"
SUGGESTED = 10                            # "perhaps 10"


@dataclass(frozen=True)
class Outcome:
    id: str
    name: str
    short: str
    words: tuple


@lru_cache(maxsize=1)
def expected_outcomes() -> tuple[Outcome, ...]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(Outcome(id=o["id"], name=o["name"], short=o["short"],
                         words=tuple(simplify(w) for w in o["words"])) for o in raw["outcomes"])


def outcomes_named(priority: str) -> list[Outcome]:
    """The expected outcomes one priority names."""
    words = f" {simplify(priority)} "
    return [o for o in expected_outcomes() if any(f" {w} " in words for w in o.words)]


def addressed(priorities: list[str]) -> dict[str, list[int]]:
    """Outcome id -> the numbers (from 1) of the priorities that address it."""
    found = {o.id: [] for o in expected_outcomes()}
    for number, priority in enumerate(priorities, 1):
        for outcome in outcomes_named(priority):
            found[outcome.id].append(number)
    return found


def missing_outcomes(priorities: list[str]) -> list[Outcome]:
    """'Which expected outcomes does it not yet address?', in the letter's order."""
    found = addressed(priorities)
    return [o for o in expected_outcomes() if not found[o.id]]


_NUMBERED = re.compile(r"(?:^|\s)\(?\d{1,2}[.)]\s+")


def read_priorities(text: str) -> list[str]:
    """Priorities as a chair types or pastes them: one a line, or separated by semicolons, or
    numbered ('1. Reduce NEET 2. Teenage conceptions'). Bullets and numbers are dropped."""
    text = (text or "").strip()
    if "\n" in text or ";" in text:
        parts = re.split(r"[\n;]", text)
    else:
        parts = _NUMBERED.split(text)
    cleaned = [re.sub(r"^\s*(?:[-*•]|\(?\d{1,2}[.)])\s*", "", p).strip(" .,\t") for p in parts]
    return [p for p in cleaned if p]


def deadline_scope(partnership_id: str) -> str:
    """The scope key storage/deadlines.mark_done takes for this partnership."""
    return f"partnership:{partnership_id}"



def missing_text(priorities: list[str]) -> str:
    missing = missing_outcomes(priorities)
    if not missing:
        return "It addresses all the county's expected outcomes (" + \
            and_list([o.short for o in expected_outcomes()]) + ")."
    return (f"It does not yet address: {and_list([o.name for o in missing])}. The Director's letter of January "
            f"2010 asks every partnership to address these alongside its local priorities.")


def plan_text(plan: dict | None, partnership_name: str) -> str:
    """The plan as a chair reads it back."""
    if not plan or not plan.get("priorities"):
        return (f"No delivery plan is recorded for {partnership_name} yet. The letter asks for a summary plan "
                f"of about {SUGGESTED} priorities by {short_british(DUE)}. To record one, say 'record the "
                f"delivery plan' and list its priorities.")
    found = addressed(plan["priorities"])
    by_number = {}
    for outcome in expected_outcomes():
        for number in found[outcome.id]:
            by_number.setdefault(number, []).append(outcome.short)
    lines = [f"{partnership_name}'s delivery plan, agreed on {short_british(plan['agreed_on'])}"
             + (f" by {plan['agreed_by']}" if plan.get("agreed_by") else "") + ":"]
    for number, priority in enumerate(plan["priorities"], 1):
        tag = f" ({', '.join(by_number[number])})" if number in by_number else ""
        lines.append(f"{number}. {priority}{tag}")
    lines.append(missing_text(plan["priorities"]))
    count = len(plan["priorities"])
    if count > SUGGESTED + 4:
        lines.append(f"It has {count} priorities; the letter suggests a limited number, perhaps {SUGGESTED}.")
    return "\n".join(lines)
