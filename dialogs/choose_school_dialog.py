"""Several schools match what was typed: ask which one, then carry on with the question."""

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.choices import Choice
from botbuilder.dialogs.prompts import ChoicePrompt, PromptOptions, PromptValidatorContext
from botbuilder.core import MessageFactory

from bot.replies import buttons_in_groups
from knowledge import answers

from .cancel_and_help_dialog import CancelAndHelpDialog


class ChooseSchoolDialog(CancelAndHelpDialog):
    help_text = "Pick one of the schools listed (its number or name), or say 'cancel'."

    def __init__(self, services, dialog_id: str = "choose_school"):
        super().__init__(dialog_id)
        self.services = services
        self.add_dialog(ChoicePrompt("school_choice", self.accept_anything))
        self.add_dialog(WaterfallDialog("choose_school_steps", [self.ask_step, self.answer_step]))
        self.initial_dialog_id = "choose_school_steps"

    async def ask_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        schools = [self.services.directory.schools[i] for i in step.options["school_ids"]]
        choices = [Choice(value=f"{s.name} ({s.place})", synonyms=[s.name]) for s in schools]
        step.values["ids"] = {f"{s.name} ({s.place})": s.id for s in schools}
        prompt = buttons_in_groups(step.context, MessageFactory.text(
            f"I know more than one school like '{step.options['query']}'. Which one?"),
            "Which one?", [c.value for c in choices])
        return await step.prompt("school_choice", PromptOptions(prompt=prompt, choices=choices))

    @staticmethod
    async def accept_anything(prompt: PromptValidatorContext) -> bool:
        # Something that is not one of the choices is a new question: answer_step hands it back.
        return True

    async def answer_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        chosen = step.result
        if chosen is None:
            return await step.end_dialog({"unhandled_text": step.context.activity.text})
        school = self.services.directory.schools[step.values["ids"][chosen.value]]
        then = step.options["then"]
        if then == "move_school":
            return await step.replace_dialog("move_school", {
                "school_id": school.id, "partnership_id": step.options["partnership_id"]})
        answer = answers.college_host(self.services.directory, school) if then == "college_host" \
            else answers.school_partnership(self.services.directory, school)
        return await step.end_dialog({"answer": answer})
