"""5. Nudge scan: deciding every nudge for 2,000 deadlines x 500 subscribers.

Times `knowledge.nudge_rules.due_nudges` (issue 4), the pure function the scheduler calls, on a
made-up but well-formed situation on a working Wednesday morning (14 July 2010, 10:00 London):
- 2,000 deadlines over every kind of scope (70% one partnership, 20% a district, 8% an area, 2%
  the county), due from 25 days ago to 34 days ahead, so most are in some reminder window; one
  in twenty is met by a full meeting;
- 500 subscriptions (half personal chats, half channels), mostly to one partnership;
- 200 full meetings logged (for the "met by a meeting" rule); no open actions.
Twice: the first scan (nothing sent yet: everything due is decided) and the steady state (every
one of those already in the ledger, so nothing is due again).
"""

import time
from datetime import datetime, timedelta

from knowledge.clock import LONDON
from knowledge.directory import load_directory

NOW = datetime(2010, 7, 14, 10, 0, tzinfo=LONDON)


def _scopes(directory) -> dict[str, list[tuple[str, str, str]]]:
    return {
        "partnership": sorted(("partnership", p.id, p.name) for p in directory.partnerships.values()),
        "district": sorted(("district", d.name, d.name) for d in directory.districts.values()),
        "area": sorted(("area", a.id, a.name) for a in directory.areas.values()),
        "county": [("county", "county", "Hampshire")],
    }


def _scope_for(i: int, scopes) -> tuple[str, str, str]:
    share = i % 50
    kind = "partnership" if share < 35 else "district" if share < 45 else "area" if share < 49 else "county"
    choices = scopes[kind]
    return choices[i % len(choices)]


def deadlines(count: int, scopes) -> list[dict]:
    found = []
    for i in range(count):
        kind, scope_id, name = _scope_for(i, scopes)
        found.append({
            "id": f"bench-deadline-{i}", "title": f"Bench deadline {i}",
            "due": (NOW.date() + timedelta(days=i % 60 - 25)).isoformat(),
            "scope_kind": kind, "scope_id": scope_id, "scope_name": name,
            "kind": "one-off", "every": "", "met_by": "full_meeting" if i % 20 == 0 else "", "note": "",
            "source": {"added_by": "aad-bench", "added_by_name": "Bench Coordinator", "at": "2010-06-01T09:00:00+00:00"},
            "done_for": {}, "history": [], "status": "active",
        })
    return found


def subscriptions(count: int, scopes) -> list[dict]:
    found = []
    for j in range(count):
        kind, scope_id, name = _scope_for(j * 7, scopes)
        personal = j % 2 == 0
        found.append({
            "id": f"bench-sub-{j}", "recipient": f"msteams:{'a:personal' if personal else '19:channel'}-{j}",
            "scope_kind": kind, "scope_id": scope_id, "scope_name": name, "active": True,
            "conversation_type": "personal" if personal else "channel",
            "user_id": f"aad-user-{j}", "user_name": f"Subscriber {j}",
        })
    return found


def meetings(count: int, scopes) -> list[dict]:
    partnerships = scopes["partnership"]
    return [{"partnership_id": partnerships[i % len(partnerships)][1], "kind": "full",
             "date": (NOW.date() - timedelta(days=1 + i % 120)).isoformat()} for i in range(count)]


def _timed(function, repeats: int):
    best, result = None, None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def measure(deadline_count: int = 2_000, subscriber_count: int = 500, repeats: int = 3) -> dict:
    try:
        from knowledge.nudge_rules import Situation, due_nudges
        from knowledge.scopes import Geography
        from knowledge.term_dates import load_terms
    except ImportError as error:
        return {"measured": False, "why": f"issue 4's nudge rules are not there: {error}"}
    directory = load_directory()
    scopes = _scopes(directory)
    situation = Situation(now=NOW, deadlines=deadlines(deadline_count, scopes),
                          subscriptions=subscriptions(subscriber_count, scopes),
                          geography=Geography.from_directory(directory), terms=load_terms(),
                          meetings=meetings(200, scopes))
    first_seconds, due = _timed(lambda: due_nudges(situation), repeats)
    situation.ledger = [{"key": n.key, "item": n.item, "recipient": n.recipient, "stage": n.stage,
                         "state": "sent", "created_on": NOW.date().isoformat()} for n in due]
    steady_seconds, again = _timed(lambda: due_nudges(situation), repeats)
    pairs = deadline_count * subscriber_count
    return {
        "measured": True,
        "deadlines": deadline_count, "subscribers": subscriber_count,
        "nudges_due_first_scan": len(due), "nudges_due_when_all_sent": len(again),
        "first_scan_ms": round(first_seconds * 1000, 1),
        "steady_scan_ms": round(steady_seconds * 1000, 1),
        "us_per_deadline_x_subscriber": round(first_seconds / pairs * 1e6, 3),
        "repeats": repeats, "timing": "best of the repeats",
    }
