"""A school with no partnership yet (Basingstoke and Deane's) belongs to its district: only a
coordinator for that district or its area, or an admin, may place it, and only in a partnership
they also cover. A coordinator of one partnership cannot take it into their own.

Scripts name the speaker, as in tests/test_roles.py: Ann is the admin from the settings and gives
everyone else their role in chat.
"""

from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from storage.directory_changes import all_moves
from tests.conversation import new_chat, text_of

PEOPLE = {
    "ann": ("aad-ann", "Ann Admin"),        # admin from BOT_ADMINS
    "cora": ("aad-cora", "Cora Lee"),       # coordinator of the Gosport partnership
    "bea": ("aad-bea", "Bea Bell"),         # coordinator of Basingstoke and Deane (a district)
    "nora": ("aad-nora", "Nora North"),     # coordinator of North and East Hampshire (an area)
}


async def say_as(chat, who: str, text: str) -> list:
    aad, name = PEOPLE[who]
    return await chat.send(Activity(type="message", text=text,
                                    from_property=ChannelAccount(id=f"29:{who}", name=name, aad_object_id=aad),
                                    conversation=ConversationAccount(id=f"personal-{who}",
                                                                     conversation_type="personal")))


async def script(chat, lines: list) -> None:
    """Lines "who: text" are said by that person; "→ fragment" must be in the next reply."""
    pending, transcript = [], []
    for line in lines:
        if line.startswith("→"):
            expected = line[1:].strip()
            assert pending, "\n".join(transcript + [f"no reply left to contain {expected!r}"])
            reply = text_of(pending.pop(0))
            assert expected.lower() in reply.lower(), "\n".join(transcript + [f"expected {expected!r} in {reply!r}"])
        else:
            who, text = line.split(": ", 1)
            pending = await say_as(chat, who, text)
            transcript += [f"{who}: {text}"] + [f"bot: {text_of(r)}" for r in pending]


async def test_an_unplaced_school_is_placed_only_by_its_districts_coordinator_or_an_admin(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-09")
    chat.config.BOT_ADMINS = ["aad-ann"]           # roles on
    for who in ("cora", "bea", "nora"):
        await say_as(chat, who, "hello")
    await script(chat, [
        "ann: make Cora Lee coordinator of the Gosport partnership", "→ Cora Lee is now coordinator of Gosport",
        "ann: make Bea Bell coordinator of Basingstoke and Deane", "→ Bea Bell is now coordinator of Basingstoke",
        "ann: make Nora North coordinator of North and East Hampshire", "→ Nora North is now coordinator of North",

        # A partnership's coordinator cannot take Basingstoke's unplaced school into their own.
        "cora: move Aldworth School to Gosport",
        "→ Sorry, you can't move schools in or out of Basingstoke and Deane (where schools have no partnership "
        "yet) and the Gosport partnership: only the coordinators for Basingstoke and Deane; and Gosport or a "
        "county admin can. Ask Ann Admin (admin).",
        # The district's coordinator covers the school, but not Gosport.
        "bea: move Aldworth School to Gosport", "→ Sorry, you can't move schools in or out of Basingstoke and Deane",
        # The area's coordinator covers both Basingstoke and Deane and Hart.
        "nora: move Aldworth School to Hart", "→ Move Aldworth School (Basingstoke) from no partnership to the Hart",
        "nora: yes", "→ Done: Aldworth School is now in the Hart partnership",
        # And an admin may place any school anywhere.
        "ann: move Bishop Challoner Catholic Secondary School to Gosport", "→ Move Bishop Challoner",
        "ann: yes", "→ Done: Bishop Challoner Catholic Secondary School is now in the Gosport partnership",
    ])
    assert [(m["school_name"], m["partnership_id"], m["by"]) for m in all_moves(chat.database)] == [
        ("Aldworth School", "hart", "aad-nora"),
        ("Bishop Challoner Catholic Secondary School", "gosport", "aad-ann")]


async def test_a_refusal_names_the_districts_coordinator_who_can(tmp_path):
    chat = new_chat(tmp_path, today="2010-03-09")
    chat.config.BOT_ADMINS = ["aad-ann"]
    for who in ("cora", "bea"):
        await say_as(chat, who, "hello")
    await script(chat, [
        "ann: make Bea Bell coordinator of Basingstoke and Deane", "→ Bea Bell is now coordinator",
        "ann: make Bea Bell coordinator of the Gosport partnership", "→ Bea Bell is now coordinator of Gosport",
        "ann: make Cora Lee coordinator of the Gosport partnership", "→ Cora Lee is now coordinator of Gosport",
        "cora: move Aldworth School to Gosport", "→ Ask Bea Bell (coordinator) or Ann Admin (admin).",
        "bea: move Aldworth School to Gosport", "→ Move Aldworth School", "bea: yes", "→ Done",
    ])
    assert [m["by"] for m in all_moves(chat.database)] == ["aad-bea"]
