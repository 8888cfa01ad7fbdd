"""The phrasings corpus (knowledge/data/phrasings/) stays well-formed: known intents and entity
kinds, names that exist in the directory, no test row repeating a training row, enough rows."""

import subprocess
import sys
from pathlib import Path

import pytest

from knowledge import phrasings_check

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def checked():
    return phrasings_check.check()


def test_the_corpus_has_no_problems(checked):
    problems, _, _ = checked
    assert problems == []


def test_every_intent_has_forty_training_and_fourteen_test_rows(checked):
    _, _, table = checked
    short = {intent: counts for intent, counts in table.items() if counts[0] < 40 or counts[1] < 14}
    assert short == {}


def test_the_issues_own_examples_are_in_the_test_split_only():
    examples = [
        "I'm a governor at Court Moor, which partnership do we belong to?",
        "list the schools in my partnership please",
        "Clanfield is in East Hants, so we're with Petersfield, right?",
        "how many partnerships does Test Valley have?",
        "who's the chair of the Hart partnership?",
        "had our Fareham partnership meeting this morning - Sue and Raj came, Helen sent apologies",
        "the terms of reference action is finished",
        "no more reminders about havant please",
        "Perins belongs in Alton, not Winchester",
        "what's due next?",
        "what about Overton?",
        "is that definite?",
        "oh forget it",
        "Kate: draft the terms of reference by 15 December, Dave to share the police data",
    ]
    problems = []
    names, _ = phrasings_check.known_names()
    train = phrasings_check.load_split("train", names, problems)
    test = phrasings_check.load_split("test", names, problems)
    turns, _ = phrasings_check.load_conversations(names, problems)
    test_texts = {t for texts in test.values() for t in texts} | {text for _, text in turns}
    assert [e for e in examples if e not in test_texts] == []
    assert phrasings_check.overlaps(train, examples) == []


def test_a_test_row_that_repeats_a_training_row_is_caught():
    train = {"snooze": ["snooze 3 days"], "thanks": ["thanks"]}
    assert phrasings_check.overlaps(train, ["Snooze 3 days, please!", "thanks!!", "snooze for 4 days"]) == [
        "Snooze 3 days, please!", "thanks!!"]


def test_it_runs_from_the_command_line():
    run = subprocess.run([sys.executable, "-m", "knowledge.phrasings_check"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "school_partnership" in run.stdout and "conversations" in run.stdout
