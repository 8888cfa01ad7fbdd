"""Heads and governors ask about the directory in chat."""

from tests.conversation import new_chat, talk


async def test_which_partnership_is_perins_in(tmp_path):
    await talk(new_chat(tmp_path), [
        "which partnership is Perins School in?",
        "→ Perins School (Alresford) is in the Winchester partnership, in the Alresford sub-cluster. "
        "Proposed in the Director's letter of January 2010; not final.",
    ])
