"""The one date reader. Dates as people in Hampshire type them: British order ("9/3" is 9 March), words ("yesterday",
"last Tuesday", "next Friday"), relative to the Clock's today, never the computer's.

    meeting_date("9/3", today)  -> DateReading(date(2010, 3, 9), problem="")
    due_date("next Friday", today)
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta

import ahocorasick
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


# ---- dates inside a sentence -------------------------------------------------------------------

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NAMES = "|".join(_WEEKDAYS) + "|mon|tues|tue|wed|weds|thurs|thur|thu|fri|sat|sun"
# Words before a date that say it is due (lean to the future) or past (lean to the past).
_DUE_WORDS = {"by", "due", "until", "till", "before", "to", "deadline"}
_DATE_PATTERN = re.compile(
    r"(?P<lead>\b(?:by|due(?: by| on)?|until|till|before|to|in|on|from|for|of|at)\s+)?(?:the\s+)?"
    r"(?P<when>"
    rf"(?<![\d/.])\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?\b(?![/.]\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b(?:\s+\d{{4}})?"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|end\s+of\s+(?:the\s+)?(?:term|month|{_MONTHS})\b"
    rf"|(?:last|next|this|coming)\s+(?:{_DAY_NAMES})\b"
    rf"|(?:{_DAY_NAMES})(?:\s+(?:just\s+)?(?:gone|last|next|week))?\b"
    r"|yesterday|today|tomorrow|this\s+morning|this\s+afternoon|tonight|last\s+night"
    r"|\d{1,2}(?:st|nd|rd|th)\b"
    rf"|(?:{_MONTHS})\b(?:\s+\d{{4}})?"
    r")", re.I)
_WEEKDAY_INDEX = {name[:3]: i for i, name in enumerate(_WEEKDAYS)}
END_OF_TERM = {2010: date(2010, 4, 2)}   # the spring term's end, as the 2010 timetable reads it


@dataclass
class FoundDate:
    day: date
    start: int          # where the date's words are in the text (the leading "by" not included)
    end: int
    text: str


def find_dates(text: str, today: date, prefer: str = "") -> list[FoundDate]:
    """Every date in a sentence, British: '31/07' is 31 July, 'the end of July' its last day,
    'by July' too, 'to June' its first, 'last Thursday' the most recent, 'next Friday' the Friday
    of next week, 'by Friday' the coming one. `prefer` ('past' or 'future') leans bare weekdays
    and day-month dates when the sentence says nothing ('on Monday')."""
    found = []
    text = text or ""
    if not _may_hold_a_date(text):
        return found
    for match in _DATE_PATTERN.finditer(text):
        when = match.group("when")
        lead = (match.group("lead") or "").strip().lower()
        if _looks_like_a_word(text, match, when):
            continue
        day = _read_found(when, lead, today, prefer)
        if day is not None:
            found.append(FoundDate(day, match.start("when"), match.end("when"), when))
    return found


# Every date _DATE_PATTERN reads has a digit in it or one of these: the first three letters of a
# month or a day ('sept', 'thurs' and 'tonight' hold 'sep', 'thu' and 'night'), 'end' (of term).
# Most sentences have none, and a look for these (a few microseconds) spares them the whole
# pattern (25-60 microseconds a sentence, tried at every letter).
_DATE_HINTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
               "mon", "tue", "wed", "thu", "fri", "sat", "sun", "end", "yesterday", "today", "tomorrow",
               "morning", "afternoon", "night")
_DIGIT = re.compile(r"\d")


def _hints_automaton():
    """The hints found in one pass over a sentence (an Aho-Corasick automaton, as the names are):
    looking for each of the 26 in turn cost a microsecond a message."""
    automaton = ahocorasick.Automaton()
    for hint in _DATE_HINTS:
        automaton.add_word(hint, hint)
    automaton.make_automaton()
    return automaton


_HINTS = _hints_automaton()


def _may_hold_a_date(text: str) -> bool:
    folded = text.casefold()        # as re.I compares: 'ſ' is 's', the Kelvin sign 'k'
    return _DIGIT.search(text) is not None or next(_HINTS.iter(folded), None) is not None \
        or not folded.isascii()     # other letters re.I may take for these: the whole pattern decides


def _looks_like_a_word(text: str, match, when: str) -> bool:
    """'may' and 'mar', 'sat', 'sun' and 'wed' are often just words."""
    low = when.lower()
    if low in ("may", "mar", "sat", "sun", "wed", "mon", "jan", "dec", "fri", "jun", "jul", "oct", "aug", "sep"):
        return not match.group("lead") or match.group("lead").strip().lower() in ("for", "at", "of", "on")
    return False


@lru_cache(maxsize=4096)
def _read_found(when: str, lead: str, today: date, prefer: str) -> date | None:
    low = " ".join(when.lower().split())
    due = lead.split()[0] in _DUE_WORDS if lead else prefer == "future"
    if low in ("yesterday", "last night"):
        return today - timedelta(days=1)
    if low in ("this morning", "this afternoon", "today", "tonight"):
        return today
    if low == "tomorrow":
        return today + timedelta(days=1)
    if low.startswith("end of"):
        target = low.split()[-1]
        if target == "term":
            return END_OF_TERM.get(today.year)
        if target == "month":
            return _month_end(today.year, today.month)
        month = _month_number(target)
        return _month_end(today.year + (month < today.month), month) if month else None
    words = low.split()
    weekday = _weekday(words)
    if weekday is not None:
        first = words[0]
        if first == "last" or (len(words) > 1 and words[-1] in ("gone", "last")):
            return _previous_weekday(today, weekday)
        if first == "next" or words[-1] == "next" or words[-1] == "week":
            monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
            return monday + timedelta(days=weekday)
        if first in ("this", "coming") or due:
            return _coming_weekday(today, weekday)
        return _previous_weekday(today, weekday) if prefer != "future" else _coming_weekday(today, weekday)
    month_only = re.fullmatch(rf"({_MONTHS})(?:\s+(\d{{4}}))?", low)
    if month_only:
        month = _month_number(month_only.group(1))
        year = int(month_only.group(2)) if month_only.group(2) else today.year
        if lead == "by":
            return _month_end(year, month)
        return date(year, month, 1)
    ordinal = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", low)
    if ordinal:
        try:
            return today.replace(day=int(ordinal.group(1)))
        except ValueError:
            return None
    if "/" in low or "." in low:
        return _numeric(low, today, "future" if due else (prefer or "none"))
    found = parse_date(low, today, prefer="current_period")
    if found is None:
        return None
    if not re.search(r"\d{4}", low):
        # A day and month without a year is this year's, unless it is due and long gone.
        found = _shift_year(found, today.year - found.year) or found
        if due and lead.split()[0] in ("by", "due", "until", "before") and (today - found).days > 30:
            found = _shift_year(found, 1) or found
    return found


def _weekday(words: list) -> int | None:
    for word in words:
        if word[:3] in _WEEKDAY_INDEX and re.fullmatch(_DAY_NAMES, word):
            return _WEEKDAY_INDEX[word[:3]]
    return None


def _previous_weekday(today: date, weekday: int) -> date:
    return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)


def _coming_weekday(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _month_number(word: str) -> int | None:
    for i, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1):
        if word[:3] == name:
            return i
    return None


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
