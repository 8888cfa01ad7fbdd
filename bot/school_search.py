"""'Find a school': the search box under the message box in any Teams chat (a search-based
message extension, teams/manifest.json's composeExtensions).

Teams sends `composeExtension/query` as the person types. The bot answers with up to ten results,
each a short preview (school or place, where it is, its partnership) and the partnership card the
chat answer carries (knowledge/answers, bot/replies): the person picks one and the card goes into
the conversation. Nothing is saved; the query is never shown as markup.
"""

import itertools
import re
from dataclasses import dataclass

from botbuilder.core import CardFactory
from botbuilder.schema import ThumbnailCard
from botbuilder.schema.teams import (MessagingExtensionAttachment, MessagingExtensionQuery,
                                     MessagingExtensionResponse, MessagingExtensionResult)

from knowledge import answers
from knowledge.directory import Directory
from knowledge.text import simplify, simplify_postcode

from .cards import card
from .replies import partnership_card

COMMAND_ID = "searchSchools"     # the command's id in teams/manifest.json
PARAMETER = "query"              # and its one parameter
MAX_RESULTS = 10
LONGEST_QUERY = 100              # a search box, not an essay: longer text is cut here
TAGS = re.compile(r"<[^>]*>")    # Teams marks a card placed in a message with an HTML span

HINT = ("Type a school's name, a town or village, a URN or a postcode: for example Perins, Horndean "
        "or Crookhorn. Pick a result to put its partnership card into the conversation.")


@dataclass
class Found:
    name: str          # the school or place
    where: str         # its town, village or district
    answer: answers.Answer


def query_text(query: MessagingExtensionQuery) -> str:
    """What the person typed; empty on the first run (Teams sends 'initialRun' instead)."""
    for parameter in query.parameters or []:
        if parameter.name == PARAMETER and isinstance(parameter.value, str):
            return " ".join(parameter.value.split())[:LONGEST_QUERY]
    return ""


def found(directory: Directory, text: str) -> list[Found]:
    """What was typed matches, best first: the place of that name, the school it names, then
    schools whose name, town or postcode starts with it. At most MAX_RESULTS."""
    wanted = simplify(text)
    if not wanted:
        return []
    results = []
    place = directory.places.get(wanted) or (directory.find_place(text) if len(wanted) >= 3 else None)
    if place is not None:
        results.append(Found(place.name, place.district, answers.place_coverage(directory, place)))
    match = directory.find_school(text)
    starting = (s for s in sorted(directory.schools.values(), key=lambda s: s.name)
                if _starts_a_word(wanted, s.name, s.town, s.locality) or _postcode_starts(text, s.postcode))
    seen = set()
    for school in itertools.chain([match.best] if match.best else match.candidates, starting):
        if len(results) == MAX_RESULTS:
            break
        if school.id not in seen:
            seen.add(school.id)
            results.append(Found(school.name, school.place, answers.school_partnership(directory, school)))
    return results


def _starts_a_word(wanted: str, *names: str) -> bool:
    pattern = re.compile(rf"(^| ){re.escape(wanted)}")
    return any(pattern.search(simplify(name)) for name in names if name)


def _postcode_starts(text: str, postcode: str) -> bool:
    typed = simplify_postcode(text)
    return len(typed) >= 3 and bool(postcode) and simplify_postcode(postcode).startswith(typed)


def result(item: Found) -> MessagingExtensionAttachment:
    """One result: its preview in the list, and the card that goes into the conversation when picked."""
    answer = item.answer
    if answer.kind == "partnership":
        content = partnership_card(answer, []).content
        partnership = f"{answer.facts['partnership']} partnership"
    else:   # no partnership yet (Basingstoke and Deane): the sentence says why
        content = card("plain_answer", title=item.name, text=answer.text).content
        partnership = "No partnership yet"
    preview = CardFactory.thumbnail_card(ThumbnailCard(title=item.name, subtitle=item.where, text=partnership))
    return MessagingExtensionAttachment(content_type=CardFactory.content_types.adaptive_card,
                                        content=content, preview=preview)


def message_result(text: str) -> MessagingExtensionResponse:
    return MessagingExtensionResponse(compose_extension=MessagingExtensionResult(type="message", text=text))


def is_a_shared_card(activity) -> bool:
    """A message that is only a card someone picked here and sent (in a chat with the bot, Teams
    delivers it to the bot too): for the people in the chat, not a question to answer."""
    cards = [a for a in activity.attachments or [] if a.content_type == CardFactory.content_types.adaptive_card]
    return bool(cards) and not TAGS.sub("", activity.text or "").strip()


def respond(directory: Directory, query: MessagingExtensionQuery) -> MessagingExtensionResponse:
    """The answer to one composeExtension/query."""
    if query.command_id not in (None, COMMAND_ID):
        return message_result("This app has one search: 'Find a school'.")
    text = query_text(query)
    if not text:
        return message_result(HINT)
    results = found(directory, text)
    if not results:
        return message_result(f"No school or place in Hampshire matches '{text}'. Try the school's full name, "
                              "its town or village, its URN or its postcode.")
    return MessagingExtensionResponse(compose_extension=MessagingExtensionResult(
        type="result", attachment_layout="list", attachments=[result(a) for a in results]))
