"""The bot in a Teams-like client nobody on this project wrote: the Microsoft 365 Agents Playground,
driven in headless Chromium as a person would use it."""

import os
from pathlib import Path

from playwright.sync_api import expect

from .teams_page import TeamsPage

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_a_person_asks_which_partnership_a_school_is_in_and_reads_the_card(page):
    teams = TeamsPage(page).open_personal_chat()
    teams.say("which partnership is Perins School in?")
    card = teams.card("Winchester partnership")     # one bubble: the card alone, no text repeating it
    lines = teams.card_lines(card)
    assert lines[:2] == ["Perins School", "Winchester partnership"]
    for label, value in [("District", "Winchester"), ("Area", "Western Hampshire"), ("Sub-cluster", "Alresford"),
                         ("How sure", "Named in the letter")]:
        assert lines[lines.index(label) + 1] == value, lines
    assert lines[lines.index("Source") + 1].startswith("the Director's letter of January 2010")
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):    # docs/partnership_answer_card.png for the README
        page.get_by_role("button", name="Hide log panel").click()
        question = page.get_by_text("which partnership is Perins School in?", exact=True).last.bounding_box()
        box = card.bounding_box()
        left, top = box["x"] - 60, question["y"] - 40
        page.screenshot(path=str(DOCS / "partnership_answer_card.png"), clip={
            "x": left, "y": top, "width": question["x"] + question["width"] + 30 - left,
            "height": box["y"] + box["height"] + 12 - top})


def test_a_natural_question_with_a_greeting_and_a_typo_gets_the_right_answer(page):
    # Issue 13: people write as they speak; the recognizer reads past the greeting and the typo.
    teams = TeamsPage(page).open_personal_chat()
    teams.say("morning! which partnersip is perins in?")
    card = teams.card("Winchester partnership")
    assert teams.card_lines(card)[:2] == ["Perins School", "Winchester partnership"]


def test_in_a_channel_the_bot_answers_a_mention_and_its_card_buttons_work(page):
    teams = TeamsPage(page).open_channel()
    teams.post_mentioning_bot("which partnership covers Horndean?")
    card = teams.card("Havant West partnership")
    assert teams.card_lines(card)[0] == "Horndean"
    # Suggested actions do not show in channels: the follow-ups are buttons on the card.
    teams.press(card, "who is in Havant West?")
    teams.reply("The Havant West partnership (Havant, South Hampshire) has")
    # A question with two possible schools: the choice is a card too, answered by a press.
    teams.post_mentioning_bot("which partnership is Farnborough college in?")
    choice = teams.card("Which one?")
    teams.press(choice, "Farnborough Sixth Form College (Farnborough)")
    teams.card("Rushmoor partnership")


def test_a_chair_logs_a_short_meeting_and_saves_it_with_the_cards_button(page):
    teams = TeamsPage(page).open_personal_chat()
    for said, asked in [
        ("log a meeting", "Which partnership was the meeting for?"),
        ("Gosport", "When was the Gosport meeting?"),
        ("12/7", "Who was there?"),
        ("Jo Smith (Gosport Police), Head of Bay House", "Who sent apologies?"),
        ("none", "What did the meeting decide?"),
        ("Adopt the draft delivery plan", "What actions were agreed?"),
    ]:
        teams.say(said)
        teams.reply(asked)
    teams.say("Jo to circulate the draft delivery plan by 23/7")
    summary = teams.card("Adopt the draft delivery plan")
    teams.press(summary, "Save")
    teams.reply("Saved the minutes of the Gosport partnership meeting on Monday 12 July 2010")
    teams.card("Saved by")                          # the summary card now says so, with no buttons
    teams.say("open actions for Gosport")
    actions = teams.card("Open actions for the Gosport partnership")
    assert "Jo: circulate the draft delivery plan" in teams.card_lines(actions)


def test_a_channel_subscribes_to_nudges_and_the_scheduler_posts_one_with_working_buttons(page):
    # The bot's clock says Monday 19 July 2010, 10:00: the delivery plan is due on 31 July.
    teams = TeamsPage(page).open_channel()
    teams.post_mentioning_bot("nudge us about Havant East")
    teams.reply("Done: I'll nudge this channel about deadlines for the Havant East partnership")
    # Nobody says anything more: the app's own scheduler posts the nudge through the Bot Connector.
    nudge = teams.card("Deadline reminder for the Havant East partnership: Summary level delivery plan")
    teams.press(nudge, "Done")
    teams.reply("Marked done: Summary level delivery plan")


def test_a_chair_asks_how_engaged_the_partnership_is_and_sees_the_attendance_grid(page):
    teams = TeamsPage(page).open_personal_chat()
    teams.say("log a meeting for Hart on 14 July. Present: Head of Calthorpe Park, Jo Smith (Hampshire Police), "
              "Hart CVS. Apologies: Court Moor School. Decisions: none. Actions: none")
    teams.card("Wednesday 14 July 2010")            # the minutes to check: in Teams, the card alone
    teams.say("save")
    teams.reply("Saved the minutes of the Hart partnership meeting on Wednesday 14 July 2010")
    teams.say("how engaged is Hart?")
    answer = teams.reply("Hart has 1 full partnership meeting recorded, on 14 July 2010.")
    picture = answer.locator("img[src^='data:image/png;base64,']").last
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.naturalWidth") > 300          # the PNG itself, decoded by the browser
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):    # docs/attendance_in_the_playground.png for the README
        page.get_by_role("button", name="Hide log panel").click()
        question = page.get_by_text("how engaged is Hart?", exact=True).last.bounding_box()
        box = picture.bounding_box()
        left, top = box["x"] - 60, question["y"] - 20
        page.screenshot(path=str(DOCS / "attendance_in_the_playground.png"), clip={
            "x": left, "y": top, "width": max(question["x"] + question["width"], box["x"] + box["width"]) + 30 - left,
            "height": box["y"] + box["height"] + 12 - top})
