"""A phrasing expression is skipped only for a text it could not match (knowledge/pattern_words.py).

Every phrasing of the corpus, and the same with its words shuffled about, is read with the skip and
by searching every expression in order, as before: the same intent and slots each time.
"""

import random
import re

from knowledge import pattern_matching
from knowledge.pattern_matching import _COMPILED, Understood, _clean_slot, tidy, understand
from knowledge.pattern_words import has_all, needs
from knowledge.understanding.corpus import load_rows


def understood_by_searching_every_expression(text: str) -> Understood:
    tidied = tidy(text)
    for intent, patterns in _COMPILED:
        for pattern, whole, _words in patterns:
            match = pattern.search(tidied)
            if match:
                return Understood(intent, {k: _clean_slot(v) for k, v in match.groupdict().items() if v}, whole=whole)
    return Understood(None, {"name": tidied} if tidied else {})


def texts() -> list[str]:
    phrasings = [row.text for split in ("train", "test") for row in load_rows(split)]
    shuffled = random.Random(16)
    mixed = []
    for text in phrasings[:2000]:
        words = text.split()
        shuffled.shuffle(words)
        mixed.append(" ".join(words))
    return phrasings + mixed


def test_every_phrasing_is_understood_as_when_every_expression_was_searched():
    every = texts()
    assert len(every) > 2000
    for text in every:
        assert understand(text) == understood_by_searching_every_expression(text), text


def test_the_words_found_are_those_every_match_has():
    words = needs(re.compile(r"^(please )?(move|change|push back) (the )?(?P<which>.+?) deadline (to|until) (?P<when>.+)$"))
    assert words == (("move", "change", "push back"), (" deadline ",))      # "to" is too short to look for
    assert has_all("move the plan deadline to june", words)
    assert not has_all("move the plan to june", words)


def test_optional_parts_classes_and_any_case_require_nothing():
    assert needs(re.compile(r"^(please )?(show )?[a-z]+$")) == ()
    assert needs(re.compile(r"(?i)deadline")) == ()
    assert needs(re.compile(r"(?i:deadline) due")) == ((" due",),)
    assert needs(re.compile(r"(hi|hello)")) == ()          # "hi" is too short to look for: no group at all


def test_most_expressions_have_words_to_look_for():
    with_words = [words for _intent, patterns in pattern_matching._COMPILED for _p, _w, words in patterns if words]
    assert len(with_words) >= 100
