"""Reads the Department for Education's "Get Information About Schools" establishment CSV.

The file (edubasealldata<date>.csv) is Windows-1252 encoded and lists every establishment in
England; we keep Hampshire's (LA code 850) that are open.
"""

import csv
from pathlib import Path

HAMPSHIRE = "850"
OPEN_STATUSES = {"open", "open, but proposed to close"}


class GiasFormatError(ValueError):
    pass


REQUIRED = ["URN", "LA (code)", "EstablishmentName", "EstablishmentStatus (name)", "Town"]


def read_gias(path: Path) -> tuple[list[dict], int]:
    """Hampshire's open establishments as dicts, and the number of rows skipped as unusable."""
    rows, skipped = [], 0
    with open(path, newline="", encoding="cp1252", errors="replace") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise GiasFormatError(f"{path.name} is not a GIAS establishment file: no column {', '.join(missing)}")
        for row in reader:
            if (row.get("LA (code)") or "").strip() != HAMPSHIRE:
                continue
            if (row.get("EstablishmentStatus (name)") or "").strip().lower() not in OPEN_STATUSES:
                continue
            name = (row.get("EstablishmentName") or "").strip()
            urn = (row.get("URN") or "").strip()
            if not name or not urn.isdigit():
                skipped += 1
                continue
            rows.append({
                "urn": urn,
                "name": name,
                "town": (row.get("Town") or "").strip(),
                "locality": (row.get("Locality") or "").strip(),
                "district": (row.get("DistrictAdministrative (name)") or "").strip(),
                "postcode": (row.get("Postcode") or "").strip(),
                "phase": (row.get("PhaseOfEducation (name)") or "").strip(),
                "kind": (row.get("TypeOfEstablishment (name)") or "").strip(),
            })
    return rows, skipped
