"""Deadlines as coordinators say and read them: the seed timetable, dates typed in chat, finding
"the delivery plan deadline", and the list a coordinator is shown. No botbuilder, no storage.

A deadline (as stored by storage/deadlines.py):
    {"id", "seed_id" (seeded ones only), "title", "due": "2010-07-31",
     "scope_kind", "scope_id", "scope_name",          # what it applies to (knowledge/scopes.py)
     "kind": "one-off" | "recurring", "every": "school term" (recurring),
     "met_by": "full_meeting" or "governors_resolutions" (optional), "note",
     "source": {"document", "paragraph", "passage"} or {"added_by", "added_by_name", "at"},
     "done_for": {scope key: {"by", "by_name", "at"}},  # who has said "done", per scope
     "history": [{"by", "by_name", "at", "what"}]}
"""

import re
from datetime import date
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from .dates import british
from .scopes import Geography, Scope
from .term_dates import Term
from .text import simplify

SEED = Path(__file__).parent / "data" / "deadlines.yaml"
SCOPE_KINDS = {"area", "district", "partnership"}


def load_seed(path: Path = SEED, directory=None) -> list[dict]:
    """The seed timetable as deadline records (without ids), checked against the directory."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    seeds = []
    for row in raw.get("deadlines", []):
        applies = row.get("applies_to", "all")
        if applies == "all":
            scope = Scope("county", "county", "Hampshire")
        else:
            [(kind, scope_id)] = applies.items()
            if kind not in SCOPE_KINDS:
                raise ValueError(f"{path.name}: {row['seed_id']} applies to an unknown kind of place: {kind}")
            scope = Scope(kind, str(scope_id), _scope_name(directory, kind, str(scope_id)))
        due = row["due"] if isinstance(row["due"], date) else date.fromisoformat(str(row["due"]))
        seeds.append({
            "seed_id": row["seed_id"], "title": row["title"], "due": due.isoformat(),
            "scope_kind": scope.kind, "scope_id": scope.id, "scope_name": scope.name,
            "kind": row.get("kind", "one-off"), "every": row.get("every", ""), "met_by": row.get("met_by", ""),
            "note": row.get("note", ""), "source": dict(row["source"]), "done_for": {}, "history": [],
        })
    return seeds


def _scope_name(directory, kind: str, scope_id: str) -> str:
    if directory is None:
        return scope_id
    if kind == "partnership":
        return directory.partnerships[scope_id].name
    if kind == "area":
        return directory.areas[scope_id].name
    return directory.districts[scope_id].name


def short_date(day: date | str) -> str:
    """'6 Aug 2010'."""
    day = day if isinstance(day, date) else date.fromisoformat(day)
    return f"{day.day} {day:%b %Y}"


# ---- "add deadline: self-evaluation due 31 March for Gosport" ----------------------------------

_ADD = re.compile(r"^(?P<title>.+?)\s+(?:is\s+)?(?:due|by|on|deadline)\s+(?P<when>.+?)"
                  r"(?:\s+(?:for|in|applies to)\s+(?P<scope>[^,]+?))?$", re.I)
_ADD_SCOPE_FIRST = re.compile(r"^(?:for\s+)(?P<scope>.+?)[:,]\s*(?P<title>.+?)\s+(?:is\s+)?(?:due|by|on)\s+(?P<when>.+)$",
                              re.I)


def read_new_deadline(text: str) -> dict | None:
    """'self-evaluation due 31 March for Gosport' -> {title, when, scope}; None if no date part."""
    text = " ".join((text or "").split()).strip(" .")
    found = _ADD_SCOPE_FIRST.match(text) or _ADD.match(text)
    if not found:
        return None
    title = found.group("title").strip(" :,-\"'")
    title = title[:1].upper() + title[1:]
    return {"title": title, "when": found.group("when").strip(), "scope": (found.group("scope") or "").strip()}


# ---- finding "the delivery plan deadline" -----------------------------------------------------

def find_deadlines(deadlines: list[dict], words: str) -> list[dict]:
    """The deadlines `words` most likely means, best first: one if it is clear, several if not."""
    wanted = simplify(re.sub(r"\b(the|deadline|deadlines|date)\b", " ", words or "", flags=re.I))
    if not wanted:
        return []
    scored = []
    for deadline in deadlines:
        title = simplify(deadline["title"])
        score = max(fuzz.partial_ratio(wanted, title), fuzz.token_set_ratio(wanted, title))
        if wanted in title.split() or f" {wanted} " in f" {title} ":
            score = max(score, 95)
        if score >= 75:
            scored.append((score, deadline))
    scored.sort(key=lambda pair: (-pair[0], pair[1]["due"]))
    if not scored:
        return []
    best = scored[0][0]
    return [d for score, d in scored if score >= best - 3]


# ---- what a coordinator is shown ---------------------------------------------------------------

def applies_to(deadline: dict, geography: Geography, key: str) -> bool:
    """Does the deadline concern the scope `key` (it holds it, or lies inside it)?"""
    return geography.narrower(f"{deadline['scope_kind']}:{deadline['scope_id']}", key) is not None


def next_due(deadline: dict, today: date, terms: list[Term]) -> date | None:
    """The date it is next due: a one-off's date; a recurring one's next term end on or after today."""
    due = date.fromisoformat(deadline["due"])
    if deadline.get("kind") != "recurring":
        return due
    upcoming = [t.end for t in terms if t.end >= max(today, due)]
    return upcoming[0] if upcoming else None


def scope_phrase(deadline: dict) -> str:
    return Scope(deadline["scope_kind"], deadline["scope_id"], deadline["scope_name"]).phrase()


def source_text(deadline: dict, documents: dict | None = None) -> str:
    source = deadline.get("source") or {}
    if "document" in source:
        name = documents[source["document"]].short if documents and source["document"] in documents \
            else source["document"]
        return f"{name}: \"{source['passage']}\""
    if source.get("added_by_name"):
        return f"added by {source['added_by_name']}"
    return ""


def listing(deadlines: list[dict], today: date, terms: list[Term], geography: Geography,
            key: str | None = None, done_key: str | None = None) -> list[dict]:
    """Rows for the deadline list, soonest first: what, when, for whom, and how it stands.
    Deadlines more than four weeks past are left out."""
    rows = []
    for deadline in deadlines:
        if key is not None and not applies_to(deadline, geography, key):
            continue
        due = next_due(deadline, today, terms)
        if due is None or (today - due).days > 28:
            continue
        days = (due - today).days
        if days > 0:
            when = "tomorrow" if days == 1 else f"in {days} days"
        elif days == 0:
            when = "today"
        else:
            when = f"{-days} day{'s' if days != -1 else ''} ago"
        done = done_key is not None and any(geography.holds(k, done_key) for k in deadline.get("done_for", {}))
        rows.append({"id": deadline["id"], "title": deadline["title"], "due": due.isoformat(),
                     "due_text": british(due), "when": when, "for": scope_phrase(deadline),
                     "recurring": "each school term" if deadline.get("kind") == "recurring" else "",
                     "status": "done" if done else ("overdue" if days < 0 else "")})
    rows.sort(key=lambda r: (r["due"], r["title"]))
    return rows
