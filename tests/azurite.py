"""Azurite, the Azure Storage emulator (npm, pinned in azure/package.json), for the tests of
BOT_STORAGE=azure: blob and table services on this machine, offline.

It is started as a real process, in a temporary folder of its own (`--location`), on ports the
system picks (`0`: the ports it got are read from what it prints, so no port can be taken in
between), with `--skipApiVersionCheck` (the storage SDKs may be newer than the emulator) and
`--loose` (botbuilder-azure's older blob client sends an `x-ms-encryption-algorithm` header that
strict mode refuses). Stopped with its whole process group.

Nothing here skips: if Azurite is missing the test fails and says how to get it (`make test`
installs it).
"""

import re
from pathlib import Path

import pytest

from tests.processes import Process

ROOT = Path(__file__).resolve().parents[1]
AZURITE = ROOT / "azure" / "node_modules" / ".bin" / "azurite"
# Azurite's well-known development account and its published key (not a secret).
ACCOUNT = "devstoreaccount1"
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
LISTENING = re.compile(r"Azurite (Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(\d+)")


class Azurite:
    """A running Azurite; `connection_string` reaches its blob and table services."""

    def __init__(self, folder: Path):
        if not AZURITE.exists():
            pytest.fail(f"Azurite is not installed ({AZURITE} is missing). Run `make test`, "
                        "or `cd azure && npm ci`.")
        args = [str(AZURITE), "--location", str(folder), "--silent", "--disableTelemetry",
                "--skipApiVersionCheck", "--loose"]
        for service in ("blob", "queue", "table"):
            args += [f"--{service}Host", "127.0.0.1", f"--{service}Port", "0"]
        self.process = Process("Azurite", args, env=None, cwd=folder)
        try:
            ports = self.process.wait_until(self._ports, "listening for blobs and tables")
        except BaseException:
            self.process.stop()
            raise
        self.blob_port, self.table_port = ports["Blob"], ports["Table"]
        self.connection_string = (
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={KEY};"
            f"BlobEndpoint=http://127.0.0.1:{self.blob_port}/{ACCOUNT};"
            f"TableEndpoint=http://127.0.0.1:{self.table_port}/{ACCOUNT};")

    def _ports(self) -> dict | None:
        found = {m.group(1): int(m.group(2)) for m in map(LISTENING.search, list(self.process.lines)) if m}
        return found if {"Blob", "Queue", "Table"} <= set(found) else None

    def stop(self):
        self.process.stop()
