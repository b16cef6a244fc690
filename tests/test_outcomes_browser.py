"""The indicator chart as readers get it in Chromium: laid out at phone and desktop widths in
light and dark mode (nothing overflows or overlaps, text at a readable size, axis in the page's
language), and printed (the PDF holds the chart's text, and its bars are drawn)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from policysite.render.hant import convert_plain

from .test_layout import printed_pages

pytestmark = pytest.mark.browser

PAGE = "/indicators/grp-growth/"
EDITIONS = {"zh": "", "en": "/en", "zh-Hant": "/zh-hant"}
AXIS = {"zh": "同比增长（%）", "en": "Growth, year on year (%)"}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}

MEASURE = """() => {
  const svg = document.querySelector('figure.bp-chart svg');
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            size: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a,
            fill: getComputedStyle(t).fill};
  });
  const bars = [...svg.querySelectorAll('rect')].map(r => getComputedStyle(r).fill);
  return {svg: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
          page: document.documentElement.scrollWidth, viewport: innerWidth, texts, bars,
          color: getComputedStyle(svg).color,
          background: getComputedStyle(document.body).backgroundColor};
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and (a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5)
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", list(EDITIONS))
def test_chart_layout(new_page: Callable[..., Any], lang: str, width: str, scheme: str) -> None:
    page = new_page(EDITIONS[lang] + PAGE, *WIDTHS[width], color_scheme=scheme)
    found = page.evaluate(MEASURE)
    assert found["page"] <= found["viewport"]  # nothing wider than the screen
    svg = found["svg"]
    assert svg["right"] <= found["viewport"]
    texts = found["texts"]
    for text in texts:  # inside the chart, readable, in the page's colour
        assert svg["left"] - 0.5 <= text["left"] and text["right"] <= svg["right"] + 0.5, text
        assert 12 <= text["size"] <= 20, text
        assert text["fill"] == found["color"], text
    clashes = [
        (a["text"], b["text"])
        for i, a in enumerate(texts)
        for b in texts[i + 1 :]
        if _overlap(a, b)
    ]
    assert clashes == []
    assert found["color"] != found["background"]
    axis = AXIS["en" if lang == "en" else "zh"]
    assert (convert_plain(axis) if lang == "zh-Hant" else axis) in [t["text"] for t in texts]
    assert len(set(found["bars"])) >= 2  # target, outcome and band are told apart


def _gray_pixels(pgm: bytes) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary PGM (pdftoppm -gray)."""
    header: list[bytes] = []
    position = 0
    while len(header) < 4:
        end = min(i for i in (pgm.find(b" ", position), pgm.find(b"\n", position)) if i >= 0)
        if end > position:
            header.append(pgm[position:end])
        position = end + 1
    return int(header[1]), int(header[2]), pgm[position:]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printed_page_shows_the_chart(
    new_page: Callable[..., Any], tmp_path: Path, lang: str
) -> None:
    page = new_page(EDITIONS[lang] + PAGE)
    pages = printed_pages(page, tmp_path)
    lines = [line for printed in pages for line in printed.lines]
    legend = ["目标", "实际"] if lang == "zh" else ["Target", "Outcome"]
    axis = AXIS[lang]
    layout = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "printed.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    header = "年份" if lang == "zh" else "Year"
    start = next(i for i, line in enumerate(layout.splitlines()) if line.split()[:1] == legend[:1])
    end = next(i for i, line in enumerate(layout.splitlines()) if line.startswith(header))
    chart = " ".join(layout.splitlines()[start:end]).split()
    target = ["4.8%左右"] if lang == "zh" else ["about", "4.8%"]
    assert (
        sorted(chart)
        == sorted(
            [  # in the order pdftotext finds them, which varies
                *legend[:1],
                legend[1],
                *(["视为达到目标的范围"] if lang == "zh" else ["counts", "as", "met"]),
                "2023",
                "—",
                "4.6%",
                "2024",
                *target,
                "5.5%",
                "0%",
                "2%",
                "4%",
                "6%",
                *axis.split(),
            ]
        )
    )
    top = next(line for line in lines if line.text == legend[0])
    bottom = next(line for line in lines if line.text == axis.replace(" ", ""))
    # the bars between legend and axis: dark pixels where the chart is drawn
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed (apt-get install poppler-utils)")
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "72",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "printed.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=120,
    )
    width, _, pixels = _gray_pixels(next(tmp_path.glob("page*.pgm")).read_bytes())
    rows = range(int(top.bottom) + 2, int(bottom.top) - 2)
    dark = sum(1 for y in rows for x in range(width) if pixels[y * width + x] < 160)
    assert dark > 500, dark  # bars, not just a few letters
