"""Settings from the environment, in the shape of the BotBuilder samples' DefaultConfig."""

import os
from dataclasses import dataclass, field


@dataclass
class DefaultConfig:
    """Bot configuration. Every field can be set from an environment variable of the same name."""

    PORT: int = 3978
    # Where to listen. Unset: 0.0.0.0 (every address) with a MicrosoftAppId, else 127.0.0.1 (this
    # machine only), since with no app id requests are not authenticated.
    HOST: str = "127.0.0.1"
    APP_ID: str = ""
    APP_PASSWORD: str = ""
    APP_TYPE: str = "MultiTenant"
    APP_TENANTID: str = ""
    BOT_DB: str = "data/bot.json"
    # "today" for demos and tests of the 2010 timetable, e.g. 2010-07-20; empty means the real date.
    BOT_TODAY: str = ""
    BOT_ADMINS: list = field(default_factory=list)
    # Messages a minute one person may send to /api/messages before getting 429; 0 turns it off.
    BOT_RATE_LIMIT: int = 120
    # Seconds between scans for deadline nudges to send (bot/nudges.py); 0 turns the scheduler off.
    NUDGE_EVERY_SECONDS: int = 300
    # Where the bot may post replies and nudges (an activity's serviceUrl), as URL prefixes, e.g.
    # https://smba.trafficmanager.net/. Empty: with no app id, this machine only (loopback); with an
    # app id, wherever the channel's signed token says (bot/service_urls.py).
    BOT_SERVICE_URLS: list = field(default_factory=list)
    # The bot's own public https address (e.g. https://bot.example.org), so Teams can fetch the maps
    # it serves at /maps/<name>.png; empty: maps are described in text.
    BOT_PUBLIC_URL: str = ""
    # Where the state and records are kept: "tinydb" (files beside BOT_DB, one process) or "azure"
    # (Azure Storage, any number of instances: storage/azure/settings.py).
    BOT_STORAGE: str = "tinydb"
    AZURE_STORAGE_CONNECTION_STRING: str = ""
    AZURE_STORAGE_ACCOUNT: str = ""
    AZURE_STATE_CONTAINER: str = "bot-state"
    AZURE_TABLE_PREFIX: str = "bot"

    @classmethod
    def from_environment(cls) -> "DefaultConfig":
        env = os.environ
        app_id = env.get("MicrosoftAppId", "")
        return cls(
            PORT=int(env.get("PORT", "3978")),
            HOST=env.get("HOST", "").strip() or ("0.0.0.0" if app_id else "127.0.0.1"),
            APP_ID=app_id,
            APP_PASSWORD=env.get("MicrosoftAppPassword", ""),
            APP_TYPE=env.get("MicrosoftAppType", "MultiTenant"),
            APP_TENANTID=env.get("MicrosoftAppTenantId", ""),
            BOT_DB=env.get("BOT_DB", "data/bot.json"),
            BOT_TODAY=env.get("BOT_TODAY", ""),
            BOT_ADMINS=_list(env.get("BOT_ADMINS", "")),
            BOT_RATE_LIMIT=int(env.get("BOT_RATE_LIMIT", "120")),
            NUDGE_EVERY_SECONDS=int(env.get("NUDGE_EVERY_SECONDS", "300")),
            BOT_SERVICE_URLS=_list(env.get("BOT_SERVICE_URLS", "")),
            BOT_PUBLIC_URL=env.get("BOT_PUBLIC_URL", "").strip().rstrip("/"),
            BOT_STORAGE=env.get("BOT_STORAGE", "").strip().lower() or "tinydb",
            AZURE_STORAGE_CONNECTION_STRING=env.get("AZURE_STORAGE_CONNECTION_STRING", "").strip(),
            AZURE_STORAGE_ACCOUNT=env.get("AZURE_STORAGE_ACCOUNT", "").strip(),
            AZURE_STATE_CONTAINER=env.get("AZURE_STATE_CONTAINER", "").strip() or "bot-state",
            AZURE_TABLE_PREFIX=env.get("AZURE_TABLE_PREFIX", "").strip() or "bot",
        )


def _list(text: str) -> list:
    """A comma-separated setting as a list, blanks dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]
