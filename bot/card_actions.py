"""Card button presses, turned back into what the person would have typed.

When someone presses an Action.Submit button, Teams sends a message with the button's `data` in
`activity.value` and no text (and, in a channel, no @mention: the press is always for the bot).
Our cards put the words in the data, so a press reads like typing them:

    {"question": "who else is in Winchester?"}   a follow-up question
    {"answer": "yes"}                            an answer to a dialog's prompt ("Yes, save")
    {"text": "..."}                              anything else

Any other keys (such as a card's input fields) stay in `activity.value` for the dialog to read.
"""

from botbuilder.schema import Activity

KEYS = ("answer", "question", "text")


def pressed_button_text(activity: Activity) -> str | None:
    """The words a card button stands for, or None if this message is not a button press."""
    if (activity.text or "").strip() or not isinstance(activity.value, dict):
        return None
    for key in KEYS:
        words = activity.value.get(key)
        if isinstance(words, str) and words.strip():
            return " ".join(words.split())
    return None
