"""`python -m bot directory` given what a careless admin or a hostile file would give it.

Each bad input is one line on stderr, exit code 2, no traceback, no hang, and nothing written: no
school list, no database, no export. Real processes, as an admin would run them; the input is read
with a cap, so /dev/zero (whose size says 0) ends at once.
"""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "gias_sample.csv"
SHIPPED = ROOT / "knowledge" / "data" / "schools.csv"
SAFETY_NET = 300     # seconds: only so a hang fails instead of stopping the suite


def knowledge(tmp_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "directory", *map(str, args)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=SAFETY_NET, stdin=subprocess.DEVNULL,
                          env={**os.environ, "BOT_DB": str(tmp_path / "data" / "bot.json"),
                               "PYTHONPATH": str(ROOT)})


def hostile_inputs(tmp_path) -> dict:
    (tmp_path / "folder").mkdir()
    with open(tmp_path / "2GB.csv", "wb") as handle:           # sparse: 2 GB by its size, no disk used
        handle.truncate(2 * 1024 ** 3)
    (tmp_path / "binary.csv").write_bytes(bytes(range(256)) * 8)
    return {"/dev/zero": "/dev/zero", "/dev/urandom": "/dev/urandom", "a folder": tmp_path / "folder",
            "a missing file": tmp_path / "missing.csv", "a 2 GB file": tmp_path / "2GB.csv",
            "a binary file": tmp_path / "binary.csv"}


INPUTS = ["/dev/zero", "/dev/urandom", "a folder", "a missing file", "a 2 GB file", "a binary file"]


def refused(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr and not done.stdout, done
    [line] = done.stderr.splitlines()
    assert line.startswith("error: ") and line.endswith(("nothing written", "nothing imported")), line
    return line


def nothing_written(tmp_path):
    assert not (tmp_path / "data").exists()
    assert not (tmp_path / "schools.csv").exists()


@pytest.mark.parametrize("command", ["import-gias", "import-list", "import"])
@pytest.mark.parametrize("what", INPUTS)
def test_a_hostile_input_file_is_one_line_and_writes_nothing(tmp_path, command, what):
    path = hostile_inputs(tmp_path)[what]
    refused(knowledge(tmp_path, command, path))
    nothing_written(tmp_path)


@pytest.mark.parametrize("where,says", [("/", "/ is a folder: give a file name, such as /directory.csv"),
                                        ("folder", "is a folder"), ("no/such/folder/out.csv", "there is no folder"),
                                        ("/dev/full", "cannot write /dev/full: No space left on device")])
def test_export_to_a_bad_place_is_one_line(tmp_path, where, says):
    (tmp_path / "folder").mkdir()
    assert says in refused(knowledge(tmp_path, "export", where))
    nothing_written(tmp_path)


@pytest.mark.parametrize("command", ["import-gias", "import-list"])
def test_a_school_list_to_a_bad_place_is_one_line(tmp_path, command):
    assert "is a folder" in refused(knowledge(tmp_path, command, FIXTURE, "--out", "/"))
    assert "there is no folder" in refused(knowledge(tmp_path, command, FIXTURE, "--out", tmp_path / "no" / "x.csv"))


def test_import_gias_writes_here_by_default_and_keeps_a_backup_of_what_it_replaces(tmp_path):
    shipped = SHIPPED.read_bytes()
    done = knowledge(tmp_path, "import-gias", FIXTURE)
    assert done.returncode == 0 and done.stdout.splitlines()[-1].startswith("Wrote schools.csv: 13 schools"), done
    assert done.stderr.splitlines() == [
        "note: the bot reads knowledge/data/schools.csv; check this list with 'python -m bot directory report "
        "--schools schools.csv', then write it there with --out knowledge/data/schools.csv"]
    assert SHIPPED.read_bytes() == shipped                  # never the shipped list unless named
    first = (tmp_path / "schools.csv").read_bytes()
    (tmp_path / "schools.csv").write_text("my own edits\n")
    again = knowledge(tmp_path, "import-gias", FIXTURE)
    assert again.returncode == 0, again
    assert again.stderr.splitlines()[0] == "Replaced schools.csv; the previous version is kept as schools.csv.bak."
    assert (tmp_path / "schools.csv.bak").read_text() == "my own edits\n"
    assert (tmp_path / "schools.csv").read_bytes() == first


def test_with_a_data_folder_here_the_school_list_goes_in_it(tmp_path):
    (tmp_path / "data").mkdir()
    done = knowledge(tmp_path, "import-gias", FIXTURE)
    assert done.returncode == 0 and "Wrote data/schools.csv: 13 schools" in done.stdout, done
    assert (tmp_path / "data" / "schools.csv").is_file() and not (tmp_path / "schools.csv").exists()


def test_export_says_what_it_wrote(tmp_path):
    done = knowledge(tmp_path, "export", "directory.csv")
    rows = list(csv.DictReader(open(tmp_path / "directory.csv", newline="", encoding="utf-8")))
    assert done.returncode == 0 and done.stdout == f"Wrote {len(rows)} schools to directory.csv\n", done


FORMULAS = ['=HYPERLINK("http://x","y")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+2", "-2+3",
            "\t=1+1", "\r=1+1"]


def test_a_school_named_like_a_formula_comes_out_of_export_inert(tmp_path):
    """The attack from the table: school names that are formulas, imported, then exported."""
    names = tmp_path / "names.csv"
    with open(names, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "town", "district", "phase"])
        for number, formula in enumerate(FORMULAS):
            writer.writerow([f"{formula} {number}", "=1+2" if number == 0 else "Gosport", "Gosport", "Primary"])
    assert knowledge(tmp_path, "import-list", names, "--out", "schools.csv").returncode == 0
    done = knowledge(tmp_path, "export", "directory.csv", "--schools", "schools.csv")
    assert done.returncode == 0, done
    cells = [cell for row in csv.reader(open(tmp_path / "directory.csv", newline="", encoding="utf-8"))
             for cell in row]
    live = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert live == [], live                          # 0 live formulas of the 6 attempted (and the town)
    assert sum(cell.startswith("'") for cell in cells) == len(FORMULAS) + 1
    assert "'=HYPERLINK(\"http://x\",\"y\") 0" in cells


def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe():
    from bot.web.directory_command import spreadsheet_safe
    assert [spreadsheet_safe(f) for f in FORMULAS] == ["'" + f for f in FORMULAS]
    assert [spreadsheet_safe(s) for s in ("Bay House School", "", None, "St Mary's")] == [
        "Bay House School", "", "", "St Mary's"]
