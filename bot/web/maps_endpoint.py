"""GET /maps/<name>.png: the map of the county, a partnership or a district, for cards in Teams.

The names are the maps' own ('hampshire', 'havant-west', 'hart'); anything else is 404. The maps
show only public facts (the DfE's school lists and the 2010 letter), so they need no sign-in, as
Teams fetches a card's image without one. Each is drawn once per state of the directory (a
coordinator's move draws it afresh), off the event loop.
"""

import asyncio

from aiohttp import web

from knowledge.county_map import draw_map, scope_from_slug

MAPS = web.AppKey("maps", dict)


def add_map_routes(app: web.Application, services) -> None:
    app[MAPS] = {}

    async def get_map(request: web.Request) -> web.Response:
        directory = services.directory
        scope = scope_from_slug(directory, request.match_info["name"])
        if scope is None:
            raise web.HTTPNotFound(text="No such map. Try /maps/hampshire.png or /maps/<partnership>.png.")
        state = (scope.slug, tuple(s.partnership_id for s in directory.schools.values()))
        if state not in app[MAPS]:
            picture = await asyncio.get_running_loop().run_in_executor(None, draw_map, directory, scope)
            drawn = app[MAPS]
            for old in [key for key in drawn if key[0] == scope.slug]:
                del drawn[old]             # the same map before a coordinator's move
            drawn[state] = picture.png
        return web.Response(body=app[MAPS][state], content_type="image/png",
                            headers={"Cache-Control": "public, max-age=600"})

    app.router.add_get("/maps/{name}.png", get_map)
