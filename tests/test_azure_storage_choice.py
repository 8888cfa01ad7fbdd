"""BOT_STORAGE chooses where state and records are kept: the TinyDB files (the default) or Azure
Storage. With Azure, conversation state lives in blobs, so a conversation whose turns go to
different instances carries on where it was (here on Azurite)."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

import app
from bot.web.building import azure_settings
from config import DefaultConfig
from storage.azure.bot_state import AzureBlobStorage
from storage.azure.settings import AzureSettings
from tests.conversation import Chat, talk
from tests.processes import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def two_instances(tmp_path, azurite, azure_prefix):
    """Two bots on one storage account's container and tables, as two App Service instances."""
    chats = [Chat(tmp_path / "bot.json", today="2010-03-10", azure=(azurite.connection_string, azure_prefix))
             for _ in range(2)]
    yield chats
    for chat in chats:
        await chat.close()


async def test_a_meeting_logged_with_turns_alternating_between_two_instances(two_instances, tmp_path):
    first, second = two_instances
    turns = [
        (first, ["log a meeting", "→ Which partnership was the meeting for?"]),
        (second, ["Gosport", "→ When was the Gosport meeting?"]),
        (first, ["yesterday", "→ Who was there?"]),
        (second, ["Jo Smith (Gosport Police)", "→ Who sent apologies?"]),
        (first, ["none", "→ What did the meeting decide?"]),
        (second, ["Adopt the draft delivery plan", "→ What actions were agreed?"]),
        (first, ["none", "→ Here are the minutes"]),
        (second, ["save", "→ Saved the minutes of the Gosport partnership meeting on Tuesday 9 March 2010"]),
        (first, ["open actions for Gosport", "→ no open actions"]),
    ]
    for chat, script in turns:
        await talk(chat, script)
    [meeting] = await first.services.records.meetings.all("gosport")
    assert meeting.date == "2010-03-09" and meeting.decisions == ["Adopt the draft delivery plan"]
    assert not (tmp_path / "bot.json").exists()       # no TinyDB store with BOT_STORAGE=azure


async def test_a_school_moved_on_one_instance_is_answered_as_moved_by_the_other(two_instances):
    first, second = two_instances
    await talk(second, ["which partnership is Test Valley School in?", "→ Andover"])
    await talk(first, ["move Test Valley School to Romsey", "→ from the Andover partnership to the Romsey", "yes",
                       "→ Done"])
    school = next(s for s in second.services.directory.schools.values() if s.name == "Test Valley School")
    await until(lambda: school.partnership_id == "romsey", "the move reaching the other instance")
    await talk(second, ["which partnership is Test Valley School in?", "→ is in the Romsey partnership"])


async def until(condition, what: str, guard: float = 60):
    """Wait for an event; `guard` seconds only stop a hang."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + guard
    while not condition():
        assert loop.time() < give_up, f"never happened: {what}"
        await asyncio.sleep(0.05)


async def test_a_stale_save_from_the_other_instance_is_refused_not_written(azurite, azure_prefix):
    settings = AzureSettings(connection_string=azurite.connection_string, state_container=azure_prefix)
    one, other = AzureBlobStorage(settings), AzureBlobStorage(settings)
    try:
        await one.write({"msteams/conversations/c1": {"step": 1}})
        mine = (await one.read(["msteams/conversations/c1"]))["msteams/conversations/c1"]
        theirs = (await other.read(["msteams/conversations/c1"]))["msteams/conversations/c1"]
        await other.write({"msteams/conversations/c1": dict(theirs, step=2)})
        with pytest.raises(KeyError, match="Etag conflict"):
            await one.write({"msteams/conversations/c1": dict(mine, step=3)})
        assert (await one.read(["msteams/conversations/c1"]))["msteams/conversations/c1"]["step"] == 2
    finally:
        await one.close()
        await other.close()


def test_tinydb_is_the_default():
    config = DefaultConfig()
    assert config.BOT_STORAGE == "tinydb" and azure_settings(config) is None


def test_the_settings_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("BOT_STORAGE", "Azure")
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true")
    monkeypatch.setenv("AZURE_TABLE_PREFIX", "hantsbot")
    settings = azure_settings(DefaultConfig.from_environment())
    assert settings.table_name("meetings") == "hantsbotMeetings" and settings.state_container == "bot-state"


@pytest.mark.parametrize("environment, said", [
    ({"BOT_STORAGE": "cosmos"}, "BOT_STORAGE must be tinydb or azure, not 'cosmos'"),
    ({"BOT_STORAGE": "azure"}, "BOT_STORAGE=azure needs AZURE_STORAGE_CONNECTION_STRING"),
    ({"BOT_STORAGE": "azure", "AZURE_STORAGE_ACCOUNT": "My_Account"},
     "AZURE_STORAGE_ACCOUNT must be 3 to 24 lower-case letters and digits"),
    ({"BOT_STORAGE": "azure", "AZURE_STORAGE_ACCOUNT": "hantsbot", "AZURE_STATE_CONTAINER": "Bot_State"},
     "AZURE_STATE_CONTAINER must be 3 to 63 lower-case letters"),
    ({"BOT_STORAGE": "azure", "AZURE_STORAGE_ACCOUNT": "hantsbot", "AZURE_TABLE_PREFIX": "9lives"},
     "AZURE_TABLE_PREFIX must be a letter then up to 39 letters and digits"),
    # The README's example with its placeholders left in, as someone might paste it.
    ({"BOT_STORAGE": "azure", "AZURE_STORAGE_CONNECTION_STRING":
      "DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net"},
     "the AccountName in AZURE_STORAGE_CONNECTION_STRING must be 3 to 24 lower-case letters and digits"),
    ({"BOT_STORAGE": "azure", "AZURE_STORAGE_CONNECTION_STRING":
      "DefaultEndpointsProtocol=https;AccountName=hantsbot;AccountKey=...;EndpointSuffix=core.windows.net"},
     "the AccountKey in AZURE_STORAGE_CONNECTION_STRING is not a key"),
])
def test_a_bad_storage_setting_stops_the_start_with_one_line(monkeypatch, tmp_path, capsys, environment, said):
    for name in ("BOT_STORAGE", "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_ACCOUNT",
                 "AZURE_STATE_CONTAINER", "AZURE_TABLE_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_DB", str(tmp_path / "bot.json"))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert app.main([]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Cannot start: ") and said in error and error.count("\n") == 1


@pytest.mark.parametrize("command", [["app.py"], ["app.py", "--console"], ["-m", "bot", "nudges", "--dry-run"]])
def test_a_storage_account_that_cannot_be_reached_stops_the_start_with_one_line(tmp_path, command):
    # A well-formed connection string whose endpoints are not a host name: the SDK fails at once.
    broken = ("DefaultEndpointsProtocol=http;AccountName=hantsbot;AccountKey=bm90LXVzZWQ=;"
              "BlobEndpoint=http://no..such..host/hantsbot;TableEndpoint=http://no..such..host/hantsbot")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MicrosoftApp", "AZURE_", "BOT_"))}
    env.update(BOT_STORAGE="azure", AZURE_STORAGE_CONNECTION_STRING=broken, BOT_DB=str(tmp_path / "bot.json"),
               PORT=str(free_port()), NUDGE_EVERY_SECONDS="0")
    result = subprocess.run([sys.executable, *command], cwd=ROOT, env=env, input="bye\n", capture_output=True,
                            text=True, timeout=300)     # guards a hang only: it fails within seconds
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(("Cannot start: Azure Storage could not be reached",
                            "Cannot open the database: Azure Storage could not be reached")), result.stderr


def test_the_nudge_command_reads_the_storage_account(azurite, azure_prefix, monkeypatch, capsys, tmp_path):
    from bot.web import nudge_command
    for name, value in {"BOT_STORAGE": "azure", "AZURE_STORAGE_CONNECTION_STRING": azurite.connection_string,
                        "AZURE_STATE_CONTAINER": azure_prefix, "AZURE_TABLE_PREFIX": azure_prefix,
                        "BOT_DB": str(tmp_path / "bot.json")}.items():
        monkeypatch.setenv(name, value)
    assert nudge_command.main(["--dry-run", "--today", "2010-07-19"]) == 0
    assert nudge_command.main(["--ledger"]) == 0
    assert not (tmp_path / "bot.json").exists()
    assert capsys.readouterr().out.strip()
