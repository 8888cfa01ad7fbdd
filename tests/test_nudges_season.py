"""Deadline nudges over a whole season, March to December 2010, with a fake clock.

Jo Smith, Gosport's coordinator, says "nudge me about Gosport" on 1 March. Sam Lee, in East
Hampshire, subscribes on 1 November. The scheduler is the real one (bot/nudges.py) over a real
TinyDB file, sending through the test adapter's continue_conversation; every weekday it scans at
08:30, 09:30 and 17:30, and at midday at weekends. Jo answers some nudges ("done", "snooze 3
days", a card's Done button), Gosport logs a meeting in July with an action, and the bot is
restarted twice. The test asserts the exact nudges sent, each once.
"""

import asyncio
from datetime import date, datetime, time, timedelta

from botbuilder.schema import Activity

from bot.web.building import create_services
from bot.web.nudge_scheduler import NudgeScheduler
from knowledge.clock import LONDON, Clock
from storage import meetings, nudge_ledger
from storage.database import open_database
from tests.conversation import new_chat, talk, text_of

JO = "msteams:conversation-1"
SAM = "msteams:conversation-2"

# (day, recipient, what, stage): everything the season sends, in order.
EXPECTED = [
    ("2010-03-18", JO, "New local partnerships in place", "14 days before"),            # Jo: done
    ("2010-03-19", JO, "Each school's full governing body", "14 days before"),
    ("2010-03-30", JO, "Each school's full governing body", "3 days before"),           # Jo: snooze 3 days
    # 1 April: the 1-day nudge is held by the snooze; on 2 April (the day) it goes out.
    ("2010-04-02", JO, "Each school's full governing body", "on the day"),
    ("2010-04-09", JO, "Each school's full governing body", "overdue 1"),               # Jo: done (button)
    ("2010-04-16", JO, "Final agreement on the partnerships", "14 days before"),
    ("2010-04-27", JO, "Final agreement on the partnerships", "3 days before"),
    ("2010-04-29", JO, "Final agreement on the partnerships", "1 day before"),
    ("2010-04-30", JO, "Final agreement on the partnerships", "on the day"),
    ("2010-05-07", JO, "Final agreement on the partnerships", "overdue 1"),
    ("2010-05-14", JO, "Final agreement on the partnerships", "overdue 2"),
    ("2010-05-21", JO, "Final agreement on the partnerships", "overdue 3"),             # and no more
    # Gosport met on 15 July, so "at least one meeting by July" is never nudged.
    # 17 July is a Saturday: the 14-day nudge waits for Monday.
    ("2010-07-19", JO, "Summary level delivery plan", "14 days before"),
    ("2010-07-28", JO, "Summary level delivery plan", "3 days before"),                 # restart after this
    ("2010-07-30", JO, "Summary level delivery plan", "1 day before"),
    ("2010-08-02", JO, "Summary level delivery plan", "on the day"),                    # due on a Saturday
    ("2010-08-09", JO, "Summary level delivery plan", "overdue 1"),                     # Jo: done
    ("2010-08-18", JO, "Detailed work programme starts", "14 days before"),
    ("2010-08-27", JO, "Your action 1", "14 days before"),
    ("2010-08-30", JO, "Detailed work programme starts", "3 days before"),              # 29 Aug is a Sunday
    ("2010-08-31", JO, "Detailed work programme starts", "1 day before"),
    ("2010-09-01", JO, "Detailed work programme starts", "on the day"),                 # two overlapping scans
    ("2010-09-07", JO, "Your action 1", "3 days before"),
    ("2010-09-08", JO, "Detailed work programme starts", "overdue 1"),
    ("2010-09-09", JO, "Your action 1", "1 day before"),
    ("2010-09-10", JO, "Your action 1", "on the day"),                                  # Jo: done
    ("2010-09-15", JO, "Detailed work programme starts", "overdue 2"),
    ("2010-09-22", JO, "Detailed work programme starts", "overdue 3"),
    # Autumn term 2010 ends on 17 December: three weeks before, no full meeting is logged for
    # Gosport (its meeting was in the summer term) nor for East Hampshire's partnerships.
    ("2010-11-26", SAM, "No meeting recorded this term for Alton; and Bordon, Liphook and Petersfield",
     "3 weeks before the end of term"),
    ("2010-11-26", JO, "No meeting recorded this term for the Gosport partnership", "3 weeks before the end of term"),
]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LONDON)


class Season:
    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.clock = Clock("2010-03-01")
        self.jo = new_chat(tmp_path, clock=self.clock)
        self.sent = []        # (day, recipient, text, stage)
        self.start()

    def start(self):
        """(Re)start the bot's nudging on the same database file, as after a restart."""
        database = open_database(str(self.tmp_path / "bot.json"))
        self.services = create_services(self.jo.config, database, self.clock)
        self.scheduler = NudgeScheduler(self.services, self.jo.adapter, every_seconds=0)

    async def restart(self):
        self.start()
        await self.scheduler.start()

    async def scan(self, moment: datetime, scheduler=None) -> list:
        self.clock.set(moment)
        outcomes = await (scheduler or self.scheduler).scan()
        messages = [a for a in self.jo.adapter.activity_buffer if a.type == "message"]
        self.jo.adapter.activity_buffer.clear()
        assert [m.text for m in messages] == [n.text for n, outcome in outcomes if outcome == "sent"]
        for message, (nudge, _outcome) in zip(messages, outcomes):
            assert f"msteams:{message.conversation.id}" == nudge.recipient
            self.sent.append((moment.date().isoformat(), nudge.recipient, nudge.text, nudge.stage))
        return outcomes

    async def day(self, day: date, overlapping: bool = False):
        """A day's scans: only the one in working hours on a weekday sends anything. `overlapping`:
        two schedulers on the same database scan at 09:30 at once (a slow scan meeting the next)."""
        if day.weekday() >= 5:
            assert await self.scan(at(day, 12)) == [], f"sent at the weekend, {day}"
            return
        assert await self.scan(at(day, 8, 30)) == [], f"sent before 09:00 on {day}"
        if overlapping:
            self.clock.set(at(day, 9, 30))
            other = NudgeScheduler(self.services, self.jo.adapter, every_seconds=0)
            first, second = await asyncio.gather(self.scheduler.scan(), other.scan())
            messages = [a for a in self.jo.adapter.activity_buffer if a.type == "message"]
            self.jo.adapter.activity_buffer.clear()
            both = first + second
            assert both and len(messages) == len(both) == len({n.key for n, _ in both})
            self.sent += [(day.isoformat(), n.recipient, n.text, n.stage) for n, _ in both]
        else:
            await self.scan(at(day, 9, 30))
        assert await self.scan(at(day, 17, 30)) == [], f"sent after 17:00 on {day}"

    def last_sent_on(self, day: str):
        return [s for s in self.sent if s[0] == day]


async def test_a_season_of_nudges_march_to_december_2010(tmp_path):
    season = Season(tmp_path)
    jo = season.jo
    await talk(jo, ["nudge me about Gosport", "→ I'll nudge you here about deadlines for the Gosport partnership"])
    await season.scheduler.start()

    day = date(2010, 3, 1)
    while day <= date(2010, 12, 31):
        season.clock.set(at(day, 9, 0))
        await season.day(day, overlapping=day == date(2010, 9, 1))
        iso = day.isoformat()
        if iso == "2010-03-18":
            await talk(jo, ["done", "→ Marked done: New local partnerships in place, for the Gosport partnership"])
        elif iso == "2010-03-30":
            await talk(jo, ["snooze 3 days", "→ I'll remind you again on Friday 2 April 2010"])
        elif iso == "2010-04-02":
            await season.restart()       # the snooze has been used up: nothing more today
            assert await season.scan(at(day, 11)) == []
        elif iso == "2010-04-09":
            [(_d, _r, _t, stage)] = season.last_sent_on(iso)
            key = [r["key"] for r in nudge_ledger.records(season.services.database)
                   if r["stage"] == stage and "governors" in r["item"]][0]
            replies = await jo.send(Activity(type="message", value={"text": "done", "nudge": key}))
            assert "Marked done: Each school's full governing body" in text_of(replies[0])
        elif iso == "2010-07-15":
            meetings.save_meeting(season.services.database, {
                "partnership_id": "gosport", "date": "2010-07-15", "kind": "full",
                "actions": [{"text": "Circulate the delivery plan", "owner": "Jo Smith", "owner_user_id": "aad-jo",
                             "due": "2010-09-10"}]}, by="aad-jo", by_name="Jo Smith", at="2010-07-15T14:00:00+00:00")
        elif iso == "2010-07-28":
            # A restart straight after a scan: nothing is sent twice.
            await season.restart()
            assert await season.scan(at(day, 9, 45)) == []
        elif iso == "2010-08-09":
            await talk(jo, ["done", "→ Marked done: Summary level delivery plan"])
        elif iso == "2010-09-10":
            await talk(jo, ["done", "→ Marked done: action 1 for the Gosport partnership"])
        elif iso == "2010-11-01":
            sam = new_chat(tmp_path, clock=season.clock, database=season.services.database,
                           user_id="user-2", user_name="Sam Lee", aad_object_id="aad-sam",
                           conversation_id="conversation-2")
            await talk(sam, ["subscribe to East Hampshire deadlines",
                             "→ I'll nudge you here about deadlines for East Hampshire's partnerships"])
        day += timedelta(days=1)

    got = [(d, r, text, stage) for d, r, text, stage in season.sent]
    assert [(d, r, stage) for d, r, _t, stage in got] == [(d, r, stage) for d, r, _w, stage in EXPECTED]
    for (_d, _r, text, _s), (_d2, _r2, what, _s2) in zip(got, EXPECTED):
        assert what in text
    # Every nudge is in the ledger as sent, once.
    records = nudge_ledger.records(season.services.database)
    assert sorted(r["state"] for r in records) == ["sent"] * len(EXPECTED)
    assert len({r["key"] for r in records}) == len(EXPECTED)


async def test_what_a_nudge_says(tmp_path):
    season = Season(tmp_path)
    await talk(season.jo, ["nudge me about Gosport", "→ Done"])
    outcomes = await season.scan(at(date(2010, 7, 19), 10))
    assert [(n.stage, outcome) for n, outcome in outcomes] == [("14 days before", "sent")] * 2
    assert outcomes[1][0].text.startswith(
        "Deadline reminder for the Gosport partnership: At least one meeting of the revised arrangements is due in "
        "12 days, on Saturday 31 July 2010.")
    assert outcomes[0][0].text == (
        "Deadline reminder for the Gosport partnership: Summary level delivery plan (about ten key performance "
        "areas) is due in 12 days, on Saturday 31 July 2010. (From the Director's letter of January 2010.) "
        "Reply 'done' when it is done, or 'snooze 3 days'.")
