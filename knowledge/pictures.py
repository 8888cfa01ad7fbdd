"""Pictures for chat, drawn with matplotlib (Agg, no screen) as PNG bytes, each with a text version
beside it for screen readers.

    picture = attendance_picture(engagement(...))     -> Picture(png=b"\\x89PNG...", text="...", alt="...")
    picture = county_picture(county_view(...))

Colours are the Okabe-Ito palette (safe for the common kinds of colour blindness), and every cell
also carries a symbol, so nothing is told by colour alone. Figures are made with
matplotlib.figure.Figure, never pyplot, so none is kept in pyplot's registry: nothing leaks however
many are drawn. Plain Python: no botbuilder, no storage.
"""

import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from PIL import Image  # noqa: E402  (Pillow: matplotlib's own dependency)
from matplotlib.colors import ListedColormap  # noqa: E402  (after choosing the backend)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from .county import MET, NOT_MET, NOT_YET, CountyView  # noqa: E402
from .dates import short_british  # noqa: E402
from .engagement import ABSENT, APOLOGIES, PRESENT, SCHOOLS, Engagement  # noqa: E402

BLUE, ORANGE, VERMILLION, GREY = "#0072B2", "#E69F00", "#D55E00", "#DDDDDD"
DPI = 100
MAX_BYTES = 200_000            # well within a Teams message with the card around it
ATTENDANCE_SYMBOLS = ["o", "$A$", "x"]           # matplotlib markers: a dot, the letter A, a cross
TERM_SYMBOLS = ["o", "x", "$-$"]


@dataclass(frozen=True)
class Picture:
    png: bytes
    alt: str           # one line: what the picture is
    text: str          # the same information as text, row by row, for screen readers
    file_name: str


def _short(day: str) -> str:
    """'2010-09-15' -> '15 Sep 10'."""
    from datetime import date
    d = date.fromisoformat(day)
    return f"{d.day} {d:%b %y}"


def _grid(title: str, row_labels: list[str], column_labels: list[str], values: list[list[int]],
          colours: list[str], symbols: list[str], legend: list[str], split_after: int = 0, dpi: int = DPI) -> bytes:
    """A labelled grid of coloured cells with a symbol in each, as PNG bytes.

    Symbols are matplotlib markers, drawn as one scatter per kind (not one text per cell), and the
    margins are worked out from the labels rather than by tight_layout: both keep a 24 x 30 grid
    quick to draw."""
    rows, columns = max(len(row_labels), 1), max(len(column_labels), 1)
    label_inches = 0.25 + max([len(label) for label in row_labels] + [8]) * 0.065
    column_inches = 0.3 + max([len(label) for label in column_labels] + [4]) * 0.055
    width = min(max(label_inches + 0.4 + 0.34 * columns, 6.5), 18)      # room for the title and legend
    height = min(column_inches + 0.9 + 0.26 * rows, 14)
    figure = Figure(figsize=(width, height), dpi=dpi)
    figure.subplots_adjust(left=label_inches / width, right=1 - 0.2 / width,
                           bottom=(column_inches + 0.45) / height, top=1 - 0.4 / height)
    axes = figure.add_subplot()
    grid = values if values and values[0] else [[len(colours) - 1]]
    axes.imshow(grid, cmap=ListedColormap(colours), vmin=-0.5, vmax=len(colours) - 0.5, aspect="auto",
                interpolation="nearest")
    axes.set_xticks(range(len(column_labels)), column_labels, rotation=60, ha="right", fontsize=8)
    axes.set_yticks(range(len(row_labels)), row_labels, fontsize=8)
    axes.set_xticks([x - 0.5 for x in range(1, columns)], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    axes.grid(which="minor", color="white", linewidth=1.5)
    axes.tick_params(which="minor", length=0)
    axes.tick_params(which="major", length=0)
    if 0 < split_after < rows:
        axes.axhline(split_after - 0.5, color="black", linewidth=2)     # schools above, partners below
    for value, (colour, symbol) in enumerate(zip(colours, symbols)):
        cells = [(x, y) for y, line in enumerate(values) for x, v in enumerate(line) if v == value]
        if cells:
            axes.scatter([x for x, _ in cells], [y for _, y in cells], marker=symbol, s=28, linewidths=1.2,
                         c="white" if colour in (BLUE, VERMILLION) else "black")
    axes.set_xlim(-0.5, columns - 0.5)
    axes.set_ylim(rows - 0.5, -0.5)
    figure.text(0.1 / width, 1 - 0.12 / height, title, fontsize=10, ha="left", va="top")
    figure.legend(handles=[Line2D([], [], linestyle="none", marker="s", markersize=11, markerfacecolor=c,
                                  markeredgecolor="#777777", label=name) for c, name in zip(colours, legend)]
                  ,
                  loc="lower center", ncol=len(legend), fontsize=8, frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    figure.clear()
    return _palette_png(buffer.getvalue())


def _palette_png(png: bytes, colours: int = 64) -> bytes:
    """The PNG with a palette of `colours` instead of full colour: a grid of a few flat colours and
    anti-aliased text loses nothing a reader sees, and the file is about a quarter of the size, which
    is what lets it travel inside a chat message (Teams refuses one over about 28 kB)."""
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=colours, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    image.save(out, format="PNG")       # optimize=True takes twice as long for about 15% fewer bytes
    return out.getvalue()


ATTENDANCE = {PRESENT: 0, APOLOGIES: 1, ABSENT: 2}


def attendance_text(found: Engagement) -> str:
    if not found.meetings:
        return f"No meetings of {found.partnership_name or 'the partnership'} are recorded yet."
    first, last = short_british(found.meetings[0]["date"]), short_british(found.meetings[-1]["date"])
    span = f"on {first}" if first == last else f"{first} to {last}"
    lines = [f"Attendance at {found.partnership_name or 'the partnership'}'s meetings, {span}:"]
    for row in found.rows:
        parts = []
        for mark in (PRESENT, APOLOGIES, ABSENT):
            days = [_short(m["date"]) for m, got in zip(found.meetings, row.marks) if got == mark]
            if days:
                parts.append(f"{mark} {', '.join(days)}")
        lines.append(f"- {row.label}: {'; '.join(parts)}")
    return "\n".join(lines)


def attendance_picture(found: Engagement, dpi: int = DPI) -> Picture:
    """The attendance grid: schools and core partners by meeting (present / apologies / absent).
    A lower `dpi` gives a smaller PNG (for a chat message with a size limit)."""
    name = found.partnership_name or "the partnership"
    values = [[ATTENDANCE[m] for m in row.marks] for row in found.rows]
    png = _grid(f"{name}: who came to each meeting", [r.label for r in found.rows],
                [_short(m["date"]) for m in found.meetings], values,
                [BLUE, ORANGE, GREY], ATTENDANCE_SYMBOLS, ["present (dot)", "apologies (A)", "absent (cross)"],
                split_after=sum(1 for r in found.rows if r.group == SCHOOLS), dpi=dpi)
    alt = (f"A grid of {len(found.rows)} schools and core partners by {len(found.meetings)} meetings of {name}, "
           f"each cell present, apologies or absent.")
    slug = (found.partnership_name or "partnership").lower().replace(" ", "-")
    return Picture(png=png, alt=alt, text=attendance_text(found), file_name=f"attendance-{slug}.png")


TERMS = {MET: 0, NOT_MET: 1, NOT_YET: 2}


def county_terms_text(view: CountyView) -> str:
    lines = [f"Full partnership meetings by term, as at {short_british(view.today)}:"]
    for row in view.rows:
        parts = [f"{term.name} {mark}" for term, mark in zip(view.terms, row.terms)]
        lines.append(f"- {row.name}: {'; '.join(parts) or 'no terms yet'}")
    return "\n".join(lines)


def county_picture(view: CountyView, dpi: int = DPI) -> Picture:
    """The county's partnerships-by-term grid (met / not met / not yet this term)."""
    values = [[TERMS[m] for m in row.terms] for row in view.rows]
    png = _grid("Hampshire: a full partnership meeting each term?", [r.name for r in view.rows],
                [t.name.replace(" term", "") for t in view.terms], values,
                [BLUE, VERMILLION, GREY], TERM_SYMBOLS, ["met (dot)", "not met (cross)", "not yet this term (dash)"], dpi=dpi)
    alt = (f"A grid of {len(view.rows)} partnerships by {len(view.terms)} school terms, each cell met, "
           f"not met or not yet.")
    return Picture(png=png, alt=alt, text=county_terms_text(view), file_name=f"county-terms-{view.today}.png")
