"""Fixtures shared by the whole suite."""

import itertools

import pytest

from tests.azurite import Azurite

_names = itertools.count(1)


@pytest.fixture(scope="session")
def azurite(tmp_path_factory):
    """One Azurite for the whole run, started by the first test that needs it, stopped at the end."""
    emulator = Azurite(tmp_path_factory.mktemp("azurite"))
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def azure_prefix() -> str:
    """A name of its own for each test's containers and tables (letters and digits, as tables need),
    so tests sharing one Azurite never see each other's data."""
    return f"test{next(_names)}"
