"""Per-person rate limiting for /api/messages: a token bucket for each user.

Someone typing in Teams sends a message every few seconds at most; a burst well above that is a
script or a stuck client, and letting it through would slow the bot for everyone. Each person may
send `burst` messages at once, refilled at `per_minute` a minute. Over that, /api/messages answers
429 with a friendly JSON error and a Retry-After header. Measured on a steady clock
(time.monotonic), not the bot's Clock: this is about seconds between requests, not dates.
"""

import time

MAX_TRACKED = 10_000      # forget idle people beyond this, so made-up ids cannot grow memory


class RateLimiter:
    def __init__(self, per_minute: int, burst: int | None = None, now=time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst is not None else max(1, per_minute // 2))
        self.now = now
        self._buckets: dict[str, tuple[float, float]] = {}     # key -> (tokens, when)

    def allow(self, key: str) -> float | None:
        """None if `key` may go ahead now (and it is counted); otherwise seconds to wait."""
        now = self.now()
        tokens, when = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - when) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > MAX_TRACKED:
            self._forget_idle(now)
        return None

    def _forget_idle(self, now: float) -> None:
        full_after = self.burst / self.rate
        for key, (_, when) in list(self._buckets.items()):
            if now - when >= full_after:
                del self._buckets[key]
