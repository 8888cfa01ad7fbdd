"""Conversation and user state as blobs, through botbuilder's own BlobStorage (botbuilder-azure).

Each key (`msteams/conversations/<id>`) is one blob in the state container, written with the
e-tag it was read with (`MatchConditions.IfNotModified`), so of two instances saving the same
conversation from the same starting point, the second is refused, never silently overwrites: as
with the TinyDB storage, the refusal is a KeyError saying "Etag conflict", which the adapter's
on_turn_error answers ("Two messages for this conversation arrived at the same moment...").

Unlike the TinyDB storage, a write of several keys is not all-or-nothing (one blob at a time);
the bot's ConversationState and UserState each write one key per turn.
"""

from typing import Dict

from azure.core.exceptions import ResourceModifiedError, ResourceExistsError
from botbuilder.azure import BlobStorage, BlobStorageSettings

from .settings import AzureSettings


class AzureBlobStorage(BlobStorage):
    def __init__(self, settings: AzureSettings):
        # BlobStorage builds its own client from a connection string; with a managed identity
        # there is none, so it gets one with a placeholder key (never used: the client built
        # from our settings, with their credential, is put in its place).
        placeholder = f"DefaultEndpointsProtocol=https;AccountName={settings.account};AccountKey=bm90LXVzZWQ="
        super().__init__(BlobStorageSettings(container_name=settings.state_container,
                                             connection_string=settings.connection_string or placeholder))
        self._service = settings.blob_service()
        self._BlobStorage__container_client = self._service.get_container_client(settings.state_container)

    async def write(self, changes: Dict[str, object]):
        try:
            await super().write(changes)
        except (ResourceModifiedError, ResourceExistsError) as error:
            # 412: the blob changed since it was read. Said as every storage of ours says it.
            raise KeyError(f"Etag conflict on {', '.join(changes)}: {error.reason}") from error

    async def close(self) -> None:
        """Close the HTTP session (BlobStorage never does, and aiohttp warns at exit)."""
        await self._BlobStorage__container_client.close()
        await self._service.close()
