"""The school list file: one row per school with its partnership and the basis for it.

`data/schools.csv` is what the bot ships with; it is made from a plain list (name, town, district)
or a GIAS extract by `python -m bot directory import-list` / `import-gias`, which apply the placement
rules. Coordinators' later moves are kept as records in the bot's database, not in this file.
"""

import csv
import re
from pathlib import Path

from .model import School

COLUMNS = ["id", "urn", "name", "town", "locality", "district", "postcode", "phase", "type",
           "partnership", "basis", "sub_cluster", "alternative", "reason",
           "ward", "easting", "northing", "aliases", "data_note"]
ALIAS_SEPARATOR = "; "


def school_id(urn: str, name: str, town: str) -> str:
    if urn:
        return f"urn-{urn}"
    return re.sub(r"[^a-z0-9]+", "-", f"{name} {town}".lower()).strip("-")


def _number(text) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def read_schools(path: Path) -> list[School]:
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            School(
                id=row["id"], urn=row["urn"], name=row["name"], town=row["town"],
                locality=row["locality"], district=row["district"], postcode=row["postcode"],
                phase=row["phase"], kind=row["type"], partnership_id=row["partnership"] or None,
                basis=row["basis"], sub_cluster=row["sub_cluster"],
                alternative_id=row["alternative"], reason=row["reason"],
                ward=row.get("ward") or "", easting=_number(row.get("easting")),
                northing=_number(row.get("northing")),
                aliases=[a for a in (row.get("aliases") or "").split(ALIAS_SEPARATOR) if a],
                data_note=row.get("data_note") or "",
            )
            for row in csv.DictReader(handle)
        ]


def write_schools(path: Path, schools: list[School]) -> None:
    temporary = path.with_suffix(".tmp")
    with open(temporary, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for s in schools:
            writer.writerow({
                "id": s.id, "urn": s.urn, "name": s.name, "town": s.town, "locality": s.locality,
                "district": s.district, "postcode": s.postcode, "phase": s.phase, "type": s.kind,
                "partnership": s.partnership_id or "", "basis": s.basis,
                "sub_cluster": s.sub_cluster, "alternative": s.alternative_id, "reason": s.reason,
                "ward": s.ward, "easting": "" if s.easting is None else s.easting,
                "northing": "" if s.northing is None else s.northing,
                "aliases": ALIAS_SEPARATOR.join(s.aliases), "data_note": s.data_note,
            })
    temporary.replace(path)
