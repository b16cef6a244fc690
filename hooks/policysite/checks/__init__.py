"""Checks: what must hold of the content before anything is built.

Owns loading the whole site and running every check on it (``loader``): IDs, targets,
fidelity to the source text, staleness and coverage, the figures of each translation (read by
``numbers``, compared by ``figures``), the glossary, the house style, outside links and the
files in ``content/`` that the model does not read. It may import ``content`` only.
"""
