"""Glossary sources a reader can trust: the publisher and date of every source, links only to
reviewed hosts (never a mirror, a bare IP or plain http://), and robots.txt per site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from policysite.checks.links import (
    HOSTS_FILE,
    TrustedHost,
    TrustedHosts,
    check_links,
    is_ip_address,
)
from policysite.checks.links import PublishedLink as Link
from policysite.checks.loader import _build_trusted_hosts, _load_valid, load_site
from policysite.content.model import Site
from policysite.content.problems import ContentError
from policysite.render.publish import robots_txt

from .conftest import REPO, ContentCopy, run_mkdocs_build

GLOSSARY = "content/glossary.yml"
REPORT = "content/reports/2024/report.yml"
SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default, used by the test build
LANG_ROOTS = {"zh": "", "en": "en/"}
NOT_ONLINE = {"zh": "网上未见原文", "en": "original not available online"}
COPY_ONLY = {"zh": "有出处（据转载）", "en": "Sourced (from a copy)"}
KEEP_COPY = "; keep the address for editors as 'copy_url' (it is not published)"


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(REPO).site


@pytest.fixture(scope="module")
def trusted() -> TrustedHosts:
    doc, problems = _load_valid(REPO / HOSTS_FILE, REPO, "trusted-hosts.schema.json")
    assert doc is not None and problems == []
    return _build_trusted_hosts(doc)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- the reviewed list and the rule ------------------------------------------------------

LISTED = TrustedHosts("hosts.yml", (TrustedHost("news.cn", "Xinhua", "state news agency"),))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.cn/a.htm", None),
        ("https://tj.news.cn/bhpd/c.htm", None),
        ("https://TJ.News.CN/c.htm", None),
        ("http://tj.news.cn/c.htm", "plain http:// link to 'tj.news.cn'"),
        ("https://fakenews.cn/c.htm", "link to 'fakenews.cn', a host not on the reviewed list"),
        ("https://news.cn.example.com/", "link to 'news.cn.example.com', a host not on"),
        ("http://m.dzag69.cn/news/1.html", "link to 'm.dzag69.cn', a host not on the"),
        ("http://49.213.3.36/doc/7.html", "link to a bare IP address (49.213.3.36)"),
        ("https://[2001:db8::1]/doc", "link to a bare IP address (2001:db8::1)"),
    ],
)
def test_link_rule(url: str, expected: str | None) -> None:
    problems = check_links([Link(url, "f.yml", 7, "k")], LISTED)
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].message.startswith(expected), problems
        assert problems[0].format().startswith("f.yml:7: warning: k: ")


def test_every_listed_host_has_a_reason_and_no_mirror_is_listed(trusted: TrustedHosts) -> None:
    assert len(trusted.hosts) >= 10
    for entry in trusted.hosts:
        assert entry.publisher and len(entry.reason) > 20, entry
        assert not is_ip_address(entry.host)
    hosts = {entry.host for entry in trusted.hosts}
    for named in ("gov.cn", "news.cn", "people.com.cn", "chinadaily.com.cn", "cgtn.com"):
        assert named in hosts
    for mirror in ("dzag69.cn", "pntghvj.cn", "wodebaidu123.com", "ji7.net", "universe3000.com",
                   "apscp.com", "fx361.cc", "tjuda.com", "tellerreport.com"):  # fmt: skip
        assert trusted.find(mirror) is None, mirror


# --- the real content ---------------------------------------------------------------------


def test_every_entry_has_a_dated_source_and_links_only_reviewed_hosts(
    site: Site, trusted: TrustedHosts
) -> None:
    assert site.glossary is not None
    linked = copies = 0
    for term in site.glossary.terms:
        assert any(s.publisher and s.date for s in term.sources), term.id
        for source in term.sources:
            if source.url:
                linked += 1
                parts = urlsplit(source.url)
                assert parts.scheme == "https" and trusted.find(parts.hostname or ""), source
            else:
                copies += 1
    assert linked >= 100 and copies >= 40  # measured: 110 linked, 63 not online


def test_entries_supported_only_by_copies_are_not_labelled_confirmed(site: Site) -> None:
    assert site.glossary is not None
    only_copies = {
        t.id: t.confidence for t in site.glossary.terms if not any(s.url for s in t.sources)
    }
    assert set(only_copies) >= {"spring-bamboo-shoots-action", "teda-msd", "hi-tech-zone"}
    assert "confirmed" not in only_copies.values(), only_copies


# --- the built site (both languages) --------------------------------------------------------


def outside_links(built: Path) -> list[tuple[str, str]]:
    """(page, href) of every link to a host other than the site's own, on every page."""
    own = urlsplit(SITE_URL).hostname
    found = []
    for page in sorted(built.rglob("*.html")):
        for anchor in soup(page).find_all("a", href=True):
            parts = urlsplit(anchor["href"])
            if (parts.scheme or parts.netloc) and parts.hostname != own:
                found.append((page.relative_to(built).as_posix(), anchor["href"]))
    return found


def test_outside_links_only_on_glossary_and_about_and_only_to_reviewed_hosts(
    built_site: Path, trusted: TrustedHosts
) -> None:
    links = outside_links(built_site)
    pages = {page for page, _ in links}
    sources = {"index.html", "2024/index.html", "2024/full/index.html"}  # the report's source
    linking = {"glossary/index.html", "2024/about/index.html", *sources}
    # the original of the 2023 outcomes' source (the commission's own site)
    linking |= {f"indicators/{page}/index.html" for page in ("grp-growth", "budget-revenue-growth")}
    assert pages == {f"{edition}{page}" for edition in ("", "en/", "zh-hant/") for page in linking}
    for page, href in links:  # the home page, the cover and the full text link only that
        if page.removeprefix("en/").removeprefix("zh-hant/") in sources:
            assert href == "https://tjbh.gov.cn/contents/13174/571918.html", (page, href)
    for page, href in links:
        parts = urlsplit(href)
        host = parts.hostname or ""
        assert parts.scheme == "https", (page, href)
        assert not is_ip_address(host), (page, href)
        assert trusted.find(host) is not None, (page, href)
    assert sum(page == "glossary/index.html" for page, _ in links) >= 100


def test_copies_are_never_published(built_site: Path, site: Site) -> None:
    assert site.glossary is not None
    copies = {s.copy_url for t in site.glossary.terms for s in t.sources if s.copy_url}
    assert len(copies) >= 40
    hosts = {urlsplit(url).hostname for url in copies} - {"hk1.crntt.com"}  # also an original
    for file in built_site.rglob("*"):
        if file.suffix in {".html", ".json", ".csv", ".xml", ".txt", ".js"}:
            text = file.read_text(encoding="utf-8", errors="replace")
            for host in hosts:
                assert f"//{host}" not in text, (file, host)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossary_page_shows_publisher_and_date_of_each_entry(
    built_site: Path, site: Site, lang: str
) -> None:
    assert site.glossary is not None
    page = soup(built_site / LANG_ROOTS[lang] / "glossary/index.html")
    # Each entry's sources wait in a <template> until the reader opens the entry: read them as
    # they show once opened.
    opened = str(page).replace("<template", "<div").replace("</template>", "</div>")
    page = BeautifulSoup(opened, "html.parser")
    for term in site.glossary.terms:
        heading = page.find(id=term.id)
        assert heading is not None, term.id
        items = heading.find_next("ul", class_="bp-gloss__sources").find_all("li", recursive=False)
        assert len(items) == len(term.sources), term.id
        for source, item in zip(term.sources, items, strict=True):
            text = item.get_text(" ", strip=True)
            assert text.startswith(f"{source.publisher}: {source.title}"), text
            assert (item.time is not None) == bool(source.date), text
            if source.date:
                assert item.time["datetime"] == source.date == item.time.get_text()
            link = item.find("a")
            assert (link["href"] if link else None) == source.url, text
            assert (NOT_ONLINE[lang] in text) == (source.url is None), text
        confidence = heading.find_next("dd", class_="bp-conf")
        if term.confidence == "confirmed-mirror":
            assert confidence.get_text(strip=True) == COPY_ONLY[lang], term.id


# --- planted cases: each a warning with its file and line ---------------------------------


def plant(copy: ContentCopy) -> list[str]:
    """Plant an unknown host, a bare IP and http:// to a listed host; the expected lines."""
    glossary = load_site(copy.root).site.glossary
    assert glossary is not None
    terms = {t.id: t for t in glossary.terms}
    copy.edit(
        GLOSSARY,
        'url: "https://www.chinadaily.com.cn/a/202112/09/WS61b1d1f8a310cdd39bc7a6a5.html"',
        'url: "https://m.dzag69.cn/news/20230516/151786.html"',
    )
    copy.edit(
        GLOSSARY,
        'copy_url: "http://49.213.3.36/doc/7_0_106608051_1.html"',
        'url: "http://49.213.3.36/doc/7_0_106608051_1.html"',
    )
    copy.edit(
        GLOSSARY,
        'url: "https://teda.gov.cn/contents/13/77491.html"',
        'url: "http://teda.gov.cn/contents/13/77491.html"',
    )
    copy.edit(REPORT, 'url: "https://tjbh.gov.cn/', 'url: "http://tjbh.gov.cn/')

    def key(term_id: str, address: str) -> str:
        term = terms[term_id]
        index = next(i for i, s in enumerate(term.sources) if address in (s.url, s.copy_url))
        return f"{term.origin.key_path}.sources[{index}].url"

    bincheng = key(
        "bincheng", "https://www.chinadaily.com.cn/a/202112/09/WS61b1d1f8a310cdd39bc7a6a5.html"
    )
    bamboo = key("spring-bamboo-shoots-action", "http://49.213.3.36/doc/7_0_106608051_1.html")
    san_xin = key("san-xin", "https://teda.gov.cn/contents/13/77491.html")
    line = copy.line_of
    return [
        f"{GLOSSARY}:{line(GLOSSARY, 'm.dzag69.cn')}: warning: {bincheng}: "
        f"link to 'm.dzag69.cn', a host not on the reviewed list in {HOSTS_FILE}; link to the "
        f"original publisher{KEEP_COPY}, or add the host to the list with the reason it can "
        "be trusted",
        f"{GLOSSARY}:{line(GLOSSARY, '49.213.3.36')}: warning: {bamboo}: "
        f"link to a bare IP address (49.213.3.36); link to the publisher's named site{KEEP_COPY}",
        f"{GLOSSARY}:{line(GLOSSARY, 'http://teda.gov.cn')}: warning: {san_xin}: "
        "plain http:// link to 'teda.gov.cn', a host on the reviewed list (listed hosts serve "
        "https://); write the address with https://",
        f"{REPORT}:{line(REPORT, 'http://tjbh.gov.cn')}: warning: source.url: plain http:// link "
        "to 'tjbh.gov.cn', a host on the reviewed list (listed hosts serve https://); write the "
        "address with https://",
    ]


def test_planted_links_each_give_a_warning_with_file_and_line(
    content_copy: ContentCopy,
) -> None:
    expected = plant(content_copy)
    assert sorted(content_copy.warnings()) == sorted(expected)


def test_check_prints_them_and_a_strict_build_fails_on_them(
    content_copy: ContentCopy, tmp_path: Path
) -> None:
    expected = plant(content_copy)
    check = subprocess.run(
        [sys.executable, str(REPO / "scripts/site.py"), "--root", str(content_copy.root), "check"],
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in check.stderr
    printed = check.stdout.splitlines()
    assert sorted(printed[:4]) == sorted(expected) and printed[4] == "4 warnings"
    build = run_mkdocs_build(content_copy.root, tmp_path / "site")
    assert build.returncode == 1
    for line in expected:
        assert line in build.stdout + build.stderr


def test_an_entry_without_a_dated_source_is_an_error(content_copy: ContentCopy) -> None:
    content_copy.edit(GLOSSARY, '        date: "2021-12-09"\n', "", count=2)
    content_copy.edit(GLOSSARY, '        date: "2023-05-29"\n', "")
    line = content_copy.line_of(GLOSSARY, "  - id: bincheng")
    with pytest.raises(ContentError) as caught:
        load_site(content_copy.root)
    assert [p.format() for p in caught.value.problems] == [
        f"{GLOSSARY}:{line}: terms[0].sources: expected at least one source with a publisher "
        "and a 'date', found none (readers are shown who published each source and when)"
    ]


# --- robots.txt ---------------------------------------------------------------------------


def test_robots_txt_names_the_sitemaps() -> None:
    assert robots_txt("https://bh.example.cn/", ("en/",)) == (
        "User-agent: *\nAllow: /\n\n"
        "Sitemap: https://bh.example.cn/sitemap.xml\n"
        "Sitemap: https://bh.example.cn/en/sitemap.xml\n"
    )
    assert robots_txt("") == "User-agent: *\nAllow: /\n"


@pytest.mark.parametrize(
    ("robots", "sitemaps"),
    [
        ("robots.txt", ["sitemap.xml", "zh-hant/sitemap.xml", "en/sitemap.xml"]),
        ("en/robots.txt", ["en/sitemap.xml"]),
        ("zh-hant/robots.txt", ["zh-hant/sitemap.xml"]),
    ],
)
def test_each_site_has_robots_txt_pointing_at_its_sitemap(
    built_site: Path, robots: str, sitemaps: list[str]
) -> None:
    lines = (built_site / robots).read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    named = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap: ")]
    assert named == [SITE_URL + path for path in sitemaps]
    for path in sitemaps:
        assert (built_site / path).is_file()


# --- addresses read as browsers read them (WHATWG) ------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://evil.example\\.gov.cn/x",
            "backslash in the address: browsers read it as '/' and open 'evil.example'; write '/'",
        ),
        (
            "https://news.cn@evil.example/",
            "user name 'news.cn' before '@' in the address: browsers open 'evil.example'; "
            "remove the user name",
        ),
        (
            "https://evil.example%2enews.cn/",
            "host written as 'evil.example%2enews.cn', which browsers read as "
            "'evil.example.news.cn'; write 'evil.example.news.cn'",
        ),
        (
            "https://evil.exa\tmple.news.cn/",
            "blank or invisible character U+0009 in the address (at its character 17): browsers "
            "drop or encode it and open 'evil.example.news.cn'; remove it",
        ),
        (
            "https://news.cn\u200b.evil.example/",
            "blank or invisible character U+200B in the address (at its character 16): browsers "
            "drop or encode it and open 'news.cn.evil.example'; remove it",
        ),
        (
            "https://ｎｅｗｓ.cn/",
            "host written as 'ｎｅｗｓ.cn', which browsers read as 'news.cn'; write 'news.cn'",
        ),
        (
            "https://0x7f.1/",
            "host written as '0x7f.1', which browsers read as '127.0.0.1'; write '127.0.0.1'",
        ),
        (
            "https:///evil.example/",
            "host written as '', which browsers read as 'evil.example'; write 'evil.example'",
        ),
    ],
)
def test_an_address_a_browser_reads_otherwise_is_an_error(url: str, expected: str) -> None:
    problems = check_links([Link(url, "f.yml", 7, "k")], LISTED)
    assert [p.format() for p in problems] == [f"f.yml:7: k: {expected}"]


@pytest.mark.parametrize(
    "url",
    ["https://NEWS.cn/a", "https://news.cn./a", "https://新闻.news.cn/", "https://news.cn:443/"],
)
def test_forms_browsers_read_as_written_pass(url: str) -> None:
    assert check_links([Link(url, "f.yml", 7, "k")], LISTED) == []


def test_deceptive_addresses_are_refused_by_check_and_the_build(
    content_copy: ContentCopy, tmp_path: Path
) -> None:
    """Each refused with its file and line by `check` and by the build, which leaves the
    published site as it was."""
    planted = {  # the address replaced, the deceptive one (single-quoted: backslash as typed)
        "https://tj.sina.com.cn/news/zhzx/2023-06-12/detail-imywzrpc5508859.shtml": (
            "https://evil.example\\.gov.cn/x"
        ),
        "https://www.tjbh.gov.cn/ZT/channels/16928.html": "https://tjbh.gov.cn@evil.example/",
        "https://scj.tjbh.gov.cn/contents/977/544405.html": "https://evil.example%2egov.cn/",
    }
    site = load_site(content_copy.root).site
    assert site.glossary is not None
    keys = {}
    for term in site.glossary.terms:
        for index, source in enumerate(term.sources):
            if source.url in planted:
                keys[source.url] = f"{term.origin.key_path}.sources[{index}].url"
    for old, new in planted.items():
        content_copy.edit(GLOSSARY, f'url: "{old}"', f"url: '{new}'")
    line = content_copy.line_of
    backslash, userinfo, encoded = (keys[address] for address in planted)
    expected = [
        f"{GLOSSARY}:{line(GLOSSARY, 'evil.example' + chr(92))}: {backslash}: "
        "backslash in the address: browsers read it as '/' and open 'evil.example'; write '/'",
        f"{GLOSSARY}:{line(GLOSSARY, 'tjbh.gov.cn@')}: {userinfo}: user name "
        "'tjbh.gov.cn' before '@' in the address: browsers open 'evil.example'; remove the "
        "user name",
        f"{GLOSSARY}:{line(GLOSSARY, '%2egov')}: {encoded}: host written as "
        "'evil.example%2egov.cn', which browsers read as 'evil.example.gov.cn'; write "
        "'evil.example.gov.cn'",
    ]
    check = subprocess.run(
        [sys.executable, str(REPO / "scripts/site.py"), "--root", str(content_copy.root), "check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert check.stderr.splitlines() == [*expected, "3 problems in 1 file"]
    published = tmp_path / "site"
    published.mkdir()
    (published / "index.html").write_text("the site as it was", encoding="utf-8")
    for strict in (True, False):  # errors: a plain build refuses them too
        build = run_mkdocs_build(content_copy.root, published, strict=strict)
        assert build.returncode == 1
        assert all(line in build.stderr for line in expected), build.stderr
        assert [p.name for p in published.iterdir()] == ["index.html"]
        assert (published / "index.html").read_text(encoding="utf-8") == "the site as it was"


def test_a_tab_in_an_address_is_refused_with_its_line(content_copy: ContentCopy) -> None:
    content_copy.edit(
        GLOSSARY,
        'url: "https://credit.tjbc.gov.cn/news/MzIvLjI"',
        'url: "https://evil.exa\\tmple.gov.cn/"',
    )
    line = content_copy.line_of(GLOSSARY, "evil.exa")
    problems = content_copy.problems()
    assert len(problems) == 1 and problems[0].startswith(f"{GLOSSARY}:{line}: terms[")
    assert problems[0].endswith(
        ".url: expected a web address starting with http:// or https://, found text "
        "('https://evil.exa\\tmple.gov.cn/')"  # the schema's message, the tab shown as \t
    )
