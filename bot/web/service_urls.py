"""Where the bot may post: the serviceUrl an activity brings, and a subscription keeps.

The bot POSTs every reply to the activity's serviceUrl, and every nudge to the serviceUrl stored
with the subscription, so whoever chooses that address chooses where the bot's messages (and,
with an app id, its access token) go.

- With a MicrosoftAppId, the channel vouches for it: botbuilder 4.17.1 refuses a channel token
  whose `serviceurl` claim is not the activity's serviceUrl (PermissionError, our 401), but only
  when the activity has a serviceUrl at all, so an activity without one is refused here.
- With no app id nobody vouches for anything, so the bot posts only to this machine (loopback:
  127.0.0.0/8, ::1, localhost), as the console and the Agents Playground use.
- BOT_SERVICE_URLS (comma-separated URL prefixes) allows more with no app id, and with an app id
  narrows the allowed addresses to those prefixes.

The nudge scheduler asks the same question before each send: a subscription stored when the rules
were looser is skipped, never posted to.
"""

import ipaddress
from urllib.parse import urlsplit

LOCALHOST = {"localhost", "localhost.localdomain"}


def refusal(url, config, vouched: bool = False) -> str | None:
    """None if the bot may post to `url`; otherwise why not, in a sentence.
    `vouched`: the channel's signed token named this very URL (a request authenticated just now)."""
    if not isinstance(url, str) or not url.strip():
        return "the activity has no serviceUrl"
    parts = _split(url)
    if parts is None:
        return "the serviceUrl is not an http or https address"
    if config.BOT_SERVICE_URLS:
        if any(_under(parts, prefix) for prefix in config.BOT_SERVICE_URLS):
            return None
        if config.APP_ID or not is_loopback(parts.hostname):
            return "the serviceUrl is not one this bot may post to (BOT_SERVICE_URLS)"
        return None
    if not config.APP_ID:
        if is_loopback(parts.hostname):
            return None
        return ("with no MicrosoftAppId the bot posts only to this machine; "
                "set BOT_SERVICE_URLS to allow this serviceUrl")
    if vouched:
        return None
    # With an app id, for an address no token vouches for now (a stored subscription): the Bot
    # Framework's channels are always https on public names, never this machine or a private network.
    if parts.scheme != "https" or is_loopback(parts.hostname) or _private_address(parts.hostname):
        return "the serviceUrl is not a Bot Framework channel's address"
    return None


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower().rstrip(".") in LOCALHOST:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _private_address(host: str | None) -> bool:
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return False
    return not address.is_global


def _split(url: str):
    try:
        parts = urlsplit(url.strip())
        parts.port     # raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts


def _under(parts, prefix: str) -> bool:
    """`parts` is at or below the URL prefix: same scheme, host and port, and the path within it
    (so https://smba.example.evil.com is not under https://smba.example)."""
    allowed = _split(prefix)
    if allowed is None:
        return False
    if (parts.scheme, parts.hostname, parts.port) != (allowed.scheme, allowed.hostname, allowed.port):
        return False
    base = allowed.path.rstrip("/")
    return parts.path == base or parts.path.startswith(base + "/") or not base
