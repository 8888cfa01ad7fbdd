"""'show me a map of Havant West': the map as an image in a card when the bot has a public
address (BOT_PUBLIC_URL) for Teams to fetch it from, otherwise what it shows, in words."""

from botbuilder.core import CardFactory, MessageFactory

from knowledge.answers import Answer
from knowledge.county_map import map_scope, map_words

from .registry import handles


@handles("show_map", topic="directory", who="anyone", examples=["show me a map of Havant West"])
async def show_map(turn, name="", **_):
    """A map of the schools coloured by partnership: the county, a partnership or a district."""
    directory = turn.directory
    scope = map_scope(directory, name or "")
    if scope is None:
        await turn.say(Answer(f"I can draw the county, a partnership or a district, but I don't know '{name}'. "
                              "Try 'show me a map of Havant West' or 'map of Hart'.",
                              suggestions=["show me a map of Hampshire"]))
        return
    alt, text = map_words(directory, scope)
    public = turn.services.config.BOT_PUBLIC_URL
    if not public:
        await turn.say(Answer(f"{alt}.\n{text}\nThe picture is at /maps/{scope.slug}.png on the bot's own address "
                              "(or run 'python -m bot directory map'); your admin can set BOT_PUBLIC_URL to show it here.",
                              suggestions=["which partnerships are in Havant?"]))
        return
    card = {
        "type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": "1.5",
        "body": [
            {"type": "TextBlock", "text": scope.title, "weight": "Bolder", "wrap": True},
            {"type": "Image", "url": f"{public}/maps/{scope.slug}.png", "altText": alt, "size": "Stretch"},
            {"type": "TextBlock", "text": text.replace("\n", "\n\n"), "wrap": True, "size": "Small",
             "isSubtle": True},
        ],
    }
    reply = MessageFactory.attachment(CardFactory.adaptive_card(card))
    reply.summary = alt
    await turn.context.send_activity(reply)
