"""Knows things: the partnership directory, the school list and the seed documents' facts.

Plain Python with no botbuilder in it, so it can be used from a shell:

    >>> from knowledge import load_directory
    >>> directory = load_directory()
    >>> directory.find_school("Perins").best.partnership_id
    'winchester'
"""

from .directory import Directory, load_directory

__all__ = ["Directory", "load_directory"]
