"""The recognizer (issue 13) understands people as they write: entities first, the intent from a
model trained on the phrasings corpus, then the context of the conversation.

The scores are on the corpus's test split, which the model never trains on; the floors sit a little
under what it reaches, so a change that makes it worse fails here.
"""

from datetime import date

import pytest

from knowledge.dates import find_dates
from knowledge.understanding import Context, Recognizer, split_actions
from knowledge.understanding.evaluate import (TODAY, confusion_summary, county_directory,
                                              score_conversations, score_test_split)


@pytest.fixture(scope="module")
def recognizer():
    return Recognizer(county_directory(), TODAY)


def hears(recognizer, text, context=None):
    return recognizer.understand(text, context)


# ---- scores on the test split --------------------------------------------------------------------

def test_the_test_split_is_understood_above_its_floors(recognizer):
    score = score_test_split(recognizer)
    print(score.summary("test split"))
    print(confusion_summary(score))
    assert score.rows > 1000
    assert score.percent(score.intent) >= 95.0         # issue 13's goal; 96.0% today
    assert score.percent(score.entities) >= 95.0       # 96.3%
    assert score.percent(score.whole) >= 91.5          # 92.9%


def test_the_thirty_conversations_are_understood_above_their_floors(recognizer):
    score = score_conversations(recognizer)
    print(score.summary("conversations"))
    assert score.rows > 100
    assert score.percent(score.intent) >= 93.5         # 94.7% today
    # 99.1% with the DfE lists' schools added to the directory.
    assert score.percent(score.entities) >= 97.0


# ---- the issue's own examples --------------------------------------------------------------------

def test_a_governor_s_we_is_never_a_school_name(recognizer):
    heard = hears(recognizer, "I'm a governor at Court Moor, which partnership do we belong to?")
    assert heard.intent == "school_partnership"
    assert heard.values() == {"school": "Court Moor School", "self": "we"}


def test_my_partnership_resolves_to_the_speaker_s_own(recognizer):
    heard = hears(recognizer, "list the schools in my partnership please",
                  Context(speaker_partnership="Fareham"))
    assert heard.intent == "partnership_members"
    assert heard.values() == {"self": "my partnership"}
    assert heard.resolved["partnership"] == "Fareham"


def test_counting_partnerships_in_a_district_is_not_the_county_total(recognizer):
    heard = hears(recognizer, "how many partnerships does Test Valley have?")
    assert heard.intent == "partnerships_in"
    assert heard.values() == {"district": "Test Valley"}


def test_who_chairs_the_hart_partnership(recognizer):
    heard = hears(recognizer, "who's the chair of the Hart partnership?")
    assert heard.intent == "who_chairs"
    assert heard.values() == {"partnership": "Hart"}


def test_a_one_sentence_meeting_is_a_meeting_to_log_with_its_parts(recognizer):
    heard = hears(recognizer, "had our Fareham partnership meeting this morning - Sue and Raj came, "
                              "Helen sent apologies")
    assert heard.intent == "log_meeting"
    assert heard.values()["partnership"] == "Fareham"
    assert heard.values()["date"] == "2010-03-10"
    assert heard.values()["person"] == ["Sue", "Raj", "Helen"]


def test_oh_forget_it_at_a_prompt_is_cancel_not_the_attendees(recognizer):
    waiting = Context(last_intent="log_meeting", dialog="log_meeting", prompt="present")
    assert hears(recognizer, "oh forget it", waiting).intent == "cancel"
    assert hears(recognizer, "Sue Reid, Raj Mehta, PCSO Dan Cole", waiting).intent == "answer"


def test_yes_and_no_at_a_prompt_are_answers_and_no_leave_it_is_cancel(recognizer):
    waiting = Context(last_intent="add_deadline", dialog="add_deadline", prompt="confirm")
    assert hears(recognizer, "yes that's right", waiting).intent == "answer"
    assert hears(recognizer, "no, I meant the 8th of June", waiting).values() == {"date": "2010-06-08"}
    assert hears(recognizer, "no, leave it, I'll come back to it", waiting).intent == "cancel"


def test_a_correction_at_a_prompt_is_a_correction(recognizer):
    waiting = Context(last_intent="log_meeting", dialog="log_meeting", prompt="apologies")
    heard = hears(recognizer, "it was Gosport not Fareham", waiting)
    assert heard.intent == "correct_minutes"
    assert heard.values()["partnership"] == ["Gosport", "Fareham"]


def test_what_about_overton_repeats_the_last_question_for_a_place(recognizer):
    heard = hears(recognizer, "what about Overton?", Context(last_intent="school_partnership"))
    assert heard.intent == "follow_up"
    assert heard.follow_up == "place_partnership"
    assert heard.values() == {"place": "Overton"}


def test_who_else_is_in_it_asks_for_the_members_of_the_last_partnership(recognizer):
    heard = hears(recognizer, "who else is in it?",
                  Context(last_intent="school_partnership", last_entities={"partnership": "Havant West"}))
    assert heard.intent == "follow_up"
    assert heard.follow_up == "partnership_members"
    assert heard.resolved["partnership"] == "Havant West"


def test_is_that_definite_is_about_certainty(recognizer):
    assert hears(recognizer, "is that definite?").intent == "certainty"


def test_a_misspelt_school_is_still_found(recognizer):
    heard = hears(recognizer, "which partnership is Crookhron in?")
    assert heard.values() == {"school": "Crookhorn College"}


def test_a_bare_name_out_of_the_blue_offers_alternatives_rather_than_a_guess(recognizer):
    heard = hears(recognizer, "Gosport?")
    assert not heard.sure
    assert 2 <= len(heard.alternatives) <= 3
    assert heard.values() == {"partnership": "Gosport"}


def test_a_bare_name_after_a_question_asks_it_again(recognizer):
    heard = hears(recognizer, "Gosport?", Context(last_intent="who_chairs", last_entities={"partnership": "Fareham"}))
    assert (heard.intent, heard.follow_up) == ("follow_up", "who_chairs")


# ---- actions and dates -----------------------------------------------------------------------------

def test_two_actions_in_one_line_are_two_actions_with_owners_and_dates():
    actions = split_actions("Kate: draft the terms of reference by 15 December, Dave to share the police data",
                            TODAY)
    assert [(a.owner, a.text, a.due) for a in actions] == [
        ("Kate", "draft the terms of reference", date(2010, 12, 15)),
        ("Dave", "share the police data", None)]


def test_actions_split_on_and_before_a_new_owner():
    actions = split_actions("Karen to book the hall by 19 March and Tom to circulate the contacts", TODAY)
    assert [(a.owner, a.text, a.due) for a in actions] == [
        ("Karen", "book the hall", date(2010, 3, 19)), ("Tom", "circulate the contacts", None)]


@pytest.mark.parametrize("said, meant", [
    ("last Thursday", date(2010, 3, 4)),
    ("next Friday", date(2010, 3, 19)),
    ("by Friday", date(2010, 3, 12)),
    ("we met on Monday", date(2010, 3, 8)),
    ("31/07", date(2010, 7, 31)),
    ("by the end of July", date(2010, 7, 31)),
    ("push it to June", date(2010, 6, 1)),
    ("by July", date(2010, 7, 31)),
    ("before the end of term", date(2010, 4, 2)),
    ("yesterday", date(2010, 3, 9)),
    ("the date should be 8 March", date(2010, 3, 8)),
])
def test_dates_inside_a_sentence_are_read_the_british_way(said, meant):
    assert [f.day for f in find_dates(said, TODAY)] == [meant]


def test_a_sentence_passed_over_for_dates_has_none():
    # find_dates looks for a digit, a month's or a day's first letters first, and spares the rest
    # of the sentences its whole pattern: over every phrasing the bot is trained and tested on, and
    # the same with odd letters re.I takes for plain ones, nothing with a date is passed over.
    from knowledge.dates import _DATE_PATTERN, _may_hold_a_date
    from knowledge.understanding.corpus import load_conversations, load_rows
    sentences = [row.text for split in ("train", "test") for row in load_rows(split)]
    sentences += [turn.says for conversation in load_conversations() for turn in conversation.turns]
    sentences += ["on ſaturday", "by the \u212aelvin 3rd", "thurſday", "ıt was frıday"]
    passed_over = [s for s in sentences if not _may_hold_a_date(s)]
    assert len(passed_over) > len(sentences) // 3       # most sentences have no date
    assert [s for s in passed_over if list(_DATE_PATTERN.finditer(s))] == []
    assert find_dates("minutes of our meeting on ſaturday", TODAY)    # re.I's long s, read as before


def test_a_sentence_passed_over_for_spans_of_days_numbers_and_we_has_none(recognizer):
    # The finder looks for the words a span of days ("a couple of days") or "we" cannot be typed
    # without, and for a digit before numbers, URNs and postcodes, and spares the rest of the
    # sentences those patterns: over every phrasing, nothing they would find is passed over, and
    # the odd letters re.I takes for plain ones ('ſ' for 's') are still read.
    from knowledge.understanding.corpus import load_conversations, load_rows
    from knowledge.understanding.entities import (NUMBER, POSTCODE, SELF_HINTS, SELF_PATTERN, SPAN_HINTS,
                                                  SPAN_OF_DAYS, URN, _tokens, _Words)
    sentences = [row.text for split in ("train", "test") for row in load_rows(split)]
    sentences += [turn.says for conversation in load_conversations() for turn in conversation.turns]
    for text in sentences:
        words = _Words(text, _tokens(text))
        assert words.may_hold(SPAN_HINTS) or not SPAN_OF_DAYS.search(text), text
        assert words.may_hold(SELF_HINTS) or not SELF_PATTERN.search(text), text
        assert words.has_digit or not any(p.search(text) for p in (NUMBER, URN, POSTCODE)), text
    found = recognizer.finder.find("back in a couple of dayſ, so ſend it to uſ")
    assert [(e.kind, e.value) for e in found if e.kind in ("count", "self")] == [("count", 2), ("self", "uſ")]


def test_may_as_a_word_is_not_a_date():
    assert find_dates("may I ask which partnership Perins is in", TODAY) == []


def test_the_fast_scorer_gives_scikit_learn_s_own_scores(recognizer):
    import numpy as np
    for text in ("which LCP is SCHOOL in?", "oh forget it", "", "zzzz qqqq", "who chairs PARTNERSHIP"):
        fast = [score for _, score in sorted(recognizer.model.ranked(text), key=lambda p: recognizer.model.intents.index(p[0]))]
        assert np.allclose(fast, recognizer.model.sklearn_scores(text))


def test_a_school_by_its_urn_or_postcode(recognizer):
    directory = recognizer.directory
    school = next(s for s in directory.schools.values() if s.urn and s.postcode
                  and sum(o.postcode == s.postcode for o in directory.schools.values()) == 1)
    assert hears(recognizer, f"which partnership is urn {school.urn} in?").values() == {"school": school.name}
    assert hears(recognizer, f"which partnership is {school.postcode} in?").values() == {"school": school.name}


@pytest.mark.parametrize("said", ["", "   ", "???", "😀😀", "\x00\x01"])
def test_nothing_to_understand_is_said_so_without_a_guess(recognizer, said):
    heard = hears(recognizer, said)
    assert (heard.intent, heard.confidence, heard.entities) == ("", 0.0, {})


@pytest.mark.parametrize("said", ["12345678", "zzzz qqqq", "a" * 5000, "Ümlaut Schöol"])
def test_gibberish_is_never_a_confident_answer(recognizer, said):
    heard = hears(recognizer, said)
    assert not heard.sure and heard.alternatives


def test_core_partners_and_kinds_of_meeting_are_found(recognizer):
    heard = hears(recognizer, "did the police come to the last steering group meeting?")
    assert heard.values()["core_partner"] == "police"
    assert heard.values()["meeting_type"] == "steering_group"


def test_joint_owners_share_one_action_and_a_line_without_owners_is_one_action():
    actions = split_actions("Kate and Dave to draft the terms of reference by next Friday", TODAY)
    assert [(a.owner, a.text, a.due) for a in actions] == [
        ("Kate and Dave", "draft the terms of reference", date(2010, 3, 19))]
    actions = split_actions("circulate the contacts list and book the hall", TODAY)
    assert [(a.owner, a.text, a.due) for a in actions] == [("", "circulate the contacts list and book the hall", None)]


@pytest.mark.parametrize("said, intent, entities", [
    ("Clanfield is in East Hants, so we're with Petersfield, right?", "check_premise",
     {"place": ["Clanfield", "Petersfield"], "district": "East Hampshire", "self": "we"}),
    ("Perins belongs in Alton, not Winchester", "move_school",
     {"school": "Perins School", "partnership": ["Alton", "Winchester"]}),
    ("are Robert May's and Calthorpe Park in the same partnership?", "same_partnership",
     {"school": ["Robert May's School", "Calthorpe Park School"]}),
    ("the terms of reference action is finished", "action_done", {}),
    ("what's due next?", "whats_due_next", {}),
    ("can you book the hall", "out_of_scope", {}),
    ("which partnership are we in", "school_partnership", {"self": "we"}),
])
def test_the_issue_s_examples(recognizer, said, intent, entities):
    heard = hears(recognizer, said)
    assert (heard.intent, heard.values()) == (intent, entities)


def test_tell_me_about_a_name_asks_about_it_a_place_before_its_partnership(recognizer):
    heard = hears(recognizer, "tell me about Alton")
    assert (heard.intent, heard.values()) == ("place_partnership", {"place": "Alton"})
    heard = hears(recognizer, "tell me about the Alton partnership")
    assert (heard.intent, heard.values()) == ("partnership_members", {"partnership": "Alton"})
    assert hears(recognizer, "what do you know about Perins?").intent == "school_partnership"


def test_how_do_i_about_a_command_is_help_not_the_command(recognizer):
    assert hears(recognizer, "how do I stop the nudges?").intent == "help"
    assert hears(recognizer, "hi, how can we give someone a role").intent == "help"
    assert hears(recognizer, "stop the nudges").intent == "stop_nudges"


def test_a_sentence_asked_again_is_ranked_as_the_first_time_and_the_kept_rankings_are_bounded(recognizer, monkeypatch):
    # Rankings of masked sentences are kept (issue 16): the same sentence about another school
    # gives the same ranking without scoring it again, and no more than RANKINGS_KEPT are kept.
    import knowledge.understanding.model as model_module

    model = recognizer.model
    first = recognizer.understand("which partnership is Perins School in?")
    scored = []
    real_scores = model._fast.scores
    monkeypatch.setattr(model._fast, "scores", lambda text: scored.append(text) or real_scores(text))
    again = recognizer.understand("which partnership is Crookhorn College in?")
    assert scored == [] and (again.intent, again.confidence) == (first.intent, first.confidence)
    monkeypatch.setattr(model_module, "RANKINGS_KEPT", 3)
    for n in range(5):
        model.ranked(f"what is happening on day {n} in SCHOOL")
    assert len(model._rankings) == 3
    ranked = model.ranked("which partnership is SCHOOL in?")
    assert ranked == sorted(ranked, key=lambda pair: -pair[1]) and scored     # scored anew: it was let go
