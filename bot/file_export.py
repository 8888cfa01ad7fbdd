"""Documents sent as files: exported minutes, and the rest of a reply that was too long to show
('show all', bot/message_size.py).

- Teams, personal chat: Teams drops a file a bot simply attaches, so the bot asks first with a
  FileConsentCard. The person's Allow comes back as a `fileConsent/invoke` with an upload URL in
  their OneDrive; the bot PUTs the file there and sends a FileInfoCard, which Teams shows as the
  file. Decline gets a friendly line. The document waits in the conversation's data meanwhile.
- Teams, channels and group chats (where Teams has no file consent): the document as messages,
  each under the size cap.
- Anywhere else (the console, Web Chat): a Markdown attachment.
"""

import base64
import ipaddress
import logging
import uuid
from urllib.parse import urlsplit

import aiohttp
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import Attachment
from botbuilder.schema.teams import FileConsentCard, FileConsentCardResponse, FileInfoCard

from .message_size import CAP, _json_len

log = logging.getLogger(__name__)

WAITING = "files_waiting"     # conversation data: {file id: {"name", "text"}} until allowed or declined
KEEP_WAITING = 3              # older offers are forgotten (their Allow then says so)
CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
GROUPS = ("channel", "groupChat")


def _where(context: TurnContext) -> str:
    activity = context.activity
    if activity.channel_id != "msteams":
        return "attachment"
    kind = activity.conversation.conversation_type if activity.conversation else None
    return "parts" if kind in GROUPS else "consent"


async def send_document(context: TurnContext, conversation: dict, name: str, text: str, intro: str) -> None:
    """Send `text` as the file `name`, introduced by `intro`, in the way this channel allows."""
    where = _where(context)
    if where == "consent":
        file_id = uuid.uuid4().hex
        waiting = conversation.setdefault(WAITING, {})
        waiting[file_id] = {"name": name, "text": text}
        for old in list(waiting)[:-KEEP_WAITING]:
            waiting.pop(old)
        data = text.encode("utf-8")
        consent = FileConsentCard(description=intro[:250], size_in_bytes=len(data),
                                  accept_context={"file": file_id}, decline_context={"file": file_id})
        reply = MessageFactory.text(f"{intro} Press Allow and I'll put {name} in your OneDrive and share it here.")
        reply.attachments = [Attachment(content_type=CONSENT, name=name, content=consent)]
        await context.send_activity(reply)
    elif where == "parts":
        parts = split_for_chat(text)
        await context.send_activity(f"{intro} Teams does not take files from bots in a shared chat, so here it is "
                                    f"in {len(parts)} message{'s' if len(parts) > 1 else ''}.")
        for number, part in enumerate(parts, 1):
            heading = f"{name}, part {number} of {len(parts)}:\n" if len(parts) > 1 else ""
            await context.send_activity(heading + part)
    else:
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        reply = MessageFactory.text(f"{intro} It is attached as {name}.")
        reply.attachments = [Attachment(content_type="text/markdown", name=name, content=text,
                                        content_url=f"data:text/markdown;base64,{encoded}")]
        await context.send_activity(reply)


def split_for_chat(text: str, budget: int = CAP - 2_000) -> list[str]:
    """The text in pieces of whole lines, each small enough for one message (a line too long for
    one is split at words)."""
    parts, current, used = [], [], 0
    for line in text.split("\n"):
        pieces = [line]
        while _json_len(pieces[-1]) > budget:
            head = pieces[-1][: budget // 2].rsplit(" ", 1)[0] or pieces[-1][: budget // 2]
            pieces[-1:] = [head, pieces[-1][len(head):]]
        for piece in pieces:
            size = _json_len(piece) + 2
            if current and used + size > budget:
                parts.append("\n".join(current))
                current, used = [], 0
            current.append(piece)
            used += size
    if current:
        parts.append("\n".join(current))
    return parts


async def on_accept(context: TurnContext, conversation: dict, response: FileConsentCardResponse, config) -> None:
    """Allow pressed: upload the file to the person's OneDrive and show it in the chat."""
    file_id = (response.context or {}).get("file") if isinstance(response.context, dict) else None
    waiting = (conversation.get(WAITING) or {}).pop(file_id or "", None)
    info = response.upload_info
    if waiting is None or info is None or not info.upload_url:
        await context.send_activity("I no longer have that file. Ask for it again and press Allow on the new card.")
        return
    refused = upload_refusal(info.upload_url, config)
    if refused:
        log.warning("Refused to upload a file to %s: %s", info.upload_url[:80], refused)
        await context.send_activity("I couldn't put the file there: Teams gave me an address I don't trust. "
                                    "Ask for it again, or tell your admin.")
        return
    data = waiting["text"].encode("utf-8")
    try:
        async with aiohttp.ClientSession() as session:
            async with session.put(info.upload_url, data=data, headers={
                    "Content-Length": str(len(data)), "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}"}) as put:
                if put.status >= 300:
                    raise aiohttp.ClientResponseError(put.request_info, (), status=put.status)
    except (aiohttp.ClientError, TimeoutError) as error:
        log.warning("Could not upload %s: %s", waiting["name"], error)
        conversation.setdefault(WAITING, {})[file_id] = waiting      # so Allow on a new card can try again
        await context.send_activity("I couldn't upload the file to your OneDrive just now. "
                                    "Say 'show all' or 'export minutes' again in a minute.")
        return
    card = Attachment(content_type=FILE_INFO, name=info.name or waiting["name"], content_url=info.content_url,
                      content=FileInfoCard(unique_id=info.unique_id, file_type=info.file_type or "md"))
    reply = MessageFactory.text(f"Here it is: {info.name or waiting['name']}, saved in your OneDrive.")
    reply.attachments = [card]
    await context.send_activity(reply)


def upload_refusal(url: str, config) -> str | None:
    """None if the bot may PUT a file to `url`: with an app id, an https address on a public name
    (OneDrive's); with none (local development, the Playground), this machine only."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "not an address"
    if parts.scheme not in ("http", "https") or not host:
        return "not an http or https address"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    local = host.lower() in ("localhost", "localhost.localdomain") or (address is not None and address.is_loopback)
    if not config.APP_ID:
        return None if local else "with no MicrosoftAppId the bot uploads only to this machine"
    if parts.scheme != "https" or local or (address is not None and not address.is_global):
        return "not a public https address"
    return None


async def on_decline(context: TurnContext, conversation: dict, response: FileConsentCardResponse) -> None:
    file_id = (response.context or {}).get("file") if isinstance(response.context, dict) else None
    (conversation.get(WAITING) or {}).pop(file_id or "", None)
    await context.send_activity("No problem: I haven't sent the file. Ask again whenever you want it.")
