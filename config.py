"""Settings from the environment, in the shape of the BotBuilder samples' DefaultConfig."""

import os
from dataclasses import dataclass, field


@dataclass
class DefaultConfig:
    """Bot configuration. Every field can be set from an environment variable of the same name."""

    PORT: int = 3978
    HOST: str = "0.0.0.0"      # 127.0.0.1 to listen only on this machine
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

    @classmethod
    def from_environment(cls) -> "DefaultConfig":
        env = os.environ
        return cls(
            PORT=int(env.get("PORT", "3978")),
            HOST=env.get("HOST", "0.0.0.0"),
            APP_ID=env.get("MicrosoftAppId", ""),
            APP_PASSWORD=env.get("MicrosoftAppPassword", ""),
            APP_TYPE=env.get("MicrosoftAppType", "MultiTenant"),
            APP_TENANTID=env.get("MicrosoftAppTenantId", ""),
            BOT_DB=env.get("BOT_DB", "data/bot.json"),
            BOT_TODAY=env.get("BOT_TODAY", ""),
            BOT_ADMINS=[a.strip() for a in env.get("BOT_ADMINS", "").split(",") if a.strip()],
            BOT_RATE_LIMIT=int(env.get("BOT_RATE_LIMIT", "120")),
            NUDGE_EVERY_SECONDS=int(env.get("NUDGE_EVERY_SECONDS", "300")),
        )
