"""The recognizer of issue 13: entities first, then the intent from a model trained on the
phrasings corpus, then context. Plain Python: no botbuilder, no storage."""

from .actions import SplitAction, split_actions
from .entities import Entity, EntityFinder
from .recognizer import THRESHOLD, Context, Recognizer, Understanding, mask

__all__ = ["Context", "Entity", "EntityFinder", "Recognizer", "SplitAction", "THRESHOLD",
           "Understanding", "mask", "split_actions"]
