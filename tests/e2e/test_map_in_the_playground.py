"""'show me a map of Havant West' in the Agents Playground: a card whose image the browser fetches
from the bot's /maps/havant-west.png, as Teams would."""

import os
from pathlib import Path

from playwright.sync_api import expect

from .teams_page import TeamsPage

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_a_person_asks_for_a_map_and_sees_it(page):
    teams = TeamsPage(page).open_personal_chat()
    teams.say("show me a map of Havant West")
    card = teams.card("The Havant West partnership")
    image = card.locator("img").first
    expect(image).to_be_visible()
    # The picture itself arrived (an image that failed to load has no natural width).
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):    # docs/map_card.png for the README
        page.get_by_role("button", name="Hide log panel").click()
        box = card.bounding_box()
        page.screenshot(path=str(DOCS / "map_card.png"), clip={
            "x": box["x"] - 12, "y": box["y"] - 12, "width": box["width"] + 24, "height": box["height"] + 24})
