"""A coordinator corrects the directory: move a school to another partnership, after confirming."""

import uuid

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions

from bot.people import user_id_of, user_name_of
from bot.permissions import permitted
from bot.replies import buttons_in_groups, say
from knowledge.answers import Answer
from knowledge.clock import utc_iso
from knowledge.permissions import unplaced_schools_of
from knowledge.use_cases import Who
from knowledge.use_cases.directory import move_school

from .cancel_and_help_dialog import CancelAndHelpDialog
from .yes_or_no import yes_or_no_prompt


class MoveSchoolDialog(CancelAndHelpDialog):
    help_text = ("Say 'yes' to move the school (everyone will see the change at once, and it is recorded "
                 "with your name), or 'no' to leave it where it is.")

    def __init__(self, services, dialog_id: str = "move_school"):
        super().__init__(dialog_id)
        self.services = services
        self.add_dialog(yes_or_no_prompt("confirm_move"))
        self.add_dialog(WaterfallDialog("move_school_steps", [self.confirm_step, self.save_step]))
        self.initial_dialog_id = "move_school_steps"

    def _describe(self, options):
        directory = self.services.directory
        school = directory.schools[options["school_id"]]
        target = directory.partnerships[options["partnership_id"]]
        current = directory.partnerships.get(school.partnership_id or "")
        return school, target, current

    def _concerned(self, school, target, current) -> list:
        """Where the mover needs a role: the school's partnership and the target. A school with no
        partnership yet belongs to its district, so moving it needs that district's coordinator."""
        return [current or unplaced_schools_of(self.services.directory, school.district), target]

    async def confirm_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        # This move's id: confirming it twice (a channel's retry, "yes" again after a crash) keeps it once.
        step.options.setdefault("move_id", uuid.uuid4().hex[:12])
        school, target, current = self._describe(step.options)
        # Only coordinators of both partnerships (or an admin) change the directory.
        if not await permitted(step.context, self.services, "move_school", self._concerned(school, target, current)):
            return await step.end_dialog()
        if current is not None and current.id == target.id:
            await say(step.context, Answer(f"{school.name} is already in the {target.name} partnership."))
            return await step.end_dialog()
        now = f"the {current.name} partnership" if current else "no partnership"
        return await step.prompt("confirm_move", PromptOptions(
            prompt=buttons_in_groups(step.context, MessageFactory.text(
                f"Move {school.name} ({school.place}) from {now} to the {target.name} partnership? "
                f"Everyone will see the change at once. (yes / no)"), "Move it?", ["yes", "no"]),
            retry_prompt=MessageFactory.text(f"Please say 'yes' to move {school.name}, or 'no'.")))

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        school, target, current = self._describe(step.options)
        if not step.result:
            await say(step.context, Answer(f"OK, {school.name} stays where it is. Nothing was changed."))
            return await step.end_dialog()
        if not await permitted(step.context, self.services, "move_school", self._concerned(school, target, current)):
            return await step.end_dialog()      # their role was taken away while they were asked
        reply = await move_school(self.services.records.moves, self.services.directory, school_id=school.id,
                                  partnership_id=target.id, who=Who(user_id_of(step.context), user_name_of(step.context)),
                                  at=utc_iso(self.services.clock.now()), move_id=step.options.get("move_id", ""))
        await step.context.send_activity(reply)
        return await step.end_dialog()
