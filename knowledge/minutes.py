"""Minutes in words: the summary a chair checks before saving, the minutes read back, the Markdown
document for "export minutes", and the action tracker's lines. Plain Python: no botbuilder.

A meeting (or a draft of one) is the dict `storage/meetings.py` keeps:
    {"partnership_id", "date": "2010-03-09", "attendees": [...], "apologies": [...],
     "decisions": [...], "actions": [{"number", "text", "owner", "due", "status"}], "logged_by_name", ...}
"""

import re
from datetime import date

from .attendance import absent_categories, by_organisation, describe
from .clock import london_text
from .dates import british, short_british
from .meeting_types import FULL, name_of

PARTS_IN_ORDER = ("partnership", "date", "attendees", "apologies", "decisions", "actions")
PART_NAMES = {"partnership": "partnership", "date": "date", "attendees": "attendees",
              "apologies": "apologies", "decisions": "decisions", "actions": "actions"}


def partnership_name(directory, partnership_id: str) -> str:
    partnership = directory.partnerships.get(partnership_id or "")
    return partnership.name if partnership else (partnership_id or "")


def people_text(entries: list[dict] | None) -> str:
    if not entries:
        return "none"
    return ", ".join(describe(e) for e in entries)


def due_text(action: dict) -> str:
    return f"by {short_british(action['due'])}" if action.get("due") else "no due date"


def action_text(action: dict, with_number: bool = True) -> str:
    """'3. Jo: circulate the draft delivery plan, by 12 March 2010' (+ ' (done)' when done)."""
    number = f"{action['number']}. " if with_number and action.get("number") else ""
    owner = action.get("owner") or "no owner"
    done = " (done)" if action.get("status") == "done" else ""
    return f"{number}{owner}: {action.get('text', '')}, {due_text(action)}{done}"


def absent_sentence(meeting: dict) -> str:
    """Which core partners neither came nor sent apologies, as the briefing lists them."""
    missing = absent_categories(meeting.get("attendees") or [], meeting.get("apologies") or [])
    if not missing:
        return "Every core partner in the briefing's list was there or sent apologies."
    names = [m.name for m in missing]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (f"No one came or sent apologies from: {listed} (core partners in the Head of Partnerships' "
            f"briefing of February 2010, paragraph 6).")


def summary_rows(meeting: dict, directory) -> list[dict]:
    """Label/value rows of a draft, in the order they were asked."""
    actions = meeting.get("actions") or []
    kind = meeting.get("kind") or FULL      # shown when it is not a full meeting ("change the type to ...")
    return [
        {"label": "Partnership", "value": partnership_name(directory, meeting.get("partnership_id"))},
        {"label": "Date", "value": british(meeting.get("date"))},
        *([{"label": "Type", "value": name_of(kind)}] if kind != FULL else []),
        {"label": "Present", "value": people_text(meeting.get("attendees"))},
        {"label": "Apologies", "value": people_text(meeting.get("apologies"))},
        {"label": "Decisions", "value": "; ".join(meeting.get("decisions") or []) or "none"},
        {"label": "Actions", "value": "; ".join(action_text(a, with_number=False) for a in actions) or "none"},
    ]


def summary_text(meeting: dict, directory) -> str:
    lines = [f"{row['label']}: {row['value']}" for row in summary_rows(meeting, directory)]
    return "\n".join(lines)


def minutes_text(meeting: dict, directory) -> str:
    """The minutes read back, in plain text."""
    name = partnership_name(directory, meeting["partnership_id"])
    kind = meeting.get("kind") or FULL
    lines = [f"{name} {'partnership meeting' if kind == FULL else name_of(kind)}, {british(meeting['date'])}."]
    withdrawn = meeting.get("withdrawn")
    if withdrawn:
        reason = f": {withdrawn['reason']}" if withdrawn.get("reason") else ""
        lines.append(f"WITHDRAWN by {withdrawn.get('by_name') or 'an admin'} on {london_text(withdrawn['at'])}{reason}. "
                     f"Kept for the record; it counts for nothing.")
    lines.append("Present: " + people_text(meeting.get("attendees")) + ".")
    lines.append("Apologies: " + people_text(meeting.get("apologies")) + ".")
    decisions = meeting.get("decisions") or []
    lines.append("Decisions: " + ("; ".join(decisions) if decisions else "none") + ".")
    actions = meeting.get("actions") or []
    if actions:
        lines.append("Actions:")
        lines += [f"  {action_text(a)}" for a in actions]
    else:
        lines.append("Actions: none.")
    lines.append(absent_sentence(meeting))
    if meeting.get("logged_by_name"):
        lines.append(f"Logged by {meeting['logged_by_name']} on {london_text(meeting['logged_at'])}.")
    changes = [h for h in meeting.get("history", [])[1:] if h.get("fields")]
    if changes:
        lines.append("Changed since: " + "; ".join(
            f"{london_text(h['at'])}, {h.get('by_name') or 'someone'}: {h['what']}" for h in changes) + ".")
    return "\n".join(lines)


def card_values(meeting: dict, directory) -> dict:
    """What bot/cards/minutes.json needs."""
    name = partnership_name(directory, meeting["partnership_id"])
    return {
        "title": f"{name} partnership meeting",
        "date": british(meeting["date"]),
        "groups": [{"organisation": org, "people": ", ".join(people) or "(no names given)"}
                   for org, people in by_organisation(meeting.get("attendees") or [])],
        "apologies": people_text(meeting.get("apologies")),
        "decisions": [{"decision": d} for d in meeting.get("decisions") or []],
        "actions": [{"number": str(a.get("number", "")), "owner": a.get("owner") or "no owner",
                     "text": a.get("text", ""), "due": due_text(a), "status": a.get("status", "open")}
                    for a in meeting.get("actions") or []],
        "absent": absent_sentence(meeting),
        "logged": (f"Logged by {meeting['logged_by_name']} on {london_text(meeting['logged_at'])}"
                   if meeting.get("logged_by_name") else ""),
    }


# ---- the exported document ----------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def md(text) -> str:
    """Text as typed, safe inside Markdown (and a table cell): specials escaped, lines joined."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def minutes_markdown(meeting: dict, directory, exported_at: str = "") -> str:
    name = partnership_name(directory, meeting["partnership_id"])
    lines = [f"# {md(name)} local children's partnership", "",
             f"**Meeting:** {british(meeting['date'])}", ""]
    lines += ["## Present", ""]
    groups = by_organisation(meeting.get("attendees") or [])
    lines += [f"- **{md(org)}**: {md(', '.join(people))}" if people else f"- **{md(org)}**"
              for org, people in groups] or ["- none recorded"]
    lines += ["", "## Apologies", ""]
    lines += [f"- {md(describe(e))}" for e in meeting.get("apologies") or []] or ["- none"]
    lines += ["", "## Core partners not represented", "", md(absent_sentence(meeting))]
    lines += ["", "## Decisions", ""]
    lines += [f"{i}. {md(d)}" for i, d in enumerate(meeting.get("decisions") or [], 1)] or ["None recorded."]
    lines += ["", "## Actions", ""]
    actions = meeting.get("actions") or []
    if actions:
        lines += ["| No. | Action | Owner | Due | Status |", "|---|---|---|---|---|"]
        lines += [f"| {a.get('number', '')} | {md(a.get('text'))} | {md(a.get('owner') or 'no owner')} | "
                  f"{short_british(a['due']) if a.get('due') else 'no due date'} | {a.get('status', 'open')} |"
                  for a in actions]
    else:
        lines.append("None recorded.")
    lines.append("")
    if meeting.get("logged_by_name"):
        lines.append(f"_Logged by {md(meeting['logged_by_name'])} on {london_text(meeting['logged_at'])}._")
    if exported_at:
        lines.append(f"_Exported on {london_text(exported_at)}._")
    return "\n".join(lines) + "\n"


def export_file_name(meeting: dict) -> str:
    return f"minutes-{meeting['partnership_id']}-{meeting['date']}.md"


def meetings_list_text(meetings: list[dict], directory, heading: str) -> str:
    if not meetings:
        return heading
    lines = [heading]
    for m in meetings:
        actions = len(m.get("actions") or [])
        lines.append(f"- {partnership_name(directory, m['partnership_id'])}: {british(m['date'])}, "
                     f"{len(m.get('attendees') or [])} present, {actions} action{'s' if actions != 1 else ''}")
    return "\n".join(lines)


def day_of(meeting: dict) -> date:
    return date.fromisoformat(meeting["date"])


def already_saved_text(meeting: dict, directory) -> str:
    """What a chair hears on saving minutes that are saved already (a second press, a retry)."""
    name = partnership_name(directory, meeting["partnership_id"])
    by = meeting.get("logged_by_name") or "someone"
    return (f"These minutes are already saved: the {name} partnership meeting on {british(meeting['date'])}, "
            f"logged by {by}. Nothing was saved twice. Say 'last meeting of {name}' to read them.")
