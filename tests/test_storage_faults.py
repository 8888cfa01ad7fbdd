"""Storage faults said plainly: a full disk or a read-only data folder, through the real bot.

As root, chmod stops no write, so the fault is made where the store meets the disk: os.fsync of
the temporary file fails with ENOSPC (the file exists by then, so its removal is tested too), or
opening it for writing fails with EROFS / EACCES as a read-only or foreign folder would.
"""

import asyncio
import builtins
import errno
import logging
import os
import stat

import pytest

import app
import storage.database
from bot.web.adapter import create_adapter
from bot.web.nudge_scheduler import NudgeScheduler
from storage.database import open_database
from storage.meetings import meetings_for
from storage.people import PeopleSeen
from tests.conversation import new_chat, talk, text_of

FULL = "I couldn't save that: the bot's storage is full. Nothing was changed. Please tell your admin."
READ_ONLY = "I couldn't save that: the bot's storage is read-only. Nothing was changed. Please tell your admin."


class Disk:
    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def fail(self, code: int) -> None:
        if code in (errno.ENOSPC, errno.EDQUOT):
            real_fsync = os.fsync

            def fsync(descriptor):
                if stat.S_ISREG(os.fstat(descriptor).st_mode):
                    raise OSError(code, os.strerror(code))
                return real_fsync(descriptor)
            self.monkeypatch.setattr(os, "fsync", fsync)
        else:
            def refusing_open(file, mode="r", *args, **kwargs):
                if set(mode) & set("wax+"):
                    raise OSError(code, os.strerror(code), str(file))
                return builtins.open(file, mode, *args, **kwargs)
            self.monkeypatch.setattr(storage.database, "open", refusing_open, raising=False)

    def mend(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def disk(monkeypatch):
    return Disk(monkeypatch)


def with_the_apps_error_handler(chat):
    """The real app's on_turn_error (bot/adapter.py) on the test chat's adapter."""
    chat.adapter.on_turn_error = create_adapter(chat.config, chat.conversation_state).on_turn_error
    return chat


def files_are_whole(folder) -> list[str]:
    """Every table file parses, and no temporary file is left; the file names."""
    names = sorted(p.name for p in folder.iterdir())
    assert not [n for n in names if n.endswith(".tmp")], names
    database = open_database(str(folder / "bot.json"))
    for name in database.tinydb.tables():
        database.table(name).all()
    return names


MEETING = "log a meeting for Gosport yesterday. Present: Jo. Apologies: none. Decisions: meet each term. Actions: none"


@pytest.mark.parametrize("code,reply", [(errno.ENOSPC, FULL), (errno.EROFS, READ_ONLY), (errno.EACCES, READ_ONLY)],
                         ids=["disk full", "read-only", "not ours to write"])
async def test_saving_minutes_on_a_failing_disk_says_why_keeps_the_draft_and_saves_once_mended(
        tmp_path, disk, code, reply):
    chat = with_the_apps_error_handler(new_chat(tmp_path, today="2010-03-10"))
    await talk(chat, [MEETING, "→ Here are the minutes"])
    disk.fail(code)
    await talk(chat, ["save", "→ " + reply])
    disk.mend()
    assert meetings_for(chat.database, "gosport") == []
    files_are_whole(tmp_path)
    # The draft survived: the chair says "save" again once the admin has freed space.
    await talk(chat, ["save", "→ Saved the minutes of the Gosport partnership meeting on Tuesday 9 March 2010"])
    [meeting] = meetings_for(chat.database, "gosport")
    assert meeting["decisions"] == ["meet each term"]


async def test_a_fault_mid_dialog_keeps_the_step_the_chair_was_on(tmp_path, disk):
    chat = with_the_apps_error_handler(new_chat(tmp_path, today="2010-03-10"))
    await talk(chat, ["log a meeting for Gosport", "→ When was the Gosport meeting?"])
    disk.fail(errno.ENOSPC)
    replies = await chat.say("yesterday")       # asked the next question, but could not keep the answer
    assert "I couldn't keep a note of this conversation: the bot's storage is full" in text_of(replies[-1])
    disk.mend()
    await talk(chat, ["yesterday", "→ Who was there?"])


async def test_a_first_time_speakers_question_is_answered_on_a_full_disk(tmp_path, disk, caplog):
    chat = with_the_apps_error_handler(new_chat(tmp_path))
    disk.fail(errno.ENOSPC)
    with caplog.at_level(logging.WARNING, logger="storage.people"):
        replies = await chat.say("which partnership is Perins School in?")
        assert "is in the Winchester partnership" in text_of(replies[0])
        assert not any("couldn't save that" in text_of(r) for r in replies)
        await chat.say("which partnership covers Horndean?")
    assert len([r for r in caplog.records if "Could not record who is speaking" in r.getMessage()]) == 1
    assert chat.services.people.name_of("aad-jo") == "Jo Smith"       # known for now, in memory
    disk.mend()
    await chat.say("how many partnerships will there be?")       # written at their next message
    assert PeopleSeen(open_database(str(tmp_path / "bot.json"))).name_of("aad-jo") == "Jo Smith"


def test_temporary_files_left_by_a_crash_are_removed_at_the_next_start(tmp_path):
    ours = [".bot.meetings_gosport.json.4242.1399.tmp", ".bot.json.4242.1399.tmp",
            ".bot.people.json.bak.4242.1399.tmp"]
    others = [".other.json.4242.1399.tmp", "notes.tmp", ".bot.meetings_gosport.json"]
    for name in ours + others:
        (tmp_path / name).write_text("{")
    database = open_database(str(tmp_path / "bot.json"), sole_writer=True)
    try:
        left = {p.name for p in tmp_path.iterdir()}
        assert not left & set(ours) and set(others) <= left
    finally:
        database.close()


def test_start_up_in_a_read_only_data_folder_is_one_line(tmp_path, monkeypatch, capsys):
    real_mkdir = type(tmp_path).mkdir

    def read_only(self, *args, **kwargs):
        if not self.exists():
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_mkdir(self, *args, **kwargs)
    monkeypatch.setattr(type(tmp_path), "mkdir", read_only)
    monkeypatch.setenv("BOT_DB", str(tmp_path / "data" / "bot.json"))
    assert app.main([]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [f"Cannot start: the bot's storage is read-only: could not write "
                                f"{tmp_path / 'data'} (Read-only file system)"]


def test_start_up_where_the_data_folder_is_a_file_is_one_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "data").write_text("not a folder")
    monkeypatch.setenv("BOT_DB", str(tmp_path / "data" / "bot.json"))
    assert app.main([]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line == (f"Cannot start: the bot's store {tmp_path / 'data' / 'bot.json'} cannot be opened: "
                    f"{tmp_path / 'data'} is a file, not a folder")


async def test_the_nudge_scheduler_on_a_full_disk_logs_one_line_a_scan_and_keeps_scanning(tmp_path, disk, caplog):
    chat = new_chat(tmp_path, today="2010-07-19")
    await talk(chat, ["nudge me about Gosport", "→ Done: I'll nudge you here"])
    scheduler = NudgeScheduler(chat.services, chat.adapter, every_seconds=0.01)
    disk.fail(errno.ENOSPC)
    caplog.set_level(logging.ERROR)
    await scheduler.start()
    try:
        while scheduler.scans_finished < 3:             # events, not the clock
            await asyncio.sleep(0.01)
    finally:
        await scheduler.stop()
    disk.mend()
    failures = [r for r in caplog.records if "No nudges sent this scan" in r.getMessage()]
    assert len(failures) >= 3 and all(r.exc_info is None for r in failures)
    assert "storage is full" in failures[0].getMessage()
