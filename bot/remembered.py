"""What a conversation remembers between turns about meetings: the partnership it last looked at and
the last minutes saved, so "export minutes", "action 1 done" and "where does that come from?" need
no names."""

from dataclasses import asdict

from knowledge.attendance import core_partner_source

CONVERSATION_KEY = "meetings_partnership_id"     # the partnership this conversation last looked at


def note_saved(conversation: dict, meeting: dict) -> None:
    """After minutes are saved: 'export minutes', 'action 1 done' and 'where does that come from?'
    in this conversation are about them."""
    conversation[CONVERSATION_KEY] = meeting["partnership_id"]
    conversation["last_meeting_id"] = meeting["id"]
    conversation["last_sources"] = [asdict(core_partner_source())]
