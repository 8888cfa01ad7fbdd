"""A chair records the partnership's summary delivery plan: its priorities (about ten) and the day
the partnership agreed it. Whatever the first message gave ("record the delivery plan for Gosport
agreed on 15 July: 1. Reduce NEET 2. ...") is not asked again; the rest is asked one question at a
time. Saving says which of the county's expected outcomes the plan does not yet address and marks
the end-of-July deadline done for the partnership.

    options: {"partnership_id", "priorities": [...] or [], "agreed_on": "2010-07-15" or "",
              "change_id": the message's id, so a retried message saves once}
"""

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.people import user_id_of, user_name_of
from bot.permissions import permitted
from bot.replies import message
from knowledge.answers import Answer
from knowledge.clock import utc_iso
from knowledge.dates import EXAMPLES, meeting_date
from knowledge.delivery_plans import DEADLINE_ID, SUGGESTED, deadline_scope, plan_text, read_priorities
from knowledge.repositories import AlreadyDone, UnknownDeadline

from .cancel_and_help_dialog import CancelAndHelpDialog

MAX_ANSWER = 6000          # ten priorities pasted from a document, with room to spare


class DeliveryPlanDialog(CancelAndHelpDialog):
    help_text = (f"Give the plan's priorities, about {SUGGESTED}, one per line, separated by ';' or numbered "
                 f"('1. Reduce NEET 2. Cut teenage conceptions'), then the day the partnership agreed it. "
                 f"Say 'cancel' to stop without saving.")
    cancel_text = "Cancelled: the delivery plan was not recorded."

    def __init__(self, services, dialog_id: str = "delivery_plan"):
        super().__init__(dialog_id)
        self.services = services
        self.add_dialog(TextPrompt("plan_priorities", self.valid_priorities))
        self.add_dialog(TextPrompt("plan_agreed_on", self.valid_day))
        self.add_dialog(WaterfallDialog("delivery_plan_steps", [self.priorities_step, self.day_step, self.save_step]))
        self.initial_dialog_id = "delivery_plan_steps"

    def _partnership(self, step: WaterfallStepContext):
        return self.services.directory.partnerships[step.options["partnership_id"]]

    async def priorities_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not await permitted(step.context, self.services, "record_cycle", [self._partnership(step)]):
            return await step.end_dialog()
        if step.options.get("priorities"):
            return await step.next(None)
        name = self._partnership(step).name
        return await step.prompt("plan_priorities", PromptOptions(
            prompt=MessageFactory.text(f"What are the {name} delivery plan's priorities? About {SUGGESTED}, one per "
                                       f"line, separated by ';' or numbered, for example '1. Reduce NEET 2. Cut teenage "
                                       f"conceptions 3. Narrow the gap for looked after children'."),
            retry_prompt=MessageFactory.text("Please give at least one priority, or say 'cancel'.")))

    async def valid_priorities(self, prompt: PromptValidatorContext) -> bool:
        text = (prompt.recognized.value or "") if prompt.recognized.succeeded else ""
        return bool(read_priorities(text[:MAX_ANSWER]))

    async def day_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result is not None:
            step.options["priorities"] = read_priorities(step.result[:MAX_ANSWER])
        if step.options.get("agreed_on"):
            return await step.next(None)
        return await step.prompt("plan_agreed_on", PromptOptions(
            prompt=MessageFactory.text(f"When did the partnership agree it? For example {EXAMPLES}, or 'today'.")))

    async def valid_day(self, prompt: PromptValidatorContext) -> bool:
        text = (prompt.recognized.value or "") if prompt.recognized.succeeded else ""
        if meeting_date(text[:100], self.services.clock.today()).ok:
            return True
        prompt.options.retry_prompt = MessageFactory.text(
            f"I couldn't read '{text.strip()[:60]}' as a day that has passed. For example {EXAMPLES}, or 'today'.")
        return False

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options
        if step.result is not None:
            options["agreed_on"] = meeting_date(step.result[:100], self.services.clock.today()).day.isoformat()
        partnership = self._partnership(step)
        if not await permitted(step.context, self.services, "record_cycle", [partnership]):
            return await step.end_dialog()     # their role was taken away while they were typing
        records, at = self.services.records, utc_iso(self.services.clock.now())
        who = {"by": user_id_of(step.context), "by_name": user_name_of(step.context), "at": at}
        try:
            plan = await records.delivery_plans.save(partnership.id, options["priorities"], options["agreed_on"],
                                                     **who, change_id=options.get("change_id", ""))
        except AlreadyDone as done:
            plan = done.record
        marked = ""
        try:
            await records.deadlines.mark_done(DEADLINE_ID, deadline_scope(partnership.id), **who)
            marked = (f"\nThe end-of-July delivery plan deadline is marked done for {partnership.name}: no more "
                      f"reminders about it.")
        except UnknownDeadline:
            pass
        conversation = step.context.activity.conversation
        await step.context.send_activity(message(Answer(
            "Recorded. " + plan_text(plan, partnership.name) + marked,
            suggestions=[f"show the delivery plan for {partnership.name}", "county view"]),
            conversation.conversation_type if conversation else None))
        return await step.end_dialog()
