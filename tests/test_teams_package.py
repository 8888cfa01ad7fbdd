"""The Teams app package: a manifest Teams accepts, commands the bot understands, and a zip built
from the environment's app id (or a clear refusal)."""

import json
import sys
import zipfile
from pathlib import Path

import pytest

from knowledge.pattern_matching import understand

ROOT = Path(__file__).resolve().parent.parent
TEAMS = ROOT / "teams"
sys.path.insert(0, str(TEAMS))
import package  # noqa: E402  (teams/package.py: a script, not part of the bot)

APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


def manifest() -> dict:
    return json.loads((TEAMS / "manifest.json").read_text(encoding="utf-8"))


def test_the_manifest_is_a_current_teams_manifest_with_a_bot_in_every_scope():
    m = manifest()
    assert m["manifestVersion"] == "1.17" and m["$schema"].endswith("/v1.17/MicrosoftTeams.schema.json")
    assert len(m["name"]["short"]) <= 30 and len(m["description"]["short"]) <= 80
    # Teams @mentions an app by its short name: the name the bot's replies tell people to use.
    assert m["name"]["short"] == "Partnerships bot"
    assert "'@Partnerships bot " in (ROOT / "bot" / "deadline_commands.py").read_text(encoding="utf-8")
    assert len(m["description"]["full"]) <= 4000
    [bot] = m["bots"]
    assert bot["scopes"] == ["personal", "team", "groupChat"]
    [commands] = bot["commandLists"]
    assert commands["scopes"] == ["personal", "team", "groupChat"]
    assert 1 <= len(commands["commands"]) <= 10
    for command in commands["commands"]:
        assert len(command["title"]) <= 32 and len(command["description"]) <= 128


def test_every_command_in_the_manifest_is_something_the_bot_understands():
    for command in manifest()["bots"][0]["commandLists"][0]["commands"]:
        assert understand(command["title"]).intent is not None, command["title"]


def test_the_package_fills_the_app_id_and_zips_manifest_and_icons(tmp_path):
    out = package.build({"MicrosoftAppId": APP_ID.upper(), "BOT_DOMAIN": "partnerships.example.org"},
                        tmp_path / "app.zip")
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["color.png", "manifest.json", "outline.png"]
        filled = json.loads(z.read("manifest.json"))
        assert package.png_size_of(z.read("color.png")) == (192, 192)
        assert package.png_size_of(z.read("outline.png")) == (32, 32)
    assert filled["id"] == APP_ID and filled["bots"][0]["botId"] == APP_ID
    assert filled["validDomains"] == ["partnerships.example.org"]
    assert "{{" not in json.dumps(filled)
    assert all(filled["developer"][k].startswith("https://") for k in ("websiteUrl", "privacyUrl", "termsOfUseUrl"))


@pytest.mark.parametrize("environ, reason", [
    ({}, "Set MicrosoftAppId"),
    ({"MicrosoftAppId": "my-bot"}, "is not a GUID"),
    ({"MicrosoftAppId": APP_ID, "TEAMS_PRIVACY_URL": "http://example.org/privacy"}, "must be an https://"),
    ({"MicrosoftAppId": APP_ID, "BOT_DOMAIN": "https://bot.example.org/api/messages"}, "host name only"),
])
def test_the_package_refuses_what_teams_would_refuse_and_writes_nothing(tmp_path, environ, reason):
    with pytest.raises(package.PackageError, match=reason):
        package.build(environ, tmp_path / "app.zip")
    assert list(tmp_path.iterdir()) == []
