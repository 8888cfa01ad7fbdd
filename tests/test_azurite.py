"""The suite's Azurite answers as Azure Storage does, for the SDKs the bot uses."""

from azure.core.exceptions import ResourceExistsError
from azure.data.tables.aio import TableServiceClient
from azure.storage.blob.aio import BlobServiceClient


async def test_azurite_keeps_a_blob_and_refuses_a_second_insert_of_an_entity(azurite, azure_prefix):
    async with BlobServiceClient.from_connection_string(azurite.connection_string) as blobs:
        container = await blobs.create_container(azure_prefix)
        await container.upload_blob("hello.txt", b"hello")
        assert await (await container.download_blob("hello.txt")).readall() == b"hello"
    async with TableServiceClient.from_connection_string(azurite.connection_string) as tables:
        table = await tables.create_table(azure_prefix)
        await table.create_entity({"PartitionKey": "p", "RowKey": "r", "n": 1})
        try:
            await table.create_entity({"PartitionKey": "p", "RowKey": "r", "n": 2})
            raise AssertionError("a second insert of the same key was accepted")
        except ResourceExistsError:
            pass
        assert (await table.get_entity("p", "r"))["n"] == 1
