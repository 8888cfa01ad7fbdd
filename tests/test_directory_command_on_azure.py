"""`python -m bot directory import / export / report` with BOT_STORAGE=azure: the coordinators'
moves are the ones every instance of the bot keeps on Azure Storage (here Azurite), not a file
beside the command."""

import asyncio
import csv

import pytest

from bot.web import directory_command
from bot.web.directory_command import main
from tests.conversation import Chat, talk
from tests.test_azure_storage_choice import until


@pytest.fixture
def on_azure(monkeypatch, tmp_path, azurite, azure_prefix):
    """The command's environment, as the bot's: BOT_STORAGE=azure on the test's own tables."""
    monkeypatch.setenv("BOT_STORAGE", "azure")
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", azurite.connection_string)
    monkeypatch.setenv("AZURE_TABLE_PREFIX", azure_prefix)
    monkeypatch.setenv("AZURE_STATE_CONTAINER", azure_prefix)
    monkeypatch.setenv("BOT_DB", str(tmp_path / "bot.json"))
    monkeypatch.chdir(tmp_path)
    return azurite.connection_string, azure_prefix


def moves_file(tmp_path, *rows) -> str:
    path = tmp_path / "moves.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([("school", "partnership"), *rows])
    return str(path)


async def in_a_thread(argv):
    """The command runs its own event loop, as it does from a shell."""
    return await asyncio.to_thread(main, argv)


async def test_moves_imported_while_the_bot_runs_on_azure_are_answered_by_the_bot(on_azure, tmp_path, capsys):
    bot = Chat(tmp_path / "bot.json", today="2010-03-10", azure=on_azure)
    try:
        await talk(bot, ["which partnership is Test Valley School in?", "→ Andover"])
        assert await in_a_thread(["import", moves_file(tmp_path, ("Test Valley School", "Romsey"))]) == 0
        assert "Moved 1 school(s)." in capsys.readouterr().out
        school = next(s for s in bot.services.directory.schools.values() if s.name == "Test Valley School")
        await until(lambda: school.partnership_id == "romsey", "the imported move reaching the running bot")
        await talk(bot, ["which partnership is Test Valley School in?", "→ is in the Romsey partnership"])
    finally:
        await bot.close()
    assert not (tmp_path / "bot.json").exists()           # nothing written to a TinyDB file

    assert await in_a_thread(["export", str(tmp_path / "directory.csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "directory.csv").open(encoding="utf-8")))
    assert next(r for r in rows if r["school"] == "Test Valley School")["partnership"] == "Romsey"
    assert await in_a_thread(["report"]) == 0
    assert "corrected      1" in capsys.readouterr().out


async def test_an_import_stopped_half_way_adds_only_the_rest_when_run_again(on_azure, tmp_path, capsys, monkeypatch):
    file = moves_file(tmp_path, ("Test Valley School", "Romsey"), ("Perins School", "Havant West"))
    real_records = directory_command.azure_records

    def stops_after_one():
        records = real_records()
        record, calls = records.moves.record, []

        async def record_once(**move):
            calls.append(move["school_id"])
            if len(calls) > 1:
                raise ConnectionError("the network went away")
            return await record(**move)
        records.moves.record = record_once
        return records

    monkeypatch.setattr(directory_command, "azure_records", stops_after_one)
    with pytest.raises(ConnectionError):
        await in_a_thread(["import", file])
    monkeypatch.setattr(directory_command, "azure_records", real_records)

    assert await in_a_thread(["import", file]) == 0
    assert "Moved 1 school(s)." in capsys.readouterr().out
    assert await in_a_thread(["import", file]) == 0              # both there now: no move at all
    assert "Moved 0 school(s)." in capsys.readouterr().out

    records = real_records()
    kept = await records.moves.all()
    await records.close()
    assert sorted((m["school_name"], m["partnership_id"]) for m in kept) == [
        ("Perins School", "havant-west"), ("Test Valley School", "romsey")]


async def test_a_school_moved_back_and_imported_again_is_moved_again(on_azure, tmp_path, capsys):
    assert await in_a_thread(["import", moves_file(tmp_path, ("Test Valley School", "Romsey"))]) == 0
    assert await in_a_thread(["import", moves_file(tmp_path, ("Test Valley School", "Andover"))]) == 0
    assert await in_a_thread(["import", moves_file(tmp_path, ("Test Valley School", "Romsey"))]) == 0
    assert capsys.readouterr().out.count("Moved 1 school(s).") == 3
    assert await in_a_thread(["export", str(tmp_path / "directory.csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "directory.csv").open(encoding="utf-8")))
    assert next(r for r in rows if r["school"] == "Test Valley School")["partnership"] == "Romsey"


async def test_azure_storage_that_cannot_be_reached_is_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("BOT_STORAGE", "azure")
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING",
                       "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=bm90LXVzZWQ=;"
                       "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;")
    monkeypatch.chdir(tmp_path)
    assert await in_a_thread(["report"]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("error: cannot reach Azure Storage")
