"""``robots.txt`` for each published site: allow everything and name the sitemaps."""

from __future__ import annotations

from collections.abc import Iterable


def robots_txt(site_url: str, sitemap_folders: Iterable[str] = ("",)) -> str:
    """The robots.txt of the site at ``site_url``, naming the sitemap of each folder under
    it (``""`` for the site itself, ``"en/"`` for the English site under the Chinese).

    Sitemap lines need absolute addresses, so without a site URL there are none.
    """
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        base = site_url.rstrip("/") + "/"
        lines.append("")
        lines += [f"Sitemap: {base}{folder}sitemap.xml" for folder in sitemap_folders]
    return "\n".join(lines) + "\n"
