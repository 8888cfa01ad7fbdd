"""A partnership's engagement report as a Markdown document, the minutes export's way
(knowledge/minutes.py's minutes_markdown): who has come to its meetings, its governors'
resolutions, its delivery plan and whether it has met each term. Plain Python: no botbuilder,
no storage.
"""

from datetime import date

from .county import MET, NOT_YET, term_marks, terms_to_show
from .dates import short_british
from .delivery_plans import addressed, expected_outcomes, missing_text
from .engagement import APOLOGIES, PRESENT, Engagement, engagement_sentences
from .minutes import md
from .resolutions import DUE, passed
from .term_dates import Term
from .clock import london_text

SYMBOL = {PRESENT: "✓", APOLOGIES: "A", "absent": "✗"}


def engagement_markdown(found: Engagement, *, schools: list, resolutions: list[dict], plan: dict | None,
                        meetings: list[dict], terms: list[Term], today: date, exported_at: str = "") -> str:
    """The report for `found.partnership_name`: `schools` its schools, `meetings` all its meetings
    (withdrawn ones are left out here), `plan` its delivery plan or None."""
    name = found.partnership_name or "The partnership"
    lines = [f"# {md(name)} local children's partnership: engagement", "",
             f"**As at:** {short_british(today)}", "", "## Summary", ""]
    lines += [f"- {md(s)}" for s in engagement_sentences(found)]
    lines += ["", "## Attendance at full partnership meetings", ""]
    if found.meetings:
        lines += ["| | " + " | ".join(short_british(m["date"]) for m in found.meetings) + " |",
                  "|---|" + "---|" * len(found.meetings)]
        lines += [f"| {md(r.label)} | " + " | ".join(SYMBOL[m] for m in r.marks) + " |" for r in found.rows]
        lines += ["", "✓ present, A apologies, ✗ absent. Core partners are those of the Head of Partnerships' "
                      "briefing of February 2010, paragraph 6."]
    else:
        lines.append("No full partnership meetings are recorded yet.")
    lines += ["", "## Governors' resolutions of cooperation", ""]
    done = passed(resolutions)
    for school in sorted(schools, key=lambda s: s.name):
        when = done.get(school.id, {}).get("passed_on")
        lines.append(f"- {md(school.name)}: {'passed on ' + short_british(when) if when else 'not yet recorded'}")
    if not schools:
        lines.append("The directory lists no schools here yet.")
    lines += ["", f"The Director's letter of January 2010 asked governors to consider it by {short_british(DUE)}."]
    lines += ["", "## Delivery plan", ""]
    if plan and plan.get("priorities"):
        lines.append(f"Agreed on {short_british(plan['agreed_on'])}"
                     + (f" by {md(plan['agreed_by'])}" if plan.get("agreed_by") else "") + ".")
        lines.append("")
        found_outcomes = addressed(plan["priorities"])
        for number, priority in enumerate(plan["priorities"], 1):
            tags = [o.short for o in expected_outcomes() if number in found_outcomes[o.id]]
            lines.append(f"{number}. {md(priority)}" + (f" _({md(', '.join(tags))})_" if tags else ""))
        lines += ["", md(missing_text(plan["priorities"]))]
    else:
        lines.append("No delivery plan is recorded yet (the letter asks for one by the end of July 2010).")
    lines += ["", "## A full partnership meeting each term", ""]
    shown = terms_to_show(terms, today)
    marks = term_marks(meetings, shown, today)
    lines += [f"- {term.name.capitalize()}: {'met' if mark == MET else 'not yet' if mark == NOT_YET else 'not met'}"
              for term, mark in zip(shown, marks)] or ["No terms have started yet."]
    lines.append("")
    if exported_at:
        lines.append(f"_Exported on {london_text(exported_at)}._")
    return "\n".join(lines) + "\n"


def report_file_name(partnership_id: str, today: date) -> str:
    return f"engagement-{partnership_id}-{today.isoformat()}.md"
