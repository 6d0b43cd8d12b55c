"""Draw the demo products' pictures into station/resources/demo/media/products/ (PNG, 256 px).

    .venv/bin/python docs/make_demo_pictures.py

Simple drawings, one per demo SKU, so the demo shows pictures without any
download; the demo head office serves them as /v1/media/products/<SKU>.png.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT = (
    Path(__file__)
    .resolve()
    .parent.parent.joinpath("station", "resources", "demo", "media", "products")
)
S = 512  # drawn at twice the size, then scaled down: smooth edges
INK = (60, 60, 60)


def canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    im = Image.new("RGB", (S, S), (250, 250, 247))
    return im, ImageDraw.Draw(im)


def mat(d: ImageDraw.ImageDraw) -> None:
    d.polygon([(60, 330), (150, 150), (460, 150), (400, 330)], fill=(70, 110, 150), outline=INK)
    d.polygon([(60, 330), (400, 330), (400, 360), (60, 360)], fill=(45, 75, 105))
    d.polygon([(400, 330), (460, 150), (460, 180), (400, 360)], fill=(55, 90, 125))
    for row in range(6):
        for col in range(9):
            t, u = (row + 0.5) / 6, (col + 0.5) / 9
            x = (60 + 340 * u) * (1 - t) + (150 + 310 * u) * t
            y = 330 - t * 180
            d.ellipse((x - 6, y - 4, x + 6, y + 4), fill=(140, 175, 205))
    for x in range(70, 400, 14):
        d.line((x, 360, x, 385), fill=(45, 75, 105), width=4)


def tape(d: ImageDraw.ImageDraw) -> None:
    d.rectangle((256, 330, 470, 390), fill=(235, 225, 190), outline=INK, width=3)
    d.ellipse((60, 110, 360, 410), fill=(230, 215, 170), outline=INK, width=4)
    for r in range(140, 70, -14):
        d.ellipse((210 - r, 260 - r, 210 + r, 260 + r), outline=(200, 180, 130), width=2)
    d.ellipse((140, 190, 280, 330), fill=(180, 140, 90), outline=INK, width=4)
    d.ellipse((160, 210, 260, 310), fill=(250, 250, 247), outline=INK, width=3)


def cup(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle((170, 140, 340, 460), radius=30, fill=(120, 170, 200), outline=INK, width=4)
    d.rectangle((185, 160, 205, 440), fill=(170, 210, 230))
    d.rounded_rectangle((160, 70, 350, 150), radius=18, fill=(70, 80, 90), outline=INK, width=4)
    d.rectangle((215, 45, 295, 75), fill=(70, 80, 90), outline=INK, width=3)
    d.line((170, 300, 340, 300), fill=(90, 130, 160), width=6)


def tea(d: ImageDraw.ImageDraw) -> None:
    d.polygon([(110, 160), (320, 160), (400, 110), (190, 110)], fill=(120, 170, 90), outline=INK)
    d.polygon([(320, 160), (400, 110), (400, 400), (320, 450)], fill=(60, 110, 50), outline=INK)
    d.rectangle((110, 160, 320, 450), fill=(90, 145, 70), outline=INK, width=3)
    d.ellipse((150, 230, 280, 300), fill=(200, 230, 150), outline=INK, width=3)
    d.line((160, 280, 275, 245), fill=INK, width=3)
    d.rectangle((140, 340, 290, 380), fill=(200, 60, 50))


def case(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle((150, 50, 360, 470), radius=45, fill=(220, 90, 110), outline=INK, width=5)
    d.rounded_rectangle((175, 80, 335, 440), radius=35, fill=(235, 130, 150))
    d.rounded_rectangle((190, 95, 270, 200), radius=20, fill=(60, 60, 60))
    d.ellipse((205, 110, 245, 150), fill=(30, 30, 40), outline=(150, 150, 160), width=3)
    d.ellipse((215, 155, 250, 190), fill=(30, 30, 40), outline=(150, 150, 160), width=3)


def cable(d: ImageDraw.ImageDraw) -> None:
    pts = [(130 + 200 * math.sin(t / 20) * (1 - t / 140), 130 + t * 2.0) for t in range(0, 120)]
    d.line(pts, fill=(40, 40, 40), width=14, joint="curve")
    for (x, y), up in ((pts[0], True), (pts[-1], False)):
        top = y - 80 if up else y
        d.rounded_rectangle(
            (x - 28, top, x + 28, top + 80), radius=12, fill=(235, 235, 235), outline=INK, width=4
        )
        plug = top - 40 if up else top + 80
        d.rounded_rectangle(
            (x - 18, plug, x + 18, plug + 40), radius=9, fill=(180, 180, 190), outline=INK, width=3
        )


def buds(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle((110, 240, 400, 440), radius=70, fill=(245, 245, 245), outline=INK, width=5)
    d.line((120, 320, 390, 320), fill=(170, 170, 170), width=4)
    d.ellipse((245, 380, 265, 400), fill=(80, 200, 120))
    for cx in (180, 330):
        d.ellipse((cx - 45, 80, cx + 45, 170), fill=(250, 250, 250), outline=INK, width=5)
        d.rounded_rectangle(
            (cx - 14, 150, cx + 14, 240), radius=12, fill=(250, 250, 250), outline=INK, width=5
        )
        d.ellipse((cx - 20, 105, cx + 20, 145), fill=(60, 60, 70))


def socks(d: ImageDraw.ImageDraw) -> None:
    colours = [(200, 60, 60), (240, 170, 40), (60, 140, 200), (90, 170, 90), (150, 90, 180)]
    for i, c in enumerate(colours):
        x = 70 + i * 70
        d.rectangle((x, 90, x + 60, 330), fill=c, outline=INK, width=3)
        d.rounded_rectangle((x, 290, x + 110, 370), radius=38, fill=c, outline=INK, width=3)
        d.rectangle((x + 3, 90, x + 57, 115), fill=(245, 245, 245))


def towel(d: ImageDraw.ImageDraw) -> None:
    for i, c in enumerate([(90, 160, 210), (240, 240, 235), (90, 160, 210)]):
        y = 330 - i * 90
        d.rounded_rectangle((90, y, 420, y + 85), radius=25, fill=c, outline=INK, width=4)
        d.line(
            (110, y + 20, 400, y + 20), fill=(40, 100, 160) if i != 1 else (90, 160, 210), width=6
        )
        d.line(
            (110, y + 65, 400, y + 65), fill=(40, 100, 160) if i != 1 else (90, 160, 210), width=6
        )


def honey(d: ImageDraw.ImageDraw) -> None:
    d.rounded_rectangle((140, 150, 370, 460), radius=50, fill=(230, 160, 30), outline=INK, width=5)
    d.rounded_rectangle((160, 170, 200, 430), radius=18, fill=(250, 200, 90))
    d.rounded_rectangle((160, 80, 350, 150), radius=14, fill=(200, 60, 40), outline=INK, width=4)
    d.rectangle((180, 260, 330, 360), fill=(250, 245, 225), outline=INK, width=3)
    cx, cy, r = 255, 310, 32
    hexagon = [
        (cx + r * math.cos(a * math.pi / 3), cy + r * math.sin(a * math.pi / 3)) for a in range(6)
    ]
    d.polygon(hexagon, fill=(230, 160, 30), outline=INK)


def notebook(d: ImageDraw.ImageDraw) -> None:
    d.rectangle((140, 60, 400, 460), fill=(40, 70, 130), outline=INK, width=5)
    d.rectangle((160, 75, 390, 445), fill=(250, 250, 245))
    for y in range(120, 440, 32):
        d.line((175, y, 375, y), fill=(150, 180, 220), width=3)
    d.line((205, 80, 205, 440), fill=(220, 120, 120), width=3)
    for y in range(85, 450, 40):
        d.ellipse((125, y, 165, y + 22), outline=(150, 150, 160), width=6)


def pens(d: ImageDraw.ImageDraw) -> None:
    colours = [
        (30, 30, 30),
        (40, 80, 200),
        (200, 40, 40),
        (40, 150, 70),
        (140, 60, 170),
        (240, 140, 30),
    ]
    for i, c in enumerate(colours):
        x = 110 + i * 55
        d.rounded_rectangle(
            (x, 100, x + 34, 400), radius=10, fill=(235, 235, 240), outline=INK, width=3
        )
        d.rounded_rectangle((x - 2, 70, x + 36, 190), radius=10, fill=c, outline=INK, width=3)
        d.rectangle((x + 30, 90, x + 40, 170), fill=c)
        d.polygon([(x, 400), (x + 34, 400), (x + 17, 450)], fill=(200, 200, 205), outline=INK)
        d.line((x + 17, 440, x + 17, 455), fill=c, width=5)


DRAWINGS = {
    "MAT-240": mat,
    "TAPE-01": tape,
    "CUP-350": cup,
    "TEA-100": tea,
    "CASE-P15": case,
    "CABLE-C1": cable,
    "BUDS-X2": buds,
    "SOCK-5P": socks,
    "TOWEL-M": towel,
    "HONEY-500": honey,
    "NOTE-A5": notebook,
    "PEN-12": pens,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for sku, draw in DRAWINGS.items():
        im, d = canvas()
        draw(d)
        small = im.resize((S // 2, S // 2), Image.Resampling.LANCZOS)
        small = small.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
        small.save(OUT / f"{sku}.png", optimize=True)
        print(OUT / f"{sku}.png")


if __name__ == "__main__":
    main()
