"""How the bot behaves in Teams: it speaks in a channel only when @mentioned, welcomes a team once,
answers a partnership question with a card that still reads as plain text, offers follow-ups as
buttons where Teams shows them, and a button press is the same as typing its words.

Activities are built from JSON shaped like Teams' own (a mention off the wire is a plain Entity),
through the real PartnershipBot on a TestAdapter.
"""

from botbuilder.schema import Activity

from storage.directory_changes import all_moves
from tests.conversation import every_element, new_chat, talk, text_of

BOT = {"id": "bot", "name": "Partnerships bot"}
JO = {"id": "user-1", "name": "Jo Smith", "aadObjectId": "aad-jo"}
CHANNEL = {"id": "19:general@thread.tacv2;messageid=1", "conversationType": "channel", "isGroup": True}
GROUP_CHAT = {"id": "19:group-chat@thread.v2", "conversationType": "groupChat", "isGroup": True}
PERSONAL = {"id": "a:personal-jo", "conversationType": "personal"}
ADAPTIVE = "application/vnd.microsoft.card.adaptive"


def teams_message(text, conversation=CHANNEL, mention=BOT, value=None) -> Activity:
    body = {"type": "message", "channelId": "msteams", "text": text, "from": JO, "recipient": BOT,
            "conversation": conversation, "serviceUrl": "https://smba.example/"}
    if mention is not None:
        body["entities"] = [{"type": "mention", "text": f"<at>{mention['name']}</at>", "mentioned": mention}]
    if value is not None:
        body["value"] = value
    return Activity().deserialize(body)


def card_of(reply) -> dict:
    [attachment] = [a for a in reply.attachments or [] if a.content_type == ADAPTIVE]
    return attachment.content


def shown_text(node) -> list:
    """Every piece of text a card displays, in order."""
    if isinstance(node, dict):
        found = [node["text"]] if node.get("type") in ("TextBlock", "TextRun") else []
        return found + [t for key, value in node.items() if key != "data" for t in shown_text(value)]
    if isinstance(node, list):
        return [t for item in node for t in shown_text(item)]
    return []


def buttons_of(card: dict) -> list:
    return [(a["type"], a["title"], a["data"]) for a in card.get("actions", [])]


# ---- @mentions ---------------------------------------------------------------------------------

async def test_in_a_channel_the_bot_answers_when_mentioned_and_hears_the_question_without_the_mention(tmp_path):
    chat = new_chat(tmp_path)
    [reply] = await chat.send(teams_message("<at>Partnerships bot</at> which partnership is Perins in?"))
    assert text_of(reply).startswith("Perins School (Alresford) is in the Winchester partnership")


async def test_in_a_channel_the_bot_keeps_quiet_unless_mentioned(tmp_path):
    chat = new_chat(tmp_path)
    assert await chat.send(teams_message("which partnership is Perins in?", mention=None)) == []
    someone_else = {"id": "user-2", "name": "Sam Jones"}
    assert await chat.send(teams_message("<at>Sam Jones</at> which partnership is Perins in?",
                                         mention=someone_else)) == []
    assert await chat.send(teams_message("<at>Partnerships bot</at> hello", conversation=GROUP_CHAT,
                                         mention=None)) == []


async def test_in_a_group_chat_a_mention_works_too_and_leaves_no_stray_spaces(tmp_path):
    chat = new_chat(tmp_path)
    [reply] = await chat.send(teams_message("  <at>Partnerships bot</at>   which partnership covers   Horndean? ",
                                            conversation=GROUP_CHAT))
    assert text_of(reply).startswith("Schools in Horndean are in the Havant West partnership")


async def test_a_mention_with_no_words_gets_help_and_a_message_with_no_text_is_safe(tmp_path):
    chat = new_chat(tmp_path)
    [reply] = await chat.send(teams_message("<at>Partnerships bot</at>"))
    assert "which partnership" in text_of(reply).lower()
    # A picture pasted with a mention: Teams sends no text at all.
    [reply] = await chat.send(teams_message(None))
    assert "which partnership" in text_of(reply).lower()


async def test_in_personal_chat_everything_is_for_the_bot(tmp_path):
    await talk(new_chat(tmp_path), ["which partnership is Perins in?", "→ Winchester partnership"])


# ---- the welcome -------------------------------------------------------------------------------

def added(conversation, kind="conversationUpdate") -> Activity:
    body = {"type": kind, "channelId": "msteams", "from": JO, "recipient": BOT, "conversation": conversation,
            "serviceUrl": "https://smba.example/"}
    if kind == "conversationUpdate":
        body["membersAdded"] = [BOT]     # the bot itself joining: Teams' event when the app is added
        body["channelData"] = {"eventType": "teamMemberAdded", "team": {"id": "team-1"}}
    else:
        body["action"] = "add"
    return Activity().deserialize(body)


async def test_the_bot_introduces_itself_once_per_conversation_with_three_question_buttons(tmp_path):
    chat = new_chat(tmp_path)
    [hello] = await chat.send(added(CHANNEL, "installationUpdate"))
    assert text_of(hello).startswith("Hello! I know Hampshire's local children's partnerships")
    assert buttons_of(card_of(hello)) == [
        ("Action.Submit", "which partnership is Perins School in?", {"question": "which partnership is Perins School in?"}),
        ("Action.Submit", "which partnership covers Horndean?", {"question": "which partnership covers Horndean?"}),
        ("Action.Submit", "what must we do by July?", {"question": "what must we do by July?"}),
    ]
    # Teams sends both events on install, and again as people join: still one welcome.
    assert await chat.send(added(CHANNEL)) == []
    assert await chat.send(added(CHANNEL, "installationUpdate")) == []
    # A different conversation (Jo's personal chat) gets its own.
    [hello] = await chat.send(added(PERSONAL))
    assert text_of(hello).startswith("Hello!")


async def test_pressing_a_welcome_button_in_a_channel_asks_that_question(tmp_path):
    chat = new_chat(tmp_path)
    [hello] = await chat.send(added(CHANNEL, "installationUpdate"))
    _, _, data = buttons_of(card_of(hello))[0]
    # Teams sends a press as a message with the button's data, no text and no mention.
    [reply] = await chat.send(teams_message(None, mention=None, value=data))
    assert text_of(reply).startswith("Perins School (Alresford) is in the Winchester partnership")


# ---- the partnership card and its fallback -----------------------------------------------------

async def test_a_partnership_answer_is_a_card_with_the_plain_text_kept_as_fallback(tmp_path):
    chat = new_chat(tmp_path)
    [reply] = await chat.send(teams_message("<at>Partnerships bot</at> which partnership is Perins in?"))
    text = ("Perins School (Alresford) is in the Winchester partnership, in the Alresford sub-cluster. "
            "Proposed in the Director's letter of January 2010; not final. Note: it became an academy after 2010, with a new URN (DfE list).")
    assert reply.text == text and reply.summary == text
    card = card_of(reply)
    assert card["type"] == "AdaptiveCard" and card["fallbackText"] == text
    assert shown_text(card) == [
        "Perins School", "Winchester partnership",
        "District", "Winchester",
        "Area", "Western Hampshire",
        "Status", "Proposed in the Director's letter of January 2010; not final",
        "Sub\\-cluster", "Alresford",
        "How sure", "Named in the letter",
        "Source", "the Director's letter of January 2010: \"A proposal has been made for those schools in the "
                  "Alresford area to become a separate partnership in the Winchester area, however it is thought that "
                  "the 7 schools in the area would not have sufficient resource to undertake the full functions of a "
                  "local partnerships and it is proposed that the existing school cluster continues to operate within "
                  "the whole area partnership, coordinating local activity as necessary\"",
    ]
    # In a channel, follow-ups are card buttons: Teams shows no suggested actions there.
    assert reply.suggested_actions is None
    assert [title for _, title, _ in buttons_of(card)] == ["who else is in Winchester?", "where does that come from?"]


async def test_a_place_answer_names_its_coordinating_group(tmp_path):
    chat = new_chat(tmp_path)
    [reply] = await chat.send(teams_message("<at>Partnerships bot</at> which partnership covers Horndean?"))
    shown = shown_text(card_of(reply))
    assert shown[:2] == ["Horndean", "Havant West partnership"]
    assert "District" in shown and shown[shown.index("District") + 1] == "East Hampshire"
    assert shown[shown.index("How sure") + 1] == "Named in the letter"


async def test_in_personal_chat_a_partnership_answers_follow_ups_are_its_card_buttons(tmp_path):
    # Teams shows no suggested actions on a message with a card, so they go on the card itself
    chat = new_chat(tmp_path)
    [reply] = await chat.send(teams_message("which partnership is Perins in?", conversation=PERSONAL, mention=None))
    assert reply.suggested_actions is None
    card = card_of(reply)
    assert [title for _, title, _ in buttons_of(card)] == ["who else is in Winchester?", "where does that come from?"]
    [members] = await chat.send(teams_message(None, conversation=PERSONAL, mention=None, value=buttons_of(card)[0][2]))
    assert "Winchester" in text_of(members)


async def test_a_plain_answer_with_follow_ups_gets_a_button_card_in_a_channel_and_keeps_its_text(tmp_path):
    chat = new_chat(tmp_path)
    [reply] = await chat.send(teams_message("<at>Partnerships bot</at> which partnerships are in Havant?"))
    assert text_of(reply).startswith("Havant (South Hampshire) has these partnerships:")
    card = card_of(reply)
    assert card["fallbackText"] == reply.text
    assert [title for _, title, _ in buttons_of(card)] == ["who is in Havant West?", "who is in Havant East?"]
    [members] = await chat.send(teams_message(None, mention=None, value=buttons_of(card)[0][2]))
    assert text_of(members).startswith("The Havant West partnership")


async def test_an_answer_without_follow_ups_has_no_card(tmp_path):
    chat = new_chat(tmp_path)
    [reply] = await chat.send(teams_message("<at>Partnerships bot</at> where does that come from?"))
    assert reply.attachments in (None, [])


# ---- what people type is never markup ----------------------------------------------------------

NASTY = '**Sam** <b>Jones</b> [click](https://evil.example) {"type": "Action.OpenUrl", "url": "https://evil.example"}'


async def test_a_coordinators_name_is_shown_exactly_as_typed_never_as_markup(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-15", user_name=NASTY, aad_object_id="aad-nasty")
    await talk(chat, ["move Test Valley School to Romsey", "→ from the Andover partnership to the Romsey",
                      "yes", "→ Done"])
    [reply] = await chat.send(teams_message("<at>Partnerships bot</at> which partnership is Test Valley School in?"))
    card = card_of(reply)
    [move] = all_moves(chat.database)
    name = move["by_name"]     # as Teams gave it, tidied of tags by bot.people
    assert "https://evil.example" in name and '"type": "Action.OpenUrl"' in name
    source = shown_text(card)[shown_text(card).index("Source") + 1]
    assert source == f"{name} moved Test Valley School to Romsey on 15 March 2010 at 10:00"
    # The name is a TextRun (never Markdown), in the Source and the Why: no link, no extra element, no OpenUrl.
    runs = [n for n in every_element(card) if n.get("type") == "TextRun" and name in n["text"]]
    assert len(runs) == 2
    assert shown_text(card)[shown_text(card).index("Why") + 1].startswith(f"A coordinator ({name}) moved it there")
    assert not [n for n in every_element(card) if n.get("type") == "Action.OpenUrl"]
    assert shown_text(card)[shown_text(card).index("How sure") + 1] == "Moved by a coordinator"


async def test_every_message_goes_as_plain_text_so_a_repeated_query_is_never_markdown(tmp_path):
    """Teams reads message text as Markdown unless told `textFormat: plain`. Through the real app
    over HTTP (expectReplies), a reply that repeats what Jo typed says it is plain text."""
    import aiohttp
    from aiohttp import web

    from app import create_app
    from config import DefaultConfig

    runner = web.AppRunner(create_app(DefaultConfig(BOT_DB=str(tmp_path / "bot.json"))), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"
    typed = "which partnership is **Bold** <b>x</b> [link](https://evil.example) School in?"
    activity = {"type": "message", "id": "1", "channelId": "msteams", "serviceUrl": "http://127.0.0.1:9/",
                "from": JO, "recipient": BOT, "conversation": PERSONAL, "deliveryMode": "expectReplies",
                "text": typed}
    try:
        async with aiohttp.ClientSession() as session:
            async with session.post(url, json=activity) as response:
                assert response.status == 200
                [reply] = [a for a in (await response.json())["activities"] if a["type"] == "message"]
    finally:
        await runner.cleanup()
    assert "[link](https://evil.example)" in reply["text"] and "**bold**" in reply["text"]
    assert reply["textFormat"] == "plain"


async def test_in_a_channel_the_choice_of_school_comes_with_buttons_that_answer_it(tmp_path):
    chat = new_chat(tmp_path)
    [ask] = await chat.send(teams_message("<at>Partnerships bot</at> which partnership is Farnborough college in?"))
    assert text_of(ask).startswith("I know more than one school like 'farnborough college'. Which one?")
    buttons = buttons_of(card_of(ask))
    assert [title for _, title, _ in buttons] == ["Farnborough College of Technology (Farnborough)",
                                                 "Farnborough Sixth Form College (Farnborough)"]
    # Pressing one needs no @mention: Teams sends the press to the bot.
    [answer] = await chat.send(teams_message(None, mention=None, value=buttons[1][2]))
    assert text_of(answer).startswith("Farnborough Sixth Form College (Farnborough) is in the Rushmoor partnership")


async def test_in_a_channel_moving_a_school_is_confirmed_with_a_yes_button(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-15")
    [ask] = await chat.send(teams_message("<at>Partnerships bot</at> move Test Valley School to Romsey"))
    assert "from the Andover partnership to the Romsey partnership?" in text_of(ask)
    buttons = buttons_of(card_of(ask))
    assert [title for _, title, _ in buttons] == ["yes", "no"]
    [done] = await chat.send(teams_message(None, mention=None, value=buttons[0][2]))
    assert text_of(done).startswith("Done: Test Valley School is now in the Romsey partnership")
    assert [m["partnership_id"] for m in all_moves(chat.database)] == ["romsey"]
