"""Small pieces of wording shared by the business-cycle answers. Plain Python."""

from .text import names_list


def and_list(names: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B and C'; with semicolons when a name has its own commas
    ('Alton; Bordon, Liphook and Petersfield; and Hart')."""
    return names_list(names)
