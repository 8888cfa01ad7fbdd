"""The yes/no question a dialog asks before it changes something ("...: right? (yes / no)").

Only words answer it. botbuilder's ConfirmPrompt also reads a number anywhere in the reply as a
choice (1 and 2, in an order it does not keep steady), so "action 1 done" said at the question
moved a deadline, and "reassign action 2 to Sam" kept a school where it was. No number is shown
beside yes or no, so a number is not an answer: the question is asked again.
"""

from botbuilder.dialogs.choices import ChoiceFactoryOptions, ListStyle
from botbuilder.dialogs.prompts import ConfirmPrompt


def yes_or_no_prompt(prompt_id: str) -> ConfirmPrompt:
    prompt = ConfirmPrompt(prompt_id, default_locale="en-us")
    prompt.style = ListStyle.none
    prompt.choice_options = ChoiceFactoryOptions(include_numbers=False)
    return prompt
