"""Azure Storage for several instances of the bot (BOT_STORAGE=azure): conversation and user state
as blobs through botbuilder's own BlobStorage (`bot_state.py`), the records as entities in Table
Storage (`tables.py`). `settings.py` says where the storage account is."""
