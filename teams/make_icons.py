"""Draw the Teams app icons (run once; the PNGs are committed): `python teams/make_icons.py`.

Teams wants a 192x192 colour icon and a 32x32 outline icon that is white on transparent.
The picture: three linked rings, for schools and services working as one partnership.
Needs Pillow (in the bench extras): not needed to build the package.
"""

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).parent
TEAL = (0, 105, 110, 255)
WHITE = (255, 255, 255, 255)


def rings(draw: ImageDraw.ImageDraw, size: int, scale: float, width: int) -> None:
    radius = size * scale
    centre = size / 2
    offsets = [(-0.55, 0.32), (0.55, 0.32), (0.0, -0.63)]
    for dx, dy in offsets:
        x, y = centre + dx * radius, centre + dy * radius
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=WHITE, width=width)


def colour_icon() -> Image.Image:
    image = Image.new("RGBA", (192, 192), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 191, 191], fill=TEAL)   # Teams rounds the corners itself
    rings(draw, 192, 0.2, 9)
    return image


def outline_icon() -> Image.Image:
    big = Image.new("RGBA", (256, 256), (0, 0, 0, 0))   # drawn large, then shrunk: smoother edges
    rings(ImageDraw.Draw(big), 256, 0.21, 20)
    small = big.resize((32, 32), Image.LANCZOS)
    # Outline icons must be pure white: keep only the alpha of the drawing.
    alpha = small.getchannel("A")
    white = Image.new("RGBA", (32, 32), WHITE)
    white.putalpha(alpha)
    return white


if __name__ == "__main__":
    colour_icon().save(HERE / "color.png")
    outline_icon().save(HERE / "outline.png")
    print("wrote teams/color.png and teams/outline.png")
