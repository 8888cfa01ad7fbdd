"""Multi-turn conversations, one ComponentDialog per file."""

from .choose_person_dialog import ChoosePersonDialog
from .choose_school_dialog import ChooseSchoolDialog
from .log_meeting_dialog import LogMeetingDialog
from .move_school_dialog import MoveSchoolDialog

__all__ = ["ChoosePersonDialog", "ChooseSchoolDialog", "LogMeetingDialog", "MoveSchoolDialog"]
