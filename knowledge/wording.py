"""Small pieces of wording shared by the answers, the handlers and the dialogs, written once.
Plain Python."""

from .text import names_list


def and_list(names: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B and C'; with semicolons when a name has its own commas
    ('Alton; Bordon, Liphook and Petersfield; and Hart')."""
    return names_list(names)


def unknown_partnership(name: str, then: str = "") -> str:
    """`I don't know a partnership called 'Atlantis'.` and, if given, what to say instead."""
    return f"I don't know a partnership called '{name}'." + (f" {then}" if then else "")


def unknown_scope(name: str, then: str = "") -> str:
    """`I don't know a partnership, district or area called 'Atlantis'.` and what to say instead."""
    return f"I don't know a partnership, district or area called '{name}'." + (f" {then}" if then else "")


def for_example(example: str) -> str:
    """`Try, for example, 'minutes for Gosport'.`"""
    return f"Try, for example, '{example}'."


def partnership_names(directory) -> str:
    """`The partnerships are: Alton, Bordon, ...`"""
    return "The partnerships are: " + names_list([p.name for p in directory.partnerships.values()], last=None) + "."
