"""A chair logs a partnership meeting, as they would with a clerk: which partnership, when, who
came, who sent apologies, what was decided, what actions were agreed (with an owner and a due
date for each). Then they check a summary and save it, change one part, or cancel.

Whatever the first message already said ("minutes for Gosport on 9 March. Present: ...") is not
asked again. The draft lives in the dialog's state, which is kept in the database at the end of
every turn, so a conversation left for a day carries on where it was; nothing is saved until the
chair says "save", so an unfinished meeting is never half-saved.

    options: {"request": {part: text as typed}}      from bot/minutes_commands.py
             {"draft": {...}}                         when one part is being changed
"""

import re
import uuid
from datetime import datetime, timedelta

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogContext, DialogTurnResult, DialogTurnStatus, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt
from botbuilder.schema import ActivityTypes

from bot.cards import card
from bot.replies import say
from bot.done_cards import card_done
from bot.own_partnership import own_partnership_id, remember_partnership
from bot.people import user_id_of, user_name_of
from bot.permissions import permitted
from bot.remembered import note_saved
from knowledge.answers import Answer
from knowledge.actions import is_me, read_actions
from knowledge.attendance import is_nobody, read_attendance
from knowledge.clock import utc_iso
from knowledge.dates import EXAMPLES, british, due_date, is_no_date, meeting_date
from knowledge.meeting_request import read_correction, read_list
from knowledge.meeting_types import FULL, name_of, read_meeting_type
from knowledge.text import names_list
from knowledge.minutes import absent_sentence, already_saved_text, summary_rows, summary_text
from knowledge.pattern_matching import understand
from knowledge.wording import unknown_partnership
from knowledge.use_cases import Who
from knowledge.use_cases.meetings import same_day_meetings, save_meeting

from .cancel_and_help_dialog import CancelAndHelpDialog

LOGGING_BY = "minutes_logged_by"     # conversation data: who started the dialog in flight, and when they last spoke
# In a shared chat, minutes left this long are set aside (unsaved) when someone else speaks to the bot.
# The person logging can still carry on after any time when no one else needs the chat.
LEFT_ALONE = timedelta(minutes=30)
MAX_ANSWER = 4000          # a pasted agenda is fine; a pasted book is not
PART_WORDS = {
    "type": "kind", "meeting type": "kind", "type of meeting": "kind", "kind": "kind", "kind of meeting": "kind",
    "partnership": "partnership", "date": "date", "day": "date", "when": "date",
    "attendees": "attendees", "attendance": "attendees", "present": "attendees", "people": "attendees",
    "who was there": "attendees", "who came": "attendees", "attendee": "attendees",
    "apologies": "apologies", "apology": "apologies",
    "decisions": "decisions", "decision": "decisions",
    "actions": "actions", "action": "actions", "action points": "actions",
}
SAVE_WORDS = {"save", "yes", "y", "yes save", "yes please", "save it", "save them", "confirm", "ok", "okay",
              "correct", "looks good", "that's right", "thats right", "done", "save the minutes", "yes, save"}
CHANGE = re.compile(r"^(?:no,?\s*)?(?:please\s+)?(?:change|edit|fix|correct|redo|update|amend)\s+(?:the\s+)?"
                    r"(?P<part>[a-z' ]+?)(?:\s+(?:to|:)\s+(?P<value>.+))?$", re.I)

HELP = {
    "partnership_prompt": "Tell me which local children's partnership met, for example 'Gosport' or "
                          "'Havant West'. Say 'cancel' to stop without saving.",
    "date_prompt": f"Tell me the day the meeting was held, for example {EXAMPLES}. It can't be in the "
                   "future. Say 'cancel' to stop without saving.",
    "attendees_prompt": "List who came, separated by commas. Put each person's organisation in brackets if "
                        "you like: 'Jo Smith (Gosport Police), Head of Bay House, Children's Centre manager'. "
                        "I match each organisation to a school or a core partner. Say 'cancel' to stop.",
    "apologies_prompt": "List who sent apologies, in the same way as the people present, or say 'none'.",
    "decisions_prompt": "Give each decision on its own line or separated by ';', or say 'none'.",
    "actions_prompt": "Give each action as '<who> to <do what> by <when>', one per line or separated by ';', "
                      "for example 'Jo to circulate the draft delivery plan by next Friday'. Say 'none' if "
                      "there were none.",
    "owner_prompt": "Tell me who will do this action: a name, a role ('Head of Bay House') or 'me'.",
    "due_prompt": f"Tell me when this action is due, for example {EXAMPLES.replace('last Tuesday', 'next Friday')}, "
                  "or say 'no due date'.",
    "confirm_prompt": "Say 'save' to save these minutes, 'change the date' (or the partnership, type, attendees, "
                      "apologies, decisions or actions) to change one part, or 'cancel' to leave without saving.",
}


class LogMeetingDialog(CancelAndHelpDialog):
    help_text = HELP["confirm_prompt"]
    cancel_text = "Cancelled: the minutes were not saved. Say 'log a meeting' to start again."

    def __init__(self, services, user_state, conversation_state, dialog_id: str = "log_meeting"):
        super().__init__(dialog_id)
        self.services = services
        self.user_profile = user_state.create_property("user_profile")
        self.conversation_data = conversation_state.create_property("conversation_data")
        self.add_dialog(TextPrompt("partnership_prompt", self.valid_partnership))
        self.add_dialog(TextPrompt("date_prompt", self.valid_date))
        self.add_dialog(TextPrompt("attendees_prompt", self.valid_attendees))
        self.add_dialog(TextPrompt("apologies_prompt", self.valid_apologies))
        self.add_dialog(TextPrompt("decisions_prompt", self.valid_list))
        self.add_dialog(TextPrompt("actions_prompt", self.valid_actions))
        self.add_dialog(TextPrompt("owner_prompt", self.valid_owner))
        self.add_dialog(TextPrompt("due_prompt", self.valid_due))
        self.add_dialog(TextPrompt("confirm_prompt", self.valid_confirmation))
        self.add_dialog(WaterfallDialog("log_meeting_steps", [
            self.partnership_step, self.date_step, self.attendees_step, self.apologies_step,
            self.decisions_step, self.actions_step, self.action_details_step, self.confirm_step,
            self.save_step]))
        self.add_dialog(WaterfallDialog("action_details", [self.missing_detail_step, self.store_detail_step]))
        self.initial_dialog_id = "log_meeting_steps"

    # ---- help, and starting again by mistake --------------------------------------------------------

    def help_for(self, inner_dc: DialogContext) -> str:
        active = inner_dc.active_dialog
        return HELP.get(active.id if active else "", self.help_text)

    async def interrupt(self, inner_dc: DialogContext) -> DialogTurnResult | None:
        activity = inner_dc.context.activity
        if activity.type != ActivityTypes.message:
            return None
        # In a channel the conversation is shared: only the person logging can answer (or cancel).
        conversation = await self.conversation_data.get(inner_dc.context, dict)
        logging_by = conversation.get(LOGGING_BY) or {}
        now = self.services.clock.now()
        if logging_by and logging_by.get("id") != user_id_of(inner_dc.context):
            name = logging_by.get("name") or "Someone"
            last = logging_by.get("at")
            if last and now - datetime.fromisoformat(last) > LEFT_ALONE:
                # Left for a while in a shared chat: set it aside so the chat is not blocked for everyone.
                await inner_dc.cancel_all_dialogs()
                await say(inner_dc.context, Answer(
                    f"{name} left some minutes unfinished here, so I've set them aside without saving."))
                return DialogTurnResult(DialogTurnStatus.Complete, {"unhandled_text": activity.text or ""})
            await say(inner_dc.context, Answer(
                f"{name} is logging a meeting's minutes in this chat. "
                f"Please wait until they have saved or cancelled, or send me a personal message."))
            return DialogTurnResult(DialogTurnStatus.Waiting)
        if logging_by:
            logging_by["at"] = utc_iso(now)
        result = await super().interrupt(inner_dc)
        if result is not None:
            return result
        text = activity.text or ""
        correction = read_correction(text, self._today())
        draft = _draft_in(inner_dc)
        if correction is not None and draft is not None and inner_dc.active_dialog.id != "confirm_prompt":
            await say(inner_dc.context, Answer(self._correct(draft, *correction)))
            await inner_dc.reprompt_dialog()
            return DialogTurnResult(DialogTurnStatus.Waiting)
        if _is_restart(text):
            await say(inner_dc.context, Answer(
                "You're already logging a meeting: I'll carry on from where you were. "
                "Say 'cancel' if you'd rather start again."))
            await inner_dc.reprompt_dialog()
            return DialogTurnResult(DialogTurnStatus.Waiting)
        if _is_other_question(text):
            await say(inner_dc.context, Answer(
                "I'm in the middle of logging the minutes with you, so I'll answer that afterwards. "
                "Answer the question below, or say 'cancel' to stop without saving."))
            await inner_dc.reprompt_dialog()
            return DialogTurnResult(DialogTurnStatus.Waiting)
        return None

    # ---- the draft -------------------------------------------------------------------------------------

    def _correct(self, draft: dict, part: str, value: str, adding: bool) -> str:
        """'it was Gosport not Fareham', 'the date should be 13 May', 'add Sarah to the apologies'
        at any prompt: change that part of the draft and say what it is now."""
        if adding:
            entries = read_attendance(value, self.services.directory)
            if not entries:
                return f"I couldn't read '{value[:60]}' as a person to add."
            draft[part] = (draft.get(part) or []) + entries
            names = names_list([e["person"] or e["organisation"] for e in draft[part]])
            return f"Added. {'Apologies' if part == 'apologies' else 'Present'}: {names}."
        if part == "partnership" and self.services.directory.find_partnership(value[:200]) is None:
            return unknown_partnership(value) + " Nothing was changed."
        if part == "date" and not meeting_date(value, self._today()).ok:
            return _date_problem(value, meeting_date(value, self._today()), ask=False) + " Nothing was changed."
        self._apply(draft, part, value)
        draft.pop("ask_partnership", None)
        if part == "partnership":
            return f"Changed: the meeting was for {self.services.directory.partnerships[draft['partnership_id']].name}."
        return f"Changed: the meeting was on {british(draft['date'])}."

    def _today(self):
        return self.services.clock.today()

    def _new_draft(self, options: dict) -> dict:
        if options.get("draft"):
            return dict(options["draft"])
        # The draft's id is the meeting's: saving it twice (a retry, a second press) stores it once.
        draft = {"problems": {}, "id": uuid.uuid4().hex, "kind": FULL}   # a full meeting unless it says otherwise
        for part, text in (options.get("request") or {}).items():
            self._apply(draft, part, text)
        return draft

    def _apply(self, draft: dict, part: str, text: str) -> None:
        """Take what was typed for one part, or note why it could not be taken."""
        problems = draft.setdefault("problems", {})
        problems.pop(part, None)
        text = (text or "").strip()[:MAX_ANSWER]
        if part == "partnership":
            found = self.services.directory.find_partnership(text)
            if found is not None:
                draft["partnership_id"] = found.id
            else:
                draft["partnership_id"] = None
                draft["ask_partnership"] = True
                problems[part] = unknown_partnership(text)
        elif part == "date":
            reading = meeting_date(text, self._today())
            draft["date"] = reading.day.isoformat() if reading.ok else None
            if not reading.ok:
                problems[part] = _date_problem(text, reading, ask=False)
        elif part in ("attendees", "apologies"):
            entries = read_attendance(text, self.services.directory)
            if entries or (part == "apologies" and is_nobody(text)):
                draft[part] = entries
            else:
                draft[part] = None
        elif part == "kind":
            kind = read_meeting_type(text)
            if kind is not None:
                draft["kind"] = kind
            else:
                problems[part] = (f"I don't know a kind of meeting called '{text[:60]}': say full partnership meeting, "
                                  f"steering group, chairs group or working group.")
        elif part == "decisions":
            draft[part] = read_list(text)
        elif part == "actions":
            draft[part] = read_actions(text, self._today())

    # ---- 1. partnership ----------------------------------------------------------------------------------

    async def partnership_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = self._new_draft(step.options or {})
        step.values["draft"] = draft
        conversation = await self.conversation_data.get(step.context, dict)
        conversation[LOGGING_BY] = {"id": user_id_of(step.context), "name": user_name_of(step.context),
                                    "at": utc_iso(self.services.clock.now())}
        if draft.get("partnership_id"):
            return await step.next(None)
        if not draft.get("ask_partnership"):
            profile = await self.user_profile.get(step.context, dict)
            own = await own_partnership_id(self.services, user_id_of(step.context), profile)
            if own:
                draft["partnership_id"] = own     # the chair's own; the summary shows it, and it can be changed
                return await step.next(None)
        problem = draft["problems"].get("partnership", "")
        return await step.prompt("partnership_prompt", PromptOptions(
            prompt=MessageFactory.text(_join(problem, "Which partnership was the meeting for? "
                                                      "For example 'Gosport' or 'Havant West'.")),
            retry_prompt=MessageFactory.text(self._partnership_list())))

    def _partnership_list(self) -> str:
        names = sorted(p.name for p in self.services.directory.partnerships.values())
        return "I don't know that partnership. The partnerships are: " + names_list(names, last=None) + ". Which one met?"

    async def valid_partnership(self, prompt: PromptValidatorContext) -> bool:
        text = (prompt.recognized.value or "").strip() if prompt.recognized.succeeded else ""
        return bool(text) and self.services.directory.find_partnership(text[:200]) is not None

    # ---- 2. date -------------------------------------------------------------------------------------------

    async def date_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = step.values["draft"]
        if step.result is not None:
            self._apply(draft, "partnership", step.result)
            draft.pop("ask_partnership", None)
        partnership = self.services.directory.partnerships[draft["partnership_id"]]
        if not await permitted(step.context, self.services, "log_minutes", [partnership]):
            return await step.end_dialog()
        if draft.get("date"):
            return await step.next(None)
        problem = draft["problems"].get("date", "")
        return await step.prompt("date_prompt", PromptOptions(
            prompt=MessageFactory.text(_join(problem, f"When was the {partnership.name} meeting? "
                                                      f"For example {EXAMPLES}."))))

    async def valid_date(self, prompt: PromptValidatorContext) -> bool:
        text = prompt.recognized.value if prompt.recognized.succeeded else ""
        reading = meeting_date(text or "", self._today())
        if not reading.ok:
            prompt.options.retry_prompt = MessageFactory.text(_date_problem(text or "", reading))
        return reading.ok

    # ---- 3. who came -----------------------------------------------------------------------------------------

    async def attendees_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = step.values["draft"]
        if step.result is not None:
            self._apply(draft, "date", step.result)
        if draft.get("attendees") is not None:
            return await step.next(None)
        return await step.prompt("attendees_prompt", PromptOptions(
            prompt=MessageFactory.text(
                "Who was there? List people and organisations separated by commas, for example "
                "'Jo Smith (Gosport Police), Head of Bay House, Children's Centre manager'."),
            retry_prompt=MessageFactory.text(
                "Please list at least one person or organisation who came, separated by commas.")))

    async def valid_attendees(self, prompt: PromptValidatorContext) -> bool:
        text = prompt.recognized.value if prompt.recognized.succeeded else ""
        return bool(read_attendance((text or "")[:MAX_ANSWER], self.services.directory))

    # ---- 4. apologies ------------------------------------------------------------------------------------------

    async def apologies_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = step.values["draft"]
        if step.result is not None:
            self._apply(draft, "attendees", step.result)
        if draft.get("apologies") is not None:
            return await step.next(None)
        return await step.prompt("apologies_prompt", PromptOptions(
            prompt=MessageFactory.text("Who sent apologies? List them the same way, or say 'none'."),
            retry_prompt=MessageFactory.text("Please list who sent apologies, or say 'none'.")))

    async def valid_apologies(self, prompt: PromptValidatorContext) -> bool:
        text = (prompt.recognized.value or "") if prompt.recognized.succeeded else ""
        return is_nobody(text) or bool(read_attendance(text[:MAX_ANSWER], self.services.directory))

    # ---- 5. decisions --------------------------------------------------------------------------------------------

    async def decisions_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = step.values["draft"]
        if step.result is not None:
            self._apply(draft, "apologies", step.result)
        if draft.get("decisions") is not None:
            return await step.next(None)
        return await step.prompt("decisions_prompt", PromptOptions(
            prompt=MessageFactory.text("What did the meeting decide? One decision per line or separated by ';'. "
                                       "Say 'none' if nothing was decided."),
            retry_prompt=MessageFactory.text("Please give the decisions, or say 'none'.")))

    async def valid_list(self, prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and bool((prompt.recognized.value or "").strip())

    # ---- 6. actions ------------------------------------------------------------------------------------------------

    async def actions_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = step.values["draft"]
        if step.result is not None:
            self._apply(draft, "decisions", step.result)
        if draft.get("actions") is not None:
            return await step.next(None)
        return await step.prompt("actions_prompt", PromptOptions(
            prompt=MessageFactory.text("What actions were agreed? For example 'Jo to circulate the draft delivery "
                                       "plan by next Friday'. One per line or separated by ';', or say 'none'."),
            retry_prompt=MessageFactory.text("Please give the actions as '<who> to <do what> by <when>', "
                                             "or say 'none'.")))

    async def valid_actions(self, prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and bool((prompt.recognized.value or "").strip())

    async def action_details_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = step.values["draft"]
        if step.result is not None:
            self._apply(draft, "actions", step.result)
        return await step.begin_dialog("action_details", {"actions": draft["actions"]})

    # ---- 6a. an owner and a due date for every action (a loop of its own) ----------------------------------------

    async def missing_detail_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        actions = step.options["actions"]
        for index, action in enumerate(actions):
            if not action.get("owner"):
                step.values["missing"] = (index, "owner")
                return await step.prompt("owner_prompt", PromptOptions(
                    prompt=MessageFactory.text(f"Who will {_quoted(action['text'])}? Give a name, or say 'me'."),
                    retry_prompt=MessageFactory.text(f"Please tell me who will {_quoted(action['text'])}.")))
            if not action.get("due_given"):
                step.values["missing"] = (index, "due")
                return await step.prompt("due_prompt", PromptOptions(
                    prompt=MessageFactory.text(
                        f"When is {action['owner']} to {_quoted(action['text'])} by? For example '19 March' or "
                        f"'next Friday', or say 'no due date'.")))
        return await step.end_dialog(actions)

    async def valid_owner(self, prompt: PromptValidatorContext) -> bool:
        text = (prompt.recognized.value or "").strip() if prompt.recognized.succeeded else ""
        return 0 < len(text) <= 80 and not is_no_date(text)

    async def valid_due(self, prompt: PromptValidatorContext) -> bool:
        text = (prompt.recognized.value or "") if prompt.recognized.succeeded else ""
        if is_no_date(text) or due_date(text, self._today()).ok:
            return True
        prompt.options.retry_prompt = MessageFactory.text(
            f"I couldn't read '{text.strip()[:60]}' as a date. Try '19 March', '19/3' or 'next Friday', "
            f"or say 'no due date'.")
        return False

    async def store_detail_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        actions = [dict(a) for a in step.options["actions"]]
        index, field = step.values["missing"]
        if field == "owner":
            actions[index]["owner"] = " ".join(step.result.split())
        else:
            reading = None if is_no_date(step.result) else due_date(step.result, self._today())
            actions[index]["due"] = reading.day.isoformat() if reading else None
            actions[index]["due_given"] = True
        return await step.replace_dialog("action_details", {"actions": actions})

    # ---- 7. check, then save or change one part ----------------------------------------------------------------

    async def confirm_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = step.values["draft"]
        draft["actions"] = [self._with_owner(step, a) for a in step.result or []]
        directory = self.services.directory
        rows = summary_rows(draft, directory)
        warning = _join(draft.get("problems", {}).get("kind", ""), await self._duplicate_warning(draft))
        text = ("Here are the minutes:\n" + summary_text(draft, directory)
                + (f"\n{warning}" if warning else "")
                + "\nSay 'save' to save them, 'change the date' (or the partnership, attendees, apologies, "
                  "decisions or actions) to change one part, or 'cancel'.")
        summary = MessageFactory.text(text)
        summary.attachments = [card("minutes_summary", text=text, rows=rows, warning=warning, draft_id=draft.get("id", ""))]
        summary.summary = "Check the minutes before I save them"
        return await step.prompt("confirm_prompt", PromptOptions(
            prompt=summary,
            retry_prompt=MessageFactory.text("Please say 'save', 'change' and the part to change (for example "
                                             "'change the date'), or 'cancel'.")))

    def _with_owner(self, step: WaterfallStepContext, action: dict) -> dict:
        """'me' becomes the speaker; a name the bot has seen is tied to that person's Teams identity."""
        action = dict(action)
        if is_me(action.get("owner", "")):
            action["owner"], action["owner_user_id"] = user_name_of(step.context), user_id_of(step.context)
        elif not action.get("owner_user_id"):
            exact, partial = self.services.people.find(action.get("owner", ""))
            people = exact or partial
            action["owner_user_id"] = people[0]["user_id"] if len(people) == 1 else None
        return action

    async def _duplicate_warning(self, draft: dict) -> str:
        same_day = await same_day_meetings(self.services.records.meetings, draft["partnership_id"], draft["date"])
        if not same_day:
            return ""
        who = same_day[0].get("logged_by_name") or "someone"
        return (f"Note: minutes for this partnership on {british(draft['date'])} were already logged by {who}. "
                f"Saving adds a second meeting; the first is kept as it is.")

    async def valid_confirmation(self, prompt: PromptValidatorContext) -> bool:
        text = (prompt.recognized.value or "") if prompt.recognized.succeeded else ""
        return read_confirmation(text) is not None

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = step.values["draft"]
        choice = read_confirmation(step.result)
        if choice != "save":
            part, value = choice
            return await step.replace_dialog("log_meeting_steps", {"draft": self._changed(draft, part, value)})
        directory = self.services.directory
        partnership = directory.partnerships[draft["partnership_id"]]
        if not await permitted(step.context, self.services, "log_minutes", [partnership]):
            return await step.end_dialog()      # their role was taken away while they were typing
        record, saved_now = await save_meeting(self.services.records.meetings, draft,
                                               who=Who(user_id_of(step.context), user_name_of(step.context)),
                                               at=utc_iso(self.services.clock.now()))
        if not saved_now:
            await say(step.context, Answer(already_saved_text(record, self.services.directory)))
            await card_done(step.context, "Already saved", _minutes_line(record, partnership.name))
            return await step.end_dialog()
        profile = await self.user_profile.get(step.context, dict)
        remember_partnership(profile, partnership.id)
        profile["last_meeting_id"] = record["id"]
        conversation = await self.conversation_data.get(step.context, dict)
        note_saved(conversation, record)
        await say(step.context, Answer(saved_text(record, partnership.name)))
        await card_done(step.context, f"Saved by {user_name_of(step.context)}", _minutes_line(record, partnership.name))
        return await step.end_dialog()     # no result: the bot has nothing more to say this turn

    def _changed(self, draft: dict, part: str, value: str | None) -> dict:
        draft = dict(draft)
        draft["problems"] = {}
        if part == "kind" and not value:
            draft["problems"]["kind"] = ("Say which kind of meeting it was, for example 'change the type to steering "
                                         "group': full partnership meeting, steering group, chairs group or working group.")
            return draft
        if part == "partnership":
            draft["partnership_id"], draft["ask_partnership"] = None, True
        else:
            draft[part] = None
        if value:
            self._apply(draft, part, value)
        return draft


# ---- words ----------------------------------------------------------------------------------------------------

def read_confirmation(text: str):
    """'save' | (part, new value or None) | None when it is neither."""
    said = " ".join((text or "").split()).strip(" .!")
    if said.lower() in SAVE_WORDS:
        return "save"
    found = CHANGE.match(said)
    part_text = found.group("part").lower().strip() if found else said.lower().removeprefix("the ")
    part = PART_WORDS.get(part_text)
    if part is None:
        return None
    value = found.group("value") if found else None
    return part, (value.strip() if value else None)


def saved_text(record: dict, partnership: str) -> str:
    actions = record.get("actions") or []
    if actions:
        numbers = [a["number"] for a in actions]
        listed = (f"action {numbers[0]}" if len(numbers) == 1 else f"actions {numbers[0]} and {numbers[1]}"
                  if len(numbers) == 2 else f"actions {numbers[0]} to {numbers[-1]}")
        tracked = f" with {listed}. Say 'open actions for {partnership}' to track them"
    else:
        tracked = ""
    kind = record.get("kind") or FULL
    meeting = "partnership meeting" if kind == FULL else name_of(kind)      # "the Gosport steering group"
    return (f"Saved the minutes of the {partnership} {meeting} on {british(record['date'])}{tracked}. "
            f"Say 'export minutes' for a document to circulate.\n{absent_sentence(record)}")


def _minutes_line(record: dict, partnership: str) -> str:
    return f"Minutes of the {partnership} partnership meeting on {british(record['date'])}"


def _date_problem(text: str, reading, ask: bool = True) -> str:
    """Why a date will not do; with `ask`, followed by the question again (for a retry)."""
    shown = text.strip()[:60]
    question = f" When was the meeting held? For example {EXAMPLES}." if ask else ""
    if reading.problem == "future":
        return f"'{shown}' is {british(reading.day)}, which is in the future.{question}"
    if reading.problem == "too_old":
        return f"'{shown}' is {british(reading.day)}: that's too long ago.{question}"
    return f"I couldn't read '{shown}' as a date.{question}"


def _join(first: str, second: str) -> str:
    return f"{first} {second}" if first else second


def _quoted(text: str) -> str:
    text = " ".join((text or "").split())
    return f"'{text[:120]}'"


def _intent_of(text: str) -> str | None:
    return understand(text).intent


def _is_restart(text: str) -> bool:
    return _intent_of(text) == "log_meeting"


def _is_other_question(text: str) -> bool:
    """'which partnership is Perins in?' at a prompt is a question for later, not an answer."""
    return text.rstrip().endswith("?") and _intent_of(text) not in (None, "help")


def _draft_in(inner_dc: DialogContext) -> dict | None:
    """The draft the waterfall is filling (its step values), from inside any of its prompts."""
    for instance in inner_dc.stack:
        if instance.id == "log_meeting_steps":
            return (instance.state.get("values") or {}).get("draft")
    return None
