"""Who takes part in a partnership's meetings, across meetings: each of its schools and colleges
(from the directory) and each core-partner category of the briefing's paragraph 6.

    found = engagement(meetings, directory.schools_in("gosport"), partnership_name="Gosport")
    found.meetings       -> [{"id", "date", "kind"}, ...]             the columns, oldest first
    found.rows           -> [Row(key, label, group, marks), ...]        schools first, then partners
    row.marks            -> ("present", "apologies", "absent", ...)     one per meeting
    missed_last(found)   -> the rows not present at either of the last two meetings
    engagement_text(found), partners_text(found), school_text(found, "bay-house-school-gosport")

Only full partnership meetings count by default (steering and working groups are not where every
school is expected); withdrawn meetings never count. The briefing, paragraph 3: "each school and
college has an opportunity to be directly engaged in the business cycle of the partnership".
Plain Python: no botbuilder, no storage.
"""

from dataclasses import dataclass

from .attendance import SCHOOL, core_partners
from .dates import short_british
from .wording import and_list
from .meeting_types import FULL, counted, kind_of, name_of

PRESENT, APOLOGIES, ABSENT = "present", "apologies", "absent"
MARKS = (PRESENT, APOLOGIES, ABSENT)
SCHOOLS, PARTNERS = "school", "partner"


@dataclass(frozen=True)
class Row:
    key: str           # a school id, or a core-partner category id
    label: str         # "Bay House School", "police"
    group: str         # SCHOOLS | PARTNERS
    marks: tuple       # one of MARKS per meeting, in the meetings' order

    def count(self, mark: str) -> int:
        return sum(1 for m in self.marks if m == mark)


@dataclass(frozen=True)
class Engagement:
    partnership_name: str
    kinds: tuple                 # the kinds of meeting counted
    meetings: tuple              # ({"id", "date", "kind"}, ...) oldest first
    rows: tuple                  # (Row, ...) schools (by name) then core partners (the briefing's order)

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)

    def columns(self) -> list[str]:
        return [m["date"] for m in self.meetings]

    def table(self) -> list[list[str]]:
        """Plain rows and columns: a header, then one line per school or partner."""
        return [["", *self.columns()], *[[r.label, *r.marks] for r in self.rows]]


def _mark(key: str, field: str, meeting: dict) -> str:
    def named(entries):
        return any(e.get(field) == key for e in entries or [])
    if named(meeting.get("attendees")):
        return PRESENT
    if named(meeting.get("apologies")):
        return APOLOGIES
    return ABSENT


def engagement(meetings: list[dict], schools: list, partnership_name: str = "",
               kinds: tuple | None = (FULL,)) -> Engagement:
    """Who was present, sent apologies or was absent at each of a partnership's meetings.

    `schools` are the partnership's schools and colleges (objects with .id and .name, as
    Directory.schools_in gives); `kinds` the kinds of meeting to count (None: every kind)."""
    chosen = sorted((m for m in counted(meetings) if kinds is None or kind_of(m) in kinds),
                    key=lambda m: (m["date"], m.get("logged_at", "")))
    rows = [Row(key=s.id, label=s.name, group=SCHOOLS,
                marks=tuple(_mark(s.id, "school_id", m) for m in chosen))
            for s in sorted(schools, key=lambda s: s.name)]
    rows += [Row(key=p.id, label=p.name, group=PARTNERS,
                 marks=tuple(_mark(p.id, "category", m) for m in chosen))
             for p in core_partners()]
    return Engagement(partnership_name=partnership_name, kinds=tuple(kinds) if kinds else (),
                      meetings=tuple({"id": m.get("id", ""), "date": m["date"], "kind": kind_of(m)} for m in chosen),
                      rows=tuple(rows))


# ---- the questions --------------------------------------------------------------------------------

def missed_last(found: Engagement, count: int = 2, group: str | None = None) -> list[Row]:
    """The rows not present at any of the last `count` meetings ([] until there have been that many)."""
    if len(found.meetings) < count:
        return []
    return [r for r in found.rows if (group is None or r.group == group)
            and all(mark != PRESENT for mark in r.marks[-count:])]


def never_present(found: Engagement, group: str | None = None) -> list[Row]:
    return [r for r in found.rows if (group is None or r.group == group) and PRESENT not in r.marks]


def _names(rows: list[Row]) -> str:
    return and_list([r.label for r in rows])


def _with_apologies(rows: list[Row], count: int) -> str:
    """'police (apologies once) and Bay House School'."""
    parts = []
    for r in rows:
        sent = sum(1 for m in r.marks[-count:] if m == APOLOGIES)
        if not sent:
            parts.append(r.label)
        else:
            parts.append(f"{r.label} (apologies {'each time' if sent == count else 'once' if sent == 1 else f'{sent} times'})")
    return and_list(parts)


def _meetings_phrase(found: Engagement) -> str:
    kind = "meeting" if not found.kinds or len(found.kinds) > 1 else name_of(found.kinds[0])
    n = len(found.meetings)
    return f"{n} {kind}{'' if n == 1 else 's'}"


def _who(found: Engagement) -> str:
    return found.partnership_name or "the partnership"


def engagement_sentences(found: Engagement) -> list[str]:
    """What a chair would read about the whole partnership, one sentence each."""
    if not found.meetings:
        return [f"No {name_of(found.kinds[0]) if len(found.kinds) == 1 else 'meeting'}s of {_who(found)} are "
                f"recorded yet, so there is no attendance to show. Log a meeting and it will count."]
    first, last = found.meetings[0]["date"], found.meetings[-1]["date"]
    span = f"on {short_british(first)}" if len(found.meetings) == 1 \
        else f"from {short_british(first)} to {short_british(last)}"
    sentences = [f"{_who(found)} has {_meetings_phrase(found)} recorded, {span}."]
    for group, what in ((SCHOOLS, "schools and colleges"), (PARTNERS, "core partners")):
        rows = [r for r in found.rows if r.group == group]
        never = never_present(found, group)
        if not rows:
            continue
        if not never:
            sentences.append(f"All {len(rows)} {what} have been to at least one.")
        else:
            sentences.append(f"{len(rows) - len(never)} of {len(rows)} {what} have been to at least one; "
                             f"not yet at any: {_names(never)}.")
    missed = [r for r in missed_last(found) if PRESENT in r.marks]       # the drifting, not the never-seen
    if missed:
        sentences.append(f"Missed the last two meetings: {_with_apologies(missed, 2)}.")
    elif len(found.meetings) >= 2:
        sentences.append("Everyone who has come before was at one of the last two meetings.")
    return sentences


def engagement_text(found: Engagement) -> str:
    return " ".join(engagement_sentences(found))


def partners_text(found: Engagement) -> str:
    """'Which core partners haven't been coming?'"""
    if not found.meetings:
        return engagement_text(found)
    never = never_present(found, PARTNERS)
    drifting = [r for r in missed_last(found, group=PARTNERS) if PRESENT in r.marks]
    parts = []
    if never:
        parts.append(f"Core partners not at any of {_who(found)}'s {_meetings_phrase(found)}: {_names(never)}.")
    if drifting:
        parts.append(f"Came before but missed the last two: {_with_apologies(drifting, 2)}.")
    if not parts:
        parts.append(f"Every core partner has been to {_who(found)}'s meetings, and each was at one of the "
                     f"last two." if len(found.meetings) >= 2 else
                     f"Every core partner was at {_who(found)}'s meeting.")
    parts.append("The core partners are those of the Head of Partnerships' briefing of February 2010, "
                 "paragraph 6.")
    return " ".join(parts)


def school_text(found: Engagement, key: str) -> str:
    """'Has Bay House been to any meetings?' (or any row: a school id or a category id)."""
    row = found.row(key)
    if row is None:
        return f"That school is not in {_who(found)} in the directory, so its meetings are not counted here."
    if not found.meetings:
        return engagement_text(found)
    went = [m["date"] for m, mark in zip(found.meetings, row.marks) if mark == PRESENT]
    sorry = row.count(APOLOGIES)
    total = _meetings_phrase(found)
    if not went:
        text = f"No: {row.label} has not been to any of {_who(found)}'s {total}"
        text += f" (apologies sent {sorry} time{'s' if sorry != 1 else ''})." if sorry else "."
        return text
    text = (f"Yes: {row.label} has been to {len(went)} of {_who(found)}'s {total}, most recently on "
            f"{short_british(went[-1])}.")
    if sorry:
        text += f" It sent apologies {sorry} time{'s' if sorry != 1 else ''}."
    if row in missed_last(found):
        text += " It missed the last two."
    return text
