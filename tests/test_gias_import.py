"""`python -m bot directory import-gias | import | export | report`: the directory from the command line.

tests/fixtures/gias_sample.csv is a small file in the Department for Education's GIAS format
(real column names, Windows-1252 encoded). Its schools are real Hampshire schools but their URNs,
postcodes and grid references are made up for the test.
"""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.web.directory_command import main
from knowledge.directory import load_directory
from storage.database import open_database
from storage.directory_changes import all_moves

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "gias_sample.csv"
SHIPPED = ROOT / "knowledge" / "data" / "schools.csv"


def test_the_fixture_is_windows_1252_with_the_real_gias_columns():
    raw = FIXTURE.read_bytes()
    assert b"\x92" in raw                    # a curly apostrophe, as Windows-1252 writes it
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    header = next(csv.reader(io.StringIO(raw.decode("cp1252"))))
    for column in ["URN", "LA (code)", "LA (name)", "EstablishmentName", "TypeOfEstablishment (name)",
                   "EstablishmentStatus (name)", "PhaseOfEducation (name)", "Street", "Locality", "Town",
                   "Postcode", "DistrictAdministrative (name)", "Easting", "Northing"]:
        assert column in header


def test_import_gias_from_the_command_line(tmp_path):
    out = tmp_path / "schools.csv"
    before = SHIPPED.read_bytes()
    done = subprocess.run([sys.executable, "-m", "bot", "directory", "import-gias", str(FIXTURE), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "BOT_DB": str(tmp_path / "bot.json")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Read gias_sample.csv: kept 13 open Hampshire establishments; skipped 2 in other local authorities, "
        "1 not open, 1 independent or otherwise outside the partnerships, 1 unusable (no name or URN).",
        f"Wrote {out}: 13 schools: 6 named, 3 district, 3 inferred, 1 unresolved",
    ]
    assert SHIPPED.read_bytes() == before      # the shipped list is untouched


@pytest.fixture
def imported(tmp_path, capsys):
    out = tmp_path / "gias_schools.csv"
    assert main(["import-gias", str(FIXTURE), "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def test_only_open_hampshire_schools_are_kept(imported):
    schools = load_directory(schools_file=imported).schools.values()
    names = {s.name for s in schools}
    assert "Northern Parade Junior School" not in names        # Portsmouth, LA 851
    assert "Bitterne Park School" not in names                 # Southampton, LA 852
    assert "Purbrook Cottage Infant School" not in names       # closed
    assert "Hayling Island Pre-School" not in names            # no URN
    assert "Bordon Infant School" in names                     # open, but proposed to close
    assert "Winchester House Prep (Independent)" not in names  # independent: no duty to cooperate
    assert len(names) == 13


def test_each_school_lands_on_the_right_partnership_and_basis(imported):
    directory = load_directory(schools_file=imported)
    placed = {s.name: (s.partnership_id, s.basis, s.sub_cluster, s.alternative_id)
              for s in directory.schools.values()}
    assert placed["Horndean Infant School"] == ("havant-west", "named", "", "")      # Town Waterlooville
    assert placed["Horndean Church of England Junior School"] == ("havant-west", "named", "", "")
    assert placed["Swanmore Church of England Primary School"] == ("eastleigh-east", "named", "", "")
    assert placed["Sun Hill Infant School"] == ("winchester", "named", "Alresford", "")
    assert placed["Riders Junior School"] == ("havant-east", "named", "Leigh Park", "")
    assert placed["Bordon Infant School"] == ("bordon-liphook-petersfield", "named", "Bordon", "bordon")
    assert placed["Oakridge Junior School"] == (None, "unresolved", "", "")
    assert placed["Anton Junior School"] == ("andover", "inferred", "", "")
    assert placed["Elson Infant School"] == ("gosport", "district", "", "")
    assert placed["Merdon Junior School"] == ("eastleigh-west", "inferred", "", "")   # Chandler’s Ford
    assert placed["Catherington Church of England Infant School"] == ("havant-west", "inferred", "", "")
    assert placed["St Faith\u2019s Church of England Primary School"] == ("winchester", "district", "", "")


def test_the_imported_list_keeps_urn_postcode_and_the_windows_1252_name(imported):
    directory = load_directory(schools_file=imported)
    faith = directory.schools["urn-990010"]
    assert faith.name == "St Faith\u2019s Church of England Primary School"
    assert (faith.urn, faith.postcode, faith.town, faith.phase) == ("990010", "SO23 9QB", "Winchester", "Primary")
    assert directory.find_school("990010").best is faith
    assert directory.find_school("URN 990010").best is faith
    assert directory.find_school("so23 9qb").best is faith
    assert directory.find_school("SO239QB").best is faith
    assert directory.find_school("Saint Faiths C of E Primary").best is faith
    assert directory.find_school("990999").status == "none"
    assert {s.name for s in directory.find_school("PO8 9NW").candidates} == {
        "Horndean Infant School", "Horndean Church of England Junior School"}


def test_report_counts_each_basis(imported, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOT_DB", str(tmp_path / "bot.json"))
    assert main(["report", "--schools", str(imported)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "13 schools: 6 named, 3 district, 3 inferred, 1 unresolved"
    assert [line.split()[:2] for line in lines[1:6]] == [
        ["named", "6"], ["district", "3"], ["inferred", "3"], ["unresolved", "1"], ["corrected", "0"]]
    assert lines[6] == "By district:" and "By phase:" in lines


def test_report_on_the_shipped_list(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOT_DB", str(tmp_path / "bot.json"))
    assert main(["report"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    directory = load_directory()
    counts = directory.count_by_basis()
    assert first == (f"{len(directory.schools)} schools: {counts['named']} named, {counts['district']} district, "
                     f"{counts['inferred']} inferred, {counts['unresolved']} unresolved")


def test_a_file_that_is_not_gias_writes_nothing(tmp_path, capsys):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,town\nPerins School,Alresford\n", encoding="cp1252")
    out = tmp_path / "schools.csv"
    assert main(["import-gias", str(wrong), "--out", str(out)]) == 2
    assert "is not a GIAS establishment file: no column URN" in capsys.readouterr().err
    assert not out.exists()


def test_a_gias_file_with_no_hampshire_schools_writes_nothing(tmp_path, capsys):
    text = FIXTURE.read_bytes().decode("cp1252").splitlines()
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_bytes("\r\n".join([text[0]] + [line for line in text[1:] if ",850," not in line])
                          .encode("cp1252"))
    out = tmp_path / "schools.csv"
    assert main(["import-gias", str(elsewhere), "--out", str(out)]) == 2
    assert "no open Hampshire (LA 850) establishments" in capsys.readouterr().err
    assert not out.exists()


# ---- bulk moves: import and export ------------------------------------------------------------

def test_import_records_every_move_with_who_and_when(tmp_path, capsys, monkeypatch):
    database_path = tmp_path / "bot.json"
    monkeypatch.setenv("BOT_DB", str(database_path))
    moves = tmp_path / "moves.csv"
    moves.write_text("school,partnership\nCrookhorn College,Havant East\nTest Valley School,Romsey\n"
                     "Perins School,Winchester\n", encoding="utf-8")
    assert main(["import", str(moves), "--by", "Pat Coordinator"]) == 0
    assert capsys.readouterr().out.strip() == "Moved 2 school(s)."     # Perins is already in Winchester
    recorded = all_moves(open_database(str(database_path)))
    assert [(m["school_name"], m["partnership_id"], m["previous_partnership_id"], m["by"]) for m in recorded] == [
        ("Crookhorn College", "havant-east", "havant-west", "Pat Coordinator"),
        ("Test Valley School", "romsey", "andover", "Pat Coordinator")]
    assert all(m["at"].endswith("+00:00") for m in recorded)


def test_a_bad_row_means_nothing_is_imported(tmp_path, capsys, monkeypatch):
    database_path = tmp_path / "bot.json"
    monkeypatch.setenv("BOT_DB", str(database_path))
    moves = tmp_path / "moves.csv"
    moves.write_text("school,partnership\nCrookhorn College,Havant East\nHogwarts,Romsey\n"
                     "Perins School,Narnia\nFarnborough College,Hart\n", encoding="utf-8")
    assert main(["import", str(moves)]) == 2
    err = capsys.readouterr().err
    assert "Nothing imported; fix these first:" in err
    assert "line 3: no single school matches 'Hogwarts'" in err
    assert "line 4: no partnership called 'Narnia'" in err
    assert "line 5: no single school matches 'Farnborough College'" in err
    assert all_moves(open_database(str(database_path))) == []


def test_import_without_the_right_columns_imports_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOT_DB", str(tmp_path / "bot.json"))
    moves = tmp_path / "moves.csv"
    moves.write_text("name,where\nCrookhorn College,Havant East\n", encoding="utf-8")
    assert main(["import", str(moves)]) == 2
    assert "needs the columns school,partnership" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "missing.csv")]) == 2


def test_export_shows_the_directory_with_corrections(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOT_DB", str(tmp_path / "bot.json"))
    moves = tmp_path / "moves.csv"
    moves.write_text("school,partnership\nCrookhorn College,Havant East\n", encoding="utf-8")
    assert main(["import", str(moves)]) == 0
    out = tmp_path / "directory.csv"
    assert main(["export", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as handle:
        every_row = list(csv.DictReader(handle))
    rows = {row["school"]: row for row in every_row}
    assert len(every_row) == len(load_directory().schools)
    assert (rows["Crookhorn College"]["partnership"], rows["Crookhorn College"]["basis"]) == ("Havant East", "corrected")
    assert (rows["Perins School"]["partnership"], rows["Perins School"]["sub_cluster"]) == ("Winchester", "Alresford")
    assert rows["Aldworth School"]["partnership"] == "" and rows["Aldworth School"]["basis"] == "unresolved"


async def test_a_move_made_on_the_starter_list_survives_a_gias_import(tmp_path):
    from tests.conversation import new_chat, talk

    chat = new_chat(tmp_path, today="2010-03-15")
    await talk(chat, ["move Peter Symonds College to Romsey", "→ Move Peter Symonds College", "yes", "→ Done"])
    schools = tmp_path / "gias_schools.csv"
    assert main(["import-gias", str(FIXTURE), "--out", str(schools)]) == 0
    imported = load_directory(schools_file=schools)
    imported.apply_moves(all_moves(chat.database))
    symonds = imported.schools["urn-990012"]            # a new id: from its URN, not its name and town
    assert (symonds.partnership_id, symonds.basis, symonds.correction.by) == ("romsey", "corrected", "Jo Smith")
