"""The map: drawn from easting/northing with one colour per partnership, served at /maps/<name>.png
and shown in chat ("show me a map of Havant West")."""

import aiohttp
from aiohttp import web
from PIL import Image

from app import create_app
from config import DefaultConfig
from bot.web.directory_command import main
from knowledge.clock import Clock
from knowledge.county_map import COLOURS, draw_map, map_scope
from knowledge.directory import load_directory
from storage.database import open_database
from tests.conversation import new_chat, talk


def test_the_county_map_is_written_with_one_colour_per_partnership(tmp_path, capsys):
    out = tmp_path / "county.png"
    assert main(["map", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    printed = capsys.readouterr().out
    assert printed.startswith(f"Wrote {out}: Map of Hampshire's local children's partnerships")
    directory = load_directory()
    proposed = [p for p in directory.partnerships.values() if any(s.partnership_id == p.id for s in directory.schools.values())]
    # The legend (and its text version) names each partnership with schools once, and no colour twice.
    assert sorted(line.split(":")[0] for line in printed.splitlines()[1:] if line.endswith("schools")) == \
        sorted([p.name for p in proposed] + ["No partnership yet"])
    assert len(set(COLOURS[:len(directory.partnerships)])) == len(directory.partnerships)
    with Image.open(out) as image:
        assert image.width >= 600 and image.height >= 400


def test_a_partnership_and_a_district_are_maps_too(tmp_path):
    directory = load_directory()
    picture = draw_map(directory, map_scope(directory, "Havant West"))
    assert picture.png.startswith(b"\x89PNG") and len(picture.png) < 200_000
    assert picture.text == "Havant West: 24 schools"
    assert map_scope(directory, "Hart").slug == "hart"
    assert map_scope(directory, "nowhere at all") is None
    assert main(["map", "nowhere", "--out", str(tmp_path / "x.png")]) == 2
    assert not (tmp_path / "x.png").exists()


async def test_the_bot_serves_maps_and_refuses_other_names(tmp_path):
    config = DefaultConfig(BOT_DB=str(tmp_path / "bot.json"))
    app = create_app(config, open_database(config.BOT_DB), Clock("2010-03-01"))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{url}/maps/havant-west.png") as response:
                assert response.status == 200 and response.content_type == "image/png"
                assert (await response.read()).startswith(b"\x89PNG")
            async with session.get(f"{url}/maps/..%2Fbot.png") as response:
                assert response.status == 404
            async with session.get(f"{url}/maps/somewhere.png") as response:
                assert response.status == 404
    finally:
        await runner.cleanup()


async def test_show_me_a_map_in_words_without_a_public_address(tmp_path):
    await talk(new_chat(tmp_path), [
        "show me a map of Havant West",
        "→ Map of the Havant West partnership: 24 schools coloured by partnership.\nHavant West: 24 schools",
        "map of Atlantis",
        "→ I can draw the county, a partnership or a district, but I don't know 'atlantis'",
    ])


async def test_show_me_a_map_as_a_card_with_a_public_address(tmp_path):
    chat = new_chat(tmp_path)
    chat.services.config.BOT_PUBLIC_URL = "https://bot.example.org"
    [reply] = await chat.say("show me a map of Hart")      # the partnership (Hart is a district too)
    card = reply.attachments[0].content
    image = next(item for item in card["body"] if item["type"] == "Image")
    assert image["url"] == "https://bot.example.org/maps/hart.png"
    assert image["altText"] == "Map of the Hart partnership: 34 schools coloured by partnership"
