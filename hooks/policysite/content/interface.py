"""Where the interface wording is kept: ``strings.yml`` among the page templates.

The renderer shows it and the house-style check reads its English like any other text, so
its place is named here, below both of them (a path, not an import of the renderer)."""

from __future__ import annotations

from pathlib import Path

TEMPLATE_DIR = Path(__file__).parent.parent / "render" / "templates"
STRINGS_PATH = TEMPLATE_DIR / "strings.yml"
#: As problem lines name the file (relative to the repository).
STRINGS_FILE = "hooks/policysite/render/templates/strings.yml"
