"""Which nudges are due now: a pure function of the deadlines, the subscriptions, the meetings and
their actions, the term dates, what has been sent already (the ledger), and "now".

No botbuilder, no storage, no clock: everything comes in through `Situation`, so the scheduler, the
dry run (`python -m bot nudges --dry-run`), tests and benchmarks all call the same `due_nudges`.

The rules:
- A deadline (or an open meeting action with a due date) is nudged 14 days, 3 days and 1 day
  before, on the day, and once a week when overdue, at most 3 times. Each nudge has a window: from
  its day until the next one's day (the last, a week). A nudge not sent in its window (the bot was
  off, a weekend) gives way to the next: nobody gets a "due in 14 days" on the day before.
- Only in working hours: 09:00 to 17:00 Europe/London, Monday to Friday. Outside them, nothing is
  due; what is held goes out at the next working hour if its window is still open.
- A deadline is nudged to every subscription whose scope meets the deadline's (one holds the
  other), about the narrower of the two ("the Gosport partnership"); once "done" is said for a
  scope, nobody is nudged about that scope again. A deadline met by a full meeting counts as done
  for a partnership once one is logged in time.
- An open action with a due date nudges the subscribers of its partnership, and its owner when
  the owner is a known user (someone with a personal chat subscription).
- A deadline met by governors' resolutions (met_by "governors_resolutions") counts as done for a
  partnership once every one of its schools has passed the resolution; its nudge names the schools
  still to pass it. The caller gives `resolutions_pending` (partnership id -> those schools' names);
  without it the deadline is nudged like any other.
- Withdrawn meetings, and meetings other than full partnership meetings, meet nothing.
- A recurring deadline met by meetings ("one full partnership meeting each term") is nudged as
  "no meeting recorded this term", once per term, from three weeks before the term's last day,
  to the subscribers of partnerships with no full meeting logged in that term.
- "snooze N days" holds the nudges of one thing for one recipient until then, and then reminds
  once (the current nudge, or a "snoozed" reminder if that was sent already).
- Each nudge has a key (thing, stage, recipient). One already in the ledger is not due again,
  unless its send failed and its retry time has come.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, timedelta

from .clock import LONDON
from .dates import british
from .meeting_types import counts_for_term
from .resolutions import MET_BY as MET_BY_RESOLUTIONS
from .scopes import Geography
from .term_dates import Term
from .text import names_list

# Stage name, days from the due date.
STAGES = [("14 days before", -14), ("3 days before", -3), ("1 day before", -1), ("on the day", 0),
          ("overdue 1", 7), ("overdue 2", 14), ("overdue 3", 21)]
LAST_WINDOW_DAYS = 7
NO_MEETING_WEEKS = 3
WORKING_HOURS = (9, 17)          # 09:00 to 17:00, London time
SENT_STATES = {"sending", "sent", "uncertain", "superseded", "gave_up"}


@dataclass(frozen=True)
class Nudge:
    key: str                  # item|stage|recipient: what the ledger records
    item: str                 # what it is about: "deadline:<id>@<due>:<scope key>", "action:<p>:<n>", "no-meeting:..."
    stage: str
    recipient: str            # the conversation it goes to
    subscription_id: str
    text: str
    kind: str                 # deadline | action | no_meeting
    due: str = ""             # ISO date of what is due
    deadline_id: str = ""
    subject: str = ""         # scope key the nudge is about
    partnership_id: str = ""  # actions
    action_number: int = 0
    retry: bool = False


@dataclass
class Situation:
    now: datetime                                   # timezone-aware
    deadlines: list
    subscriptions: list                             # active ones
    geography: Geography
    terms: list                                     # knowledge.term_dates.Term
    meetings: list = field(default_factory=list)    # storage/meetings.py records (or term_meeting_days)
    term_meeting_days: dict | None = None           # partnership id -> days of its meetings that count for a term
    actions: list = field(default_factory=list)     # open actions (storage/meetings.open_actions)
    ledger: list = field(default_factory=list)      # storage/nudge_ledger.py records
    snoozes: list = field(default_factory=list)     # {"item", "recipient", "until"}
    dismissed: list = field(default_factory=list)   # {"item", "recipient"}
    documents: dict = field(default_factory=dict)   # source document key -> short name
    resolutions_pending: dict | None = None         # partnership id -> its schools still to pass the resolution


def in_working_hours(now: datetime) -> bool:
    local = now.astimezone(LONDON)
    return local.weekday() < 5 and WORKING_HOURS[0] <= local.hour < WORKING_HOURS[1]


def current_stage(due: date, today: date) -> str | None:
    """The stage whose window holds today, or None."""
    for index, (name, offset) in enumerate(STAGES):
        start = due + timedelta(days=offset)
        end = due + timedelta(days=STAGES[index + 1][1]) if index + 1 < len(STAGES) \
            else start + timedelta(days=LAST_WINDOW_DAYS)
        if start <= today < end:
            return name
    return None


def _window(due: date) -> tuple[date, date]:
    """The days on which some stage of a thing due on `due` is open."""
    return due + timedelta(days=STAGES[0][1]), due + timedelta(days=STAGES[-1][1] + LAST_WINDOW_DAYS - 1)


# ---- the ledger as the rules need it ------------------------------------------------------------

class _Ledger:
    def __init__(self, situation: Situation, now_iso: str):
        self.by_key = {r["key"]: r for r in situation.ledger}
        self.latest_on: dict[tuple, str] = {}
        for record in situation.ledger:
            pair = (record["item"], record["recipient"])
            if record.get("created_on", "") > self.latest_on.get(pair, ""):
                self.latest_on[pair] = record["created_on"]
        self.snoozed = {(s["item"], s["recipient"]): s["until"] for s in situation.snoozes}
        self.dismissed = {(d["item"], d["recipient"]) for d in situation.dismissed}
        self.now_iso = now_iso

    def verdict(self, item: str, stage: str | None, recipient: str, today_iso: str) -> tuple[str, bool] | None:
        """(stage to send, is it a retry), or None if nothing is due for this thing and recipient."""
        pair = (item, recipient)
        if pair in self.dismissed:
            return None
        until = self.snoozed.get(pair)
        if until is not None:
            if today_iso < until:
                return None
            if self.latest_on.get(pair, "") < until:       # not reminded since the snooze ended
                if stage is None or f"{item}|{stage}|{recipient}" in self.by_key:
                    stage = f"snoozed until {until}"
        if stage is None:
            return None
        record = self.by_key.get(f"{item}|{stage}|{recipient}")
        if record is None:
            return stage, False
        if record["state"] == "failed" and record.get("next_try_at", "") <= self.now_iso:
            return stage, True
        return None


# ---- text -----------------------------------------------------------------------------------

@lru_cache(maxsize=4096)   # a scan words thousands of nudges about the same few dates
def _when(due: date, today: date) -> str:
    days = (due - today).days
    if days > 1:
        return f"is due in {days} days, on {british(due)}"
    if days == 1:
        return f"is due tomorrow, {british(due)}"
    if days == 0:
        return f"is due today, {british(due)}"
    late = -days
    return f"was due on {british(due)}, {late} day{'s' if late != 1 else ''} ago"


def _source(deadline: dict, documents: dict) -> str:
    source = deadline.get("source") or {}
    if "document" in source:
        return f" (From {documents.get(source['document'], source['document'])}.)"
    if source.get("added_by_name"):
        return f" (Added by {source['added_by_name']}.)"
    return ""


ANSWER_HINT = "Reply 'done' when it is done, or 'snooze 3 days'."


# ---- the rules --------------------------------------------------------------------------------

def due_nudges(situation: Situation) -> list[Nudge]:
    """Every nudge due now, in a stable order. Empty outside working hours."""
    now = situation.now
    if not in_working_hours(now):
        return []
    today = now.astimezone(LONDON).date()
    ledger = _Ledger(situation, now.isoformat())
    subscriptions = _Subscriptions(situation.subscriptions, situation.geography)
    if not subscriptions.all:
        return []
    full_meetings = defaultdict(list, situation.term_meeting_days or {})
    if situation.term_meeting_days is None:
        for meeting in situation.meetings:
            if counts_for_term(meeting):
                full_meetings[meeting["partnership_id"]].append(meeting["date"])
    ripe_snoozes = {item for (item, _r), until in ledger.snoozed.items() if until <= today.isoformat()}
    found: dict[str, Nudge] = {}
    for deadline in situation.deadlines:
        if deadline.get("status", "active") != "active":
            continue
        if deadline.get("kind") == "recurring":
            for term_due in _term_ends(deadline, situation.terms, today):
                if deadline.get("met_by") == "full_meeting":
                    _no_meeting(situation, deadline, term_due, today, subscriptions, full_meetings, ledger, found)
                else:
                    _deadline(situation, deadline, term_due[1], today, subscriptions, full_meetings, ledger,
                              found, ripe_snoozes)
        else:
            _deadline(situation, deadline, date.fromisoformat(deadline["due"]), today, subscriptions,
                      full_meetings, ledger, found, ripe_snoozes)
    for action in situation.actions:
        _action(situation, action, today, subscriptions, ledger, found, ripe_snoozes)
    return [found[k] for k in sorted(found)]


class _Subscriptions:
    """Active subscriptions indexed by the scopes that hold them."""

    def __init__(self, subscriptions: list, geography: Geography):
        self.all = [s for s in subscriptions if s.get("active", True)]
        self.geography = geography
        self.at: dict[str, list] = defaultdict(list)        # scope key -> subscriptions for exactly it
        self.under: dict[str, list] = defaultdict(list)     # scope key -> subscriptions inside it (or it)
        self.personal_of: dict[str, list] = defaultdict(list)
        for sub in self.all:
            key = f"{sub['scope_kind']}:{sub['scope_id']}"
            self.at[key].append(sub)
            for holder in geography.ancestors(key):
                self.under[holder].append(sub)
            if sub.get("conversation_type") in ("personal", None) and sub.get("user_id"):
                self.personal_of[sub["user_id"]].append(sub)

    def meeting(self, key: str) -> list[tuple[dict, str]]:
        """(subscription, subject) for every subscription whose scope meets `key`."""
        pairs = [(sub, f"{sub['scope_kind']}:{sub['scope_id']}") for sub in self.under.get(key, [])]
        for holder in self.geography.ancestors(key)[1:]:
            pairs += [(sub, key) for sub in self.at.get(holder, [])]
        return pairs


def _one_per_recipient(pairs: list[tuple[dict, str]], geography: Geography) -> list[tuple[dict, str]]:
    """One conversation subscribed to both Gosport and South Hampshire hears once, about the wider."""
    by_recipient: dict[str, list] = defaultdict(list)
    for sub, subject in pairs:
        by_recipient[sub["recipient"]].append((sub, subject))
    kept = []
    for recipient, group in by_recipient.items():
        if len(group) == 1:
            kept.append(group[0])
            continue
        subjects = {subject for _sub, subject in group}
        seen = set()
        for sub, subject in sorted(group, key=lambda pair: pair[0]["id"]):
            if subject in seen or any(other != subject and geography.holds(other, subject) for other in subjects):
                continue
            seen.add(subject)
            kept.append((sub, subject))
    return kept


def _term_ends(deadline: dict, terms: list[Term], today: date) -> list[tuple[Term, date]]:
    start = date.fromisoformat(deadline["due"])
    return [(term, term.end) for term in terms
            if term.end >= start and term.end - timedelta(days=42) <= today <= term.end + timedelta(days=35)]


def _met(deadline: dict, subject: str, geography: Geography, full_meetings: dict, first: date, last: date) -> tuple:
    """(all met, the partnerships that have not) for a deadline met by a full meeting."""
    missing = []
    partnerships = geography.partnerships_in(subject)
    for pid in partnerships:
        if not any(first.isoformat() <= day <= last.isoformat() for day in full_meetings.get(pid, [])):
            missing.append(pid)
    return bool(partnerships) and not missing, missing


def _deadline(situation, deadline, due, today, subscriptions, full_meetings, ledger, found, ripe_snoozes):
    stage = current_stage(due, today)
    # The due date is part of what is nudged: a moved deadline is nudged afresh for its new date.
    deadline_id = f"{deadline['id']}@{due.isoformat()}"
    if stage is None and not any(item.startswith(f"deadline:{deadline_id}:") for item in ripe_snoozes):
        return
    geography = situation.geography
    scope = f"{deadline['scope_kind']}:{deadline['scope_id']}"
    done_for = deadline.get("done_for") or {}
    met_by_meeting = deadline.get("met_by") == "full_meeting"
    today_iso = today.isoformat()
    texts: dict[str, str | None] = {}       # subject -> the nudge's text (None: nothing to say)
    for sub, subject in _one_per_recipient(subscriptions.meeting(scope), geography):
        if subject not in texts:
            texts[subject] = _deadline_text(situation, deadline, subject, due, today, done_for, met_by_meeting,
                                            full_meetings)
        text = texts[subject]
        if text is None:
            continue
        item = f"deadline:{deadline_id}:{subject}"
        verdict = ledger.verdict(item, stage, sub["recipient"], today_iso)
        if verdict is None:
            continue
        send_stage, retry = verdict
        _add(found, Nudge(key=f"{item}|{send_stage}|{sub['recipient']}", item=item, stage=send_stage,
                          recipient=sub["recipient"], subscription_id=sub["id"], text=text, kind="deadline",
                          due=due.isoformat(), deadline_id=deadline["id"], subject=subject, retry=retry))


def _deadline_text(situation, deadline, subject, due, today, done_for, met_by_meeting, full_meetings) -> str | None:
    """What a deadline's nudge says about `subject`, or None if it is done there."""
    geography = situation.geography
    if done_for and any(geography.holds(done, subject) for done in done_for):
        return None
    missing = []
    if met_by_meeting:
        met, missing = _met(deadline, subject, geography, full_meetings, date(2000, 1, 1), due)
        if met:
            return None
    waiting = {}
    if deadline.get("met_by") == MET_BY_RESOLUTIONS and situation.resolutions_pending is not None:
        waiting = {pid: situation.resolutions_pending.get(pid) or [] for pid in geography.partnerships_in(subject)}
        waiting = {pid: names for pid, names in waiting.items() if names}
        if not waiting:
            return None
    opening = "Overdue for" if due < today else "Deadline reminder for"
    text = f"{opening} {geography.scope(subject).phrase()}: {deadline['title']} {_when(due, today)}."
    if missing and not subject.startswith("partnership:"):
        names = [geography.partnerships[p][0] for p in missing]
        text += f" No meeting recorded yet for: {names_list(names)}."
    if waiting and subject.startswith("partnership:"):
        text += f" Still to pass it: {', '.join(next(iter(waiting.values())))}."
    elif waiting:
        text += " Schools still to pass it in: " + ", ".join(
            f"{geography.partnerships[pid][0]} ({len(names)})" for pid, names in sorted(waiting.items())) + "."
    return text + _source(deadline, situation.documents) + " " + ANSWER_HINT


def _no_meeting(situation, deadline, term_due, today, subscriptions, full_meetings, ledger, found):
    term, end = term_due
    first_day = end - timedelta(weeks=NO_MEETING_WEEKS)
    item_stage = f"{NO_MEETING_WEEKS} weeks before the end of term"
    in_window = first_day <= today <= end
    geography = situation.geography
    scope = f"{deadline['scope_kind']}:{deadline['scope_id']}"
    for sub, subject in _one_per_recipient(subscriptions.meeting(scope), geography):
        item = f"no-meeting:{deadline['id']}:{term.id}:{subject}"
        snoozed_until = ledger.snoozed.get((item, sub["recipient"]))
        if not in_window and not (snoozed_until and snoozed_until <= today.isoformat() <= end.isoformat()):
            continue
        met, missing = _met(deadline, subject, geography, full_meetings, term.start, end)
        if met or not missing:
            continue
        verdict = ledger.verdict(item, item_stage if in_window else None, sub["recipient"], today.isoformat())
        if verdict is None:
            continue
        send_stage, retry = verdict
        names = [geography.partnerships[p][0] for p in missing]
        who = f"the {names[0]} partnership" if len(names) == 1 else names_list(names)
        text = (f"No meeting recorded this term for {who}: no full partnership meeting has been logged in the "
                f"{term.name}, which ends on {british(end)}. The letter expects one full partnership meeting "
                f"each term.{_source(deadline, situation.documents)} Once you have met, log the meeting here so "
                f"it counts. Reply 'done' to stop this reminder, or 'snooze 3 days'.")
        _add(found, Nudge(key=f"{item}|{send_stage}|{sub['recipient']}", item=item, stage=send_stage,
                          recipient=sub["recipient"], subscription_id=sub["id"], text=text, kind="no_meeting",
                          due=end.isoformat(), deadline_id=deadline["id"], subject=subject, retry=retry))


def _action(situation, action, today, subscriptions, ledger, found, ripe_snoozes):
    if not action.get("due") or action.get("status", "open") != "open":
        return
    due = date.fromisoformat(action["due"])
    stage = current_stage(due, today)
    item = f"action:{action['partnership_id']}:{action['number']}"
    if stage is None and item not in ripe_snoozes:
        return
    geography = situation.geography
    partnership = f"partnership:{action['partnership_id']}"
    recipients = {sub["recipient"]: sub for sub, _subject in subscriptions.meeting(partnership)}
    owner_id = action.get("owner_user_id")
    owner_recipients = {sub["recipient"]: sub for sub in subscriptions.personal_of.get(owner_id, [])} \
        if owner_id else {}
    recipients.update(owner_recipients)
    name = geography.scope(partnership).name
    for recipient in sorted(recipients):
        sub = recipients[recipient]
        verdict = ledger.verdict(item, stage, recipient, today.isoformat())
        if verdict is None:
            continue
        send_stage, retry = verdict
        whose = "Your action" if recipient in owner_recipients else "Action"
        owner = "" if recipient in owner_recipients or not action.get("owner") else f" (owner: {action['owner']})"
        text = (f"{whose} {action['number']} for the {name} partnership{owner}: \"{action['text']}\" "
                f"{_when(due, today)}. {ANSWER_HINT}")
        _add(found, Nudge(key=f"{item}|{send_stage}|{recipient}", item=item, stage=send_stage,
                          recipient=recipient, subscription_id=sub["id"], text=text, kind="action",
                          due=due.isoformat(), subject=partnership, partnership_id=action["partnership_id"],
                          action_number=action["number"], retry=retry))


def _add(found: dict, nudge: Nudge) -> None:
    found.setdefault(nudge.key, nudge)
