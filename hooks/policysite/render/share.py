"""Share cards: the 1200×630 image and the words a chat app or a social site shows for a link.

Each page of each edition gets a PNG with its title in the edition's own script, the report's
name and the site's mark, drawn with Pillow in a font the project ships
(``fonts/``: subsets of Noto Sans CJK, SIL Open Font License, with only the glyphs the cards
need; ``python scripts/site.py share-font`` makes them again when titles change). Nothing is
fetched from anywhere. A card's file name carries a fingerprint of everything it shows, and
finished cards are kept in a cache folder outside the repository, so an unchanged page costs
nothing on the next build.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..content import layout
from .cache import kept
from .hant import HANT

CARD_SIZE = (1200, 630)
LAYOUT_VERSION = "5"  # change when the drawing or encoding changes: every card is drawn again
FONT_DIR = Path(__file__).parent / "fonts"
# Each edition's face: Simplified forms for the Chinese and English editions, Hong Kong forms
# for the Traditional one (its text is converted with OpenCC's s2hk).
FONT_FILES = {
    "zh": "NotoSansCJKsc-Bold-share.otf",
    "en": "NotoSansCJKsc-Bold-share.otf",
    HANT: "NotoSansCJKhk-Bold-share.otf",
}
FONT_SOURCES = {"NotoSansCJKsc-Bold-share.otf": 2, "NotoSansCJKhk-Bold-share.otf": 4}  # faces
SYSTEM_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")  # fonts-noto-cjk

PRIMARY = (159, 28, 28)  # the site's primary colour (site.css --md-primary-fg-color)
# A card is drawn in grey levels (Pillow's "L" mode) and published with a palette: each grey
# level is its own grey, except RED, the one level no grey of the card needs (the darkest is
# INK, and text is anti-aliased only against the paper, so no shade falls below it), which
# shows the primary colour. The file is exactly the picture an RGB drawing makes (compared pixel
# for pixel), in a third of the time and half the bytes (measured: 6 against 17 ms to draw and
# encode, 23 against 45 KB a card): Pillow filters a palette image's rows once, an RGB image's
# five ways each.
INK, MUTED, PAPER, RED = 26, 92, 255, 0
PALETTE = [*PRIMARY, *(channel for level in range(1, 256) for channel in (level,) * 3)]
MARGIN = 80
# Closing punctuation never starts a line, opening punctuation never ends one (Chinese rules
# for line breaking, as a reader expects them).
NO_LINE_START = set("，。、；：？！）》」』”’〉】,.;:?!)")
NO_LINE_END = set("（《「『“‘〈【(")


@dataclass(frozen=True)
class ShareCard:
    """What one page's card shows, and where it is published (relative to the edition)."""

    lang: str
    title: str
    subtitle: str
    site_name: str
    page: str  # the page's src_uri: 2024/targets.md

    @property
    def fingerprint(self) -> str:
        font = font_digest(FONT_FILES[self.lang])
        parts = (LAYOUT_VERSION, font, self.lang, self.title, self.subtitle, self.site_name)
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]

    @property
    def path(self) -> str:
        stem = self.page[: -len(".md")].replace("/", "-")
        stem = re.sub(r"-?index$", "", stem) or "home"
        return f"{layout.SHARE_DIR}/{stem}.{self.fingerprint}.png"

    @property
    def texts(self) -> tuple[str, str, str]:
        return (self.title, self.subtitle, self.site_name)


@cache
def font_digest(name: str) -> str:
    """A fingerprint of a shipped font (of its absence, while `share-font` first makes it)."""
    try:
        return hashlib.sha256((FONT_DIR / name).read_bytes()).hexdigest()[:12]
    except FileNotFoundError:
        return "none"


@cache
def font_characters(name: str) -> frozenset[str]:
    """The characters the shipped font can draw, as `share-font` listed them beside it (reading
    the font's own table would cost the build fontTools' import)."""
    try:
        return frozenset((FONT_DIR / name).with_suffix(".chars.txt").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return frozenset()


def missing_characters(card: ShareCard) -> list[str]:
    """Characters of the card's texts that its font lacks (they would show as empty boxes)."""
    have = font_characters(FONT_FILES[card.lang])
    wanted = {c for text in card.texts for c in text if not c.isspace()}
    return sorted(wanted - have)


def card_png(card: ShareCard) -> bytes:
    """The card's PNG: from the build cache (cache.py) when it was drawn before, else drawn
    (and kept)."""
    return kept("share", f"{card.fingerprint}.png", lambda: draw_card(card))


def share_files(cards: Iterable[ShareCard]) -> Iterator[tuple[str, bytes]]:
    """(path, PNG) for each card, once per path."""
    seen = set()
    for card in cards:
        if card.path not in seen:
            seen.add(card.path)
            yield card.path, card_png(card)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of ``text`` no wider than ``width``: English breaks between words, Chinese between
    characters, never before closing or after opening punctuation."""
    measure = font.getlength
    tokens = re.findall(r"[A-Za-z0-9][\w'’.,%+\-–/&]*[\s]*|\s+|.", text)
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line and measure((line + token).rstrip()) > width:
            carry = ""
            while line and (token[:1] in NO_LINE_START or line[-1] in NO_LINE_END):
                carry, line = line[-1] + carry, line[:-1]  # move a character down with it
                if token[:1] not in NO_LINE_START and (not line or line[-1] not in NO_LINE_END):
                    break
            lines.append(line.rstrip())
            line = carry + token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def fit(
    text: str, font_file: Path, sizes: tuple[int, ...], width: int, most: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which ``text`` fits in ``most`` lines (else the smallest, cut)."""
    for size in sizes:
        font = ImageFont.truetype(str(font_file), size)
        lines = wrap(text, font, width)
        if len(lines) <= most:
            return font, lines
    lines = lines[:most]
    lines[-1] = lines[-1].rstrip("，。、,. ")[:-1] + "…"
    return font, lines


def draw_mark(draw: ImageDraw.ImageDraw, left: int, top: int, size: int) -> None:
    """The site's mark (overrides/assets/images/favicon.svg, a 32-unit square) at ``size``."""
    scale = size / 32

    def at(x: float, y: float) -> tuple[float, float]:
        return (left + x * scale, top + y * scale)

    draw.rounded_rectangle([at(0, 0), at(32, 32)], radius=6 * scale, fill=RED)
    for x0, y0, x1 in ((9, 8, 12), (14, 6, 17), (19, 10, 22)):  # three buildings
        draw.rectangle([at(x0, y0), at(x1, 15)], fill=PAPER)
    # the water: a band between two waves, sampled along the favicon's curves
    upper = [at(6 + t, 20 - 2 * math.sin(math.pi * t / 8)) for t in range(0, 21)]
    lower = [at(26 - t, 22 + 1.5 * math.sin(math.pi * t / 8)) for t in range(0, 21)]
    draw.polygon(upper + lower, fill=PAPER)


def draw_card(card: ShareCard) -> bytes:
    subtitle = card.subtitle if card.subtitle != card.title else ""
    image = _background(card.lang, card.site_name, subtitle).copy()
    draw = ImageDraw.Draw(image)
    width = CARD_SIZE[0] - 2 * MARGIN
    font_file = FONT_DIR / FONT_FILES[card.lang]
    title_font, lines = fit(card.title, font_file, (72, 64, 56, 50, 44), width, 3)
    size = title_font.size
    top = 190 + (3 - len(lines)) * size * 0.35
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * size * 1.3), line, font=title_font, fill=INK)
    image.putpalette(PALETTE)  # "L" becomes "P": the same bytes, shown through PALETTE
    out = io.BytesIO()
    # zlib level 3, not Pillow's 6: faster, for a few per cent more bytes, which only a
    # platform showing a shared link fetches; optimize=True: a little smaller, 3x slower.
    # Run-length matching only (Z_RLE): a card is long runs of paper and ink, and encoding
    # took 1.9 instead of 2.8 ms a card for 2% more bytes (23.7 against 23.2 KB, 99 cards).
    image.save(out, format="PNG", compress_level=3, compress_type=zlib.Z_RLE)
    return out.getvalue()


@lru_cache(maxsize=16)
def _background(lang: str, site_name: str, subtitle: str) -> Image.Image:
    """Everything of a card but its title, the same on every card of an edition that names
    the same report: drawn once (the title's lines, above the subtitle, never reach it).
    Shared: a card draws on a copy."""
    font_file = FONT_DIR / FONT_FILES[lang]
    image = Image.new("L", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width = CARD_SIZE[0] - 2 * MARGIN
    draw.rectangle([0, 0, CARD_SIZE[0], 14], fill=RED)
    draw_mark(draw, MARGIN, 64, 72)
    site_font = ImageFont.truetype(str(font_file), 34)
    draw.text((MARGIN + 96, 100), site_name, font=site_font, fill=MUTED, anchor="lm")
    if subtitle:
        sub_font, sub_lines = fit(subtitle, font_file, (36, 32, 28), width, 1)
        draw.text((MARGIN, 538), sub_lines[0], font=sub_font, fill=MUTED, anchor="ls")
    draw.rectangle([MARGIN, 566, MARGIN + 120, 574], fill=RED)
    return image


def write_font_subsets(cards: Iterable[ShareCard], source: Path = SYSTEM_FONT) -> dict[str, int]:
    """Make the shipped fonts again from Noto Sans CJK (Debian's fonts-noto-cjk), with the
    glyphs ``cards`` need plus printable ASCII; returns each file's size in bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    wanted: dict[str, set[str]] = {
        name: set(map(chr, range(32, 127))) | {"…", "·", "—", "–"} for name in FONT_SOURCES
    }
    for card in cards:
        wanted[FONT_FILES[card.lang]].update(c for text in card.texts for c in text)
    sizes = {}
    for name, face in FONT_SOURCES.items():
        font = TTCollection(str(source)).fonts[face]
        font.recalcTimestamp = False  # the same input gives the same file
        options = subset.Options()
        options.name_IDs = ["*"]  # keep the copyright and licence records
        options.notdef_outline = True
        options.layout_features = ["kern", "palt", "locl", "vert"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(wanted[name])))
        subsetter.subset(font)
        target = FONT_DIR / name
        font.save(str(target))
        drawn = "".join(sorted(chr(code) for code in font.getBestCmap()))
        target.with_suffix(".chars.txt").write_text(drawn, encoding="utf-8")
        sizes[name] = target.stat().st_size
    font_digest.cache_clear()
    font_characters.cache_clear()
    return sizes
