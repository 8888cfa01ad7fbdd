"""Greetings, thanks, goodbyes, "is that definite?", a cancel with nothing to cancel, things the bot
does not do, and the short question it asks when it is not sure what was meant."""

from knowledge.answers import Answer

from .meaning import REMEMBERED
from .registry import all_intents, handles

HOW_FIRM = {
    "named": "the Director's letter names where it goes, so it is as firm as the proposal itself",
    "district": "its district has a single partnership, so only the proposal itself could change it",
    "inferred": "the letter gives the split without listing schools: this is our reading, for a coordinator "
                "to confirm",
    "unresolved": "its district's partnerships are not named yet",
    "corrected": "a coordinator moved it, and the move is recorded",
}


@handles("greeting", topic="conversation", who="anyone", examples=["hello"], in_help=False)
async def greeting(turn, **_):
    await turn.say(Answer(
        "Hello! Ask me which partnership a school or place is in, who else is in it, or what partnerships "
        "must do. Say 'help' for more.",
        suggestions=["which partnership is Perins School in?", "which partnership covers Horndean?",
                     "what must we do by July?"]))


@handles("thanks", topic="conversation", who="anyone", examples=["thanks"], in_help=False)
async def thanks(turn, **_):
    await turn.say(Answer("You're welcome."))


@handles("goodbye", topic="conversation", who="anyone", examples=["bye"], in_help=False)
async def goodbye(turn, **_):
    await turn.say(Answer("Bye for now. I'm here whenever you need me."))


@handles("cancel", topic="conversation", who="anyone", examples=["cancel"], in_help=False)
async def cancel(turn, **_):
    await turn.say(Answer("Nothing to cancel: we weren't in the middle of anything."))


@handles("out_of_scope", topic="conversation", who="anyone", examples=["can you book the hall?"], in_help=False)
async def out_of_scope(turn, **_):
    await turn.say(Answer(
        "Sorry, that's not something I can do.\n"
        "I know Hampshire's local children's partnerships: who is in which, their meetings, actions and deadlines.",
        suggestions=["help"]))


@handles("certainty", topic="directory", who="anyone", examples=["is that definite?"], in_help=False)
async def certainty(turn, **_):
    """How firm the last answer is: the proposal's status, and how the school or place was placed."""
    directory = turn.directory
    letter = directory.documents["letter"].short
    last = turn.conversation.get(REMEMBERED, {}).get("last_entities", {})
    school = _first(last.get("school"))
    found = directory.find_school(school) if school else None
    if found is not None and found.status == "found":
        school = found.best
        how = HOW_FIRM.get(school.basis, "")
        await turn.say(Answer(f"Not final. The partnerships are proposed in {letter} and can still change. "
                              f"For {school.name}, {how}.", suggestions=["where does that come from?"]))
        return
    await turn.say(Answer(f"Not final. The partnerships are proposed in {letter} and can still change. "
                          f"Ask me about a school and I'll say how sure its placing is.",
                          suggestions=["where does that come from?"]))


async def clarify(turn, meaning) -> bool:
    """Not sure enough to act: offer the two or three likely meanings as buttons (False if none fit)."""
    examples = {i.name: i.examples[0] for i in all_intents()}
    named = next((meaning.entities[k] for k in ("school", "place", "partnership", "district", "area")
                  if meaning.entities.get(k)), "")
    named = _first(named)
    options = []
    for intent in meaning.unsure_between:
        question = QUESTIONS.get(intent, "").format(name=named) if named and intent in QUESTIONS else examples.get(intent)
        if question and question not in options:
            options.append(question)
    if not options:
        return False
    await turn.say(Answer("I'm not sure what you mean. Did you mean one of these?", suggestions=options[:3]))
    return True


# The question to offer for an intent when the message named something (clarify above).
QUESTIONS = {
    "school_partnership": "which partnership is {name} in?",
    "place_partnership": "which partnership covers {name}?",
    "partnership_members": "who else is in {name}?",
    "partnerships_in": "which partnerships are in {name}?",
    "who_chairs": "who chairs {name}?",
    "deadlines_for": "deadlines for {name}",
    "last_meeting": "last meeting of {name}",
    "open_actions": "open actions for {name}",
    "subscribe": "nudge me about {name}",
    "why_placed": "why is {name} in that partnership?",
    "set_my_school": "I'm at {name}",
}


def _first(value):
    return value[0] if isinstance(value, list) and value else value or ""
