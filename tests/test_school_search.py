"""'Find a school', the search box in any Teams chat: composeExtension/query invokes posted to the
real POST /api/messages, as Teams posts them while someone types, and the results read back from
the HTTP response (a search answers in the response; it posts nothing to the conversation).
"""

from tests.test_http_endpoint import bot  # noqa: F401  (the running app and its stand-in connector)


def search(bot, typed: str | None, command_id: str = "searchSchools") -> dict:
    """The invoke Teams sends from the search box in a team channel; None is the first run."""
    parameters = [{"name": "initialRun", "value": "true"}] if typed is None else [{"name": "query", "value": typed}]
    activity = bot.activity("", type="invoke", name="composeExtension/query",
                            value={"commandId": command_id, "parameters": parameters,
                                   "queryOptions": {"skip": 0, "count": 25}},
                            conversation={"id": "19:general@thread.tacv2", "conversationType": "channel",
                                          "tenantId": "tenant-1"})
    del activity["text"]
    return activity


async def results(bot, typed) -> dict:
    status, body = await bot.post(search(bot, typed))
    assert status == 200, body
    assert bot.connector.received == [], "a search posts nothing to the conversation"
    return body["composeExtension"]


def previews(found: dict) -> list[tuple]:
    return [(a["preview"]["content"]["title"], a["preview"]["content"]["subtitle"], a["preview"]["content"]["text"])
            for a in found["attachments"]]


async def test_a_school_found_by_name_brings_the_same_card_as_asking_in_chat(bot):
    found = await results(bot, "Perins")
    assert found["type"] == "result" and found["attachmentLayout"] == "list"
    assert previews(found) == [("Perins School", "Alresford", "Winchester partnership")]
    [picked] = found["attachments"]
    assert picked["contentType"] == "application/vnd.microsoft.card.adaptive"

    await bot.say("which partnership is Perins School in?")
    [chat_card] = bot.connector.received[0]["body"]["attachments"]
    # the same card, without the chat's follow-up buttons (in someone else's chat they would ask a bot
    # that may not be there)
    def without_buttons(content):
        return {key: value for key, value in content.items() if key != "actions"}
    assert without_buttons(picked["content"]) == without_buttons(chat_card["content"])
    assert not picked["content"].get("actions") and chat_card["content"]["actions"]


async def test_a_place_comes_first_then_its_schools(bot):
    found = await results(bot, "Horndean")
    assert previews(found)[0] == ("Horndean", "East Hampshire", "Havant West partnership")
    assert ("Horndean Technology College", "Horndean", "Havant West partnership") in previews(found)[1:]
    assert ("Horndean Infant School", "Horndean", "Havant West partnership") in previews(found)[1:]
    assert found["attachments"][0]["content"]["fallbackText"].startswith(
        "Schools in Horndean are in the Havant West partnership.")


async def test_the_first_letters_find_schools_as_you_type(bot):
    assert previews(await results(bot, "crookh"))[0] == ("Crookhorn College", "Waterlooville", "Havant West partnership")
    assert len((await results(bot, "a"))["attachments"]) == 10     # never more than ten


async def test_a_school_without_a_partnership_yet_says_so(bot):
    found = await results(bot, "Aldworth School")
    assert previews(found)[0] == ("Aldworth School", "Basingstoke", "No partnership yet")
    texts = [block["inlines"][0]["text"] for block in found["attachments"][0]["content"]["body"]]
    assert texts[0] == "Aldworth School"
    assert "District Wide Coordinating Group" in texts[1]


async def test_opening_the_search_box_explains_what_to_type(bot):
    found = await results(bot, None)
    assert found == {"type": "message", "text": (
        "Type a school's name, a town or village, a URN or a postcode: for example Perins, Horndean or "
        "Crookhorn. Pick a result to put its partnership card into the conversation.")}
    assert (await results(bot, "   ")) == found


async def test_nothing_found_says_so_and_what_to_try(bot):
    assert await results(bot, "Hogwarts <b>*School*</b>") == {"type": "message", "text": (
        "No school or place in Hampshire matches 'Hogwarts <b>*School*</b>'. Try the school's full name, "
        "its town or village, its URN or its postcode.")}


async def test_a_very_long_query_is_cut_not_refused(bot):
    found = await results(bot, "x" * 5000)
    assert found["type"] == "message" and f"'{'x' * 100}'" in found["text"] and len(found["text"]) < 300


async def test_an_unknown_command_is_answered_not_crashed(bot):
    status, body = await bot.post(search(bot, "Perins", command_id="somethingElse"))
    assert status == 200
    assert body["composeExtension"] == {"type": "message", "text": "This app has one search: 'Find a school'."}


async def test_a_card_sent_from_the_search_box_in_a_chat_with_the_bot_gets_no_reply(bot):
    """Teams delivers the picked card to the bot as a message: it is for the chat, not a question."""
    [picked] = (await results(bot, "Perins"))["attachments"]
    shared = bot.activity('\n<span class="inline-compose-card" itemid="0" itemtype="http://schema.skype.com/'
                          'InputExtension">\n  <span content="0" itemprop="cardId"></span>\n</span>\n',
                          attachments=[{"contentType": picked["contentType"], "content": picked["content"]}])
    status, _ = await bot.post(shared)
    assert status in (200, 201)
    [reply] = await bot.say("which partnership covers Horndean?")
    assert reply.startswith("Schools in Horndean are in the Havant West partnership.")
    assert len(bot.connector.received) == 1, "the only reply is to the question"
