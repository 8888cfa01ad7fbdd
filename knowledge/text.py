"""Making names comparable: case, punctuation, 'St'/'Saint', 'C of E' and friends."""

import re
import unicodedata
from functools import lru_cache

_REPLACEMENTS = [(re.compile(pattern), replacement) for pattern, replacement in [
    (r"\bchurch of england\b", "ce"),
    (r"\bc of e\b", "ce"),
    (r"\bc\.?\s?e\.?\b", "ce"),
    (r"\bsaint\b", "st"),
    (r"\bst\.", "st"),
    (r"\broman catholic\b", "catholic"),
    (r"\brc\b", "catholic"),
    (r"&", " and "),
]]

# Words so common in school names that they say nothing about which school is meant.
GENERIC_WORDS = {
    "school", "the", "community", "academy", "infant", "infants", "junior", "primary",
    "secondary", "of", "and", "college", "sixth", "form", "technology", "ce", "catholic",
    "voluntary", "aided", "controlled", "foundation", "trust", "va", "vc", "church",
}


# Names are simplified on every lookup, and the same few hundred names come up again and again.
@lru_cache(maxsize=8192)
def simplify(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces, common variants made one."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("‘", "'")
    for pattern, replacement in _REPLACEMENTS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"'s\b", "s", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=8192)
def distinctive(text: str) -> str:
    """The words of a name that tell it apart: 'The Romsey School' -> 'romsey'."""
    words = [w for w in simplify(text).split() if w not in GENERIC_WORDS]
    return " ".join(words)


def simplify_postcode(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


POSTCODE = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})\b")


def names_list(names, last: str | None = "and") -> str:
    """Names joined so each stays readable: 'Alton, Hart and Rushmoor'; with semicolons when a name
    has a comma or an 'and' of its own ('Alton; Bordon, Liphook and Petersfield; and Hart').
    `last` is the word before the last name ('and', 'or'), or None for none ('Alton, Hart, Rushmoor')."""
    names = [str(n) for n in names]
    if len(names) < 2:
        return names[0] if names else ""
    separator = "; " if any("," in n or " and " in n for n in names) else ", "
    if last is None:
        return separator.join(names)
    return separator.join(names[:-1]) + (f"; {last} " if separator == "; " else f" {last} ") + names[-1]
