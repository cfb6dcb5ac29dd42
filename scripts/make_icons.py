"""Sammen's app icons: three people side by side (together), white on DKFDS blue."""

import sys
from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (0, 74, 135, 255)
WHITE = (255, 255, 255, 255)
GREEN = (68, 131, 30, 255)
out = Path(sys.argv[1])


def people(draw, cx, cy, scale):
    # three figures: the middle one in front and larger
    for dx, size, colour in ((-0.30, 0.80, WHITE), (0.30, 0.80, WHITE), (0.0, 1.0, GREEN)):
        x = cx + dx * scale
        head = 0.13 * scale * size
        hy = cy - 0.12 * scale * size
        body_w = 0.26 * scale * size
        body_top = cy + 0.06 * scale * size
        body_bottom = body_top + 0.42 * scale * size
        if colour is GREEN:
            # a white outline so the front figure stands out from the others
            pad = 0.03 * scale
            draw.ellipse(
                [x - head - pad, hy - head - pad, x + head + pad, hy + head + pad], fill=BLUE
            )
            draw.pieslice(
                [x - body_w - pad, body_top - pad, x + body_w + pad, body_bottom + pad],
                180,
                360,
                fill=BLUE,
            )
            colour = WHITE
        draw.ellipse([x - head, hy - head, x + head, hy + head], fill=colour)
        draw.pieslice([x - body_w, body_top, x + body_w, body_bottom], 180, 360, fill=colour)
    # a green line under them: the ground they share
    draw.rounded_rectangle(
        [cx - 0.42 * scale, cy + 0.30 * scale, cx + 0.42 * scale, cy + 0.36 * scale],
        radius=0.03 * scale,
        fill=(140, 200, 100, 255),
    )


def icon(size, maskable=False, rounded=True):
    big = size * 4
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if maskable or not rounded:
        d.rectangle([0, 0, big, big], fill=BLUE)
    else:
        d.rounded_rectangle([0, 0, big - 1, big - 1], radius=big * 0.18, fill=BLUE)
    # maskable: keep everything inside the central 80 % circle (the safe zone)
    scale = big * (0.55 if maskable else 0.78)
    people(d, big / 2, big / 2 - 0.02 * big, scale)
    return img.resize((size, size), Image.LANCZOS)


out.mkdir(parents=True, exist_ok=True)
icon(192).save(out / "icon-192.png", optimize=True)
icon(512).save(out / "icon-512.png", optimize=True)
icon(512, maskable=True).save(out / "icon-maskable-512.png", optimize=True)
icon(180, rounded=False).convert("RGB").save(out / "apple-touch-icon.png", optimize=True)
icon(32).save(out / "favicon-32.png", optimize=True)
