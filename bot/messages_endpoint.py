"""POST /api/messages: the Bot Framework endpoint, around CloudAdapter.

botbuilder-integration-aiohttp 4.17.1's CloudAdapter.process answers a malformed body with 500 and
crashes on `deliveryMode: expectReplies` (its ExpectedReplies body is already a dict). This handler
checks the body itself (400 for anything that is not an activity, 415 for a body that is not
JSON, 401 for a bad token) and returns expected replies as JSON.
"""

import json
import logging

from aiohttp import web
from botbuilder.core import serializer_helper
from botbuilder.schema import Activity

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024     # an activity is a few kB; Teams caps messages at about 28 kB


def bad_request(reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=400)


def messages_handler(adapter, bot):
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
        try:
            activity = Activity().deserialize(body)
        except Exception:  # msrest raises several kinds for wrongly shaped fields
            return bad_request("the activity is not in Bot Framework format")
        if not activity.conversation or not activity.conversation.id:
            return bad_request("the activity has no conversation")
        auth_header = request.headers.get("Authorization", "")
        try:
            invoke_response = await adapter.process_activity(auth_header, activity, bot.on_turn)
        except PermissionError:
            return web.json_response({"error": "unauthorized"}, status=401)
        if invoke_response:
            body = invoke_response.body
            data = body if isinstance(body, (dict, list)) or body is None else serializer_helper(body)
            return web.json_response(data=data, status=invoke_response.status)
        return web.Response(status=201)

    return messages
