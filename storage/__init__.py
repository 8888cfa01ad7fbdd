"""Keeps things: the bot's TinyDB database, its conversation state and its records.

`database` and the record modules are plain Python; only `bot_state_storage` knows botbuilder.
"""
