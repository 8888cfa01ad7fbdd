"""A head says which school they are at once; then "we" and "our school" mean it, in this chat and
the next, until they say 'forget my school'. The school is kept in their UserState profile, read
only on the turns that need it."""

from tests.conversation import new_chat, talk


async def test_a_head_says_their_school_once_and_we_means_it_from_then_on(tmp_path):
    chat = new_chat(tmp_path)
    await talk(chat, [
        "I'm the head at Crookhorn",
        "→ I'll remember you're at Crookhorn",
        "which partnership are we in?",
        "→ Crookhorn",
        "forget my school",
        "→ I've forgotten that you're at Crookhorn",
    ])
    elsewhere = new_chat(tmp_path, database=chat.database, conversation_id="conversation-2")
    await talk(elsewhere, ["which partnership is our school in?", "→ Which school are you at?"])


async def test_the_school_is_remembered_in_another_chat_with_the_same_person(tmp_path):
    first = new_chat(tmp_path)
    await talk(first, ["I'm the head at Crookhorn", "→ I'll remember"])
    second = new_chat(tmp_path, database=first.database, conversation_id="conversation-2")
    await talk(second, ["which partnership are we in?", "→ Crookhorn"])


async def test_a_question_that_does_not_speak_of_the_speaker_does_not_read_their_profile(tmp_path):
    chat = new_chat(tmp_path)
    await talk(chat, ["I'm the head at Crookhorn", "→ I'll remember"])
    read = []
    storage = chat.state_storage
    original = storage.read

    async def counting_read(keys):
        read.extend(keys)
        return await original(keys)
    storage.read = counting_read
    await talk(chat, ["which partnership is Perins School in?", "→ Winchester"])
    assert not any("/users/" in key for key in read)
    await talk(chat, ["which partnership are we in?", "→ Crookhorn"])
    assert any("/users/" in key for key in read)
