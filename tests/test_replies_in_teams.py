"""Issue 18: replies that read well in a Teams chat. A list arrives as a list, an answer with a card is
one bubble (the card), suggestion buttons fit, partnership names with commas stay readable, the card
gives the same reason as the text, 'where does that come from?' quotes the passage that names the
place, once, and a card whose button did something says so instead of keeping live buttons.

The chat goes through the same Teams shaping the app's adapter applies (bot/teams_text.py).
"""

import json

from botbuilder.schema import Activity

from bot.message_size import CAP, NOTE, fit, size_of
from bot.teams_text import TeamsText, shape_for_teams, teams_markdown
from bot.replies import message, sent_once
from knowledge.answers import Answer
from knowledge.text import names_list
from tests.conversation import every_element, new_chat, talk, text_of

ADAPTIVE = "application/vnd.microsoft.card.adaptive"


def in_teams(tmp_path, **kwargs):
    chat = new_chat(tmp_path, **kwargs)
    chat.adapter.use(TeamsText())
    return chat


def card_rows(card: dict) -> dict:
    """A card's label: value rows, as a person reads them."""
    rows = {}
    for element in every_element(card):
        if element.get("type") == "ColumnSet":
            texts = [n.get("text") for n in every_element(element) if n.get("type") in ("TextBlock", "TextRun")]
            if len(texts) == 2:
                rows[texts[0]] = texts[1]
    return rows


# ---- lists that stay lists ----------------------------------------------------------------------------------

def rows_of(reply) -> list:
    """A list card's rows, as a person reads them: one line each, exactly as written."""
    [attachment] = reply.attachments
    assert attachment.content_type == ADAPTIVE
    rows = [block for block in attachment.content["body"] if block["type"] == "RichTextBlock"]
    assert all([run["type"] for run in row["inlines"]] == ["TextRun"] for row in rows)    # never Markdown
    return [row["inlines"][0]["text"] for row in rows]


async def test_a_partnerships_schools_arrive_as_a_card_with_a_row_per_school(tmp_path):
    chat = in_teams(tmp_path)
    [reply] = await chat.say("who is in Havant West?")
    assert reply.text is None                                       # one bubble: the card
    rows = rows_of(reply)
    heading, schools = rows[0], [row for row in rows if row.startswith("- ")]
    assert heading.startswith("The Havant West partnership (Havant, South Hampshire) has")
    assert rows[1:len(schools) + 1] == schools and len(schools) > 3     # a row each, straight after the heading
    assert "- The Cowplain School (Cowplain): probably" in schools   # its DfE name; the 2010 list said "Cowplain School"
    assert rows[-1] == "Core members beyond schools: say 'who should be a core member?'."
    card = reply.attachments[0].content
    assert [line for line in card["fallbackText"].split("\n") if line.strip()] == rows    # where a card cannot go
    assert reply.summary == heading


def buttons_of(reply) -> list:
    """A card's buttons: (title, the question it sends)."""
    return [(a["title"], a["data"]["question"]) for a in reply.attachments[0].content.get("actions", [])]


async def test_in_a_personal_chat_gosports_schools_are_one_card_of_22_rows_with_follow_up_buttons(tmp_path):
    chat = in_teams(tmp_path)
    [reply] = await chat.say("which schools are in Gosport?")
    assert reply.text is None                                       # one bubble: the card
    rows = rows_of(reply)
    schools = [row for row in rows if row.startswith("- ")]
    assert rows[0] == "The Gosport partnership (Gosport, South Hampshire) has 30 schools and colleges in our list:"
    assert len(schools) == 22 and "- Bay House School (Gosport)" in schools   # infant and junior schools as pairs
    # Teams shows suggested actions on text messages only, not with a card: the follow-ups are its buttons.
    assert reply.suggested_actions is None
    assert buttons_of(reply) == [("which partnerships are in Gosport?", "which partnerships are in Gosport?"),
                                 ("where does that come from?", "where does that come from?")]
    [pressed] = await chat.send(Activity(type="message", value={"question": "which partnerships are in Gosport?"}))
    assert rows_of(pressed)[:2] == ["Gosport (South Hampshire) has a single partnership:", "- Gosport"]


async def test_help_is_a_card_listing_each_heading_with_its_three_example_buttons(tmp_path):
    chat = in_teams(tmp_path)
    [reply] = await chat.say("help")
    rows = rows_of(reply)
    assert rows[:3] == ["I can tell you about Hampshire's local children's partnerships. Try:",
                        "Ask about partnerships (anyone):", "- which partnership is Perins School in?"]
    assert rows.index("Roles (admins):") < rows.index("- make Sam Jones chair of Gosport")
    assert [question for _, question in buttons_of(reply)] == [
        "which partnership is Perins School in?", "which partnership covers Horndean?", "what must we do by July?"]


async def test_outside_teams_shaping_a_list_answer_keeps_its_text(tmp_path):
    # The console and other clients show the text (the console ignores the card; Web Chat gets no card).
    [reply] = await new_chat(tmp_path).say("who is in Havant West?")
    assert reply.text.startswith("The Havant West partnership") and "\n- The Cowplain School (Cowplain)" in reply.text
    assert message(Answer(text="Two:\n- one\n- two"), conversation_type=None).attachments in (None, [])


def test_what_people_typed_is_still_never_markup_in_a_list():
    typed = "**Bold** _it_ <b>x</b> [link](https://evil.example) # heading"
    shown = teams_markdown(f"Heading\n- {typed}\n3. Jo: book the hall\n- second")
    assert shown == ("Heading\n\n- \\*\\*Bold\\*\\* \\_it\\_ \\<b\\>x\\</b\\> \\[link\\](https://evil.example) \\# heading"
                     "\n\n3\\. Jo: book the hall\n\n- second")
    in_a_card = message(Answer(text=f"Heading\n- {typed}\n3. Jo: book the hall"), conversation_type="personal")
    assert rows_of(in_a_card) == ["Heading", f"- {typed}", "3. Jo: book the hall"]     # TextRuns, verbatim


def test_a_very_long_list_in_a_personal_chat_still_fits_in_one_teams_message():
    text = "Every school:\n" + "\n".join(f"- School number {n} with a long name (Somewhere)" for n in range(2_000))
    reply = message(Answer(text=text, suggestions=["where does that come from?"]), conversation_type="personal")
    shape_for_teams(reply)
    assert fit(reply) and size_of(reply) <= CAP
    rows = rows_of(reply) if len(reply.attachments) == 1 else []
    assert rows[:2] == ["Every school:", "- School number 0 with a long name (Somewhere)"]
    assert reply.attachments[0].content["body"][-1]["text"] == NOTE            # say 'show all' for the rest
    assert buttons_of(reply) == [("where does that come from?", "where does that come from?")]   # buttons kept


# ---- one bubble: the card, carrying what the text said -------------------------------------------------------

async def test_the_swanmore_card_comes_alone_and_gives_the_reason_the_text_gives(tmp_path):
    chat = in_teams(tmp_path)
    [reply] = await chat.say("which partnership is Swanmore in?")
    assert reply.text is None                                       # one bubble: the card
    assert reply.summary.startswith("Schools in Swanmore are in the Eastleigh East partnership.")
    [attachment] = reply.attachments
    card = attachment.content
    assert card["fallbackText"].startswith("Schools in Swanmore are in the Eastleigh East partnership.")
    rows = card_rows(card)
    assert rows["District"] == "Winchester"
    assert rows["Why"] == "Swanmore is in Winchester, but the letter puts its schools with Eastleigh East."


async def test_the_card_says_the_other_option_and_a_colleges_host_role_as_the_text_does(tmp_path):
    chat = in_teams(tmp_path)
    [oakmoor] = await chat.say("which partnership is Oakmoor School in?")
    assert card_rows(oakmoor.attachments[0].content)["Other option"] == "A separate Bordon partnership"
    [college] = await chat.say("which partnership is Farnborough Sixth Form College in?")
    rows = card_rows(college.attachments[0].content)
    assert rows["Why"] == "Rushmoor has a single partnership."
    assert rows["As a college"] == ("It treats Rushmoor as its host partnership and keeps in touch with "
                                    "neighbouring partnerships.")


# ---- sources that support the claim --------------------------------------------------------------------------

async def test_where_perins_comes_from_quotes_the_sentence_naming_alresford_once(tmp_path):
    chat = new_chat(tmp_path)
    await chat.say("which partnership is Perins in?")
    [reply] = await chat.say("where does that come from?")
    assert "\"A proposal has been made for those schools in the Alresford area" in reply.text
    assert reply.text.count("existing school cluster continues") == 1
    assert "- \"Winchester - A single partnership\"" in reply.text


# ---- names with commas ----------------------------------------------------------------------------------------

def test_names_with_their_own_commas_are_joined_with_semicolons():
    assert names_list(["Alton", "Hart", "Rushmoor"]) == "Alton, Hart and Rushmoor"
    assert names_list(["Alton", "Bordon, Liphook and Petersfield", "Hart"]) == \
        "Alton; Bordon, Liphook and Petersfield; and Hart"
    assert names_list(["Alton", "Bordon, Liphook and Petersfield"], last=None) == \
        "Alton; Bordon, Liphook and Petersfield"
    assert names_list(["Fareham", "Gosport"], last="or") == "Fareham or Gosport"
    assert names_list(["Gosport"]) == "Gosport" and names_list([]) == ""


async def test_an_unknown_partnership_lists_the_real_ones_readably(tmp_path):
    await talk(new_chat(tmp_path), [
        "who is in Narnia partnership?",
        "→ The partnerships are: Alton; Bordon, Liphook and Petersfield; Bordon; Hart; Rushmoor;",
    ])


# ---- cards that know they are done ---------------------------------------------------------------------------

async def press(chat, card_reply, data: dict) -> list:
    """Press a button on a card the bot sent: Teams sends its data, and the card's id as replyToId."""
    return await chat.send(Activity(type="message", value=data, reply_to_id=card_reply.id or "card-1"))


async def test_after_save_the_summary_card_says_saved_and_a_second_press_says_already_saved(tmp_path):
    chat = in_teams(tmp_path, today="2010-03-10")
    [summary] = await chat.say("log a meeting for Gosport yesterday. Present: Jo Smith (Gosport Police). "
                               "Apologies: none. Decisions: none. Actions: none")
    card = summary.attachments[0].content
    save = next(a for a in card["actions"] if a["title"] == "Save")
    [saved] = await press(chat, summary, save["data"])
    assert text_of(saved).startswith("Saved the minutes of the Gosport partnership meeting on Tuesday 9 March 2010")
    [done] = chat.adapter.updated_activities
    assert done.id == (summary.id or "card-1")
    shown = done.attachments[0].content
    assert shown["body"][0]["inlines"][0]["text"] == "✓ Saved by Jo Smith"
    assert "actions" not in shown                                     # no live buttons left

    [again] = await press(chat, summary, save["data"])
    assert "already saved" in text_of(again)
    assert chat.adapter.updated_activities[-1].attachments[0].content["body"][0]["inlines"][0]["text"] == \
        "✓ Already saved"


async def test_cancel_on_the_card_leaves_a_card_that_says_cancelled(tmp_path):
    chat = in_teams(tmp_path, today="2010-03-10")
    [summary] = await chat.say("log a meeting for Gosport yesterday. Present: Jo Smith (Gosport Police). "
                               "Apologies: none. Decisions: none. Actions: none")
    cancel = next(a for a in summary.attachments[0].content["actions"] if a["title"] == "Cancel")
    [said] = await press(chat, summary, cancel["data"])
    assert text_of(said).startswith("Cancelled: the minutes were not saved.")
    [done] = chat.adapter.updated_activities
    assert done.attachments[0].content["body"][0]["inlines"][0]["text"] == "✓ Cancelled."


async def test_typing_save_changes_no_card(tmp_path):
    chat = in_teams(tmp_path, today="2010-03-10")
    await chat.say("log a meeting for Gosport yesterday. Present: Jo Smith (Gosport Police). "
                   "Apologies: none. Decisions: none. Actions: none")
    await talk(chat, ["save", "→ Saved the minutes"])
    assert chat.adapter.updated_activities == []


def test_a_reply_copied_on_its_way_out_is_changed_without_changing_the_original():
    """botbuilder deep-copies each reply before the handlers on the way out change it (bot/replies.py's Reply)."""
    import copy

    from knowledge.answers import Answer

    reply = message(Answer(text="Perins School is in the Winchester partnership.", kind="partnership",
                           suggestions=["Who else is in it?"]), "personal")
    copied = copy.deepcopy(reply)
    assert copied.serialize() == reply.serialize()
    copied.text = None
    copied.attachments[0].content["body"].pop()
    copied.attachments[0].content["fallbackText"] = "cut"
    assert reply.text == "Perins School is in the Winchester partnership."
    assert "fallbackText" not in reply.attachments[0].content or reply.attachments[0].content["fallbackText"] != "cut"
    assert len(reply.attachments[0].content["body"]) == len(copy.deepcopy(reply).attachments[0].content["body"])
    assert copied.attachments[0].content["body"] != reply.attachments[0].content["body"]


def test_a_reply_sent_once_is_handed_over_by_its_first_copy_and_copied_after_that():
    """A reply its maker sends once and drops (Turn.say) is not copied on its way out: the copy
    botbuilder makes is the reply itself. A second copy (were it ever sent again) is a real one."""
    import copy

    from knowledge.answers import Answer

    reply = sent_once(message(Answer(text="Perins School is in the Winchester partnership.", kind="partnership",
                                     suggestions=["Who else is in it?"]), "personal"))
    assert copy.deepcopy(reply) is reply
    again = copy.deepcopy(reply)
    assert again is not reply and again.attachments[0] is not reply.attachments[0]
    assert again.serialize() == reply.serialize()


async def test_what_a_person_is_told_is_the_same_when_the_reply_is_handed_over(tmp_path):
    """The answer, its card and its buttons arrive as they did when every reply was copied."""
    chat = in_teams(tmp_path)
    [reply] = await chat.say("which partnership is Perins School in?")
    assert reply.attachments[0].content["fallbackText"].startswith("Perins School")
    assert "Winchester" in json.dumps(reply.attachments[0].content)
