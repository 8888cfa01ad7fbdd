"""The directory from the command line.

    python -m knowledge import-list FILE.csv      build data/schools.csv from name,town,district,phase
    python -m knowledge import-gias FILE.csv      build data/schools.csv from a GIAS extract
                                                  (--out FILE to write elsewhere)
    python -m knowledge import FILE.csv           move schools: columns school,partnership
    python -m knowledge export [FILE.csv]         the directory as it stands, corrections included
    python -m knowledge report [--schools FILE]   how many schools on each basis, moves included

import and export use the bot's database (BOT_DB, default data/bot.json), where moves are kept.
"""

import argparse
import csv
import os
import sys
from collections import Counter
from pathlib import Path

from .clock import Clock, utc_iso
from .directory import DATA, load_directory, placed_school
from .gias import GiasFormatError, read_gias
from .school_list import write_schools

BASIS_ORDER = ["named", "district", "inferred", "unresolved", "corrected"]
BASIS_MEANING = {
    "named": "the Director's letter names the place",
    "district": "the district has a single partnership",
    "inferred": "our reading of the letter's split, for a coordinator to confirm",
    "unresolved": "no partnership yet (Basingstoke and Deane's are not named)",
    "corrected": "moved by a coordinator",
}


def basis_report(schools) -> str:
    counts = Counter(s.basis for s in schools)
    parts = [f"{counts[b]} {b}" for b in BASIS_ORDER if counts[b]]
    return f"{len(schools)} schools: " + ", ".join(parts)


def build_school_list(rows: list[dict], out: Path) -> list:
    directory = load_directory(with_schools=False)
    known = set(directory.districts)
    schools, unknown = [], Counter()
    for row in rows:
        if row["district"] not in known:
            unknown[row["district"] or "(blank)"] += 1
        schools.append(placed_school(directory, **row))
    schools.sort(key=lambda s: (s.district, s.name))
    write_schools(out, schools)
    for district, count in unknown.items():
        print(f"note: {count} school(s) in unknown district {district!r} left unresolved", file=sys.stderr)
    return schools


def import_list(path: Path, out: Path) -> int:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = [{"name": r["name"].strip(), "town": r["town"].strip(), "district": r["district"].strip(),
                 "phase": (r.get("phase") or "").strip()} for r in csv.DictReader(handle)]
    schools = build_school_list(rows, out)
    print(f"Wrote {out}: {basis_report(schools)}")
    return 0


def import_gias(path: Path, out: Path) -> int:
    try:
        extract = read_gias(path)
    except (GiasFormatError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not extract.rows:
        print(f"error: {path.name} has no open Hampshire (LA 850) establishments; nothing written "
              f"({extract.summary()})", file=sys.stderr)
        return 2
    schools = build_school_list(extract.rows, out)
    print(f"Read {path.name}: {extract.summary()}.")
    print(f"Wrote {out}: {basis_report(schools)}")
    return 0


def import_moves(path: Path, database_path: str, who: str) -> int:
    from storage.database import open_database
    from storage.directory_changes import all_moves, record_moves

    database = open_database(database_path)
    directory = load_directory()
    directory.apply_moves(all_moves(database))
    moves, problems = [], []
    now = utc_iso(Clock().now())
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with handle:
        try:
            reader = csv.DictReader(handle)
            rows = list(reader)
            columns = set(reader.fieldnames or [])
        except (UnicodeDecodeError, csv.Error) as error:
            print(f"error: {path.name} is not a UTF-8 CSV file ({error}); nothing imported", file=sys.stderr)
            return 2
        if not {"school", "partnership"} <= columns:
            print(f"error: {path.name} needs the columns school,partnership; nothing imported", file=sys.stderr)
            return 2
        for line, row in enumerate(rows, start=2):
            if any(not value.isprintable() for value in row.values() if isinstance(value, str)):
                problems.append(f"line {line}: contains a control character")
                continue
            match = directory.find_school(row.get("school") or "")
            partnership = directory.find_partnership(row.get("partnership") or "")
            if match.status != "found":
                problems.append(f"line {line}: no single school matches {row.get('school')!r}")
            elif partnership is None:
                problems.append(f"line {line}: no partnership called {row.get('partnership')!r}")
            elif match.best.partnership_id != partnership.id:
                moves.append({"school_id": match.best.id, "school_name": match.best.name,
                              "partnership_id": partnership.id,
                              "previous_partnership_id": match.best.partnership_id,
                              "by": who, "by_name": who, "at": now})
    if problems:
        print("Nothing imported; fix these first:", *problems, sep="\n  ", file=sys.stderr)
        return 2
    record_moves(database, moves)
    print(f"Moved {len(moves)} school(s).")
    return 0


def export(database_path: str, out) -> int:
    from storage.database import open_database
    from storage.directory_changes import all_moves

    directory = load_directory()
    if Path(database_path).exists():
        directory.apply_moves(all_moves(open_database(database_path)))
    writer = csv.writer(out)
    writer.writerow(["school", "town", "district", "partnership", "basis", "sub_cluster"])
    for school in sorted(directory.schools.values(), key=lambda s: (s.district, s.name)):
        partnership = directory.partnerships.get(school.partnership_id or "")
        writer.writerow([school.name, school.town, school.district,
                         partnership.name if partnership else "", school.basis, school.sub_cluster])
    return 0


def report(database_path: str, schools_file: Path | None) -> int:
    """How many schools the directory has on each basis, coordinators' moves included."""
    from storage.database import open_database
    from storage.directory_changes import all_moves

    directory = load_directory(schools_file=schools_file)
    moves = all_moves(open_database(database_path)) if Path(database_path).exists() else []
    directory.apply_moves(moves)
    print(basis_report(list(directory.schools.values())))
    for basis in BASIS_ORDER:
        print(f"  {basis:<11}{directory.count_by_basis()[basis]:>5}  {BASIS_MEANING[basis]}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("import-list", "import-gias"):
        command = commands.add_parser(name)
        command.add_argument("file", type=Path)
        command.add_argument("--out", type=Path, default=DATA / "schools.csv")
    command = commands.add_parser("import")
    command.add_argument("file", type=Path)
    command.add_argument("--by", default=os.environ.get("USER", "command line"))
    command = commands.add_parser("export")
    command.add_argument("file", nargs="?", type=Path)
    command = commands.add_parser("report")
    command.add_argument("--schools", type=Path, help="a school list other than the shipped one")
    args = parser.parse_args(argv)
    database_path = os.environ.get("BOT_DB", "data/bot.json")

    if args.command == "import-list":
        return import_list(args.file, args.out)
    if args.command == "import-gias":
        return import_gias(args.file, args.out)
    if args.command == "import":
        return import_moves(args.file, database_path, args.by)
    if args.command == "export":
        if args.file:
            with open(args.file, "w", newline="", encoding="utf-8") as out:
                return export(database_path, out)
        return export(database_path, sys.stdout)
    if args.command == "report":
        return report(database_path, args.schools)
    return 2


if __name__ == "__main__":
    sys.exit(main())
