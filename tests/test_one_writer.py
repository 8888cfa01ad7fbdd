"""One writer per store: a second `python app.py` on the same BOT_DB is refused, naming the first.

Two real processes on 127.0.0.1, each on a free port. The first serves and writes; the second
exits at once with one line naming the first (pid, host, when it started) and no traceback; the
first goes on serving, and everything it acknowledged is in the store. Commands that change the
store (`knowledge import`, the nudges command, the console) are refused the same way while it runs;
`knowledge report` and `export` only read, so they work. A lock file left by a killed bot does not
stop the next start. Every process is killed in a finally.
"""

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from storage.database import open_database
from storage.directory_changes import all_moves
from tests.test_http_endpoint import words

ROOT = Path(__file__).resolve().parent.parent
SAFETY_NET = 300     # seconds: only so that a broken bot cannot hang the suite; never reached normally


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(db_path: Path, port: int = 0) -> dict:
    return {**os.environ, "PORT": str(port), "BOT_DB": str(db_path), "HOST": "127.0.0.1", "MicrosoftAppId": "",
            "BOT_ADMINS": "", "BOT_RATE_LIMIT": "0", "NUDGE_EVERY_SECONDS": "0", "PYTHONUNBUFFERED": "1"}


class Bot:
    """`python app.py` in the background; `serving` is set when aiohttp says it is listening."""

    def __init__(self, db_path: Path):
        self.port = free_port()
        self.output: list[str] = []
        self.serving = threading.Event()
        self.process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=environment(db_path, self.port),
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        self.serving.wait(SAFETY_NET)
        assert self.process.poll() is None and self.serving.is_set(), "".join(self.output)

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line)
            if "Running on" in line:
                self.serving.set()
        self.serving.set()          # it ended: stop waiting

    def say(self, text: str, number: int) -> str:
        activity = {"type": "message", "id": f"m{number}", "channelId": "msteams", "text": text,
                    "serviceUrl": "http://127.0.0.1:9/", "deliveryMode": "expectReplies",
                    "from": {"id": "29:jo", "name": "Jo Smith", "aadObjectId": "aad-jo"},
                    "recipient": {"id": "28:bot"},
                    "conversation": {"id": "personal-jo", "conversationType": "personal"}}
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/messages", json.dumps(activity).encode(),
                                         {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=SAFETY_NET) as response:
            return " ".join(words(a) for a in json.load(response)["activities"])

    def kill(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def run(args: list, db_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=environment(db_path, free_port()),
                          capture_output=True, text=True, timeout=SAFETY_NET, stdin=subprocess.DEVNULL)


def refused_naming(done: subprocess.CompletedProcess, holder: Bot) -> str:
    """The one line a refused process printed; it must name the holder."""
    assert done.returncode != 0, done
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    [line] = [text for text in done.stderr.splitlines() if text.strip()]
    assert f"already in use by process {holder.process.pid} on {socket.gethostname()} (started " in line, line
    return line


def test_a_second_bot_on_the_same_store_is_refused_and_the_first_loses_nothing(tmp_path):
    db_path = tmp_path / "bot.json"
    leftover = tmp_path / ".bot.people.json.99999.1.tmp"        # a crash mid-write, before this start
    leftover.write_text('{"half')
    bots = []
    try:
        first = Bot(db_path)
        bots.append(first)
        assert not leftover.exists()
        assert first.say("move Bay House School to Fareham", 1).startswith("Move Bay House School")
        assert first.say("yes", 2).startswith("Done: Bay House School is now in the Fareham partnership")

        second = run(["app.py"], db_path)
        line = refused_naming(second, first)
        assert line.startswith(f"Cannot start: the bot's store {db_path} is already in use") and "app.py" in line
        refused_naming(run(["app.py", "--console"], db_path), first)
        refused_naming(run(["-m", "bot", "nudges", "--ledger"], db_path), first)
        moves = tmp_path / "moves.csv"
        moves.write_text("school,partnership\nCrofton School,Gosport\n")
        refused_naming(run(["-m", "bot", "directory", "import", str(moves)], db_path), first)

        # Reading works while it runs: a snapshot of the store.
        assert run(["-m", "bot", "directory", "report"], db_path).returncode == 0
        export = run(["-m", "bot", "directory", "export", str(tmp_path / "directory.csv")], db_path)
        assert export.returncode == 0 and export.stdout.startswith("Wrote "), export
        assert "Bay House School,Gosport,Gosport,Fareham,corrected" in (tmp_path / "directory.csv").read_text()

        # The first still serves and writes.
        assert first.say("move Crofton School to Gosport", 3).startswith("Move Crofton School")
        assert first.say("yes", 4).startswith("Done: Crofton School is now in the Gosport partnership")
        first.kill()

        # Its lock file stays behind, naming a dead process: it must not stop the next start.
        assert str(first.process.pid) in (tmp_path / "bot.lock").read_text()
        third = Bot(db_path)
        bots.append(third)
        assert third.say("which partnership is Crofton School in?", 5).find("Gosport partnership") >= 0
        third.kill()
    finally:
        for bot in bots:
            bot.kill()
    assert [(m["school_name"], m["partnership_id"]) for m in all_moves(open_database(str(db_path)))] == [
        ("Bay House School", "fareham"), ("Crofton School", "gosport")]


def locked(lock_file: Path) -> bool:
    """Does anyone hold this lock? (flock is per open file, so this process asking counts as another.)"""
    descriptor = os.open(lock_file, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)


def test_one_process_may_open_its_own_store_again_and_the_last_close_lets_go(tmp_path):
    path = str(tmp_path / "bot.json")
    first = open_database(path, sole_writer=True)
    second = open_database(path, sole_writer=True)       # a restart simulated in one process: no deadlock
    assert locked(tmp_path / "bot.lock")
    first.close()
    assert locked(tmp_path / "bot.lock")
    second.close()
    assert not locked(tmp_path / "bot.lock")
