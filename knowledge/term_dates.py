"""School terms from knowledge/data/term_dates.yaml (editable; most dates there are approximate).

    terms = load_terms()
    term_on(terms, date(2010, 11, 1))   -> Term("autumn term 2010", 2010-09-02, 2010-12-17)
"""

from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from pathlib import Path

import yaml

TERM_DATES = Path(__file__).parent / "data" / "term_dates.yaml"


@dataclass(frozen=True)
class Term:
    id: str            # "2010-autumn"
    name: str          # "autumn term 2010"
    start: date
    end: date          # the last day, inclusive
    checked: bool = False

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def load_terms(path: Path = TERM_DATES) -> list[Term]:
    """The terms in the file, earliest first (parsed once per file and kept: turns ask for them)."""
    return list(_terms_in(Path(path)))


@lru_cache(maxsize=8)
def _terms_in(path: Path) -> tuple[Term, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = []
    for row in raw.get("terms", []):
        start, end = _day(row["start"]), _day(row["end"])
        if end < start:
            raise ValueError(f"{path.name}: the {row['term']} term {row['year']} ends before it starts")
        terms.append(Term(id=f"{start.year}-{row['term']}", name=f"{row['term']} term {start.year}",
                          start=start, end=end, checked=bool(row.get("checked"))))
    return tuple(sorted(terms, key=lambda t: t.start))


def term_on(terms: list[Term], day: date) -> Term | None:
    """The term `day` falls in, or None in a holiday."""
    return next((t for t in terms if day in t), None)
