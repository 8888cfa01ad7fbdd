"""The bot's one command line.

    python -m bot serve [--today 2010-07-20]        the HTTP server for Teams (as python app.py)
    python -m bot console [--today 2010-07-20]      chat in this terminal with the same bot and database
    python -m bot nudges --dry-run | --ledger       what nudges would go now, or have gone
    python -m bot directory import|export|report|import-list|import-gias ...
                                                    the school directory and coordinators' moves
"""

import sys

USAGE = __doc__.strip()


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command, rest = (args[0], args[1:]) if args else ("", [])
    if command == "serve":
        import app    # the samples' entry point builds and runs the server
        return app.main(rest)
    if command == "console":
        import app
        return app.main(["--console", *rest])
    # Each command imports only what it needs: `directory` is plain knowledge and storage, and starts
    # in a fraction of the time the whole bot (botbuilder, the recognizer) takes to import.
    if command == "nudges":
        from . import nudge_command
        return nudge_command.main(rest)
    if command == "directory":
        from . import directory_command
        return directory_command.main(rest)
    print(USAGE, file=sys.stderr if command not in ("-h", "--help", "help") else sys.stdout)
    return 0 if command in ("-h", "--help", "help") else 2
