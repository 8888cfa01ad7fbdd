"""Several people go by the name an admin typed: ask which one, then give or take away the role."""

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.choices import Choice
from botbuilder.dialogs.prompts import ChoicePrompt, PromptOptions, PromptValidatorContext

from bot.people import user_id_of, user_name_of
from bot.replies import say
from bot.permissions import permitted
from knowledge.answers import Answer
from knowledge.clock import london_text, utc_iso
from knowledge.use_cases import Who
from knowledge.use_cases.roles import change_role

from .cancel_and_help_dialog import CancelAndHelpDialog


class ChoosePersonDialog(CancelAndHelpDialog):
    help_text = "Pick one of the people listed (its number), or say 'cancel' to change nothing."

    def __init__(self, services, dialog_id: str = "choose_person"):
        super().__init__(dialog_id)
        self.services = services
        self.add_dialog(ChoicePrompt("person_choice", self.accept_anything))
        self.add_dialog(WaterfallDialog("choose_person_steps", [self.ask_step, self.apply_step]))
        self.initial_dialog_id = "choose_person_steps"

    def _label(self, user_id: str) -> str:
        person = self.services.people.get(user_id) or {"name": user_id, "first_seen": ""}
        seen = f", first seen {london_text(person['first_seen'])}" if person.get("first_seen") else ""
        return f"{person['name']} (id ending {user_id[-6:]}{seen})"

    async def ask_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        labels = {self._label(u): u for u in step.options["user_ids"]}
        step.values["ids"] = labels
        many = len(labels) > 1
        question = (f"I know {len(labels)} people like '{step.options['query']}'. Which one do you mean?" if many
                    else f"Do you mean this person? Pick them, or say 'cancel'.")
        return await step.prompt("person_choice", PromptOptions(
            prompt=MessageFactory.text(question), choices=[Choice(value=label) for label in labels]))

    @staticmethod
    async def accept_anything(prompt: PromptValidatorContext) -> bool:
        # Something that is not one of the choices is a new question: apply_step hands it back.
        return True

    async def apply_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        chosen = step.result
        if chosen is None:
            return await step.end_dialog({"unhandled_text": step.context.activity.text})
        # Checked again: the admin may have lost the role since asking.
        if not await permitted(step.context, self.services, "manage_roles"):
            return await step.end_dialog()
        user_id = step.values["ids"][chosen.value]
        services = self.services
        await say(step.context, Answer(await change_role(
            services.records.roles, services.people, services.config.BOT_ADMINS, user_id=user_id,
            change=step.options["change"], who=Who(user_id_of(step.context), user_name_of(step.context)),
            at=utc_iso(services.clock.now()))))
        return await step.end_dialog()
