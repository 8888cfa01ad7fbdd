"""When a name fits several schools the bot asks which; when it fits none it says so."""

from tests.conversation import new_chat, talk

ASK_WHICH = "I know more than one school like 'farnborough college'. Which one?"


async def test_an_ambiguous_name_asks_which_one_and_a_number_answers(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "which partnership is Farnborough college in?",
        f"→ {ASK_WHICH}",
    ])
    assert "1. Farnborough College of Technology (Farnborough)" in replies[0].text
    assert "2. Farnborough Sixth Form College (Farnborough)" in replies[0].text
    await talk(chat := new_chat(tmp_path / "again"), [
        "which partnership is Farnborough college in?",
        f"→ {ASK_WHICH}",
        "2",
        "→ Farnborough Sixth Form College (Farnborough) is in the Rushmoor partnership: Rushmoor has a single "
        "partnership.",
    ])
    # The choice is over: the next message is a new question.
    await talk(chat, ["1", "→ Sorry, I didn't understand that"])


async def test_answering_with_the_name_gives_the_answer(tmp_path):
    await talk(new_chat(tmp_path), [
        "Farnborough college",
        f"→ {ASK_WHICH}",
        "Farnborough College of Technology",
        "→ Farnborough College of Technology (Farnborough) is in the Rushmoor partnership",
    ])


async def test_a_new_question_instead_of_a_choice_is_answered_as_a_question(tmp_path):
    await talk(new_chat(tmp_path), [
        "Farnborough college",
        f"→ {ASK_WHICH}",
        "how many partnerships will there be?",
        "→ 18 or 19 local partnerships",
        "which partnership covers Horndean?",
        "→ Schools in Horndean are in the Havant West partnership",
    ])


async def test_cancel_leaves_the_choice(tmp_path):
    await talk(new_chat(tmp_path), [
        "Farnborough college",
        f"→ {ASK_WHICH}",
        "cancel",
        "→ Cancelled: nothing was changed.",
        "2",
        "→ Sorry, I didn't understand that",
    ])


async def test_a_college_host_question_keeps_its_meaning_through_the_choice(tmp_path):
    await talk(new_chat(tmp_path), [
        "what is Farnborough College's host partnership?",
        "→ Which one?",
        "1",
        "→ As a college, it treats Rushmoor as its host partnership",
    ])


async def test_a_school_not_in_the_list_says_so_and_offers_the_closest(tmp_path):
    replies = await talk(new_chat(tmp_path), [
        "which partnership is Perrins Scool in?",
        "→ I couldn't find a school called 'perrins scool'. The closest I have: Perins School",
    ])
    assert [a.value for a in replies[0].suggested_actions.actions] == ["which partnership is Perins School in?"]
    await talk(new_chat(tmp_path / "again"), [
        "which partnership is Hogwarts School of Witchcraft in?",
        "→ I couldn't find a school called 'hogwarts school of witchcraft'",
    ])


async def test_an_unknown_partnership_lists_the_real_ones(tmp_path):
    await talk(new_chat(tmp_path), [
        "who is in Narnia partnership?",
        "→ I don't know a partnership, district or area called 'narnia'. The partnerships are: Alton; "
        "Bordon, Liphook and Petersfield; Bordon; Hart;",
    ])
