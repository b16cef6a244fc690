"""Tools: what staff run to change content (``scripts/site.py`` wires them to commands).

Owns machine translation (``translate``, with ``masking`` and the ``providers``), importing a
new report (``importer``, ``outline``, ``slugs``) and stamping reviewed English (``stamp``).
Tools write YAML; they may import ``content`` and ``checks``, never ``render``.
"""
