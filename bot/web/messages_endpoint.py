"""POST /api/messages: the Bot Framework endpoint, around CloudAdapter.

botbuilder-integration-aiohttp 4.17.1's CloudAdapter.process answers a malformed body with 500 and
crashes on `deliveryMode: expectReplies` (its ExpectedReplies body is already a dict). This handler
checks the body itself (400 for anything that is not an activity, 415 for a body that is not
JSON, 413 for a body over MAX_BODY, 400 for JSON nested deeper than MAX_DEPTH, checked before it
is parsed), authenticates the request itself (401 for a missing or bad token: botbuilder's own JWT
validation, which raises KeyError or jwt's DecodeError rather than PermissionError on a malformed
token), refuses a serviceUrl the bot may not post to (403, bot/service_urls.py), limits each
person's rate (429), and returns expected replies as JSON. No error answer carries a stack trace,
and a body that makes botbuilder itself fail is the sender's mistake (400), not ours.
"""

import json
import logging
import re
from itertools import accumulate

from aiohttp import ClientError, web
from botbuilder.core import serializer_helper
from botbuilder import schema
from botbuilder.schema import Activity, ActivityTypes, DeliveryModes
from botbuilder.schema.teams import TeamsChannelData

from config import DefaultConfig

from bot.people import sender_id
from .service_urls import refusal

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024     # an activity is a few kB; Teams caps messages at about 28 kB
MAX_DEPTH = 64            # a Teams activity with an Adaptive Card submit is about 10 deep


def bad_request(reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=400)


KNOWN_TYPES = {t.value for t in ActivityTypes}
DELIVERY_MODES = {m.value for m in DeliveryModes}
STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
STEP = [1 if b in b"[{" else -1 if b in b"]}" else 0 for b in range(256)]     # each byte's change of depth


def too_deep(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text nests arrays and objects deeper than `limit`, found without parsing it
    (Python's json recurses, and so does botbuilder's deserialiser): strings removed, the deepest
    running count of openers minus closers. Most bodies have too few brackets to need the count;
    the worst at MAX_BODY takes about 20 ms."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    brackets = STRINGS.sub(b"", raw).translate(None, NOT_BRACKETS)
    return max(accumulate(map(STEP.__getitem__, brackets)), default=0) > limit


def readable_channel_data(channel_data) -> dict:
    """Teams' channelData as botbuilder's Teams handler can read it. It deserialises channelData on
    every conversationUpdate and fails on a part of the wrong shape ({"team": "x"}, {"channel": []})
    or on none at all; such parts are dropped, so the turn goes on as if they were absent."""
    if not isinstance(channel_data, dict):
        return {}
    try:
        TeamsChannelData().deserialize(channel_data)
        return channel_data
    except Exception:  # msrest's DeserializationError, or AttributeError from deeper down
        pass
    readable = {}
    for key, value in channel_data.items():
        try:
            TeamsChannelData().deserialize({key: value})
            readable[key] = value
        except Exception:
            log.info("Ignored channelData.%s of an unexpected shape", str(key)[:40])
    return readable


def shape_problem(value, model=Activity, path="activity") -> str | None:
    """What in the body is not the shape botbuilder's schema declares for it (read from the models'
    own attribute maps), which its deserialiser lets through and its handlers then trip over: an id
    that is an object, a member of membersAdded that is null, a recipient that is a list."""
    if not isinstance(value, dict):
        return f"the {path} is not an object"
    for spec in model._attribute_map.values():
        field = value.get(spec["key"])
        if field is not None:
            problem = _field_problem(field, spec["type"], f"{path}'s {spec['key']}")
            if problem:
                return problem
    return None


def _field_problem(field, kind: str, path: str) -> str | None:
    if kind == "object":
        return None
    if kind.startswith("[") or kind.startswith("{"):
        items = field if kind.startswith("[") and isinstance(field, list) else \
            field.values() if kind.startswith("{") and isinstance(field, dict) else None
        if items is None:
            return f"the {path} is not a {'list' if kind.startswith('[') else 'mapping'}"
        for item in items:
            problem = _field_problem(item, kind[1:-1], path) if item is not None else f"the {path} holds a null"
            if problem:
                return problem
        return None
    model = getattr(schema, kind, None)
    if isinstance(model, type) and hasattr(model, "_attribute_map"):
        return shape_problem(field, model, path)
    if isinstance(field, (dict, list)):        # str, bool, int, iso-8601: a single value
        return f"the {path} is not a single value"
    return None


async def authenticate(adapter, activity: Activity, auth_header: str):
    """botbuilder's own validation of the Bot Framework token; None if the request is not genuine."""
    try:
        return await adapter.bot_framework_authentication.authenticate_request(activity, auth_header)
    except ClientError:
        raise       # could not fetch the signing keys: not the caller's fault
    except Exception as error:  # PermissionError, jwt errors, KeyError on a token with no issuer...
        log.info("Refused a request to /api/messages: %s", type(error).__name__)
        return None


def messages_handler(adapter, bot, rate_limiter=None, config=None):
    config = config or DefaultConfig()     # no app id: posts only to this machine

    async def messages(request: web.Request) -> web.Response:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "send the activity as application/json"}, status=415)
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.json_response({"error": "request body too large"}, status=413)
        raw = await request.read()
        if len(raw) > MAX_BODY:
            return web.json_response({"error": "request body too large"}, status=413)
        if too_deep(raw):
            return bad_request(f"the body is nested too deeply (more than {MAX_DEPTH} levels)")
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):   # JSONDecodeError and UnicodeDecodeError are ValueErrors
            return bad_request("the body is not valid JSON")
        if not isinstance(body, dict):
            return bad_request("the body is not an activity object")
        if not isinstance(body.get("type"), str) or not body["type"]:
            return bad_request("the activity has no type")
        if body["type"] not in KNOWN_TYPES:
            return bad_request(f"unknown activity type {body['type'][:40]!r}")
        problem = shape_problem(body)
        if problem:
            return bad_request(problem)
        if body.get("deliveryMode") is not None and body["deliveryMode"] not in DELIVERY_MODES:
            return bad_request(f"unknown deliveryMode {str(body['deliveryMode'])[:40]!r}")
        if body["type"] == ActivityTypes.invoke and not (isinstance(body.get("name"), str) and body["name"]):
            return bad_request("the invoke has no name")
        try:
            activity = Activity().deserialize(body)
        except Exception:  # msrest raises several kinds for wrongly shaped fields
            return bad_request("the activity is not in Bot Framework format")
        if not activity.conversation or not activity.conversation.id:
            return bad_request("the activity has no conversation")
        if activity.channel_id == "msteams":
            activity.channel_data = readable_channel_data(activity.channel_data)
        if not isinstance(body.get("serviceUrl"), str) or not body["serviceUrl"].strip():
            # botbuilder checks the token's serviceurl claim only when there is a serviceUrl.
            return bad_request("the activity has no serviceUrl")
        try:
            authenticated = await authenticate(adapter, activity, request.headers.get("Authorization", ""))
        except ClientError:
            log.exception("Could not check a Bot Framework token")
            return web.json_response({"error": "could not check the token just now; try again"}, status=503)
        if authenticated is None:
            return web.json_response({"error": "unauthorized"}, status=401)
        # With an app id, botbuilder has just checked the serviceUrl against the channel's token.
        refused = refusal(activity.service_url, config, vouched=bool(config.APP_ID))
        if refused:
            log.warning("Refused an activity whose serviceUrl the bot may not post to: %s", refused)
            return web.json_response({"error": f"refused: {refused}"}, status=403)
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
            if invoke_response.status == 501:     # botbuilder's answer to an invoke no handler takes
                return bad_request(f"the bot does not handle the invoke {activity.name[:40]!r}")
            body = invoke_response.body
            data = body if isinstance(body, (dict, list)) or body is None else serializer_helper(body)
            return web.json_response(data=data, status=invoke_response.status)
        return web.Response(status=201)

    return messages
