"""Where the bot's Azure Storage account is, and the names of its container and tables.

Either a connection string (`AZURE_STORAGE_CONNECTION_STRING`: an account key, a SAS, or Azurite's
development account), or an account name alone (`AZURE_STORAGE_ACCOUNT`), reached with the
managed identity of the App Service it runs in (azure-identity's DefaultAzureCredential, which
also takes `az login` on a developer's machine).

Names: conversation and user state go in the blob container `AZURE_STATE_CONTAINER`, the records in
tables named `AZURE_TABLE_PREFIX` + kind (`botMeetings`, `botLedger`, ...), so two bots can share
one account.
"""

import logging
import re
from dataclasses import dataclass

from ..faults import StoreProblem

# The Azure SDK logs every request and its headers at INFO: far too much beside the bot's own log.
logging.getLogger("azure.core.pipeline.policies.http_logging_policy").setLevel(logging.WARNING)

CONTAINER_NAME = re.compile(r"[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")
TABLE_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9]{0,39}")
ACCOUNT_NAME = re.compile(r"[a-z0-9]{3,24}")
ACCOUNT_KEY = re.compile(r"[A-Za-z0-9+/]+={0,2}")     # base64, as the portal gives it


@dataclass(frozen=True)
class AzureSettings:
    connection_string: str = ""
    account: str = ""
    state_container: str = "bot-state"
    table_prefix: str = "bot"

    def __post_init__(self):
        if not self.connection_string and not self.account:
            raise StoreProblem("BOT_STORAGE=azure needs AZURE_STORAGE_CONNECTION_STRING (or AZURE_STORAGE_ACCOUNT "
                               "to use the app's managed identity)")
        fields = self._fields()
        if "AccountName" in fields and not ACCOUNT_NAME.fullmatch(fields["AccountName"]):
            raise StoreProblem("the AccountName in AZURE_STORAGE_CONNECTION_STRING must be 3 to 24 lower-case letters "
                               f"and digits: {fields['AccountName']!r} (copy the whole string from the portal: the "
                               "storage account > Access keys > Connection string)")
        if "AccountKey" in fields and not ACCOUNT_KEY.fullmatch(fields["AccountKey"]):
            raise StoreProblem("the AccountKey in AZURE_STORAGE_CONNECTION_STRING is not a key (copy the whole string "
                               "from the portal: the storage account > Access keys > Connection string)")
        if self.account and not ACCOUNT_NAME.fullmatch(self.account):
            raise StoreProblem(f"AZURE_STORAGE_ACCOUNT must be 3 to 24 lower-case letters and digits: {self.account!r}")
        if not CONTAINER_NAME.fullmatch(self.state_container):
            raise StoreProblem("AZURE_STATE_CONTAINER must be 3 to 63 lower-case letters, digits and single "
                               f"hyphens, starting and ending with a letter or digit: {self.state_container!r}")
        if not TABLE_PREFIX.fullmatch(self.table_prefix):
            raise StoreProblem("AZURE_TABLE_PREFIX must be a letter then up to 39 letters and digits: "
                               f"{self.table_prefix!r}")

    def table_name(self, kind: str) -> str:
        """`botMeetings` for kind "meetings"."""
        return self.table_prefix + kind[:1].upper() + kind[1:]

    @property
    def where(self) -> str:
        """The account, for messages (never the key)."""
        if self.account:
            return f"storage account {self.account}"
        return f"storage account {self._fields().get('AccountName', '(from the connection string)')}"

    def _fields(self) -> dict:
        """The connection string's name=value parts."""
        return dict(part.strip().split("=", 1) for part in self.connection_string.split(";") if "=" in part)

    def _credential(self):
        from azure.identity.aio import DefaultAzureCredential     # only when no connection string is given
        return DefaultAzureCredential()

    def blob_service(self):
        """An async BlobServiceClient for this account."""
        from azure.storage.blob.aio import BlobServiceClient
        if self.connection_string:
            return BlobServiceClient.from_connection_string(self.connection_string)
        return BlobServiceClient(f"https://{self.account}.blob.core.windows.net", credential=self._credential())

    def table_service(self):
        """An async TableServiceClient for this account."""
        from azure.data.tables.aio import TableServiceClient
        if self.connection_string:
            return TableServiceClient.from_connection_string(self.connection_string)
        return TableServiceClient(f"https://{self.account}.table.core.windows.net", credential=self._credential())
