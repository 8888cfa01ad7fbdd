"""Reads the Department for Education's "Get Information About Schools" establishment CSV.

The file (edubasealldata<date>.csv) is Windows-1252 encoded and lists every establishment in
England; we keep Hampshire's (LA code 850) that are open. A shorter extract with plain column names
("DistrictAdministrative" rather than "DistrictAdministrative (name)", LAESTAB rather than
"LA (code)", no status because it holds open schools only), as in `data/dfe/`, is read too.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

HAMPSHIRE = "850"
OPEN_STATUSES = {"open", "open, but proposed to close"}


class GiasFormatError(ValueError):
    pass


# Establishments outside the partnerships' remit: independent schools are not under the 2009
# Act's duty to cooperate (briefing, paragraph 2), and the others are not schools or colleges
# in Hampshire's local areas.
OUTSIDE_REMIT = ("independent", "higher education institution", "online provider", "miscellaneous")

REQUIRED = ["URN", "EstablishmentName", "Town"]


def _column(row: dict, name: str) -> str:
    """A GIAS field under its full export name ('X (name)') or its plain one ('X')."""
    return (row.get(f"{name} (name)") or row.get(name) or "").strip()


def _local_authority(row: dict) -> str:
    return (row.get("LA (code)") or (row.get("LAESTAB") or "")[:3]).strip()


def _number(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


@dataclass
class GiasExtract:
    rows: list = field(default_factory=list)   # Hampshire's open establishments, as dicts
    other_la: int = 0                           # rows skipped: another local authority
    not_open: int = 0                           # rows skipped: closed or not yet open
    outside_remit: int = 0                      # rows skipped: independent schools and the like
    unusable: int = 0                           # rows skipped: no name or no six-digit URN

    def summary(self) -> str:
        skipped = [f"{self.other_la} in other local authorities", f"{self.not_open} not open"]
        if self.outside_remit:
            skipped.append(f"{self.outside_remit} independent or otherwise outside the partnerships")
        if self.unusable:
            skipped.append(f"{self.unusable} unusable (no name or URN)")
        return f"kept {len(self.rows)} open Hampshire establishments; skipped " + ", ".join(skipped)


def read_gias(path: Path, content: bytes | None = None) -> GiasExtract:
    """Hampshire's open establishments, and how many rows were skipped and why. `content`, if
    given, is the file's bytes already read (with a size cap) by the caller."""
    extract = GiasExtract()
    # Windows-1252 as published; a stray byte it cannot map becomes U+FFFD rather than stopping
    # the whole import.
    if content is None:
        content = Path(path).read_bytes()
    with io.StringIO(content.decode("cp1252", errors="replace"), newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in columns]
        if not {"LA (code)", "LAESTAB"} & set(columns):
            missing.append("LA (code)")
        if missing:
            raise GiasFormatError(f"{path.name} is not a GIAS establishment file: no column {', '.join(missing)}")
        for row in reader:
            if _local_authority(row) != HAMPSHIRE:
                extract.other_la += 1
                continue
            if "EstablishmentStatus (name)" in columns and \
                    (row.get("EstablishmentStatus (name)") or "").strip().lower() not in OPEN_STATUSES:
                extract.not_open += 1
                continue
            kind = _column(row, "TypeOfEstablishment")
            if any(word in kind.lower() for word in OUTSIDE_REMIT):
                extract.outside_remit += 1
                continue
            name = (row.get("EstablishmentName") or "").strip()
            urn = (row.get("URN") or "").strip()
            if not name or not (urn.isdigit() and len(urn) == 6):
                extract.unusable += 1
                continue
            extract.rows.append({
                "urn": urn,
                "name": name,
                "town": (row.get("Town") or "").strip(),
                "locality": (row.get("Locality") or "").strip(),
                "district": _column(row, "DistrictAdministrative"),
                "postcode": (row.get("Postcode") or "").strip(),
                "phase": _column(row, "PhaseOfEducation"),
                "kind": kind,
                "ward": _column(row, "AdministrativeWard"),
                "easting": _number(row.get("Easting") or ""),
                "northing": _number(row.get("Northing") or ""),
            })
    return extract
