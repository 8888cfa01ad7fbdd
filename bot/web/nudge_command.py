"""Look at deadline nudges from the command line, without sending any.

    python -m bot nudges --dry-run --today 2010-07-20      what would be sent now, to whom
    python -m bot nudges --ledger                           what has been sent, failed or is uncertain
"""

import argparse
import asyncio
import sys
from datetime import datetime

from config import DefaultConfig
from knowledge.clock import LONDON, Clock
from knowledge.nudge_rules import due_nudges, in_working_hours
from knowledge.term_dates import load_terms
from knowledge.use_cases.nudges import read_situation
from storage.database import open_database
from storage.faults import StoreProblem

from .building import azure_settings, create_services, start_services, stop_services


def _who(subscription: dict | None, recipient: str) -> str:
    if subscription is None:
        return recipient
    where = {"personal": "personal chat", "channel": "channel", "groupChat": "group chat"}.get(
        subscription.get("conversation_type") or "", "chat")
    return f"{subscription.get('user_name') or subscription.get('user_id')} ({where} {recipient})"


async def dry_run(services, out=sys.stdout) -> int:
    """Print what a scan would send now, to whom. Sends nothing and records nothing (a new database
    gets the seed timetable, as it would when the bot starts)."""
    situation = await read_situation(services.records, services.directory, services.clock.now(), load_terms())
    now = situation.now.astimezone(LONDON)
    due = due_nudges(situation)
    subscriptions = {s["id"]: s for s in situation.subscriptions}
    print(f"Nudges due at {now:%A} {now.day} {now:%B %Y %H:%M} (London), "
          f"{len(situation.subscriptions)} subscription(s):", file=out)
    if not due:
        print("  none" + ("" if in_working_hours(now) else " (outside working hours: weekdays 09:00-17:00)"), file=out)
    for nudge in due:
        print(f"- to {_who(subscriptions.get(nudge.subscription_id), nudge.recipient)} [{nudge.stage}]"
              f"{' (retry)' if nudge.retry else ''}:\n    {nudge.text}", file=out)
    return 0


async def show_ledger(services, out=sys.stdout) -> int:
    rows = sorted(await services.records.ledger.entries(), key=lambda r: r.created_at)
    if not rows:
        print("No nudges recorded yet.", file=out)
    for row in rows:
        extra = f" - {row['errors'][-1]['error']}" if row.get("errors") else ""
        print(f"{row['created_at']} {row['state']:<10} {row['recipient']} [{row['stage']}] {row['item']}{extra}",
              file=out)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot nudges", description="Deadline nudges")
    parser.add_argument("--dry-run", action="store_true", help="list what would be sent now, to whom (sends nothing)")
    parser.add_argument("--ledger", action="store_true", help="list every nudge recorded: sent, failed, uncertain")
    parser.add_argument("--today", help="pretend today is this date (YYYY-MM-DD), e.g. 2010-07-20")
    parser.add_argument("--at", help="the time of day for --today, HH:MM London time (default 10:00)")
    args = parser.parse_args(argv)
    config = DefaultConfig.from_environment()
    today = args.today or config.BOT_TODAY or None
    try:
        clock = Clock(today)
        if today and args.at:
            hour, minute = (int(p) for p in args.at.split(":"))
            clock.set(datetime.combine(clock.today(), datetime.min.time().replace(hour=hour, minute=minute),
                                       LONDON))
        if azure_settings(config) is not None:
            database = None     # BOT_STORAGE=azure: the storage account, shared with the running bots
        else:
            database = open_database(config.BOT_DB, sole_writer=True)   # a new store gets the timetable
    except ValueError:
        print("Dates are YYYY-MM-DD (e.g. 2010-07-20) and times HH:MM (e.g. 09:30).", file=sys.stderr)
        return 2
    except StoreProblem as error:
        print(f"Cannot open the database: {error}", file=sys.stderr)
        return 1
    services = create_services(config, database, clock)
    if not (args.ledger or args.dry_run):
        parser.print_help()
        return 0

    async def run() -> int:
        await start_services(services)      # Azure Storage's start-up reads; nothing with TinyDB
        try:
            return await (show_ledger(services) if args.ledger else dry_run(services))
        finally:
            await stop_services(services)

    try:
        return asyncio.run(run())
    except StoreProblem as error:     # Azure Storage not reachable
        print(f"Cannot open the database: {error}", file=sys.stderr)
        return 1
