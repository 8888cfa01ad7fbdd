"""The Storage behind ConversationState and UserState passes botbuilder's own storage cases, on
both backends: the TinyDB store (the default) and Azure blobs (BOT_STORAGE=azure) on Azurite."""

import pytest
from botbuilder.testing import StorageBaseTests

from storage.azure.bot_state import AzureBlobStorage
from storage.azure.settings import AzureSettings
from storage.bot_state_storage import TinyDBStorage
from storage.database import open_database


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
