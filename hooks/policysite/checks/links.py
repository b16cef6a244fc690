"""Links to other sites: the reviewed list of trusted hosts, and the checks on published links.

The site links readers only to hosts on a reviewed list (``content/trusted-hosts.yml``), each
with the reason it can be trusted. A published link to any other host, to a bare IP address,
or over plain ``http://`` to a listed host (listed hosts serve ``https://``) is a warning,
with the file and line of the address, so a ``--strict`` build fails until it is fixed.

The host compared with the list is the one a browser goes to: the address is parsed by the
WHATWG URL Standard, as browsers parse it (the ``ada-url`` package, Python bindings of ada,
the parser Node.js uses), not by ``urllib``, which reads ``https://evil.example\\.gov.cn/`` as
a host under gov.cn where a browser opens evil.example. An address that a reader or a reviewer
would read as another host than the browser opens is an error: a backslash (read as ``/``), a
user name before ``@``, a host written in another form than the browser's (percent-encoded,
full-width letters, a number for an IP address), or a blank or control character.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ada_url import URL, idna_to_unicode

from ..content.problems import Problem, Severity

HOSTS_FILE = "content/trusted-hosts.yml"


@dataclass(frozen=True)
class TrustedHost:
    host: str
    publisher: str
    reason: str


@dataclass(frozen=True)
class TrustedHosts:
    file: str
    hosts: tuple[TrustedHost, ...]

    def find(self, host: str) -> TrustedHost | None:
        """The entry that covers ``host``: the same name, or a name it is a sub-domain of."""
        host = host.lower().rstrip(".")
        for entry in self.hosts:
            if host == entry.host or host.endswith("." + entry.host):
                return entry
        return None


@dataclass(frozen=True)
class PublishedLink:
    """An address the site shows as a link, and where it is written."""

    url: str
    file: str
    line: int
    key_path: str


def is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def check_links(links: Iterable[PublishedLink], trusted: TrustedHosts) -> list[Problem]:
    """An error for each published address a browser reads otherwise than it is written; a
    warning for each link to an unlisted host, a bare IP, or http:// to a listed host."""
    problems = []
    for link in links:
        parsed = browser_url(link.url)
        if isinstance(parsed, str):
            problems.append(Problem(link.file, link.line, link.key_path, parsed))
            continue
        message = _link_problem(parsed, trusted)
        if message:
            problems.append(Problem(link.file, link.line, link.key_path, message, Severity.WARNING))
    return problems


_CONTROL = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
)


def browser_url(url: str) -> URL | str:
    """``url`` parsed as browsers parse it (WHATWG), or why a reader would take it for another
    address than the one a browser opens."""
    try:
        parsed = URL(url)
    except ValueError:
        return f"expected a web address a browser can open, found '{url}'"
    host = parsed.hostname
    if "\\" in url:
        return f"backslash in the address: browsers read it as '/' and open '{host}'; write '/'"
    blank = _CONTROL.search(url)
    if blank:
        return (
            f"blank or invisible character U+{ord(blank.group()):04X} in the address (at its "
            f"character {blank.start() + 1}): browsers drop or encode it and open '{host}'; "
            "remove it"
        )
    written = written_host(url)
    if parsed.username or parsed.password:
        userinfo = url.partition("://")[2].rpartition("@")[0]
        return (
            f"user name '{userinfo}' before '@' in the address: browsers open '{host}'; "
            "remove the user name"
        )
    if written.lower() not in (host, idna_to_unicode(host)):
        return f"host written as '{written}', which browsers read as '{host}'; write '{host}'"
    return parsed


def written_host(url: str) -> str:
    """The host as the address spells it, between ``//`` (or the last ``@``) and the port or
    path: what a reader takes for the host."""
    authority = re.split(r"[/?#\\]", url.partition("://")[2], maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.rpartition(":")[0] if ":" in host else host


def _link_problem(parsed: URL, trusted: TrustedHosts) -> str | None:
    host = parsed.hostname.strip("[]")
    keep_copy = "; keep the address for editors as 'copy_url' (it is not published)"
    if is_ip_address(host):
        return f"link to a bare IP address ({host}); link to the publisher's named site{keep_copy}"
    if trusted.find(host) is None:
        return (
            f"link to '{host}', a host not on the reviewed list in {trusted.file}; link to "
            f"the original publisher{keep_copy}, or add the host to the list with the reason "
            "it can be trusted"
        )
    if parsed.protocol == "http:":
        return (
            f"plain http:// link to '{host}', a host on the reviewed list (listed hosts serve "
            "https://); write the address with https://"
        )
    return None
