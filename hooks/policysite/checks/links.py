"""Links to other sites: the reviewed list of trusted hosts, and the checks on published links.

The site links readers only to hosts on a reviewed list (``content/trusted-hosts.yml``), each
with the reason it can be trusted. A published link to any other host, to a bare IP address,
or over plain ``http://`` to a listed host (listed hosts serve ``https://``) is a warning,
with the file and line of the address, so a ``--strict`` build fails until it is fixed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

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
    """A warning for each published link to an unlisted host, a bare IP, or http:// to a
    listed host."""
    problems = []
    for link in links:
        message = _link_problem(link.url, trusted)
        if message:
            problems.append(Problem(link.file, link.line, link.key_path, message, Severity.WARNING))
    return problems


def _link_problem(url: str, trusted: TrustedHosts) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    keep_copy = "; keep the address for editors as 'copy_url' (it is not published)"
    if is_ip_address(host):
        return f"link to a bare IP address ({host}); link to the publisher's named site{keep_copy}"
    if trusted.find(host) is None:
        return (
            f"link to '{host}', a host not on the reviewed list in {trusted.file}; link to "
            f"the original publisher{keep_copy}, or add the host to the list with the reason "
            "it can be trusted"
        )
    if parts.scheme == "http":
        return (
            f"plain http:// link to '{host}', a host on the reviewed list (listed hosts serve "
            "https://); write the address with https://"
        )
    return None
