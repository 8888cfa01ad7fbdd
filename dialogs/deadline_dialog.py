"""A coordinator adds or moves a deadline, after confirming the date the bot understood:
"Move 'Summary level delivery plan' from Saturday 31 July 2010 to Friday 6 August 2010: right?"
"""

import uuid

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions

from bot.people import user_id_of, user_name_of
from bot.replies import say
from bot.permissions import permitted
from knowledge.answers import Answer
from knowledge.clock import utc_iso
from knowledge.dates import british
from knowledge.deadlines import scope_phrase
from knowledge.repositories import UnknownDeadline
from knowledge.scopes import Scope, partnerships_concerned
from knowledge.use_cases import Who
from knowledge.use_cases.deadlines import add_deadline, move_deadline

from .cancel_and_help_dialog import CancelAndHelpDialog
from .yes_or_no import yes_or_no_prompt


class DeadlineDialog(CancelAndHelpDialog):
    help_text = ("Say 'yes' if the date is right (the deadline is saved with your name, and subscribers are "
                 "nudged about it), or 'no' to leave things as they were.")

    def __init__(self, services, dialog_id: str = "confirm_deadline"):
        super().__init__(dialog_id)
        self.services = services
        self.add_dialog(yes_or_no_prompt("confirm_deadline_date"))
        self.add_dialog(WaterfallDialog("confirm_deadline_steps", [self.confirm_step, self.save_step]))
        self.initial_dialog_id = "confirm_deadline_steps"

    async def _details(self, options: dict) -> tuple[dict | None, str, list]:
        """(the stored deadline when moving, what it applies to in words, the partnerships concerned)."""
        if options["action"] == "move":
            try:
                deadline = await self.services.records.deadlines.get(options["deadline_id"])
            except UnknownDeadline:
                return None, "", []
            return deadline, scope_phrase(deadline), partnerships_concerned(
                self.services.directory, deadline.scope_kind, deadline.scope_id)
        scope = Scope.of(options)
        return None, scope.phrase(), partnerships_concerned(self.services.directory, scope.kind, scope.id)

    async def confirm_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options
        # This confirmation's id: saving it twice (a channel's retry, "yes" again after a crash) saves once.
        options.setdefault("change_id", uuid.uuid4().hex[:12])
        deadline, applies, partnerships = await self._details(options)
        if options["action"] == "move" and deadline is None:
            await say(step.context, Answer("That deadline has just been removed. Say 'list deadlines' to see them."))
            return await step.end_dialog()
        if not await permitted(step.context, self.services, "change_deadline", partnerships):
            return await step.end_dialog()
        when = british(options["due"])
        past = " (that date has passed)" if options["due"] < self.services.clock.today().isoformat() else ""
        if options["action"] == "add":
            question = f"Add \"{options['title']}\" for {applies}, due {when}{past}: right? (yes / no)"
        else:
            question = (f"Move \"{deadline['title']}\" ({applies}) from {british(deadline['due'])} to "
                        f"{when}{past}: right? (yes / no)")
        return await step.prompt("confirm_deadline_date", PromptOptions(
            prompt=MessageFactory.text(question),
            retry_prompt=MessageFactory.text(f"Please say 'yes' if {when} is right, or 'no'.")))

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options
        if not step.result:
            await say(step.context, Answer("OK, nothing was changed. Say it again with the right date, "
                                             "for example '31/3' or '31 March 2011'."))
            return await step.end_dialog()
        deadline, applies, partnerships = await self._details(options)
        if not await permitted(step.context, self.services, "change_deadline", partnerships):
            return await step.end_dialog()      # their role was taken away while they were asked
        who = Who(user_id_of(step.context), user_name_of(step.context))
        at = utc_iso(self.services.clock.now())
        change_id = options.get("change_id", "")
        if options["action"] == "add":
            reply = await add_deadline(self.services.records.deadlines, title=options["title"], due=options["due"],
                                       scope=Scope.of(options), who=who, at=at, change_id=change_id)
        elif deadline is None:
            reply = "That deadline has just been removed: nothing was changed."
        else:
            reply = await move_deadline(self.services.records.deadlines, deadline, options["due"], who=who, at=at,
                                        change_id=change_id)
        await step.context.send_activity(reply)
        return await step.end_dialog()
