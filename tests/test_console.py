"""The console as a stand-in for Teams: `python app.py --console` run as a person runs it, lines fed
to its input and its printed output read back. Files the bot sends land in console-files/ (in the
working directory); '/as Sam Jones' speaks as someone else; '/today' moves the clock."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def console(tmp_path, lines: list[str], *args, **environ) -> list[str]:
    """Run the console in tmp_path with these lines as its input; the bot's and console's lines."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MicrosoftApp") and k not in ("BOT_ADMINS", "BOT_TODAY")}
    env.update(BOT_DB=str(tmp_path / "bot.json"), **environ)
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--console", *args], cwd=tmp_path, env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = process.communicate("\n".join(lines) + "\n")    # the end of input ends the console
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "Traceback" not in out + err
    # Each prompt is printed without a newline, so a reply follows it on the same line.
    return [line.replace("you> ", "") for line in out.splitlines() if line.replace("you> ", "")]


MEETING = ("log a meeting for Gosport on 8 March. Present: Jo Smith. Apologies: none. "
           "Decisions: Adopt the plan. Actions: none")


def test_exported_minutes_are_written_to_a_file_and_its_path_printed(tmp_path):
    out = console(tmp_path, [MEETING, "save", "export minutes"], "--today", "2010-03-09")
    assert "bot> [saved minutes-gosport-2010-03-08.md to console-files/minutes-gosport-2010-03-08.md]" in out
    document = (tmp_path / "console-files" / "minutes-gosport-2010-03-08.md").read_text(encoding="utf-8")
    assert "Gosport" in document and "Adopt the plan" in document


def test_speaking_as_other_people_makes_the_roles_examples_work(tmp_path):
    out = console(tmp_path, [
        "/as Ann Admin",
        "make Sam Jones chair of Gosport",          # Sam has not said anything yet
        "/as Sam Jones",
        "hello",
        "/as Ann Admin",
        "make Sam Jones chair of Gosport",
        "/as Sam Jones",
        "what is my role?",
        "/as me",
    ], "--today", "2010-03-09", BOT_ADMINS="console:ann-admin")
    assert out[2] == "(console) You are now Ann Admin (console:ann-admin). '/as me' to be yourself again."
    assert out[3].startswith("bot> I don't know anyone called 'sam jones' yet.")
    done = next(line for line in out if line.startswith("bot> Done: Sam Jones is now chair of Gosport."))
    assert done.endswith("Recorded as changed by Ann Admin on 9 March 2010 at 10:00.")
    role = out[out.index(done) + 2]
    assert role.startswith("bot> ") and "chair of Gosport" in role
    assert out[-1].startswith("(console) You are yourself again:")


def test_today_moves_the_clock_for_the_2010_timetable(tmp_path):
    out = console(tmp_path, ["/today 2010-07-20", "list deadlines", "/today 20/7", "/help"])
    assert out[2] == "(console) Today is now Tuesday 20 July 2010, 10:00."
    assert "- Saturday 31 July 2010 (in 11 days): Summary level delivery plan (about ten key performance areas), " \
           "for every partnership" in out
    assert "(console) '20/7' is not a date: write it as 2010-07-20." in out
    assert out[-1].startswith("(console) Console commands: '/as Sam Jones' to speak as someone else")


def test_the_suggestions_are_printed_as_the_questions_to_type(tmp_path):
    """Teams shows short button titles ('Which Gosport schools…') and sends the whole question; in the
    console a person types it, so the console prints the whole question."""
    out = console(tmp_path, ["Bay House governors passed the resolution on 25 March",
                             "which Gosport schools haven't passed it yet?"], "--today", "2010-03-25")
    tried = out[out.index(next(line for line in out if line.startswith("bot> Recorded:"))) + 1]
    assert tried == "     try: which Gosport schools haven't passed it yet?"
    assert any(line.startswith("bot> 1 of 30 Gosport schools have passed the resolution") for line in out[4:])


def test_a_reply_that_is_only_a_card_prints_the_cards_own_text(tmp_path):
    """Where Teams shows a card alone, the console prints the card's fallback text."""
    import io

    from botbuilder.core import MessageFactory

    from bot.web.console import ConsoleAdapter
    from bot.replies import partnership_card
    from knowledge.answers import school_partnership
    from knowledge.directory import load_directory

    directory = load_directory()
    answer = school_partnership(directory, directory.find_school("Perins School").best)
    reply = MessageFactory.attachment(partnership_card(answer, []))
    out = io.StringIO()
    ConsoleAdapter(out=out, files=tmp_path).show(reply)
    assert out.getvalue() == f"bot> {answer.text}\n"
    assert list(tmp_path.iterdir()) == []


def test_a_list_answer_prints_its_text_and_the_questions_its_card_buttons_would_send(tmp_path):
    """In Teams a list is a card with its follow-ups as buttons; the console prints the list as
    text and the follow-ups as questions to type."""
    out = console(tmp_path, ["which schools are in Gosport?"])
    answer = next(i for i, line in enumerate(out) if line.startswith("bot> The Gosport partnership"))
    assert "- Bay House School (Gosport)" in out
    assert "     try: which partnerships are in Gosport? | where does that come from?" in out[answer:]
