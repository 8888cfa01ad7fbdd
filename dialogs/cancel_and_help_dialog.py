"""A ComponentDialog that understands "cancel"/"stop" and "help" at any step, as in the samples."""

from botbuilder.dialogs import ComponentDialog, DialogContext, DialogTurnResult, DialogTurnStatus
from botbuilder.schema import ActivityTypes

from bot.done_cards import card_done
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
        if said in CANCEL_WORDS:
            await say(inner_dc.context, Answer(self.cancel_text))
            await card_done(inner_dc.context, self.cancel_text.split(":")[0].split(".")[0] + ".")
            return await inner_dc.cancel_all_dialogs()
        if said in HELP_WORDS or activity.text.strip() == "?":
            await say(inner_dc.context, Answer(self.help_for(inner_dc)))
            await inner_dc.reprompt_dialog()
            return DialogTurnResult(DialogTurnStatus.Waiting)
        return None
