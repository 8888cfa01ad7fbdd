"""Replies posted to the Bot Connector by aiohttp on the event loop, not by requests on a thread.

botbuilder's connector client (msrest's ServiceClientAsync) sends each request with `requests`, on
the loop's default thread pool (msrest's AsyncRequestsHTTPSender). A reply there cost more of the
interpreter's time than the rest of a directory question: requests prepares every request afresh
(reading the environment for proxies and ~/.netrc, merging cookies and settings), then urllib3 and
http.client write it and parse the answer, all in Python, on a thread that then competes with the
event loop for the GIL (about 0.9 ms of GIL a reply, measured with py-spy `--gil`; issue 16). The
server itself already runs on aiohttp, so the kept connector clients (kept_clients.py) send with an
aiohttp session on the loop instead, through the same msrest pipeline and with what the requests
path did kept the same:
- the same policies: User-Agent, the bot's token (the credentials sign as they sign a requests
  session, so msal's token cache and its refresh are botbuilder's own), the response's JSON read by
  msrest's RawDeserializer, msrest's HTTP logging;
- msrest's timeout (`config.connection.timeout`, 100 s), TLS verification, redirects as msrest
  allows them, its proxies, and those of the environment (HTTPS_PROXY, NO_PROXY) as requests read
  them (not ~/.netrc: the request carries the bot's own Authorization);
- the same retries: urllib3 (2.x, which this install has) retries a POST only when the connection
  could not be made, three times, after 0, 1.6 and 3.2 s (msrest's backoff factor 0.8); a request
  that reached the service is never sent twice, so a reply is never posted twice;
- a failure to reach the service raises msrest's ClientRequestError, as requests' did; an answer
  with any status comes back to the connector client, which raises ErrorResponseException for one
  it does not accept (RefusedSendsAdapter relies on that for 400 and 413).
A request with files (a multipart upload, which the bot never makes) goes the requests way as before.

The session is kept, so replies reuse their connection (one per concurrent reply, not one per
reply), and belongs to the loop it was made on: on another loop (a test's) a new one is made.
"""

import asyncio
import logging
import ssl
from urllib.parse import urlsplit

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from msrest.exceptions import ClientRequestError
from msrest.pipeline import AsyncHTTPSender, AsyncPipeline, Response, SansIOHTTPPolicy
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http import HTTPClientResponse
from yarl import URL

log = logging.getLogger(__name__)

CONNECT_RETRIES = 3
BACKOFF_FACTOR = 0.8       # msrest's ClientRetryPolicy; urllib3 waits 0, then factor x 2^(n-1)


class ReplySessions:
    """One aiohttp ClientSession for every kept connector client, on the loop that uses it."""

    def __init__(self):
        self._session: aiohttp.ClientSession | None = None
        self._loop = None
        self._proxies: dict[tuple, str | None] = {}

    def current(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            # trust_env=False: aiohttp would look the proxy up in the environment on a thread for
            # every request; proxy_for() looks once per host instead.
            self._session = aiohttp.ClientSession(trust_env=False)
            self._loop = loop
        return self._session

    def proxy_for(self, url: str) -> str | None:
        """The environment's proxy for `url` (HTTPS_PROXY and NO_PROXY, as requests read them),
        looked up once per scheme and host: the environment does not change while the bot runs."""
        place = urlsplit(url)
        key = (place.scheme, place.hostname)
        if key not in self._proxies:
            try:
                proxy, _auth = get_env_proxy_for_url(URL(url))
                self._proxies[key] = str(proxy)
            except LookupError:
                self._proxies[key] = None
        return self._proxies[key]

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed and self._loop is asyncio.get_running_loop():
            await session.close()


class _Headers:
    """What the credentials sign: they set (or remove) the Authorization header of a requests
    Session, and read nothing else of it."""

    def __init__(self):
        self.headers: dict = {}


class SignedByTheBot(SansIOHTTPPolicy):
    """The bot's token on each request, from the credentials as msrest's requests path used them."""

    def __init__(self, credentials):
        self.credentials = credentials

    def on_request(self, request, **kwargs):
        signed = _Headers()
        self.credentials.signed_session(signed)
        token = signed.headers.get("Authorization")
        if token:
            request.http_request.headers["Authorization"] = token


class _Answer(HTTPClientResponse):
    """The service's answer as msrest reads it: status, headers, reason and the whole body."""

    def __init__(self, request, response: aiohttp.ClientResponse, body: bytes):
        super().__init__(request, response)
        self.status_code = response.status
        self.headers = response.headers
        self.reason = response.reason
        self._body = body

    def body(self) -> bytes:
        return self._body


class AiohttpSender(AsyncHTTPSender):
    def __init__(self, config, sessions: ReplySessions, requests_sender):
        self.config = config
        self.sessions = sessions
        self.requests_sender = requests_sender      # for a request with files only

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_details):
        return None

    def build_context(self):
        return None

    async def send(self, request, **kwargs) -> Response:
        http = request.http_request
        if http.files:
            request.context = self.requests_sender.build_context()
            return await self.requests_sender.send(request, **kwargs)
        headers = dict(self.config.headers)
        headers.update(http.headers)
        options = {"headers": headers, "data": http.data,
                   "timeout": aiohttp.ClientTimeout(total=kwargs.get("timeout", self.config.connection.timeout)),
                   "ssl": _tls(self.config.connection),
                   "allow_redirects": bool(self.config.redirect_policy),
                   "max_redirects": int(self.config.redirect_policy())}
        proxy = (self.config.proxies() or {}).get(urlsplit(http.url).scheme) or (
            self.sessions.proxy_for(http.url) if self.config.proxies.use_env_settings else None)
        if proxy:
            options["proxy"] = proxy
        for attempt in range(CONNECT_RETRIES + 1):
            try:
                async with self.sessions.current().request(http.method, http.url, **options) as answer:
                    body = await answer.read()
                return Response(request, _Answer(http, answer, body))
            except aiohttp.ClientSSLError as error:         # reached, and its certificate refused
                raise ClientRequestError(f"Error occurred in request. {error!r}") from error
            except aiohttp.ClientConnectorError as error:       # never reached the service
                if attempt == CONNECT_RETRIES:
                    raise ClientRequestError(f"Error occurred in request. {error!r}") from error
                wait = 0 if attempt == 0 else BACKOFF_FACTOR * 2 ** attempt
                log.warning("Could not reach %s (%s); trying again in %.1f s", http.url, error, wait)
                await asyncio.sleep(wait)
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                raise ClientRequestError(f"Error occurred in request. {error!r}") from error


def _tls(connection):
    """msrest's `verify` (True, False, or a CA bundle's path) and `cert` as aiohttp's `ssl`."""
    if connection.verify is False:
        return False
    if isinstance(connection.verify, str) or connection.cert:
        context = ssl.create_default_context(cafile=connection.verify if isinstance(connection.verify, str) else None)
        if connection.cert:
            cert, key = connection.cert if isinstance(connection.cert, tuple) else (connection.cert, None)
            context.load_cert_chain(cert, key)
        return context
    return True


def send_with_aiohttp(client, sessions: ReplySessions) -> None:
    """Make msrest connector `client` (botframework's aio ConnectorClient) send with `sessions`."""
    config = client.config
    old = config.pipeline
    policies = [config.user_agent_policy, RawDeserializer(), config.http_logger_policy]
    if config.credentials:
        policies.insert(1, SignedByTheBot(config.credentials))
    pipeline = AsyncPipeline(policies, AiohttpSender(config, sessions, old._sender))
    config.pipeline = pipeline
    client._client.config.pipeline = pipeline
