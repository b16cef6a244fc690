"""The W3C's Nu HTML Checker (vnu.jar) over the built site, offline.

vnu.jar comes from the npm package ``vnu-jar`` (installed once into a cache folder with npm;
or set VNU_JAR to a copy) and runs with Java (11 or later). The theme's own known error is
left out: Material puts ``autocomplete="off"`` on its checkbox toggles, which HTML allows only
on text-like inputs; it is harmless and outside this project.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

VNU_PACKAGE = "vnu-jar@26.9.27"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "policysite" / "vnu"
JAR_IN_PACKAGE = Path("node_modules/vnu-jar/build/dist/vnu.jar")
THEME_ERRORS = ("Attribute “autocomplete” is only allowed when the input type is",)
TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class HtmlError:
    file: str  # relative to the site folder
    line: int
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def vnu_jar() -> Path:
    """$VNU_JAR, else the npm package in the cache folder (installed on first use)."""
    configured = os.environ.get("VNU_JAR")
    if configured:
        return Path(configured)
    jar = CACHE / JAR_IN_PACKAGE
    if not jar.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("the W3C checker needs npm to fetch vnu-jar, or set VNU_JAR")
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(CACHE),
             VNU_PACKAGE],
            check=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )  # fmt: skip
    return jar


def check_site(site: Path) -> list[HtmlError]:
    """Every error the checker finds in the site's HTML pages, less the theme's known one."""
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("the W3C checker needs Java 11 or later (apt-get install default-jre)")
    result = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--errors-only", "--skip-non-html", "--format", "json",
         str(site)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )  # fmt: skip
    report = json.loads(result.stderr or result.stdout)
    root = site.resolve().as_uri().removeprefix("file://")
    errors = []
    for message in report.get("messages", []):
        text = str(message.get("message", ""))
        if message.get("type") != "error" or text.startswith(THEME_ERRORS):
            continue
        file = str(message.get("url", "")).removeprefix("file:").removeprefix(root + "/")
        errors.append(HtmlError(file, int(message.get("lastLine", 0)), text))
    return sorted(errors, key=lambda e: (e.file, e.line))
