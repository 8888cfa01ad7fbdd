"""One Bot Connector client (and one user-token client) per service URL and audience, kept alive.

botbuilder 4.17.1's CloudAdapter asks its BotFrameworkAuthentication for a new ConnectorClient and a
new UserTokenClient on every turn (CloudAdapterBase.process_activity and process_proactive). Each
costs more than the rest of a simple turn, because of msrest underneath:
- every msrest Configuration builds a ClientRetryPolicy, whose constructor rebuilds its retry list
  as `[i for i in range(999) if i not in <a 500-item list>]` (about 3 ms; once for the connector
  client, once for the token client's TokenApiClient);
- every client has its own HTTP sender, whose requests.Session is new, so each reply opened a new
  TCP connection (in Teams, a TLS handshake per reply) and closed it.
botbuilder's older BotFrameworkAdapter kept a `_connector_client_cache` for this reason ("a
significant boost in throughput"); the CloudAdapter lost it. `KeptClients` puts it back around any
BotFrameworkAuthentication: clients are keyed by the bot's app id, the service URL and the audience,
so a token's identity never crosses to another, and each is made once and reused (its credentials
refresh their own token when it expires). The number kept is bounded: the oldest is dropped first.

One more msrest cost, on every reply: its Serializer walks an attachment's content (an Adaptive
Card, typed `object`) one value at a time through `serialize_object`, with a dozen type checks per
value: 3 to 6 ms for one of our cards, more than the rest of the turn. Content that is plain JSON
(dicts with string keys, lists, strings, numbers, booleans, None) comes out of that walk as an
exact copy, so the kept connector clients make that copy directly (`plain_copy`) and hand anything
else to msrest as before. And the reply itself: `Serializer.body(activity, "Activity")` first
rebuilds the Activity it was given through msrest's Deserializer, attribute by attribute, then
validates it against rules botbuilder.schema's models do not have, then serialises it: about 1 ms
a reply. The kept clients make its JSON directly (bot/message_size.py's `on_the_wire`, the same
JSON, which the tests compare), or post the JSON the reply was measured with, when it was.
"""

from collections import OrderedDict

from botbuilder.schema import Activity
from botframework.connector.auth import (
    AuthenticateRequestResult, AuthenticationConstants, BotFrameworkAuthentication, ClaimsIdentity,
    ConnectorFactory, UserTokenClient)

from ..message_size import on_the_wire, posted_json
from .reply_sender import ReplySessions, send_with_aiohttp

KEEP = 256      # clients kept at once; a bot talks to a handful of service URLs


def _app_id(claims_identity: ClaimsIdentity) -> str | None:
    """Whose the client is, read from the claims as botbuilder's own authentication reads it."""
    if claims_identity is None:
        return None
    return (claims_identity.get_claim_value(AuthenticationConstants.AUDIENCE_CLAIM)
            or claims_identity.get_claim_value(AuthenticationConstants.APP_ID_CLAIM))


class _Kept:
    """A bounded map from key to client, oldest dropped first."""

    def __init__(self, keep: int = KEEP):
        self.keep = keep
        self.clients: OrderedDict = OrderedDict()
        self.made = 0       # clients made, for tests and the bench

    async def get(self, key, make):
        client = self.clients.get(key)
        if client is None:
            made = await make()
            self.made += 1
            client = self.clients.setdefault(key, made)     # two turns at once keep the first made
            while len(self.clients) > self.keep:
                self.clients.popitem(last=False)
        else:
            self.clients.move_to_end(key)
        return client


class _NotPlain(Exception):
    pass


def _not_plain():
    raise _NotPlain


def plain_copy(value):
    """A copy of plain JSON (what msrest's serialize_object makes of it); _NotPlain for anything else."""
    kind = type(value)
    if kind is dict:
        return {(key if type(key) is str else _not_plain()): plain_copy(item) for key, item in value.items()}
    if kind is list:
        return [plain_copy(item) for item in value]
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    raise _NotPlain


def _copy_plain_objects(serializer) -> None:
    """Make `serializer` (msrest's, a connector client's) copy plain JSON objects directly."""
    walk = serializer.serialize_object

    def serialize_object(attr, **kwargs):
        try:
            return plain_copy(attr)
        except _NotPlain:
            return walk(attr, **kwargs)

    serializer.serialize_object = serialize_object
    serializer.serialize_type["object"] = serialize_object


def _activities_straight_to_json(serializer) -> None:
    """Make `serializer` (msrest's, a connector client's) turn a reply's Activity into its JSON
    directly, and hand any other body to msrest as before."""
    body = serializer.body

    def activity_body(data, data_type, **kwargs):
        if data_type == "Activity" and isinstance(data, Activity) and not kwargs:
            measured = posted_json(data)
            if measured is not None:
                # Already made when the reply was measured. As bytes, msrest's ClientRequest takes
                # it as the body as it is (json.dumps refuses bytes, and add_content then keeps them).
                return measured
            return on_the_wire(data, "Activity")
        return body(data, data_type, **kwargs)

    serializer.body = activity_body


def faster_serializer(serializer) -> None:
    """Both of the above: what a kept connector client's serializer does."""
    _copy_plain_objects(serializer)
    _activities_straight_to_json(serializer)


class _KeptConnectorFactory(ConnectorFactory):
    def __init__(self, factory: ConnectorFactory, app_id: str | None, kept: _Kept, sessions: ReplySessions):
        self.factory = factory
        self.app_id = app_id
        self.kept = kept
        self.sessions = sessions

    async def create(self, service_url: str, audience: str = None):
        return await self.kept.get((self.app_id, service_url, audience), lambda: self._make(service_url, audience))

    async def _make(self, service_url: str, audience: str):
        client = await self.factory.create(service_url, audience)
        serializer = getattr(client, "_serialize", None)
        if serializer is not None and isinstance(getattr(serializer, "serialize_type", None), dict):
            faster_serializer(serializer)
        if getattr(getattr(client, "config", None), "pipeline", None) is not None:
            send_with_aiohttp(client, self.sessions)      # on the loop, not requests on a thread
        return client


class KeptClients(BotFrameworkAuthentication):
    """`authentication`, with its connector and user-token clients made once and reused."""

    def __init__(self, authentication: BotFrameworkAuthentication, keep: int = KEEP):
        self.authentication = authentication
        self.connectors = _Kept(keep)
        self.token_clients = _Kept(keep)
        self.reply_sessions = ReplySessions()

    async def close(self) -> None:
        """Close the connections replies were posted on (when the app stops)."""
        await self.reply_sessions.close()

    def _kept(self, factory, claims_identity):
        return _KeptConnectorFactory(factory, _app_id(claims_identity), self.connectors, self.reply_sessions) \
            if factory else factory

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await self.authentication.authenticate_request(activity, auth_header)
        result.connector_factory = self._kept(result.connector_factory, result.claims_identity)
        return result

    async def authenticate_streaming_request(self, auth_header: str, channel_id_header: str):
        result = await self.authentication.authenticate_streaming_request(auth_header, channel_id_header)
        result.connector_factory = self._kept(result.connector_factory, result.claims_identity)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return self._kept(self.authentication.create_connector_factory(claims_identity), claims_identity)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        return await self.token_clients.get(
            _app_id(claims_identity), lambda: self.authentication.create_user_token_client(claims_identity))

    def create_bot_framework_client(self):
        return self.authentication.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self.authentication.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self.authentication.authenticate_channel_request(auth_header)
