"""The package `make teams-package` builds is one Teams accepts: its manifest validates against
Microsoft's own schema for its manifestVersion (the local copy in ../shared/schemas/teams/; the
$schema URL is never fetched), and its icons follow Teams' rules."""

import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT.parent / "shared" / "schemas" / "teams"
sys.path.insert(0, str(ROOT / "teams"))
import package  # noqa: E402  (teams/package.py: a script, not part of the bot)

APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


def schema_for(manifest: dict) -> dict:
    path = SCHEMAS / f"MicrosoftTeams.v{manifest['manifestVersion']}.schema.json"
    assert path.exists(), f"No copy of Microsoft's schema for manifest {manifest['manifestVersion']} at {path}"
    return json.loads(path.read_text(encoding="utf-8"))


def violations(manifest: dict) -> list[str]:
    validator = jsonschema.Draft4Validator(schema_for(manifest))
    return [f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
            for error in validator.iter_errors(manifest)]


@pytest.fixture(scope="module")
def built_package():
    """The zip exactly as `make teams-package` writes it, with a test app id and domain."""
    if shutil.which("make") is None:
        pytest.fail("make is not installed: the package is built with `make teams-package`")
    environ = {**os.environ, "MicrosoftAppId": APP_ID, "BOT_DOMAIN": "partnerships.example.org"}
    for key in ("TEAMS_WEBSITE_URL", "TEAMS_PRIVACY_URL", "TEAMS_TERMS_URL"):
        environ.pop(key, None)
    done = subprocess.run(["make", "--no-print-directory", "teams-package"], cwd=ROOT, env=environ,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Wrote teams/build/hampshire-partnerships.zip" in done.stdout
    with zipfile.ZipFile(package.OUT) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_the_built_manifest_validates_against_microsofts_schema_for_its_version(built_package):
    manifest = json.loads(built_package["manifest.json"])
    assert manifest["$schema"].endswith(f"/v{manifest['manifestVersion']}/MicrosoftTeams.schema.json")
    assert violations(manifest) == []


def test_a_field_over_its_limit_is_a_violation():
    """What broke the 1.17 package: a 44-character developer name (the limit is 32)."""
    manifest = package.filled_manifest(package.settings({"MicrosoftAppId": APP_ID}))
    manifest["developer"]["name"] = "Hampshire County Council Children's Services"
    assert violations(manifest) == [
        "developer/name: \"Hampshire County Council Children's Services\" is too long"]


def test_the_icons_follow_teams_rules(built_package):
    assert package.png_size_of(built_package["color.png"]) == (192, 192)
    outline = package.png_pixels(built_package["outline.png"])
    assert len(outline) == 32 * 32
    drawn = [(r, g, b) for r, g, b, a in outline if a]
    assert drawn and set(drawn) == {(255, 255, 255)}, "the outline icon is white..."
    assert len(drawn) < len(outline), "...on a transparent background"


def rgba_png(width: int, height: int, pixel: tuple) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(pixel) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("outline, reason", [
    (rgba_png(32, 32, (0, 105, 110, 255)), "white on a transparent background"),   # a teal square
    (rgba_png(32, 32, (255, 255, 255, 255)), "white on a transparent background"),  # no transparency
    (rgba_png(48, 48, (255, 255, 255, 0)), "32x32"),
])
def test_an_icon_teams_would_refuse_stops_the_build(tmp_path, outline, reason):
    shutil.copy(ROOT / "teams" / "color.png", tmp_path / "color.png")
    (tmp_path / "outline.png").write_bytes(outline)
    with pytest.raises(package.PackageError, match=reason):
        package.check_icons(tmp_path)
def test_the_search_box_is_a_query_command_the_bot_answers(built_package):
    manifest = json.loads(built_package["manifest.json"])
    [extension] = manifest["composeExtensions"]
    assert extension["botId"] == manifest["bots"][0]["botId"] == APP_ID
    [command] = extension["commands"]
    assert (command["id"], command["type"], [p["name"] for p in command["parameters"]]) == \
        ("searchSchools", "query", ["query"])
    from bot.school_search import COMMAND_ID, PARAMETER
    assert (COMMAND_ID, PARAMETER) == ("searchSchools", "query")


