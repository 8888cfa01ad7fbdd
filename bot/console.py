"""Chat with the bot in a terminal: same bot, same database, no Teams needed.

    python app.py --console        (or: python -m bot.console)
"""

import asyncio
import getpass
import sys
from datetime import datetime, timezone

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (Activity, ActivityTypes, ChannelAccount, ConversationAccount,
                               ConversationReference, ResourceResponse)


class ConsoleAdapter(BotAdapter):
    """Turns terminal lines into message activities and prints the bot's replies."""

    def __init__(self, out=sys.stdout):
        super().__init__()
        self.out = out
        self.user = ChannelAccount(id=f"console-{getpass.getuser()}", name=getpass.getuser())
        self.conversation = ConversationAccount(id="console", conversation_type="personal")
        self.bot = ChannelAccount(id="bot", name="Partnerships bot")

    async def send_activities(self, context, activities):
        for activity in activities:
            if activity.type == ActivityTypes.message:
                if activity.text:
                    print(f"bot> {activity.text}", file=self.out)
                for attachment in activity.attachments or []:
                    if attachment.content_type != "application/vnd.microsoft.card.adaptive":
                        print(f"bot> [attachment {attachment.name or attachment.content_type}]", file=self.out)
                actions = activity.suggested_actions.actions if activity.suggested_actions else []
                if actions:
                    print("     try: " + " | ".join(a.title for a in actions), file=self.out)
        return [ResourceResponse(id=str(i)) for i, _ in enumerate(activities)]

    async def update_activity(self, context, activity):
        raise NotImplementedError("the console cannot edit a message")

    async def delete_activity(self, context, reference: ConversationReference):
        raise NotImplementedError("the console cannot delete a message")

    async def say(self, text: str, logic) -> None:
        activity = Activity(
            type=ActivityTypes.message, text=text, channel_id="console", service_url="console",
            from_property=self.user, recipient=self.bot, conversation=self.conversation,
            id=str(datetime.now().timestamp()), timestamp=datetime.now(timezone.utc))
        await self.run_pipeline(TurnContext(self, activity), logic)


def chat(config, database) -> int:
    from app import create_bot, create_services

    services = create_services(config, database)
    bot, _ = create_bot(services)
    adapter = ConsoleAdapter()
    print("Hampshire partnerships bot. Ask a question, or type 'help'. Ctrl-D or 'bye' to leave.")

    async def talk():
        while True:
            try:
                line = await asyncio.get_running_loop().run_in_executor(None, input, "you> ")
            except EOFError:
                break
            if line.strip().lower() in ("bye", "exit", "quit"):
                break
            await adapter.say(line, bot.on_turn)

    asyncio.run(talk())
    return 0


if __name__ == "__main__":
    import app
    sys.exit(app.main(["--console", *sys.argv[1:]]))
