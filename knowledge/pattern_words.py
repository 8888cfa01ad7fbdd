"""The words a regular expression cannot match without, so a text lacking them is never searched.

Every message is tried against the phrasing table's 140 or so expressions in order until one
matches (pattern_matching.py), and most are tried in vain: "which partnership covers Horndean?"
is searched by every deadline, minutes and role expression first. Most of them contain words any
match must include ("deadline", " minutes", "remind"). Looking for such a word with `in` costs a
few tens of nanoseconds against a microsecond for a search, so an expression whose words are not
all in the text is skipped: the answer is the same, since such a text cannot match it. (The
table finds which expressions a text has words for in one pass, with an Aho-Corasick automaton:
pattern_matching.py.)

`needs(compiled)` reads the expression's parse (Python's own, `re._parser`) and returns groups of
text, each group a tuple of which at least one must be in any matching text: a run of 3 or more
literal characters that every match passes through, or, for an alternation every branch of which
has such a run, one run per branch. Parts that may be skipped (`?`, `*`, `{0,n}`), character
classes, look-arounds and anything matched case-insensitively require nothing, so the answer is
never "skip" for a text the expression could match; at worst a group is left out and the
expression is searched as before.
"""

import re
from re import _constants as sre
from re import _parser as sre_parse

SHORTEST = 3        # a shorter run ("a ", "of") is in nearly every text: not worth the look


def needs(compiled: re.Pattern) -> tuple[tuple[str, ...], ...]:
    """Groups of text; a text that lacks every member of some group cannot match `compiled`."""
    if compiled.flags & re.IGNORECASE:
        return ()
    return tuple(_sequence(sre_parse.parse(compiled.pattern, compiled.flags)))


def has_all(text: str, groups) -> bool:
    """Does `text` hold at least one member of each group?"""
    for group in groups:
        for words in group:
            if words in text:
                break
        else:
            return False
    return True


def _sequence(items) -> list[tuple[str, ...]]:
    groups, run = [], []

    def end_run():
        if len(run) >= SHORTEST:
            groups.append(("".join(run),))
        run.clear()

    for op, value in items:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        end_run()
        if op is sre.SUBPATTERN:
            _group, added_flags, _removed_flags, inner = value
            if not added_flags & re.IGNORECASE:
                groups += _sequence(inner)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            least, _most, inner = value
            if least >= 1:
                groups += _sequence(inner)
        elif op is sre.BRANCH:
            _unused, branches = value
            one_of = []
            for branch in branches:
                longest = max((group[0] for group in _sequence(branch) if len(group) == 1), key=len, default=None)
                if longest is None:
                    one_of = []
                    break
                one_of.append(longest)
            if one_of:
                groups.append(tuple(one_of))
        # Anything else (a class, any character, an anchor, a look-around, a back-reference)
        # matches no fixed text: it only ends the run.
    end_run()
    return groups
