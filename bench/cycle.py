"""The business cycle's pictures and county view at Hampshire's upper scale (issue 15):
24 partnerships x 30 full meetings each (720 meetings), 5 schools and colleges a partnership,
every core partner, made up here (seeded, so every run draws the same).

Times, each the median of 7 after one cold draw (matplotlib's first draw loads its fonts):
- the engagement picture: knowledge.engagement.engagement for one partnership's 30 meetings and
  knowledge.pictures.attendance_picture (PNG and its text version);
- the county view: knowledge.county.county_view over all 720 meetings, its text, and
  knowledge.pictures.county_picture.

    python -m bench.cycle
"""

import random
import statistics
import time
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.attendance import core_partners
from knowledge.county import county_text, county_view
from knowledge.engagement import engagement
from knowledge.pictures import attendance_picture, county_picture
from knowledge.term_dates import Term

PARTNERSHIPS, MEETINGS, SCHOOLS, REPEATS = 24, 30, 5, 7
TODAY = date(2020, 7, 1)


@dataclass(frozen=True)
class School:
    id: str
    name: str


def made_up(seed: int = 2010):
    """(partnerships, schools by partnership, meetings, terms, resolutions, plans)."""
    rng = random.Random(seed)
    partnerships = [(f"p{i:02d}", f"Partnership {i:02d}") for i in range(1, PARTNERSHIPS + 1)]
    schools = {pid: [School(f"{pid}-s{j}", f"{name} School {j}") for j in range(1, SCHOOLS + 1)]
               for pid, name in partnerships}
    terms = [Term(id=f"{y}-{t}", name=f"{t} term {y}", start=date(y, m, 5), end=date(y, m, 5) + timedelta(days=95))
             for y in range(2010, 2021) for t, m in (("spring", 1), ("summer", 4), ("autumn", 9))]
    terms = [t for t in terms if t.start >= date(2010, 4, 1)]
    meetings = []
    for pid, _name in partnerships:
        for k in range(MEETINGS):
            day = date(2010, 6, 1) + timedelta(days=k * 120 + rng.randint(0, 20))
            who = [{"school_id": s.id, "category": "school"} for s in schools[pid] if rng.random() < 0.75]
            who += [{"school_id": None, "category": c.id} for c in core_partners() if rng.random() < 0.6]
            sorry = [{"school_id": None, "category": c.id} for c in core_partners() if rng.random() < 0.15]
            meetings.append({"id": f"{pid}-{k}", "partnership_id": pid, "date": day.isoformat(), "kind": "full",
                             "attendees": who, "apologies": sorry, "logged_at": ""})
    resolutions = [{"school_id": s.id, "passed_on": "2010-03-20"} for pid in schools for s in schools[pid]
                   if rng.random() < 0.8]
    plans = [{"partnership_id": pid, "agreed_on": "2010-07-20", "priorities": ["Reduce NEET", "Attendance"]}
             for pid, _ in partnerships if rng.random() < 0.7]
    return partnerships, schools, meetings, terms, resolutions, plans


def _time(work) -> tuple[float, float, object]:
    """(cold seconds, median warm seconds, last result)."""
    start = time.perf_counter()
    result = work()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = work()
        warm.append(time.perf_counter() - start)
    return cold, statistics.median(warm), result


def measure() -> dict:
    partnerships, schools, meetings, terms, resolutions, plans = made_up()
    pid, name = partnerships[0]
    own = [m for m in meetings if m["partnership_id"] == pid]

    def engagement_picture():
        return attendance_picture(engagement(own, schools[pid], name))

    def county():
        view = county_view(partnerships, meetings, terms, TODAY, resolutions, plans, schools)
        return county_text(view), county_picture(view)

    e_cold, e_warm, picture = _time(engagement_picture)
    c_cold, c_warm, (text, c_picture) = _time(county)
    return {"partnerships": PARTNERSHIPS, "meetings_each": MEETINGS,
            "engagement_picture_cold_ms": round(e_cold * 1000, 1), "engagement_picture_ms": round(e_warm * 1000, 1),
            "engagement_png_kb": round(len(picture.png) / 1024, 1),
            "county_view_cold_ms": round(c_cold * 1000, 1), "county_view_ms": round(c_warm * 1000, 1),
            "county_png_kb": round(len(c_picture.png) / 1024, 1), "county_terms": len(text.splitlines()) - 1}


def main() -> None:
    found = measure()
    print(f"Business cycle at {found['partnerships']} partnerships x {found['meetings_each']} meetings "
          f"(median of {REPEATS}, after one cold draw):")
    print(f"  engagement picture (one partnership, 30 meetings): {found['engagement_picture_ms']} ms "
          f"(cold {found['engagement_picture_cold_ms']} ms), PNG {found['engagement_png_kb']} KB")
    print(f"  county view (720 meetings: data, text and picture): {found['county_view_ms']} ms "
          f"(cold {found['county_view_cold_ms']} ms), PNG {found['county_png_kb']} KB")


if __name__ == "__main__":
    main()
