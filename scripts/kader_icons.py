"""Draw the kader app's PNG icons (192 and 512 px, also used as maskable) with Pillow: the same
figure as static/kader/icon.svg on a full-bleed square, inside the maskable safe zone.

    .venv/bin/python scripts/kader_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "src" / "siklus" / "static" / "kader"
TEAL, WHITE, YELLOW = (15, 118, 110), (255, 255, 255), (253, 230, 138)


def icon(size: int) -> Image.Image:
    scale = 4  # draw large, shrink: smooth edges
    s = size * scale
    img = Image.new("RGB", (s, s), TEAL)
    d = ImageDraw.Draw(img)
    u = s / 512
    # Within the central 80% (maskable safe zone).
    d.ellipse([(256 - 62) * u, (190 - 62) * u, (256 + 62) * u, (190 + 62) * u], fill=WHITE)
    d.pieslice([140 * u, 280 * u, 372 * u, 520 * u], 180, 360, fill=WHITE)
    width = int(20 * u)
    d.arc([300 * u, 120 * u, 420 * u, 260 * u], -70, 70, fill=YELLOW, width=width)
    d.arc([92 * u, 120 * u, 212 * u, 260 * u], 110, 250, fill=YELLOW, width=width)
    return img.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    for size in (192, 512):
        icon(size).save(OUT / f"icon-{size}.png", optimize=True)
        print(OUT / f"icon-{size}.png")
