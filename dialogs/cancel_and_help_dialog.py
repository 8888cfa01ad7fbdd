"""A ComponentDialog that understands "cancel" in any words ("oh forget it", "scrap that") and
"help" at any step, as in the samples. The recognizer reads the reply with the waiting prompt in
its Context: at a prompt, a reply is the answer unless it is a cancel or a side question (the bot
answers those and asks again: bot/partnership_bot.py)."""

from botbuilder.dialogs import ComponentDialog, DialogContext, DialogTurnResult, DialogTurnStatus
from botbuilder.schema import ActivityTypes

from bot.done_cards import card_done
from bot.meaning import at_prompt
from bot.replies import say
from knowledge.answers import Answer

CANCEL_WORDS = {"cancel", "stop", "quit", "abort", "never mind", "nevermind", "forget it", "exit"}
HELP_WORDS = {"help", "?", "what do i do", "what now"}


class CancelAndHelpDialog(ComponentDialog):
    #: What to say when someone asks for help in this dialog; the current prompt is then repeated.
    help_text = "Answer the question above, or say 'cancel' to stop."
    #: What to say when someone cancels.
    cancel_text = "Cancelled: nothing was changed."

    def help_for(self, inner_dc: DialogContext) -> str:
        """Help for the step in progress; a dialog with several steps overrides this."""
        return self.help_text

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        result = await self.interrupt(inner_dc)
        if result is not None:
            return result
        return await super().on_continue_dialog(inner_dc)

    async def interrupt(self, inner_dc: DialogContext) -> DialogTurnResult | None:
        activity = inner_dc.context.activity
        if activity.type != ActivityTypes.message or not activity.text:
            return None
        said = " ".join(activity.text.lower().split()).strip(" .!?")
        if said in CANCEL_WORDS or self._cancels(inner_dc, activity.text):
            # Everything in flight ends, not just this dialog: a side question asked at another
            # dialog's prompt ("which partnership is Farnborough college in?" while a deadline
            # waits for yes or no) opens this one on top, and "cancel" must not leave the first
            # one waiting. What is said is what was thrown away: the first dialog's words.
            cancel_text = self._first_in_flight(inner_dc).cancel_text
            await say(inner_dc.context, Answer(cancel_text))
            await card_done(inner_dc.context, cancel_text.split(":")[0].split(".")[0] + ".")
            return await inner_dc.cancel_all_dialogs(cancel_parents=True)
        if said in HELP_WORDS or activity.text.strip() == "?":
            await say(inner_dc.context, Answer(self.help_for(inner_dc)))
            await inner_dc.reprompt_dialog()
            return DialogTurnResult(DialogTurnStatus.Waiting)
        return None

    def _first_in_flight(self, inner_dc: DialogContext) -> "CancelAndHelpDialog":
        """The dialog at the bottom of the conversation's stack (this one when nothing is under it)."""
        outer = inner_dc
        while outer.parent is not None:
            outer = outer.parent
        first = outer.find_dialog_sync(outer.stack[-1].id) if outer.stack else None
        return first if isinstance(first, CancelAndHelpDialog) else self

    def _cancels(self, inner_dc: DialogContext, text: str) -> bool:
        services = getattr(self, "services", None)
        if services is None:
            return False
        active = inner_dc.active_dialog
        return at_prompt(services.directory, services.clock.today(), text,
                         active.id if active else "answer").intent == "cancel"
