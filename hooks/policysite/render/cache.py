"""The build's cache between runs, for the renderer: it lives in the content layer
(``content/cache.py``), whose glossary term scan keeps its results there too."""

from __future__ import annotations

from ..content.cache import cache_root, digest, keep, kept, names, read

__all__ = ["cache_root", "digest", "keep", "kept", "names", "read"]
