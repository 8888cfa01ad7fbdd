"""The one date reader. Dates as people in Hampshire type them: British order ("9/3" is 9 March), words ("yesterday",
"last Tuesday", "next Friday"), relative to the Clock's today, never the computer's.

    meeting_date("9/3", today)  -> DateReading(date(2010, 3, 9), problem="")
    due_date("next Friday", today)
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import dateparser

EXAMPLES = "'9 March', '9/3' or 'last Tuesday'"
NO_DATE_WORDS = {"no due date", "no date", "none", "no deadline", "ongoing", "not set", "tbc", "n/a", "no"}

_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
             "STRICT_PARSING": False, "REQUIRE_PARTS": []}
_FILLER = re.compile(r"^(on|dated|held on|held|of|for|by|due|due by|due on|before|until|till|to)\s+", re.I)
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b", re.I)
_NUMERIC = re.compile(r"^\d{1,2}[/.-]\d{1,2}([/.-]\d{2,4})?$")
_END_OF = re.compile(r"^(the )?end of (?P<month>[a-z]+)(?P<year> \d{4})?$", re.I)


@dataclass
class DateReading:
    day: date | None
    problem: str = ""          # "" | "unreadable" | "future" | "too_old"

    @property
    def ok(self) -> bool:
        return self.day is not None and not self.problem


def clean(text: str) -> str:
    text = " ".join((text or "").split()).strip(" .,;:!?")
    while True:
        shorter = _FILLER.sub("", text)
        if shorter == text:
            break
        text = shorter
    text = re.sub(r"(?i)^(yesterday|today|last \w+|this \w+)'s$", r"\1", text)     # "yesterday's meeting"
    return _ORDINAL.sub(r"\1", text)


def parse_date(text: str, today: date, prefer: str = "past") -> date | None:
    """The date meant by `text`, or None. `prefer` says which way "Friday" or "9 March" leans."""
    text = clean(text)
    if not text or len(text) > 40 or not re.search(r"[0-9a-z]", text, re.I):
        return None
    if _NUMERIC.match(text):
        return _numeric(text, today, prefer)
    end_of = _END_OF.match(text)
    if end_of:
        return _end_of_month(end_of, today, prefer)
    base = datetime.combine(today, time(12, 0))
    try:
        found = dateparser.parse(text, languages=["en"],
                                 settings={**_SETTINGS, "RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer})
    except Exception:   # dateparser raises on some odd inputs (overflowing numbers and the like)
        return None
    return found.date() if found else None


def _numeric(text: str, today: date, prefer: str) -> date | None:
    """'9/3', '9.3.10', '31/07/2010': day first, always."""
    parts = [int(p) for p in re.split(r"[/.-]", text)]
    day, month = parts[0], parts[1]
    try:
        if len(parts) == 3:
            year = parts[2] + (2000 if parts[2] < 100 else 0)
            return date(year, month, day)
        candidate = date(today.year, month, day)
    except ValueError:
        return None
    if prefer == "past" and candidate > today:
        candidate = _shift_year(candidate, -1)
    elif prefer == "future" and candidate < today:
        candidate = _shift_year(candidate, 1)
    return candidate


def _end_of_month(match, today: date, prefer: str) -> date | None:
    """'the end of July' is 31 July: this year's unless it has passed (or, for a past date, not come)."""
    first = parse_date(f"1 {match.group('month')}{match.group('year') or ''}", today.replace(day=1), prefer)
    if first is None:
        return None
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if not match.group("year"):
        if prefer == "future" and last < today:
            last = _end_of_month_in(last.year + 1, last.month)
        elif prefer == "past" and last > today and first > today:
            last = _end_of_month_in(last.year - 1, last.month)
    return last


def _end_of_month_in(year: int, month: int) -> date:
    return (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _shift_year(day: date, years: int) -> date | None:
    try:
        return day.replace(year=day.year + years)
    except ValueError:       # 29 February
        return None


def meeting_date(text: str, today: date) -> DateReading:
    """When a meeting was held: today or earlier, and not before the partnerships were proposed."""
    found = parse_date(text, today, prefer="past")
    if found is None:
        return DateReading(None, "unreadable")
    if found > today:
        return DateReading(found, "future")
    if found.year < 2000:
        return DateReading(found, "too_old")
    return DateReading(found)


def is_no_date(text: str) -> bool:
    return " ".join((text or "").lower().split()).strip(" .!") in NO_DATE_WORDS


def due_date(text: str, today: date) -> DateReading:
    """When an action is due: any readable date, leaning to the future."""
    found = parse_date(text, today, prefer="future")
    if found is None:
        return DateReading(None, "unreadable")
    return DateReading(found)


def british(day: date | str | None) -> str:
    """date(2010, 3, 9) or '2010-03-09' -> 'Tuesday 9 March 2010'."""
    return f"{date.fromisoformat(str(day)):%A} {short_british(day)}" if day else ""


def short_british(day: date | str | None) -> str:
    """date(2010, 3, 9) or '2010-03-09' -> '9 March 2010'."""
    if not day:
        return ""
    day = date.fromisoformat(str(day))
    return f"{day.day} {day:%B %Y}"
