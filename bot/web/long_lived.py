"""What the bot keeps for its whole life, set aside from the garbage collector once it is built.

Python's cyclic garbage collector now and then walks every object the process holds (a full
collection). Once the directory is loaded and the recognizer trained, that is about 240,000
objects, and a walk took 160-180 ms on this machine, during which no conversation's turn moved
(issue 16: it showed in the bench's p99, the echo bot's as much as ours, as they share the
process). `gc.freeze()`, Python's own advice for servers, moves everything alive at start-up into a
generation the collector never walks; what turns make afterwards is collected as before.
"""

import gc

from bot.meaning import recognizer_for


async def settle(services) -> None:
    """At start-up: train the recognizer now (not on the first message), then freeze what is alive."""
    recognizer_for(services.directory, services.clock.today())
    gc.collect()
    gc.freeze()
