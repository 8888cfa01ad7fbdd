"""A map of the partnerships: every school at its easting and northing, coloured by partnership.

    picture = draw_map(directory, "Havant West")     -> Picture (PNG bytes, alt text, text version)
    python -m bot directory map ["Havant West" | Hart] [--out map.png]

No map tiles (it must work offline): the schools themselves show the county's shape, with the
larger towns labelled where their schools are. Schools the DfE lists without a position are left
out, and the text version says how many. matplotlib Figure without pyplot, as in pictures.py.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass

from .directory import Directory
from .pictures import DPI, Picture
from .text import simplify

from matplotlib.figure import Figure  # noqa: E402  (pictures.py has chosen the Agg backend)

# Enough distinct colours for the 16 partnerships, from matplotlib's tab20 (pairs kept apart).
COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2"]
NO_PARTNERSHIP = "#7f7f7f"
TOWNS = ["Basingstoke", "Andover", "Winchester", "Romsey", "Eastleigh", "Fareham", "Gosport", "Havant",
         "Waterlooville", "Petersfield", "Alton", "Bordon", "Fleet", "Farnborough", "Aldershot", "Ringwood",
         "Lymington", "New Milton", "Totton", "Hythe", "Alresford", "Tadley", "Liphook", "Hedge End",
         "Yateley", "Hook", "Fordingbridge", "Stockbridge", "Hayling Island", "Whitchurch", "Horndean",
         "Clanfield", "Emsworth", "Chandler's Ford", "Bishop's Waltham", "Swanmore"]


@dataclass(frozen=True)
class Scope:
    title: str
    slug: str                       # for the file name and the URL: 'havant-west', 'hart', 'hampshire'
    partnership_ids: tuple = ()     # empty: every partnership
    district: str = ""


def map_scope(directory: Directory, name: str = "") -> Scope | None:
    """What 'a map of <name>' means: a partnership, a district, or (no name, 'Hampshire') the county."""
    if simplify(name) in ("", "hampshire", "the county", "county", "all", "all partnerships"):
        return Scope("Hampshire's local children's partnerships", "hampshire")
    partnership = directory.find_partnership(name)
    if partnership is not None:
        return Scope(f"The {partnership.name} partnership", _slug(partnership.name), (partnership.id,))
    district = directory.find_district(name)
    if district is not None:
        return Scope(f"{district.name}: schools by partnership", _slug(district.name), district=district.name)
    return None


def scope_from_slug(directory: Directory, slug: str) -> Scope | None:
    if slug == "hampshire":
        return map_scope(directory, "")
    for name in [p.name for p in directory.partnerships.values()] + list(directory.districts):
        if _slug(name) == slug:
            return map_scope(directory, name)
    return None


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _schools(directory: Directory, scope: Scope) -> list:
    return [s for s in directory.schools.values()
            if (not scope.partnership_ids or s.partnership_id in scope.partnership_ids)
            and (not scope.district or s.district == scope.district)]


def map_words(directory: Directory, scope: Scope) -> tuple[str, str]:
    """The map's alt text and its text version (schools per partnership), without drawing it."""
    schools = _schools(directory, scope)
    placed = [s for s in schools if s.easting is not None]
    counts = Counter(s.partnership_id for s in placed)
    lines = [f"{directory.partnerships[pid].name if pid else 'No partnership yet'}: {n} schools"
             for pid, n in sorted(counts.items(), key=lambda item: -item[1])]
    if len(schools) > len(placed):
        lines.append(f"Not drawn: {len(schools) - len(placed)} school(s) with no position in the DfE lists.")
    title = "the " + scope.title[4:] if scope.title.startswith("The ") else scope.title   # "Map of the Gosport ..."
    return f"Map of {title}: {len(placed)} schools coloured by partnership", "\n".join(lines)


def draw_map(directory: Directory, scope: Scope) -> Picture:
    placed = [s for s in _schools(directory, scope) if s.easting is not None]
    order = list(directory.partnerships)
    colour_of = {pid: COLOURS[i % len(COLOURS)] for i, pid in enumerate(order)}
    figure = Figure(figsize=(8, 6.4), dpi=DPI)
    axes = figure.add_axes((0.02, 0.05, 0.62, 0.86))
    if scope.partnership_ids or scope.district:
        # Neighbouring schools faintly behind, so a partnership or district is seen in its place.
        rest = [s for s in directory.schools.values() if s.easting is not None and s not in placed]
        axes.scatter([s.easting for s in rest], [s.northing for s in rest], s=6, c="#d9d9d9", linewidths=0)
    counts = Counter(s.partnership_id for s in placed)
    handles = []
    for pid in [*order, None]:
        here = [s for s in placed if s.partnership_id == pid]
        if not here:
            continue
        name = directory.partnerships[pid].name if pid else "No partnership yet"
        inferred = [s for s in here if s.basis == "inferred"]
        sure = [s for s in here if s.basis != "inferred"]
        colour = colour_of.get(pid, NO_PARTNERSHIP)
        handle = axes.scatter([s.easting for s in sure], [s.northing for s in sure], s=22, c=colour,
                              edgecolors="white", linewidths=0.4, label=f"{name} ({counts[pid]})")
        axes.scatter([s.easting for s in inferred], [s.northing for s in inferred], s=22, facecolors="white",
                     edgecolors=colour, linewidths=1.2)
        handles.append(handle)
    axes.set_aspect("equal")
    if placed and (scope.partnership_ids or scope.district):
        _zoom(axes, placed)
    _label_towns(axes, list(directory.schools.values()))
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_visible(False)
    figure.suptitle(scope.title, fontsize=12, x=0.02, ha="left")
    figure.text(0.02, 0.01, "Hollow: our reading of the letter's split, for a coordinator to confirm.\n"
                "Schools: DfE 2022 (primary), 2020 (secondary, special); partnerships: the Director's letter "
                "of January 2010.", fontsize=6.5, color="#555555")
    if handles:
        figure.legend(handles=handles, loc="center left", bbox_to_anchor=(0.65, 0.5), fontsize=7.5,
                      frameon=False, title="Partnership (schools)", title_fontsize=8)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    alt, text = map_words(directory, scope)
    return Picture(png=buffer.getvalue(), file_name=f"map-{scope.slug}.png", alt=alt, text=text)


def _zoom(axes, schools) -> None:
    xs, ys = [s.easting for s in schools], [s.northing for s in schools]
    margin = max(4000, 0.15 * max(max(xs) - min(xs), max(ys) - min(ys)))
    axes.set_xlim(min(xs) - margin, max(xs) + margin)
    axes.set_ylim(min(ys) - margin, max(ys) + margin)


def _label_towns(axes, schools) -> None:
    (left, right), (bottom, top) = axes.get_xlim(), axes.get_ylim()
    for town in TOWNS:
        here = [s for s in schools if s.easting is not None and town in (s.town, s.locality)]
        if len(here) >= 2:
            x = sum(s.easting for s in here) / len(here)
            y = sum(s.northing for s in here) / len(here)
            if not (left <= x <= right and bottom <= y <= top):
                continue
            axes.annotate(town, (x, y), fontsize=7, ha="center", va="bottom", xytext=(0, 5),
                          textcoords="offset points", color="#222222")
