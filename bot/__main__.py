"""python -m bot: see bot/web/command_line.py."""

import os
import sys

from bot.web.command_line import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The output's reader went away (`python -m bot directory report | head`): not an error of ours.
    # Point stdout at nothing so Python's own flush at exit does not complain a second time.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
