"""The Storage behind ConversationState and UserState passes botbuilder's own storage cases, on
both backends: the TinyDB store (the default) and Azure blobs (BOT_STORAGE=azure) on Azurite."""

import json

import pytest
from botbuilder.testing import StorageBaseTests
from tinydb import TinyDB

import storage.database as database_module
from storage.azure.bot_state import AzureBlobStorage
from storage.azure.settings import AzureSettings
from storage.bot_state_storage import TinyDBStorage, state_documents
from storage.database import CorruptDatabaseError, open_database


@pytest.fixture(params=["tinydb", "azure"])
async def storage(request, tmp_path):
    if request.param == "tinydb":
        yield TinyDBStorage(open_database(str(tmp_path / "bot.json")))
        return
    azurite, prefix = request.getfixturevalue("azurite"), request.getfixturevalue("azure_prefix")
    blobs = AzureBlobStorage(AzureSettings(connection_string=azurite.connection_string, state_container=prefix))
    yield blobs
    await blobs.close()


@pytest.mark.parametrize("case", [
    "return_empty_object_when_reading_unknown_key",
    "handle_null_keys_when_reading",
    "handle_null_keys_when_writing",
    "does_not_raise_when_writing_no_items",
    "create_object",
    "handle_crazy_keys",
    "update_object",
    "delete_object",
    "delete_unknown_object",
    "perform_batch_operations",
    "proceeds_through_waterfall",
])
async def test_botbuilder_storage_case(storage, case):
    if case == "handle_null_keys_when_reading" and isinstance(storage, TinyDBStorage):
        # botbuilder expects MemoryStorage and Cosmos DB to answer read(None) with {}; so do we.
        assert await storage.read(None) == {}
        return
    assert await getattr(StorageBaseTests, case)(storage)


async def test_a_stale_e_tag_is_refused_and_star_overwrites(storage):
    await storage.write({"item": {"count": 1}})
    first = (await storage.read(["item"]))["item"]
    second = (await storage.read(["item"]))["item"]
    first["count"] = 2
    await storage.write({"item": first})
    second["count"] = 3
    with pytest.raises(KeyError):
        await storage.write({"item": second})
    assert (await storage.read(["item"]))["item"]["count"] == 2
    second["e_tag"] = "*"
    await storage.write({"item": second})
    assert (await storage.read(["item"]))["item"]["count"] == 3


async def test_a_conflict_in_a_batch_writes_nothing(tmp_path):
    # TinyDB only: blobs are written one at a time (the bot's states write one key each).
    storage = TinyDBStorage(open_database(str(tmp_path / "bot.json")))
    await storage.write({"a": {"n": 1}, "b": {"n": 1}})
    items = await storage.read(["a", "b"])
    await storage.write({"b": dict(items["b"], n=2)})
    with pytest.raises(KeyError):
        await storage.write({"a": dict(items["a"], n=9), "b": dict(items["b"], n=9)})
    after = await storage.read(["a", "b"])
    assert (after["a"]["n"], after["b"]["n"]) == (1, 2)


async def test_state_survives_a_restart(tmp_path):
    path = str(tmp_path / "bot.json")
    await TinyDBStorage(open_database(path)).write({"conversation/1": {"welcomed": True}})
    reopened = TinyDBStorage(open_database(path))
    assert (await reopened.read(["conversation/1"]))["conversation/1"]["welcomed"] is True


# ---- one document per key (issue 16) ---------------------------------------------------------

def as_if_a_new_process():
    """Forget the documents this process keeps in memory, so the next open reads the files."""
    database_module.forget_documents_in_memory()


async def test_state_is_read_back_from_its_files_by_a_new_process(tmp_path):
    path = str(tmp_path / "bot.json")
    await TinyDBStorage(open_database(path)).write({"conversation/1": {"welcomed": True}, "user/1": {"name": "Jo"}})
    as_if_a_new_process()
    reopened = TinyDBStorage(open_database(path))
    found = await reopened.read(["conversation/1", "user/1", "conversation/2"])
    assert found["conversation/1"]["welcomed"] is True and found["user/1"]["name"] == "Jo"
    assert "conversation/2" not in found


async def test_saving_one_conversation_rewrites_its_file_and_no_other(tmp_path):
    state = TinyDBStorage(open_database(str(tmp_path / "bot.json")))
    await state.write({f"msteams/conversations/personal-{n}/": {"turns": 1} for n in range(300)})
    files = {p: p.stat().st_mtime_ns for p in (tmp_path / "bot.bot_state").iterdir()}
    assert len(files) == 300

    [current] = (await state.read(["msteams/conversations/personal-7/"])).values()
    await state.write({"msteams/conversations/personal-7/": dict(current, turns=2)})

    changed = [p for p, mtime in files.items() if not p.exists() or p.stat().st_mtime_ns != mtime]
    assert changed == [state.documents.path_of("msteams/conversations/personal-7/")]
    # Each file is a TinyDB database of one document, which TinyDB opens as it is.
    assert TinyDB(str(changed[0])).table("bot_state").all()[0]["item"]["turns"] == 2


async def test_what_a_read_returned_can_be_changed_without_changing_the_state(tmp_path):
    state = TinyDBStorage(open_database(str(tmp_path / "bot.json")))
    await state.write({"conversation/1": {"seen": ["a"]}})
    (await state.read(["conversation/1"]))["conversation/1"]["seen"].append("scribbled")
    assert (await state.read(["conversation/1"]))["conversation/1"]["seen"] == ["a"]


async def test_state_in_the_old_single_table_opens_and_the_old_file_is_kept_as_a_backup(tmp_path):
    old = {"1": {"key": "conversation/1", "item": {"welcomed": True}, "e_tag": "a"},
           "2": {"key": "user/1", "item": {"name": "Jo"}, "e_tag": "b"}}
    (tmp_path / "bot.bot_state.json").write_text(json.dumps(old), encoding="utf-8")
    state = TinyDBStorage(open_database(str(tmp_path / "bot.json")))
    found = await state.read(["conversation/1", "user/1"])
    assert found["conversation/1"]["welcomed"] is True and found["user/1"]["e_tag"] == "b"
    assert not (tmp_path / "bot.bot_state.json").exists()
    assert json.loads((tmp_path / "bot.bot_state.json.bak").read_text()) == old
    as_if_a_new_process()
    reopened = TinyDBStorage(open_database(str(tmp_path / "bot.json")))
    assert (await reopened.read(["user/1"]))["user/1"]["name"] == "Jo"


async def test_a_damaged_state_file_stops_the_bot_at_start_up_and_says_what_to_do(tmp_path):
    path = str(tmp_path / "bot.json")
    state = TinyDBStorage(open_database(path))
    await state.write({"conversation/1": {"welcomed": True}})
    damaged = state.documents.path_of("conversation/1")
    damaged.write_text(damaged.read_text()[:10])
    as_if_a_new_process()
    with pytest.raises(CorruptDatabaseError) as refused:
        TinyDBStorage(open_database(path))
    assert damaged.name in str(refused.value) and "delete it" in str(refused.value)


# ---- plain parts of an item copied by json, the rest by jsonpickle (issue 16) ---------------------

async def test_a_dialog_stack_and_a_conversations_data_come_back_as_they_were_saved(tmp_path):
    from botbuilder.dialogs import DialogInstance, DialogState

    path = str(tmp_path / "bot.json")
    shared = {"school": "Perins School"}
    dialogs = DialogState([DialogInstance(id="log-meeting", state={"step": 2, "options": shared, "again": shared})])
    item = {"conversation_data": {"understood": {"last_intent": "school_partnership"}, "seen": ["a", "b"]},
            "dialog_state": dialogs, "pair": ("a", 1), "nothing": None}
    await TinyDBStorage(open_database(path)).write({"conversation/1": item})
    as_if_a_new_process()
    back = (await TinyDBStorage(open_database(path)).read(["conversation/1"]))["conversation/1"]

    assert back["conversation_data"] == item["conversation_data"] and back["nothing"] is None
    assert back["pair"] == ("a", 1)                     # a tuple stays a tuple (jsonpickle's part)
    [instance] = back["dialog_state"].dialog_stack
    assert instance.id == "log-meeting" and instance.state["step"] == 2
    assert instance.state["options"] is instance.state["again"]     # a shared object stays shared
    stored = TinyDB(str(tmp_path / "bot.bot_state" / next(p.name for p in (tmp_path / "bot.bot_state").iterdir())))
    flat = stored.table("bot_state").all()[0]["item"]
    assert flat["conversation_data"] == item["conversation_data"]      # stored as it is, no tags


async def test_state_flattened_whole_by_an_earlier_version_is_read_back(tmp_path):
    # Before items were flattened property by property, jsonpickle flattened each item whole: its
    # references (py/id) count from the item itself, so such a row is restored whole.
    from jsonpickle.pickler import Pickler

    from botbuilder.dialogs import DialogInstance, DialogState

    shared = {"school": "Perins School"}
    item = {"conversation_data": shared, "dialog_state": DialogState([DialogInstance(id="d", state={"o": shared})])}
    old = {"1": {"key": "conversation/1", "item": Pickler().flatten(item), "e_tag": "a"}}
    assert '"py/id"' in json.dumps(old)
    (tmp_path / "bot.bot_state.json").write_text(json.dumps(old), encoding="utf-8")
    back = (await TinyDBStorage(open_database(str(tmp_path / "bot.json"))).read(["conversation/1"]))["conversation/1"]
    assert back["conversation_data"] == shared
    assert back["dialog_state"].dialog_stack[0].state["o"] is back["conversation_data"]


async def test_a_dialog_under_way_is_stored_pickled_and_rows_flattened_by_jsonpickle_are_still_read(tmp_path):
    # A dialog under way (a chair's minutes waiting for 'save') is pickled: jsonpickle walked every
    # value of its card in Python. Rows written by jsonpickle, property by property, read as before.
    from jsonpickle.pickler import Pickler

    from botbuilder.dialogs import DialogInstance, DialogState

    path = str(tmp_path / "bot.json")
    dialogs = DialogState([DialogInstance(id="log-meeting", state={"draft": {"present": ["Sue", "Raj"]}})])
    await TinyDBStorage(open_database(path)).write({"conversation/1": {"conversation_data": {"a": 1},
                                                                        "dialog_state": dialogs}})
    [row] = state_documents(open_database(path)).all()
    assert row["pickled"] == ["dialog_state"] and row["item"]["conversation_data"] == {"a": 1}

    old = {"key": "conversation/2", "e_tag": "b", "flattened": "each_property",
           "item": {"conversation_data": {"a": 2}, "dialog_state": Pickler().flatten(dialogs)}}
    state_documents(open_database(path)).put([old])
    as_if_a_new_process()
    back = await TinyDBStorage(open_database(path)).read(["conversation/1", "conversation/2"])
    for key, data in (("conversation/1", {"a": 1}), ("conversation/2", {"a": 2})):
        assert back[key]["conversation_data"] == data
        assert back[key]["dialog_state"].dialog_stack[0].state == {"draft": {"present": ["Sue", "Raj"]}}
