"""Small pieces of wording shared by the business-cycle answers. Plain Python."""


def and_list(names: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B and C'; with semicolons when a name has its own commas
    ('Alton; Bordon, Liphook and Petersfield; and Hart')."""
    names = list(names)
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if any("," in n or " and " in n for n in names):
        return "; ".join(names[:-1]) + "; and " + names[-1]
    return ", ".join(names[:-1]) + " and " + names[-1]
