"""How botbuilder tells whether a turn changed its state, made cheap.

botbuilder 4.17.1's BotState keeps each state it loads in a CachedBotState, whose `compute_hash`
is `str(jsonpickle.Pickler().flatten(state))`: a pure-Python walk of the whole state, once when
it is loaded and again at save_changes to see whether anything changed. With a dialog in flight
(a chair's draft minutes) that is two walks of the draft on every turn, more CPU than the rest of
the turn. The standard library's pickle, written in C, tells the same thing (the same state gives
the same bytes; any change to what jsonpickle would see changes them) in a fraction of the time.
A state pickle cannot take is hashed the old way. At worst a state is thought changed when it is
not (a dict's keys in another order), which costs one write and loses nothing.
"""

import pickle

from botbuilder.core.bot_state import CachedBotState
from jsonpickle.pickler import Pickler


def state_hash(state) -> bytes | str:
    try:
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # anything pickle refuses (a lambda, a lock): jsonpickle, as botbuilder does
        return str(Pickler().flatten(state))


def use_fast_state_hash() -> None:
    """Make every CachedBotState hash with `state_hash` (idempotent)."""
    CachedBotState.compute_hash = lambda self, obj: state_hash(obj)
