"""'Find a school', the search message extension, in the Agents Playground: its search box is the
Playground's own "Trigger Message Extension App" > "Search Command" (the Playground does not read
the manifest, so the command id and parameter name are typed in, as its page asks)."""

import os
from pathlib import Path

from playwright.sync_api import expect

from bot.school_search import COMMAND_ID, PARAMETER

from .teams_page import TeamsPage

DOCS = Path(__file__).resolve().parents[2] / "docs"


def open_search_box(page):
    page.get_by_role("button", name="Trigger Message Extension App").click()
    page.get_by_role("menuitem", name="Search Command").click()
    page.get_by_text("Specify Command ID or Parameter").click()
    page.get_by_placeholder("Command ID").fill(COMMAND_ID)
    page.get_by_placeholder("Parameter name").fill(PARAMETER)
    page.get_by_text("Specify Command ID or Parameter").click()     # folded away again
    return page.get_by_placeholder("Enter a search term")


def test_a_person_finds_a_school_and_sends_its_partnership_card_into_the_chat(page):
    teams = TeamsPage(page).open_personal_chat()
    teams.reply("Say 'help' for more.")                  # the welcome: the chat is ready
    screenshot = os.environ.get("UPDATE_DOCS_SCREENSHOT")   # docs/find_a_school_*.png for the README
    if screenshot:
        page.get_by_role("button", name="Hide log panel").click()
    open_search_box(page).fill("Alton")
    amery_hill = page.get_by_text("Amery Hill School", exact=True)
    expect(amery_hill).to_be_visible()
    expect(page.get_by_text("Alton partnership").first).to_be_visible()
    if screenshot:
        box = page.get_by_text("Search-Based Message Extension").bounding_box()
        page.screenshot(path=str(DOCS / "find_a_school_search.png"), clip={
            "x": box["x"] - 24, "y": box["y"] - 16, "width": 340, "height": 360})

    amery_hill.click()                                    # the card goes into the message box
    page.get_by_role("button", name="Send Message").click()
    card = teams.card("Amery Hill School")
    lines = teams.card_lines(card)
    assert lines[:2] == ["Amery Hill School", "Alton partnership"]
    assert lines[lines.index("District") + 1] == "East Hampshire"
    if screenshot:
        box = card.bounding_box()
        page.screenshot(path=str(DOCS / "find_a_school_card.png"), clip={
            "x": box["x"] - 30, "y": box["y"] - 40, "width": box["width"] + 60, "height": box["height"] + 60})

    # The card was for the chat, not a question: the bot's next reply is to the next question.
    teams.say("which partnership is Perins School in?")
    teams.card("Perins School")
    expect(page.get_by_text("Sorry, I didn't understand")).to_have_count(0)
