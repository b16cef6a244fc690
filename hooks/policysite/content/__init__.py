"""Content: from the files under ``content/`` to the frozen model.

Owns reading YAML with line numbers (``yamlio``, ``rawtext``), the JSON Schemas' verdicts
(``schema``), the model (``model``) and its building from a loaded document (``build``), the
problem lines every stage reports (``problems``), how a tool reports a bug (``crash``), small
text rules (``textutil``), the glossary term matcher that checks, tools and pages share
(``terms``) and where the interface wording is kept (``interface``). It is the lowest layer:
it imports nothing else from ``policysite``.
"""
