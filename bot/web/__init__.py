"""The bot's edges: HTTP (endpoint, adapter, limits, middlewares), the terminal console, the nudge
scheduler and the command line. Everything here is about how messages arrive and leave; what the
bot says is decided in bot/ and dialogs/, what it knows in knowledge/."""
