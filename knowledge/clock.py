"""One clock for the whole bot, so tests and demos can say "today is 20 July 2010".

Times are stored in UTC and shown in Europe/London.
"""

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock:
    """The real time, or a fixed 'today' (at 10:00 London time) that a test can move on."""

    def __init__(self, today: str | date | None = None, at: datetime | None = None):
        self._fixed: datetime | None = None
        if at is not None:
            self._fixed = at.astimezone(timezone.utc)
        elif today:
            day = date.fromisoformat(today) if isinstance(today, str) else today
            self._fixed = datetime.combine(day, time(10, 0), LONDON).astimezone(timezone.utc)

    def now(self) -> datetime:
        """Now, in UTC."""
        return self._fixed or datetime.now(timezone.utc)

    def london_now(self) -> datetime:
        return self.now().astimezone(LONDON)

    def today(self) -> date:
        return self.london_now().date()

    def set(self, at: datetime) -> None:
        self._fixed = at.astimezone(timezone.utc)

    def advance(self, **delta) -> None:
        from datetime import timedelta
        self._fixed = self.now() + timedelta(**delta)


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def london_text(iso: str) -> str:
    """'2010-03-09T14:05:00+00:00' -> '9 March 2010 at 14:05'."""
    moment = datetime.fromisoformat(iso).astimezone(LONDON)
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M}"
