"""What the bot does, without botbuilder: plain async functions over the repositories
(knowledge/repositories.py), the directory, the time and who is asking. Handlers (bot/*_commands.py,
bot/directory_questions.py) and dialogs call these; these never call a handler.

    roles.change_role          give or take away a role (after the permission check)
    roles.grants_of, all_grants   the roles held, the settings' admins included
    meetings.save_meeting      a chair's confirmed minutes, saved once
    deadlines.add_deadline, move_deadline, mark_done
    directory.move_school      a coordinator's confirmed correction to the directory
    nudges.read_situation, scan_for_nudges   what is due, claimed before it is sent

Each returns typed records or the reply to show. Permission checks stay at the edge, where the
refusal is said (bot/permissions.py), and run before a use case is called.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Who:
    """The person a change is recorded against: their stable id and the name they go by."""
    id: str
    name: str
