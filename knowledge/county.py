"""The county view for coordinators and admins: has each partnership met each term (full meetings
only), how many of its schools' governors have passed the resolution, and has it agreed its
delivery plan.

    view = county_view(partnerships, meetings, terms, today, resolutions, plans, schools_by_partnership)
    view.terms, view.rows      plain data: one CountyRow per partnership
    county_text(view)          what a coordinator reads
    view.term_table()          rows and columns for the picture (knowledge/pictures.py)

`partnerships` are (id, name) pairs; the letter's "option" partnerships are left to the caller
(`county_partnerships(directory)` gives the proposed ones). Plain Python: no botbuilder, no storage.
"""

from dataclasses import dataclass
from datetime import date

from .dates import short_british
from .wording import and_list
from .delivery_plans import missing_outcomes
from .meeting_types import counts_for_term
from .resolutions import pending
from .term_dates import Term

MET, NOT_MET, NOT_YET = "met", "not met", "not yet"      # not yet: the term is under way, no meeting so far
TERM_MARKS = (MET, NOT_MET, NOT_YET)
FIRST_TERM_FROM = date(2010, 4, 1)       # the new partnerships are in place from 1 April 2010
TERMS_SHOWN = 9                          # three school years: enough to see a pattern, small enough to read


@dataclass(frozen=True)
class CountyRow:
    partnership_id: str
    name: str
    terms: tuple             # one of TERM_MARKS per term in CountyView.terms
    schools: int             # schools and colleges in the directory
    resolutions_passed: int
    plan_agreed_on: str      # "" if none
    outcomes_missing: tuple  # short names of expected outcomes the plan does not address


@dataclass(frozen=True)
class CountyView:
    today: date
    terms: tuple             # knowledge.term_dates.Term, oldest first
    rows: tuple

    def term_table(self) -> list[list[str]]:
        return [["", *[t.name for t in self.terms]], *[[r.name, *r.terms] for r in self.rows]]


def county_partnerships(directory) -> list[tuple[str, str]]:
    """The proposed partnerships, by name (not the letter's alternative options)."""
    return sorted(((p.id, p.name) for p in directory.partnerships.values() if p.status == "proposed"),
                  key=lambda pair: pair[1])


def terms_to_show(terms: list[Term], today: date, since: date = FIRST_TERM_FROM, last: int = TERMS_SHOWN) -> list[Term]:
    """The terms from `since` that have started by today: the latest `last` of them."""
    return [t for t in terms if t.start >= since and t.start <= today][-last:]


def term_marks(meetings: list[dict], terms: list[Term], today: date) -> tuple:
    days = sorted(date.fromisoformat(m["date"]) for m in meetings if counts_for_term(m))
    marks = []
    for term in terms:
        if any(day in term for day in days):
            marks.append(MET)
        else:
            marks.append(NOT_YET if today <= term.end else NOT_MET)
    return tuple(marks)


def county_view(partnerships: list[tuple[str, str]], meetings: list[dict], terms: list[Term], today: date,
                resolutions: list[dict], plans: list[dict], schools_by_partnership: dict) -> CountyView:
    """Everything the county view shows, as plain data. `schools_by_partnership`: id -> schools."""
    shown = terms_to_show(terms, today)
    by_partnership: dict[str, list] = {}
    for meeting in meetings:
        by_partnership.setdefault(meeting["partnership_id"], []).append(meeting)
    plan_of = {p["partnership_id"]: p for p in plans}
    rows = []
    for pid, name in partnerships:
        schools = schools_by_partnership.get(pid, [])
        plan = plan_of.get(pid)
        rows.append(CountyRow(
            partnership_id=pid, name=name, terms=term_marks(by_partnership.get(pid, []), shown, today),
            schools=len(schools), resolutions_passed=len(schools) - len(pending(schools, resolutions)),
            plan_agreed_on=plan["agreed_on"] if plan and plan.get("priorities") else "",
            outcomes_missing=tuple(o.short for o in missing_outcomes(plan["priorities"]))
            if plan and plan.get("priorities") else ()))
    return CountyView(today=today, terms=tuple(shown), rows=tuple(rows))



def county_sentences(view: CountyView) -> list[str]:
    """What a coordinator reads: one sentence per question, naming the partnerships behind."""
    total = len(view.rows)
    sentences = []
    for index, term in enumerate(view.terms):
        met = [r.name for r in view.rows if r.terms[index] == MET]
        behind = [r.name for r in view.rows if r.terms[index] != MET]
        under_way = view.today <= term.end
        text = f"{term.name.capitalize()}{' (under way)' if under_way else ''}: {len(met)} of {total} met"
        if behind:
            text += f"; {'no full meeting yet' if under_way else 'did not meet'}: {and_list(behind)}"
        sentences.append(text + ".")
    schools = sum(r.schools for r in view.rows)
    passed = sum(r.resolutions_passed for r in view.rows)
    waiting = [f"{r.name} ({r.schools - r.resolutions_passed} of {r.schools})" for r in view.rows
               if r.resolutions_passed < r.schools]
    text = f"Governors' resolutions: {passed} of {schools} schools have passed it"
    sentences.append(text + (f"; still to pass it in {and_list(waiting)}." if waiting else "."))
    agreed = [r for r in view.rows if r.plan_agreed_on]
    not_agreed = [r.name for r in view.rows if not r.plan_agreed_on]
    text = f"Delivery plans: {len(agreed)} of {total} agreed"
    if not_agreed:
        text += f"; none recorded for {and_list(not_agreed)}"
    gaps = [f"{r.name} (not {and_list(list(r.outcomes_missing))})" for r in agreed if r.outcomes_missing]
    if gaps:
        text += f". Plans missing an expected outcome: {and_list(gaps)}"
    sentences.append(text + ".")
    return sentences


def county_text(view: CountyView) -> str:
    heading = f"Hampshire's partnerships on {short_british(view.today)} (full partnership meetings only):"
    return "\n".join([heading, *[f"- {s}" for s in county_sentences(view)]])
