"""The directory from the command line.

    python -m bot directory import-list FILE.csv      build a school list from name,town,district,phase
    python -m bot directory import-gias FILE.csv      build a school list from a GIAS extract
                                                  (both write data/schools.csv here, or --out FILE;
                                                  a file they replace is kept as FILE.bak)
    python -m bot directory import FILE.csv           move schools: columns school,partnership
    python -m bot directory export [FILE.csv]         the directory as it stands, corrections included
    python -m bot directory report [--schools FILE]   how many schools on each basis, district and
                                                      phase, moves included
    python -m bot directory build-county [--out FILE] the whole county from the DfE lists in
                                                      knowledge/data/dfe/ and knowledge/data/wards.yaml
                                                      (default: the shipped knowledge/data/schools.csv)
    python -m bot directory map [NAME] [--out FILE]   a map of the schools coloured by partnership:
                                                      the county, or a partnership or district (PNG)

import and export use the bot's database (BOT_DB, default data/bot.json), where moves are kept.
import changes it, so it is refused while the bot runs on that database; export and report only
read it (a snapshot), so they work while the bot runs. With BOT_STORAGE=azure (and the bot's Azure
settings), the moves are the ones on Azure Storage, as every instance of the bot keeps them: import
adds them while the bot runs (each instance applies them within a second), and an import stopped
half-way adds only the rest when run again (each move has an id made from what it moves). The bot reads the school list shipped in
knowledge/data/schools.csv: to replace it, name it with --out (its old version is kept as .bak).

Every problem is one line on stderr and exit code 2 (1 if the database cannot be opened), and
nothing is written.
"""

import argparse
import asyncio
import csv
import hashlib
import io
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

from azure.core.exceptions import AzureError

from knowledge.clock import Clock, utc_iso
from knowledge.directory import DATA, load_directory, placed_school
from knowledge.gias import GiasFormatError, read_gias
from knowledge.school_list import write_schools
from storage.database import open_database
from storage.directory_changes import all_moves, record_moves
from storage.faults import StoreProblem

BASIS_ORDER = ["named", "district", "inferred", "unresolved", "corrected"]
BASIS_MEANING = {
    "named": "the Director's letter names the place",
    "district": "the district has a single partnership",
    "inferred": "our reading of the letter's split, for a coordinator to confirm",
    "unresolved": "no partnership yet (Basingstoke and Deane's are not named, or the school has no address)",
    "corrected": "moved by a coordinator",
}

MB = 1024 * 1024
# The most each command reads. A GIAS extract for all of England is about 60 MB (Hampshire's alone
# a few MB); a list of schools or of moves is well under 1 MB.
READ_LIMIT = {"import-gias": 150 * MB, "import-list": 20 * MB, "import": 20 * MB}
SHIPPED_SCHOOLS = DATA / "schools.csv"


def default_school_list() -> Path:
    """Where import-gias and import-list write unless told: the working directory's data folder
    (where the bot keeps its database) if there is one, else the working directory itself; never
    the shipped list."""
    return Path("data", "schools.csv") if Path("data").is_dir() else Path("schools.csv")
# Cells a spreadsheet would read as a formula (or that hide one behind a tab or return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CommandError(Exception):
    """A problem with what the command was given: one line for the person, exit code 2."""


def read_input(path: Path, limit: int) -> bytes:
    """The whole file, read with a cap (a size stat says 0 for /dev/zero); CommandError if it is
    missing, a folder, larger than `limit` or not text."""
    if path.is_dir():
        raise CommandError(f"{path} is a folder: give the CSV file itself")
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > limit:
                raise CommandError(f"{path} is larger than {limit // MB} MB, too large for this command")
            chunks, size = [], 0
            while chunk := handle.read(MB):
                if b"\x00" in chunk:
                    raise CommandError(f"{path} is not a text CSV file (it contains NUL bytes)")
                size += len(chunk)
                if size > limit:
                    raise CommandError(f"{path} is larger than {limit // MB} MB, too large for this command")
                chunks.append(chunk)
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror or error}") from None
    return b"".join(chunks)


def csv_rows(path: Path, content: bytes, columns: list[str]) -> list[dict]:
    """The rows of a UTF-8 CSV file that must have `columns`; CommandError otherwise."""
    try:
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as error:
        raise CommandError(f"{path.name} is not a UTF-8 CSV file ({error})") from None
    if not set(columns) <= set(reader.fieldnames or []):
        raise CommandError(f"{path.name} needs the columns {','.join(columns)}")
    return rows


def writable_file(path: Path, example: str) -> Path:
    """`path` if a file can be written there; CommandError if it is a folder or its folder is missing."""
    if path.is_dir():
        raise CommandError(f"{path} is a folder: give a file name, such as {path / example}")
    if not path.parent.is_dir():
        raise CommandError(f"cannot write {path}: there is no folder {path.parent}")
    return path


def spreadsheet_safe(cell) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
    replace_keeping_backup(out, lambda: write_schools(out, schools))
    for district, count in unknown.items():
        print(f"note: {count} school(s) in unknown district {district!r} left unresolved", file=sys.stderr)
    return schools


def replace_keeping_backup(out: Path, write) -> None:
    """Run `write` (which writes `out` whole); a file it replaces is first kept as `out`.bak, and
    the person is told."""
    backup = out.with_name(out.name + ".bak")
    existed = out.is_file()
    try:
        if existed:
            shutil.copyfile(out, backup)
        write()
    except OSError as error:
        raise CommandError(f"cannot write {out}: {error.strerror or error}") from None
    shipped = out.resolve() == SHIPPED_SCHOOLS.resolve()
    if existed:
        print(f"Replaced {out}{' (the list the bot ships with)' if shipped else ''}; "
              f"the previous version is kept as {backup}.", file=sys.stderr)
    if not shipped:
        print(f"note: the bot reads {SHIPPED_SCHOOLS.relative_to(DATA.parent.parent)}; check this list with "
              f"'python -m bot directory report --schools {out}', then write it there with "
              f"--out {SHIPPED_SCHOOLS.relative_to(DATA.parent.parent)}", file=sys.stderr)


def import_list(path: Path, out: Path) -> int:
    writable_file(out, "schools.csv")
    rows = csv_rows(path, read_input(path, READ_LIMIT["import-list"]), ["name", "town", "district"])
    rows = [{"name": (r["name"] or "").strip(), "town": (r["town"] or "").strip(),
             "district": (r["district"] or "").strip(), "phase": (r.get("phase") or "").strip()} for r in rows]
    if not rows:
        raise CommandError(f"{path.name} has no schools in it")
    schools = build_school_list(rows, out)
    print(f"Wrote {out}: {basis_report(schools)}")
    return 0


def import_gias(path: Path, out: Path) -> int:
    writable_file(out, "schools.csv")
    try:
        extract = read_gias(path, read_input(path, READ_LIMIT["import-gias"]))
    except GiasFormatError as error:
        raise CommandError(str(error)) from None
    if not extract.rows:
        raise CommandError(f"{path.name} has no open Hampshire (LA 850) establishments ({extract.summary()})")
    schools = build_school_list(extract.rows, out)
    print(f"Read {path.name}: {extract.summary()}.")
    print(f"Wrote {out}: {basis_report(schools)}")
    return 0


def build_county_list(out: Path) -> int:
    from knowledge.county_schools import build_county

    writable_file(out, "schools.csv")
    schools = build_county()
    replace_keeping_backup(out, lambda: write_schools(out, schools))
    print(f"Wrote {out}: {basis_report(schools)}")
    return 0


def draw_map_file(name: str, out: Path | None) -> int:
    from knowledge.county_map import draw_map, map_scope

    directory = load_directory()
    scope = map_scope(directory, name)
    if scope is None:
        raise CommandError(f"no partnership or district called {name!r}")
    picture = draw_map(directory, scope)
    out = writable_file(out or Path(picture.file_name), "map.png")
    try:
        out.write_bytes(picture.png)
    except OSError as error:
        raise CommandError(f"cannot write {out}: {error.strerror or error}") from None
    print(f"Wrote {out}: {picture.alt}")
    print(picture.text)
    return 0


def import_moves(path: Path, database_path: str, who: str) -> int:
    rows = csv_rows(path, read_input(path, READ_LIMIT["import"]), ["school", "partnership"])
    directory = load_directory()
    records = azure_records()
    if records is not None:
        return asyncio.run(_import_moves_on_azure(rows, directory, records, who))
    # The only writer while it imports: refused (StoreProblem) if the bot is running on this database.
    database = open_database(database_path, sole_writer=True)
    try:
        return _import_moves(rows, directory, database, who)
    finally:
        database.close()


def _import_moves(rows: list[dict], directory, database, who: str) -> int:
    directory.apply_moves(all_moves(database))
    moves = _planned_moves(rows, directory, who)
    if moves is None:
        return 2
    record_moves(database, moves)
    print(f"Moved {len(moves)} school(s).")
    return 0


def _planned_moves(rows: list[dict], directory, who: str) -> list[dict] | None:
    """The moves the rows ask for (a school already where a row puts it is no move); None, with
    each problem said on stderr, if any row cannot be followed."""
    moves, problems = [], []
    now = utc_iso(Clock().now())
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
        return None
    return moves


# ---- the moves on Azure Storage (BOT_STORAGE=azure) ----------------------------------------------

def azure_records():
    """The records on Azure Storage when the environment says BOT_STORAGE=azure, as the bot would
    use them; None with the embedded default (StoreProblem if the settings are incomplete)."""
    from config import DefaultConfig

    from .building import azure_settings
    settings = azure_settings(DefaultConfig.from_environment())
    if settings is None:
        return None
    from storage.azure.tables import AzureRecords        # the Azure SDK only when it is used
    return AzureRecords(settings)


def import_id(move: dict, earlier_moves: int) -> str:
    """The same move planned again (an import run again after it stopped half-way) has the same
    id, so it is kept once; a later move of the same school (after it was moved back) has another."""
    what = "|".join([move["school_id"], move["previous_partnership_id"] or "", move["partnership_id"],
                     str(earlier_moves)])
    return "import-" + hashlib.sha256(what.encode("utf-8")).hexdigest()[:24]


async def _import_moves_on_azure(rows: list[dict], directory, records, who: str) -> int:
    await records.start()
    try:
        kept = await records.moves.all()
        directory.apply_moves(kept)
        moves = _planned_moves(rows, directory, who)
        if moves is None:
            return 2
        earlier = Counter(m["school_id"] for m in kept)
        added = 0
        for move in moves:
            if await records.moves.record(**move, move_id=import_id(move, earlier[move["school_id"]])) is not None:
                added += 1
        already = len(moves) - added
        print(f"Moved {added} school(s)." + (f" {already} were moved already by this import." if already else ""))
        return 0
    finally:
        await records.close()


async def _moves_on_azure(records) -> list[dict]:
    await records.start()
    try:
        return await records.moves.all()
    finally:
        await records.close()


def kept_moves(database_path: str) -> list[dict]:
    """Every move kept so far: on Azure Storage with BOT_STORAGE=azure, else in the database file
    (none if there is no database yet)."""
    records = azure_records()
    if records is not None:
        return asyncio.run(_moves_on_azure(records))
    if not Path(database_path).exists():
        return []
    return all_moves(open_database(database_path))


def export(database_path: str, out, schools_file: Path | None = None) -> int:
    """The directory as CSV to `out` (a file object), safe to open in a spreadsheet; how many schools."""
    directory = load_directory(schools_file=schools_file)
    directory.apply_moves(kept_moves(database_path))
    writer = csv.writer(out)
    writer.writerow(["school", "town", "district", "partnership", "basis", "sub_cluster"])
    schools = sorted(directory.schools.values(), key=lambda s: (s.district, s.name))
    for school in schools:
        partnership = directory.partnerships.get(school.partnership_id or "")
        writer.writerow([spreadsheet_safe(cell) for cell in (
            school.name, school.town, school.district, partnership.name if partnership else "", school.basis,
            school.sub_cluster)])
    return len(schools)


def export_to_file(database_path: str, path: Path, schools_file: Path | None = None) -> int:
    """Write the export whole (made in memory first, so a failure leaves no half a file) and say so."""
    writable_file(path, "directory.csv")
    text = io.StringIO(newline="")
    count = export(database_path, text, schools_file)
    try:
        path.write_text(text.getvalue(), encoding="utf-8", newline="")
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None
    print(f"Wrote {count} schools to {path}")
    return 0


def report(database_path: str, schools_file: Path | None) -> int:
    """How many schools the directory has on each basis, coordinators' moves included."""
    directory = load_directory(schools_file=schools_file)
    directory.apply_moves(kept_moves(database_path))
    schools = list(directory.schools.values())
    print(basis_report(schools))
    for basis in BASIS_ORDER:
        print(f"  {basis:<11}{directory.count_by_basis()[basis]:>5}  {BASIS_MEANING[basis]}")
    print("By district:")
    for district, count in sorted(Counter(s.district or "(no address)" for s in schools).items()):
        print(f"  {district:<23}{count:>5}")
    print("By phase:")
    for phase, count in Counter(s.phase or "(not given)" for s in schools).most_common():
        print(f"  {phase:<23}{count:>5}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot directory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("import-list", "import-gias"):
        command = commands.add_parser(name)
        command.add_argument("file", type=Path)
        command.add_argument("--out", type=Path, help="where to write the school list (default: "
                             "data/schools.csv here if there is a data folder, else schools.csv)")
    command = commands.add_parser("build-county")
    command.add_argument("--out", type=Path, default=SHIPPED_SCHOOLS,
                         help="where to write the school list (default: the shipped one)")
    command = commands.add_parser("map")
    command.add_argument("name", nargs="*", help="a partnership or district (default: the whole county)")
    command.add_argument("--out", type=Path, help="the PNG to write (default: map-<name>.png here)")
    command = commands.add_parser("import")
    command.add_argument("file", type=Path)
    command.add_argument("--by", default=os.environ.get("USER", "command line"))
    command = commands.add_parser("export")
    command.add_argument("file", nargs="?", type=Path)
    command.add_argument("--schools", type=Path, help="a school list other than the shipped one")
    command = commands.add_parser("report")
    command.add_argument("--schools", type=Path, help="a school list other than the shipped one")
    args = parser.parse_args(argv)
    database_path = os.environ.get("BOT_DB", "data/bot.json")

    try:
        if args.command == "import-list":
            return import_list(args.file, args.out or default_school_list())
        if args.command == "import-gias":
            return import_gias(args.file, args.out or default_school_list())
        if args.command == "map":
            return draw_map_file(" ".join(args.name), args.out)
        if args.command == "build-county":
            return build_county_list(args.out)
        if args.command == "import":
            return import_moves(args.file, database_path, args.by)
        if args.command == "export":
            if args.file:
                return export_to_file(database_path, args.file, args.schools)
            export(database_path, sys.stdout, args.schools)
            return 0
        if args.command == "report":
            return report(database_path, args.schools)
    except (CommandError, StoreProblem) as error:   # StoreProblem: the database in use, damaged, full...
        nothing = "nothing imported" if args.command == "import" else "nothing written"
        print(f"error: {error}; {nothing}", file=sys.stderr)
        return 2 if isinstance(error, CommandError) else 1
    except AzureError as error:                      # BOT_STORAGE=azure: the account refused or unreachable
        said = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"error: cannot reach Azure Storage ({said}); "
              f"{'an import run again adds only what is missing' if args.command == 'import' else 'nothing written'}",
              file=sys.stderr)
        return 1
    return 2

