"""POST /api/messages: the Bot Framework endpoint, around CloudAdapter.

botbuilder-integration-aiohttp 4.17.1's CloudAdapter.process answers a malformed body with 500 and
crashes on `deliveryMode: expectReplies` (its ExpectedReplies body is already a dict). This handler
checks the body itself (400 for anything that is not an activity, 415 for a body that is not
JSON, 413 for a body over MAX_BODY), authenticates the request itself (401 for a missing or bad
token: botbuilder's own JWT validation, which raises KeyError or jwt's DecodeError rather than
PermissionError on a malformed token), limits each person's rate (429), and returns expected
replies as JSON. No error answer carries a stack trace.
"""

import json
import logging

from aiohttp import ClientError, web
from botbuilder.core import serializer_helper
from botbuilder.schema import Activity, ActivityTypes

from .people import sender_id

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024     # an activity is a few kB; Teams caps messages at about 28 kB


def bad_request(reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=400)


KNOWN_TYPES = {t.value for t in ActivityTypes}


async def authenticate(adapter, activity: Activity, auth_header: str):
    """botbuilder's own validation of the Bot Framework token; None if the request is not genuine."""
    try:
        return await adapter.bot_framework_authentication.authenticate_request(activity, auth_header)
    except ClientError:
        raise       # could not fetch the signing keys: not the caller's fault
    except Exception as error:  # PermissionError, jwt errors, KeyError on a token with no issuer...
        log.info("Refused a request to /api/messages: %s", type(error).__name__)
        return None


def messages_handler(adapter, bot, rate_limiter=None):
    async def messages(request: web.Request) -> web.Response:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "send the activity as application/json"}, status=415)
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.json_response({"error": "request body too large"}, status=413)
        raw = await request.read()
        if len(raw) > MAX_BODY:
            return web.json_response({"error": "request body too large"}, status=413)
        try:
            body = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return bad_request("the body is not valid JSON")
        if not isinstance(body, dict):
            return bad_request("the body is not an activity object")
        if not isinstance(body.get("type"), str) or not body["type"]:
            return bad_request("the activity has no type")
        if body["type"] not in KNOWN_TYPES:
            return bad_request(f"unknown activity type {body['type'][:40]!r}")
        try:
            activity = Activity().deserialize(body)
        except Exception:  # msrest raises several kinds for wrongly shaped fields
            return bad_request("the activity is not in Bot Framework format")
        if not activity.conversation or not activity.conversation.id:
            return bad_request("the activity has no conversation")
        try:
            authenticated = await authenticate(adapter, activity, request.headers.get("Authorization", ""))
        except ClientError:
            log.exception("Could not check a Bot Framework token")
            return web.json_response({"error": "could not check the token just now; try again"}, status=503)
        if authenticated is None:
            return web.json_response({"error": "unauthorized"}, status=401)
        if rate_limiter is not None:
            wait = rate_limiter.allow(sender_id(activity))
            if wait is not None:
                return web.json_response(
                    {"error": "You're sending messages faster than I can answer. "
                              f"Please wait {max(1, round(wait))} seconds and try again."},
                    status=429, headers={"Retry-After": str(max(1, round(wait)))})
        try:
            invoke_response = await adapter.process_activity(authenticated, activity, bot.on_turn)
        except PermissionError:
            return web.json_response({"error": "unauthorized"}, status=401)
        except Exception:
            # The turn itself apologises through on_turn_error; this is the channel or adapter failing.
            log.exception("Could not process an activity")
            return web.json_response({"error": "something went wrong on the bot's side"}, status=500)
        if invoke_response:
            body = invoke_response.body
            data = body if isinstance(body, (dict, list)) or body is None else serializer_helper(body)
            return web.json_response(data=data, status=invoke_response.status)
        return web.Response(status=201)

    return messages
