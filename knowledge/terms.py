"""School terms, for "meetings this term" (the letter asks for one full partnership meeting each
school term from September 2010).

Terms here are the three school terms as a school year runs them, by whole calendar dates:
autumn is September to December, spring is January to Easter Sunday, and summer is the Monday
after Easter to the end of August (holidays belong to the term they follow). Hampshire's exact
term dates varied year by year; the seeds do not give them.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter


@dataclass(frozen=True)
class Term:
    name: str          # "spring term 2010"
    start: date
    end: date          # inclusive

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def term_of(day: date) -> Term:
    if day.month >= 9:
        return Term(f"autumn term {day.year}", date(day.year, 9, 1), date(day.year, 12, 31))
    easter_sunday = easter(day.year)
    if day <= easter_sunday:
        return Term(f"spring term {day.year}", date(day.year, 1, 1), easter_sunday)
    return Term(f"summer term {day.year}", easter_sunday + timedelta(days=1), date(day.year, 8, 31))


def previous_term(term: Term) -> Term:
    return term_of(term.start - timedelta(days=1))
