"""Build the Teams app package for sideloading: `make teams-package` (or `python teams/package.py`).

Fills teams/manifest.json from the environment and zips it with the two icons into
teams/build/hampshire-partnerships.zip, ready for Teams > Apps > Manage your apps > Upload an app.

    MicrosoftAppId      the Azure Bot's app (client) id, a GUID: the app id and the bot id (required)
    TEAMS_WEBSITE_URL   https:// pages shown on the app's About tab (default: the council's website)
    TEAMS_PRIVACY_URL
    TEAMS_TERMS_URL
    BOT_DOMAIN          the bot's host name, e.g. partnerships.example.org (optional: validDomains)

Exits with a clear message, and no zip, if a value is missing or not what Teams accepts.
"""

import json
import os
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "build" / "hampshire-partnerships.zip"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
DEFAULTS = {"TEAMS_WEBSITE_URL": "https://www.hants.gov.uk/",
            "TEAMS_PRIVACY_URL": "https://www.hants.gov.uk/",
            "TEAMS_TERMS_URL": "https://www.hants.gov.uk/"}
ICONS = {"color.png": (192, 192), "outline.png": (32, 32)}


class PackageError(Exception):
    pass


def settings(environ) -> dict:
    values = {**DEFAULTS, **{k: v.strip() for k, v in environ.items() if k in DEFAULTS and v.strip()}}
    app_id = environ.get("MicrosoftAppId", "").strip()
    if not app_id:
        raise PackageError("Set MicrosoftAppId to your Azure Bot's app id (a GUID) first, "
                           "e.g. MicrosoftAppId=... make teams-package")
    if not GUID.match(app_id):
        raise PackageError(f"MicrosoftAppId {app_id!r} is not a GUID like 00000000-0000-0000-0000-000000000000")
    for key in DEFAULTS:
        if not values[key].startswith("https://"):
            raise PackageError(f"{key} must be an https:// address (Teams refuses others)")
    return {**values, "MicrosoftAppId": app_id.lower()}


def filled_manifest(values: dict, domain: str = "") -> dict:
    def fill(node):
        if isinstance(node, str):
            return PLACEHOLDER.sub(lambda m: values[m.group(1)], node)
        if isinstance(node, list):
            return [fill(item) for item in node]
        if isinstance(node, dict):
            return {key: fill(value) for key, value in node.items()}
        return node

    manifest = fill(json.loads((HERE / "manifest.json").read_text(encoding="utf-8")))
    if domain:
        manifest["validDomains"] = [domain]
    return manifest


def png_size_of(data: bytes) -> tuple:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise PackageError("an icon is not a PNG")
    return struct.unpack(">II", data[16:24])    # the IHDR chunk: width, height


def png_pixels(data: bytes) -> list:
    """The (r, g, b, a) pixels of an 8-bit RGBA PNG, row by row: enough to check an icon without Pillow."""
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    if (depth, colour, interlace) != (8, 6, 0):
        raise PackageError("an icon must be an 8-bit RGBA PNG, not interlaced")
    compressed, at = b"", 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            compressed += data[at + 8:at + 8 + length]
        at += 12 + length
    raw, stride, rows, previous = zlib.decompress(compressed), width * 4, [], bytes(width * 4)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a, b, c = (line[x - 4] if x >= 4 else 0), previous[x], (previous[x - 4] if x >= 4 else 0)
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return [tuple(row[x:x + 4]) for row in rows for x in range(0, stride, 4)]


def check_icons(folder: Path = HERE) -> None:
    """Teams' rules: a 192x192 colour icon, and a 32x32 outline icon that is white on transparent."""
    for name, size in ICONS.items():
        if png_size_of((folder / name).read_bytes()) != size:
            raise PackageError(f"{name} must be {size[0]}x{size[1]} pixels")
    outline = png_pixels((folder / "outline.png").read_bytes())
    if any(a and (r, g, b) != (255, 255, 255) for r, g, b, a in outline) or all(a for *_, a in outline):
        raise PackageError("outline.png must be white on a transparent background")


def build(environ=os.environ, out: Path = OUT) -> Path:
    values = settings(environ)
    domain = environ.get("BOT_DOMAIN", "").strip()
    if domain and ("/" in domain or ":" in domain):
        raise PackageError("BOT_DOMAIN is a host name only, e.g. partnerships.example.org")
    manifest = filled_manifest(values, domain)
    check_icons()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for name in ICONS:
            package.write(HERE / name, name)
    partial.replace(out)
    return out


def main() -> int:
    try:
        out = build()
    except PackageError as error:
        print(f"teams-package: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}: "
          "upload it in Teams (Apps > Manage your apps > Upload an app).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
