"""What the bot keeps for its whole life, set aside from the garbage collector once it is built.

Python's cyclic garbage collector now and then walks every object the process holds (a full
collection). Once the directory is loaded and the recognizer trained, that is about 240,000
objects, and a walk took 160-180 ms on this machine, during which no conversation's turn moved
(issue 16: it showed in the bench's p99, the echo bot's as much as ours, as they share the
process). `gc.freeze()`, Python's own advice for servers, moves everything alive at start-up into a
generation the collector never walks; what turns make afterwards is collected as before.

Then the youngest generation is collected after 10,000 new objects rather than Python's default
700, and the older ones a little less often: a turn makes enough objects for a young collection
every third turn or so (1,162 young and 105 middle collections in 3,060 directory turns), each one
walking whatever the turns in flight still hold. With these thresholds, 82 and 3; the directory
turn against the echo floor, alternated run by run, 1.274-1.289 -> 1.248-1.255 (issue 16). What a
turn leaves behind that only the collector can free (cycles) waits a little longer, a few MB at most.
"""

import gc

from bot.meaning import recognizer_for

COLLECT_AFTER = (10_000, 20, 20)     # new objects before a young collection; young, then middle ones before the next


async def settle(services) -> None:
    """At start-up: train the recognizer now (not on the first message), then freeze what is alive."""
    recognizer_for(services.directory, services.clock.today())
    gc.collect()
    gc.freeze()
    gc.set_threshold(*COLLECT_AFTER)
