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
        screenshot_of_the_exchange(page, "which partnership is Perins School in?", card,
                                   "partnership_answer_card.png")


def shown_whole(button) -> bool:
    """The button's title fits inside it (not cut off or ended with '...'), and the button on the page."""
    return button.evaluate("""b => {
        const words = document.createRange();
        words.selectNodeContents(b);
        const title = words.getBoundingClientRect(), edge = b.getBoundingClientRect();
        return title.left >= edge.left && title.right <= edge.right && edge.right <= window.innerWidth;
    }""")


def screenshot_of_the_exchange(page, question: str, answer, name: str, log_hidden: bool = False) -> None:
    """docs/<name>: in a chat, the person's `question` and the bot's `answer` under it, whole."""
    if not log_hidden:
        page.get_by_role("button", name="Hide log panel").click()
    page.set_viewport_size({"width": 1280, "height": 2400})        # a long answer is drawn whole, not cut off
    asked = page.get_by_text(question, exact=True).last.bounding_box()
    box = answer.bounding_box()
    left, top = box["x"] - 60, asked["y"] - 30          # the question's time above it, not the bubble before
    page.screenshot(path=str(DOCS / name), full_page=True, clip={
        "x": left, "y": top, "width": max(asked["x"] + asked["width"], box["x"] + box["width"]) + 30 - left,
        "height": box["y"] + box["height"] + 12 - top})


def screenshot_of_the_thread(page, question: str, card, name: str) -> None:
    """docs/<name>: the channel post asking `question` and the bot's answer under it, whole."""
    page.set_viewport_size({"width": 1280, "height": 2400})        # a long card is drawn whole, not cut off
    thread = page.locator("[role=group]").filter(has_text=question).last.bounding_box()
    box = card.bounding_box()
    page.screenshot(path=str(DOCS / name), full_page=True, clip={
        "x": thread["x"], "y": thread["y"], "width": thread["width"],
        "height": box["y"] + box["height"] + 16 - thread["y"]})


GOSPORT_HEADING = "The Gosport partnership (Gosport, South Hampshire) has 30 schools and colleges in our list:"


def gosport_schools_listed(lines: list) -> list:
    """The card's school rows, after checking it opens with the heading and the first two schools."""
    assert lines[:3] == [GOSPORT_HEADING,
                         "- Alver Valley Infant and Nursery School and Alver Valley Junior School (Rowner)",
                         "- Alverstoke Church of England Aided Junior School (Alverstoke)"]
    return [line for line in lines if line.startswith("- ")]


def test_in_a_channel_a_partnerships_schools_arrive_as_one_card_that_lists_them(page):
    teams = TeamsPage(page).open_channel()
    page.get_by_role("button", name="Hide log panel").click()     # the log repeats the start of each message
    teams.post_mentioning_bot("which schools are in the Gosport partnership?")
    card = teams.card("Bay House School (Gosport)")
    lines = teams.card_lines(card)
    schools = gosport_schools_listed(lines)
    assert "- Bay House School (Gosport)" in schools and len(schools) == 22    # infant and junior schools as pairs
    assert lines[len(schools) + 1] == "Proposed in the Director's letter of January 2010; not final."
    expect(page.get_by_text(GOSPORT_HEADING)).to_have_count(1)      # one bubble: no text message repeating the card
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):    # docs/partnership_list_in_a_channel.png for the README
        screenshot_of_the_thread(page, "which schools are in the Gosport partnership?", card,
                                 "partnership_list_in_a_channel.png")


def test_in_a_personal_chat_a_partnerships_schools_arrive_as_one_card_a_line_each_with_its_buttons(page):
    # The Playground shows a text message with suggested actions as plain text, so a Markdown list ran
    # together in one paragraph; the list now comes as a card, its follow-ups the card's buttons.
    teams = TeamsPage(page).open_personal_chat()
    page.get_by_role("button", name="Hide log panel").click()     # the log repeats the start of each message
    teams.say("which schools are in Gosport?")
    card = teams.card("Bay House School (Gosport)")
    lines = teams.card_lines(card)
    schools = gosport_schools_listed(lines)
    assert lines[1:len(schools) + 1] == schools and len(schools) == 22      # a line each, not one paragraph
    assert "- Bay House School (Gosport)" in schools
    rows = card.locator(".ac-richTextBlock")
    assert rows.nth(1).bounding_box()["y"] > rows.nth(0).bounding_box()["y"]   # drawn one under another
    expect(page.get_by_text(GOSPORT_HEADING)).to_have_count(1)      # one bubble: no text message repeating the card
    for question in ["which partnerships are in Gosport?", "where does that come from?"]:
        button = card.get_by_role("button", name=question, exact=True)
        expect(button).to_be_visible()
        assert shown_whole(button), question
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):    # docs/partnership_list_in_a_chat.png for the README
        screenshot_of_the_exchange(page, "which schools are in Gosport?", card, "partnership_list_in_a_chat.png",
                                   log_hidden=True)
    teams.press(card, "which partnerships are in Gosport?")
    partnerships = teams.card("Gosport (South Hampshire) has a single partnership:")
    assert teams.card_lines(partnerships)[1] == "- Gosport"


def test_in_a_channel_help_is_one_card_listing_what_to_ask_under_each_heading(page):
    teams = TeamsPage(page).open_channel()
    page.get_by_role("button", name="Hide log panel").click()
    teams.post_mentioning_bot("help")
    card = teams.card("Ask about partnerships (anyone):")
    lines = teams.card_lines(card)
    intro = "I can tell you about Hampshire's local children's partnerships. Try:"
    assert lines[:3] == [intro, "Ask about partnerships (anyone):", "- which partnership is Perins School in?"]
    for heading, example in [("Meetings and actions (chairs):", "- log a meeting"),
                             ("Deadlines and nudges (coordinators):", "- nudge me about Gosport"),
                             ("Roles (admins):", "- make Sam Jones chair of Gosport")]:
        assert lines.index(heading) < lines.index(example), lines
    expect(page.get_by_text(intro)).to_have_count(1)        # one bubble
    for question in ["which partnership is Perins School in?", "which partnership covers Horndean?",
                     "what must we do by July?"]:
        button = card.get_by_role("button", name=question, exact=True)
        assert shown_whole(button), question
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):    # docs/help_in_a_channel.png for the README
        screenshot_of_the_thread(page, "help", card, "help_in_a_channel.png")
    answers = page.locator(".ac-adaptiveCard").filter(has_text="Havant West partnership")
    before = answers.count()
    teams.press(card, "which partnership covers Horndean?")
    expect(answers).to_have_count(before + 1)


def test_in_a_personal_chat_help_is_one_card_a_line_each_and_its_buttons_are_shown_whole(page):
    teams = TeamsPage(page).open_personal_chat()
    teams.say("help")
    card = teams.card("Ask about partnerships (anyone):")
    lines = teams.card_lines(card)
    intro = "I can tell you about Hampshire's local children's partnerships. Try:"
    assert lines[:3] == [intro, "Ask about partnerships (anyone):", "- which partnership is Perins School in?"]
    expect(page.locator(".fai-OutputCard").filter(has_text=intro)).to_have_count(1)     # one bubble
    for question in ["which partnership is Perins School in?", "which partnership covers Horndean?",
                     "what must we do by July?"]:
        button = card.get_by_role("button", name=question, exact=True)
        expect(button).to_be_visible()
        assert shown_whole(button), question
    answers = page.locator(".ac-adaptiveCard").filter(has_text="Havant West partnership")
    before = answers.count()
    teams.press(card, "which partnership covers Horndean?")        # sends the whole question
    expect(answers).to_have_count(before + 1)


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
        screenshot_of_the_exchange(page, "how engaged is Hart?", answer, "attendance_in_the_playground.png")
