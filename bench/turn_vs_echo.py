"""1. Turn cost against the floor.

The same directory questions go to the bot and to the echo bot (bench/servers.py: the samples'
echo bot, with a turn counter in ConversationState on the same storage, the same CloudAdapter and
/api/messages handler), alternately (bot, echo, echo, bot, ...) so both see the same machine state.
Replies go the real way: the bot posts them to a stand-in Bot Connector in the bench process, and
answers the POST once they are posted. One aiohttp ClientSession in the bench process; both servers
in one child process, whose CPU time per turn is reported too.
"""

from .client import StandInConnector, client_session, message, turn
from .servers import cpu_seconds
from .stats import summary_ms

QUESTIONS = [
    "which partnership is Perins School in?",
    "which partnership covers Horndean?",
    "what partnership does Crookhorn belong to?",
    "who else is in Havant West?",
    "which partnership is the Romsey School in?",
    "how many partnerships will there be?",
]
TARGET_RATIO = 1.3


async def measure(urls, rounds: int = 300, warmup: int = 20) -> dict:
    bot_times, echo_times = [], []
    cpu = {urls.bot: 0.0, urls.echo: 0.0}
    connector = await StandInConnector().start()
    try:
        async with client_session() as session:
            for i in range(warmup + rounds):
                question = QUESTIONS[i % len(QUESTIONS)]
                order = [(urls.bot, bot_times), (urls.echo, echo_times)]
                if i % 2:
                    order.reverse()
                for url, times in order:
                    before = cpu_seconds(urls.pid)
                    elapsed, replies = await turn(session, url, message(question, "bench-floor", connector=connector),
                                                  connector)
                    if not replies or not replies[0]:
                        raise AssertionError(f"no reply from {url} to {question!r}")
                    if i >= warmup:
                        times.append(elapsed)
                        cpu[url] += cpu_seconds(urls.pid) - before
        connections = len(connector.connections)
    finally:
        await connector.stop()
    bot, echo = summary_ms(bot_times), summary_ms(echo_times)
    ratio = bot["p50_ms"] / echo["p50_ms"]
    return {
        "client": "one aiohttp.ClientSession in the bench process; servers in a separate process; "
                  "replies posted to a stand-in Bot Connector",
        "rounds": rounds,
        "bot": bot,
        "echo": echo,
        "bot_cpu_ms_per_turn": round(cpu[urls.bot] / rounds * 1000, 2),
        "echo_cpu_ms_per_turn": round(cpu[urls.echo] / rounds * 1000, 2),
        "connections_for_replies": connections,
        "replies": 2 * (warmup + rounds),
        "turn_vs_echo_p50_ratio": round(ratio, 3),
        "turn_vs_echo_p99_ratio": round(bot["p99_ms"] / echo["p99_ms"], 3),
        "target_p50_ratio": TARGET_RATIO,
        "met": ratio <= TARGET_RATIO,
    }
