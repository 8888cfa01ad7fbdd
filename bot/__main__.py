"""python -m bot: see bot/web/command_line.py."""

import sys

from bot.web.command_line import main

sys.exit(main())
